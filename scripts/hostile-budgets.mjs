// Small files that make big work, and files whose outputs used to fail after a good check (issue
// #10, "budgets and outputs"). Part of the hostile corpus (scripts/make-hostile.mjs). Deterministic.
// - Ranges SheetJS expands: a hyperlink over the whole sheet (SheetJS makes a stub cell for every
//   cell of a hyperlink's range), a mailto link on the whole e-mail column (a genuine file),
//   merges, comments, array formulas and column widths over all 16,384 columns, the same in .xlsb;
//   .xls hyperlink records over the whole sheet and beyond (SheetJS visits every cell of them).
// - An embedded object of 12 MB (an attachment, not cells).
// - Outputs: a 32,767-character cell quoted in messages, a file name of 250 bytes, CSV cells that
//   start with + or - (a spreadsheet evaluates "+1-1").
import * as XLSX from 'xlsx';
import { HEADER, makeRows, rng } from './synth.mjs';
import { enc, unzip, zipFile } from './zip.mjs';

const REFUSED = 2;
const CHECKED = [0, 1];
const SHEET = 'xl/worksheets/sheet1.xml';
const SHEET_RELS = 'xl/worksheets/_rels/sheet1.xml.rels';
const RELS_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A file name of 250 bytes (UTF-8): 80 Chinese characters and ".csv". */
export const LONG_NAME = `${'学员通讯录'.repeat(16)}名单.csv`;

export const BUDGETS = [
  { name: 'hyperlink-whole-sheet.xlsx', what: 'a 60-attendee roster with one hyperlink over A1:XFD1048576 (17 billion cells; 11 KB file crashed the page)', code: CHECKED, attendees: 60 },
  { name: 'hyperlink-email-column.xlsx', what: 'a 60-attendee roster whose e-mail column M1:M1048576 is one mailto hyperlink (a genuine file)', code: CHECKED, attendees: 60 },
  { name: 'hyperlinks-many.xlsx', what: 'a 60-attendee roster with 20,000 hyperlinks, each over a whole column', code: CHECKED, attendees: 60 },
  { name: 'merges-whole-sheet.xlsx', what: 'a 60-attendee roster with 50,000 merged ranges over the whole sheet', code: CHECKED, attendees: 60 },
  { name: 'merges-many.xlsx', what: 'a 60-attendee roster with 3,000,000 merged ranges (78 MB of sheet XML)', code: CHECKED, attendees: 60 },
  { name: 'comments-many.xlsx', what: 'a 60-attendee roster with 300,000 comments on empty cells far below the roster', code: CHECKED, attendees: 60 },
  { name: 'array-formula-whole-sheet.xlsx', what: 'a 60-attendee roster with array formulas over A1:XFD1048576', code: CHECKED, attendees: 60 },
  { name: 'cols-all-columns.xlsx', what: 'a 60-attendee roster with 20,000 <col> elements, each over all 16,384 columns', code: CHECKED, attendees: 60 },
  { name: 'hyperlinks-whole-sheet.xls', what: 'a 60-attendee .xls roster whose mailto HLINK record is there 100 times over A1:IV65536 and once over 65,536 × 65,536 cells (SheetJS visits every cell of the range: 77 s for the wide one alone)', code: CHECKED, attendees: 60 },
  { name: 'hyperlink-whole-sheet.xlsb', what: 'a 60-attendee .xlsb roster with one hyperlink record over the whole sheet', code: CHECKED, attendees: 60 },
  { name: 'ranges-whole-sheet.xlsb', what: 'a 60-attendee .xlsb roster with 1,000 merged ranges over the whole sheet and a column-width record over 2^31 columns', code: CHECKED, attendees: 60 },
  { name: 'array-formulas-many.xlsb', what: 'a 60-attendee .xlsb roster, its second sheet 100,000 cells each with an array formula (SheetJS compares every cell with every array formula when it reads formulas, as the .xlsx rewrite does)', code: CHECKED, attendees: 60, fix: /数组公式过多/ },
  { name: 'far-columns.xlsx', what: '100,000 rows, each with one cell in column XFD (1.6 billion cells of table from 100,000 cells)', code: REFUSED, kind: 'too-large', stderr: /分布过散/ },
  { name: 'embedded-12mb.xlsx', what: 'a 60-attendee roster with a 12 MB embedded object (an attachment)', code: CHECKED, attendees: 60 },
  { name: 'long-values.xlsx', what: 'a 60-attendee roster whose names, IDs and e-mails include 32,767-character cells', code: CHECKED, attendees: 60 },
  { name: 'signed-cells.csv', what: 'a CSV roster with cells +1-1, -2-3, =1+1, @x, a tab and a CR in front', code: CHECKED, attendees: 60 },
  { name: LONG_NAME, what: 'a 60-attendee CSV roster whose file name is 250 bytes long', code: CHECKED, attendees: 60 },
];

