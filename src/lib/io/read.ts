// bytes → RawWorkbook. The only reader of file formats; every file is treated as hostile: sizes are
// checked before anything is parsed or inflated (limits.ts), the limits Excel itself has are
// enforced, and every failure is one short Chinese sentence (ReadError), never a stack trace.
import * as XLSX from 'xlsx';
import Papa from 'papaparse';
import type { CellKey, RawSheet, RawWorkbook, Unwritable } from '../core/types';
import { cellKey } from '../core/types';
import { MAX_CELL_CHARS, MAX_CELLS, MAX_COLUMNS, MAX_CSV_CELLS, MAX_INPUT_BYTES, MAX_LARGE_CSV_BYTES, MAX_LARGE_CSV_CELLS, MAX_MARKUP_BYTES, MAX_MERGES, MAX_OLE_ENTRIES, MAX_READ_AREA, MAX_ROW_INDEX, MAX_ROWS, MAX_UNZIPPED_BYTES, tooLargeMessage } from './limits';
import { PackageError, readPackage, sheetJsContainer, type Package, type ReadingOptions } from './package';
import { CellsError, canonicalPackage } from './cells';
import { workbookParts } from './patch';

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

type Sniffed = 'zip' | 'ole' | 'biff' | 'pdf' | 'image' | 'markup' | 'text' | 'binary' | 'empty';

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
  if (isBiffStream(bytes)) return 'biff';
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return 'pdf';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) || startsWith(bytes, [0xff, 0xd8, 0xff]) || startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'image';
  if (startsWith(bytes, UTF16LE_BOM) || startsWith(bytes, UTF16BE_BOM)) {
    // UTF-16 text: markup (an XML or HTML export) when its first character that is not a space is "<".
    const head = new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes.subarray(2, 2 + 512));
    return head.trimStart().startsWith('<') ? 'markup' : 'text';
  }
  // Text files have no NUL bytes in their first few kilobytes; binary files almost always have
  // many (UTF-16 without a BOM: every other byte). A stray NUL or two in a cell leaves a CSV a
  // CSV: the decoded text is judged again (looksLikeBinary) and the cell is read as it is.
  const probe = bytes.subarray(start, Math.min(bytes.length, start + 8192));
  let nuls = 0;
  for (let k = probe.indexOf(0); k >= 0; k = probe.indexOf(0, k + 1)) nuls++;
  if (nuls > 8 && nuls > probe.length / 100) return 'binary';
  let i = 0;
  while (i < probe.length && (probe[i] === 0x20 || probe[i] === 0x0a || probe[i] === 0x0d || probe[i] === 0x09)) i++;
  if (probe[i] === 0x3c /* < */) return 'markup';
  return 'text';
}

/** Decode CSV text: a BOM decides; otherwise strict UTF-8, falling back to GB18030 (GBK's superset). */
export function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gb18030'; bom: boolean } {
  if (startsWith(bytes, UTF16LE_BOM)) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-8', bom: true };
  if (startsWith(bytes, UTF16BE_BOM)) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-8', bom: true };
  if (startsWith(bytes, UTF8_BOM)) {
    // Some tools put a UTF-8 BOM in front of GBK text. The BOM decides unless the text is plainly
    // not UTF-8 (GBK Chinese read as UTF-8 is mostly replacement characters; a UTF-8 file with a
    // damaged byte or two stays UTF-8).
    const body = bytes.subarray(3);
    const text = new TextDecoder('utf-8').decode(body);
    const bad = replacements(text);
    if (bad > 8 && bad > text.length / 100) return { text: new TextDecoder('gb18030').decode(body), encoding: 'gb18030', bom: true };
    return { text, encoding: 'utf-8', bom: true };
  }
  const utf8 = new TextDecoder('utf-8').decode(bytes);
  const bad = replacements(utf8);
  if (bad === 0) return { text: utf8, encoding: 'utf-8', bom: false };
  // Not clean UTF-8: GBK, or UTF-8 with a damaged byte. The reading with fewer replacement
  // characters wins (GBK Chinese read as UTF-8 is mostly replacement characters, and UTF-8
  // Chinese read as GBK has many too); a tie stays UTF-8.
  const gbk = new TextDecoder('gb18030').decode(bytes);
  return bad <= replacements(gbk) ? { text: utf8, encoding: 'utf-8', bom: false } : { text: gbk, encoding: 'gb18030', bom: false };
}

function replacements(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\ufffd'); i >= 0; i = text.indexOf('\ufffd', i + 1)) n++;
  return n;
}

/**
 * An Excel 2.x–4.0 worksheet (or a bare BIFF5/8 stream) is not an OLE container: the file is the
 * record stream itself, starting with a BOF record (type 0x0009, 0x0209, 0x0409 or 0x0809, and the
 * length that version gives it).
 */
function isBiffStream(bytes: Uint8Array): boolean {
  if (bytes.length < 8 || bytes[0] !== 0x09 || bytes[3] !== 0) return false;
  const version = bytes[1];
  const len = bytes[2];
  return (version === 0x00 && len === 4) || ((version === 0x02 || version === 0x04) && len === 6) || (version === 0x08 && (len === 8 || len === 16));
}

/** A charset label a markup file declares in its first 4 KB: XML declaration, then <meta>. */
function declaredCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const xml = /^\s*<\?xml[^>]{0,200}?\bencoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']/.exec(head);
  if (xml) return xml[1] ?? null;
  // <meta charset="gbk"> and <meta http-equiv="Content-Type" content="text/html; charset=gb2312">.
  const meta = /<meta\b[^>]{0,300}?\bcharset\s*=\s*["']?([A-Za-z0-9._:-]{1,40})/i.exec(head);
  return meta ? (meta[1] ?? null) : null;
}

/**
 * The text of an HTML or SpreadsheetML 2003 file (what other systems export as ".xls"): a BOM
 * decides, then the charset the file declares (XML declaration, <meta>), then the same rule as a
 * CSV's (strict UTF-8, else GB18030). A declared UTF-8 that is not valid UTF-8 gets the CSV rule
 * too: such files are often GBK under a template's stock declaration. SheetJS gets this text, so
 * it never guesses an encoding itself (it reads bytes as UTF-8 whatever they declare).
 */
