// The one typed message protocol between the page and the engine (squoosh's worker-bridge habit):
// every request the page can make, and every reply, in one place.
import type { HeaderMatch } from '../core/locate';
import type { ColumnMapping, MatchBy, MatchedColumn } from '../core/columns';
import type { CellKey, Issue, ProjectSettings, Settings, Summary } from '../core/types';
import type { Profile } from '../core/profile';
import type { IssueBlock } from '../core/issue-codec';
import type { VerdictInput } from '../core/verdict';

export type { IssueBlock };

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
  /** The project's own settings (credits, dates, enrolment), when the user gave them. */
  project?: ProjectSettings;
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
  /** The allowed values of a column with a drop-down list (the template's list when one is loaded): the grid's editor offers them. */
  list?: string[];
}

export interface RosterMeta {
  fileName: string;
  format: 'xlsx' | 'xls' | 'csv';
  /** The corrected file's name as the export writes it ("名单-已校正.xlsx"), for the verdict. */
  exportName: string;
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
  /** Deleted rows (0-based sheet rows as read), ascending: the page numbers rows below them as the exported file will. */
  deleted: number[];
  /** Which sheet column each template column is, for the 核对列 panel. */
  columnMatch: ColumnMatchInfo;
}

/** The 核对列 panel's data, worked out in the engine (samples of at most 500 cells a column). */
export interface ColumnMatchInfo {
  /** The template's columns, in its order: the sheet column the checks use now and the one proposed. */
  columns: { column: string; required: boolean; index: number | null; by: MatchBy | null; proposed: number | null; proposedBy: MatchBy | null }[];
  /** The panel opens by itself: a required column (with a template: any template column) is missing. */
  needed: boolean;
  /** A header the template does not know: the 核对列 link is offered. */
  unknown: boolean;
  /** A few values of each sheet column, to tell them apart in the lists. */
  samples: string[][];
  /** The user's matches in force. */
  mapping: ColumnMapping;
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
   * `declined`: cells (cellKey) whose proposed fix the user declined, kept across edits of the cell.
   * `sheet`: check the sheet of that name instead of the one the engine would choose.
   * `deleted`: rows the user deleted (0-based sheet rows as read), applied after the edits.
   */
  | { id: number; type: 'load'; name: string; bytes: ArrayBuffer; settings: PageSettings; edits: Edit[]; declined?: CellKey[]; withRows?: boolean; sheet?: string; deleted?: number[]; columns?: ColumnMapping }
  /**
   * Check the roster again with the user's column matches (0-based sheet column → template
   * column; {} drops them); answered like `settings` (meta, issues, done). Edits are kept.
   */
  | { id: number; type: 'columns'; columns: ColumnMapping }
  /**
   * Check another sheet of the loaded file (a name from `RosterMeta.rosterSheets`); answered like
   * `load` (meta, rows, issues, done). Edits and fix decisions made on the previous sheet are dropped.
   */
  | { id: number; type: 'sheet'; sheet: string }
  | { id: number; type: 'settings'; settings: PageSettings }
  | { id: number; type: 'edit'; edit: Edit }
  /** Decline (true) or accept again (false) the proposed fix of each cell; answered with `decided`. */
  | { id: number; type: 'decide'; cells: CellKey[]; declined: boolean[] }
  /**
   * Delete a data row (`deleted: true`; 0-based sheet row as read) or bring it back (false, for
   * undo); answered with `deleted`. Rows keep their index; the exported file has the row removed.
   */
  | { id: number; type: 'delete'; r: number; deleted: boolean }
  /**
   * The corrected file. `as: 'xlsx'` writes a CSV roster as .xlsx (Excel turns long digit strings
   * in a CSV into numbers); without it the output has the input's kind (.xlsm stays .xlsm; .xls
   * and .xlsb become .xlsx, with a `note`).
   */
  | { id: number; type: 'export'; as?: 'csv' | 'xlsx' }
  /** `extra`: errors found across a batch's rosters (同日超学分), which the report's verdict counts as the page's does. */
  | { id: number; type: 'report'; mask: boolean; extra?: number }
  /** Derive a profile from an official blank template (.xlsx); answered with `template` or `error`. */
  | { id: number; type: 'template'; name: string; bytes: ArrayBuffer; level: Level };

export type Reply =
  | { id: number; type: 'progress'; phase: 'read' | 'check' | 'send'; done: number; total: number }
  | { id: number; type: 'meta'; meta: RosterMeta }
  /** A chunk of the roster's rows (sheet rows from `start`), sent in pieces so no task is long. */
  | { id: number; type: 'rows'; start: number; rows: string[][] }
  /**
   * Issues of rows (core/issue-codec: compact, decoded where shown), rows in ascending order, each
   * row's issues together; a value left out is the text of its cell in the rows the page holds.
   */
  | { id: number; type: 'issues'; block: IssueBlock }
  | { id: number; type: 'done'; snapshot: Snapshot }
  /** `rows`: the 0-based sheet rows whose issues are replaced by those of `block` (none: cleared). */
  | { id: number; type: 'edited'; edit: Edit; rows: number[]; block: IssueBlock; snapshot: Snapshot }
  /**
   * After a row deletion or restore: the issues of every row that changed (the row itself, its
   * former or new duplicates, and duplicate rows whose messages name rows that moved), as in `edited`.
   */
  | { id: number; type: 'deleted'; r: number; deleted: boolean; rows: number[]; block: IssueBlock; snapshot: Snapshot }
  /** After fix decisions: the summary (its `afterFixes` is the verdict) as the roster will be exported. */
  | { id: number; type: 'decided'; snapshot: Snapshot }
  /**
   * A file to download. `note`: one Chinese line to show with it, or ''. For a corrected file,
   * `changed`: cells rewritten; `kept`: accepted fixes that could not be written (a number that
   * has lost digits is never overwritten), which stay in the list.
   */
  | { id: number; type: 'file'; name: string; bytes: ArrayBuffer; mime: string; note: string; changed?: number; kept?: number }
  /** `profile`: the profile file (JSON) to send back as `PageSettings.templateProfile` and to keep. */
  | { id: number; type: 'template'; profile: string; summary: TemplateSummary }
  | { id: number; type: 'error'; kind: string; message: string };

/**
 * Largest file the page reads on its own thread when no worker can start. Reading an .xlsx is one
 * call that cannot be cut into slices (checking and showing are separate steps): 192 KB holds a
 * full 1,000-attendee roster, and its read took 50-120 ms here on a busy 2-core machine (less on
 * an ordinary desk PC). A bigger file would freeze the page for seconds, so it is refused.
 */
export const FALLBACK_MAX_BYTES = 192 * 1024;

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// --- The batch (issue #12): many rosters read one at a time by the batch worker, which keeps only
// each roster's summary, its issues and its people's IDs (core/batch.ts), never its workbook. ---

/**
 * Where a roster's bytes are: bytes, a file the page holds (`blob`: the worker reads it, the page's
 * thread never waits on the disk), or an entry of a zip the batch worker keeps.
 */
export type BatchBytes = { bytes: ArrayBuffer } | { blob: Blob } | { source: number; member: string };

/** Where a zipped roster's stored bytes are in its zip (io/zip-batch's ZipEntryAt): the helper reads them from the zip's file. */
export interface BatchEntryAt {
  offset: number;
  csz: number;
  usz: number;
  crc: number;
  method: number;
}

/**
 * A roster in a zip, as `batch-open` lists it (in the zip's order: `sub` is its place): its path
 * in the zip, where its bytes are, or why it is not read (a zip inside the zip).
 */
export interface BatchMember {
  member: string;
  at: BatchEntryAt;
  refused?: string;
}

/** Where a roster's project settings come from: the manifest, the page's batch table, or the page's settings. */
export type SettingsOrigin = 'manifest' | 'manual' | 'default';

/** Project settings entered for one roster in the batch table; they override its manifest row. */
export interface ManualProject {
  /** undefined: every field left blank (the project rules say what they could not check). */
  project?: ProjectSettings;
  /** 项目名称, when the table had none for it. */
  name?: string;
}

/** One roster of a batch, as its table row shows it. */
export interface BatchFileRow {
  /** Unique in the batch: the file's path in the folder, or "压缩包.zip/名单.xlsx". */
  file: string;
  /** The file's own name (what the manifest's 文件 column names). */
  name: string;
  /** The page's source it came from (index in the page's list); `member`: its path in that zip. */
  source: number;
  member?: string;
  /** 项目名称 from the manifest ('' when the manifest does not name it). */
  project: string;
  /** The project settings it was checked with (the manifest row's, else the page's). */
  settings?: ProjectSettings;
  /** Where `settings` came from (absent: 'default'). */
  origin?: SettingsOrigin;
  /** Its errors about the whole roster or project (no row), first few: why the verdict is 需修改. */
  rosterErrors?: string[];
  /** The manifest has a row for it. */
  inManifest: boolean;
  /** null: it could not be read (`error` says why, in one sentence). */
  summary: { attendees: number; outOfProvince: number; grassroots: number; outOfProvinceOrGrassroots: number; share: number; needMore: number; errors: number; warnings: number } | null;
  /** Where the roster is in its file: the sheet and its header row (1-based). */
  sheet?: string;
  headerRow?: number;
  /** The columns the checks ran on (the command line's JSON `columns`). */
  columns?: MatchedColumn[];
  /** The file is a 项目清单 (found by its header), not a roster: never in the table. */
  manifest?: true;
  /** 项目级别 from its manifest row. */
  level?: string | null;
  /** The share as text (core's formatPercent against the profile's threshold): the same everywhere. */
  shareText?: string;
  /** What its verdict is made of (core/verdict.ts), errors across rosters not yet added. */
  verdict?: VerdictInput;
  error?: string;
}

/** The findings across the rosters read (core/batch.ts), and what the manifest did not match. */
export interface BatchOutcome {
  people: number;
  duplicates: { id: string; names: string[]; occurrences: { file: string; row: number }[] }[];
  sameDay: { id: string; name: string; date: string; credits: number; files: string[]; occurrences: { file: string; row: number }[] }[];
  /** 同日超学分 errors per file (they count as the file's own errors). */
  daily: [string, number][];
  /** One Chinese line each: manifest rows naming no file read or several, files it has no row for, its own problems. */
  manifest: string[];
  /** Files in zips that are not rosters, each with the reason it is not read. */
  skipped?: { file: string; reason: string }[];
  /** Files found to be a 项目清单 by their header and not in use (a driver with none may use the first). */
  manifests?: { file: string; source: number; member?: string }[];
  /** The same, as data (the command line's JSON). */
  manifestParts?: {
    missingFiles: { row: number; file: string }[];
    ambiguous: { row: number; file: string; files: string[] }[];
    unlisted: string[];
    problems: { row: number; file: string; message: string }[];
  };
}

/** A roster's work in the workspace, for an export of the batch. */
export interface BatchWork {
  edits: Edit[];
  declined: CellKey[];
  /** Rows the user deleted (0-based sheet rows as read). */
  deleted?: number[];
}

export type BatchRequest =
  /**
   * A new batch: everything kept so far is dropped. `engine`: the command line's profile and
   * settings as they are (its --profile-file and --project), instead of the page's settings.
   */
  | { id: number; type: 'batch-start'; settings: PageSettings; engine?: { profile: Profile; settings: Settings; columns?: HeaderMatch[] } }
  /**
   * The 项目清单 (before the rosters): answered with `batch-manifest` or `error`. `files`: every
   * roster of the batch (paths as shown, zips' rosters as "压缩包.zip/名单.xlsx"), which its rows
   * are matched against (io/manifest's matchManifest: a bare name that fits two is ambiguous).
   */
  | ({ id: number; type: 'batch-manifest'; name: string; files?: string[] } & BatchBytes)
  /**
   * Read and check one roster; answered with `batch-rows`, and what is kept goes to the worker that
   * keeps ('here': this one; 'peer': the other, through the port given by `batch-link`, or the
   * command line's keeper), which keeps it in source order. With `blob` (the file chosen), the
   * worker reads it itself, `bytes` unused: the page's thread never waits on the disk.
   * `refused`: the file was not read (too large): it is listed as unreadable with this sentence.
   */
  | { id: number; type: 'batch-check'; source: number; file: string; bytes: ArrayBuffer; refused?: string; keep: 'here' | 'peer'; blob?: Blob }
  /**
   * One roster of a zip opened by `batch-open` (`file`: the zip's path; `sub`: its place among the
   * zip's rosters): the first worker reads it from the zip it keeps; the other is given `at` and
   * its stored bytes (`blob`: that slice of the zip's file, read and inflated there). Answered and
   * kept as `batch-check` with `keep`, the keeper keeping a zip's rosters in their order.
   */
  | { id: number; type: 'batch-check'; source: number; sub: number; member: string; file: string; bytes: ArrayBuffer; refused?: string; at?: BatchEntryAt; keep: 'here' | 'peer'; blob?: Blob }
  /**
   * The first worker opens a zip of rosters (`blob`: it reads the file) and keeps it for the
   * exports: `batch-members` lists its rosters, each then checked by either worker; a zip that
   * cannot be read is one unreadable row, kept at once (`batch-rows`).
   */
  | { id: number; type: 'batch-open'; source: number; file: string; bytes: ArrayBuffer; refused?: string; blob?: Blob }
  /**
   * Keep every source listed once it has arrived (and any arrived after a gap, in source order):
   * `batch-ok`. `subs`: each one's place in its zip (0 when absent).
   */
  | { id: number; type: 'batch-gather'; sources: number[]; subs?: number[] }
  /** The findings across what was read: `batch-result`. */
  | { id: number; type: 'batch-finish' }
  /** The batch report workbook (`file`); `counts`: errors and warnings of rosters edited since. */
  | { id: number; type: 'batch-report'; counts: { file: string; errors: number; warnings: number }[] }
  /** A zipped roster's bytes, to open it in the workspace: `batch-bytes`. */
  | { id: number; type: 'batch-bytes'; source: number; member: string }
  /** Read a roster again and add its corrected file to the zip being made: `batch-ok` (`note` when it could not). */
  | ({ id: number; type: 'batch-fix'; file: string; name: string; project?: ProjectSettings } & BatchWork & BatchBytes)
  /**
   * Check a roster again as it is now: with `manual` settings (null: the manifest's, else the
   * page's) and the user's work; it replaces what the batch kept of it. Answered with `batch-rows`
   * (its new table row); `batch-finish` then gives the lists across rosters as they are now.
   */
  | ({ id: number; type: 'batch-recheck'; file: string; manual: ManualProject | null } & BatchWork & BatchBytes)
  /** The zip of every corrected file added: `file`. */
  | { id: number; type: 'batch-fix-zip' }
  /** Read a roster again and add it to the merged roster being made: `batch-ok`. */
  | ({ id: number; type: 'batch-merge'; file: string; project?: ProjectSettings } & BatchBytes)
  /** The merged roster (`file`), after `batch-merged` with what disagrees; `as`: its kind (else the first roster's). */
  | { id: number; type: 'batch-merge-done'; as?: 'csv' | 'xlsx' };

/** Between the two batch workers (a MessagePort): a file's rosters checked, for the keeper. */
export interface BatchHandOver {
  source: number;
  /** A zipped roster's place among its zip's rosters (0 for a file). */
  sub?: number;
  items: BatchChecked[];
}

/** An issue as the batch keeps it (the report words it at the end: io/batch's reportIssue). */
export type BatchIssue = Pick<Issue, 'rule' | 'row' | 'column' | 'value' | 'message' | 'fix' | 'severity'>;

/** A roster checked and not yet kept: its table row, its issues for the report and its people. */
export interface BatchChecked {
  row: BatchFileRow;
  issues: BatchIssue[];
  /** Issues not listed (over the batch's limit per roster). */
  more: number;
  people: { key: string; name: string; row: number }[];
}

export type BatchReply =
  | { id: number; type: 'batch-rows'; rows: BatchFileRow[] }
  | { id: number; type: 'batch-members'; members: BatchMember[] }
  /** More of the lists of `batch-result` (sent before it): appended to its lists, in order. */
  | { id: number; type: 'batch-part'; sameDay: BatchOutcome['sameDay']; duplicates: BatchOutcome['duplicates'] }
  | { id: number; type: 'batch-ok'; note?: string }
  /** `named`: the rosters its rows name (those checked before it came are to be checked again). */
  | { id: number; type: 'batch-manifest'; rows: number; problems: string[]; named?: string[] }
  | { id: number; type: 'batch-result'; outcome: BatchOutcome }
  | { id: number; type: 'batch-bytes'; name: string; bytes: ArrayBuffer }
  | {
      id: number;
      type: 'batch-merged';
      rosters: number;
      rows: number;
      people: number;
      disagreements: { id: string; column: string; kept: { file: string; row: number; value: string }; other: { file: string; row: number; value: string } }[];
      /** The merged roster checked as one (null: it could not be). */
      errors: number | null;
      warnings: number | null;
    }
  | Extract<Reply, { type: 'file' | 'error' }>;
