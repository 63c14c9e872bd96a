// Corrected table → bytes, in the user's own file. An .xlsx/.xlsm is patched (patch.ts): every
// part as it was, only the changed cells of the roster sheet rewritten. An Excel 97–2003 .xls is
// patched the same way (xls/patch.ts): its records as they were, only the changed cells' records
// rewritten. What cannot be patched (an .xlsb, an Excel 95 or older .xls, a web page named .xls)
// is written anew as .xlsx by SheetJS (content, merges and column widths; not the styles or
// drop-down lists), with a note saying so. CSV stays CSV, or becomes .xlsx on request.
import * as XLSX from 'xlsx';
import type { Located } from '../core/locate';
import { cellKey, countBelow, type RawWorkbook } from '../core/types';
import { ReadError, SHEETJS_READ_OPTS, escapeCsvFormula, openPackage, quietly, sheetJsBytes, sheetJsWorkbook, sniff } from './read';
import { XlsNotPatchable, biff8Stream, patchXls, readCfb } from './xls/patch';
import { XlsRowRefused, XlsRowsUnsupported } from './xls/rows';
import { MAX_ARRAY_FORMULAS, MAX_WRITE_AREA } from './limits';
import { xlsbArrayFormulas, type Package } from './package';
import { FORMULA_NOTE, isMacroEnabled, patchPackage, workbookParts, type CellChange, type PatchResult } from './patch';
import { verifyCells, WrongCellError } from './cells';
import { fitFileName, safeFileName } from './quote';

export interface WrittenFile {
  bytes: Uint8Array;
  /** File extension without the dot: xlsm for .xlsm input, xls for an Excel 97–2003 .xls, csv for CSV (unless asked for .xlsx), else xlsx. */
  ext: 'xlsx' | 'xlsm' | 'xls' | 'csv';
  /** How many cells were changed. */
  changed: number;
  /** Changes that were not written, and so stay as they were (see CellChange.fix). */
  kept: CellChange[];
  /** One Chinese line on what this export could not keep (for .xls and .xlsb input), or ''. */
  note: string;
}

export interface WriteOptions {
  /** The package the roster was read from (.xlsx/.xlsm/.xlsb); opened from `original` when absent. */
  pkg?: Package | null;
  /** Cells (cellKey) whose change is a proposed fix rather than the user's edit. */
  fixed?: ReadonlySet<number>;
  /** For CSV input: write .xlsx instead (Excel turns long digit strings in a CSV into numbers). */
  as?: 'csv' | 'xlsx';
  /** Data rows (0-based sheet rows of `rows`, ascending) the user deleted: left out, the rows below move up. */
  deleted?: readonly number[];
}

export const XLSM_MIME = 'application/vnd.ms-excel.sheet.macroEnabled.12';
export const XLS_MIME = 'application/vnd.ms-excel';

/** What an export of an old .xls (Excel 95 and older, or a web page named .xls) or an .xlsb keeps and cannot keep, in one line. */
export function rewriteNote(kind: 'xls' | 'xlsb'): string {
  return `原文件为${kind === 'xls' ? '旧版 .xls' : ' .xlsb'}，校正文件另存为 .xlsx：保留了各工作表的内容、合并单元格和列宽，但无法保留单元格格式（字体、颜色、边框）和下拉列表；如需保留，请先在 Excel 中把原文件另存为 .xlsx 再校验。`;
}

/** Columns written as text whatever they held: a number there loses digits or leading zeros. */
const TEXT_KINDS = new Set(['idNumber', 'mobile']);

/** The original's name without its extension, made safe for a file system ("学员通讯录" when nothing is left). */
function baseName(original: string): string {
  return safeFileName(original.replace(/\.[^./\\]*$/, '')) || '学员通讯录';
}

/**
 * "名单.xls" → "名单-已校正.xlsx". A long name is shortened (its base, by bytes, on a character
 * boundary) to the 255 bytes a file system allows, keeping "-已校正" and the extension.
 */
export function correctedFileName(original: string, ext: string): string {
  return fitFileName(baseName(original), `-已校正.${ext}`);
}

/**
 * Whether the corrected file of an .xls is the user's .xls, patched in place: a BIFF8 workbook
 * (Excel 97–2003) in a compound file. An Excel 95 or older file, or a web page or XML named .xls,
 * is written anew as .xlsx.
 */