export function decodeMarkup(bytes: Uint8Array): { text: string; encoding: string } {
  if (startsWith(bytes, UTF8_BOM) || startsWith(bytes, UTF16LE_BOM) || startsWith(bytes, UTF16BE_BOM)) {
    const { text, encoding } = decodeText(bytes);
    return { text, encoding };
  }
  const label = declaredCharset(bytes);
  let decoder: TextDecoder | null = null;
  if (label) {
    try {
      decoder = new TextDecoder(label);
    } catch {
      decoder = null; // a label no browser knows: as if none were declared
    }
  }
  // GB2312 and GBK are both read as GB18030, their superset (as browsers do for GBK).
  const encoding = decoder?.encoding;
  if (encoding === 'gbk' || encoding === 'gb18030') return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  // A declared UTF-16 in a file whose bytes start with "<" is a lie; UTF-8 gets the CSV rule.
  if (decoder && encoding !== 'utf-8' && encoding !== 'utf-16le' && encoding !== 'utf-16be' && encoding !== 'replacement') return { text: decoder.decode(bytes), encoding: encoding ?? 'utf-8' };
  const { text, encoding: guessed } = decodeText(bytes);
  return { text, encoding: guessed };
}

/**
 * CSS values that make a cell text in Excel's HTML ("\@", '\@', \@ or @, quotes possibly written
 * as &quot; inside an attribute). Excel reads such a cell as typed, so an 18-digit ID in it keeps
 * every digit.
 */
const TEXT_FORMAT = /mso-number-format\s*:\s*(?:&quot;|["'])?\\?@/i;

/**
 * Mark the cells an HTML export declares as text so that SheetJS keeps them as text: Excel's
 * `x:str` attribute, `mso-number-format:"\@"` in the cell's style attribute or in a class rule of
 * a <style> block. SheetJS's HTML reader ignores all three (it would read 110101199001011234 as a
 * number and lose its last digits) but honours its own `data-t="s"`, which is added to such cells.
 */
export function markTextCells(html: string): string {
  if (!/x:str|mso-number-format/i.test(html)) return html;
  // Scanned with indexOf rather than regular expressions over the whole text: an unclosed <style>
  // or a run of "<td " without ">" must not make a pattern retry from every position.
  const lower = html.toLowerCase();
  const textClasses = new Set<string>();
  for (let at = lower.indexOf('<style'); at >= 0; ) {
    const open = lower.indexOf('>', at);
    const close = open < 0 ? -1 : lower.indexOf('</style', open);
    if (close < 0) break;
    for (const rule of lower.slice(open + 1, close).split('}')) {
      const brace = rule.indexOf('{');
      if (brace < 0 || !TEXT_FORMAT.test(rule.slice(brace + 1))) continue;
      for (const cls of rule.slice(0, brace).matchAll(/\.([a-z0-9_-]+)/g)) textClasses.add(cls[1] ?? '');
    }
    at = lower.indexOf('<style', close);
  }
  const out: string[] = [];
  let copied = 0;
  let lastEnd = -1;
  for (const m of lower.matchAll(/<t[dh][\s>/]/g)) {
    const start = m.index;
    // The first ">" after the tag's start (shared by every tag start before it).
    const end = start < lastEnd ? lastEnd : lower.indexOf('>', start);
    if (end < 0) break;
    lastEnd = end;
    const attrs = lower.slice(start + 3, end);
    // (A tag longer than any real one is left alone: its cell stays what SheetJS makes of it.)
    if (attrs.length > 4096) continue;
    let text = /(^|\s)x:str(?=[\s=/]|$)/.test(attrs) || TEXT_FORMAT.test(attrs);
    if (!text && textClasses.size > 0) {
      const cls = /(?:^|\s)class\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/.exec(attrs);
      text = (cls?.[1] ?? cls?.[2] ?? cls?.[3] ?? '').split(/\s+/).some((n) => textClasses.has(n));
    }
    if (!text) continue;
    out.push(html.slice(copied, start + 3), ' data-t="s"');
    copied = start + 3;
  }
  if (copied === 0) return html;
  out.push(html.slice(copied));
  return out.join('');
}

// --- Messages ---------------------------------------------------------------------------------

const NOT_SPREADSHEET = '这不是 Excel 表格或 CSV 文件，无法读取';
const CORRUPT = '文件已损坏或不完整，无法读取；请在 Excel 中打开并另存为 .xlsx 后再试';
const ENCRYPTED = '文件设有密码保护，请先在 Excel 中取消密码（文件→信息→保护工作簿）后再试';
const EMPTY_FILE = '文件是空的，没有任何内容';
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
/** A sheet name as it may appear in a one-line message: no control characters, at most 31. */
function shown(name: string): string {
  let out = '';
  for (const ch of name.slice(0, 31)) {
    const c = ch.charCodeAt(0);
    out += c < 0x20 || (c >= 0x7f && c < 0xa0) || c === 0x2028 || c === 0x2029 ? ' ' : ch;
  }
  return `“${out}”`;
}
const where = (sheet: string | null) => (sheet === null ? '' : `工作表${shown(sheet)}`);

function tooManyRows(sheet: string | null, max = MAX_ROWS): ReadError {
  return new ReadError('too-large', `${sheet === null ? '表格' : where(sheet)}超过 ${max} 行，无法读取；学员通讯录不会有这么多行，请删去多余的行${sheet === null ? '' : '或其他工作表'}后再试`);
}
function tooManyColumns(sheet: string | null, row: number, columns: number | null): ReadError {
  return new ReadError('too-large', `${where(sheet)}第 ${row} 行${columns === null ? '的列数' : `有 ${columns} 列，`}超过 Excel 的上限 ${MAX_COLUMNS} 列，无法读取`);
}
function cellTooLong(sheet: string | null, row: number, column: number, length: number | null): ReadError {
  return new ReadError('too-large', `${where(sheet)}第 ${row} 行第 ${column} 列的单元格${length === null ? '' : `有 ${length} 个字符，`}超过 Excel 单元格的上限 ${MAX_CELL_CHARS} 个字符，无法读取`);
}

// --- CSV -------------------------------------------------------------------------------------

/**
 * CSV and formulas. A spreadsheet program may run a CSV cell that starts with = + - @ (or a tab or
 * CR) as a formula when the file is opened ("CSV injection"; "+1-1" and "-2-3" are evaluated too);
 * the `cell.formula` rule warns about such cells, but a corrected file may still hold them. So the
 * CSV we write never holds one: such a cell is written with one more apostrophe in front ('=1+1),
 * which spreadsheet programs show as text, and the reader takes exactly one apostrophe off again.
 * Both directions apply to a cell that starts with one of these characters after any number of
 * leading apostrophes, so the pair is exact for every text: "=1+1" ⇄ "'=1+1", "'=1+1" ⇄ "''=1+1",
 * "+86 138…" ⇄ "'+86 138…", while "'abc" is untouched.
 */
function startsLikeFormula(s: string): boolean {
  let i = 0;
  while (s.charCodeAt(i) === 39) i++;
  const c = s.charCodeAt(i);
  // = + - @ \t \r
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13;
}
export function escapeCsvFormula(s: string): string {
  return startsLikeFormula(s) ? `'${s}` : s;
}
export function unescapeCsvFormula(s: string): string {
  return s.charCodeAt(0) === 39 && startsLikeFormula(s) ? s.slice(1) : s;
}

/**
 * Text that is not a table: many control characters (other than tab and line breaks) or
 * undecodable bytes in the first 64K characters. Random or binary data decodes as GB18030 too.
 */
function looksLikeBinary(text: string): boolean {
  const n = Math.min(text.length, 65536);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd || (c >= 0x7f && c < 0xa0)) bad++;
  }
  return bad > 8 && bad > n / 100;
}

