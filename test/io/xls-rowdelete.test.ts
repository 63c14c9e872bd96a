// Rows deleted from an .xls roster leave the user's own .xls: rosters written by Apache POI HSSF
// and by LibreOffice, with a comment, a merge, conditional formats, a hyperlink, a defined name,
// an autofilter, a page break and a picture below the deleted rows, come back as .xls in which
// jxl, POI and LibreOffice find the rows gone and every one of those moved up; every stream but
// Workbook is byte-identical, and the structure checker (test/readers/biff-check.ts) finds the
// offsets right. A deleted row holding a comment or a picture is refused in one sentence.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinProfile, type Settings } from '../../src/lib/core/index';
import { checkFile, correctedFile } from '../../src/lib/io/pipeline';
import { FORMULA_NOTE } from '../../src/lib/io/patch';
import { HEADER, makeRows } from '../../scripts/synth.mjs';
import { biffProblems, records, streams } from '../readers/biff-check';
import { libreofficeCsv, libreofficeXls, poiRoster, readXls, type ReadSheet } from '../readers/readers';

const settings: Settings = { hostProvince: '北京市', practical: false, today: '2026-11-22' };
const national = builtinProfile('national');
const ID_COL = HEADER.indexOf('证件号码');
/** The sheet rows (0-based) deleted: Excel rows 11 and 12. */
const DELETED = [10, 11];

function rosterRows(): string[][] {
  const rows = [HEADER.slice(), ...makeRows(40, 7)];
  rows[3]![8] = '副主任医生'; // a fix above the deleted rows
  return rows;
}

const workbookOf = (bytes: Uint8Array) => [...streams(bytes)].find(([p]) => /workbook$/i.test(p))![1];

function exportWithout(file: string, rows: readonly number[]) {
  const bytes = new Uint8Array(readFileSync(file));
  const checked = checkFile(bytes, national, settings);
  for (const r of rows) checked.roster.deleteRow(r);
  return { bytes, checked, out: correctedFile(bytes, checked, checked.roster.acceptedFixList()) };
}

interface Case {
  name: string;
  file: string;
  bytes: Uint8Array;
  outFile: string;
  out: ReturnType<typeof correctedFile>;
  ids: string[];
}

const dir = mkdtempSync(join(tmpdir(), 'rc-xls-del-'));
const cases: Case[] = [];
let reads: ReturnType<typeof readXls>;

beforeAll(() => {
  const poi = poiRoster(dir, 'extras', rosterRows(), ['extras']);
  for (const [name, file] of [['POI', poi], ['LibreOffice', libreofficeXls(poi)]] as const) {
    const { bytes, checked, out } = exportWithout(file, DELETED);
    const outFile = join(dir, `${name}-deleted.xls`);
    writeFileSync(outFile, out.bytes);
    const ids = DELETED.map((r) => checked.workbook.sheets[0]!.rows[r]![ID_COL]!);
    cases.push({ name, file, bytes, outFile, out, ids });
  }
  reads = readXls(cases.flatMap((c) => [c.file, c.outFile]));
}, 600_000);

/** The cells of a sheet without their row and column, by "r,c". */
const cells = (s: ReadSheet) => new Map(s.cells.map(({ r, c, ...rest }) => [`${r},${c}`, rest]));

