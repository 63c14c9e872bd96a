// Crafted files that aim at the gaps between our reader's checks and SheetJS's own parsing (found by
// a second reader of src/lib/io/read.ts and limits.ts): each makes SheetJS see something other
// than what a naive check sees. Part of the hostile corpus (scripts/make-hostile.mjs). Deterministic.
import zlib from 'node:zlib';
import * as XLSX from 'xlsx';
import { HEADER, makeRows } from './synth.mjs';
import { concat, crc32, enc, endRecord, unzip, zipFile, zipParts } from './zip.mjs';

const REFUSED = 2;
const CHECKED = [0, 1];

export const CRAFTED = [
  { name: 'zip-second-end-record.xlsx', what: 'a roster zip with a second end-of-directory record 20 bytes from the end, pointing at a 3-million-cell sheet (SheetJS reads that one; it does not fit, so the zip is broken)', code: REFUSED, kind: 'corrupt', stderr: /损坏或不完整/ },
  { name: 'zip-bin-name-mismatch.xlsx', what: 'the sheet named .bin in the central directory, .xml in the local header (SheetJS uses), 5 million cells: the headers disagree', code: REFUSED, kind: 'corrupt', stderr: /损坏或不完整/ },
  { name: 'zip-upper-bin.xlsx', what: 'a 5-million-cell XML sheet named sheet1.BIN (SheetJS parses it as XML)', code: REFUSED, kind: 'too-large', stderr: /单元格过多/ },
  { name: 'xlsb-many-cells.xlsb', what: 'an .xlsb whose binary sheet holds 3 million number records', code: REFUSED, kind: 'too-large', stderr: /单元格过多/ },
  { name: 'zip-utf16-sheet.xlsx', what: 'a sheet part in UTF-16 with a BOM (SheetJS decodes it), 2.6 million cells', code: REFUSED, kind: 'too-large', stderr: /单元格过多/ },
  { name: 'zip64-two-fields.xlsx', what: 'two ZIP64 size fields on the sheet, the true size first and 500 MB last (SheetJS allocates the last): not a valid zip', code: REFUSED, kind: 'corrupt', stderr: /损坏或不完整/ },
  { name: 'zip64-short-extra.xlsx', what: 'a sound roster whose sheet has a ZIP64 extra field of 8 bytes declaring 1.5 GB (SheetJS reads it and allocates that; 464 MB in the command line, a crashed page): read from the true sizes', code: CHECKED },
  { name: 'zip-descriptor-warning.xlsx', what: 'a sound roster whose data descriptor disagrees by one byte (SheetJS prints a warning)', code: CHECKED },
  { name: 'ole-decoy-workbook.xls', what: 'an .xls whose root stream Book holds 1.6 million cells, with a small Workbook stream in a sub-storage as a decoy', code: REFUSED, kind: 'too-large', stderr: /单元格过多/ },
  { name: 'ole-5000-entries.xls', what: 'an OLE container with 5,000 directory entries (SheetJS reads directories in quadratic time)', code: REFUSED, kind: 'too-large', stderr: /部件过多/ },
  { name: 'html-merges.xls', what: 'an HTML table named .xls with 20,000 colspan cells (SheetJS compares every cell with every merge)', code: REFUSED, kind: 'too-large', stderr: /合并单元格过多/ },
  { name: 'one-line-30mb.csv', what: 'a header, then one line of 30 million commas', code: REFUSED, kind: 'too-large', stderr: /16384 列/ },
  { name: 'utf8-one-bad-byte.csv', what: 'a UTF-8 roster without BOM with one stray Latin-1 byte in an e-mail', code: CHECKED },
  { name: 'bom-space-markup.xls', what: 'a UTF-8 BOM, a space, then a 2-million-cell tab-separated text starting with "<"', code: REFUSED, kind: null },
];

