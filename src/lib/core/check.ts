// The roster: a located roster sheet checked by the registry's rules and kept up to date one row at
// a time, as cells are edited, fixes declined and rows deleted (an edit on a 100,000-row roster
// costs one row and its ID group). It names no rule. Its parts, by concern (roster/):
//   row-checker.ts  one row → its issues and facts (the cell rules, through clean-memo.ts where
//                   they are pure, the row rules, the one merge step for fixes)
//   row-table.ts    per-row results and every aggregate read from them (people, ID index,
//                   provinces, shares, totals), now and as exported
//   listing.ts      issue streaming, duplicates in order, rows renumbered after deletions
//   whole-roster.ts the whole-roster and project rules, and the summary
// This file is the facade: edits, fix decisions, deletions, and the whole-roster rules.
import type { Profile } from './profile';
import type { Located } from './locate';
import type { CellKey, Fix, Issue, RawSheet, RowDeletion, Settings, Summary, Unwritable } from './types';
import { ROW_COLUMN, cellKey, isRowDeletion } from './types';
import { prepareContext, type RuleContext } from './rules/context';
import { RowChecker } from './roster/row-checker';
import { RowTable } from './roster/row-table';
import { projectIssues, rosterIssues, summarize, type RosterBasis } from './roster/whole-roster';
import { Listing } from './roster/listing';

export { forgetCleanValues } from './roster/clean-memo';

const EMPTY_ROW: readonly string[] = [];

export interface RosterOptions {
  /**
   * Keep every row's Issue objects (the default). Without it only counts are kept and a row's
   * issues are worked out again when asked for: the command line streams a 1,000,000-row roster.
   */
  retainIssues?: boolean;
}

export class Roster {
  readonly profile: Profile;
  readonly settings: Settings;
  readonly located: Located;
  readonly sheetName: string;
  private readonly ctx: RuleContext;
  private readonly rows: string[][];
  private readonly numeric: Set<number>;
  private readonly unwritable: ReadonlyMap<CellKey, Unwritable> | undefined;
  private readonly edited = new Set<number>();
  /** Proposed fixes the user declined, by cellKey (every other proposed fix is accepted). */
  private readonly declined = new Set<number>();
  private readonly checker: RowChecker;
  private readonly results: RowTable;
  private readonly listing: Listing;
  /** Deleted sheet rows (0-based), and the same ascending (null: to be sorted again). */
  private readonly deleted = new Set<number>();
  private deletedOrder: number[] | null = null;

  constructor(sheet: RawSheet, located: Located, profile: Profile, settings: Settings, options: RosterOptions = {}) {
    this.profile = profile;
    this.located = located;
    this.sheetName = sheet.name;
    this.ctx = prepareContext(profile, settings);
    // Rows are copied on write (see setCell), so the caller's table is never changed.
    this.rows = sheet.rows.slice();
    this.numeric = sheet.numeric;
    this.unwritable = sheet.unwritable?.size ? sheet.unwritable : undefined;
    this.checker = new RowChecker(this.rows[located.headerRow] ?? [], located, this.ctx, this.numeric.size > 0 ? (r, c) => this.numeric.has(cellKey(r, c)) && !this.edited.has(cellKey(r, c)) : null);
    // `--practical` and the project's `"practical": true` are one setting: either turns it on.
    const practical = settings.practical || settings.project?.practical === true;
    // The host province as the dictionary spells it ("北京" → "北京市").
    const dict = this.ctx.dictionaries['province'];
    const host = dict ? (this.checker.cleanValue(settings.hostProvince, 'province', dict) ?? settings.hostProvince) : settings.hostProvince;
    this.settings = { ...settings, practical, hostProvince: host };
    this.ctx.settings = this.settings;
    this.results = new RowTable(this.rows, located, this.checker, options.retainIssues ?? true);
    this.listing = new Listing(this.results, this.checker, this.rows, () => this.deletedRows(), this.unwritable ? (r, c) => this.refused(r, c) : null);
    for (let r = located.firstDataRow; r < this.rows.length; r++) this.checkRow(r);
  }

  /** Number of rows in the sheet (title and header rows included). */
  get rowCount(): number {
    return this.rows.length;
  }

  /** The cell text at a 0-based sheet row and column. */
  cell(r: number, c: number): string {
    return this.rows[r]?.[c] ?? '';
  }

  /** All rows of the sheet as they are now (edits applied, fixes not). Do not mutate. */
  table(): readonly (readonly string[])[] {
    return this.rows;
  }

