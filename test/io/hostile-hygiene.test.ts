// The text-hygiene and pasted-roster files of the hostile corpus (scripts/hostile-hygiene.mjs) and
// the .xls hyperlink records over the whole sheet (scripts/hostile-budgets.mjs), read and checked
// in process as the command line and the page read them (test/io/hostile.test.ts runs every file
// through the built command line, test/e2e/hostile.spec.ts through the page).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { builtinProfile, type Settings } from '../../src/lib/core/index';
import { MAX_LINK_AREA, readWorkbook, sheetJsBytes } from '../../src/lib/io/read';
import { checkFile, correctedFile } from '../../src/lib/io/pipeline';
import { HIDDEN_CELLS, hygieneClean, pastedRows } from '../../scripts/hostile-hygiene.mjs';
import { HEADER } from '../../scripts/synth.mjs';

const dir = fileURLToPath(new URL('../fixtures/hostile/', import.meta.url));
const hostile = (name: string) => new Uint8Array(readFileSync(join(dir, name)));
const settings: Settings = { hostProvince: '北京市', practical: false, today: '2026-11-23' };
const national = builtinProfile('national');
const check = (name: string) => checkFile(hostile(name), national, settings);

describe('hidden characters in names, IDs and phones', () => {
  const clean = hygieneClean() as string[][];
  const planted = HIDDEN_CELLS as [number, string, (v: string) => string][];

  it.each(['bidi-names.xlsx', 'bidi-names.csv'])('%s: one fixable warning per planted cell, and a clean roster after the fixes', (name) => {
    const { roster } = check(name);
    const issues = roster.issues().filter((i) => i.row !== null);
    expect(issues.map((i) => [i.rule, i.row, i.column])).toEqual(planted.map(([r, col]) => ['text.invisible', r + 2, col]));
    // Each fix is the cell as it was before the characters were put in.
    expect(roster.fixes().map((f) => f.to)).toEqual(planted.map(([r, col]) => clean[r + 1]?.[HEADER.indexOf(col)]));
    const s = roster.summary();
    const rosterWarnings = roster.rosterIssues().filter((i) => i.severity === 'warning').length;
    expect(s).toMatchObject({ attendees: 60, rows: 60, errors: 0, warnings: rosterWarnings + planted.length });
    expect(s.afterFixes.errors).toBe(0);
  });

  it('writes the corrected roster without them, the rest of the roster as it was', () => {
    const checked = check('bidi-names.xlsx');
    const written = correctedFile(hostile('bidi-names.xlsx'), checked);
    expect(written.skipped).toEqual([]);
    expect(readWorkbook(written.bytes).sheets[0]?.rows).toEqual(clean);
  });
});

describe('a header pasted again mid-file', () => {
  it.each([
    ['header-repeated.xlsx', [22, 43]],
    ['header-repeated.csv', [22]],
  ])('%s: one error per repeated header, whose fix deletes it; 60 attendees, no error left after the fixes', (name, rows) => {
    const checked = check(name);
    const { roster } = checked;
    const found = roster.issues().filter((i) => i.row !== null);
    expect(found.map((i) => [i.rule, i.row, i.severity, i.fix])).toEqual(rows.map((r) => ['header.repeat', r, 'error', '']));
    expect(roster.summary()).toMatchObject({ attendees: 60, rows: 60, errors: rows.length, afterFixes: { errors: 0, warnings: 0 } });
    expect(roster.provinceCounts().reduce((n, p) => n + p.count, 0)).toBe(60);
    // The corrected file (as the export and --fix write it) is the roster without the pasted headers.
    const written = correctedFile(hostile(name), checked);
    expect(readWorkbook(written.bytes).sheets[0]?.rows.map((r) => r.map((v) => v.trim()))).toEqual(hygieneClean());
  });

  it('keeps a pasted header the user chose to keep', () => {
    const checked = check('header-repeated.xlsx');
    checked.roster.declineFix(21, 16383);
    expect(checked.roster.summary().afterFixes.errors).toBe(1);
    const rows = readWorkbook(correctedFile(hostile('header-repeated.xlsx'), checked).bytes).sheets[0]?.rows;
    expect(rows).toHaveLength(62);
    expect(rows?.[21]).toEqual(HEADER);
  });

  it('follows the clerk who types a person over the pasted header', () => {
    const { roster } = check('header-repeated.xlsx');
    const person = (pastedRows() as string[][])[1] as string[];
    person.forEach((v, c) => roster.setCell(21, c, c === 4 ? '11010119900307002X' : c === 2 ? '女' : v));
    expect(roster.summary()).toMatchObject({ attendees: 61, rows: 61, errors: 1 });
    expect(roster.issues().filter((i) => i.rule === 'header.repeat').map((i) => i.row)).toEqual([43]);
  });
});

