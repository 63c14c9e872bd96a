// The one typed message protocol between the page and the engine (squoosh's worker-bridge habit):
// every request the page can make, and every reply, in one place.
import type { Fix, Issue, ProjectSettings, Summary } from '../core/types';

export type Level = 'national' | 'beijing';

export interface PageSettings {
  level: Level;
  hostProvince: string;
  practical: boolean;
  /** The project's own settings (credits, dates, enrolment), when the user gave them. */
  project?: ProjectSettings;
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
  /** `withRows: false` (a fresh engine taking over a roster the page already shows): no rows back. */
  | { id: number; type: 'load'; name: string; bytes: ArrayBuffer; settings: PageSettings; edits: Edit[]; withRows?: boolean }
  | { id: number; type: 'settings'; settings: PageSettings }
  | { id: number; type: 'edit'; edit: Edit }
  | { id: number; type: 'export'; declined: string[] }
  | { id: number; type: 'report'; mask: boolean };

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
  | { id: number; type: 'error'; kind: string; message: string };

/** The key a declined fix is known by. */
export function fixKey(f: Pick<Fix, 'row' | 'column'>): string {
  return `${f.row}:${f.column}`;
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
