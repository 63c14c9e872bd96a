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

/** Handles per piece of a group's list: an edit copies the piece it changes, not the whole list. */
const PIECE = 2048;

/** Handles cut into pieces of at most PIECE (none empty). */
function pieces(handles: readonly Handle[]): Handle[][] {
  const out: Handle[][] = [];
  for (let i = 0; i < handles.length; i += PIECE) out.push(handles.slice(i, i + PIECE));
  return out;
}

/**
 * A group's issues: a read-only list that unpacks an issue when it is read. The handles are kept
 * in pieces, so that replacing a row's issues in a list of 400,000 copies one piece of 2,048.
 */
export class IssueList implements Iterable<Issue> {
  readonly length: number;
  readonly pieces: readonly (readonly Handle[])[];

  constructor(
    private readonly source: IssueSource,
    handles: readonly Handle[] | { pieces: readonly (readonly Handle[])[] },
  ) {
    this.pieces = 'pieces' in handles ? handles.pieces : pieces(handles);
    let n = 0;
    for (const p of this.pieces) n += p.length;
    this.length = n;
  }

  /** The handles in order (from the k-th). */
  *handles(from = 0): Generator<Handle> {
    let skip = from;
    for (const p of this.pieces) {
      if (skip >= p.length) {
        skip -= p.length;
        continue;
      }
      for (let i = skip; i < p.length; i++) yield p[i] as Handle;
      skip = 0;
    }
  }

  first(): Handle | undefined {
    return this.pieces[0]?.[0];
  }

  at(k: number): Issue | undefined {
    for (const h of this.handles(k)) return this.source.issue(h);
    return undefined;
  }

  /** Issues start…end (end excluded), unpacked. */
  slice(start = 0, end = this.length): Issue[] {
    const out: Issue[] = [];
    if (end <= start) return out;
    for (const h of this.handles(start)) {
      out.push(this.source.issue(h));
      if (out.length >= end - start) break;
    }
    return out;
  }

  *[Symbol.iterator](): Iterator<Issue> {
    for (const h of this.handles()) yield this.source.issue(h);
  }

  some(test: (i: Issue) => boolean): boolean {
    for (const h of this.handles()) if (test(this.source.issue(h))) return true;
    return false;
  }

  filter<S extends Issue>(test: (i: Issue) => i is S): S[];
  filter(test: (i: Issue) => boolean): Issue[];
  filter(test: (i: Issue) => boolean): Issue[] {
    const out: Issue[] = [];
    for (const h of this.handles()) {
      const i = this.source.issue(h);
      if (test(i)) out.push(i);
    }
    return out;
  }

  /** The first `limit` issues that propose a fix (only those are unpacked). */
  fixes(limit = Infinity): FixIssue[] {
    const out: FixIssue[] = [];
    if (limit <= 0) return out;
    for (const h of this.handles()) {
      if (this.source.hasFix(h)) out.push(this.source.issue(h) as FixIssue);
      if (out.length >= limit) break;
    }
    return out;
  }

  #columns: { limit: number; names: ReadonlySet<string> } | null = null;
  /** The columns named by the first `limit` issues; nothing is unpacked (and a list never changes: worked out once). */
  columns(limit = Infinity): ReadonlySet<string> {
    if (this.#columns?.limit === limit) return this.#columns.names;
    const names = new Set<string>();
    let n = 0;
    for (const h of this.handles()) {
      if (n++ >= limit) break;
      const c = this.source.columnOf(h);
      if (c !== null) names.add(c);
    }
    this.#columns = { limit, names };
    return names;
  }

  /** Whether any issue is on a row (not a whole-roster issue); nothing is unpacked. */
  onRows(): boolean {
    for (const h of this.handles()) if (this.source.excelRowOf(h) > 0) return true;
    return false;
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

/** A fix the user can accept or decline: one cell, one new value; or, with no column, the row's deletion. */
export type FixIssue = Issue & { row: number; column: string | null; fix: string };

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

/** First place (piece, index in it) whose row is at least `row`, in pieces sorted by row; [pieces.length, 0] when none. */
function position(source: IssueSource, list: readonly (readonly Handle[])[], row: number): [number, number] {
  // The first piece whose last row is at least `row`, then within it.
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const p = list[mid] as readonly Handle[];
    if (source.excelRowOf(p[p.length - 1] as Handle) < row) lo = mid + 1;
    else hi = mid;
  }
  if (lo === list.length) return [lo, 0];
  const p = list[lo] as readonly Handle[];
  let a = 0;
  let b = p.length;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if (source.excelRowOf(p[mid] as Handle) < row) a = mid + 1;
    else b = mid;
  }
  return [lo, a];
}

/**
 * The groups after some rows' issues and the whole-roster issues changed. Groups nothing changed
 * in are the same objects as before (so the page re-renders only what changed), and in a changed
 * group only the pieces around a changed row are copied.
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
  for (const g of groups) {
    const h = g.issues.first();
    if (h !== undefined) by.set(source.groupKeyOf(h), g);
  }
  const countFixes = (hs: Iterable<Handle>) => {
    let n = 0;
    for (const h of hs) if (source.hasFix(h)) n++;
    return n;
  };
  for (const [k, rows] of fresh) {
    const list = [...(by.get(k)?.issues.pieces ?? [])];
    let fixes = by.get(k)?.fixes ?? 0;
    // From the last changed row up, so that the places found for earlier rows stay right.
    for (const row of [...rows.keys()].sort((a, b) => b - a)) {
      const [ps, is] = position(source, list, row);
      const [pe, ie] = position(source, list, row + 1);
      const added = rows.get(row) as Handle[];
      // The pieces from the row's start to its end, with the row's run replaced.
      const head = ps < list.length ? (list[ps] as readonly Handle[]).slice(0, is) : [];
      const tail = pe < list.length ? (list[pe] as readonly Handle[]).slice(ie) : [];
      const removed: Handle[] = [];
      for (let p = ps; p <= Math.min(pe, list.length - 1); p++) {
        const piece = list[p] as readonly Handle[];
        removed.push(...piece.slice(p === ps ? is : 0, p === pe ? ie : piece.length));
      }
      fixes += countFixes(added) - countFixes(removed);
      const merged = [...head, ...added, ...tail];
      list.splice(ps, Math.min(pe, list.length - 1) - ps + 1, ...pieces(merged));
    }
    const issues = new IssueList(source, { pieces: list });
    if (issues.length === 0) by.delete(k);
    else {
      const first = source.issue(issues.first() as Handle);
      by.set(k, { rule: first.rule, severity: first.severity, issues, fixes });
    }
  }
  return ordered(by.values());
}
