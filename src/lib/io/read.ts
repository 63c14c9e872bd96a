// bytes → RawWorkbook. The only reader of file formats; every file is treated as hostile.
import * as XLSX from 'xlsx';
import Papa from 'papaparse';
import type { RawSheet, RawWorkbook } from '../core/types';
import { cellKey } from '../core/types';

export type ReadErrorKind = 'empty' | 'encrypted' | 'not-spreadsheet' | 'corrupt' | 'too-large';

/** The file cannot be read. `message` is one Chinese sentence for the user. */
export class ReadError extends Error {
  override name = 'ReadError';
  constructor(
    readonly kind: ReadErrorKind,
    message: string,
  ) {
    super(message);
  }
}

type Sniffed = 'zip' | 'ole' | 'pdf' | 'image' | 'markup' | 'text' | 'binary' | 'empty';

function startsWith(bytes: Uint8Array, sig: readonly number[]): boolean {
  if (bytes.length < sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (bytes[i] !== sig[i]) return false;
  return true;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const UTF16LE_BOM = [0xff, 0xfe];
const UTF16BE_BOM = [0xfe, 0xff];

/** What the bytes are, by their content (never by the file name). */
export function sniff(bytes: Uint8Array): Sniffed {
  let start = 0;
  if (startsWith(bytes, UTF8_BOM)) start = 3;
  let onlySpace = true;
  for (let i = start; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) {
      onlySpace = false;
      break;
    }
  }
  if (onlySpace) return 'empty';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'zip';
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole';
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return 'pdf';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) || startsWith(bytes, [0xff, 0xd8, 0xff]) || startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'image';
  if (startsWith(bytes, UTF16LE_BOM) || startsWith(bytes, UTF16BE_BOM)) return 'text';
  // Text files have no NUL bytes in their first few kilobytes; binary files almost always do.
  const probe = bytes.subarray(start, Math.min(bytes.length, start + 8192));
  if (probe.includes(0)) return 'binary';
  let i = 0;
  while (i < probe.length && (probe[i] === 0x20 || probe[i] === 0x0a || probe[i] === 0x0d || probe[i] === 0x09)) i++;
  if (probe[i] === 0x3c /* < */) return 'markup';
  return 'text';
}

/** Decode CSV text: a BOM decides; otherwise strict UTF-8, falling back to GB18030 (GBK's superset). */
export function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gb18030'; bom: boolean } {
  if (startsWith(bytes, UTF8_BOM)) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8', bom: true };
  if (startsWith(bytes, UTF16LE_BOM)) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-8', bom: true };
  if (startsWith(bytes, UTF16BE_BOM)) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-8', bom: true };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8', bom: false };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030', bom: false };
  }
}

function readCsv(bytes: Uint8Array): RawWorkbook {
  const { text, encoding, bom } = decodeText(bytes);
  const parsed = Papa.parse<string[]>(text, { delimitersToGuess: [',', '\t', ';'], skipEmptyLines: false, dynamicTyping: false });
  const rows = parsed.data.map((row) => (Array.isArray(row) ? row.map((c) => (typeof c === 'string' ? c : String(c ?? ''))) : []));
  // Papa reports the trailing newline as one empty row; it is not part of the table.
  const last = rows[rows.length - 1];
  if (last && last.length === 1 && last[0] === '') rows.pop();
  if (rows.length === 0) throw new ReadError('empty', '文件是空的，没有任何内容');
  const delimiter = parsed.meta.delimiter || ',';
  return { format: 'csv', sheets: [{ name: 'Sheet1', rows, numeric: new Set() }], csv: { encoding, delimiter, bom } };
}

/** SheetJS options for reading: values and their display text, nothing executable. */
export const SHEETJS_READ_OPTS: XLSX.ParsingOptions = {
  type: 'array',
  dense: true,
  cellHTML: false,
  cellFormula: false,
  cellDates: false,
  sheetStubs: false,
};

