// Find the roster sheet, its header row and which column is which, under title rows, merged
// title cells and instruction rows.
import type { Column, Profile } from './profile';
import type { RawSheet, RawWorkbook } from './types';
import { matchKey } from './normalize';

export interface Located {
  sheetIndex: number;
  sheetName: string;
  /** 0-based index of the header row in sheet.rows (Excel row = headerRow + 1). */
  headerRow: number;
  /** 0-based index of the first row that may hold an attendee. */
  firstDataRow: number;
  /** Canonical column name → 0-based column index. */
  columns: Record<string, number>;
  /** 0-based column index → the template column it holds (undefined: unknown or empty header). */
  byIndex: (Column | undefined)[];
  /** Header cells the template does not know; their columns are kept untouched. */
  unknown: { index: number; header: string }[];
}

export class LocateError extends Error {
  override name = 'LocateError';
}

/** How many rows from the top of a sheet may hold title and instruction rows above the header. */
const HEADER_SCAN_ROWS = 50;
/** A header must name at least this many template columns. */
const MIN_HEADER_MATCHES = 3;

const NOTE_IN_BRACKETS = /[(（[【<《][^)）\]】>》]*[)）\]】>》]/g;
const MARKERS = /[*＊※★☆:：]/g;

/** A header is a few words: a longer cell is data or a note, never a column name. */
const MAX_HEADER_CHARS = 120;

/** The lookup keys a header cell may match, most literal first. */
export function headerKeys(cell: string): string[] {
  const keys: string[] = [];
  // Also keeps the bracket pattern below linear: a crafted 20,000-character cell of "(((("
  // made it backtrack for seconds.
  if (cell.length > MAX_HEADER_CHARS) return keys;
  const add = (s: string) => {
    const k = matchKey(s.replace(MARKERS, ''));
    if (k && !keys.includes(k)) keys.push(k);
  };
  add(cell);
  const firstLine = cell.split(/\r?\n/)[0] ?? '';
  add(firstLine);
  add(cell.replace(/\r?\n/g, '').replace(NOTE_IN_BRACKETS, ''));
  add(firstLine.replace(NOTE_IN_BRACKETS, ''));
  return keys;
}

/**
 * A header cell as a column name for people: its first line, notes in brackets and markers such as
 * “*” removed ("姓名\n(必填)" → "姓名"); the cell itself when nothing would be left.
 */
export function headerLabel(cell: string): string {
  if (cell.length > MAX_HEADER_CHARS) return cell.slice(0, MAX_HEADER_CHARS).trim();
  const firstLine = cell.trim().split(/\r?\n/)[0] ?? '';
  const label = firstLine.replace(NOTE_IN_BRACKETS, '').replace(MARKERS, '').trim();
  return label || cell.trim();
}

export function headerIndex(profile: Profile): Map<string, Column> {
  const index = new Map<string, Column>();
  for (const col of profile.columns) {
    for (const name of [col.name, ...col.aliases]) {
      const k = matchKey(name.replace(MARKERS, ''));
      if (!index.has(k)) index.set(k, col);
    }
  }
  return index;
}

function matchHeaderCell(cell: string, index: Map<string, Column>): Column | undefined {
  if (!cell) return undefined;
  for (const k of headerKeys(cell)) {
    const col = index.get(k);
    if (col) return col;
  }
  return undefined;
}

const INSTRUCTION_CELL = /^[(（]?(必填|选填|非必填|可选|可不填|必填项|选填项)[)）]?$/;

function isInstructionRow(row: string[] | undefined): boolean {
  if (!row) return false;
  let filled = 0;
  for (const cell of row) {
    const t = cell.trim();
    if (!t) continue;
    filled++;
    if (!INSTRUCTION_CELL.test(t)) return false;
  }
  return filled > 0;
}

function locateInSheet(sheet: RawSheet, index: Map<string, Column>): { row: number; matched: number } {
  let best = { row: -1, matched: 0 };
  const limit = Math.min(sheet.rows.length, HEADER_SCAN_ROWS);
  for (let r = 0; r < limit; r++) {
    const seen = new Set<string>();
    for (const cell of sheet.rows[r] ?? []) {
      const col = matchHeaderCell(cell, index);
      if (col) seen.add(col.name);
    }
    if (seen.size > best.matched) best = { row: r, matched: seen.size };
  }
  return best;
}

/** Pick the sheet whose header matches the template best, and map its columns. */
export function locate(workbook: RawWorkbook, profile: Profile): Located {
  const index = headerIndex(profile);
  let bestSheet = -1;
  let best = { row: -1, matched: 0 };
  workbook.sheets.forEach((sheet, i) => {
    const found = locateInSheet(sheet, index);
    if (found.matched > best.matched) {
      best = found;
      bestSheet = i;
    }
  });
  const sheet = workbook.sheets[bestSheet];
  if (!sheet || best.matched < MIN_HEADER_MATCHES) {
    throw new LocateError('未找到学员通讯录的表头：请确认表中有“姓名”“证件号码”“手机号码”等列名');
  }
  const header = sheet.rows[best.row] ?? [];
  const columns: Record<string, number> = {};
  const byIndex: (Column | undefined)[] = [];
  const unknown: { index: number; header: string }[] = [];
  header.forEach((cell, c) => {
    const col = matchHeaderCell(cell, index);
    if (col && !(col.name in columns)) {
      columns[col.name] = c;
      byIndex[c] = col;
    } else if (cell.trim()) {
      unknown.push({ index: c, header: cell });
    }
  });
  let firstDataRow = best.row + 1;
  while (isInstructionRow(sheet.rows[firstDataRow])) firstDataRow++;
  return { sheetIndex: bestSheet, sheetName: sheet.name, headerRow: best.row, firstDataRow, columns, byIndex, unknown };
}