  /** Check one row (0-based sheet row) and store its result, replacing what was there. */
  private checkRow(r: number): void {
    this.results.remove(r);
    if (this.deleted.size > 0 && this.deleted.has(r)) return;
    this.results.put(r, this.rows[r] ?? EMPTY_ROW, (row, issues) => this.acceptedFixes(row, issues));
  }

  /** [column, value] of a row's accepted fixes, or null when it has none. */
  private acceptedFixes(r: number, issues: readonly Issue[]): [number, string][] | null {
    let out: [number, string][] | null = null;
    for (const i of issues) {
      if (i.fix === null || i.column === null) continue;
      const c = this.checker.colOrder.get(i.column);
      if (c === undefined || this.declined.has(cellKey(r, c)) || this.refused(r, c)) continue;
      (out ??= []).push([c, i.fix]);
    }
    return out;
  }

  /**
   * Why the writer will refuse a fix of this cell, or undefined: a formula's master always, a lossy
   * number until an edit replaces what was read.
   */
  private refused(r: number, c: number): Unwritable | undefined {
    if (this.unwritable === undefined) return undefined;
    const why = this.unwritable.get(cellKey(r, c));
    return why === 'number' && this.edited.has(cellKey(r, c)) ? undefined : why;
  }

  private checkDataRow(r: number): void {
    if (r < this.located.firstDataRow || r >= this.rows.length) throw new RangeError(`row ${r + 1} is not a data row`);
  }

  /** Change one data cell (0-based) and re-check its row; a decision on the cell's old fix is dropped (the new one is accepted). */
  setCell(r: number, c: number, value: string): void {
    this.checkDataRow(r);
    if (c < 0 || c >= 16384) throw new RangeError(`column ${c} is out of range`);
    const row = (this.rows[r] ?? []).slice();
    while (row.length < c) row.push('');
    row[c] = value;
    this.rows[r] = row;
    this.edited.add(cellKey(r, c));
    this.declined.delete(cellKey(r, c));
    this.listing.changed();
    this.checkRow(r);
  }

  /** Decline the proposed fix of one cell (0-based sheet row and column): it is not exported. */
  declineFix(r: number, c: number): void {
    this.decide(r, c, true);
  }

  /** Accept the proposed fix of one cell again (every proposed fix is accepted by default). */
  acceptFix(r: number, c: number): void {
    this.decide(r, c, false);
  }

  private decide(r: number, c: number, decline: boolean): void {
    this.checkDataRow(r);
    const k = cellKey(r, c);
    if (this.declined.has(k) === decline) return;
    if (decline) this.declined.add(k);
    else this.declined.delete(k);
    // Only the exported state changes; re-checking the row keeps one code path for both.
    this.listing.changed();
    this.checkRow(r);
  }

  /** Whether the proposed fix of a cell was declined. */
  isDeclined(r: number, c: number): boolean {
    return this.declined.has(cellKey(r, c));
  }

  /** The ID key of a row (0-based), as duplicates are found by; null for no usable ID. */
  idKey(r: number): string | null {
    return this.results.idKey(r);
  }

  /** Rows (0-based) that share row r's ID, r included; [] when the ID is unique or absent. */
  sameIdRows(r: number): readonly number[] {
    const key = this.results.idKey(r);
    return key == null ? [] : this.results.ids.group(key) ?? [];
  }

  /** Row r's 单位所在省份 as the chart counts it (after its fix; “未填” when empty), or null for no person or no such column. */
  provinceOf(r: number): string | null {
    return this.results.provinceOf(r);
  }

  /** Province counts (of `provinceOf`) as the chart shows them: most first, each marked outside the host's or not. */
  provinceList(counts: ReadonlyMap<string, number>): { province: string; count: number; outside: boolean }[] {
    return this.results.provinceList(counts, this.settings.hostProvince);
  }

  /** People per 单位所在省份 (after its fix), most first; empty cells count as “未填”. */
  provinceCounts(): { province: string; count: number; outside: boolean }[] {
    return this.provinceList(this.results.provinceTally().counts);
  }

  /** Every row's `provinceOf` and the counts of each: to update the chart row by row after an edit. */
  provinceTally(): { perRow: (string | null)[]; counts: Map<string, number> } {
    return this.results.provinceTally();
  }

  /** Issues of one row (0-based sheet row), duplicates included. */
  rowIssues(r: number): Issue[] {
    return this.listing.rowIssues(r);
  }

  private basis(): RosterBasis {
    return { profile: this.profile, settings: this.settings, located: this.located, header: this.rows[this.located.headerRow] ?? [], table: this.rows };
  }

