import { describe, expect, it } from 'vitest';
import type { Issue } from '../../src/lib/core/types';
import type { RosterMeta } from '../../src/lib/worker/protocol';
import { encodeIssues } from '../../src/lib/core/issue-codec';
import { IssueStore, RosterView } from '../../src/lib/ui/roster.svelte';

const columns = ['序号', '姓名', '性别', '证件号码'].map((canonical, index) => ({ index, header: canonical, canonical }));
const meta = { firstDataRow: 1, rowCount: 6, columns } as unknown as RosterMeta;
const issue = (row: number, column: string): Issue => ({ rule: 'required', severity: 'error', row, column, value: '', message: '', fix: null });

/** Rows 2..5 (0-based 1..4); problems at row 2 姓名, row 2 证件号码, row 4 性别. */
function view() {
  const rows = [['序号', '姓名', '性别', '证件号码'], ['1', '', '男', ''], ['2', '乙', '女', 'x'], ['3', '丙', '', 'y'], ['4', '丁', '男', 'z'], ['5', '戊', '女', 'w']];
  const store = new IssueStore();
  store.add(encodeIssues([issue(2, '姓名'), issue(2, '证件号码'), issue(4, '性别')]));
  return new RosterView(meta, rows, store);
}

describe('the roster view', () => {
  it('walks the problems in reading order and wraps around', () => {
    const v = view();
    const all = () => true;
    expect(v.nextProblem(0, Number.MAX_SAFE_INTEGER, all)).toEqual({ r: 1, c: 1 });
    expect(v.nextProblem(1, 1, all)).toEqual({ r: 1, c: 3 });
    expect(v.nextProblem(1, 3, all)).toEqual({ r: 3, c: 2 });
    expect(v.nextProblem(3, 2, all)).toEqual({ r: 1, c: 1 });
  });

  it('skips rows a filter hides', () => {
    expect(view().nextProblem(0, Number.MAX_SAFE_INTEGER, (r) => r !== 1)).toEqual({ r: 3, c: 2 });
  });

  it('has no next problem in a clean roster', () => {
    const v = new RosterView(meta, [['序号'], ['1']], new IssueStore());
    expect(v.nextProblem(1, 0, () => true)).toBeNull();
  });

  it('reads cells and issues as they are after an edit, and lists problem rows', () => {
    const v = view();
    v.setCell(3, 2, '女');
    v.setIssues([3], encodeIssues([]));
    expect(v.cell(3, 2)).toBe('女');
    expect(v.issuesOf(3)).toEqual([]);
    expect(v.problemRows()).toEqual([1]);
    expect(v.rowsWhere((_r, cells) => cells.includes('女'))).toEqual([2, 3, 5]);
  });

  it('shows a deleted row as gone: rows below are numbered one less, and filters, problems and printing skip it', () => {
    const v = view();
    v.setDeleted(2, true);
    expect(v.dataRows()).toEqual([1, 3, 4, 5]);
    expect([v.excelRow(1), v.excelRow(3), v.excelRow(5)]).toEqual([2, 3, 5]);
    expect(v.rowsWhere(() => true)).toEqual([1, 3, 4, 5]);
    expect(v.deletedCount).toBe(1);
    v.setDeleted(1, true);
    // The deleted row's issues are cleared by the engine's answer; until then it is not a problem row.
    expect(v.problemRows()).toEqual([3]);
    expect([...v.allRowIssues()].map((i) => i.row)).toEqual([2]);
    v.setDeleted(2, false);
    expect(v.excelRow(3)).toBe(3);
    expect(v.dataRows()).toEqual([2, 3, 4, 5]);
  });

  it('starts with the deletions the engine reports (a reload of saved work)', () => {
    const rows = [['序号'], ['1'], ['2'], ['3']];
    const v = new RosterView({ ...meta, rowCount: 4, deleted: [1] } as RosterMeta, rows, new IssueStore());
    expect(v.dataRows()).toEqual([2, 3]);
    expect(v.excelRow(3)).toBe(3);
  });
});