function workbookBytes(bookType) {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([HEADER, ...makeRows(50, 7)]), '学员名单');
  return Buffer.from(XLSX.write(wb, { type: 'buffer', bookType, compression: true }));
}
const rosterEntries = () => unzip(workbookBytes('xlsx'));
const zip = zipFile;
const SHEET = 'xl/worksheets/sheet1.xml';

/** Sheet XML of rows × cols tiny number cells (compresses to almost nothing). */
function cellsXml(rows, cols) {
  const row = '<c><v>1</v></c>'.repeat(cols);
  const out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'];
  for (let r = 1; r <= rows; r++) out.push(`<row r="${r}">${row}</row>`);
  out.push('</sheetData></worksheet>');
  return Buffer.from(out.join(''));
}

// --- The files ---------------------------------------------------------------------------------

function secondEndRecord() {
  const benign = rosterEntries();
  const { local, central } = zipParts([...benign, { name: SHEET, data: cellsXml(100_000, 30) }]);
  const at = benign.findIndex((e) => e.name === SHEET);
  const data = concat(local);
  const real = concat(central.slice(0, benign.length));
  const fake = concat(central.slice(0, benign.length).map((c, i) => (i === at ? central[benign.length] : c)));
  const fakeStart = data.length;
  const realStart = data.length + fake.length;
  // The real record 22 bytes from the end (after it, 20 more bytes: the start of another record).
  return concat([data, fake, real, endRecord(benign.length, real.length, realStart), endRecord(benign.length, fake.length, fakeStart).subarray(0, 20)]);
}

function binNameMismatch() {
  return zip(rosterEntries().map((e) => (e.name === SHEET ? { name: SHEET, centralName: 'xl/worksheets/sheet1.bin', data: cellsXml(100_000, 50) } : e)));
}

function upperBin() {
  return zip(
    rosterEntries().map((e) => {
      if (e.name === SHEET) return { name: 'xl/worksheets/sheet1.BIN', data: cellsXml(100_000, 50) };
      if (e.name === 'xl/_rels/workbook.xml.rels' || e.name === '[Content_Types].xml') return { name: e.name, data: enc(new TextDecoder().decode(e.data).replace('sheet1.xml', 'sheet1.BIN')) };
      return e;
    }),
  );
}

/** BIFF12 records of the sheet: [type, start, end of header, end]. */
function records(d) {
  const out = [];
  for (let p = 0; p < d.length; ) {
    const s = p;
    let t = d[p++];
    if (t & 0x80) t = (t & 0x7f) | (d[p++] << 7);
    let n = 0;
    let shift = 0;
    let b;
    do {
      b = d[p++];
      n |= (b & 0x7f) << shift;
      shift += 7;
    } while (b & 0x80);
    out.push({ t, s, h: p, e: p + n });
    p += n;
  }
  return out;
}

function xlsbManyCells() {
  const entries = unzip(workbookBytes('xlsb'));
  const sheet = entries.find((e) => /sheet1\.bin$/.test(e.name));
  const d = sheet.data;
  const recs = records(d);
  const rowHeader = recs.find((r) => r.t === 0); // BrtRowHdr
  const end = recs.find((r) => r.t === 0x92); // BrtEndSheetData
  const rows = 75_000;
  const cols = 40;
  const extra = [];
  const rk = Buffer.from([0x02, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0x06, 0, 0, 0]); // BrtCellRk, value 1
  for (let r = 100; r < 100 + rows; r++) {
    const h = Buffer.from(d.subarray(rowHeader.s, rowHeader.e));
    h.writeUInt32LE(r, rowHeader.h - rowHeader.s);
    extra.push(h);
    const row = Buffer.alloc(14 * cols);
    for (let c = 0; c < cols; c++) {
      rk.copy(row, 14 * c);
      row.writeUInt32LE(c, 14 * c + 2);
    }
    extra.push(row);
  }
  sheet.data = Buffer.concat([d.subarray(0, end.s), ...extra, d.subarray(end.s)]);
  return zip(entries);
}

function utf16Sheet() {
  return zip(rosterEntries().map((e) => (e.name === SHEET ? { name: SHEET, data: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(cellsXml(100_000, 26).toString('latin1'), 'utf16le')]) } : e)));
}

