// Files of the hostile corpus (scripts/make-hostile.mjs) that a hospital really has and that were
// misread: old Excel 95 / Excel 2.x files in code page 936, "xls" files that are GBK HTML or XML
// exports of other systems, HTML exports that mark IDs as text, a workbook with a hidden clean
// copy of the roster, a NUL in a CSV; and text built to make per-cell work slow or to drive a
// terminal (combining marks, escape sequences). Deterministic; synthetic people only.
import * as XLSX from 'xlsx';
import { HEADER, encodeGbk, makeRows } from './synth.mjs';
import { enc } from './zip.mjs';

const REFUSED = 2;
const CHECKED = [0, 1];

export const LEGACY = [
  { name: 'hidden-clean-copy.xlsx', what: 'a very hidden sheet with a clean copy of the roster before the visible roster, which has 10 wrong ID check characters', code: CHECKED, rules: ['id.checksum'] },
  { name: 'hidden-only-roster.xlsx', what: 'a visible instructions sheet and the roster on a hidden sheet', code: CHECKED },
  { name: 'biff5-cp936.xls', what: 'an Excel 95 (BIFF5) roster whose text is in code page 936 (GBK)', code: CHECKED },
  { name: 'biff2-cp936.xls', what: 'an Excel 2.1 (BIFF2, no OLE container) roster in code page 936', code: CHECKED },
  { name: 'biff4-cp936.xls', what: 'an Excel 4.0 (BIFF4 worksheet, no OLE container) roster in code page 936, records written by hand', code: CHECKED },
  { name: 'html-gbk-meta.xls', what: 'an HTML export in GBK declared by <meta http-equiv> (charset=gb2312), IDs and phones styled mso-number-format:\'\\@\'', code: CHECKED },
  { name: 'html-text-marks.xls', what: 'a UTF-8 HTML export whose IDs are marked text by x:str, by a class with mso-number-format:"\\@" and by an inline style', code: CHECKED },
  { name: 'xml2003-gbk.xls', what: 'a SpreadsheetML 2003 workbook in GBK declared by encoding="GB2312"', code: CHECKED },
  { name: 'xml2003-utf16.xls', what: 'a SpreadsheetML 2003 workbook in UTF-16 with a BOM (encoding="UTF-16")', code: CHECKED },
  { name: 'html-utf16-merges.xls', what: 'an HTML table in UTF-16 with a BOM and 20,000 colspan cells (merges must be counted in the text, not the bytes)', code: REFUSED, kind: 'too-large', stderr: /合并单元格过多/ },
  { name: 'csv-nul.csv', what: 'a UTF-8 CSV roster with one NUL and one BEL character inside name cells', code: CHECKED },
  { name: 'combining-marks.xlsx', what: 'a 60-row roster with 30 rows whose name, ID, title and phone are 32,767 combining marks each', code: CHECKED },
  { name: 'ansi-escapes.csv', what: 'a CSV roster with terminal escape sequences (clear screen, colours, window title, C1 CSI) in cells', code: CHECKED },
];

/** A clean roster: header + n attendees. */
const roster = (n, seed) => [HEADER, ...makeRows(n, seed)];
const COL = Object.fromEntries(HEADER.map((h, i) => [h, i]));

function xlsxBook(sheets, hidden = []) {
  const wb = XLSX.utils.book_new();
  for (const [name, aoa] of sheets) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), name);
  wb.Workbook = { Sheets: sheets.map((_, i) => ({ Hidden: hidden[i] ?? 0 })) };
  return new Uint8Array(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', bookSST: true, compression: true }));
}

/** Ten attendees with a wrong ID check character (the next one of "0123456789X"). */
function withWrongChecks(rows) {
  const out = rows.map((r) => [...r]);
  for (let i = 1; i <= 10; i++) {
    const id = out[i * 5][COL['证件号码']];
    const next = '0123456789X'['0123456789X'.indexOf(id.at(-1)) + 1] ?? '0';
    out[i * 5][COL['证件号码']] = id.slice(0, -1) + next;
  }
  return out;
}

// --- BIFF in code page 936 -------------------------------------------------------------------
// SheetJS writes BIFF5 and BIFF2 with 8-bit text, replacing what is not Latin-1 by "_". So each
// text is written as ASCII placeholders as long as its GBK bytes, and the GBK bytes are put in
// their place afterwards (no record changes length, so no stream offset moves); the CODEPAGE
// record says 936.

/** rows with every text replaced by "x" × its GBK length, and the GBK bytes by position. */
function placeholders(rows) {
  return rows.map((r) => r.map((v) => 'x'.repeat(encodeGbk(v).length)));
}