/**
 * The separator: of comma, tab and semicolon, the one under which the first 20 rows have the most
 * cells in rows of one same width (two or more fields). A title row above the header does not
 * count against it (Papa Parse's own guess weighs the step from a one-cell title row to the
 * header), nor do a few stray semicolons in the text.
 */
function guessDelimiter(text: string): string {
  const sample = text.slice(0, 65536).replace(/\r\n?/g, '\n');
  let best = { delimiter: ',', score: 0 };
  for (const delimiter of [',', '\t', ';']) {
    const rows = Papa.parse<string[]>(sample, { delimiter, newline: '\n', preview: 20 }).data;
    const counts = new Map<number, number>();
    for (const r of rows) if (r.length > 1) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
    for (const [fields, n] of counts) if (n * fields > best.score) best = { delimiter, score: n * fields };
  }
  return best.delimiter;
}

/** Which line breaks end a row: any of CR LF, LF and CR (as Excel opens a CSV), or only CR LF. */
export type RowEnds = 'any' | 'crlf';

export interface ParsedCsv {
  rows: string[][];
  /** How many rows ended with CR LF, and with a lone LF or CR. */
  crlf: number;
  lone: number;
}

/**
 * Parse CSV text: a field that starts with a quote runs to the matching quote ("" is a quote
 * inside; line breaks inside are the cell's), and anything after the closing quote up to the
 * separator is kept as text; a quote inside an unquoted field is an ordinary character (all as
 * Excel does). Excel's limits are enforced while parsing, so a hostile file never gets a huge table
 * built. A quote that is never closed is an error: Excel would silently put the rest of the file
 * into one cell, and every attendee after it would vanish from the check.
 */
export function parseCsv(text: string, delimiter: string, ends: RowEnds = 'any', maxRows = MAX_ROWS, maxCells = MAX_CSV_CELLS): ParsedCsv {
  const n = text.length;
  const d = delimiter.charCodeAt(0);
  const crlfOnly = ends === 'crlf';
  const rows: string[][] = [];
  let crlf = 0;
  let lone = 0;
  let cells = 0;
  // Next quote / CR / LF / CR LF at or after i (n when there is none), kept across rows so that
  // a file without quotes is not searched again on every row.
  const next = { quote: -1, cr: -1, lf: -1, crlf: -1 };
  const find = (key: keyof typeof next, what: string, from: number): number => {
    if (next[key] < from) {
      const at = text.indexOf(what, from);
      next[key] = at < 0 ? n : at;
    }
    return next[key];
  };
  const checkRow = (fields: string[], record: number) => {
    if (fields.length > MAX_COLUMNS) throw tooManyColumns(null, record, fields.length);
    for (let c = 0; c < fields.length; c++) {
      const len = (fields[c] as string).length;
      if (len > MAX_CELL_CHARS) throw cellTooLong(null, record, c + 1, len);
    }
  };
  /** True when a row ends at k. */
  const rowEndAt = (k: number): boolean => {
    const c = text.charCodeAt(k);
    return crlfOnly ? c === 13 && text.charCodeAt(k + 1) === 10 : c === 10 || c === 13;
  };
  /** Past the row end at k (or the end of the text), counting which kind it was. */
  const skipRowEnd = (k: number): number => {
    if (k >= n) return n;
    if (text.charCodeAt(k) === 13 && text.charCodeAt(k + 1) === 10) {
      crlf++;
      return k + 2;
    }
    lone++;
    return k + 1;
  };
  /** Where the unquoted text from k ends: the next separator, row end or the end of the text. */
  const fieldEnd = (k: number): number => {
    while (k < n && text.charCodeAt(k) !== d && !rowEndAt(k)) k++;
    return k;
  };
  let i = 0;
  while (i < n) {
    const record = rows.length + 1;
    if (record > maxRows) throw tooManyRows(null, maxRows);
    const lineEnd = crlfOnly ? find('crlf', '\r\n', i) : Math.min(find('cr', '\r', i), find('lf', '\n', i));
    if (find('quote', '"', i) >= lineEnd) {
      // No quote before the row ends: a plain split, stopped just past Excel's column limit (a
      // line of 250 million separators must not become 250 million strings).
      const fields = text.slice(i, lineEnd).split(delimiter, MAX_COLUMNS + 1);
      // (No field of a line shorter than Excel's cell limit can be over it.)
      if (lineEnd - i > MAX_CELL_CHARS || fields.length > MAX_COLUMNS) checkRow(fields, record);
      if ((cells += fields.length) > maxCells) throw tooManyCells(maxCells);
      rows.push(fields);
      i = skipRowEnd(lineEnd);
      continue;
    }
    // A row with a quote: field by field.
    const fields: string[] = [];
    let p = i;
    for (;;) {
      let value: string;
      if (text.charCodeAt(p) === 34) {
        value = '';
        let j = p + 1;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) throw new ReadError('corrupt', `CSV 文件第 ${record} 行有一个英文双引号（"）没有配对，其后的内容无法分列；请补上或删去这个引号后再试`);
          value += text.slice(j, q);
          if (value.length > MAX_CELL_CHARS) throw cellTooLong(null, record, fields.length + 1, null);
          if (text.charCodeAt(q + 1) === 34) {
            value += '"';
            j = q + 2;
            continue;
          }
          p = q + 1;
          break;
        }
        const k = fieldEnd(p);
        if (k > p) value += text.slice(p, k);
        p = k;
      } else {
        const k = fieldEnd(p);
        value = text.slice(p, k);
        p = k;
      }
      if (value.length > MAX_CELL_CHARS) throw cellTooLong(null, record, fields.length + 1, value.length);
      fields.push(value);
      if (fields.length > MAX_COLUMNS) throw tooManyColumns(null, record, null);
      if (p < n && text.charCodeAt(p) === d) {
        p++;
        continue;
      }
      break;
    }
    if ((cells += fields.length) > maxCells) throw tooManyCells(maxCells);
    rows.push(fields);
    i = skipRowEnd(p);
  }
  return { rows, crlf, lone };
}