function zip64TwoFields() {
  const field = (usz, csz) => {
    const b = Buffer.alloc(20);
    b.writeUInt16LE(1, 0);
    b.writeUInt16LE(16, 2);
    b.writeBigUInt64LE(BigInt(usz), 4);
    b.writeBigUInt64LE(BigInt(csz), 12);
    return b;
  };
  return zip(
    rosterEntries().map((e) => {
      if (e.name !== SHEET) return e;
      const deflated = zlib.deflateRawSync(e.data);
      // Sizes 0xFFFFFFFF in the headers (zip64), both fields in the extra data of both headers.
      return { name: e.name, deflated, crc: crc32(e.data), size: e.data.length, zip64: true, extra: concat([field(e.data.length, deflated.length), field(500e6, deflated.length)]) };
    }),
  );
}

function zip64ShortExtra() {
  // The headers hold the true sizes; a ZIP64 field (id 1) of 8 bytes says 1.5 GB. By the zip
  // specification the field holds only the values whose header field is 0xFFFFFFFF (none here).
  const field = Buffer.alloc(12);
  field.writeUInt16LE(1, 0);
  field.writeUInt16LE(8, 2);
  field.writeBigUInt64LE(1_500_000_000n, 4);
  return zip(
    rosterEntries().map((e) => {
      if (e.name !== SHEET) return e;
      return { name: e.name, deflated: zlib.deflateRawSync(e.data), crc: crc32(e.data), size: e.data.length, extra: field };
    }),
  );
}

function descriptorWarning() {
  // Sizes only in a data descriptor, whose uncompressed size is one more than the central one.
  return zip(rosterEntries().map((e) => (e.name === SHEET ? { ...e, lie: { descriptor: true, descriptorUsz: e.data.length + 1 } } : e)));
}

function oleDecoy() {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([HEADER, ...makeRows(50, 7)]), '学员名单');
  const xls = XLSX.write(wb, { type: 'buffer', bookType: 'biff8' });
  const small = Buffer.from(XLSX.CFB.find(XLSX.CFB.read(xls, { type: 'buffer' }), 'Workbook').content);
  let lastEof = -1;
  for (let p = 0; p + 4 <= small.length; p += 4 + small.readUInt16LE(p + 2)) if (small.readUInt16LE(p) === 0x000a) lastEof = p;
  // MULRK records of 250 cells each: 1.6 million cells in about 10 MB.
  const cols = 250;
  const recs = [];
  for (let r = 60; r < 60 + 6400; r++) {
    const b = Buffer.alloc(4 + 6 + 6 * cols);
    b.writeUInt16LE(0x00bd, 0);
    b.writeUInt16LE(6 + 6 * cols, 2);
    b.writeUInt16LE(r, 4);
    for (let c = 0; c < cols; c++) {
      b.writeUInt16LE(15, 8 + 6 * c);
      b.writeInt32LE((1 << 2) | 2, 10 + 6 * c);
    }
    b.writeUInt16LE(cols - 1, 8 + 6 * cols);
    recs.push(b);
  }
  const big = Buffer.concat([small.subarray(0, lastEof), ...recs, small.subarray(lastEof)]);
  const cfb = XLSX.CFB.utils.cfb_new();
  XLSX.CFB.utils.cfb_add(cfb, '/Book', big);
  XLSX.CFB.utils.cfb_add(cfb, '/Sub/Workbook', small);
  return Buffer.from(XLSX.CFB.write(cfb, { type: 'buffer' }));
}

