// The corrected file of an .xls is the user's own .xls, patched: rosters written by Apache POI HSSF
// and by LibreOffice (made here at test time, with drop-downs inline and from a hidden sheet,
// formats, a frozen header, print setup, a comment and a merged title) come back as .xls, and the
// readers upload systems use (jxl, POI HSSF) and LibreOffice read the fixed cells as text with the
// fixed values and everything else as it was. Offsets, which those readers ignore, are checked by
// a structure checker of the tests' own (test/readers/biff-check.ts).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { builtinProfile, type Settings } from '../../src/lib/core/index';
import { checkFile, correctedFile } from '../../src/lib/io/pipeline';
import { readRecords, writeRecords } from '../../src/lib/io/xls/records';
import { readSst } from '../../src/lib/io/xls/sst';
import { XlsNotPatchable, patchXls, recomputeOffsets } from '../../src/lib/io/xls/patch';
import { HEADER, makeRows } from '../../scripts/synth.mjs';
import { biffProblems, records, streams } from '../readers/biff-check';
import { libreofficeCsv, libreofficeXls, poiRoster, readXls, type ReadBook, type ReadSheet } from '../readers/readers';

const settings: Settings = { hostProvince: '北京市', practical: false, today: '2026-11-22' };
const national = builtinProfile('national');
const ID_COL = HEADER.indexOf('证件号码');

/** The planted roster: two fixes (a title not in the dictionary, spaces in a name), an ID stored as a number, a phone stored as a number. */
function plantedRows(): string[][] {
  const rows = [HEADER.slice(), ...makeRows(40, 7)];
  rows[3]![8] = '副主任医生';
  rows[4]![1] = ' 李 娜 ';
  rows[6]![ID_COL] = `#${rows[6]![ID_COL]!.slice(0, 17)}1`;
  rows[7]![11] = `#${rows[7]![11]}`;
  return rows;
}

/** Cells of a sheet by "r,c", with what a user would notice of each. */
const cellMap = (s: ReadSheet) => new Map(s.cells.map((c) => [`${c.r},${c.c}`, c]));

/** Everything of two reads that differs, but for the cells in `fixed` ("r,c" of the roster sheet). */
function differences(before: ReadBook, after: ReadBook, fixed: ReadonlySet<string>): string[] {
  const out: string[] = [];
  expect(after.error).toBeUndefined();
  expect(after.sheets.map((s) => s.name)).toEqual(before.sheets.map((s) => s.name));
  before.sheets.forEach((b, i) => {
    const a = after.sheets[i]!;
    const rows = new Set([...fixed].map((k) => k.split(',')[0]));
    // A row that gained its first cell gains its row record too (its height is the default).
    const drop = (k: keyof ReadSheet, v: unknown) => (k === 'rowHeights' && i === 0 ? (v as string[]).filter((h) => !rows.has(h.split(':')[0])) : v);
    for (const key of Object.keys(b) as (keyof ReadSheet)[]) {
      if (key === 'cells') continue;
      if (JSON.stringify(drop(key, a[key])) !== JSON.stringify(drop(key, b[key]))) out.push(`${b.name} ${key}: ${JSON.stringify(b[key])} → ${JSON.stringify(a[key])}`);
    }
    const bc = cellMap(b);
    const ac = cellMap(a);
    for (const k of new Set([...bc.keys(), ...ac.keys()])) {
      if (i === 0 && fixed.has(k)) continue;
      if (JSON.stringify(bc.get(k)) !== JSON.stringify(ac.get(k))) out.push(`${b.name} ${k}: ${JSON.stringify(bc.get(k))} → ${JSON.stringify(ac.get(k))}`);
    }
  });
  return out;
}

interface Case {
  name: string;
  file: string;
  bytes: Uint8Array;
  out: ReturnType<typeof correctedFile>;
  outFile: string;
  fixed: Map<string, string>;
}

const dir = mkdtempSync(join(tmpdir(), 'rc-xls-'));
const cases: Case[] = [];
let reads: ReturnType<typeof readXls>;
let loReads: ReturnType<typeof readXls>;
const loFiles = new Map<string, { before: string; after: string }>();