/** Share of the first 2,000 non-empty rows that have the most common number of fields. */
function consistency(rows: string[][]): number {
  const counts = new Map<number, number>();
  let total = 0;
  for (const r of rows) {
    if (r.length === 1 && r[0] === '') continue;
    counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
    if (++total >= 2000) break;
  }
  return total === 0 ? 1 : Math.max(...counts.values()) / total;
}

/**
 * The rows of a CSV. Rows end at CR LF, LF or a lone CR, mixed in one file too, as Excel opens it.
 * One exception: some exporters write a line break inside a cell as a bare LF without quotes, in a
 * file whose rows end with CR LF; when a file has both, the reading whose rows have the more
 * consistent number of fields wins.
 */
function csvRows(text: string, delimiter: string, maxRows: number, maxCells: number): string[][] {
  const any = parseCsv(text, delimiter, 'any', maxRows, maxCells);
  if (any.crlf === 0 || any.lone === 0) return any.rows;
  let crlfOnly: ParsedCsv;
  try {
    crlfOnly = parseCsv(text, delimiter, 'crlf', maxRows, maxCells);
  } catch {
    return any.rows;
  }
  return consistency(crlfOnly.rows) > consistency(any.rows) ? crlfOnly.rows : any.rows;
}

function readCsv(bytes: Uint8Array, maxRows: number, maxCells: number): RawWorkbook {
  const { text, encoding, bom } = decodeText(bytes);
  if (looksLikeBinary(text)) throw new ReadError('not-spreadsheet', NOT_SPREADSHEET);
  const delimiter = guessDelimiter(text);
  const rows = csvRows(text, delimiter, maxRows, maxCells);
  // (A file without an apostrophe has nothing to unescape: most files, and a 13-million-cell
  // loop saved.)
  if (text.includes("'")) {
    for (const row of rows) {
      for (let c = 0; c < row.length; c++) if ((row[c] as string).charCodeAt(0) === 39) row[c] = unescapeCsvFormula(row[c] as string);
    }
  }
  if (rows.length === 0 || rows.every((r) => r.length === 1 && r[0] === '')) throw new ReadError('empty', EMPTY_FILE);
  return { format: 'csv', sheets: [{ name: 'Sheet1', rows, numeric: new Set() }], csv: { encoding, delimiter, bom } };
}

// --- Workbooks (SheetJS) -----------------------------------------------------------------------

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
  if (kind === 'zip') return new ReadError('corrupt', CORRUPT);
  if (/password|encrypt/i.test(msg)) return new ReadError('encrypted', ENCRYPTED);
  if (/unsupported|not a spreadsheet|unrecognized|cannot find|invalid html|numbers/i.test(msg)) return new ReadError('not-spreadsheet', NOT_SPREADSHEET);
  return new ReadError('corrupt', CORRUPT);
}

/** BIFF records that make one cell each; MULRK (0x00BD) makes one per 6 bytes. */
const BIFF_CELLS = new Set([0x00fd, 0x0203, 0x027e, 0x0204, 0x0205, 0x0006, 0x00d6, 0x0002, 0x0003, 0x0004, 0x0005, 0x0406, 0x0206]);

/** The part of SheetJS's CFB container used here (XLSX.CFB is typed `any`). */
interface CfbContainer {
  FullPaths: string[];
  FileIndex: { content?: ArrayLike<number> | null; size?: number }[];
}

/**
 * Before SheetJS sees an OLE container (.xls, or a password-protected .xlsx): what it holds, by
 * its stream names, and how many cells its workbook stream has (record headers are never
 * encrypted, so this works on any .xls).
 */
function checkOle(bytes: Uint8Array): Uint8Array {
  // SheetJS's container reader takes time quadratic in the number of directory entries (a real
  // .xls has a dozen; 100,000 took 20 s): counted from the header first. This walk stays ours:
  // no library on the registry reads an OLE directory under a budget (SheetJS's cfb is the only
  // maintained reader in JavaScript, and it is the one that needs the budget), and unlike a zip
  // an OLE container cannot be re-packed before its reader has read it.
  const entries = oleDirectoryEntries(bytes);
  if (entries === null) throw new ReadError('corrupt', CORRUPT);
  if (entries > MAX_OLE_ENTRIES) throw new ReadError('too-large', `文件内部的部件过多（超过 ${MAX_OLE_ENTRIES} 个），不是正常的 Excel 表格，无法读取`);
  let cfb: CfbContainer;
  try {
    cfb = quietly(() => XLSX.CFB.read(bytes, { type: 'array' }) as CfbContainer);
  } catch {
    throw new ReadError('corrupt', CORRUPT);
  }
  const names = cfb.FullPaths.map((p) => (p.split('/').filter(Boolean).pop() ?? '').toLowerCase());
  if (names.includes('encryptedpackage') || names.includes('encryptioninfo')) throw new ReadError('encrypted', ENCRYPTED);
  if (names.includes('worddocument')) throw new ReadError('not-spreadsheet', '这是 Word 文档，不是表格：请上传 Excel（.xlsx/.xls）或 CSV 文件');
  if (names.includes('powerpoint document')) throw new ReadError('not-spreadsheet', '这是 PowerPoint 演示文稿，不是表格：请上传 Excel（.xlsx/.xls）或 CSV 文件');
  // Every stream named Workbook or Book, wherever it is, is counted (SheetJS reads one of them;
  // a small decoy in a sub-storage must not hide a huge one at the root).
  let cells = 0;
  let clipped = false;
  cfb.FileIndex.forEach((entry, i) => {
    const name = (cfb.FullPaths[i] ?? '').split('/').filter(Boolean).pop()?.toLowerCase();
    if (name !== 'workbook' && name !== 'book') return;
    const data = entry.content;
    if (!data) return;
    cells = checkBiffCells(data, cells);
    const links = clipBiffLinks(data);
    if (links) {
      entry.content = links;
      entry.size = links.length;
      clipped = true;
    }
  });
  // Written anew only when a hyperlink range had to be clipped (SheetJS reads the container again).
  return clipped ? new Uint8Array(XLSX.CFB.write(cfb, { type: 'array' }) as ArrayLike<number>) : bytes;
}

/**
 * Count the cells of a BIFF record stream (record headers are never encrypted), on top of
 * `cells` already counted; refuse past the workbook budget.
 */
function checkBiffCells(data: ArrayLike<number>, cells = 0): number {
  for (let p = 0; p + 4 <= data.length; ) {
    const type = (data[p] as number) | ((data[p + 1] as number) << 8);
    const len = (data[p + 2] as number) | ((data[p + 3] as number) << 8);
    if (type === 0x00bd) cells += Math.max(0, Math.floor((len - 6) / 6));
    else if (BIFF_CELLS.has(type)) cells++;
    if (cells > MAX_CELLS) throw tooManyCells();
    p += 4 + len;
  }
  return cells;
}

