// The problem list's groups: issues by rule and severity, each group in row order. Built once per
// load and then patched for the rows an edit touched, so that an edit costs a few binary searches
// and array copies in the groups it changes, not a regrouping of every issue: a roster wrong in
// every cell has hundreds of thousands.
import type { Issue, RuleId, Severity } from '../core/types';

export interface RuleGroup {
  rule: RuleId;
  severity: Severity;
  /** In row order (whole-roster issues first), each row's issues in the engine's order. */
  issues: Issue[];
  /** How many of them propose a fix. */
  fixes: number;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const keyOf = (i: Pick<Issue, 'rule' | 'severity'>) => `${i.rule}|${i.severity}`;
/** An issue's place: its Excel row, 0 for whole-roster issues (they come first). */
const rowOf = (i: Issue) => i.row ?? 0;

/** A fix the user can accept or decline: one cell, one new value. */
export type FixIssue = Issue & { row: number; column: string; fix: string };
export const isFix = (i: Issue): i is FixIssue => i.fix !== null && i.row !== null && i.column !== null;
const countFixes = (issues: readonly Issue[]) => issues.reduce((n, i) => (isFix(i) ? n + 1 : n), 0);

/** Errors first, then the larger groups (then by rule, so that the order never depends on history). */
function ordered(groups: Iterable<RuleGroup>): RuleGroup[] {
  return [...groups].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.issues.length - a.issues.length || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
}

/** Group whole-roster issues and every row's issues (keys: 0-based sheet rows). */
export function buildGroups(rosterIssues: readonly Issue[], byRow: ReadonlyMap<number, readonly Issue[]>): RuleGroup[] {
  // By rule, then by severity among the (at most three) groups of that rule: no key string per
  // issue, as there may be hundreds of thousands.
  const by = new Map<RuleId, RuleGroup[]>();
  const all: RuleGroup[] = [];
  const add = (i: Issue) => {
    let list = by.get(i.rule);
    if (!list) by.set(i.rule, (list = []));
    let g = list.find((x) => x.severity === i.severity);
    if (!g) {
      g = { rule: i.rule, severity: i.severity, issues: [], fixes: 0 };
      list.push(g);
      all.push(g);
    }
    g.issues.push(i);
    if (isFix(i)) g.fixes++;
  };
  for (const i of rosterIssues) add(i);
  for (const r of [...byRow.keys()].sort((a, b) => a - b)) {
    const list = byRow.get(r) as readonly Issue[];
    for (let k = 0; k < list.length; k++) add(list[k] as Issue);
  }
  return ordered(all);
}

/** One row's issues before and after an edit (0-based sheet row). */
export type RowChange = [row: number, before: readonly Issue[], after: readonly Issue[]];

/** First index in `issues` (sorted by row) whose row is at least `row`. */
function lowerBound(issues: readonly Issue[], row: number): number {
  let lo = 0;
  let hi = issues.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rowOf(issues[mid] as Issue) < row) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The groups after some rows' issues and the whole-roster issues changed. Groups nothing changed
 * in are the same objects as before (so the page re-renders only what changed).
 */
export function patchGroups(groups: readonly RuleGroup[], rosterBefore: readonly Issue[], rosterAfter: readonly Issue[], changes: readonly RowChange[]): RuleGroup[] {
  // Per touched group: the new issues of each changed row (row 0: the whole-roster ones).
  const fresh = new Map<string, Map<number, Issue[]>>();
  const touch = (k: string, row: number) => {
    let rows = fresh.get(k);
    if (!rows) fresh.set(k, (rows = new Map()));
    if (!rows.has(row)) rows.set(row, []);
    return rows.get(row) as Issue[];
  };
  const change = (row: number, before: readonly Issue[], after: readonly Issue[]) => {
    for (const i of before) touch(keyOf(i), row);
    for (const i of after) touch(keyOf(i), row).push(i);
  };
  change(0, rosterBefore, rosterAfter);
  for (const [r, before, after] of changes) change(r + 1, before, after);

  const by = new Map(groups.map((g) => [keyOf(g), g]));
  for (const [k, rows] of fresh) {
    const old = by.get(k)?.issues ?? [];
    const out: Issue[] = [];
    let at = 0;
    let fixes = by.get(k)?.fixes ?? 0;
    for (const row of [...rows.keys()].sort((a, b) => a - b)) {
      const start = lowerBound(old, row);
      let end = start;
      while (end < old.length && rowOf(old[end] as Issue) === row) end++;
      for (let i = at; i < start; i++) out.push(old[i] as Issue);
      fixes -= countFixes(old.slice(start, end));
      const added = rows.get(row) as Issue[];
      fixes += countFixes(added);
      for (const i of added) out.push(i);
      at = end;
    }
    for (let i = at; i < old.length; i++) out.push(old[i] as Issue);
    if (out.length === 0) by.delete(k);
    else {
      const first = out[0] as Issue;
      by.set(k, { rule: first.rule, severity: first.severity, issues: out, fixes });
    }
  }
  return ordered(by.values());
}
