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
  /** Every sheet with a roster header, in workbook order (the checked one among them). */
  rosterSheets: string[];
  /** 0-based columns the user matched to a template column (LocateOptions.columns), ascending. */
  userMatched: number[];
  /**
   * Why this sheet was checked, in one Chinese sentence, when it is worth saying: the roster is
   * on a hidden sheet, or more than one sheet looks like a roster. Absent otherwise.
   */
  sheetNote?: string;
}

export interface LocateOptions {
  /** Check the sheet of this name (exactly as the workbook spells it), not the one we would choose. */
  sheet?: string;
  /**
   * The user's column matches, 0-based sheet column → template column name: they win over the
   * header's own text (a name the profile lacks is ignored; the command line refuses it first).
   */
  columns?: Readonly<Record<number, string>>;
  /**
   * The user's matches by header text or column letter (the command line's --columns), resolved
   * against the header found: an entry whose header is absent or repeated is left out (a batch's
   * rosters differ), one naming a letter always applies. `columns` wins over these.
   */
  byHeader?: readonly HeaderMatch[];
}

/** One match the user named: a header's text (or a column's 0-based index, for a blank or repeated header) → template column. */
export interface HeaderMatch {
  header: string | null;
  index: number | null;
  column: string;
}

/** `byHeader` entries as 0-based column → template column, for this header row. */
export function resolveHeaderMatches(matches: readonly HeaderMatch[], header: readonly string[]): Record<number, string> {
  const out: Record<number, string> = {};
  for (const m of matches) {
    if (m.index !== null) {
      out[m.index] = m.column;
      continue;
    }
    const want = (m.header ?? '').trim();
    const label = headerLabel(want);
    const found: number[] = [];
    for (let c = 0; c < header.length; c++) {
      const cell = (header[c] ?? '').trim();
      if (cell && (cell === want || headerLabel(cell) === label)) found.push(c);
    }
    if (found.length === 1) out[found[0] as number] = m.column;
  }
  return out;
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

/**
 * Columns that name a person. A header without any is no roster however many template columns it
 * names: a sheet of drop-down lists (a hidden 字典 sheet: 性别, 职称, 学历, 单位所在省份…) would
 * otherwise be taken for one, and every roster said another sheet "also looks like a roster".
 */
const PERSON_KINDS: ReadonlySet<Column['kind']> = new Set(['name', 'idNumber', 'mobile', 'email']);

function locateInSheet(sheet: RawSheet, index: Map<string, Column>): { row: number; matched: number } {
  let best = { row: -1, matched: 0 };
  const limit = Math.min(sheet.rows.length, HEADER_SCAN_ROWS);
  for (let r = 0; r < limit; r++) {
    const seen = new Set<string>();
    let person = false;
    for (const cell of sheet.rows[r] ?? []) {
      const col = matchHeaderCell(cell, index);
      if (!col) continue;
      seen.add(col.name);
      if (PERSON_KINDS.has(col.kind)) person = true;
    }
    if (person && seen.size > best.matched) best = { row: r, matched: seen.size };
  }
  return best;
}

const NO_HEADER = '未找到学员通讯录的表头：请确认表中有“姓名”“证件号码”“手机号码”等列名';

/** A sheet name quoted in a sentence: control characters blanked, at most 31 characters (Excel's limit). */
function quoted(name: string): string {
  let out = '';
  for (const ch of name.slice(0, 31)) {
    const c = ch.charCodeAt(0);
    out += c < 0x20 || (c >= 0x7f && c < 0xa0) || c === 0x2028 || c === 0x2029 ? ' ' : ch;
  }
  return `“${out}”`;
}

/**
 * Pick the roster sheet and map its columns. A sheet is a roster when its header names at least
 * three template columns. Visible sheets come first: a workbook may keep a hidden (or "very
 * hidden") copy of the roster, often an older or cleaned one, and checking it would report on
 * rows the user never sees. A hidden sheet is checked only when no visible sheet has a roster
 * header, and `sheetNote` says so. Among the candidates, the header that names the most template
 * columns wins, then the first in the workbook. `options.sheet` checks a named sheet instead.
 */
export function locate(workbook: RawWorkbook, profile: Profile, options: LocateOptions = {}): Located {
  const index = headerIndex(profile);
  const found = workbook.sheets.map((sheet) => locateInSheet(sheet, index));
  const isRoster = (i: number) => (found[i]?.matched ?? 0) >= MIN_HEADER_MATCHES;
  const rosterIdx = workbook.sheets.map((_, i) => i).filter(isRoster);
  const rosterSheets = rosterIdx.map((i) => workbook.sheets[i]?.name ?? '');
  let bestSheet = -1;
  let sheetNote: string | undefined;
  if (options.sheet !== undefined) {
    bestSheet = workbook.sheets.findIndex((s) => s.name === options.sheet);
    if (bestSheet < 0) {
      const names = workbook.sheets.slice(0, 20).map((s) => quoted(s.name)).join('');
      throw new LocateError(`文件中没有名为${quoted(options.sheet)}的工作表；文件中的工作表有：${names}${workbook.sheets.length > 20 ? '等' : ''}`);
    }
    if (!isRoster(bestSheet)) throw new LocateError(`工作表${quoted(options.sheet)}中${NO_HEADER}`);
    if (workbook.sheets[bestSheet]?.hidden) sheetNote = `按指定校验了隐藏的工作表${quoted(options.sheet)}；在 Excel 中看不到这张表，请确认要上报的是它`;
  } else {
    const visible = rosterIdx.filter((i) => !workbook.sheets[i]?.hidden);
    const pool = visible.length > 0 ? visible : rosterIdx;
    for (const i of pool) if (bestSheet < 0 || (found[i]?.matched ?? 0) > (found[bestSheet]?.matched ?? 0)) bestSheet = i;
    const name = quoted(workbook.sheets[bestSheet]?.name ?? '');
    if (bestSheet >= 0 && visible.length === 0) {
      sheetNote = `学员通讯录在隐藏的工作表${name}中（在 Excel 中看不到这张表），已校验这张表；请确认要上报的就是它`;
    } else if (rosterIdx.length > 1) {
      const others = rosterIdx.filter((i) => i !== bestSheet);
      const hiddenOthers = others.filter((i) => workbook.sheets[i]?.hidden);
      const visibleOthers = others.filter((i) => !workbook.sheets[i]?.hidden);
      const why =
        visibleOthers.length === 0
          ? '它是唯一显示着的学员名单'
          : visibleOthers.every((i) => (found[i]?.matched ?? 0) < (found[bestSheet]?.matched ?? 0))
            ? '它的表头与模板的列最吻合'
            : '几张表的表头同样完整，它排在最前面';
      const list = (ids: number[]) => ids.map((i) => quoted(workbook.sheets[i]?.name ?? '')).join('');
      const hiddenPart = hiddenOthers.length > 0 ? `另有隐藏的工作表${list(hiddenOthers)}也像学员名单，未校验` : '';
      const visiblePart = visibleOthers.length > 0 ? `工作表${list(visibleOthers)}也像学员名单，未校验` : '';
      sheetNote = `本文件有 ${rosterIdx.length} 张工作表像学员名单，已校验${name}，因为${why}；${[visiblePart, hiddenPart].filter(Boolean).join('，')}`;
    }
  }
  const sheet = workbook.sheets[bestSheet];
  const best = found[bestSheet];
  if (!sheet || !best || best.matched < MIN_HEADER_MATCHES) throw new LocateError(NO_HEADER);
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
  const userMatched: number[] = [];
  const wanted = { ...(options.byHeader ? resolveHeaderMatches(options.byHeader, header) : {}), ...(options.columns ?? {}) };
  for (const [k, name] of Object.entries(wanted)) {
    const c = Number(k);
    const col = profile.columns.find((x) => x.name === name);
    if (!col || !Number.isInteger(c) || c < 0 || c >= 16384) continue;
    // The column leaves what its header matched, and the name leaves the column it was found in.
    const was = byIndex[c];
    if (was && columns[was.name] === c) delete columns[was.name];
    const before = columns[name];
    if (before !== undefined && before !== c) {
      byIndex[before] = undefined;
      if ((header[before] ?? '').trim()) unknown.push({ index: before, header: header[before] as string });
    }
    columns[name] = c;
    byIndex[c] = col;
    userMatched.push(c);
  }
  if (userMatched.length > 0) {
    const matched = new Set(userMatched);
    for (let i = unknown.length - 1; i >= 0; i--) if (matched.has((unknown[i] as { index: number }).index)) unknown.splice(i, 1);
    unknown.sort((a, b) => a.index - b.index);
    userMatched.sort((a, b) => a - b);
  }
  let firstDataRow = best.row + 1;
  while (isInstructionRow(sheet.rows[firstDataRow])) firstDataRow++;
  return { sheetIndex: bestSheet, sheetName: sheet.name, headerRow: best.row, firstDataRow, columns, byIndex, unknown, rosterSheets, userMatched, ...(sheetNote ? { sheetNote } : {}) };
}