/** BIFF records that hold a hyperlink's range: HLINK (at the start of its data), HLINKTOOLTIP (after 2 bytes). */
const BIFF_HLINK = 0x01b8;
const BIFF_HLINK_TOOLTIP = 0x0800;
/** NOTE (a comment) makes a cell of its own where it is; FILEPASS: the records after it are encrypted. */
const BIFF_NOTE = 0x001c;
const BIFF_FILEPASS = 0x002f;
/** Most cells, summed over every hyperlink record of a stream, that SheetJS may visit. */
export const MAX_LINK_AREA = 4_000_000;

/**
 * SheetJS visits every cell of an .xls hyperlink's range (to hang the link on the cell, if there is
 * one): a range of 65,536 rows by 65,536 columns, 28 bytes, took minutes. Every hyperlink range is
 * clipped to the cells the stream really has (the last row and column of its cell and comment
 * records), and once the ranges add up to MAX_LINK_AREA cells the rest are emptied (the reading
 * never uses a link; a genuine file has a link a cell, or a column of links). Returns a patched copy
 * of the stream, or null when nothing had to change.
 */
function clipBiffLinks(data: ArrayLike<number>): Uint8Array | null {
  const u16 = (p: number) => (data[p] as number) | ((data[p + 1] as number) << 8);
  let lastRow = -1;
  let lastCol = -1;
  const links: number[] = [];
  for (let p = 0; p + 4 <= data.length; ) {
    const type = u16(p);
    const len = u16(p + 2);
    const at = p + 4;
    p = at + len;
    if (p > data.length) break;
    if (type === BIFF_FILEPASS) return null;
    if (BIFF_CELLS.has(type) || type === 0x00bd || type === BIFF_NOTE) {
      if (len < 4) continue;
      lastRow = Math.max(lastRow, u16(at));
      // MULRK: its last column is in its last two bytes.
      lastCol = Math.max(lastCol, type === 0x00bd && len >= 6 ? u16(at + len - 2) : u16(at + 2));
    } else if ((type === BIFF_HLINK && len >= 8) || (type === BIFF_HLINK_TOOLTIP && len >= 10)) {
      links.push(type === BIFF_HLINK ? at : at + 2);
    }
  }
  if (links.length === 0) return null;
  let out: Uint8Array | null = null;
  let area = 0;
  for (const at of links) {
    const [r0, r1, c0, c1] = [u16(at), u16(at + 2), u16(at + 4), u16(at + 6)];
    if (r1 < r0 || c1 < c0) continue;
    const rEnd = Math.min(r1, lastRow);
    const cEnd = Math.min(c1, lastCol);
    const cells = rEnd < r0 || cEnd < c0 ? 0 : (rEnd - r0 + 1) * (cEnd - c0 + 1);
    let range: number[];
    if (cells > 0 && area + cells <= MAX_LINK_AREA) {
      area += cells;
      if (rEnd === r1 && cEnd === c1) continue;
      range = [r0, rEnd, c0, cEnd];
    } else {
      // Emptied: the last row and column before the first (SheetJS's loops then take no step).
      range = [1, 0, 1, 0];
    }
    out ??= Uint8Array.from(data);
    range.forEach((v, k) => {
      (out as Uint8Array)[at + 2 * k] = v & 0xff;
      (out as Uint8Array)[at + 2 * k + 1] = v >> 8;
    });
  }
  return out;
}

/**
 * The bytes another SheetJS read of this file must get (the export reads the original again for
 * its layout): an HTML/XML file as the text readWorkbook gave SheetJS, in UTF-8 (SheetJS reads
 * markup bytes as UTF-8, whatever charset they declare); an .xls with its hyperlink ranges clipped;
 * any other file as it is.
 */
export function sheetJsBytes(bytes: Uint8Array): Uint8Array {
  switch (sniff(bytes)) {
    case 'markup':
      return new TextEncoder().encode(markupForSheetJs(bytes));
    // An .xls with its hyperlink ranges clipped, as it was read.
    case 'ole':
      return checkOle(bytes);
    case 'biff':
      return clipBiffLinks(bytes) ?? bytes;
    default:
      return bytes;
  }
}

function markupForSheetJs(bytes: Uint8Array): string {
  const { text } = decodeMarkup(bytes);
  // Merges are counted in the decoded text (in UTF-16, "colspan" is no byte string).
  checkMarkup(text);
  // From the first "<": SheetJS reads markup only when it starts there (after a BOM and a space
  // it would read the same text as delimited text, unchecked).
  const from = text.indexOf('<');
  return markTextCells(from > 0 ? text.slice(from) : text);
}

/**
 * An HTML or SpreadsheetML 2003 file: decoded once here (its declared charset, else UTF-8 or
 * GB18030), its text-formatted HTML cells marked for SheetJS, and handed to SheetJS as text.
 */
function readMarkup(bytes: Uint8Array, keep?: Kept): RawWorkbook {
  return readSheetJs(markupForSheetJs(bytes), 'markup', keep);
}

/**
 * How many directory entries an OLE container has, by following its directory's sector chain
 * through the allocation table (what the header points to); null when the header or the chain is
 * broken (a chain longer than the file has sectors is a loop). At most one step per sector.
 */
export function oleDirectoryEntries(bytes: Uint8Array): number | null {
  if (bytes.length < 512) return null;
  const u32at = (p: number) => (p + 4 <= bytes.length ? ((bytes[p] as number) | ((bytes[p + 1] as number) << 8) | ((bytes[p + 2] as number) << 16)) + (bytes[p + 3] as number) * 0x1000000 : -1);
  const shift = (bytes[0x1e] as number) | ((bytes[0x1f] as number) << 8);
  if (shift !== 9 && shift !== 12) return null;
  const size = 1 << shift;
  const perFat = size / 4;
  const sectorAt = (s: number) => (s + 1) * size;
  const sectors = Math.ceil(bytes.length / size);
  // The allocation table's sectors: 109 in the header, then a chain of DIFAT sectors (never more
  // than the file has sectors, whatever a looped chain says).
  const fatSectors: number[] = [];
  for (let k = 0; k < 109; k++) {
    const s = u32at(0x4c + 4 * k);
    if (s >= 0xfffffffa || s < 0) break;
    fatSectors.push(s);
  }
  for (let d = u32at(0x44), hops = 0; d < 0xfffffffa && d >= 0 && hops <= sectors && fatSectors.length <= sectors; hops++) {
    const base = sectorAt(d);
    for (let k = 0; k < perFat - 1; k++) {
      const s = u32at(base + 4 * k);
      if (s >= 0xfffffffa || s < 0) break;
      fatSectors.push(s);
    }
    d = u32at(base + 4 * (perFat - 1));
  }
  const next = (s: number): number => {
    const fs = fatSectors[Math.floor(s / perFat)];
    return fs === undefined ? -1 : u32at(sectorAt(fs) + 4 * (s % perFat));
  };
  // A chain longer than the file has sectors goes round in a loop: broken.
  let entries = 0;
  let steps = 0;
  for (let s = u32at(0x30); s !== 0xfffffffe; s = next(s)) {
    if (s < 0 || s >= 0xfffffffa || sectorAt(s) >= bytes.length) return entries > 0 ? entries : null;
    if (++steps > sectors) return null;
    entries += size / 128;
  }
  return entries;
}