export function xlsPatchable(original: Uint8Array): boolean {
  if (sniff(original) !== 'ole') return false;
  try {
    return biff8Stream(readCfb(original)) !== null;
  } catch {
    return false;
  }
}

/**
 * The extension of the corrected file, as writeCorrected decides it: a CSV stays CSV (or becomes
 * .xlsx on request), an .xls stays .xls when it can be patched in place (xlsPatchable), an .xlsx
 * whose workbook is macro-enabled stays .xlsm, everything else (an .xlsb, an old or web-page .xls)
 * becomes .xlsx. (A rare .xls whose records the in-place patch cannot handle is still written as
 * .xlsx; the written file's own `ext` is what its name is made from.)
 */
export function correctedExt(original: Uint8Array, checked: { workbook: Pick<RawWorkbook, 'format'>; pkg?: Package | null }, as?: 'csv' | 'xlsx'): WrittenFile['ext'] {
  const format = checked.workbook.format;
  if (format === 'csv') return as === 'xlsx' ? 'xlsx' : 'csv';
  if (format === 'xls') return xlsPatchable(original) ? 'xls' : 'xlsx';
  const pkg = checked.pkg ?? openPackage(original);
  const workbook = workbookParts(pkg).workbook;
  return workbook.toLowerCase().endsWith('.xml') && isMacroEnabled(pkg, workbook) ? 'xlsm' : 'xlsx';
}

/** The name the corrected file of this roster (`name`, its bytes `original`) gets: correctedFileName with correctedExt. */
export function exportFileName(name: string, original: Uint8Array, checked: { workbook: Pick<RawWorkbook, 'format'>; pkg?: Package | null }, as?: 'csv' | 'xlsx'): string {
  return correctedFileName(name, correctedExt(original, checked, as));
}

/**
 * Where a corrected file goes in the batch's zip: the folders of the input kept, a zip's name
 * becoming a folder ("内科/学员通讯录.xlsx" → "内科/学员通讯录-已校正.xlsx", "各科.zip/眼科.xls" →
 * "各科/眼科-已校正.xls"). Every folder name is made safe (no "..", no characters Windows refuses,
 * at most 100 bytes); `name` is the corrected file's own (safe) name.
 */
export function correctedZipPath(file: string, name: string): string {
  const folders = file.split(/[/\\]/).slice(0, -1).flatMap((part) => {
    const dir = safeFileName(part.replace(/\.zip$/i, '').trim());
    return dir === '' || /^\.+$/.test(dir) ? [] : [fitFileName(dir, '', 100)];
  });
  return [...folders, name].join('/');
}

/** "名单.xls" → "名单-校验报告.xlsx", shortened as correctedFileName. */
export function reportFileName(original: string): string {
  return fitFileName(baseName(original), '-校验报告.xlsx');
}

/**
 * A cell as CSV text: formula-like text escaped (see escapeCsvFormula), and quoted ("" for a quote)
 * when it holds a separator of any kind, a quote, a line break or a BOM, or starts or ends with a
 * space (which some programs trim).
 */
