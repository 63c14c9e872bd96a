// Round trip of the corrected file: random rosters of awkward text, written by writeCorrected as
// .xlsx and as CSV, read back by readWorkbook: every cell identical. And safety: no exported cell is
// one a spreadsheet would run as a formula, and exporting the corrected file again changes nothing.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Papa from 'papaparse';
import * as XLSX from 'xlsx';
import { builtinProfile, locate, type Settings } from '../../src/lib/core/index';
import { isFormulaLike } from '../../src/lib/core/rules/formula';
import { escapeCsvFormula, readWorkbook, unescapeCsvFormula } from '../../src/lib/io/read';
import { checkFile, correctedFile } from '../../src/lib/io/pipeline';
import { csvText, writeCorrected } from '../../src/lib/io/write';
import { HEADER } from '../../scripts/synth.mjs';

const national = builtinProfile('national');
const settings: Settings = { hostProvince: '北京市', practical: false, today: '2026-11-22' };

/** Pieces of awkward text; a cell is up to four of them. */
const FRAGMENTS = [
  '', '0', '007', '0000123', '110101199003071234', '11010119900307123X', '123456789012345678901234567890', '1.10101E+17',
  '１２３', 'ＡＢＣ', '，', '\u3000', '\u00a0', '\u200b', '张三', '北京协和医院', '副主任医生',
  '😀', '👨‍👩‍👧', '🇨🇳', '\n', '\r', '\r\n',
  '=1+1', '=HYPERLINK("http://x","点我")', "+cmd|' /C calc'!A0", '-2+3', '@SUM(A1)', '+86 138 1234 5678', '-',
  "'", "'=1", "''+1", '"', '""', 'a"b', ',', ';', '\t', ' ', 'x',
  '&amp;', '&lt;b&gt;', '<b>', '_x000D_', '__proto__', '\ufeff',
];

/** Line breaks in .xlsx cells are LF, as Excel stores them (XML turns CR LF into LF). */
const forXlsx = (s: string) => s.replace(/\r/g, '');

const cell = (xlsx: boolean) => fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 4 }).map((parts) => (xlsx ? forXlsx(parts.join('')) : parts.join('')));

