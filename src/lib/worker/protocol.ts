// The one typed message protocol between the page and the engine (squoosh's worker-bridge habit):
// every request the page can make, and every reply, in one place.
import type { Fix, Issue, Summary } from '../core/types';

export type Level = 'national' | 'beijing';

export interface PageSettings {
  level: Level;
  hostProvince: string;
  practical: boolean;
  /**
   * The profile file derived from an official blank template (a `template` reply's `profile`),
   * applied to `level`; absent: the built-in profile of `level`.
   */
  templateProfile?: string;
}

/** An official blank template's derived profile, as the page shows it. */
export interface TemplateSummary {
  fileName: string;
  sheetName: string;
  /** Excel row of the template's header. */
  headerRow: number;
  columns: {
    /** The header as the template writes it, notes stripped. */
    label: string;
    /** The built-in column it is checked as; null for a column only the template has. */
    builtin: string | null;
    required: boolean;
    /** Number of values in its drop-down list (the built-in dictionary's when the template has none); null: no list. */
    listSize: number | null;
    /** The list is the template's own (not the built-in dictionary). */
    fromTemplate: boolean;
  }[];
  /** Template columns the built-in profile does not know. */
  added: string[];
  /** Built-in columns the template lacks (no longer checked). */
  dropped: string[];
  /** What the template changes, in Chinese, one line each (dictionaries that differ, lists that could not be read). */
  notes: string[];
}

/** A user's edit of one cell: 0-based sheet row and column. */
export interface Edit {
  r: number;
  c: number;
  value: string;
}

export interface ColumnInfo {
  index: number;
  header: string;
  /** Canonical template column, or null for a column the template does not know. */
  canonical: string | null;
}

export interface RosterMeta {
  fileName: string;
  format: 'xlsx' | 'xls' | 'csv';
  sheetName: string;
  /**
   * Why this sheet was checked, one Chinese sentence, when worth showing: the roster is on a
   * hidden sheet, or several sheets look like rosters. Absent otherwise.
   */
  sheetNote?: string;
  /** Every sheet with a roster header, in workbook order: offer a choice when there are two or more (send `sheet`). */
  rosterSheets: string[];
  /** 0-based index of the header row. */
  headerRow: number;
  firstDataRow: number;
  rowCount: number;
  columns: ColumnInfo[];
  sha256: string;
  profileName: string;
  shareRule: { enabled: boolean; min: number };
  attendeeRange: { min: number; max: number };
  hostProvince: string;
}

export interface ProvinceCount {
  province: string;
  count: number;
  outside: boolean;
}

/** What the page shows after a check: cheap to send after every edit. */
export interface Snapshot {
  summary: Summary;
  rosterIssues: Issue[];
  provinces: ProvinceCount[];
}

export type Request =
  /**
   * `withRows: false` (a fresh engine taking over a roster the page already shows): no rows back.
   * `sheet`: check the sheet of that name instead of the one the engine would choose.
   */
  | { id: number; type: 'load'; name: string; bytes: ArrayBuffer; settings: PageSettings; edits: Edit[]; withRows?: boolean; sheet?: string }
  /**
   * Check another sheet of the loaded file (a name from `RosterMeta.rosterSheets`); answered like
   * `load` (meta, rows, issues, done). Edits made on the previous sheet are dropped.
   */
  | { id: number; type: 'sheet'; sheet: string }
  | { id: number; type: 'settings'; settings: PageSettings }
  | { id: number; type: 'edit'; edit: Edit }
  | { id: number; type: 'export'; declined: string[] }
  | { id: number; type: 'report'; mask: boolean }
  /** Derive a profile from an official blank template (.xlsx); answered with `template` or `error`. */
  | { id: number; type: 'template'; name: string; bytes: ArrayBuffer; level: Level };

export type Reply =
  | { id: number; type: 'progress'; phase: 'read' | 'check' | 'send'; done: number; total: number }
  | { id: number; type: 'meta'; meta: RosterMeta }
  /** A chunk of the roster's rows (sheet rows from `start`), sent in pieces so no task is long. */
  | { id: number; type: 'rows'; start: number; rows: string[][] }
  /** Issues of rows, keyed by 0-based sheet row; an empty list clears a row. */
  | { id: number; type: 'issues'; rows: [number, Issue[]][] }
  | { id: number; type: 'done'; snapshot: Snapshot }
  | { id: number; type: 'edited'; edit: Edit; rows: [number, Issue[]][]; snapshot: Snapshot }
  | { id: number; type: 'file'; name: string; bytes: ArrayBuffer; mime: string; note: string }
  /** `profile`: the profile file (JSON) to send back as `PageSettings.templateProfile` and to keep. */
  | { id: number; type: 'template'; profile: string; summary: TemplateSummary }
  | { id: number; type: 'error'; kind: string; message: string };

/** The key a declined fix is known by. */
export function fixKey(f: Pick<Fix, 'row' | 'column'>): string {
  return `${f.row}:${f.column}`;
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