const CODEPAGE_936 = [0x42, 0x00, 0x02, 0x00, 0xa8, 0x03];

function biff5Cp936(rows, sheetName) {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(placeholders(rows)), 'x'.repeat(encodeGbk(sheetName).length));
  const cfb = XLSX.CFB.read(XLSX.write(wb, { type: 'buffer', bookType: 'biff5' }), { type: 'buffer' });
  const entry = XLSX.CFB.find(cfb, 'Book');
  const s = Buffer.from(entry.content);
  for (let p = 0; p + 4 <= s.length; p += 4 + s.readUInt16LE(p + 2)) {
    const type = s.readUInt16LE(p);
    if (type === 0x0042) s.writeUInt16LE(936, p + 4); // CODEPAGE
    if (type === 0x0085) Buffer.from(encodeGbk(sheetName)).copy(s, p + 4 + 7); // BOUNDSHEET: offset, state, type, cch, name
    if (type === 0x0204) {
      // LABEL: row, col, XF index, cch (2 bytes), text.
      const r = s.readUInt16LE(p + 4);
      const c = s.readUInt16LE(p + 6);
      Buffer.from(encodeGbk(rows[r][c])).copy(s, p + 4 + 8);
    }
  }
  entry.content = s;
  return new Uint8Array(XLSX.CFB.write(cfb, { type: 'buffer' }));
}

function biff2Cp936(rows) {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(placeholders(rows)), 'Sheet1');
  const s = Buffer.from(XLSX.write(wb, { type: 'buffer', bookType: 'biff2' }));
  for (let p = 0; p + 4 <= s.length; p += 4 + s.readUInt16LE(p + 2)) {
    if (s.readUInt16LE(p) !== 0x0004) continue;
    // LABEL (BIFF2): row, col, 3 attribute bytes, cch (1 byte), text.
    const r = s.readUInt16LE(p + 4);
    const c = s.readUInt16LE(p + 6);
    Buffer.from(encodeGbk(rows[r][c])).copy(s, p + 4 + 8);
  }
  // A CODEPAGE record right after the BOF (BIFF2 has no stream offsets to move).
  const bofEnd = 4 + s.readUInt16LE(2);
  return new Uint8Array(Buffer.concat([s.subarray(0, bofEnd), Buffer.from(CODEPAGE_936), s.subarray(bofEnd)]));
}

/**
 * An Excel 4.0 worksheet: BOF (BIFF4, worksheet), CODEPAGE 936, a LABEL record per cell (row,
 * column, XF index, length, GBK bytes), EOF. SheetJS cannot write BIFF3/4.
 */
function biff4Cp936(rows) {
  const rec = (type, body) => {
    const b = Buffer.alloc(4 + body.length);
    b.writeUInt16LE(type, 0);
    b.writeUInt16LE(body.length, 2);
    Buffer.from(body).copy(b, 4);
    return b;
  };
  const u16 = (...v) => {
    const b = Buffer.alloc(2 * v.length);
    v.forEach((x, i) => b.writeUInt16LE(x, 2 * i));
    return b;
  };
  const parts = [rec(0x0409, u16(0, 0x0010, 0)), rec(0x0042, u16(936))];
  rows.forEach((r, ri) =>
    r.forEach((v, ci) => {
      const text = Buffer.from(encodeGbk(v));
      parts.push(rec(0x0204, Buffer.concat([u16(ri, ci, 0, text.length), text])));
    }),
  );
  parts.push(rec(0x000a, Buffer.alloc(0)));
  return new Uint8Array(Buffer.concat(parts));
}

// --- Markup "xls" ----------------------------------------------------------------------------

const esc = (v) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const TEXT_COLUMNS = new Set([COL['证件号码'], COL['手机号码']]);

/** An HTML export as Excel and report tools write it; `cell` writes one data cell's <td>. */
function htmlExport(rows, head, cell) {
  const body = rows.map((r, i) => `<tr>${r.map((v, c) => (i === 0 ? `<td>${esc(v)}</td>` : cell(v, c, i))).join('')}</tr>`).join('\n');
  return `<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns="http://www.w3.org/TR/REC-html40">\n<head>${head}</head>\n<body>\n<table border=1>\n${body}\n</table>\n</body>\n</html>\n`;
}

function htmlGbkMeta(rows) {
  const head = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>学员名单</title>';
  const html = htmlExport(rows, head, (v, c) => (TEXT_COLUMNS.has(c) ? `<td style="mso-number-format:'\\@'">${esc(v)}</td>` : `<td>${esc(v)}</td>`));
  return encodeGbk(html);
}

