// A typed, read-only view of the roster the page shows: its cells and each row's issues. The
// arrays behind it are big (100,000 rows), so they are not deeply reactive; instead every read
// method tracks a version of its own (the whole table, or one row), so that a component that reads
// a cell re-renders when that cell changes and no caller has to remember a version counter.
// A new roster is a new RosterView (the page keeps it in $state.raw and replaces it).
// Issues stay packed as the engine sent them (ui/issues.ts) and are unpacked when read.
import { cellKey, colOfKey, countBelow, rowOfKey, type CellKey, type Issue } from '../core/types';
import type { CellText, IssueBlock } from '../core/issue-codec';
import type { RosterMeta } from '../worker/protocol';
import { IssueList, type Handle, type RowChange } from './groups';
import { IssueStore } from './issues';

export { cellKey, colOfKey, rowOfKey, type CellKey };
export { IssueStore };

class RowVersion {
  v = $state(0);
}

export class RosterView {
  readonly meta: RosterMeta;
  readonly #rows: string[][];
  #issues: IssueStore;
  /** Rows that have issues, in order; rebuilt lazily when a row gains or loses all its issues. */
  #problemRows: number[] | null = null;
  /** Bumped when issues are replaced wholesale (a re-check). */
  #all = $state(0);
  /** Bumped on any change: for reads that look at every row (filters, search). */
  #any = $state(0);
  /** Per-row versions: an edit re-renders its own rows only. */
  readonly #row = new Map<number, RowVersion>();
  /** Canonical column name → column index. */
  readonly #columnIndex: Map<string, number>;
  /** Deleted sheet rows, ascending: rows keep their index, and are shown numbered as exported. */
  #deleted: number[];
  #deletedSet: Set<number>;
  /** Bumped when a row is deleted or restored: every row number below it changes. */
  #layout = $state(0);

  constructor(meta: RosterMeta, rows: string[][], issues: IssueStore) {
    this.meta = meta;
    this.#rows = rows;
    this.#issues = issues;
    this.#deleted = [...(meta.deleted ?? [])].sort((a, b) => a - b);
    this.#deletedSet = new Set(this.#deleted);
    this.#columnIndex = new Map(meta.columns.flatMap((c) => (c.canonical ? [[c.canonical, c.index] as const] : [])));
    issues.cells = this.#cellText;
  }