  /** Project-level issues (the project's settings: credits, dates, enrolment), row null. */
  projectIssues(): Issue[] {
    return projectIssues(this.basis(), this.results);
  }

  /** Whole-roster issues: the project's first, then header, attendee count, share. */
  rosterIssues(): Issue[] {
    return rosterIssues(this.basis(), this.results);
  }

  /** Every issue: whole-roster first, then by row and column, rows numbered as exported (rowIssues() and fixes() keep sheet rows). */
  issues(): Issue[] {
    return [...this.eachIssue()];
  }

  /** The same issues one at a time, for a caller that streams them (without retained issues, one row's are alive at once). */
  *eachIssue(): Generator<Issue> {
    yield* this.listing.eachIssue(this.rosterIssues());
  }

  /** Counts, shares and severities; cheap enough to call after every edit. */
  summary(): Summary {
    const header = this.located.headerRow + 1;
    // A proposed row deletion not declined, and a header cell's fix (always written), leave nothing in the export.
    return summarize(this.basis(), this.results, (i) => (i.row !== null && isRowDeletion(i) && !this.declined.has(cellKey(i.row - 1, ROW_COLUMN))) || (i.row === header && i.column !== null && i.fix !== null));
  }

  /** Every proposed fix (one per cell at most), in row order, declined ones included (rows as read). */
  fixes(): Fix[] {
    const out = this.listing.fixes();
    if (!this.unwritable) return out;
    return out.map((f) => {
      const why = this.refused(f.row - 1, this.checker.colOrder.get(f.column) ?? -1);
      return why ? { ...f, refused: why } : f;
    });
  }

  /** Proposed fixes of header cells (rows as read), for the writer; declining them is the writer's. */
  headerFixes(): Fix[] {
    const header = this.located.headerRow + 1;
    return this.rosterIssues().flatMap((i) => (i.row === header && i.column !== null && i.fix !== null ? [{ row: header, column: i.column, from: i.value, to: i.fix, reason: i.message }] : []));
  }

  /** Rows the roster proposes to delete (a repeated header), declined ones included. */
  proposedDeletions(): RowDeletion[] {
    return this.rosterIssues().flatMap((i) => (i.row !== null && isRowDeletion(i) ? [{ row: i.row, from: i.value, reason: i.message }] : []));
  }

  /** Sheet rows (0-based, ascending) the export leaves out: the user's deletions and the accepted proposals. */
  exportedDeletions(): number[] {
    const rows = new Set(this.deletedRows());
    for (const d of this.proposedDeletions()) if (!this.declined.has(cellKey(d.row - 1, ROW_COLUMN))) rows.add(d.row - 1);
    return [...rows].sort((a, b) => a - b);
  }

  /** The proposed fixes that will be exported (not declined, not refused), in row order. */
  acceptedFixList(): Fix[] {
    const data = this.fixes().filter((f) => {
      const c = this.checker.colOrder.get(f.column);
      return f.refused === undefined && (c === undefined || !this.declined.has(cellKey(f.row - 1, c)));
    });
    const header = this.headerFixes();
    return header.length > 0 ? [...header, ...data] : data;
  }

  // Row deletion: rows keep the index they were read with (edits, decisions and undo name rows by it).

  /** Delete a data row (0-based): it leaves every count, group and list, and rows below it are numbered one less. Its cells are kept, for restoreRow(). */
  deleteRow(r: number): void {
    this.checkDataRow(r);
    if (this.deleted.has(r)) return;
    this.deleted.add(r);
    this.deletedOrder = null;
    this.results.remove(r);
    this.listing.changed();
  }

  /** Undo deleteRow(r): the row is checked again as it is now. */
  restoreRow(r: number): void {
    if (!this.deleted.delete(r)) return;
    this.deletedOrder = null;
    this.listing.changed();
    this.checkRow(r);
  }

  isDeleted(r: number): boolean {
    return this.deleted.has(r);
  }

  /** Deleted sheet rows (0-based), ascending. Do not mutate. */
  deletedRows(): readonly number[] {
    return (this.deletedOrder ??= [...this.deleted].sort((a, b) => a - b));
  }

  /** Rows (0-based) of every duplicate group with a row below r: their messages name rows that a deletion or restore of r renumbers. */
  duplicateRowsBelow(r: number): number[] {
    return this.listing.duplicateRowsBelow(r);
  }

  /** The Excel row (1-based) that sheet row r (0-based) has in the exported file. */
  exportedRow(r: number): number {
    return this.listing.exportedRow(r);
  }
}