function htmlTextMarks(rows) {
  const head = '<meta charset="utf-8"><style><!--\ntable {mso-displayed-decimal-separator:"\\.";}\n.xl24, .xl65\n\t{mso-style-parent:style0;\n\tmso-number-format:"\\@";}\n.xl66 {mso-number-format:"0";}\n--></style>';
  // Rows take turns: x:str, a text class, an inline style without quotes; phones as text too.
  const html = htmlExport(rows, head, (v, c, i) => {
    if (!TEXT_COLUMNS.has(c)) return `<td class=xl66>${esc(v)}</td>`;
    switch (i % 3) {
      case 0:
        return `<td x:str>${esc(v)}</td>`;
      case 1:
        return `<td class="xl65 other">${esc(v)}</td>`;
      default:
        return `<td style="mso-number-format:\\@">${esc(v)}</td>`;
    }
  });
  return enc(html);
}

function xml2003(rows, sheetName, encoding) {
  const cells = (r) => `<Row>${r.map((v) => `<Cell><Data ss:Type="String">${esc(v)}</Data></Cell>`).join('')}</Row>`;
  return `<?xml version="1.0" encoding="${encoding}"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="${sheetName}"><Table>${rows.map(cells).join('\n')}</Table></Worksheet></Workbook>\n`;
}

const utf16 = (text) => new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));

function htmlUtf16Merges() {
  const out = ['<html><body><table><tr><td>姓名</td><td>证件号码</td><td>手机号码</td></tr>'];
  for (let i = 0; i < 20_000; i++) out.push(`${i % 10 === 0 ? '<tr>' : ''}<td colspan="2">1</td>`);
  out.push('</table></body></html>');
  return utf16(out.join(''));
}

// --- Text --------------------------------------------------------------------------------------

const csv = (rows) => rows.map((r) => r.map((v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')).join('\r\n');

function csvNul() {
  const rows = roster(60, 31);
  rows[7][COL['姓名']] = `${rows[7][COL['姓名']]}\u0000`;
  rows[20][COL['姓名']] = `\u0007${rows[20][COL['姓名']]}`;
  return enc(`${csv(rows)}\r\n`);
}

/** 32,767 combining marks (Excel's cell limit), of alternating combining classes. */
export const COMBINING = Array.from({ length: 32767 }, (_, i) => (i % 2 ? '\u0301' : '\u0316')).join('');

function combiningMarks() {
  const rows = roster(60, 32);
  for (let i = 1; i <= 30; i++) for (const col of ['姓名', '证件号码', '职称', '手机号码']) rows[i * 2][COL[col]] = COMBINING;
  return xlsxBook([['学员名单', rows]]);
}

/** Escape sequences a terminal acts on, each in a cell whose rule quotes it. */
export const ESCAPES = ['\u001b[2J\u001b[H已清屏', '\u001b[31m红字\u001b[0m', '\u001b]0;窗口标题\u0007', '\u009b31m八位控制', '\u001b[8m隐藏\u001b[28m', '退格\b\b\b\b覆盖'];

function ansiEscapes() {
  const rows = roster(60, 33);
  const cols = ['职称', '学历', '所在学科', '性别', '电子邮箱', '单位所在省份'];
  ESCAPES.forEach((v, i) => {
    rows[3 + i][COL[cols[i]]] = v;
  });
  return enc(`\ufeff${csv(rows)}\r\n`);
}

/** name → bytes for every file above. */
export function legacyFiles() {
  const clean = roster(60, 30);
  return {
    'hidden-clean-copy.xlsx': xlsxBook([['备份', clean], ['学员名单', withWrongChecks(clean)]], [2, 0]),
    'hidden-only-roster.xlsx': xlsxBook([['填表说明', [['填表说明'], ['请在下一张表中填写学员信息']]], ['学员名单', clean]], [0, 1]),
    'biff5-cp936.xls': biff5Cp936(clean, '学员名单'),
    'biff2-cp936.xls': biff2Cp936(clean),
    'biff4-cp936.xls': biff4Cp936(clean),
    'html-gbk-meta.xls': htmlGbkMeta(clean),
    'html-text-marks.xls': htmlTextMarks(clean),
    'xml2003-gbk.xls': encodeGbk(xml2003(clean, '学员名单', 'GB2312')),
    'xml2003-utf16.xls': utf16(xml2003(clean, '学员名单', 'UTF-16')),
    'html-utf16-merges.xls': htmlUtf16Merges(),
    'csv-nul.csv': csvNul(),
    'combining-marks.xlsx': combiningMarks(),
    'ansi-escapes.csv': ansiEscapes(),
  };
}
