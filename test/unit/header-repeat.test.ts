// Rule `header.repeat`: a header row pasted again below the header is one warning, not an attendee,
// and none of its cells is checked; editing the row keeps the result right.
import { describe, expect, it } from 'vitest';
import { HEADER, cellIssues, check, row } from './helpers';

const ID2 = '11010119900307002X';

describe('header.repeat', () => {
  it('flags a pasted header once, and counts no attendee for it', () => {
    const other = row({ 证件号码: ID2, 性别: '女', 工作单位: '河北医科大学第二医院', 单位所在省份: '河北省' });
    const { issues, summary } = check([row(), [...HEADER], other]);
    // The same roster without the pasted header: one warning fewer, every figure the same.
    const without = check([row(), ['', ...row().slice(1).map(() => '')], other]).summary;
    expect(issues.filter((i) => i.row === 3)).toEqual([
      { rule: 'header.repeat', severity: 'warning', row: 3, column: null, value: HEADER.join(' '), message: '这一行重复了表头，不计为学员，也不逐格检查；如是多粘贴的表头，请删去这一行', fix: null },
    ]);
    // Not one of the ordinary cell errors for that row.
    expect(cellIssues(issues).filter((i) => i.rule !== 'header.repeat')).toEqual([]);
    expect(summary).toMatchObject({ attendees: 2, rows: 2, outOfProvince: 1, share: 0.5, errors: 0, warnings: without.warnings + 1 });
    expect(summary.afterFixes).toEqual({ errors: 0, warnings: without.afterFixes.warnings + 1 });
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
    const base = roster.summary().warnings - 1;
    // The clerk types a person over the pasted header: an attendee, checked like the others.
    const person = row({ 证件号码: ID2, 性别: '女', 姓名: '李四' });
    person.forEach((v, c) => roster.setCell(2, c, v));
    expect(roster.summary()).toMatchObject({ attendees: 2, rows: 2, errors: 0 });
    expect(repeats()).toBe(0);
    expect(roster.rowIssues(2)).toEqual([]);
    // And back: the header pasted over the person again.
    HEADER.forEach((h, c) => roster.setCell(2, c, h));
    expect(roster.summary()).toMatchObject({ attendees: 1, rows: 1, warnings: base + 1, errors: 0 });
    expect(repeats()).toBe(1);
    // Emptied: nothing left to say.
    HEADER.forEach((_h, c) => roster.setCell(2, c, ''));
    expect(roster.summary()).toMatchObject({ attendees: 1, rows: 1, warnings: base });
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