/**
 * Run SheetJS quietly: it writes English warnings (zip sizes, odd records) to the console, which
 * the command line would pass on to the user. Every SheetJS read goes through here.
 */
export function quietly<T>(fn: () => T): T {
  const { error, warn } = console;
  console.error = () => {};
  console.warn = () => {};
  try {
    return fn();
  } finally {
    console.error = error;
    console.warn = warn;
  }
}

function tooManyCells(max = MAX_CELLS): ReadError {
  return new ReadError('too-large', `表格的单元格过多（超过 ${max} 个），无法读取；学员通讯录不会有这么多内容，请删去多余的行、列或工作表后再试`);
}

/** A package problem as the one sentence the user reads. */
function packageError(e: PackageError): ReadError {
  switch (e.problem) {
    case 'zip-encrypted':
      return new ReadError('encrypted', ENCRYPTED);
    case 'too-many-entries':
      return new ReadError('too-large', `文件内部的部件过多（${e.count ?? '很多'} 个），不是正常的 Excel 表格，无法读取`);
    case 'too-large':
      return new ReadError('too-large', `文件解压后过大（超过 ${mb(MAX_UNZIPPED_BYTES)}），无法读取；学员通讯录通常远小于此，请确认选对了文件`);
    case 'too-many-cells':
      return tooManyCells();
    case 'corrupt':
      return new ReadError('corrupt', CORRUPT);
  }
}

function cellsError(e: CellsError): ReadError {
  const cell = e.row >= 0 && e.col >= 0 ? `第 ${e.row + 1} 行第 ${e.col + 1} 列的单元格` : '有单元格';
  if (e.problem === 'repeated') return new ReadError('corrupt', `${where(e.sheet)}中${cell}在文件里写了两次，无法确定以哪一个为准；请在 Excel 中打开并另存为 .xlsx 后再试`);
  return new ReadError('corrupt', `${where(e.sheet)}中${cell}的位置标记不规范，无法确定它在哪一格；请在 Excel 中打开并另存为 .xlsx 后再试`);
}

/**
 * A zip's parts, inflated and counted under the budgets by the package layer; then it must be an
 * Excel workbook.
 */
export function openPackage(bytes: Uint8Array): Package {
  let pkg: Package;
  try {
    pkg = readPackage(bytes);
  } catch (e) {
    if (e instanceof PackageError) throw packageError(e);
    throw e;
  }
  const names = pkg.names.map((n) => n.toLowerCase());
  const has = (prefix: string) => names.some((n) => n.startsWith(prefix));
  if (has('xl/')) {
    // One cell addressing for every reader and the export (io/cells.ts).
    try {
      canonicalPackage(pkg);
    } catch (e) {
      if (e instanceof CellsError) throw cellsError(e);
      throw e;
    }
    return pkg;
  }
  if (has('word/')) throw new ReadError('not-spreadsheet', '这是 Word 文档，不是表格：请上传 Excel（.xlsx/.xls）或 CSV 文件');
  if (has('ppt/')) throw new ReadError('not-spreadsheet', '这是 PowerPoint 演示文稿，不是表格：请上传 Excel（.xlsx/.xls）或 CSV 文件');
  if (names.includes('content.xml') && names.includes('mimetype')) throw new ReadError('not-spreadsheet', '这是 WPS/LibreOffice 的开放文档格式：请在其中另存为 Excel（.xlsx）后再试');
  throw new ReadError('not-spreadsheet', NOT_SPREADSHEET);
}

/**
 * Excel's General format shows a whole number wider than 11 digits in scientific notation
 * (110101900307001 as 1.10102E+14), yet stores up to 15 significant digits exactly: such a number
 * is read as its digits, so a 15-digit ID in a General cell keeps all of them. A wider number has
 * already lost digits and keeps the text Excel shows (never guessed). Null: use the shown text.
 */
function wholeNumberDigits(cell: XLSX.CellObject): string | null {
  const v = cell.v;
  if (cell.t !== 'n' || typeof v !== 'number' || !Number.isInteger(v) || v <= 0 || v >= 1e15) return null;
  return typeof cell.w === 'string' && /E\+/i.test(cell.w) ? String(v) : null;
}

type ParseZip = (zip: unknown, opts: XLSX.ParsingOptions) => XLSX.WorkBook;
/** SheetJS's reader of a zip already opened (exported, though not in its type declarations). */
const parseZip = (XLSX as unknown as { parse_zip: ParseZip }).parse_zip;

/**
 * SheetJS on a package: it reads only the container we built from the parts (never the user's
 * zip), with these options.
 */
export function sheetJsWorkbook(pkg: Package, opts: XLSX.ParsingOptions = SHEETJS_READ_OPTS, reading: ReadingOptions = {}): XLSX.WorkBook {
  const container = sheetJsContainer(pkg, undefined, reading);
  return quietly(() => parseZip(container, { ...opts }));
}

/** No cell, or a stub SheetJS made for a hyperlink or a comment (no value). */
function isEmptyCell(cell: XLSX.CellObject | undefined): cell is undefined {
  return !cell || (cell.t === 'z' && (cell.v === undefined || cell.v === null));
}

/**
 * The rows are as wide as their last cell: a few cells far to the right on many rows (100,000
 * rows with one cell in column XFD are 1.6 billion cells of table) would fill memory.
 */
function tooWide(sheet: string, row: number, width: number): ReadError {
  return new ReadError('too-large', `${where(sheet)}的内容分布过散（如第 ${row} 行有内容远在第 ${width} 列），无法读取；请删除表格右侧远处多余的内容后再试`);
}