function csvField(value: string): string {
  const v = escapeCsvFormula(value);
  if (v === '') return v;
  const needsQuotes = /[",;\t\r\n\ufeff]/.test(v) || v.charCodeAt(0) === 32 || v.charCodeAt(v.length - 1) === 32;
  return needsQuotes ? `"${v.replace(/"/g, '""')}"` : v;
}

const csvLine = (row: readonly string[], delimiter: string) => row.map(csvField).join(delimiter);

/** The rows as CSV text, rows ending with CR LF (what Excel writes), no BOM. */
export function csvText(rows: readonly (readonly string[])[], delimiter = ','): string {
  return rows.map((row) => csvLine(row, delimiter)).join('\r\n');
}

/**
 * The rows as UTF-8 CSV with a BOM (so that Excel reads it as UTF-8), made in pieces of about
 * 1 MB: a 1,000,000-row roster is about 175 MB of CSV, and as one JavaScript string it would be
 * twice that again before encoding.
 */
export function csvBytes(rows: readonly (readonly string[])[], delimiter = ','): Uint8Array {
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [new Uint8Array([0xef, 0xbb, 0xbf])];
  let size = 3;
  let part: string[] = [];
  let partLength = 0;
  const flush = () => {
    const bytes = encoder.encode(part.join(''));
    chunks.push(bytes);
    size += bytes.length;
    part = [];
    partLength = 0;
  };
  for (let r = 0; r < rows.length; r++) {
    const line = csvLine(rows[r] as readonly string[], delimiter);
    part.push(r === 0 ? line : `\r\n${line}`);
    partLength += line.length + 2;
    if (partLength > 1 << 20) flush();
  }
  flush();
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** "_x000D_" typed as text: OOXML reads _xHHHH_ as an escaped character, so the "_" is escaped. */
const OOXML_ESCAPE = /_(x[0-9a-fA-F]{4}_)/g;

/**
 * SheetJS writes text cells as they are; make every one read back as it is (in Excel and in
 * SheetJS): literal "_xHHHH_" is escaped. Rich-text runs are dropped where that changed the text.
 */
function escapeTextCells(wb: XLSX.WorkBook): void {
  for (const name of wb.SheetNames) {
    const data = wb.Sheets[name]?.['!data'] as (XLSX.CellObject | undefined)[][] | undefined;
    if (!Array.isArray(data)) continue;
    for (const row of data) {
      if (!row) continue;
      for (const cell of row) {
        if (cell?.t !== 's' || typeof cell.v !== 'string' || !cell.v.includes('_x')) continue;
        const v = cell.v.replace(OOXML_ESCAPE, '_x005F_$1');
        if (v === cell.v) continue;
        cell.v = v;
        delete cell.r;
        delete cell.h;
      }
    }
  }
}

/**
 * Two defects of SheetJS 0.20.3's .xlsx writer on what it read from a legacy file: it writes a
 * `level` attribute on <col> beside outlineLevel (the schema has none: openpyxl refuses the file),
 * and a comment read from a BIFF NOTE keeps the NUL characters that pad it, each written as
 * "_x0000_". The level goes (the column's outline level with it), the text is cut at its first NUL.
 */
function tidyLegacy(wb: XLSX.WorkBook): void {
  for (const name of wb.SheetNames) {
    const ws = wb.Sheets[name];
    if (!ws) continue;
    for (const col of ws['!cols'] ?? []) if (col) delete col.level;
    const data = ws['!data'] as (XLSX.CellObject | undefined)[][] | undefined;
    if (!Array.isArray(data)) continue;
    for (const row of data) {
      if (!row) continue;
      for (const cell of row) {
        if (!cell?.c) continue;
        for (const c of cell.c) if (typeof c.t === 'string' && c.t.includes('\u0000')) c.t = c.t.slice(0, c.t.indexOf('\u0000'));
      }
    }
  }
}

/**
 * Make every sheet writable by SheetJS 0.20.3, whose writer visits every cell of a sheet's range
 * (`!ref`) and fails on a missing row of a dense sheet:
 * - the range is set to the cells and merges that are really there (SheetJS takes it from the
 *   file's <dimension>, which formatting alone can stretch to A1:XFD1048576, a billion-cell loop);
 * - missing rows inside it become empty rows (a blank row in a roster made the writer throw);
 * - a sheet whose real range is still too large to visit is refused with a message.
 */
function fitRanges(wb: XLSX.WorkBook): void {
  for (const name of wb.SheetNames) {
    const ws = wb.Sheets[name];
    const data = ws?.['!data'] as (XLSX.CellObject | undefined)[][] | undefined;
    if (!ws || !Array.isArray(data)) continue;
    let r0 = Infinity;
    let c0 = Infinity;
    let r1 = -1;
    let c1 = -1;
    for (let r = 0; r < data.length; r++) {
      const row = data[r];
      if (!row) continue;
      let first = -1;
      let last = -1;
      for (let c = 0; c < row.length; c++) {
        if (!row[c]) continue;
        if (first < 0) first = c;
        last = c;
      }
      if (last < 0) continue;
      r0 = Math.min(r0, r);
      r1 = r;
      c0 = Math.min(c0, first);
      c1 = Math.max(c1, last);
    }
    if (r1 < 0) {
      ws['!ref'] = 'A1';
      delete ws['!merges'];
      continue;
    }
    // Merged ranges are clipped to the cells and never widen the range (one merge over
    // A1:XFD1048576 would make it 17 billion cells); one left with a single cell is no merge.
    if (ws['!merges']) {
      const merges: XLSX.Range[] = [];
      for (const m of ws['!merges']) {
        const s = { r: Math.max(m.s.r, 0), c: Math.max(m.s.c, 0) };
        const e = { r: Math.min(m.e.r, r1), c: Math.min(m.e.c, c1) };
        if (s.r > e.r || s.c > e.c || (s.r === e.r && s.c === e.c)) continue;
        merges.push({ s, e });
      }
      ws['!merges'] = merges;
    }
    // Keep the top-left corner the file had when it is above and left of the cells (usually A1).
    const given = ws['!ref'] ? XLSX.utils.decode_range(ws['!ref']) : { s: { r: 0, c: 0 } };
    const range = { s: { r: Math.min(r0, given.s.r), c: Math.min(c0, given.s.c) }, e: { r: r1, c: c1 } };
    if ((range.e.r - range.s.r + 1) * (range.e.c - range.s.c + 1) > MAX_WRITE_AREA) {
      throw new ReadError('too-large', `工作表“${name.slice(0, 31).replace(/\p{Cc}/gu, ' ')}”的使用范围过大（${XLSX.utils.encode_range(range)}），无法写出校正文件；请在 Excel 中删除表格远处多余的内容后再试`);
    }
    ws['!ref'] = XLSX.utils.encode_range(range);
    for (let r = 0; r <= range.e.r; r++) data[r] ??= [];
  }
}

/** The cells of the data rows whose text differs between `before` and `rows`. */
function cellChanges(before: readonly (readonly string[])[], rows: readonly (readonly string[])[], from: number, fixed: ReadonlySet<number>): CellChange[] {
  const out: CellChange[] = [];
  for (let r = from; r < rows.length; r++) {
    const next = rows[r] ?? [];
    const prev = before[r] ?? [];
    if (next === prev) continue;
    const width = Math.max(next.length, prev.length);
    for (let c = 0; c < width; c++) {
      const value = next[c] ?? '';
      if ((prev[c] ?? '') !== value) out.push({ r, c, value, fix: fixed.has(cellKey(r, c)) });
    }
  }
  return out;
}

/** A new .xlsx of the rows, every cell as text (for CSV input). */
function rowsAsXlsx(rows: readonly (readonly string[])[], sheetName: string): Uint8Array {
  const wb = XLSX.utils.book_new();
  const ws = XLSX.utils.aoa_to_sheet(rows.map((r) => r.map((v) => (v === '' ? null : v))), { dense: true } as XLSX.AOA2SheetOpts);
  const wbName = sheetName.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'Sheet1';
  XLSX.utils.book_append_sheet(wb, ws, wbName);
  escapeTextCells(wb);
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true, bookSST: true }) as ArrayBuffer);
}

