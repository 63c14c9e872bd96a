// Corrected table → bytes, in the user's own layout: same sheets, title rows, header text, column
// order, merges and extra columns. IDs and phones are written as text, never numbers.
import * as XLSX from 'xlsx';
import Papa from 'papaparse';
import type { Located } from '../core/locate';
import type { RawWorkbook } from '../core/types';
import { SHEETJS_READ_OPTS } from './read';

export interface WrittenFile {
  bytes: Uint8Array;
  /** File extension without the dot: xlsx for xlsx and xls input, csv for CSV. */
  ext: 'xlsx' | 'csv';
  /** How many cells were changed. */
  changed: number;
}

/** Columns written as text whatever they held: a number there loses digits or leading zeros. */
const TEXT_KINDS = new Set(['idNumber', 'mobile']);

/** "名单.xls" → "名单-已校正.xlsx". */
export function correctedFileName(original: string, ext: string): string {
  const base = original.replace(/\.[^./\\]*$/, '') || '学员通讯录';
  return `${base}-已校正.${ext}`;
}

export function csvText(rows: readonly (readonly string[])[], delimiter = ','): string {
  return Papa.unparse(rows as string[][], { delimiter, newline: '\r\n', quotes: false });
}

function utf8WithBom(text: string): Uint8Array {
  const body = new TextEncoder().encode(text);
  const out = new Uint8Array(body.length + 3);
  out.set([0xef, 0xbb, 0xbf], 0);
  out.set(body, 3);
  return out;
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
): WrittenFile {
  const before = workbook.sheets[located.sheetIndex];
  if (!before) throw new Error('located sheet is missing');
  if (workbook.format === 'csv') {
    let changed = 0;
    rows.forEach((row, r) => row.forEach((v, c) => { if ((before.rows[r]?.[c] ?? '') !== v) changed++; }));
    // The separator of the input is kept for TSV; a semicolon file becomes comma-separated.
    const delimiter = workbook.csv?.delimiter === '\t' ? '\t' : ',';
    return { bytes: utf8WithBom(csvText(rows, delimiter)), ext: 'csv', changed };
  }

  // Re-read the original with formulas and styles so that the rest of the workbook stays as it was.
  const wb = XLSX.read(original, { ...SHEETJS_READ_OPTS, cellFormula: true, cellStyles: true, cellNF: true });
  const ws = wb.Sheets[located.sheetName];
  if (!ws) throw new Error('located sheet is missing');
  const data = (ws['!data'] ??= []) as (XLSX.CellObject | undefined)[][];
  const textColumns = located.byIndex.flatMap((col, c) => (col && TEXT_KINDS.has(col.kind) ? [c] : []));
  let changed = 0;
  let maxRow = 0;
  let maxCol = 0;
  for (let r = located.firstDataRow; r < rows.length; r++) {
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
      maxRow = Math.max(maxRow, r);
      maxCol = Math.max(maxCol, c);
    }
    for (const c of textColumns) {
      const cell = data[r]?.[c];
      if (cell && cell.t !== 's') {
        // A number here is written as the text the user saw, never as a number again.
        data[r]![c] = { t: 's', v: cell.w ?? String(cell.v ?? ''), z: '@' };
      } else if (cell) {
        cell.z = '@';
      }
    }
  }
  const range = XLSX.utils.decode_range(ws['!ref'] ?? 'A1');
  range.e.r = Math.max(range.e.r, maxRow);
  range.e.c = Math.max(range.e.c, maxCol);
  ws['!ref'] = XLSX.utils.encode_range(range);
  const out = XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer;
  return { bytes: new Uint8Array(out), ext: 'xlsx', changed };
}
