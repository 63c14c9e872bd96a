// The page's side of the engine's replies, for tests: rows and issues as the page receives them,
// issues unpacked with the page's own store (ui/issues.ts).
import type { Issue } from '../../src/lib/core/types';
import type { Reply, RosterMeta } from '../../src/lib/worker/protocol';
import { IssueStore } from '../../src/lib/ui/issues';

/** Rows, meta and every row issue of a load's replies, unpacked as the page unpacks them. */
export function received(replies: readonly Reply[]): { meta: RosterMeta; rows: string[][]; issues: Issue[]; store: IssueStore } {
  let meta: RosterMeta | null = null;
  const rows: string[][] = [];
  const store = new IssueStore();
  for (const r of replies) {
    if (r.type === 'meta') meta = r.meta;
    else if (r.type === 'rows') r.rows.forEach((row, i) => (rows[r.start + i] = row));
    else if (r.type === 'issues') store.add(r.block);
  }
  if (!meta) throw new Error('no meta reply');
  const m = meta;
  const index = new Map(m.columns.flatMap((c) => (c.canonical ? [[c.canonical, c.index] as const] : [])));
  store.cells = (r, column) => {
    const c = index.get(column);
    return c === undefined ? undefined : (rows[r]?.[c] ?? '');
  };
  const issues = store.rowsInOrder().flatMap((r) => store.handlesOf(r).map((h) => store.issue(h)));
  return { meta: m, rows, issues, store };
}