  /** The same rows under a new check (new settings): a new view, so that every reader looks again. */
  rebuilt(meta: RosterMeta, issues: IssueStore): RosterView {
    return new RosterView(meta, this.#rows, issues);
  }

  // --- Deleted rows: the grid, the problem list and every row number show the roster as it
  // will be exported (rows below a deleted row move up). ---

  isDeleted(r: number): boolean {
    void this.#layout;
    return this.#deletedSet.has(r);
  }

  /** How many rows the user deleted. */
  get deletedCount(): number {
    void this.#layout;
    return this.#deleted.length;
  }

  /** The Excel row (1-based) sheet row r (0-based, as read) has in the exported file. */
  excelRow(r: number): number {
    void this.#layout;
    return r + 1 - countBelow(this.#deleted, r);
  }

  /** The data rows that are not deleted, in order. */
  dataRows(): number[] {
    void this.#layout;
    const out: number[] = [];
    for (let r = this.meta.firstDataRow; r < this.meta.rowCount; r++) if (!this.#deletedSet.has(r)) out.push(r);
    return out;
  }

  /** Only the page's state calls this. */
  setDeleted(r: number, deleted: boolean): void {
    if (this.#deletedSet.has(r) === deleted) return;
    if (deleted) {
      this.#deletedSet.add(r);
      this.#deleted.push(r);
      this.#deleted.sort((a, b) => a - b);
    } else {
      this.#deletedSet.delete(r);
      this.#deleted = this.#deleted.filter((x) => x !== r);
    }
    this.#problemRows = null;
    this.#layout++;
    this.#bump(r);
  }

  #track(r: number): number {
    return this.#all + this.#version(r).v;
  }
  /**
   * A row's version, made when first needed: a version of its own per row, so that the first edit
   * of a row re-renders that row only (a SvelteMap woke every reader of a row it did not hold).
   */
  #version(r: number): RowVersion {
    let v = this.#row.get(r);
    if (!v) this.#row.set(r, (v = new RowVersion()));
    return v;
  }
  #trackAll(): number {
    return this.#any + this.#all;
  }

  get firstRow(): number {
    return this.meta.firstDataRow;
  }
  get rowCount(): number {
    return this.meta.rowCount;
  }

  cell(r: number, c: number): string {
    this.#track(r);
    return this.#rows[r]?.[c] ?? '';
  }

  issuesOf(r: number): readonly Issue[] {
    this.#track(r);
    if (this.#issues.countOf(r) === 0) return [];
    return this.#issues.handlesOf(r).map((h) => this.#issues.issue(h));
  }

  /** The cells as the engine saw them when it sent the issues (an issue's value leaves them out). */
  readonly #cellText: CellText = (r, column) => {
    const c = this.#columnIndex.get(column);
    return c === undefined ? undefined : (this.#rows[r]?.[c] ?? '');
  };

  /** Whether the cell (0-based sheet row, column index) has a fix proposed now; nothing unpacked. */
  hasFixAt(r: number, c: number): boolean {
    this.#track(r);
    const name = this.meta.columns[c]?.canonical ?? null;
    return this.#issues.handlesOf(r).some((h) => this.#issues.hasFix(h) && this.#issues.columnOf(h) === name);
  }

  /** The packed issues (the problem list's source: ui/groups). */
  get store(): IssueStore {
    return this.#issues;
  }

  /** The column index of a canonical column name (-1 when the roster has no such column). */
  columnIndex(name: string | null): number {
    return name === null ? -1 : (this.#columnIndex.get(name) ?? -1);
  }

  /** The cell an issue is about (0-based sheet row and column), or null for whole-roster issues. */
  cellOf(i: Pick<Issue, 'row' | 'column'>): { r: number; c: number } | null {
    if (i.row === null) return null;
    return { r: i.row - 1, c: Math.max(0, this.columnIndex(i.column)) };
  }

  /** Sheet rows that have issues, in order. */
  problemRows(): readonly number[] {
    this.#trackAll();
    void this.#layout;
    if (!this.#problemRows) {
      const rows = this.#issues.rowsInOrder();
      this.#problemRows = this.#deletedSet.size > 0 ? rows.filter((r) => !this.#deletedSet.has(r)) : rows;
    }
    return this.#problemRows;
  }

  /**
   * The next cell with a problem after (r, c), in reading order, among `rows` (sorted sheet rows,
   * e.g. the rows a filter shows); wraps around to the first. Null when there is none.
   */
  nextProblem(r: number, c: number, shown: (r: number) => boolean): { r: number; c: number } | null {
    const rows = this.problemRows();
    const colsOf = (row: number) => [...new Set(this.issuesOf(row).map((i) => Math.max(0, this.columnIndex(i.column))))].sort((a, b) => a - b);
    // First problem row at or after r.
    const lo = countBelow(rows, r);
    for (let k = 0; k <= rows.length; k++) {
      const row = rows[(lo + k) % rows.length] as number;
      if (rows.length === 0 || !shown(row)) continue;
      const cols = colsOf(row);
      const after = k === 0 && row === r ? cols.find((x) => x > c) : cols[0];
      if (after !== undefined) return { r: row, c: after };
      if (k === rows.length && row === r && cols[0] !== undefined) return { r: row, c: cols[0] };
    }
    return null;
  }

  /**
   * Sheet rows (data rows only) for which `keep` holds; tracks every change. A row's issues are
   * unpacked when `keep` reads them.
   */
  rowsWhere(keep: (r: number, cells: readonly string[], issues: IssueList) => boolean): number[] {
    this.#trackAll();
    const out: number[] = [];
    void this.#layout;
    const none = new IssueList(this.#issues, []);
    for (let r = this.meta.firstDataRow; r < this.#rows.length; r++) {
      if (this.#deletedSet.has(r)) continue;
      if (keep(r, this.#rows[r] ?? [], this.#issues.countOf(r) ? new IssueList(this.#issues, this.#issues.handlesOf(r)) : none)) out.push(r);
    }
    return out;
  }

  /** Every issue of every row, in row order (for printing), unpacked when read; rows numbered as exported. */
  allRowIssues(): Iterable<Issue> {
    this.#trackAll();
    const out: Handle[] = [];
    for (const r of this.problemRows()) for (const h of this.#issues.handlesOf(r)) out.push(h);
    const list = new IssueList(this.#issues, out);
    if (this.#deleted.length === 0) return list;
    return [...list].map((i) => (i.row !== null ? { ...i, row: this.excelRow(i.row - 1) } : i));
  }

  // --- Writes: only the page's state (app.svelte.ts) calls these. ---

  setCell(r: number, c: number, value: string): void {
    // The row's issues keep the text they were sent with until the engine's new ones arrive.
    for (const h of this.#issues.handlesOf(r)) this.#issues.issue(h);
    const row = (this.#rows[r] ?? []).slice();
    while (row.length < c) row.push('');
    row[c] = value;
    this.#rows[r] = row;
    this.#bump(r);
  }

  /** The engine's issues of `rows` after an edit (a row `block` leaves out has none); each row's handles before and after. */
  setIssues(rows: readonly number[], block: IssueBlock): RowChange[] {
    const changes = this.#issues.replaceRows(rows, block);
    for (const [r, before, after] of changes) {
      if ((before.length > 0) !== (after.length > 0)) this.#problemRows = null;
      this.#bump(r);
    }
    return changes;
  }

  /** A whole re-check (new settings, a fresh engine): every row's issues replaced. */
  replaceIssues(issues: IssueStore): void {
    this.#issues = issues;
    issues.cells = this.#cellText;
    this.#problemRows = null;
    this.#row.clear();
    this.#all++;
    this.#any++;
  }

  #bump(r: number): void {
    this.#version(r).v++;
    this.#any++;
  }
}
