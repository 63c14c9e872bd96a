// What is still written anew as .xlsx from a legacy workbook (an Excel 95 .xls, an .xlsb) has
// neither defect SheetJS 0.20.3's writer had on such input: no `level` attribute on <col> (the
// schema has none; openpyxl refuses the file) and comment text without the NUL padding a BIFF
// comment carries (written as "_x0000_" runs). The input is a POI-written roster (column widths,
// comments) whose Workbook stream is stored under Excel 95's name "Book": SheetJS reads it, the
// in-place patch does not take it, so it goes the rewrite's way.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { builtinProfile, type Settings } from '../../src/lib/core/index';
import { checkFile, correctedFile } from '../../src/lib/io/pipeline';
import { correctedFileName, exportFileName, rewriteNote } from '../../src/lib/io/write';
import { HEADER, makeRows } from '../../scripts/synth.mjs';
import { poiRoster } from '../readers/readers';

const settings: Settings = { hostProvince: '北京市', practical: false, today: '2026-11-22' };
const national = builtinProfile('national');
const dir = mkdtempSync(join(tmpdir(), 'rc-xls-legacy-'));

/** Comments as openpyxl (a reader other than SheetJS) reads them; it throws on an attribute the schema lacks. */
function openpyxlComments(file: string): Record<string, string> {
  const script = 'import json,sys,openpyxl\nws=openpyxl.load_workbook(sys.argv[1]).worksheets[0]\nprint(json.dumps({c.coordinate:c.comment.text for row in ws.iter_rows() for c in row if c.comment},ensure_ascii=False))';
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, file], { encoding: 'utf8' })) as Record<string, string>;
}

function rewrite(bytes: Uint8Array, name: string) {
  const checked = checkFile(bytes, national, settings);
  const out = correctedFile(bytes, checked, checked.roster.acceptedFixList());
  const file = join(dir, `${name}-out.${out.ext}`);
  writeFileSync(file, out.bytes);
  return { out, file };
}

let asBook: Uint8Array;
let plain: Uint8Array;
beforeAll(() => {
  const rows = [HEADER.slice(), ...makeRows(40, 7)];
  rows[3]![8] = '副主任医生';
  plain = new Uint8Array(readFileSync(poiRoster(dir, 'legacy', rows, ['extras'])));
  const cfb = XLSX.CFB.read(plain, { type: 'buffer' });
  const i = cfb.FullPaths.findIndex((p: string) => /\/Workbook$/.test(p));
  const stream = cfb.FileIndex[i]!.content as Uint8Array;
  XLSX.CFB.utils.cfb_del(cfb, cfb.FullPaths[i]!);
  XLSX.CFB.utils.cfb_add(cfb, 'Book', stream);
  asBook = new Uint8Array(XLSX.CFB.write(cfb, { type: 'array' }) as ArrayLike<number>);
}, 120_000);

describe('an .xls written anew as .xlsx', () => {
  it('says so, has no level on <col>, and its comments read in openpyxl as they were typed', () => {
    const { out, file } = rewrite(asBook, 'book');
    expect(out.ext).toBe('xlsx');
    expect(out.note).toBe(rewriteNote('xls'));
    expect(out.changed).toBe(1);
    const parts = unzipSync(out.bytes);
    const sheet = strFromU8(parts['xl/worksheets/sheet1.xml']!);
    const cols = sheet.match(/<col [^>]*>/g) ?? [];
    expect(cols.length).toBeGreaterThan(5);
    for (const c of cols) expect(c).not.toMatch(/\slevel=/);
    const comments = Object.entries(parts).filter(([p]) => /comments\d*\.xml$/.test(p)).map(([, b]) => strFromU8(b));
    expect(comments.length).toBeGreaterThan(0);
    for (const c of comments) expect(c).not.toContain('_x0000_');
    expect(openpyxlComments(file)).toEqual({ E2: '请填写18位身份证号', B21: '核对单位名称' });
  });

  it('an Excel 95 roster of the hostile corpus reads in openpyxl too', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const { out, file } = rewrite(new Uint8Array(readFileSync(join(root, 'test/fixtures/hostile/biff5-cp936.xls'))), 'biff5');
    expect(out.ext).toBe('xlsx');
    expect(openpyxlComments(file)).toEqual({});
  });
});

describe('the name the export announces', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const hostile = (name: string) => new Uint8Array(readFileSync(join(root, 'test/fixtures/hostile', name)));
  it.each([
    ['an Excel 97–2003 .xls', () => plain, '名单-已校正.xls'],
    ['a workbook stored as Excel 95 stores it', () => asBook, '名单-已校正.xlsx'],
    ['an Excel 95 .xls', () => hostile('biff5-cp936.xls'), '名单-已校正.xlsx'],
    ['a web page named .xls', () => hostile('html-gbk-meta.xls'), '名单-已校正.xlsx'],
  ])('is the name of the file written, for %s', (_what, bytes, name) => {
    const b = bytes();
    const checked = checkFile(b, national, settings);
    expect(exportFileName('名单.xls', b, checked)).toBe(name);
    const out = correctedFile(b, checked, checked.roster.acceptedFixList());
    expect(correctedFileName('名单.xls', out.ext)).toBe(name);
  });
});