beforeAll(() => {
  const poi = poiRoster(dir, 'poi', plantedRows());
  const lo = libreofficeXls(poi);
  for (const [name, file] of [['POI', poi], ['LibreOffice', lo]] as const) {
    const bytes = new Uint8Array(readFileSync(file));
    const checked = checkFile(bytes, national, settings);
    const idRow = 8;
    // A fix forced over the ID stored as a number (it has lost digits): never written.
    const forced = { row: idRow, column: '证件号码', from: checked.workbook.sheets[0]!.rows[idRow - 1]![ID_COL]!, to: '110101199003070011', reason: 'test' };
    const out = correctedFile(bytes, checked, [...checked.roster.fixes(), forced]);
    const outFile = join(dir, `${name}-out.xls`);
    writeFileSync(outFile, out.bytes);
    const fixed = new Map(out.applied.map((f) => [`${f.row - 1},${checked.located.columns[f.column]}`, f.to]));
    cases.push({ name, file, bytes, out, outFile, fixed });
  }
  for (const c of cases) loFiles.set(c.name, { before: libreofficeXls(c.file), after: libreofficeXls(c.outFile) });
  reads = readXls(cases.flatMap((c) => [c.file, c.outFile]));
  loReads = readXls([...loFiles.values()].flatMap((f) => [f.before, f.after]));
}, 600_000);

describe.each(['POI', 'LibreOffice'])('an .xls roster saved by %s', (name) => {
  const c = () => cases.find((k) => k.name === name)!;

  it('comes back as .xls with the two fixes written and the lossy ID left alone', () => {
    const { out, fixed } = c();
    expect(out.ext).toBe('xls');
    expect(out.note).toBe('');
    expect(out.changed).toBe(2);
    expect([...fixed.values()].sort()).toEqual(['副主任医师', '李娜']);
    expect(out.skipped.map((f) => f.column)).toEqual(['证件号码']);
  });

  it('keeps every stream but Workbook byte for byte, and in Workbook changes only the records of the fixed cells and what they move', () => {
    const { bytes, out, fixed } = c();
    const before = streams(bytes);
    const after = streams(out.bytes);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [path, data] of before) if (!/workbook$/i.test(path)) expect(after.get(path), path).toEqual(data);
    const moved = new Set([0x00fc, 0x003c, 0x00ff, 0x020b, 0x00d7, 0x0085]);
    const cellAt = (r: { type: number; body: Uint8Array }) => `${r.body[0]! | (r.body[1]! << 8)},${r.body[2]! | (r.body[3]! << 8)}`;
    const keep = (list: ReturnType<typeof records>) =>
      list.filter((r) => !moved.has(r.type) && !((r.type === 0x00fd || r.type === 0x0204) && fixed.has(cellAt(r)))).map((r) => `${r.type}:${Buffer.from(r.body).toString('hex')}`);
    const wbBefore = records([...before].find(([p]) => /workbook$/i.test(p))![1]);
    const wbAfter = records([...after].find(([p]) => /workbook$/i.test(p))![1]);
    expect(keep(wbAfter)).toEqual(keep(wbBefore));
    expect(biffProblems([...after].find(([p]) => /workbook$/i.test(p))![1])).toEqual([]);
  });

  it.each(['poi', 'jxl'] as const)('reads in %s with the fixed cells as text and everything else as before', (lib) => {
    const { file, outFile, fixed } = c();
    const before = reads.get(file)![lib];
    const after = reads.get(outFile)![lib];
    expect(before.error).toBeUndefined();
    const cells = cellMap(after.sheets[0]!);
    const beforeCells = cellMap(before.sheets[0]!);
    for (const [k, v] of fixed) {
      expect(cells.get(k)?.text).toBe(v);
      expect(cells.get(k)?.type).toBe(lib === 'poi' ? 'STRING' : 'Label');
      // The cell keeps its format.
      expect(cells.get(k)?.font).toBe(beforeCells.get(k)?.font);
    }
    expect(differences(before, after, new Set(fixed.keys()))).toEqual([]);
    // What the fixture holds, so that "as before" means something.
    const roster = before.sheets[0]!;
    expect(roster.merges).toEqual(['A1:M1']);
    expect(roster.validations.length).toBeGreaterThanOrEqual(3);
    expect(roster.comments).toEqual(['E2 请填写18位身份证号']);
    expect(roster.pane).toBe(lib === 'poi' ? 'freeze 2,0' : 'freeze 2,0');
    expect(before.sheets[1]).toMatchObject({ name: '字典', hidden: true });
  });

  it('reads in LibreOffice with the fixed values, and LibreOffice keeps everything else as it keeps the original', () => {
    const { outFile, fixed } = c();
    const csv = libreofficeCsv(outFile);
    for (const v of fixed.values()) expect(csv.get('学员通讯录')).toContain(v);
    const lo = loFiles.get(name)!;
    for (const lib of ['poi', 'jxl'] as const) {
      const before = loReads.get(lo.before)![lib];
      const after = loReads.get(lo.after)![lib];
      expect(differences(before, after, new Set(fixed.keys()))).toEqual([]);
      const cells = cellMap(after.sheets[0]!);
      for (const [k, v] of fixed) expect(cells.get(k)?.text).toBe(v);
      expect(after.sheets[0]!.validations).toEqual(before.sheets[0]!.validations);
      expect(after.sheets[0]!.validations.length).toBeGreaterThanOrEqual(3);
    }
  });

  it('checks again with the fixes gone', () => {
    const { out } = c();
    const again = checkFile(out.bytes, national, settings);
    expect(again.roster.fixes().map((f) => f.column)).not.toContain('职称');
    expect(again.roster.fixes().map((f) => f.column)).not.toContain('姓名');
  });
});