/** An OLE container (4096-byte sectors) whose directory is n empty streams chained as siblings. */
function oleEntries(n) {
  const SS = 4096;
  const dirSectors = Math.ceil(n / 32);
  let fatSectors = 1;
  while (fatSectors * 1024 < dirSectors + fatSectors) fatSectors++;
  const buf = Buffer.alloc(SS * (1 + fatSectors + dirSectors));
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(buf, 0);
  buf.writeUInt16LE(0x3e, 24);
  buf.writeUInt16LE(4, 26);
  buf.writeUInt16LE(0xfffe, 28);
  buf.writeUInt16LE(12, 30);
  buf.writeUInt16LE(6, 32);
  buf.writeUInt32LE(dirSectors, 40);
  buf.writeUInt32LE(fatSectors, 44);
  buf.writeUInt32LE(fatSectors, 48);
  buf.writeUInt32LE(4096, 56);
  buf.writeInt32LE(-2, 60);
  buf.writeInt32LE(-2, 68);
  for (let i = 0; i < 109; i++) buf.writeInt32LE(i < fatSectors ? i : -1, 76 + 4 * i);
  const fat = (k, v) => buf.writeInt32LE(v, SS * (1 + Math.floor(k / 1024)) + 4 * (k % 1024));
  for (let k = 0; k < fatSectors; k++) fat(k, -3);
  for (let k = 0; k < dirSectors; k++) fat(fatSectors + k, k === dirSectors - 1 ? -2 : fatSectors + k + 1);
  for (let k = fatSectors + dirSectors; k < fatSectors * 1024; k++) fat(k, -1);
  for (let i = 0; i < n; i++) {
    const o = SS * (1 + fatSectors) + 128 * i;
    const name = i === 0 ? 'Root Entry' : `s${i}`;
    buf.write(name, o, 'utf16le');
    buf.writeUInt16LE(2 * name.length + 2, o + 64);
    buf[o + 66] = i === 0 ? 5 : 2;
    buf[o + 67] = 1;
    buf.writeInt32LE(-1, o + 68);
    buf.writeInt32LE(i === 0 || i === n - 1 ? -1 : i + 1, o + 72);
    buf.writeInt32LE(i === 0 ? 1 : -1, o + 76);
    buf.writeInt32LE(-2, o + 116);
  }
  return buf;
}

function htmlMerges() {
  const out = ['<html><body><table><tr><td>姓名</td><td>证件号码</td><td>手机号码</td></tr>'];
  for (let i = 0; i < 20_000; i++) out.push(`${i % 10 === 0 ? '<tr>' : ''}<td colspan="2">1</td>`);
  out.push('</table></body></html>');
  return enc(out.join(''));
}

function utf8OneBadByte() {
  const good = Buffer.from(`${[HEADER, ...makeRows(200, 3)].map((r) => r.join(',')).join('\r\n')}\r\n`, 'utf8');
  const at = good.indexOf('@');
  return Buffer.concat([good.subarray(0, at), Buffer.from([0xe9]), good.subarray(at)]);
}

function bomSpaceMarkup() {
  const row = `${Array.from({ length: 20 }, () => '1').join('\t')}\n`;
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0x20]), Buffer.from(`<b>\t姓名\n${row.repeat(100_000)}`)]);
}

/** name → bytes for every crafted file. */
export function craftedFiles() {
  return {
    'zip-second-end-record.xlsx': secondEndRecord(),
    'zip-bin-name-mismatch.xlsx': binNameMismatch(),
    'zip-upper-bin.xlsx': upperBin(),
    'xlsb-many-cells.xlsb': xlsbManyCells(),
    'zip-utf16-sheet.xlsx': utf16Sheet(),
    'zip64-two-fields.xlsx': zip64TwoFields(),
    'zip64-short-extra.xlsx': zip64ShortExtra(),
    'zip-descriptor-warning.xlsx': descriptorWarning(),
    'ole-decoy-workbook.xls': oleDecoy(),
    'ole-5000-entries.xls': oleEntries(5000),
    'html-merges.xls': htmlMerges(),
    'one-line-30mb.csv': Buffer.concat([Buffer.from('姓名,证件号码,手机号码\n'), Buffer.alloc(30 * 1024 * 1024, 0x2c)]),
    'utf8-one-bad-byte.csv': utf8OneBadByte(),
    'bom-space-markup.xls': bomSpaceMarkup(),
  };
}
