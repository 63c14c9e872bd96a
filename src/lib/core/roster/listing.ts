// The listing: every issue of a roster in order (whole-roster first, then by row and column, each
// row's duplicate issue after its ID column's own), streamed one row at a time, and rows renumbered
// as the exported file numbers them once rows are deleted.
import type { Fix, Issue, Unwritable } from '../types';
import { countBelow } from '../types';
import type { GroupRule } from '../rules/rule';
import { RULES } from '../rules/index';
import type { MappedColumn, RowChecker } from './row-checker';
import type { RowTable } from './row-table';

const GROUP_RULE = RULES.find((r): r is GroupRule => r.scope === 'group');

/** Said of an issue whose fix the writer will refuse (RawSheet.unwritable), by the reason. */
export const REFUSED: Readonly<Record<Unwritable, string>> = {
  formula: '该单元格是公式，请在 Excel 中修改',
  number: '该单元格存的是数字，已丢失位数，请在 Excel 中修改',
};

export class Listing {
  /**
   * The duplicate issues of each group (by Excel row), worked out once per group: asking for
   * every row of a group of k rows must cost k, not k² (100,000 rows with one placeholder ID).
   * Groups are the index's own arrays; any edit may change them, so it empties the cache.
   */
  private readonly duplicateCache = new Map<readonly number[], ReadonlyMap<number, Issue>>();

  /**
   * `deleted()`: deleted sheet rows (0-based), ascending. `refused(r, c)`: why the writer will
   * refuse a fix of a cell (0-based), or undefined; null when no cell is refused.
   */
  constructor(
    private readonly table: RowTable,
    private readonly checker: RowChecker,
    private readonly rows: readonly (readonly string[])[],
    private readonly deleted: () => readonly number[],
    private readonly refused: ((r: number, c: number) => Unwritable | undefined) | null = null,
  ) {}

  /** A row's own issues as listed: a fix the writer will refuse is not offered, and its issue says why. */
  private own(r: number): Issue[] {
    const own = this.table.ownIssues(r);
    const refused = this.refused;
    if (refused === null) return own;
    let out: Issue[] | null = null;
    for (let k = 0; k < own.length; k++) {
      const i = own[k] as Issue;
      if (i.fix === null || i.column === null) continue;
      const c = this.checker.colOrder.get(i.column);
      const why = c === undefined ? undefined : refused(r, c);
      if (why === undefined) continue;
      out ??= own.slice();
      out[k] = { ...i, fix: null, message: `${i.message}；${REFUSED[why]}` };
    }
    return out ?? own;
  }

  /** Forget the duplicate groups' issues (after any change). */
  changed(): void {
    this.duplicateCache.clear();
  }

  /** The Excel row (1-based) that sheet row r (0-based) has in the exported file. */
  exportedRow(r: number): number {
    const deleted = this.deleted();
    return deleted.length === 0 ? r + 1 : r + 1 - countBelow(deleted, r);
  }

  /** The duplicate issues of one group of rows (0-based) sharing an ID, by Excel row. */
  private groupIssues(group: readonly number[], idCol: MappedColumn): ReadonlyMap<number, Issue> {
    let byRow = this.duplicateCache.get(group);
    if (!byRow) {
      const rows = group.map((g) => g + 1).sort((a, b) => a - b);
      // The message names the other rows as the exported file numbers them; the issue keeps its sheet row.
      const shown = this.deleted().length > 0 ? rows.map((x) => this.exportedRow(x - 1)) : rows;
      const found = GROUP_RULE ? GROUP_RULE.check(shown, rows.map((x) => this.rows[x - 1]?.[idCol.index] ?? ''), idCol.name) : [];
      if (shown !== rows) found.forEach((i, k) => (i.row = rows[k] ?? i.row));
      byRow = new Map(found.map((i) => [i.row as number, i]));
      this.duplicateCache.set(group, byRow);
    }
    return byRow;
  }

  /** A row's own issues with its duplicate issue placed after the ID column's own issues. */
  private withDuplicate(own: readonly Issue[], dup: Issue, idCol: MappedColumn): Issue[] {
    const out: Issue[] = [];
    let placed = false;
    for (const i of own) {
      const at = i.column === null ? Infinity : this.checker.colOrder.get(i.column) ?? Infinity;
      if (!placed && at > idCol.index) {
        out.push(dup);
        placed = true;
      }
      out.push(i);
    }
    if (!placed) out.push(dup);
    return out;
  }

  /** Issues of one row (0-based sheet row), duplicates included. */
  rowIssues(r: number): Issue[] {
    const own = this.own(r);
    const key = this.table.idKey(r);
    if (key == null) return own;
    const group = this.table.ids.group(key);
    const idCol = this.checker.idColumn;
    if (group === null || !idCol) return own;
    const mine = this.groupIssues(group, idCol).get(r + 1);
    return mine ? this.withDuplicate(own, mine, idCol) : own;
  }

  /** Every issue, `roster` (whole-roster issues) first; rows numbered as in the exported file. */
  *eachIssue(roster: readonly Issue[]): Generator<Issue> {
    if (this.deleted().length > 0) {
      for (const i of this.eachSheetIssue(roster)) yield i.row === null ? i : { ...i, row: this.exportedRow(i.row - 1) };
      return;
    }
    yield* this.eachSheetIssue(roster);
  }

  /** eachIssue() with the rows as the sheet was read (deleted rows counted). */
  private *eachSheetIssue(roster: readonly Issue[]): Generator<Issue> {
    yield* roster;
    const dupByRow = new Map<number, Issue>();
    const idCol = this.checker.idColumn;
    if (idCol && this.table.ids.duplicateRows > 0) {
      for (const group of this.table.ids.groups()) {
        for (const [row, i] of this.groupIssues(group, idCol)) dupByRow.set(row, i);
      }
    }
    const dupRows = [...dupByRow.keys()].map((x) => x - 1).sort((a, b) => a - b);
    let d = 0;
    /** One row's issues, its duplicate issue included. */
    const ofRow = (r: number): readonly Issue[] => {
      const own = this.own(r);
      const dup = dupByRow.get(r + 1);
      return dup && idCol ? this.withDuplicate(own, dup, idCol) : own;
    };
    for (const r of this.table.rowsWithOwnIssues()) {
      while (d < dupRows.length && (dupRows[d] as number) < r) yield* ofRow(dupRows[d++] as number);
      if (dupRows[d] === r) d++;
      yield* ofRow(r);
    }
    while (d < dupRows.length) yield* ofRow(dupRows[d++] as number);
  }

  /** Every proposed fix (one per cell at most), in row order, declined ones included (rows as read). */
  fixes(): Fix[] {
    const out: Fix[] = [];
    for (const r of this.table.rowsWithOwnIssues()) {
      for (const i of this.table.ownIssues(r)) {
        if (i.fix !== null && i.row !== null && i.column !== null) {
          out.push({ row: i.row, column: i.column, from: i.value, to: i.fix, reason: i.message });
        }
      }
    }
    return out;
  }

  /** Rows (0-based) of every duplicate group with a row below r: a deletion or restore of r renumbers their messages. */
  duplicateRowsBelow(r: number): number[] {
    const out: number[] = [];
    const ids = this.table.ids;
    if (ids.duplicateRows === 0) return out;
    for (const g of ids.groups()) if ((g[g.length - 1] as number) > r) for (const x of g) out.push(x);
    return out;
  }
}