function mapSheetJsError(e: unknown, kind: Sniffed): ReadError {
  const msg = e instanceof Error ? e.message : String(e);
  // A password-protected .xlsx is an OLE container (EncryptedPackage), not a zip: a zip that
  // fails is damaged, whatever SheetJS calls it ("Unsupported ZIP encryption" on junk).
  if (kind === 'zip') return new ReadError('corrupt', '文件已损坏或不完整，无法读取；请在 Excel 中打开并另存为 .xlsx 后再试');
  if (/password|encrypt/i.test(msg)) return new ReadError('encrypted', '文件设有密码保护，请先在 Excel 中取消密码（文件→信息→保护工作簿）后再试');
  if (/unsupported|not a spreadsheet|unrecognized|cannot find|invalid html|numbers/i.test(msg)) return new ReadError('not-spreadsheet', '这不是 Excel 表格或 CSV 文件，无法读取');
  return new ReadError('corrupt', '文件已损坏或不完整，无法读取；请在 Excel 中打开并另存为 .xlsx 后再试');
}

/** A SheetJS sheet (dense) → rows of display text, and which cells were numbers. */
export function sheetToRaw(name: string, ws: XLSX.WorkSheet): RawSheet {
  const data = (ws['!data'] ?? []) as (XLSX.CellObject | undefined)[][];
  const rows: string[][] = new Array(data.length);
  const numeric = new Set<number>();
  for (let r = 0; r < data.length; r++) {
    const src = data[r];
    if (!src) {
      rows[r] = [];
      continue;
    }
    const out: string[] = new Array(src.length);
    for (let c = 0; c < src.length; c++) {
      const cell = src[c];
      if (!cell) {
        out[c] = '';
        continue;
      }
      out[c] = cell.w ?? (cell.v === undefined || cell.v === null ? '' : String(cell.v));
      if (cell.t === 'n') numeric.add(cellKey(r, c));
    }
    rows[r] = out;
  }
  return { name, rows, numeric };
}

function readSheetJs(bytes: Uint8Array, kind: Sniffed): RawWorkbook {
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(bytes, SHEETJS_READ_OPTS);
  } catch (e) {
    throw mapSheetJsError(e, kind);
  }
  const bookType = (wb as { bookType?: string }).bookType;
  if (kind === 'zip' && bookType && bookType !== 'xlsx' && bookType !== 'xlsm' && bookType !== 'xlsb') {
    throw new ReadError('not-spreadsheet', '这不是 Excel 表格或 CSV 文件，无法读取');
  }
  const sheets = wb.SheetNames.map((n) => {
    const ws = wb.Sheets[n];
    return ws ? sheetToRaw(n, ws) : { name: n, rows: [], numeric: new Set<number>() };
  });
  if (sheets.length === 0 || sheets.every((s) => s.rows.length === 0)) throw new ReadError('empty', '表格里没有任何内容');
  return { format: kind === 'zip' ? 'xlsx' : 'xls', sheets };
}

/** Read a roster file of any supported kind. Throws ReadError with a message for the user. */
export function readWorkbook(bytes: Uint8Array): RawWorkbook {
  const kind = sniff(bytes);
  switch (kind) {
    case 'empty':
      throw new ReadError('empty', '文件是空的，没有任何内容');
    case 'pdf':
      throw new ReadError('not-spreadsheet', '这是 PDF 文件，不是表格：请上传 Excel（.xlsx/.xls）或 CSV 文件');
    case 'image':
      throw new ReadError('not-spreadsheet', '这是图片文件，不是表格：请上传 Excel（.xlsx/.xls）或 CSV 文件');
    case 'binary':
      throw new ReadError('not-spreadsheet', '这不是 Excel 表格或 CSV 文件，无法读取');
    case 'zip':
    case 'ole':
      return readSheetJs(bytes, kind);
    case 'markup':
      // Some systems export HTML or XML tables with an .xls name; SheetJS reads those.
      return readSheetJs(bytes, kind);
    case 'text':
      return readCsv(bytes);
  }
}
