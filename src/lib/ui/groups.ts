// The problem list's groups: issues by rule and severity, each group in row order. A group holds
// handles into the page's issue store (ui/issues.ts), not issue objects: a roster wrong in every
// cell has hundreds of thousands, and an issue is unpacked only when the list shows it. Built once
// per load (from what the store gathered while the roster arrived) and then patched for the rows
// an edit touched, so that an edit costs a few binary searches and array copies in the groups it
// changes, not a regrouping of every issue.
import type { Issue, RuleId, Severity } from '../core/types';
import type { Handle, PendingGroup } from './issues';

export type { Handle };

/** What groups need of the issue store: a few fields of an issue without unpacking it, or all of it. */
export interface IssueSource {
  /** Rule and severity as one number (equal numbers: one group). */
  groupKeyOf(h: Handle): number;
  /** Excel row, 0 for a whole-roster issue. */
  excelRowOf(h: Handle): number;
  hasFix(h: Handle): boolean;
  columnOf(h: Handle): string | null;
  issue(h: Handle): Issue;
}

/** A group's issues: a read-only list that unpacks an issue when it is read. */
export class IssueList implements Iterable<Issue> {
  constructor(
    private readonly source: IssueSource,
    readonly handles: readonly Handle[],
  ) {}

  get length(): number {
    return this.handles.length;
  }

  at(k: number): Issue | undefined {
    const h = this.handles[k];
    return h === undefined ? undefined : this.source.issue(h);
  }

  /** Issues start…end (end excluded), unpacked. */
  slice(start = 0, end = this.handles.length): Issue[] {
    return this.handles.slice(start, end).map((h) => this.source.issue(h));
  }

  *[Symbol.iterator](): Iterator<Issue> {
    for (const h of this.handles) yield this.source.issue(h);
  }

  some(test: (i: Issue) => boolean): boolean {
    for (const h of this.handles) if (test(this.source.issue(h))) return true;
    return false;
  }

  filter<S extends Issue>(test: (i: Issue) => i is S): S[];
  filter(test: (i: Issue) => boolean): Issue[];
  filter(test: (i: Issue) => boolean): Issue[] {
    const out: Issue[] = [];
    for (const h of this.handles) {
      const i = this.source.issue(h);
      if (test(i)) out.push(i);
    }
    return out;
  }

  /** The first `limit` issues that propose a fix (only those are unpacked). */
  fixes(limit = Infinity): FixIssue[] {
    const out: FixIssue[] = [];
    for (const h of this.handles) {
      if (out.length >= limit) break;
      if (this.source.hasFix(h)) out.push(this.source.issue(h) as FixIssue);
    }
    return out;
  }

