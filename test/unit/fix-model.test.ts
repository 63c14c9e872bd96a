// The fix model beyond one data cell: fixes the writer will refuse (known when the file is read)
// are listed but never promised, and a header cell's fix is applied like a data cell's.
import { describe, expect, it } from 'vitest';
import { HEADER, row, workbook } from './helpers';
import { analyze, applyFixes, builtinProfile, cellKey, type Settings, type Unwritable } from '../../src/lib/core/index';

const TITLE = HEADER.indexOf('职称');
const settings: Settings = { hostProvince: '北京市', practical: false, today: '2026-11-22' };

function roster(rows: string[][], unwritable: [number, number, Unwritable][] = []) {
  const wb = workbook([HEADER, ...rows]);
  const sheet = wb.sheets[0]!;
  if (unwritable.length) sheet.unwritable = new Map(unwritable.map(([r, c, why]) => [cellKey(r, c), why]));
  return analyze(wb, builtinProfile('national'), settings);
}

describe('fixes the writer will refuse', () => {
  it('are listed as refused, and the roster as exported keeps their error', () => {
    const slip = [row({ 职称: '副主任医生' }), row({ 证件号码: '11010119900307002X', 性别: '女', 职称: '副主任医生' })];
    const plain = roster(slip).roster;
    expect(plain.summary().afterFixes.errors).toBe(0);
    const { roster: r } = roster(slip, [[1, TITLE, 'formula']]);
    expect(r.summary().errors).toBe(2);
    // The formula's master keeps its slip: one error left after the fixes, not zero.
    expect(r.summary().afterFixes.errors).toBe(1);
    expect(r.fixes().map((f) => [f.row, f.refused])).toEqual([[2, 'formula'], [3, undefined]]);
  });

  it('are shown without their fix, saying why, and are not among the fixes the export makes', () => {
    const { roster: r } = roster([row({ 职称: '副主任医生' })], [[1, TITLE, 'formula']]);
    expect(r.rowIssues(1)).toEqual([expect.objectContaining({ column: '职称', fix: null, message: expect.stringContaining('该单元格是公式，请在 Excel 中修改') })]);
    expect(r.issues().filter((i) => i.row === 2)).toEqual(r.rowIssues(1));
    expect(r.acceptedFixList()).toEqual([]);
    // A formula's master stays refused after an edit (the writer never changes it).
    r.setCell(1, TITLE, '副主任医生 ');
    expect(r.fixes()[0]?.refused).toBe('formula');
    expect(r.summary().afterFixes.errors).toBe(1);
  });

  it('are written again once the user edits the cell (the edit replaces what was read)', () => {
    const { roster: r } = roster([row({ 职称: '副主任医生' })], [[1, TITLE, 'number']]);
    expect(r.summary().afterFixes.errors).toBe(1);
    r.setCell(1, TITLE, '主治');
    expect(r.summary().afterFixes.errors).toBe(0);
    expect(r.fixes()[0]?.refused).toBeUndefined();
  });
});

describe('a header cell fix', () => {
  it('is applied to the header row', () => {
    const { located } = roster([row()]);
    const sheet = workbook([HEADER, row()]).sheets[0]!;
    const header = { row: located.headerRow + 1, column: '职称', from: '职称', to: '职称（填写）', reason: '' };
    const out = applyFixes(sheet, located, [header]);
    expect(out.sheet.rows[located.headerRow]?.[TITLE]).toBe('职称（填写）');
    expect(out.skipped).toEqual([]);
  });
});
