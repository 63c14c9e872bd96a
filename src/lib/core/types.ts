// Plain data shared by every stage: bytes → RawWorkbook → Located → Issue[] → Summary → Fix[].

/** One sheet as the reader saw it: every cell as the text the user sees. */
export interface RawSheet {
  name: string;
  /** rows[r][c]: display text; rows may be shorter than others (ragged). Index 0 is Excel row 1. */
  rows: string[][];
  /**
   * Cells that were stored as numbers, keyed by `cellKey(r, c)`. An ID stored as a number has
   * already lost digits (Excel keeps 15 significant digits), so the rules need to know.
   */
  numeric: Set<number>;
  /**
   * Cells the writer will not change, found when the file was read (absent: none): a number
   * stored with more than 15 significant digits or in exponent form ('number': the text typed
   * cannot be recovered, so a fix over it would hide the loss) and the master cell of a shared or
   * array formula ('formula': its children read it). A fix proposed for such a cell is listed
   * (Fix.refused) but never promised: its issue is shown without the fix and says why, and the
   * roster as exported keeps the issue, so `afterFixes` counts it. An edit of a 'number' cell
   * replaces what was read (its fixes are written again); a formula's master stays refused.
   */
  unwritable?: ReadonlyMap<CellKey, Unwritable>;
  /**
   * Hidden (or "very hidden") in the workbook: Excel does not show it, so a user never sees or
   * edits what it holds. Absent: visible (CSV, and readers that do not know).
   */
  hidden?: boolean;
}

export interface RawWorkbook {
  /** What the bytes were, as the reader decided. */
  format: 'xlsx' | 'xls' | 'csv';
  sheets: RawSheet[];
  /** For CSV: the text encoding and separator that were detected. */
  csv?: { encoding: 'utf-8' | 'gb18030'; delimiter: string; bom: boolean };
}

/** Excel has 16,384 columns at most, so this key is unique per cell. */
export const MAX_COLUMNS = 16384;
export function cellKey(row: number, col: number): number {
  return row * MAX_COLUMNS + col;
}
/** The key type of one cell: edits, fix decisions, the page's selection and undo all use it. */
export type CellKey = number;
/** Why the writer will not change a cell (RawSheet.unwritable). */
export type Unwritable = 'number' | 'formula';
/**
 * The column a decision about a whole row is keyed by (a proposed row deletion declined is
 * `cellKey(r, ROW_COLUMN)`): the last column Excel has, which no template column sits in.
 */
export const ROW_COLUMN = MAX_COLUMNS - 1;
export const rowOfKey = (k: CellKey): number => Math.floor(k / MAX_COLUMNS);
export const colOfKey = (k: CellKey): number => k % MAX_COLUMNS;

/**
 * Largest input file, any format. A 100,000-row roster (100 times the 1,000-attendee ceiling of a
 * CME project) is about 6–18 MB as .xlsx and 15 MB as CSV; a real roster is well under 1 MB.
 * Above this the read alone takes longer than a clerk would wait (about 10 s per 60 MB of sheet).
 * Here (not in io/limits) so that the page can refuse a file before reading it without importing
 * the reader.
 */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024;

export type Severity = 'error' | 'warning' | 'info';

/** A severity as every output words it. */
export const SEVERITY_TEXT: Readonly<Record<Severity, string>> = { error: '错误', warning: '警告', info: '提示' };

/** A rule's stable id: the union of the registry's ids (rules/ids.ts, a leaf module: no cycle). */
export type { RuleId } from './rules/ids';
import type { RuleId } from './rules/ids';

export interface Issue {
  rule: RuleId;
  severity: Severity;
  /** Excel row, 1-based, header and title rows counted; null for whole-roster rules. */
  row: number | null;
  /** Canonical column name, or null (whole-roster rules, unknown columns). */
  column: string | null;
  /** The cell text as found ('' for an empty cell). */
  value: string;
  /** Short Chinese message that says what to do. */
  message: string;
  /** The corrected value where one value is certainly meant; otherwise null. */
  fix: string | null;
  /** A value that is only suggested (never applied unless the user asks). */
  suggestion?: string;
  /** Rows of other files the finding is about (the sign-in records, a candidate roster row); absent: none. */
  refs?: FileRow[];
  /** Where a finding without a roster row comes from (signin.missing: the sign-in file and its row). */
  source?: FileRow;
}