  #columns: { limit: number; names: ReadonlySet<string> } | null = null;
  /** The columns named by the first `limit` issues; nothing is unpacked (and a list never changes: worked out once). */
  columns(limit = Infinity): ReadonlySet<string> {
    if (this.#columns?.limit === limit) return this.#columns.names;
    const names = new Set<string>();
    for (let k = 0; k < Math.min(limit, this.handles.length); k++) {
      const c = this.source.columnOf(this.handles[k] as Handle);
      if (c !== null) names.add(c);
    }
    this.#columns = { limit, names };
    return names;
  }

  /** Whether any issue is on a row (not a whole-roster issue); nothing is unpacked. */
  onRows(): boolean {
    return this.handles.some((h) => this.source.excelRowOf(h) > 0);
  }
}

export interface RuleGroup {
  rule: RuleId;
  severity: Severity;
  /** In row order (whole-roster issues first), each row's issues in the engine's order. */
  issues: IssueList;
  /** How many of them propose a fix. */
  fixes: number;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** A fix the user can accept or decline: one cell, one new value. */
export type FixIssue = Issue & { row: number; column: string; fix: string };
export const isFix = (i: Issue): i is FixIssue => i.fix !== null && i.row !== null && i.column !== null;

/** Errors first, then the larger groups (then by rule, so that the order never depends on history). */
function ordered(groups: Iterable<RuleGroup>): RuleGroup[] {
  return [...groups].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.issues.length - a.issues.length || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
}

function group(source: IssueSource, handles: readonly Handle[], fixes: number): RuleGroup {
  const first = source.issue(handles[0] as Handle);
  return { rule: first.rule, severity: first.severity, issues: new IssueList(source, handles), fixes };
}

/** Row issues (handles in row order) gathered by group, as the store does while a roster arrives. */
export function gather(source: IssueSource, handles: Iterable<Handle>): Map<number, PendingGroup> {
  const by = new Map<number, PendingGroup>();
  for (const h of handles) {
    const key = source.groupKeyOf(h);
    let g = by.get(key);
    if (!g) by.set(key, (g = { key, handles: [], fixes: 0 }));
    g.handles.push(h);
    if (source.hasFix(h)) g.fixes++;
  }
  return by;
}

/**
 * The groups of whole-roster issues (`roster`) and of the row issues gathered by group, in row
 * order (`rows`: the store's `pendingGroups()`, or `gather` of every row's handles).
 */
export function buildGroups(source: IssueSource, roster: readonly Handle[], rows: ReadonlyMap<number, PendingGroup>): RuleGroup[] {
  const front = gather(source, roster);
  const all: RuleGroup[] = [];
  for (const [key, g] of rows) {
    const f = front.get(key);
    front.delete(key);
    // No copy of a big group's handles unless whole-roster issues go in front of them.
    all.push(group(source, f ? [...f.handles, ...g.handles] : g.handles, g.fixes + (f?.fixes ?? 0)));
  }
  for (const f of front.values()) all.push(group(source, f.handles, f.fixes));
  return ordered(all);
}

/** One row's issues before and after an edit (0-based sheet row). */
export type RowChange = [row: number, before: readonly Handle[], after: readonly Handle[]];

/** First index in `handles` (sorted by row) whose row is at least `row`. */
function lowerBound(source: IssueSource, handles: readonly Handle[], row: number): number {
  let lo = 0;
  let hi = handles.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (source.excelRowOf(handles[mid] as Handle) < row) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The groups after some rows' issues and the whole-roster issues changed. Groups nothing changed
 * in are the same objects as before (so the page re-renders only what changed).
 */
export function patchGroups(source: IssueSource, groups: readonly RuleGroup[], rosterBefore: readonly Handle[], rosterAfter: readonly Handle[], changes: readonly RowChange[]): RuleGroup[] {
  // Per touched group: the new issues of each changed row (row 0: the whole-roster ones).
  const fresh = new Map<number, Map<number, Handle[]>>();
  const touch = (k: number, row: number) => {
    let rows = fresh.get(k);
    if (!rows) fresh.set(k, (rows = new Map()));
    if (!rows.has(row)) rows.set(row, []);
    return rows.get(row) as Handle[];
  };
  const change = (row: number, before: readonly Handle[], after: readonly Handle[]) => {
    for (const h of before) touch(source.groupKeyOf(h), row);
    for (const h of after) touch(source.groupKeyOf(h), row).push(h);
  };
  change(0, rosterBefore, rosterAfter);
  for (const [r, before, after] of changes) change(r + 1, before, after);

  const by = new Map<number, RuleGroup>();
  for (const g of groups) if (g.issues.length) by.set(source.groupKeyOf(g.issues.handles[0] as Handle), g);
  const countFixes = (hs: readonly Handle[], from: number, to: number) => {
    let n = 0;
    for (let i = from; i < to; i++) if (source.hasFix(hs[i] as Handle)) n++;
    return n;
  };
  for (const [k, rows] of fresh) {
    const old = by.get(k)?.issues.handles ?? [];
    // Copied once, then each changed row's run replaced (from the last row up, so that the
    // places found for earlier rows stay right): native copies, no loop per issue.
    const out = old.slice();
    let fixes = by.get(k)?.fixes ?? 0;
    for (const row of [...rows.keys()].sort((a, b) => b - a)) {
      const start = lowerBound(source, old, row);
      let end = start;
      while (end < old.length && source.excelRowOf(old[end] as Handle) === row) end++;
      const added = rows.get(row) as Handle[];
      fixes += countFixes(added, 0, added.length) - countFixes(old, start, end);
      out.splice(start, end - start, ...added);
    }
    if (out.length === 0) by.delete(k);
    else by.set(k, group(source, out, fixes));
  }
  return ordered(by.values());
}
