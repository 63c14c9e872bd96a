// One cell addressing (io/cells.ts): a sheet part whose rows or cells have no `r`, or come out of
// order, is given explicit addresses in order before anything reads it; the addresses are the
// ones SheetJS gives the part as it was (checked here on random parts), so the reading does not
// change, and the export patches the same part. The export is checked against the part it wrote.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { canonicalSheet, CellsError, verifyCells, WrongCellError } from '../../src/lib/io/cells';
import { readPackage } from '../../src/lib/io/package';
import { openPackage, readWorkbook } from '../../src/lib/io/read';
import { unzip, zipFile } from '../../scripts/zip.mjs';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const SHEET = 'xl/worksheets/sheet1.xml';
const col = (c: number) => {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};
const wrap = (rows: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`;

/** A workbook of SheetJS's own parts with `xml` as its one sheet. */
function book(xml: string): Uint8Array {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['x']]), 'S');
  const parts = unzip(new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer)) as { name: string; data: Uint8Array }[];
  return zipFile(parts.map((e) => (e.name === SHEET ? { name: SHEET, data: enc(xml) } : e))) as Uint8Array;
}

/** Every cell SheetJS reads from a workbook's first sheet, as "A1=value". */
function sheetJsCells(bytes: Uint8Array): string[] {
  const wb = XLSX.read(bytes, { type: 'array', dense: true });
  const ws = wb.Sheets[wb.SheetNames[0] as string] as XLSX.WorkSheet;
  const out: string[] = [];
  ((ws['!data'] ?? []) as (XLSX.CellObject | undefined)[][]).forEach((row, r) => row?.forEach((cell, c) => cell && out.push(`${col(c)}${r + 1}=${String(cell.v)}`)));
  return out.sort();
}

describe('canonical cell addresses', () => {
  it('gives every cell the address SheetJS gives it, whatever order and whichever r are left out', () => {
    // Rows of distinct cells (no row is empty: SheetJS numbers a row after an empty <row/> in two
    // ways, by its reading options); then rows shuffled, cells shuffled, r attributes dropped.
    const arb = fc.record({
      rows: fc.uniqueArray(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 12 }).chain((rows) =>
        fc.tuple(...rows.map((r) => fc.record({ r: fc.constant(r), cells: fc.uniqueArray(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 8 }), rowR: fc.boolean(), cellR: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }) }))),
      ),
      shuffleRows: fc.boolean(),
      shuffleCells: fc.boolean(),
      seed: fc.integer(),
    });
    fc.assert(
      fc.property(arb, ({ rows, shuffleRows, shuffleCells, seed }) => {
        let s = seed;
        const rand = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
        const order = <T,>(list: T[], on: boolean) => (on ? list.map((x) => [rand(), x] as const).sort((a, b) => a[0] - b[0]).map((p) => p[1]) : list.slice().sort());
        const sorted = rows.slice().sort((a, b) => a.r - b.r);
        const xml = wrap(
          (shuffleRows ? order(sorted, true) : sorted)
            .map((row) => {
              const cells = shuffleCells ? order(row.cells, true) : row.cells.slice().sort((a, b) => a - b);
              const body = cells.map((c, i) => `<c${row.cellR[i] ? ` r="${col(c)}${row.r + 1}"` : ''} t="inlineStr"><is><t>v${row.r}_${c}_${i}</t></is></c>`).join('');
              return `<row${row.rowR ? ` r="${row.r + 1}"` : ''}>${body}</row>`;
            })
            .join(''),
        );
        let canonical;
        try {
          canonical = canonicalSheet(enc(xml));
        } catch (e) {
          // Two cells at one address: refused (SheetJS would keep whichever came last).
          expect(e).toBeInstanceOf(CellsError);
          expect((e as CellsError).problem).toBe('repeated');
          return;
        }
        expect(sheetJsCells(book(dec(canonical.part)))).toEqual(sheetJsCells(book(xml)));
        // And the canonical part is canonical: the scanner leaves it as it is.
        expect(canonicalSheet(canonical.part).part).toBe(canonical.part);
      }),
      { numRuns: 150 },
    );
  });

  it('passes a sheet Excel or SheetJS wrote untouched, byte for byte', () => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['姓名', '证件号码'], ['张三', '110101199003070011'], [], ['李四', '']]), '名单');
    const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer);
    const raw = readPackage(bytes);
    const pkg = openPackage(bytes);
    for (const name of pkg.names) expect(pkg.parts.get(name), name).toEqual(raw.parts.get(name));
    expect(pkg.parts.get(SHEET)).toBe(pkg.parts.get(SHEET));
  });

  it('refuses a sheet that writes one cell twice, in one Chinese sentence', () => {
    const xml = wrap('<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row><row r="2"><c r="B2" t="inlineStr"><is><t>a</t></is></c><c r="B2" t="inlineStr"><is><t>b</t></is></c></row>');
    expect(() => readWorkbook(book(xml))).toThrow(/^工作表“S”中第 2 行第 2 列的单元格在文件里写了两次，无法确定以哪一个为准；请在 Excel 中打开并另存为 \.xlsx 后再试$/);
  });

  it('knows the master cells of shared and array formulas', () => {
    const xml = wrap('<row r="1"><c r="A1"><f t="shared" ref="A1:A3" si="0">ROW()</f><v>1</v></c><c r="B1"><f t="array" ref="B1:B2">C1:C2</f><v>1</v></c></row><row r="2"><c r="A2"><f t="shared" si="0"/><v>2</v></c></row>');
    expect(canonicalSheet(enc(xml)).masters).toEqual([[0, 0], [0, 1]]);
  });

  it('knows the numbers stored with digits lost, and the reader hands them and the masters on as cells no fix may change', () => {
    // A1: an ID typed as a number (18 digits: Excel kept 15); B1: exponent form; C1, D1: exact;
    // E1: the same digits as text; F1: a formula's master.
    const xml = wrap(
      '<row r="1"><c r="A1"><v>110101199003070000</v></c><c r="B1" t="n"><v>1.10101E+17</v></c><c r="C1"><v>13812345678</v></c><c r="D1"><v>0.5</v></c><c r="E1" t="str"><v>110101199003070000</v></c>' +
        '<c r="F1"><f t="shared" ref="F1:F2" si="0">C1</f><v>13812345678</v></c></row><row r="2"><c r="F2"><f t="shared" si="0"/><v>0</v></c></row>',
    );
    expect(canonicalSheet(enc(xml)).lossy).toEqual([[0, 0], [0, 1]]);
    const sheet = readWorkbook(book(xml)).sheets[0]!;
    expect([...(sheet.unwritable ?? new Map())].sort((x, y) => x[0] - y[0])).toEqual([
      [0, 'number'],
      [1, 'number'],
      [5, 'formula'],
    ]);
  });
});

describe('checking what the export wrote', () => {
  const before = enc(wrap('<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="inlineStr"><is><t>北京</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>b</t></is></c></row>'));
  const none = () => false;
  const zero = () => 0;

  it('counts a change as made only when its cell holds the new text', () => {
    const after = enc(wrap('<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="inlineStr"><is><t xml:space="preserve">北京市</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>b</t></is></c></row>'));
    const change = { r: 0, c: 1, value: '北京市' };
    expect(verifyCells(before, after, [change], none, zero)).toEqual({ landed: [change], missed: [] });
    // Not written: the cell is as it was, and the change is not claimed.
    expect(verifyCells(before, before, [change], none, zero)).toEqual({ landed: [], missed: [change] });
  });

  it('refuses an export in which a cell changed that was not to change', () => {
    const wrong = enc(wrap('<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="inlineStr"><is><t>北京市</t></is></c></row><row r="2"><c r="A2"/></row>'));
    expect(() => verifyCells(before, wrong, [{ r: 0, c: 1, value: '北京市' }], none, zero)).toThrow(WrongCellError);
    // A cell emptied, or one that appeared, is a wrong cell too.
    const gone = enc(wrap('<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="inlineStr"><is><t>北京市</t></is></c></row>'));
    expect(() => verifyCells(before, gone, [{ r: 0, c: 1, value: '北京市' }], none, zero)).toThrow(WrongCellError);
  });

  it('follows the rows below a deleted row up', () => {
    const after = enc(wrap('<row r="1"><c r="A1" t="inlineStr"><is><t>b</t></is></c></row>'));
    expect(verifyCells(before, after, [], (r) => r === 0, (r) => (r > 0 ? 1 : 0))).toEqual({ landed: [], missed: [] });
  });
});