/** Data rows only: a header (and maybe a title row) goes above them. */
const dataRows = (xlsx: boolean, rows: number, cols: number) => fc.array(fc.array(cell(xlsx), { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows });

const shape = fc.record({ rows: fc.integer({ min: 1, max: 6 }), extra: fc.boolean(), title: fc.boolean() });

/** A roster before and after edits: each cell is either kept or replaced by new awkward text. */
const roster = (xlsx: boolean) =>
  shape.chain(({ rows, extra, title }) => {
    const cols = HEADER.length + (extra ? 1 : 0);
    const head: string[][] = [...(title ? [['2026年学员通讯录']] : []), extra ? [...HEADER, '备注'] : [...HEADER]];
    const keep = fc.array(fc.array(fc.boolean(), { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows });
    return fc
      .record({ before: dataRows(xlsx, rows, cols), edited: dataRows(xlsx, rows, cols), keep })
      .map(({ before, edited, keep: k }) => ({ head, before, after: edited.map((row, r) => row.map((v, c) => (k[r]?.[c] ? (before[r]?.[c] ?? '') : v))) }));
  });

/** Cells as a grid to compare: trailing empty cells and rows do not count. */
function grid(rows: readonly (readonly string[])[]): string[][] {
  const out = rows.map((r) => {
    const row = [...r];
    while (row.length && row[row.length - 1] === '') row.pop();
    return row;
  });
  while (out.length && out[out.length - 1]!.length === 0) out.pop();
  return out;
}

/**
 * The roster as Excel would save it: no cell at all where the text is empty (so blank rows are
 * missing rows), text as shared strings (see test/io/hostile.test.ts on SheetJS and t="str"), and
 * literal "_xHHHH_" text escaped as "_x005F_xHHHH_" (SheetJS does not).
 */
function xlsxOf(aoa: string[][]): Uint8Array {
  const wb = XLSX.utils.book_new();
  const escaped = aoa.map((row) => row.map((v) => (v === '' ? null : v.replace(/_(x[0-9a-fA-F]{4}_)/g, '_x005F_$1'))));
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(escaped), '学员名单');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx', bookSST: true }));
}

function csvOf(aoa: string[][], delimiter: string): Uint8Array {
  return new TextEncoder().encode(`\ufeff${csvText(aoa, delimiter)}`);
}

/** Every cell of every sheet as SheetJS sees it (type and value), for comparing two files. */
function rawCells(bytes: Uint8Array): Record<string, [string, unknown, string | undefined][][]> {
  const wb = XLSX.read(bytes, { type: 'array', dense: true, cellFormula: true });
  const out: Record<string, [string, unknown, string | undefined][][]> = {};
  for (const name of wb.SheetNames) {
    const data = (wb.Sheets[name]?.['!data'] ?? []) as (XLSX.CellObject | undefined)[][];
    // Array.from, not map: dense sheets have holes where there is no row or cell.
    out[name] = Array.from(data, (row) => Array.from(row ?? [], (c) => (c ? [c.t, c.v, c.f] : ['', undefined, undefined])));
  }
  return out;
}

describe('round trip through writeCorrected and readWorkbook', () => {
  it('.xlsx: every cell comes back as written, and no cell is a formula', () => {
    fc.assert(
      fc.property(roster(true), ({ head, before, after }) => {
        const source = xlsxOf([...head, ...before]);
        const workbook = readWorkbook(source);
        expect(grid(workbook.sheets[0]!.rows)).toEqual(grid([...head, ...before]));
        const located = locate(workbook, national);
        expect(located.headerRow).toBe(head.length - 1);
        const rows = [...head, ...after];
        const out = writeCorrected(source, workbook, located, rows);
        expect(out.ext).toBe('xlsx');
        const back = readWorkbook(out.bytes);
        expect(grid(back.sheets[0]!.rows)).toEqual(grid(rows));
        // Text cells only: "=1+1" is stored as text, never as a formula.
        for (const row of rawCells(out.bytes)['学员名单'] ?? []) {
          for (const [t, , f] of row) {
            expect(f).toBeUndefined();
            if (t) expect(t).toBe('s');
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('CSV: every cell comes back as written, and no cell a spreadsheet opens is a formula', () => {
    fc.assert(
      fc.property(roster(false), fc.constantFrom(',', '\t'), ({ head, before, after }, delimiter) => {
        const source = csvOf([...head, ...before], delimiter);
        const workbook = readWorkbook(source);
        expect(workbook.csv?.delimiter).toBe(delimiter);
        expect(grid(workbook.sheets[0]!.rows)).toEqual(grid([...head, ...before]));
        const located = locate(workbook, national);
        const rows = [...head, ...after];
        const out = writeCorrected(source, workbook, located, rows);
        expect(out.ext).toBe('csv');
        expect([...out.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
        const back = readWorkbook(out.bytes);
        expect(grid(back.sheets[0]!.rows)).toEqual(grid(rows));
        // As a spreadsheet program splits the file (no unescaping): no cell starts a formula.
        const text = new TextDecoder().decode(out.bytes.subarray(3));
        const cells = Papa.parse<string[]>(text, { delimiter, newline: '\r\n' }).data.flat();
        for (const c of cells) expect(isFormulaLike(c), JSON.stringify(c)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('exporting the corrected file again changes no cell', () => {
    fc.assert(
      fc.property(roster(true), fc.constantFrom('xlsx', 'csv'), ({ head, before, after }, kind) => {
        const cells = [...head, ...before];
        const source = kind === 'xlsx' ? xlsxOf(cells) : csvOf(cells, ',');
        const workbook = readWorkbook(source);
        const first = writeCorrected(source, workbook, locate(workbook, national), [...head, ...after]);
        const checked = checkFile(first.bytes, national, settings);
        const second = correctedFile(first.bytes, checked, []);
        expect(second.changed).toBe(0);
        if (kind === 'csv') expect(second.bytes).toEqual(first.bytes);
        else expect(rawCells(second.bytes)).toEqual(rawCells(first.bytes));
      }),
      { numRuns: 100 },
    );
  });

  it('writes a roster with a blank row and a <dimension> stretched to XFD1048576, quickly', () => {
    const row = (id: string, title: string) => ['1', '张三', '男', '居民身份证', id, '北京协和医院', '北京市', '否', title, '大学本科', '临床内科学', '13812345678', 'a@example.com'];
    const aoa: string[][] = [[...HEADER], row('110101199003071234', '副主任医生'), [], row('11010119900307123X', '主任医师')];
    // As some programs save it: formatting stretches the sheet's <dimension> over the whole grid.
    const zip = XLSX.CFB.read(xlsxOf(aoa), { type: 'array' });
    const at = zip.FullPaths.findIndex((p: string) => p.endsWith('sheet1.xml'));
    const xml = new TextDecoder().decode(zip.FileIndex[at].content).replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:XFD1048576"/>');
    zip.FileIndex[at].content = new TextEncoder().encode(xml);
    const source = new Uint8Array(XLSX.CFB.write(zip, { type: 'array', fileType: 'zip' }));
    // CPU time, not the wall clock (a loaded machine does not make it fail): walking the stretched
    // grid cell by cell would take minutes.
    const c0 = process.cpuUsage();
    const checked = checkFile(source, national, settings);
    const out = correctedFile(source, checked);
    const cpu = process.cpuUsage(c0);
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(5_000);
    expect(out.changed).toBe(1);
    // The <dimension> is the file's own (the export never rewrites what it does not change).
    const back = XLSX.read(out.bytes, { type: 'array' }).Sheets['学员名单']!;
    expect(back['!ref']).toBe('A1:XFD1048576');
    expect(grid(readWorkbook(out.bytes).sheets[0]!.rows)).toEqual(grid([aoa[0]!, row('110101199003071234', '副主任医师'), [], aoa[3]!]));
  });

  it('escapes formula-looking CSV text with one apostrophe, and takes exactly one off again', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS, "'", "''", '=', '+', '@'), { maxLength: 6 }).map((p) => p.join('')), (s) => {
        const escaped = escapeCsvFormula(s);
        expect(isFormulaLike(escaped)).toBe(false);
        expect('=+-@\t\r').not.toContain(escaped.charAt(0) || 'x');
        expect(unescapeCsvFormula(escaped)).toBe(s);
      }),
      { numRuns: 2000 },
    );
    expect(escapeCsvFormula('=1+1')).toBe("'=1+1");
    expect(escapeCsvFormula("'=1+1")).toBe("''=1+1");
    expect(escapeCsvFormula("'abc")).toBe("'abc");
    // A spreadsheet evaluates "+1-1" and "-2-3" too: every cell starting with + or - is escaped.
    expect(escapeCsvFormula('+1-1')).toBe("'+1-1");
    expect(escapeCsvFormula('-2-3')).toBe("'-2-3");
    expect(escapeCsvFormula('+86 138 1234 5678')).toBe("'+86 138 1234 5678");
    expect(unescapeCsvFormula("'+86 138 1234 5678")).toBe('+86 138 1234 5678');
  });

  it('a corrected CSV keeps a formula-looking cell as text, still reported', () => {
    const source = csvOf([[...HEADER], ['1', '=HYPERLINK("http://x","点我")', '男', '居民身份证', '11010119900307123X', '北京协和医院', '北京市', '否', '主任医师', '大学本科', '临床内科学', '13812345678', 'a@example.com']], ',');
    const checked = checkFile(source, national, settings);
    expect(checked.roster.issues().map((i) => i.rule)).toContain('cell.formula');
    const out = correctedFile(source, checked);
    expect(new TextDecoder().decode(out.bytes)).toContain(`'=HYPERLINK(""http://x"",""点我"")`);
    const again = checkFile(out.bytes, national, settings);
    expect(again.workbook.sheets[0]?.rows[1]?.[1]).toBe('=HYPERLINK("http://x","点我")');
    expect(again.roster.issues().map((i) => i.rule)).toContain('cell.formula');
  });
});