const text = (entries, name) => new TextDecoder().decode(entries.find((e) => e.name === name).data);
function setText(entries, name, value) {
  const e = entries.find((x) => x.name === name);
  if (e) e.data = enc(value);
  else entries.push({ name, data: enc(value) });
  return entries;
}

/** A 60-attendee roster .xlsx (shared strings, as Excel writes), `edit` changing its entries. */
function roster(seed, edit, rows = [HEADER, ...makeRows(60, seed)]) {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '学员名单');
  const entries = unzip(new Uint8Array(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', bookSST: true })));
  return zipFile(edit ? edit(entries) : entries);
}

/** Add XML after </sheetData> (and, when given, relationships of the sheet). */
function afterSheetData(entries, xml, rels) {
  const sheet = text(entries, SHEET).replace('</sheetData>', `</sheetData>${xml}`);
  setText(entries, SHEET, sheet.includes('xmlns:r=') ? sheet : sheet.replace('<worksheet ', `<worksheet xmlns:r="${RELS_NS}" `));
  if (rels) setText(entries, SHEET_RELS, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>`);
  return entries;
}

function hyperlinks(entries, refs) {
  const links = refs.map((ref, i) => `<hyperlink ref="${ref}" r:id="rId${i + 1}"/>`).join('');
  const rels = refs.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${RELS_NS}/hyperlink" Target="mailto:user${i}@example.com" TargetMode="External"/>`).join('');
  return afterSheetData(entries, `<hyperlinks>${links}</hyperlinks>`, rels);
}

function columnName(c) {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function comments(entries) {
  const list = [];
  for (let i = 0; i < 300_000; i++) list.push(`<comment ref="${columnName(i % 16384)}${200 + Math.floor(i / 3)}" authorId="0"><text><t>x</t></text></comment>`);
  setText(entries, 'xl/comments1.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>a</author></authors><commentList>${list.join('')}</commentList></comments>`);
  const ct = text(entries, '[Content_Types].xml');
  setText(entries, '[Content_Types].xml', ct.replace('</Types>', '<Override PartName="/xl/comments1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/></Types>'));
  return afterSheetData(entries, '', `<Relationship Id="rId1" Type="${RELS_NS}/comments" Target="../comments1.xml"/>`);
}

function arrayFormulas(entries) {
  // Array formulas in the empty cells O1:O1000, each over the whole sheet.
  const rows = [];
  for (let r = 1; r <= 1000; r++) rows.push(`<row r="${r + 100}"><c r="O${r + 100}"><f t="array" ref="A1:XFD1048576">1</f><v>1</v></c></row>`);
  return setText(entries, SHEET, text(entries, SHEET).replace('</sheetData>', `${rows.join('')}</sheetData>`));
}

function cols(entries) {
  const xml = text(entries, SHEET);
  return setText(entries, SHEET, xml.replace('<sheetData', `<cols>${'<col min="1" max="16384" width="12" customWidth="1"/>'.repeat(20_000)}</cols><sheetData`));
}

function embedded(entries) {
  const r = rng(12);
  const data = new Uint8Array(12 * 1024 * 1024);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(r() * 256);
  entries.push({ name: 'xl/embeddings/oleObject1.bin', data });
  const ct = text(entries, '[Content_Types].xml');
  return setText(entries, '[Content_Types].xml', ct.replace('</Types>', '<Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.oleObject"/></Types>'));
}

/** An .xlsb roster whose first cell has a hyperlink, its record then widened to the whole sheet. */
function xlsbHyperlink() {
  const wb = XLSX.utils.book_new();
  const ws = XLSX.utils.aoa_to_sheet([HEADER, ...makeRows(60, 41)]);
  ws.M2.l = { Target: 'mailto:user1@example.com' };
  XLSX.utils.book_append_sheet(wb, ws, '学员名单');
  const entries = unzip(new Uint8Array(XLSX.write(wb, { type: 'buffer', bookType: 'xlsb' })));
  const sheet = entries.find((e) => /sheet1\.bin$/.test(e.name));
  const d = Buffer.from(sheet.data);
  // BrtHLink (0x01EE): type as two bytes EE 03, then the size, then rfx (rwFirst, rwLast, colFirst, colLast).
  const at = d.indexOf(Buffer.from([0xee, 0x03]));
  if (at < 0) throw new Error('no BrtHLink record');
  let p = at + 2;
  while (d[p] & 0x80) p++;
  p++;
  d.writeUInt32LE(0, p);
  d.writeUInt32LE(1048575, p + 4);
  d.writeUInt32LE(0, p + 8);
  d.writeUInt32LE(16383, p + 12);
  sheet.data = d;
  return zipFile(entries);
}

/**
 * An .xls (BIFF8) roster whose one hyperlink record (HLINK, 0x01B8: its range rwFirst, rwLast,
 * colFirst, colLast as 16-bit numbers, first in its data) is copied 100 times over A1:IV65536 and
 * once over 65,536 rows by 65,536 columns.
 */
function xlsHyperlinks() {
  const wb = XLSX.utils.book_new();
  const ws = XLSX.utils.aoa_to_sheet([HEADER, ...makeRows(60, 49)]);
  ws.M2.l = { Target: 'mailto:user1@example.com' };
  XLSX.utils.book_append_sheet(wb, ws, '学员名单');
  const cfb = XLSX.CFB.read(XLSX.write(wb, { type: 'buffer', bookType: 'xls' }), { type: 'buffer' });
  const entry = cfb.FileIndex[cfb.FullPaths.findIndex((p) => /\/Workbook$/.test(p))];
  const d = Buffer.from(entry.content);
  let at = -1;
  for (let p = 0; p + 4 <= d.length && at < 0; p += 4 + d.readUInt16LE(p + 2)) if (d.readUInt16LE(p) === 0x01b8) at = p;
  if (at < 0) throw new Error('no HLINK record');
  const record = d.subarray(at, at + 4 + d.readUInt16LE(at + 2));
  const widened = (lastCol) => {
    const r = Buffer.from(record);
    r.writeUInt16LE(0, 4);
    r.writeUInt16LE(65535, 6);
    r.writeUInt16LE(0, 8);
    r.writeUInt16LE(lastCol, 10);
    return r;
  };
  entry.content = Buffer.concat([d.subarray(0, at), ...Array.from({ length: 100 }, () => widened(255)), widened(65535), d.subarray(at + record.length)]);
  entry.size = entry.content.length;
  return new Uint8Array(XLSX.CFB.write(cfb, { type: 'buffer' }));
}

/** An .xlsb roster with merges over the whole sheet and a column-width record over 2^31 columns. */
function xlsbRanges() {
  const wb = XLSX.utils.book_new();
  const ws = XLSX.utils.aoa_to_sheet([HEADER, ...makeRows(60, 42)]);
  ws['!merges'] = Array.from({ length: 1000 }, () => ({ s: { r: 0, c: 0 }, e: { r: 1048575, c: 16383 } }));
  ws['!cols'] = [{ wch: 8 }];
  XLSX.utils.book_append_sheet(wb, ws, '学员名单');
  const entries = unzip(new Uint8Array(XLSX.write(wb, { type: 'buffer', bookType: 'xlsb' })));
  const sheet = entries.find((e) => /sheet1\.bin$/.test(e.name));
  const d = Buffer.from(sheet.data);
  // BrtColInfo (0x3C, one byte), its size, then colFirst and colLast: the range made 2^31 wide.
  const at = d.indexOf(Buffer.from([0x3c, 0x12]));
  if (at < 0) throw new Error('no BrtColInfo record');
  d.writeUInt32LE(0x7fffffff, at + 6);
  sheet.data = d;
  return zipFile(entries);
}

/** An .xlsb of the roster and a second sheet of 100,000 number cells, each with an array formula. */
function xlsbArrayFormulas() {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([HEADER, ...makeRows(60, 48)]), '学员名单');
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['说明']]), '说明');
  const entries = unzip(new Uint8Array(XLSX.write(wb, { type: 'buffer', bookType: 'xlsb' })));
  const sheet = entries.find((e) => /sheet2\.bin$/.test(e.name));
  const d = Buffer.from(sheet.data);
  // The first BrtRowHdr (type 0, size 25) is the row template; BrtEndSheetData (0x92 0x01, size 0) ends the rows.
  const rowAt = d.indexOf(Buffer.from([0x00, 0x19]));
  const endAt = d.indexOf(Buffer.from([0x92, 0x01, 0x00]));
  if (rowAt < 0 || endAt < 0) throw new Error('no row records');
  const extra = [];
  for (let r = 1; r <= 10_000; r++) {
    const h = Buffer.from(d.subarray(rowAt, rowAt + 27));
    h.writeUInt32LE(r, 2);
    extra.push(h);
    for (let c = 0; c < 10; c++) {
      const cell = Buffer.from([0x02, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0x06, 0, 0, 0]); // BrtCellRk, value 1
      cell.writeUInt32LE(c, 2);
      const f = Buffer.alloc(31); // BrtArrFmla over this cell: rfx, flags, cce 3, PtgInt 1, cb 0
      f.set([0xaa, 0x03, 28]);
      f.writeUInt32LE(r, 3);
      f.writeUInt32LE(r, 7);
      f.writeUInt32LE(c, 11);
      f.writeUInt32LE(c, 15);
      f.writeUInt32LE(3, 20);
      f.set([0x1e, 0x01, 0x00], 24);
      extra.push(cell, f);
    }
  }
  sheet.data = Buffer.concat([d.subarray(0, endAt), ...extra, d.subarray(endAt)]);
  return zipFile(entries);
}