/** A SheetJS sheet (dense) → rows of display text, and which cells were numbers. */
export function sheetToRaw(name: string, ws: XLSX.WorkSheet, area: { used: number } = { used: 0 }): RawSheet {
  const data = (Array.isArray(ws['!data']) ? ws['!data'] : []) as (XLSX.CellObject | undefined)[][];
  // A hostile file can place a cell at row 2^31: check before allocating a row per index.
  if (data.length > MAX_ROW_INDEX) throw new ReadError('too-large', `${where(name)}的行号超过 Excel 的上限 ${MAX_ROW_INDEX} 行，不是 Excel 做出的文件，无法读取`);
  const rows: string[][] = new Array(data.length);
  const numeric = new Set<number>();
  let filled = 0;
  for (let r = 0; r < data.length; r++) {
    const src = data[r];
    if (!src) {
      rows[r] = [];
      continue;
    }
    if (src.length > MAX_COLUMNS) throw tooManyColumns(name, r + 1, null);
    // The row up to its last cell with content: a cell SheetJS made only to hang a hyperlink or
    // a comment on (a stub, type "z") is empty.
    let width = src.length;
    while (width > 0 && isEmptyCell(src[width - 1])) width--;
    if ((area.used += width) > MAX_READ_AREA) throw tooWide(name, r + 1, width);
    const out: string[] = new Array(width);
    let any = false;
    for (let c = 0; c < width; c++) {
      const cell = src[c];
      if (isEmptyCell(cell)) {
        out[c] = '';
        continue;
      }
      any = true;
      const text = wholeNumberDigits(cell) ?? cell.w ?? (cell.v === undefined || cell.v === null ? '' : String(cell.v));
      if (text.length > MAX_CELL_CHARS) throw cellTooLong(name, r + 1, c + 1, text.length);
      out[c] = text;
      if (cell.t === 'n') numeric.add(cellKey(r, c));
    }
    if (any && ++filled > MAX_ROWS) throw tooManyRows(name);
    rows[r] = out;
  }
  return { name, rows, numeric };
}

/**
 * The sheet called `name`, only when SheetJS really made it. Sheets live in a plain object, so a
 * sheet called "constructor" that failed to load would otherwise be Object, and one called
 * "__proto__" is the object's prototype (SheetJS assigns it that way).
 */
function sheetOf(wb: XLSX.WorkBook, name: string): XLSX.WorkSheet | undefined {
  const sheets = wb.Sheets as Record<string, unknown>;
  const own = Object.prototype.hasOwnProperty.call(sheets, name);
  const ws = name === '__proto__' && !own ? Object.getPrototypeOf(sheets) : own ? sheets[name] : undefined;
  if (!ws || typeof ws !== 'object' || ws === Object.prototype) return undefined;
  return ws as XLSX.WorkSheet;
}

/**
 * The cells of each sheet (by its index and name among the workbook's sheets) that the writer will
 * not change, as the package layer found them (RawSheet.unwritable); null when it found none.
 */
function unwritableCells(pkg: Package): ((index: number, name: string) => Map<CellKey, Unwritable> | undefined) | null {
  const found = pkg.unwritable;
  if (!found || ![...found.values()].some((m) => m.length > 0)) return null;
  let sheets: { name: string; part: string | undefined }[];
  try {
    sheets = workbookParts(pkg).sheets;
  } catch {
    return null;
  }
  return (index, name) => {
    const s = sheets[index]?.name === name ? sheets[index] : sheets.find((x) => x.name === name);
    const list = s?.part === undefined ? undefined : found.get(s.part);
    // A master that is also a lossy number is kept for its formula (the stronger reason).
    return list && new Map(list.map(([r, c, why]) => [cellKey(r, c), why]));
  };
}

/** Where a read leaves SheetJS's own workbook, for a reader that needs more than display text. */
interface Kept {
  book?: XLSX.WorkBook;
}

function readSheetJs(input: Uint8Array | string | Package, kind: Sniffed, keep?: Kept): RawWorkbook {
  let wb: XLSX.WorkBook;
  try {
    if (typeof input === 'string') wb = quietly(() => XLSX.read(input, { ...SHEETJS_READ_OPTS, type: 'string' }));
    else if (input instanceof Uint8Array) wb = quietly(() => XLSX.read(input, SHEETJS_READ_OPTS));
    else wb = sheetJsWorkbook(input);
  } catch (e) {
    throw mapSheetJsError(e, kind);
  }
  if (keep) keep.book = wb;
  const bookType = (wb as { bookType?: string }).bookType;
  if (kind === 'zip' && bookType && bookType !== 'xlsx' && bookType !== 'xlsm' && bookType !== 'xlsb') {
    throw new ReadError('not-spreadsheet', NOT_SPREADSHEET);
  }
  const names = Array.isArray(wb.SheetNames) ? wb.SheetNames.map(String) : [];
  // Visibility, in workbook order (0 visible, 1 hidden, 2 very hidden): a hidden sheet may hold
  // an old or clean copy of the roster that the user never sees (see core/locate.ts).
  const props = Array.isArray(wb.Workbook?.Sheets) ? wb.Workbook.Sheets : [];
  const area = { used: 0 };
  const unwritable = input instanceof Uint8Array || typeof input === 'string' ? null : unwritableCells(input);
  const sheets = names.map((n, i) => {
    const ws = sheetOf(wb, n);
    const sheet: RawSheet = ws ? sheetToRaw(n, ws, area) : { name: n, rows: [], numeric: new Set<number>() };
    const hidden = props[i]?.Hidden;
    if (hidden === 1 || hidden === 2) sheet.hidden = true;
    const refused = unwritable?.(i, n);
    if (refused && refused.size > 0) sheet.unwritable = refused;
    return sheet;
  });
  if (sheets.length === 0 || sheets.every((s) => s.rows.length === 0)) throw new ReadError('empty', '表格里没有任何内容');
  return { format: kind === 'zip' ? 'xlsx' : 'xls', sheets };
}

/**
 * How much a reader accepts. The defaults (`PAGE_BUDGET`) suit a browser tab holding the whole
 * table twice (worker and page). A CSV needs no SheetJS, and its rows cost a fraction of a
 * workbook's, so the command line may take one as large as Excel can open (`LARGE_CSV_BUDGET`);
 * .xlsx/.xls budgets stay the same everywhere, as SheetJS's memory is what they bound.
 */
export interface ReadBudget {
  /** Largest .xlsx, .xls or HTML/XML file. */
  maxWorkbookBytes: number;
  /** Largest CSV file. */
  maxCsvBytes: number;
  /** Most CSV rows. */
  maxCsvRows: number;
  /** Most CSV cells (empty ones count: each is a string in memory). */
  maxCsvCells: number;
}
export const PAGE_BUDGET: ReadBudget = { maxWorkbookBytes: MAX_INPUT_BYTES, maxCsvBytes: MAX_INPUT_BYTES, maxCsvRows: MAX_ROWS, maxCsvCells: MAX_CSV_CELLS };
export const LARGE_CSV_BUDGET: ReadBudget = { maxWorkbookBytes: MAX_INPUT_BYTES, maxCsvBytes: MAX_LARGE_CSV_BYTES, maxCsvRows: MAX_ROW_INDEX, maxCsvCells: MAX_LARGE_CSV_CELLS };

