// A typed, read-only view of the roster the page shows: its cells and each row's issues. The
// arrays behind it are big (100,000 rows), so they are not deeply reactive; instead every read
// method tracks a version of its own (the whole table, or one row), so that a component that reads
// a cell re-renders when that cell changes and no caller has to remember a version counter.
// A new roster is a new RosterView (the page keeps it in $state.raw and replaces it).
import { SvelteMap } from 'svelte/reactivity';
import { cellKey, colOfKey, rowOfKey, type CellKey, type Issue } from '../core/types';
import type { RosterMeta } from '../worker/protocol';

export { cellKey, colOfKey, rowOfKey, type CellKey };

export class RosterView {
  readonly meta: RosterMeta;
  readonly #rows: string[][];
  readonly #issues: Map<number, Issue[]>;
  /** Rows that have issues, in order; rebuilt lazily when a row gains or loses all its issues. */
  #problemRows: number[] | null = null;
  /** Bumped when issues are replaced wholesale (a re-check). */
  #all = $state(0);
  /** Bumped on any change: for reads that look at every row (filters, search). */
  #any = $state(0);
  /** Per-row versions: an edit re-renders its own rows only. */
  readonly #row = new SvelteMap<number, number>();
  /** Canonical column name → column index. */
  readonly #columnIndex: Map<string, number>;
  /** Deleted sheet rows, ascending: rows keep their index, and are shown numbered as exported. */
  #deleted: number[];
  #deletedSet: Set<number>;
  /** Bumped when a row is deleted or restored: every row number below it changes. */
  #layout = $state(0);

  constructor(meta: RosterMeta, rows: string[][], issues: Map<number, Issue[]>) {
    this.meta = meta;
    this.#rows = rows;
    this.#issues = issues;
    this.#deleted = [...(meta.deleted ?? [])].sort((a, b) => a - b);
    this.#deletedSet = new Set(this.#deleted);
    this.#columnIndex = new Map(meta.columns.flatMap((c) => (c.canonical ? [[c.canonical, c.index] as const] : [])));
  }

  /** The same rows under a new check (new settings): a new view, so that every reader looks again. */
  rebuilt(meta: RosterMeta, issues: Map<number, Issue[]>): RosterView {
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
    const d = this.#deleted;
    let lo = 0;
    let hi = d.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((d[mid] as number) < r) lo = mid + 1;
      else hi = mid;
    }
    return r + 1 - lo;
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
    return this.#all + (this.#row.get(r) ?? 0);
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
    return this.#issues.get(r) ?? [];
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
    if (!this.#problemRows) this.#problemRows = [...this.#issues.keys()].filter((r) => !this.#deletedSet.has(r)).sort((a, b) => a - b);
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
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((rows[mid] as number) < r) lo = mid + 1;
      else hi = mid;
    }
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

  /** Sheet rows (data rows only) for which `keep` holds; tracks every change. */
  rowsWhere(keep: (r: number, cells: readonly string[], issues: readonly Issue[]) => boolean): number[] {
    this.#trackAll();
    const out: number[] = [];
    void this.#layout;
    for (let r = this.meta.firstDataRow; r < this.#rows.length; r++) {
      if (this.#deletedSet.has(r)) continue;
      if (keep(r, this.#rows[r] ?? [], this.#issues.get(r) ?? [])) out.push(r);
    }
    return out;
  }

  /** Every issue of every row, in row order, rows numbered as exported (for printing). */
  allRowIssues(): Issue[] {
    this.#trackAll();
    const out: Issue[] = [];
    const shift = this.#deleted.length > 0;
    for (const r of this.problemRows()) for (const i of this.#issues.get(r) ?? []) out.push(shift && i.row !== null ? { ...i, row: this.excelRow(i.row - 1) } : i);
    return out;
  }

  /** The engine's issue map, read-only (to build the problem list once per check). */
  issueMap(): ReadonlyMap<number, readonly Issue[]> {
    this.#trackAll();
    return this.#issues;
  }

  // --- Writes: only the page's state (app.svelte.ts) calls these. ---

  setCell(r: number, c: number, value: string): void {
    const row = (this.#rows[r] ?? []).slice();
    while (row.length < c) row.push('');
    row[c] = value;
    this.#rows[r] = row;
    this.#bump(r);
  }

  setIssues(r: number, list: Issue[]): void {
    const had = this.#issues.has(r);
    if (list.length) this.#issues.set(r, list);
    else this.#issues.delete(r);
    if (had !== list.length > 0) this.#problemRows = null;
    this.#bump(r);
  }

  /** A whole re-check (new settings, a fresh engine): every row's issues replaced. */
  replaceIssues(issues: Map<number, Issue[]>): void {
    this.#issues.clear();
    for (const [r, list] of issues) this.#issues.set(r, list);
    this.#problemRows = null;
    this.#row.clear();
    this.#all++;
    this.#any++;
  }

  #bump(r: number): void {
    this.#row.set(r, (this.#row.get(r) ?? 0) + 1);
    this.#any++;
  }
}