describe.each(['POI', 'LibreOffice'])('two rows deleted from an .xls saved by %s', (name) => {
  const c = () => cases.find((k) => k.name === name)!;

  it('comes back as .xls, with every stream but Workbook byte for byte and the offsets right', () => {
    const { bytes, out } = c();
    expect(out.ext).toBe('xls');
    expect(out.note).toBe('');
    expect(out.changed).toBe(1);
    const before = streams(bytes);
    const after = streams(out.bytes);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [path, data] of before) if (!/workbook$/i.test(path)) expect(after.get(path), path).toEqual(data);
    expect(biffProblems(workbookOf(out.bytes))).toEqual([]);
    // Rows are gone, not emptied: two ROW records fewer.
    const rowRecords = (b: Uint8Array) => records(workbookOf(b)).filter((r) => r.type === 0x0208).length;
    expect(rowRecords(out.bytes)).toBe(rowRecords(bytes) - 2);
  });

  it.each(['poi', 'jxl'] as const)('reads in %s with the rows gone and everything below moved up two rows', (lib) => {
    const { file, outFile } = c();
    const before = reads.get(file)![lib];
    const after = reads.get(outFile)![lib];
    expect(before.error).toBeUndefined();
    expect(after.error).toBeUndefined();
    const b = before.sheets[0]!;
    const a = after.sheets[0]!;
    // Cells: those above as they were (but the fixed one), those below two rows up.
    const bc = cells(b);
    const ac = cells(a);
    const expected = new Map<string, unknown>();
    for (const [k, v] of bc) {
      const [r, col] = k.split(',').map(Number) as [number, number];
      if (DELETED.includes(r)) continue;
      expected.set(`${r - (r > DELETED[1]! ? 2 : 0)},${col}`, v);
    }
    expect(ac.get('4,8')).toMatchObject({ text: '副主任医师' });
    expected.delete('4,8');
    ac.delete('4,8');
    expect(ac).toEqual(expected);
    // What names rows.
    expect(b.merges).toEqual(['A1:M1', 'N31:O32']);
    expect(a.merges).toEqual(['A1:M1', 'N29:O30']);
    expect(b.comments).toEqual(['E2 请填写18位身份证号', 'B21 核对单位名称']);
    expect(a.comments).toEqual(['E2 请填写18位身份证号', 'B19 核对单位名称']);
    expect(b.links?.map((l) => l.slice(0, 27))).toEqual(['B26 http://www.example.org/']);
    expect(a.links?.map((l) => l.slice(0, 27))).toEqual(['B24 http://www.example.org/']);
    expect(a.breaks).toEqual(b.breaks!.map((r) => r - 2));
    expect(a.pane).toBe(b.pane);
    expect(a.print).toBe(b.print);
    if (lib === 'poi') {
      expect(b.validations.map((v) => v.split(' ')[0])).toEqual(['C3:C501', 'I3:I501', 'J3:J501']);
      expect(a.validations).toEqual(b.validations.map((v) => v.replace(':C501', ':C499').replace(':I501', ':I499').replace(':J501', ':J499')));
      expect(b.conditional).toEqual(['C3:C42', 'A26:M26']);
      expect(a.conditional).toEqual(['C3:C40', 'A24:M24']);
      expect(b.pictures?.[0]).toMatch(/^rows 35-3\d cols 14-16$/);
      expect(a.pictures).toEqual(b.pictures!.map((p) => p.replace(/rows (\d+)-(\d+)/, (_m, x: string, y: string) => `rows ${Number(x) - 2}-${Number(y) - 2}`)));
      const names = (list: string[] | undefined) => (list ?? []).filter((n) => n.includes('学员通讯录')).sort();
      expect(names(after.names)).toEqual(names(before.names).map((n) => n.replace('$M$41', '$M$39').replace('$M$42', '$M$40')));
      expect(names(after.names).some((n) => n.startsWith('_FilterDatabase='))).toBe(true);
    } else {
      // jxl lists a validation per cell: three lists, two rows fewer.
      expect(a.validations.length).toBe(b.validations.length - 6);
    }
    expect(after.sheets.slice(1)).toEqual(before.sheets.slice(1));
  });

  it('reads in LibreOffice with the rows gone', () => {
    const { file, outFile, ids } = c();
    const before = libreofficeCsv(file).get('学员通讯录')!.split('\n');
    const after = libreofficeCsv(outFile).get('学员通讯录')!.split('\n');
    expect(after).toHaveLength(before.length - 2);
    for (const id of ids) {
      expect(before.join('\n')).toContain(id);
      expect(after.join('\n')).not.toContain(id);
    }
    expect(after.slice(12)).toEqual(before.slice(14));
  });

  it('checks again without the deleted rows', () => {
    const { out, ids } = c();
    const again = checkFile(out.bytes, national, settings);
    const rows = again.workbook.sheets[0]!.rows;
    expect(rows.length).toBe(checkFile(c().bytes, national, settings).workbook.sheets[0]!.rows.length - 2);
    for (const id of ids) expect(rows.some((r) => r[ID_COL] === id)).toBe(false);
  });
});

describe('what a deletion in an .xls refuses', () => {
  it('a row holding a comment: one sentence, nothing written', () => {
    expect(() => exportWithout(cases[0]!.file, [20])).toThrow(/^要删除的第 21 行上有批注，无法在原文件上删除这一行/);
  });
  it('a row under a picture: one sentence, nothing written', () => {
    expect(() => exportWithout(cases[0]!.file, [36])).toThrow(/^要删除的第 37 行上有图片、图表等对象/);
  });
});

describe('formulas', () => {
  it('a shared formula whose first row goes moves, unchanged, to its next row, and the export says formulas were not rewritten', () => {
    // LibreOffice writes one shared formula (SHRFMLA) for a column of like formulas.
    const rows = rosterRows();
    rows.forEach((r, k) => { if (k > 0) r[13] = `=A${k + 2}*10`; });
    const lo = libreofficeXls(poiRoster(dir, 'formulas', rows));
    const bytes = new Uint8Array(readFileSync(lo));
    const recs = records(workbookOf(bytes));
    const shared = recs.filter((r) => r.type === 0x04bc);
    expect(shared.length).toBeGreaterThan(0);
    const first = shared[0]!.body[0]! | (shared[0]!.body[1]! << 8);
    const { out } = exportWithout(lo, [first]);
    expect(out.ext).toBe('xls');
    expect(out.note).toBe(FORMULA_NOTE);
    expect(biffProblems(workbookOf(out.bytes))).toEqual([]);
    const outFile = join(dir, 'formulas-deleted.xls');
    writeFileSync(outFile, out.bytes);
    const read = readXls([lo, outFile]);
    for (const lib of ['poi', 'jxl'] as const) {
      const before = cells(read.get(lo)![lib].sheets[0]!);
      const after = cells(read.get(outFile)![lib].sheets[0]!);
      expect(read.get(outFile)![lib].error).toBeUndefined();
      // The rows below hold their formulas one row up; a shared formula's references are relative
      // to its cell, so each still names the 序号 of its own row (=A4*10 moved to row 3 reads =A3*10).
      for (let r = first + 1; r < first + 5; r++) {
        const was = before.get(`${r},13`) as { text: string };
        // POI gives the formula, jxl its cached value (which moved with it).
        if (lib === 'poi') expect(was.text).toMatch(new RegExp(`^=?A${r + 1}\\*10$`));
        expect(after.get(`${r - 1},13`), `${lib} row ${r}`).toEqual(lib === 'poi' ? { ...was, text: was.text.replace(`A${r + 1}`, `A${r}`) } : was);
      }
    }
    // LibreOffice computes them: each row's value is its 序号 times ten.
    const csv = libreofficeCsv(outFile).get('学员通讯录')!.split('\n');
    for (let r = first; r < first + 4; r++) {
      const cells = csv[r]!.split(',');
      expect(Number(cells[13])).toBe(Number(cells[0]) * 10);
    }
  }, 300_000);
});