/**
 * Write the corrected roster. `original` is the file as it was read; `rows` is the roster sheet
 * after fixes and edits (all rows, title and header rows included).
 */
export function writeCorrected(
  original: Uint8Array,
  workbook: RawWorkbook,
  located: Located,
  rows: readonly (readonly string[])[],
  options: WriteOptions = {},
): WrittenFile {
  const before = workbook.sheets[located.sheetIndex];
  if (!before) throw new Error('located sheet is missing');
  const deleted = new Set(options.deleted ?? []);
  if (workbook.format === 'csv') {
    let changed = 0;
    rows.forEach((row, r) => { if (!deleted.has(r)) row.forEach((v, c) => { if ((before.rows[r]?.[c] ?? '') !== v) changed++; }); });
    const kept = deleted.size ? rows.filter((_, r) => !deleted.has(r)) : rows;
    if (options.as === 'xlsx') return { bytes: rowsAsXlsx(kept, before.name), ext: 'xlsx', changed, kept: [], note: '' };
    // The separator of the input is kept for TSV; a semicolon file becomes comma-separated.
    const delimiter = workbook.csv?.delimiter === '\t' ? '\t' : ',';
    return { bytes: csvBytes(kept, delimiter), ext: 'csv', changed, kept: [], note: '' };
  }

  const pkg = workbook.format === 'xlsx' ? (options.pkg ?? openPackage(original)) : null;
  if (pkg && workbookParts(pkg).workbook.toLowerCase().endsWith('.xml')) {
    const changes = cellChanges(before.rows, rows, located.headerRow, options.fixed ?? new Set()).filter((ch) => !deleted.has(ch.r));
    let patched;
    try {
      patched = patchPackage(pkg, located.sheetIndex, located.sheetName, changes, options.deleted ?? []);
    } catch {
      // The sheet's XML was read by SheetJS, which forgives more than a splice can.
      throw new ReadError('corrupt', `工作表“${located.sheetName.slice(0, 31).replace(/\p{Cc}/gu, ' ')}”的内部结构不规范，无法在原文件上写出校正；请在 Excel 中打开并另存为 .xlsx 后再试`);
    }
    const { changed, kept } = landed(patched, changes, located.sheetName);
    return { bytes: patched.bytes, ext: patched.ext, changed, kept, note: patched.note };
  }
  if (workbook.format === 'xls') {
    const changes = cellChanges(before.rows, rows, located.headerRow, options.fixed ?? new Set()).filter((ch) => !deleted.has(ch.r));
    const patched = patchXlsFile(original, located, changes, options.deleted ?? []);
    if (patched) return patched;
  }
  // (SheetJS reads an HTML/XML "xls" decoded, and an .xls with its hyperlink ranges clipped, as the reader gave it.)
  return rewriteWithSheetJs(workbook.format === 'xls' ? sheetJsBytes(original) : original, pkg, workbook, located, rows, deleted);
}

