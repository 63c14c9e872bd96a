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

export type Severity = 'error' | 'warning' | 'info';

export type RuleId =
  | 'header.missing'
  | 'header.unknown'
  | 'template.mismatch'
  | 'required'
  | 'dictionary'
  | 'format'
  | 'name.format'
  | 'unit.short'
  | 'grassroots.suggest'
  | 'id.format'
  | 'id.checksum'
  | 'id.birthdate'
  | 'id.scientific'
  | 'id.legacy'
  | 'id.duplicate'
  | 'gender.mismatch'
  | 'phone.format'
  | 'email.format'
  | 'cell.formula'
  | 'count.range'
  | 'share.min';

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
}

/** A change to one cell: a proposed fix that was accepted, or the user's own edit. */
export interface Fix {
  /** Excel row, 1-based. */
  row: number;
  /** Canonical column name. */
  column: string;
  from: string;
  to: string;
  reason: string;
}

export interface Summary {
  attendees: number;
  outOfProvince: number;
  grassroots: number;
  outOfProvinceOrGrassroots: number;
  /** outOfProvinceOrGrassroots / attendees, 0 when there are no attendees. */
  share: number;
  /** The least number of new qualifying attendees that brings the share to the minimum. */
  needMore: number;
  errors: number;
  warnings: number;
  infos: number;
}

export interface Settings {
  /** Province of the host; out-of-province means the unit's province differs from it. */
  hostProvince: string;
  /** 实操训练类: exempt from the 50–1000 attendee range. */
  practical: boolean;
  /** Today as YYYY-MM-DD, for birth-date checks (passed in so that the core stays pure). */
  today: string;
}