const tooLargeFile = (size: number, max: number) => new ReadError('too-large', tooLargeMessage(size, max));

/**
 * The refusal for a file of `size` bytes, before it is read at all (over the larger of the two
 * limits: what kind it is, only its bytes tell); null when it may be read.
 */
export function sizeError(size: number, budget: ReadBudget = PAGE_BUDGET): ReadError | null {
  const max = Math.max(budget.maxWorkbookBytes, budget.maxCsvBytes);
  return size > max ? tooLargeFile(size, max) : null;
}

/**
 * SheetJS's HTML and XML readers compare every cell with every merged range (colspan, rowspan,
 * ss:MergeAcross, ss:MergeDown): 40,000 cells spanning others took 12 s. A roster has a few
 * merged title cells.
 */
function checkMarkup(text: string): void {
  let merges = 0;
  const pattern = /colspan|rowspan|mergeacross|mergedown/gi;
  while (pattern.exec(text) !== null) {
    if (++merges > MAX_MERGES) throw new ReadError('too-large', `这个网页（HTML/XML）格式的表格中合并单元格过多（超过 ${MAX_MERGES} 处），无法读取；请在 Excel 中打开并另存为 .xlsx 后再试`);
  }
}

/**
 * Load what reading these bytes needs beyond SheetJS itself: its code-page table (codepages.ts,
 * 433 kB whose tables are built when it loads) for an .xls only, whose older versions store text
 * in the file's code page; an .xlsx or a CSV never needs it. The page's engine calls this before
 * readFile; the command line and the batch engine have the table from the start (pipeline.ts).
 */
export async function prepareRead(bytes: Uint8Array): Promise<void> {
  const kind = sniff(bytes);
  if (kind === 'ole' || kind === 'biff') await import('./codepages');
}

/** Read a roster file of any supported kind. Throws ReadError with a message for the user. */
export function readWorkbook(bytes: Uint8Array, budget: ReadBudget = PAGE_BUDGET): RawWorkbook {
  return readFile(bytes, budget).workbook;
}

export interface ReadFile {
  workbook: RawWorkbook;
  /** For a zip (.xlsx, .xlsm, .xlsb): its parts, which the export patches; null otherwise. */
  pkg: Package | null;
}

/** Read a roster file, keeping a workbook's package for the export. Throws ReadError. */
export function readFile(bytes: Uint8Array, budget: ReadBudget = PAGE_BUDGET, keep?: Kept): ReadFile {
  const kind0 = sniff(bytes);
  if (kind0 === 'zip' && bytes.length <= budget.maxWorkbookBytes) {
    const pkg = openPackage(bytes);
    return { workbook: readSheetJs(pkg, 'zip', keep), pkg };
  }
  return { workbook: readOther(bytes, budget, keep), pkg: null };
}

/**
 * A file read as a roster is (the same budgets, the same package layer), with SheetJS's own
 * workbook of it (null for a CSV, which SheetJS never reads): for a reader that needs the cells'
 * values rather than their display text (the manifest's dates and numbers).
 */
export function readWithBook(bytes: Uint8Array, budget: ReadBudget = PAGE_BUDGET): { workbook: RawWorkbook; book: XLSX.WorkBook | null } {
  const keep: Kept = {};
  const { workbook } = readFile(bytes, budget, keep);
  return { workbook, book: keep.book ?? null };
}

/**
 * SheetJS's workbook of a file for a layout read (`opts`, such as cellStyles for column widths),
 * given only what the roster read gives it: an .xlsx as the package layer's canonical container
 * (with the sheets' merged ranges, up to MAX_MERGES a sheet), an .xls with its hyperlink ranges
 * clipped, markup decoded. Null for CSV and text. Throws ReadError.
 */
export function sheetJsLayout(bytes: Uint8Array, opts: XLSX.ParsingOptions): XLSX.WorkBook | null {
  const refused = sizeError(bytes.length);
  if (refused) throw refused;
  const kind = sniff(bytes);
  try {
    switch (kind) {
      case 'zip':
        return sheetJsWorkbook(openPackage(bytes), { ...SHEETJS_READ_OPTS, ...opts }, { merges: true });
      case 'ole':
      case 'biff':
      case 'markup': {
        if (kind === 'markup' && bytes.length > MAX_MARKUP_BYTES) return null;
        if (kind === 'biff') checkBiffCells(bytes);
        const input = sheetJsBytes(bytes);
        return quietly(() => XLSX.read(input, { ...SHEETJS_READ_OPTS, ...opts }));
      }
      default:
        return null;
    }
  } catch (e) {
    if (e instanceof ReadError) throw e;
    throw mapSheetJsError(e, kind);
  }
}

function readOther(bytes: Uint8Array, budget: ReadBudget, keep?: Kept): RawWorkbook {
  const refused = sizeError(bytes.length, budget);
  if (refused) throw refused;
  const kind = sniff(bytes);
  const max = kind === 'text' ? budget.maxCsvBytes : budget.maxWorkbookBytes;
  if (bytes.length > max) throw tooLargeFile(bytes.length, max);
  switch (kind) {
    case 'empty':
      throw new ReadError('empty', EMPTY_FILE);
    case 'pdf':
      throw new ReadError('not-spreadsheet', '这是 PDF 文件，不是表格：请上传 Excel（.xlsx/.xls）或 CSV 文件');
    case 'image':
      throw new ReadError('not-spreadsheet', '这是图片文件，不是表格：请上传 Excel（.xlsx/.xls）或 CSV 文件');
    case 'binary':
      throw new ReadError('not-spreadsheet', NOT_SPREADSHEET);
    case 'zip':
      return readSheetJs(openPackage(bytes), kind, keep);
    case 'ole':
      return readSheetJs(checkOle(bytes), kind, keep);
    case 'markup':
      // Some systems export HTML or XML tables with an .xls name; SheetJS reads those, but needs
      // far more memory per byte for them than for .xlsx.
      if (bytes.length > MAX_MARKUP_BYTES) {
        throw new ReadError('too-large', `这个文件实际是网页（HTML/XML）格式，且过大（${mb(bytes.length)}），无法读取；请在 Excel 中打开并另存为 .xlsx 后再试`);
      }
      return readMarkup(bytes, keep);
    case 'biff':
      checkBiffCells(bytes);
      return readSheetJs(clipBiffLinks(bytes) ?? bytes, kind, keep);
    case 'text':
      return readCsv(bytes, budget.maxCsvRows, budget.maxCsvCells);
  }
}