/** A row of a named file (Excel row, 1-based). */
export interface FileRow {
  file: string;
  row: number;
}

/**
 * The fix model: what the export changes. A change to one cell (`Fix`): a proposed fix that was
 * accepted, or the user's own edit; its row may be the header row (a header cell fix). A proposed
 * deletion of a whole row (`RowDeletion`): an issue with a row, no column and a fix proposes it
 * (its `fix` is '', the row's content after it); accepted unless declined at `ROW_COLUMN`.
 */
export interface Fix {
  /** Excel row, 1-based. */
  row: number;
  /** Canonical column name. */
  column: string;
  from: string;
  to: string;
  reason: string;
  /** Set when the writer will refuse it (RawSheet.unwritable): listed, never promised. */
  refused?: Unwritable;
}

/** A proposed deletion of a whole row (see Fix). */
export interface RowDeletion {
  /** Excel row, 1-based, as read. */
  row: number;
  /** The row's filled cells, as the issue quotes them. */
  from: string;
  reason: string;
}

/** Whether an issue proposes deleting its row (see Fix). */
export function isRowDeletion(i: Pick<Issue, 'row' | 'column' | 'fix'>): boolean {
  return i.row !== null && i.column === null && i.fix !== null;
}

export interface Summary {
  /** People: a repeated ID counts once, a row with no ID counts as one person. */
  attendees: number;
  /** Rows holding an attendee (the header and empty rows not counted). */
  rows: number;
  /** People whose unit is in another province than the host (by the first of their rows). */
  outOfProvince: number;
  /** People at a grassroots unit (by the first of their rows). */
  grassroots: number;
  outOfProvinceOrGrassroots: number;
  /** outOfProvinceOrGrassroots / attendees, exact, 0 when there are no attendees. */
  share: number;
  outOfProvinceShare: number;
  grassrootsShare: number;
  /** The least number of new qualifying attendees that brings the share to the minimum. */
  needMore: number;
  /** The same for out-of-province attendees alone (notice 003's reading of the share). */
  needMoreOutOfProvince: number;
  errors: number;
  warnings: number;
  infos: number;
  /**
   * The roster as it will be exported (accepted fixes and edits applied): its errors and warnings
   * on a row or column. Project-level and whole-roster issues (count, share) do not count.
   */
  afterFixes: { errors: number; warnings: number };
  /** Project dates, YYYY-MM-DD, when the settings give the event's dates; otherwise null. */
  filingDue: string | null;
  feedbackDue: string | null;
}

export type ProjectMode = '面授' | '远程' | '面授+远程';

/** The project's own settings (`--project FILE.json`, the page's form); every key optional. */
export interface ProjectSettings {
  mode?: ProjectMode;
  /** First and last day of the event, YYYY-MM-DD. */
  start?: string;
  end?: string;
  /** The start's time of day, HH:MM, when `start` was given with one ("2026-05-10 08:00"). */
  startTime?: string;
  hours?: number;
  credits?: number;
  /** 计划/拟招生人数. */
  planned?: number;
  /** A Beijing 京津冀 mutual-recognition project. */
  jjj?: boolean;
  practical?: boolean;
}

export interface Settings {
  /** Province of the host; out-of-province means the unit's province differs from it. */
  hostProvince: string;
  /** 实操训练类: exempt from the 50–1000 attendee range. */
  practical: boolean;
  /** Today as YYYY-MM-DD, for birth-date and deadline checks (passed in so the core stays pure). */
  today: string;
  /**
   * The project's settings when the user gave them (even `{}`): project rules run, and a rule that
   * needs a missing setting says it was skipped. Absent: project rules are silent.
   */
  project?: ProjectSettings;
}

/** How many of `sorted` (ascending) are below `x`: the first position whose value is at least `x`. */
export function countBelow(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Excel's column letters of a 0-based column index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
