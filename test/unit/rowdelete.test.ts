import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HEADER, check, row } from './helpers';

const ID = HEADER.indexOf('证件号码');

/** Run a property; on failure the counterexample shows in the diff. */
function holds<T>(prop: fc.IProperty<T>, params?: fc.Parameters<T>): void {
  const run = fc.check(prop, params);
  const error = run.failed ? String(run.errorInstance).slice(0, 2000) : null;
  expect({ failed: run.failed, counterexample: run.failed ? run.counterexample : null, error }).toEqual({ failed: false, counterexample: null, error: null });
}

describe('deleting a row', () => {
  it('ends a duplicate pair: the remaining row is no longer a duplicate, and people and errors drop', () => {
    const { roster, summary } = check([row(), row({ 姓名: '李四' }), row({ 证件号码: '11010119900307002X', 性别: '女' })]);
    expect(summary.attendees).toBe(2);
    expect(summary.rows).toBe(3);
    expect(roster.rowIssues(2).map((i) => i.rule)).toEqual(['id.duplicate']);
    roster.deleteRow(1);
    const after = roster.summary();
    expect(after.rows).toBe(2);
    expect(after.attendees).toBe(2);
    expect(after.errors).toBe(summary.errors - 2);
    expect(after.afterFixes.errors).toBe(summary.afterFixes.errors - 2);
    expect(roster.rowIssues(2)).toEqual([]);
    expect(roster.issues().filter((i) => i.row !== null)).toEqual([]);
    expect(roster.isDeleted(1)).toBe(true);
  });

  it('numbers the rows below as the exported file does, in duplicate messages too', () => {
    // Rows 3 and 5 (Excel) share an ID; deleting Excel row 2 makes them 2 and 4.
    const { roster } = check([row({ 证件号码: '11010119900307002X', 性别: '女' }), row(), row({ 证件号码: '110101199003070038' }), row({ 姓名: '李四' })]);
    roster.deleteRow(1);
    const dups = roster.issues().filter((i) => i.rule === 'id.duplicate');
    expect(dups.map((i) => [i.row, i.message])).toEqual([
      [2, '证件号码与第 4 行重复：同一学员只能出现一次'],
      [4, '证件号码与第 2 行重复：同一学员只能出现一次'],
    ]);
    // The page's view of a row keeps the sheet row it was read as (its key), with the message renumbered.
    expect(roster.rowIssues(4).map((i) => [i.row, i.message])).toEqual([[5, '证件号码与第 2 行重复：同一学员只能出现一次']]);
    expect(roster.exportedRow(4)).toBe(4);
    expect(roster.exportedRow(0)).toBe(1);
  });

  it('comes back with restoreRow, as it was, edits included', () => {
    const rows = [row(), row({ 姓名: '李四', 职称: '副主任医生' }), row({ 证件号码: '11010119900307002X', 性别: '女' })];
    const { roster, issues, summary } = check(rows);
    roster.deleteRow(2);
    roster.setCell(2, ID, '110101199003070038');
    roster.restoreRow(2);
    roster.setCell(2, ID, rows[1]?.[ID] as string);
    expect(roster.issues()).toEqual(issues);
    expect(roster.summary()).toEqual(summary);
  });

  it('refuses the header row', () => {
    const { roster } = check([row()]);
    expect(() => roster.deleteRow(0)).toThrow(RangeError);
  });

  // The same small value sets as the edit properties: IDs repeat, rows empty out, fixes abound.
  const VALUES: Record<string, string[]> = {
    姓名: ['张三', '李四', '', 'A'],
    性别: ['男', '女', ''],
    证件号码: ['110101199003070011', '11010119900307002X', '110101199003070012', '', '110101900307001'],
    工作单位: ['北京协和医院', '某某镇卫生院', ''],
    单位所在省份: ['北京市', '河北省', '北京', ''],
    是否基层单位: ['是', '否', ''],
    职称: ['主治医师', '副主任医生', '中级'],
  };
  const columns = Object.keys(VALUES);
  const rosterRow = fc.record(Object.fromEntries(columns.map((c) => [c, fc.constantFrom(...(VALUES[c] as string[]))])) as Record<string, fc.Arbitrary<string>>).map((p) => row(p));
  const step = fc.oneof(
    fc.record({ del: fc.nat() }),
    fc.record({ restore: fc.nat() }),
    fc.integer({ min: 0, max: columns.length - 1 }).chain((ci) => fc.record({ r: fc.nat(), column: fc.constant(columns[ci] as string), value: fc.constantFrom(...(VALUES[columns[ci] as string] as string[])) })),
  );

  it('after any deletions, restores and edits, the roster says what a fresh check of the rows left says', () => {
    holds(
      fc.property(fc.array(rosterRow, { minLength: 1, maxLength: 10 }), fc.array(step, { maxLength: 14 }), (rows, steps) => {
        const a = check(rows).roster;
        const b = check(rows, { retainIssues: false }).roster;
        for (const s of steps) {
          for (const x of [a, b]) {
            if ('del' in s) x.deleteRow(1 + (s.del % rows.length));
            else if ('restore' in s) x.restoreRow(1 + (s.restore % rows.length));
            else x.setCell(1 + (s.r % rows.length), HEADER.indexOf(s.column), s.value);
          }
        }
        const left = (a.table().slice(1) as string[][]).filter((_, i) => !a.isDeleted(i + 1));
        const fresh = check(left);
        expect(a.issues()).toEqual(fresh.issues);
        expect(b.issues()).toEqual(fresh.issues);
        expect(a.summary()).toEqual(fresh.summary);
        expect(b.summary()).toEqual(fresh.summary);
        expect(a.provinceCounts()).toEqual(fresh.roster.provinceCounts());
        // The chart's row-by-row tally (the page updates it per edit) agrees with the fresh check too.
        const tally = a.provinceTally();
        const freshTally = fresh.roster.provinceTally();
        expect(tally.counts).toEqual(freshTally.counts);
        // Row by row, each kept row says what its exported row says (its own sheet row kept as its key).
        for (let r = 1; r <= rows.length; r++) {
          if (a.isDeleted(r)) {
            expect(a.rowIssues(r)).toEqual([]);
            expect(tally.perRow[r]).toBeNull();
            continue;
          }
          const to = a.exportedRow(r) - 1;
          expect(tally.perRow[r]).toBe(freshTally.perRow[to]);
          const shifted = fresh.roster.rowIssues(to).map((i) => ({ ...i, row: r + 1 }));
          expect(a.rowIssues(r)).toEqual(shifted);
          expect(b.rowIssues(r)).toEqual(shifted);
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});
