// Rule `header.repeat`: a header row pasted again below the header is one error, not an attendee,
// and none of its cells is checked; its fix is the row's deletion (accepted unless declined);
// editing the row keeps the result right.
import { describe, expect, it } from 'vitest';
import { HEADER, cellIssues, check, row } from './helpers';
import { ROW_COLUMN } from '../../src/lib/core/types';

const ID2 = '11010119900307002X';

describe('header.repeat', () => {
  it('flags a pasted header once as an error whose fix deletes the row, and counts no attendee for it', () => {
    const other = row({ 证件号码: ID2, 性别: '女', 工作单位: '河北医科大学第二医院', 单位所在省份: '河北省' });
    const { issues, summary } = check([row(), [...HEADER], other]);
    // The same roster without the pasted header: one error fewer, every figure the same.
    const without = check([row(), ['', ...row().slice(1).map(() => '')], other]).summary;
    expect(issues.filter((i) => i.row === 3)).toEqual([
      { rule: 'header.repeat', severity: 'error', row: 3, column: null, value: HEADER.join(' '), message: '这一行重复了表头，上传时会被当作一名学员：校正文件将删去这一行（如要保留，请不采用这项修正）', fix: '' },
    ]);
    // Not one of the ordinary cell errors for that row.
    expect(cellIssues(issues).filter((i) => i.rule !== 'header.repeat')).toEqual([]);
    expect(summary).toMatchObject({ attendees: 2, rows: 2, outOfProvince: 1, share: 0.5, errors: 1, warnings: without.warnings });
    // The deletion is accepted: the exported roster is the one without the pasted header.
    expect(summary.afterFixes).toEqual(without.afterFixes);
  });

  it('proposes the deletion, accepted by default, which the user can decline and accept again', () => {
    const other = row({ 证件号码: ID2, 性别: '女' });
    const { roster } = check([row(), [...HEADER], other]);
    expect(roster.proposedDeletions()).toEqual([{ row: 3, from: HEADER.join(' '), reason: '这一行重复了表头，上传时会被当作一名学员：校正文件将删去这一行（如要保留，请不采用这项修正）' }]);
    expect(roster.exportedDeletions()).toEqual([2]);
    roster.declineFix(2, ROW_COLUMN);
    expect(roster.isDeclined(2, ROW_COLUMN)).toBe(true);
    expect(roster.exportedDeletions()).toEqual([]);
    expect(roster.summary().afterFixes.errors).toBe(1);
    roster.acceptFix(2, ROW_COLUMN);
    expect(roster.exportedDeletions()).toEqual([2]);
    expect(roster.summary().afterFixes.errors).toBe(0);
    // The user's own deletions are exported with it; a cell fix stays a cell fix.
    roster.deleteRow(3);
    expect(roster.exportedDeletions()).toEqual([2, 3]);
    expect(roster.fixes()).toEqual([]);
  });

  it('finds a header repeated with spaces around its texts, or with only some columns', () => {
    const spaced = HEADER.map((h) => ` ${h}\u3000`);
    const partial = HEADER.map((h, i) => (i < 5 ? h : ''));
    const { issues, summary } = check([row(), spaced, partial]);
    expect(issues.filter((i) => i.rule === 'header.repeat').map((i) => i.row)).toEqual([3, 4]);
    expect(summary.rows).toBe(1);
  });

  it('does not take a person for a header because one cell looks like one', () => {
    // A unit called 工作单位 is odd, but the rest of the row is a person.
    const { issues, summary } = check([row({ 工作单位: '工作单位' })]);
    expect(issues.map((i) => i.rule)).not.toContain('header.repeat');
    expect(summary.attendees).toBe(1);
  });

  it('moves up with the rows when a row above is deleted, and goes when the pasted header itself is deleted', () => {
    const other = row({ 证件号码: ID2 });
    const { roster } = check([row(), other, [...HEADER]]);
    const repeats = () => roster.issues().filter((i) => i.rule === 'header.repeat').map((i) => i.row);
    expect(repeats()).toEqual([4]);
    roster.deleteRow(2);
    expect(repeats()).toEqual([3]);
    roster.deleteRow(3);
    expect(repeats()).toEqual([]);
    roster.restoreRow(3);
    expect(repeats()).toEqual([3]);
  });

  it('follows edits of that row both ways', () => {
    const { roster } = check([row(), [...HEADER]]);
    const repeats = () => roster.issues().filter((i) => i.rule === 'header.repeat').length;
    expect(roster.summary()).toMatchObject({ attendees: 1, rows: 1 });
    expect(repeats()).toBe(1);
    const base = roster.summary().errors - 1;
    // The clerk types a person over the pasted header: an attendee, checked like the others.
    const person = row({ 证件号码: ID2, 性别: '女', 姓名: '李四' });
    person.forEach((v, c) => roster.setCell(2, c, v));
    expect(roster.summary()).toMatchObject({ attendees: 2, rows: 2, errors: 0 });
    expect(repeats()).toBe(0);
    expect(roster.rowIssues(2)).toEqual([]);
    // And back: the header pasted over the person again.
    HEADER.forEach((h, c) => roster.setCell(2, c, h));
    expect(roster.summary()).toMatchObject({ attendees: 1, rows: 1, errors: base + 1 });
    expect(repeats()).toBe(1);
    // Emptied: nothing left to say.
    HEADER.forEach((_h, c) => roster.setCell(2, c, ''));
    expect(roster.summary()).toMatchObject({ attendees: 1, rows: 1, errors: base });
    expect(repeats()).toBe(0);
  });

  it('counts the same with or without retained issues', () => {
    const rows = [row(), [...HEADER], row({ 证件号码: ID2, 性别: '女' }), [...HEADER]];
    const a = check(rows, { retainIssues: true });
    const b = check(rows, { retainIssues: false });
    expect(b.summary).toEqual(a.summary);
    expect(b.issues).toEqual(a.issues);
    expect(a.issues.filter((i) => i.rule === 'header.repeat').map((i) => i.row)).toEqual([3, 5]);
  });
});
