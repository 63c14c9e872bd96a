// What an official .xls template may carry beside its cells: a macro project (the
// _VBA_PROJECT_CUR storage) and a protected sheet (PROTECT, not encryption). The corrected .xls,
// with a fix and a deleted row, keeps the macro storage byte for byte and the sheet protected, as
// POI and jxl read it.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { builtinProfile, type Settings } from '../../src/lib/core/index';
import { checkFile, correctedFile } from '../../src/lib/io/pipeline';
import { HEADER, makeRows } from '../../scripts/synth.mjs';
import { biffProblems, records, streams } from '../readers/biff-check';
import { poiRoster, readXls } from '../readers/readers';

const settings: Settings = { hostProvince: '北京市', practical: false, today: '2026-11-22' };
const national = builtinProfile('national');

function rosterRows(): string[][] {
  const rows = [HEADER.slice(), ...makeRows(20, 5)];
  rows[3]![8] = '副主任医生';
  return rows;
}

/** The corrected file with the accepted fixes and sheet row 6 (Excel row 7) deleted. */
function corrected(bytes: Uint8Array) {
  const checked = checkFile(bytes, national, settings);
  checked.roster.deleteRow(6);
  return correctedFile(bytes, checked, checked.roster.acceptedFixList());
}

const workbookOf = (bytes: Uint8Array) => [...streams(bytes)].find(([p]) => /workbook$/i.test(p))![1];

const dir = mkdtempSync(join(tmpdir(), 'rc-xls-box-'));
const files = new Map<string, { before: string; after: string; bytes: Uint8Array; out: ReturnType<typeof corrected> }>();
let reads: ReturnType<typeof readXls>;

beforeAll(() => {
  // A macro project added to a POI-written roster (no tool here writes VBA): its streams'
  // content is opaque to every reader, and must come back as it was.
  const plain = new Uint8Array(readFileSync(poiRoster(dir, 'plain', rosterRows())));
  const cfb = XLSX.CFB.read(plain, { type: 'array' });
  const vba = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, k) => (k * 31 + seed) & 0xff);
  XLSX.CFB.utils.cfb_add(cfb, '_VBA_PROJECT_CUR/VBA/dir', vba(700, 1));
  XLSX.CFB.utils.cfb_add(cfb, '_VBA_PROJECT_CUR/VBA/_VBA_PROJECT', vba(5000, 2));
  XLSX.CFB.utils.cfb_add(cfb, '_VBA_PROJECT_CUR/VBA/Module1', vba(9000, 3));
  XLSX.CFB.utils.cfb_add(cfb, '_VBA_PROJECT_CUR/PROJECT', new TextEncoder().encode('ID="{00000000-0000-0000-0000-000000000000}"\r\nModule=Module1\r\n'));
  const macro = join(dir, 'macro.xls');
  writeFileSync(macro, new Uint8Array(XLSX.CFB.write(cfb, { type: 'array' }) as ArrayLike<number>));
  const protectedFile = poiRoster(dir, 'protected', rosterRows(), ['protect']);
  for (const [name, file] of [['macro', macro], ['protected', protectedFile]] as const) {
    const bytes = new Uint8Array(readFileSync(file));
    const out = corrected(bytes);
    const after = join(dir, `${name}-out.xls`);
    writeFileSync(after, out.bytes);
    files.set(name, { before: file, after, bytes, out });
  }
  reads = readXls([...files.values()].flatMap((f) => [f.before, f.after]));
}, 300_000);

describe('an .xls with a macro project', () => {
  it('keeps every stream of _VBA_PROJECT_CUR byte for byte after a fix and a deleted row', () => {
    const { bytes, out } = files.get('macro')!;
    expect(out.ext).toBe('xls');
    expect(out.changed).toBe(1);
    const before = streams(bytes);
    const after = streams(out.bytes);
    const vba = [...before.keys()].filter((p) => p.startsWith('_VBA_PROJECT_CUR/'));
    expect(vba).toHaveLength(4);
    for (const p of vba) expect(Buffer.from(after.get(p)!).equals(Buffer.from(before.get(p)!)), p).toBe(true);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    expect(biffProblems(workbookOf(out.bytes))).toEqual([]);
  });

  it.each(['poi', 'jxl'] as const)('reads in %s with the fix and without the row', (lib) => {
    const { before, after } = files.get('macro')!;
    const b = reads.get(before)![lib];
    const a = reads.get(after)![lib];
    expect(a.error).toBeUndefined();
    const text = (s: typeof a, r: number, c: number) => s.sheets[0]!.cells.find((x) => x.r === r && x.c === c)?.text;
    expect(text(a, 4, 8)).toBe('副主任医师');
    expect(text(a, 6, 4)).toBe(text(b, 7, 4));
    expect(a.sheets[0]!.cells.length).toBeLessThan(b.sheets[0]!.cells.length);
  });
});

describe('an .xls with a protected sheet', () => {
  it('is patched, and its sheet stays protected in POI, with the protection records unchanged', () => {
    const { before, after, bytes, out } = files.get('protected')!;
    expect(out.ext).toBe('xls');
    expect(out.changed).toBe(1);
    expect(reads.get(before)!.poi.sheets[0]!.protected).toBe(true);
    const a = reads.get(after)!;
    expect(a.poi.error).toBeUndefined();
    expect(a.jxl.error).toBeUndefined();
    expect(a.poi.sheets[0]!.protected).toBe(true);
    expect(a.poi.sheets[0]!.cells.find((x) => x.r === 4 && x.c === 8)?.text).toBe('副主任医师');
    // PROTECT, OBJPROTECT, SCENPROTECT, PASSWORD: as they were.
    const protection = (b: Uint8Array) => records(workbookOf(b)).filter((r) => [0x0012, 0x0063, 0x00dd, 0x0013].includes(r.type)).map((r) => `${r.type}:${Buffer.from(r.body).toString('hex')}`);
    expect(protection(bytes)).toContain('18:0100');
    expect(protection(out.bytes)).toEqual(protection(bytes));
    expect(biffProblems(workbookOf(out.bytes))).toEqual([]);
  });
});