/** 100,000 rows with one number cell each, in the last column. */
function farColumns() {
  const rows = [];
  for (let r = 1; r <= 100_000; r++) rows.push(`<row r="${r}"><c r="XFD${r}"><v>1</v></c></row>`);
  return roster(46, (entries) => setText(entries, SHEET, text(entries, SHEET).replace(/<sheetData>[\s\S]*<\/sheetData>/, `<sheetData>${rows.join('')}</sheetData>`)));
}

function longValues() {
  const rows = [HEADER, ...makeRows(60, 43)];
  const long = (ch) => ch.repeat(32_767);
  rows[3][1] = long('张');
  rows[4][4] = long('1');
  rows[5][12] = long('a');
  rows[6][11] = long('8');
  rows[7][6] = long('省');
  return roster(43, undefined, rows);
}

function signedCsv() {
  const rows = [HEADER, ...makeRows(60, 44)];
  const cells = ['+1-1', '-2-3', '=1+1', '@x', '\t=2+2', '\r=3+3'];
  cells.forEach((v, i) => (rows[2 + i][5] = v));
  const field = (v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return enc(`\ufeff${rows.map((r) => r.map(field).join(',')).join('\r\n')}\r\n`);
}

/** name → bytes for every file of this group. */
export function budgetFiles() {
  return {
    'hyperlink-whole-sheet.xlsx': roster(31, (e) => hyperlinks(e, ['A1:XFD1048576'])),
    'hyperlink-email-column.xlsx': roster(32, (e) => hyperlinks(e, ['M1:M1048576'])),
    'hyperlinks-many.xlsx': roster(33, (e) => hyperlinks(e, Array.from({ length: 20_000 }, (_, i) => `${columnName(i % 16384)}1:${columnName(i % 16384)}1048576`))),
    'merges-whole-sheet.xlsx': roster(34, (e) => afterSheetData(e, `<mergeCells count="50000">${'<mergeCell ref="A1:XFD1048576"/>'.repeat(50_000)}</mergeCells>`)),
    'merges-many.xlsx': roster(47, (e) => afterSheetData(e, `<mergeCells count="3000000">${'<mergeCell ref="A1:B2"/>'.repeat(3_000_000)}</mergeCells>`)),
    'comments-many.xlsx': roster(35, comments),
    'array-formula-whole-sheet.xlsx': roster(36, arrayFormulas),
    'cols-all-columns.xlsx': roster(37, cols),
    'hyperlinks-whole-sheet.xls': xlsHyperlinks(),
    'hyperlink-whole-sheet.xlsb': xlsbHyperlink(),
    'ranges-whole-sheet.xlsb': xlsbRanges(),
    'array-formulas-many.xlsb': xlsbArrayFormulas(),
    'far-columns.xlsx': farColumns(),
    'embedded-12mb.xlsx': roster(39, embedded),
    'long-values.xlsx': longValues(),
    'signed-cells.csv': signedCsv(),
    [LONG_NAME]: enc(`${[HEADER, ...makeRows(60, 45)].map((r) => r.join(',')).join('\r\n')}\r\n`),
  };
}