describe('.xls hyperlink records over the whole sheet', () => {
  it('reads the roster they hang on, links clipped to its cells', () => {
    const sheet = readWorkbook(hostile('hyperlinks-whole-sheet.xls')).sheets[0]!;
    expect(sheet.rows).toHaveLength(61);
    expect(sheet.rows[1]?.[12]).toMatch(/@/);
    expect(check('hyperlinks-whole-sheet.xls').roster.summary()).toMatchObject({ attendees: 60, errors: 0 });
  });

  it('keeps every link record of the user\'s .xls in its corrected .xls, and our reader still clips them', () => {
    const bytes = hostile('hyperlinks-whole-sheet.xls');
    const written = correctedFile(bytes, checkFile(bytes, national, settings));
    // The corrected file is the user's own .xls: its HLINK records as they were (SheetJS itself
    // would visit every cell of them, so only our reader, which clips them first, opens it).
    expect(written.ext).toBe('xls');
    expect(linkRanges(written.bytes)).toEqual(linkRanges(bytes));
    const sheet = readWorkbook(written.bytes).sheets[0]!;
    expect(sheet.rows).toHaveLength(61);
    expect(sheet.rows[1]?.[12]).toMatch(/@/);
  });

  /** The range of every HLINK record of an .xls's Workbook stream: [rwFirst, rwLast, colFirst, colLast]. */
  function linkRanges(xls: Uint8Array): number[][] {
    const cfb = XLSX.CFB.read(xls, { type: 'array' });
    const d = Buffer.from(cfb.FileIndex[cfb.FullPaths.findIndex((p: string) => /\/Workbook$/.test(p))]!.content as Uint8Array);
    const out: number[][] = [];
    for (let p = 0; p + 4 <= d.length; p += 4 + d.readUInt16LE(p + 2)) {
      if (d.readUInt16LE(p) === 0x01b8) out.push([0, 2, 4, 6].map((k) => d.readUInt16LE(p + 4 + k)));
    }
    return out;
  }

  it('hands SheetJS every range clipped to the 61 rows and 13 columns the sheet has', () => {
    const bytes = hostile('hyperlinks-whole-sheet.xls');
    expect(linkRanges(bytes)).toContainEqual([0, 65535, 0, 65535]);
    const ranges = linkRanges(sheetJsBytes(bytes));
    expect(ranges).toHaveLength(101);
    expect(new Set(ranges.map((r) => r.join(':')))).toEqual(new Set(['0:60:0:12']));
  });

  it('empties the ranges past the budget, when a far cell would let them stay huge', () => {
    const ws = XLSX.utils.aoa_to_sheet([HEADER, ...hygieneClean().slice(1, 3), ['远']]);
    ws['A2']!.l = { Target: 'mailto:a@example.com' };
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, '学员名单');
    const cfb = XLSX.CFB.read(XLSX.write(wb, { type: 'buffer', bookType: 'xls' }), { type: 'buffer' });
    const entry = cfb.FileIndex[cfb.FullPaths.findIndex((p: string) => /\/Workbook$/.test(p))]!;
    const d = Buffer.from(entry.content as Uint8Array);
    // The cell 远 (a LABEL or LABELSST record, in row 3) moved to IV65536, the link widened to A1:IV65536.
    let cell = -1;
    let at = 0;
    for (let p = 0; p + 4 <= d.length; p += 4 + d.readUInt16LE(p + 2)) {
      if ((d.readUInt16LE(p) === 0x00fd || d.readUInt16LE(p) === 0x0204) && d.readUInt16LE(p + 4) === 3) cell = p;
      if (d.readUInt16LE(p) === 0x01b8) at = p;
    }
    expect(cell).toBeGreaterThan(0);
    d.writeUInt16LE(65535, cell + 4);
    d.writeUInt16LE(255, cell + 6);
    d.writeUInt16LE(65535, at + 6);
    d.writeUInt16LE(255, at + 10);
    entry.content = d;
    const xls = new Uint8Array(XLSX.CFB.write(cfb, { type: 'buffer' }) as Buffer);
    expect(65536 * 256).toBeGreaterThan(MAX_LINK_AREA);
    // The whole sheet is real cells' range here, and over the budget: the link is emptied.
    expect(linkRanges(sheetJsBytes(xls))).toEqual([[1, 0, 1, 0]]);
    const rows = readWorkbook(xls).sheets[0]!.rows;
    expect(rows[1]?.[1]).toBe(hygieneClean()[1]?.[1]);
    expect(rows[65535]?.[255]).toBe('远');
  });
});