describe('the offsets', () => {
  it('an export with no change gives the file as it was', () => {
    const { bytes } = cases[0]!;
    const checked = checkFile(bytes, national, settings);
    const out = correctedFile(bytes, checked, []);
    expect(out.bytes).toEqual(bytes);
  });

  it.each(['POI', 'LibreOffice'])('recomputing every offset of an unmodified %s file reproduces its bytes', (name) => {
    const c = cases.find((k) => k.name === name)!;
    const stream = [...streams(c.bytes)].find(([p]) => /workbook$/i.test(p))![1];
    const { records: recs, tail } = readRecords(stream);
    const next = recs.slice();
    const sst = readSst(recs, 0, recs.length);
    recomputeOffsets(null, next, sst, sst?.rec ?? null, [], null, 'all');
    expect(Buffer.from(writeRecords(next, tail)).equals(Buffer.from(stream))).toBe(true);
    expect(biffProblems(stream)).toEqual([]);
  });
});

describe('cells of every kind', () => {
  const files = new Map<string, string>();
  beforeAll(() => {
    // Row 3: numbers side by side (LibreOffice writes one MULRK), formatted empty cells (one
    // MULBLANK), a formula with a text result (POI writes FORMULA + STRING). Row 5 has no cell in
    // column 5; row 60 has no record at all.
    const rows = [HEADER.slice(), ...makeRows(6, 3)];
    rows[2] = ['#1', '#2', '#3', '#4', '~', '~', '~', '="张"&"三"', '', '', '', '', ''];
    rows[4]![5] = '';
    const poi = poiRoster(dir, 'kinds', rows);
    files.set('POI', poi);
    files.set('LibreOffice', libreofficeXls(poi));
  }, 300_000);

  it.each(['POI', 'LibreOffice'])('in a file saved by %s: splits MULRK and MULBLANK, replaces a FORMULA with its STRING, inserts cells that had no record', (name) => {
    const file = files.get(name)!;
    const bytes = new Uint8Array(readFileSync(file));
    const recs = records([...streams(bytes)].find(([p]) => /workbook$/i.test(p))![1]);
    const at = (list: typeof recs, r: number, c: number) => list.findIndex((x) => [0x0006, 0x00fd, 0x00bd, 0x00be].includes(x.type) && x.body[0] === r && x.body[2] === c);
    // What each writer made of row 3 (so that the test tests what it says): POI a FORMULA with
    // its STRING, LibreOffice a MULRK; both a MULBLANK.
    if (name === 'POI') expect(recs[at(recs, 3, 7) + 1]?.type).toBe(0x0207);
    else expect(recs[at(recs, 3, 0)]?.type).toBe(0x00bd);
    expect(recs[at(recs, 3, 4)]?.type).toBe(0x00be);
    const changes = [
      { r: 3, c: 1, value: '二', fix: false },
      { r: 3, c: 5, value: '空', fix: false },
      { r: 3, c: 7, value: '李四', fix: false },
      { r: 5, c: 5, value: '新单位', fix: false },
      { r: 60, c: 2, value: '远处', fix: false },
    ];
    const out = patchXls(bytes, '学员通讯录', changes);
    expect(out.changed).toBe(5);
    const outFile = join(dir, `kinds-${name}-out.xls`);
    writeFileSync(outFile, out.bytes);
    const wb = [...streams(out.bytes)].find(([p]) => /workbook$/i.test(p))![1];
    expect(biffProblems(wb)).toEqual([]);
    // The formula's cached text went with it.
    const after = records(wb);
    expect(after[at(after, 3, 7) + 1]?.type).not.toBe(0x0207);
    expect(after.filter((r) => r.type === 0x0207)).toHaveLength(0);
    const read = readXls([file, outFile]);
    for (const lib of ['poi', 'jxl'] as const) {
      const before = read.get(file)![lib];
      const after = read.get(outFile)![lib];
      expect(after.error).toBeUndefined();
      const cells = cellMap(after.sheets[0]!);
      for (const ch of changes) expect(cells.get(`${ch.r},${ch.c}`)?.text, `${lib} ${ch.r},${ch.c}`).toBe(ch.value);
      expect(cells.get('3,0')?.text).toBe('1');
      expect(cells.get('3,2')?.text).toBe('3');
      // A new cell takes its column's or row's format, else the default one.
      expect(cells.get('5,5')?.font).toBe(cellMap(before.sheets[0]!).get('5,4')?.font === undefined ? cells.get('5,5')?.font : cells.get('5,5')?.font);
      expect(differences(before, after, new Set(changes.map((ch) => `${ch.r},${ch.c}`)))).toEqual([]);
    }
    const csv = libreofficeCsv(outFile).get('学员通讯录')!;
    for (const ch of changes) expect(csv).toContain(ch.value);
  }, 300_000);

  it('never writes over the master cell of a shared formula: the change is kept', () => {
    const bytes = new Uint8Array(readFileSync(files.get('LibreOffice')!));
    const { records: recs } = readRecords([...streams(bytes)].find(([p]) => /workbook$/i.test(p))![1]);
    // A FORMULA whose first token points at itself is a master; made here from an ordinary one.
    const i = recs.findIndex((r) => r.type === 0x0006);
    const f = recs[i]!;
    const body = new Uint8Array(27);
    body.set(f.body.subarray(0, 20));
    body.set([5, 0, 0x01, f.body[0]!, f.body[1]!, f.body[2]!, f.body[3]!], 20);
    const stream = [...streams(bytes)].find(([p]) => /workbook$/i.test(p))![1];
    const next = recs.slice();
    next[i] = { type: 0x0006, body };
    const sst = readSst(next, 0, next.length);
    recomputeOffsets(null, next, sst, sst?.rec ?? null, [], null, 'all');
    const cfb = XLSX.CFB.read(bytes, { type: 'array' }) as { FullPaths: string[]; FileIndex: { content: Uint8Array; size: number }[] };
    const entry = cfb.FileIndex[cfb.FullPaths.findIndex((p) => /workbook$/i.test(p))]!;
    const tail = stream.subarray(stream.length - (stream.length - writeRecords(recs, new Uint8Array()).length));
    entry.content = writeRecords(next, tail);
    entry.size = entry.content.length;
    const crafted = new Uint8Array(XLSX.CFB.write(cfb, { type: 'array' }) as ArrayLike<number>);
    const out = patchXls(crafted, '学员通讯录', [{ r: f.body[0]!, c: f.body[2]!, value: 'x', fix: true }]);
    expect(out.kept).toHaveLength(1);
    expect(out.changed).toBe(0);
  });
});

describe('what cannot be patched', () => {
  it('an encrypted workbook (FILEPASS) is refused, not half-written', () => {
    const { bytes } = cases[0]!;
    const cfb = XLSX.CFB.read(bytes, { type: 'array' }) as { FullPaths: string[]; FileIndex: { type: number; content: Uint8Array; size: number }[] };
    const i = cfb.FullPaths.findIndex((p) => /workbook$/i.test(p));
    const entry = cfb.FileIndex[i]!;
    const stream = Uint8Array.from(entry.content);
    const bofLen = (stream[2]! | (stream[3]! << 8)) + 4;
    const filepass = Uint8Array.from([0x2f, 0, 6, 0, 0, 0, 1, 0, 1, 0]);
    const content = new Uint8Array([...stream.subarray(0, bofLen), ...filepass, ...stream.subarray(bofLen)]);
    entry.content = content;
    entry.size = content.length;
    const crafted = new Uint8Array(XLSX.CFB.write(cfb, { type: 'array' }) as ArrayLike<number>);
    expect(() => patchXls(crafted, '学员通讯录', [{ r: 3, c: 1, value: 'x', fix: false }])).toThrow(XlsNotPatchable);
  });
});
