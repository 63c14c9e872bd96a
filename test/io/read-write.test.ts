import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { analyze, builtinProfile, type Settings } from '../../src/lib/core/index';
import { ReadError, readWorkbook } from '../../src/lib/io/read';
import { checkFile, correctedFile } from '../../src/lib/io/pipeline';
import { correctedFileName, csvBytes, csvText, reportFileName } from '../../src/lib/io/write';
import { plantedRoster } from '../../scripts/make-fixtures.mjs';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));
const settings: Settings = { hostProvince: '北京市', practical: false, today: '2026-11-22' };
const national = builtinProfile('national');

interface Planted { row: number; column: string; rule: string; fix: string | null }
const planted: Planted[] = plantedRoster().defects;

describe('reading', () => {
  for (const name of ['planted-defects.xlsx', 'planted-defects.xls', 'planted-defects-utf8-bom.csv', 'planted-defects-gbk.csv']) {
    it(`finds the header under title and instruction rows in ${name}`, () => {
      const { located, roster } = checkFile(fixture(name), national, settings);
      expect(located.headerRow + 1).toBe(3);
      expect(located.firstDataRow + 1).toBe(5);
      expect(Object.keys(located.columns)).toHaveLength(13);
      expect(located.unknown.map((u) => u.header)).toEqual(['备注']);
      // 60 rows, one of them the planted duplicate of another person.
      expect(roster.summary()).toMatchObject({ attendees: 59, rows: 60 });
    });
  }

  it('picks the roster sheet among other sheets and keeps its name', () => {
    const { located, workbook } = checkFile(fixture('planted-defects.xlsx'), national, settings);
    expect(workbook.sheets.map((s) => s.name)).toEqual(['填表说明', '学员名单']);
    expect(located.sheetName).toBe('学员名单');
  });

  it('decodes GBK without a BOM', () => {
    const wb = readWorkbook(fixture('clean-gbk.csv'));
    expect(wb.csv).toMatchObject({ encoding: 'gb18030', delimiter: ',' });
    expect(wb.sheets[0]?.rows[0]?.[1]).toBe('姓名');
  });

  it('reads tab- and semicolon-separated files', () => {
    expect(readWorkbook(fixture('clean-tab.csv')).csv?.delimiter).toBe('\t');
    expect(readWorkbook(fixture('clean-semicolon.csv')).csv?.delimiter).toBe(';');
    expect(checkFile(fixture('clean-semicolon.csv'), national, settings).roster.summary().errors).toBe(0);
  });

  it('records that an ID was stored as a number, with the text Excel shows', () => {
    const { roster } = checkFile(fixture('planted-defects.xlsx'), national, settings);
    const issue = roster.issues().find((i) => i.rule === 'id.scientific');
    expect(issue).toMatchObject({ row: 9, value: '1.10101E+17' });
  });

  it.each([
    ['empty.csv', 'empty'],
    ['corrupt-zip.xlsx', 'corrupt'],
    ['truncated.xlsx', 'corrupt'],
    ['pdf-renamed.xlsx', 'not-spreadsheet'],
  ])('refuses %s with a clear message', (name, kind) => {
    let err: unknown;
    try {
      readWorkbook(fixture(name));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ReadError);
    expect((err as ReadError).kind).toBe(kind);
    expect((err as ReadError).message).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('the planted roster', () => {
  for (const name of ['planted-defects.xlsx', 'planted-defects.xls', 'planted-defects-utf8-bom.csv']) {
    it(`reports every planted defect at its row and column in ${name}`, () => {
      const issues = checkFile(fixture(name), national, settings).roster.issues();
      for (const p of planted) {
        expect(issues, `${p.rule} at row ${p.row}`).toContainEqual(expect.objectContaining({ rule: p.rule, row: p.row, column: p.column, fix: p.fix }));
      }
    });
  }

  it('reports nothing on rows where nothing was planted', () => {
    const issues = checkFile(fixture('planted-defects.xlsx'), national, settings).roster.issues();
    const plantedRows = new Set(planted.map((p) => p.row));
    const stray = issues.filter((i) => i.row !== null && i.row > 4 && !plantedRows.has(i.row));
    expect(stray).toEqual([]);
  });

  it('reports nothing at all on the clean roster', () => {
    for (const name of ['clean.xlsx', 'clean-gbk.csv', 'clean-tab.csv']) {
      expect(checkFile(fixture(name), national, settings).roster.issues()).toEqual([]);
    }
  });
});

describe('writing the corrected file', () => {
  for (const name of ['planted-defects.xlsx', 'planted-defects.xls', 'planted-defects-gbk.csv']) {
    it(`re-checks clean of every fixable problem (${name})`, () => {
      const original = fixture(name);
      const checked = checkFile(original, national, settings);
      const before = checked.roster.issues();
      const fixable = before.filter((i) => i.fix !== null);
      expect(fixable.length).toBeGreaterThan(8);
      const out = correctedFile(original, checked);
      expect(out.ext).toBe(name.endsWith('.csv') ? 'csv' : name.endsWith('.xls') ? 'xls' : 'xlsx');
      expect(out.changed).toBe(fixable.length);
      const after = checkFile(out.bytes, national, settings).roster.issues();
      expect(after.filter((i) => i.fix !== null)).toEqual([]);
      // Everything that was not fixable is still reported, unchanged.
      const unfixable = (list: typeof before) => list.filter((i) => i.fix === null).map((i) => `${i.rule}@${i.row}:${i.column}`);
      expect(unfixable(after)).toEqual(unfixable(before).filter((k) => !k.startsWith('gender.mismatch@28')));
    });
  }

  it('keeps the layout: sheets, title rows, merges, header text and the extra column', () => {
    const original = fixture('planted-defects.xlsx');
    const out = correctedFile(original, checkFile(original, national, settings));
    const a = XLSX.read(original, { type: 'array' });
    const b = XLSX.read(out.bytes, { type: 'array' });
    expect(b.SheetNames).toEqual(a.SheetNames);
    const wa = a.Sheets['学员名单']!;
    const wb = b.Sheets['学员名单']!;
    expect(wb['!merges']).toEqual(wa['!merges']);
    expect(wb['!ref']).toBe(wa['!ref']);
    for (const addr of ['A1', 'A2', 'B3', 'E3', 'N3', 'N7', 'B4']) expect(wb[addr]?.v, addr).toEqual(wa[addr]?.v);
    expect(XLSX.utils.sheet_to_csv(b.Sheets['填表说明']!)).toBe(XLSX.utils.sheet_to_csv(a.Sheets['填表说明']!));
  });

  it('writes changed cells as text, and leaves an ID stored as a number as it was, still reported', () => {
    const original = fixture('planted-defects.xlsx');
    const checked = checkFile(original, national, settings);
    const out = correctedFile(original, checked);
    const before = XLSX.read(original, { type: 'array' }).Sheets['学员名单']!;
    const ws = XLSX.read(out.bytes, { type: 'array' }).Sheets['学员名单']!;
    for (const f of out.applied) {
      const col = XLSX.utils.encode_col(checked.located.columns[f.column]!);
      expect(ws[`${col}${f.row}`]).toMatchObject({ t: 's', v: f.to });
    }
    // The corrupt ID: the number it was (never the text "1.10101E+17"), and still an error.
    expect(before['E9']?.t).toBe('n');
    expect(ws['E9']).toMatchObject({ t: 'n', v: before['E9']?.v });
    const again = checkFile(out.bytes, national, settings).roster.issues();
    expect(again.some((i) => i.row === 9 && i.column === '证件号码' && i.severity === 'error')).toBe(true);
  });

  it('writes CSV as UTF-8 with a BOM', () => {
    const original = fixture('planted-defects-gbk.csv');
    const out = correctedFile(original, checkFile(original, national, settings));
    expect([...out.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(out.bytes)).toContain('副主任医师');
  });

  it('leaves a declined fix as it was', () => {
    const original = fixture('planted-defects.xlsx');
    const checked = checkFile(original, national, settings);
    const accepted = checked.roster.fixes().filter((f) => f.to !== '副主任医师');
    const out = correctedFile(original, checked, accepted);
    const again = checkFile(out.bytes, national, settings).roster.issues();
    expect(again.filter((i) => i.fix !== null)).toEqual([expect.objectContaining({ row: 13, value: '副主任医生', fix: '副主任医师' })]);
  });

  it('names the corrected file after the original', () => {
    expect(correctedFileName('2026年学员名单.xls', 'xlsx')).toBe('2026年学员名单-已校正.xlsx');
    expect(correctedFileName('名单.csv', 'csv')).toBe('名单-已校正.csv');
    expect(reportFileName('2026年学员名单.xls')).toBe('2026年学员名单-校验报告.xlsx');
  });
});

describe('round trip', () => {
  it('reads back the cells it wrote, unchanged', () => {
    const original = fixture('planted-defects.xlsx');
    const checked = checkFile(original, national, settings);
    const out = correctedFile(original, checked, []);
    expect(out.changed).toBe(0);
    const back = readWorkbook(out.bytes);
    const sheetBefore = checked.workbook.sheets[checked.located.sheetIndex]!;
    const sheetAfter = back.sheets.find((s) => s.name === checked.located.sheetName)!;
    expect(sheetAfter.rows).toEqual(sheetBefore.rows);
    const { located } = analyze(back, national, settings);
    expect(located.headerRow).toBe(checked.located.headerRow);
  });
});

describe('writing CSV', () => {
  it('writes a large roster in pieces that join into exactly the whole text, and reads back', () => {
    // About 5 MB, 2.5 million characters: three pieces of about a million characters.
    const rows = [['序号', '姓名', '备注'], ...Array.from({ length: 100_000 }, (_, i) => [String(i + 1), `张三${i}`, i % 7 ? '北京协和医院，"东院"' : '=1+1\n第二行'])];
    const bytes = csvBytes(rows);
    expect(csvText(rows).length).toBeGreaterThan(2 * 2 ** 20);
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).toBe(`\ufeff${csvText(rows)}`);
    expect(readWorkbook(bytes).sheets[0]?.rows).toEqual(rows);
  });
});