/**
 * An Excel 97–2003 workbook patched in place (xls/patch.ts); null when the file is no BIFF8
 * compound file (Excel 95 and older, a web page named .xls) or has no shared string table, and is
 * written anew as .xlsx.
 */
function patchXlsFile(original: Uint8Array, located: Located, changes: CellChange[], deleted: readonly number[]): WrittenFile | null {
  // The same decision as xlsPatchable (patchXls finds no BIFF8 stream otherwise), without reading the container twice.
  if (sniff(original) !== 'ole') return null;
  try {
    const out = patchXls(original, located.sheetName, changes, deleted);
    return { bytes: out.bytes, ext: 'xls', changed: out.changed, kept: out.kept, note: out.formulas ? FORMULA_NOTE : '' };
  } catch (e) {
    if (e instanceof XlsNotPatchable && e.reason === 'encrypted') throw new ReadError('encrypted', '文件设置了打开密码，无法写出校正文件；请在 Excel 中取消密码后再试');
    if (e instanceof XlsRowRefused) {
      const what = e.what === 'comment' ? '批注' : '图片、图表等对象';
      throw new ReadError('corrupt', `要删除的第 ${e.row + 1} 行上有${what}，无法在原文件上删除这一行，没有写出校正文件；请先在 Excel 中删除该行的${what}，或保留这一行，再试`);
    }
    // Not BIFF8, a layout the patch does not handle (no shared string table), or an array formula
    // cut by a deleted row: written anew.
    if (e instanceof XlsNotPatchable || e instanceof XlsRowsUnsupported) return null;
    // Records that are not what BIFF8 says: SheetJS read them, a splice cannot.
    throw new ReadError('corrupt', `工作表“${located.sheetName.slice(0, 31).replace(/\p{Cc}/gu, ' ')}”的内部结构不规范，无法在原文件上写出校正；请在 Excel 中打开并另存为 .xlsx 后再试`);
  }
}

/**
 * What the export really wrote, read back from the sheet it wrote with the scanner that read the
 * file (io/cells.ts): a change whose cell does not hold its new text is kept (not claimed), and a
 * cell that changed without being asked to refuses the export.
 */
function landed(patched: PatchResult, changes: readonly CellChange[], sheetName: string): { changed: number; kept: CellChange[] } {
  const sheet = patched.sheet;
  if (!sheet) return { changed: 0, kept: changes.slice() };
  const shift = sheet.shift;
  let check;
  try {
    check = verifyCells(
      sheet.before,
      sheet.after,
      changes,
      (r) => shift?.deleted(r + 1) ?? false,
      (r) => shift?.above(r + 1) ?? 0,
    );
  } catch (e) {
    if (!(e instanceof WrongCellError)) throw e;
    throw new ReadError('corrupt', `工作表“${sheetName.slice(0, 31).replace(/\p{Cc}/gu, ' ')}”写出校正后核对不一致（有不该改动的单元格被改动），为避免改错，没有写出校正文件；请在 Excel 中打开并另存为 .xlsx 后再试`);
  }
  const missed = new Set(check.missed);
  return { changed: check.landed.length, kept: changes.filter((ch) => missed.has(ch)) };
}

