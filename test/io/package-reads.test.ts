// Every byte SheetJS reads passes the package layer (issue #18, class 4): the manifest, the merged
// roster's layout source and templates get the budgets and the canonical container the roster read
// gets. Each test here made SheetJS (or our own template reader) run for minutes before; none
// asserts a time: a hang fails the test by its timeout.
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { builtinProfile } from '../../src/lib/core/index';
import { sheetLayout } from '../../src/lib/io/batch';
import { readManifest } from '../../src/lib/io/manifest';
import { readWorkbook } from '../../src/lib/io/read';
import { profileFromTemplate } from '../../src/lib/io/template';
import { unzip, zipFile } from '../../scripts/zip.mjs';
import { HEADER, makeRows } from '../../scripts/synth.mjs';

const SHEET = 'xl/worksheets/sheet1.xml';
const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

type Entry = { name: string; data: Uint8Array };
function entries(rows: unknown[][], name = 'S', merges: XLSX.Range[] = []): Entry[] {
  const wb = XLSX.utils.book_new();
  const ws = XLSX.utils.aoa_to_sheet(rows);
  if (merges.length) ws['!merges'] = merges;
  XLSX.utils.book_append_sheet(wb, ws, name);
  return unzip(new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer)) as Entry[];
}
function edit(list: Entry[], name: string, f: (xml: string) => string): Entry[] {
  return list.map((e) => (e.name === name ? { name, data: enc(f(dec(e.data))) } : e));
}
/** A hyperlink over the whole sheet (SheetJS makes a cell of each of its 17 billion cells). */
function wholeSheetLink(list: Entry[]): Entry[] {
  const withLink = edit(list, SHEET, (x) => x.replace('<worksheet ', `<worksheet xmlns:r="${REL}" `).replace('</sheetData>', '</sheetData><hyperlinks><hyperlink ref="A1:XFD1048576" r:id="rId9"/></hyperlinks>'));
  return [...withLink, { name: 'xl/worksheets/_rels/sheet1.xml.rels', data: enc(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="${REL}/hyperlink" Target="mailto:a@example.com" TargetMode="External"/></Relationships>`) }];
}

const MANIFEST = [['文件', '项目名称', '开始日期', '结束日期', '学时', '学分'], ['名单.xlsx', '培训班', '2026-03-10', '2026-03-11', 6, 2]];

describe('the manifest', () => {
  it('is read as a roster is: a hyperlink over the whole sheet does not keep it from being read', () => {
    const [entry] = readManifest(zipFile(wholeSheetLink(entries(MANIFEST))) as Uint8Array);
    expect(entry).toMatchObject({ file: '名单.xlsx', row: 2, project: { start: '2026-03-10', end: '2026-03-11', hours: 6, credits: 2 } });
  });

  it('reads a sheet declared 16,384 columns wide by the cells it holds', () => {
    const list = edit(entries(MANIFEST), SHEET, (x) => x.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:XFD1048576"/>').replace('</row></sheetData>', '<c r="XFD2" t="inlineStr"><is><t>备注</t></is></c></row></sheetData>'));
    const [entry] = readManifest(zipFile(list) as Uint8Array);
    expect(entry).toMatchObject({ file: '名单.xlsx', project: { hours: 6, credits: 2 } });
  });
});

describe('the layout of the merged roster', () => {
  it('comes through the package layer and keeps the title merges, whatever the column widths claim', () => {
    const title = { s: { r: 0, c: 0 }, e: { r: 0, c: 12 } };
    let list = wholeSheetLink(entries([['学员通讯录'], HEADER, ...makeRows(3, 2)], '名单', [title]));
    // A width over a billion columns (SheetJS makes an object for each).
    list = edit(list, SHEET, (x) => x.replace('<sheetData>', '<cols><col min="1" max="1000000000" width="12" customWidth="1"/></cols><sheetData>'));
    const layout = sheetLayout(zipFile(list) as Uint8Array, '名单');
    expect(layout.merges).toEqual([title]);
  });
});

describe('templates and relationship targets', () => {
  it('derives the profile of a template 16,384 columns wide whose lists cover every column thousands of times', () => {
    const header = [...HEADER, ...Array.from({ length: 16384 - HEADER.length }, (_, i) => `列${i}`)];
    const sqref = Array.from({ length: 5000 }, () => 'A2:XFD3').join(' ');
    const list = edit(entries([header], '模板'), SHEET, (x) => x.replace('</sheetData>', `</sheetData><dataValidations count="1"><dataValidation type="list" sqref="${sqref}"><formula1>"甲,乙"</formula1></dataValidation></dataValidations>`));
    const d = profileFromTemplate(zipFile(list) as Uint8Array, builtinProfile('national'));
    expect(d.columns).toHaveLength(16384);
    expect(d.columns.find((c) => c.label === '列0')?.list).toEqual({ size: 2, source: 'inline' });
  });

  it.each(['./worksheets/sheet1.xml', '../xl/worksheets/sheet1.xml', '../../xl/worksheets/sheet1.xml', '/xl/worksheets/sheet1.xml'])('reads a sheet whose relationship target is %s', (target) => {
    const list = edit(entries([HEADER, ...makeRows(2, 3)]), 'xl/_rels/workbook.xml.rels', (x) => x.replace('Target="worksheets/sheet1.xml"', `Target="${target}"`));
    expect(readWorkbook(zipFile(list) as Uint8Array).sheets[0]?.rows[0]).toEqual(HEADER);
  });
});