/** Deleted rows out of a sheet SheetJS read: the rows below move up, and so do merges (one over a deleted row shrinks or goes). */
function removeRows(ws: XLSX.WorkSheet, data: (XLSX.CellObject | undefined)[][], deleted: ReadonlySet<number>): void {
  const order = [...deleted].sort((a, b) => a - b);
  for (let k = order.length - 1; k >= 0; k--) if ((order[k] as number) < data.length) data.splice(order[k] as number, 1);
  const above = (r: number) => countBelow(order, r);
  if (ws['!merges']) {
    ws['!merges'] = ws['!merges'].flatMap((m) => {
      const s = m.s.r - above(m.s.r);
      const e = m.e.r - above(m.e.r + 1);
      if (e < s || (e === s && m.s.c === m.e.c)) return [];
      return [{ s: { r: s, c: m.s.c }, e: { r: e, c: m.e.c } }];
    });
  }
}

/**
 * An .xls (or .xlsb) written anew as .xlsx by SheetJS: every sheet's content, merges and column
 * widths; SheetJS's community edition cannot write the styles or the drop-down lists back.
 */
function rewriteWithSheetJs(original: Uint8Array, pkg: Package | null, workbook: RawWorkbook, located: Located, rows: readonly (readonly string[])[], deleted: ReadonlySet<number>): WrittenFile {
  const before = workbook.sheets[located.sheetIndex] as RawWorkbook['sheets'][number];
  // SheetJS compares every cell with every array formula while it reads formulas (only this
  // rewrite reads them): a roster has none, and thousands would take minutes.
  if (pkg && xlsbArrayFormulas(pkg) > MAX_ARRAY_FORMULAS) {
    throw new ReadError('too-large', `文件中的数组公式过多（超过 ${MAX_ARRAY_FORMULAS} 个），无法另存为 .xlsx 校正文件；请先在 Excel 中把原文件另存为 .xlsx 再校验`);
  }
  const opts: XLSX.ParsingOptions = { ...SHEETJS_READ_OPTS, cellFormula: true, cellStyles: true, cellNF: true };
  // SheetJS reads the package we already opened and counted, never the user's zip; an .xls was
  // budgeted (checkOle) when it was read.
  const wb = pkg ? sheetJsWorkbook(pkg, opts) : quietly(() => XLSX.read(original, opts));
  const ws = wb.Sheets[located.sheetName];
  if (!ws) throw new Error('located sheet is missing');
  const data = (ws['!data'] ??= []) as (XLSX.CellObject | undefined)[][];
  const textColumns = located.byIndex.flatMap((col, c) => (col && TEXT_KINDS.has(col.kind) ? [c] : []));
  let changed = 0;
  for (let r = located.firstDataRow; r < rows.length; r++) {
    if (deleted.has(r)) continue;
    const next = rows[r] ?? [];
    const prev = before.rows[r] ?? [];
    const width = Math.max(next.length, prev.length);
    for (let c = 0; c < width; c++) {
      const to = next[c] ?? '';
      if ((prev[c] ?? '') === to) continue;
      const line = (data[r] ??= []);
      changed++;
      if (to === '') {
        line[c] = undefined;
        continue;
      }
      line[c] = { t: 's', v: to };
    }
    for (const c of textColumns) {
      const cell = data[r]?.[c];
      if (cell && cell.t === 'n' && typeof cell.v === 'number' && Number.isSafeInteger(cell.v) && cell.v >= 0 && String(cell.v).length <= 15 && (cell.w ?? String(cell.v)) === String(cell.v)) {
        // A number shown as all its digits is written as that text. Any other number (an 18-digit
        // ID has lost digits and shows as 1.10101E+17) stays the number it was: its text would
        // destroy the digits that are still right.
        data[r]![c] = { t: 's', v: String(cell.v), z: '@' };
      } else if (cell?.t === 's') {
        cell.z = '@';
      }
    }
  }
  if (deleted.size) removeRows(ws, data, deleted);
  fitRanges(wb);
  escapeTextCells(wb);
  tidyLegacy(wb);
  // Shared strings (t="s"): SheetJS reads inline formula strings (t="str", its default) with
  // entities decoded twice, so a cell holding "&amp;" would come back as "&". Text cells are never
  // executed as formulas, whatever they start with.
  const out = XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true, bookSST: true }) as ArrayBuffer;
  return { bytes: new Uint8Array(out), ext: 'xlsx', changed, kept: [], note: rewriteNote(pkg ? 'xlsb' : 'xls') };
}
