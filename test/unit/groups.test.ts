import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeIssues } from '../../src/lib/core/issue-codec';
import type { Issue, RuleId, Severity } from '../../src/lib/core/types';
import { buildGroups, gather, patchGroups, type RuleGroup } from '../../src/lib/ui/groups';
import { IssueStore } from '../../src/lib/ui/issues';

const RULES: [RuleId, Severity][] = [['required', 'error'], ['dictionary', 'error'], ['format', 'warning'], ['phone.format', 'error'], ['name.format', 'warning'], ['name.format', 'error']];
/** Issues of one row (0-based sheet row r): a few rules, in the order the engine gives them. */
const rowIssues = (r: number) =>
  fc.array(fc.constantFrom(...RULES), { maxLength: 6 }).map((rules) => rules.map(([rule, severity], n): Issue => ({ rule, severity, row: r + 1, column: `列${n}`, value: `v${r}`, message: `${rule}@${r}`, fix: n % 2 ? `f${r}` : null })));
const rosterIssues = fc.subarray([
  { rule: 'count.range', severity: 'warning', row: null, column: null, value: '', message: 'count', fix: null },
  { rule: 'share.min', severity: 'warning', row: null, column: null, value: '', message: 'share', fix: null },
] as Issue[]);

/** What the list shows of groups: each group's rule, severity, fix count and issues, unpacked. */
const shown = (groups: readonly RuleGroup[]) => groups.map((g) => ({ rule: g.rule, severity: g.severity, fixes: g.fixes, issues: [...g.issues] }));

/** The groups of a roster's issues, the plain way: by rule and severity, errors first, then larger groups. */
function reference(roster: readonly Issue[], byRow: ReadonlyMap<number, readonly Issue[]>) {
  const all = [...roster, ...[...byRow.keys()].sort((a, b) => a - b).flatMap((r) => byRow.get(r) ?? [])];
  const by = new Map<string, Issue[]>();
  for (const i of all) {
    const k = `${i.rule}|${i.severity}`;
    if (!by.has(k)) by.set(k, []);
    by.get(k)!.push(i);
  }
  const rank = { error: 0, warning: 1, info: 2 };
  return [...by.values()]
    .map((issues) => ({ rule: issues[0]!.rule, severity: issues[0]!.severity, fixes: issues.filter((i) => i.fix !== null && i.row !== null && i.column !== null).length, issues }))
    .sort((a, b) => rank[a.severity] - rank[b.severity] || b.issues.length - a.issues.length || (a.rule < b.rule ? -1 : 1));
}

/** A store filled as the engine fills it on a load: blocks of whole rows, in row order. */
function loadedStore(byRow: ReadonlyMap<number, readonly Issue[]>, perBlock = 3): IssueStore {
  const store = new IssueStore();
  const rows = [...byRow.keys()].sort((a, b) => a - b);
  for (let i = 0; i < rows.length; i += perBlock) store.add(encodeIssues(rows.slice(i, i + perBlock).flatMap((r) => byRow.get(r) ?? [])));
  return store;
}

describe('problem list groups', () => {
  it('built as the roster arrives, they group every issue by rule and severity in row order', () => {
    fc.assert(
      fc.property(fc.tuple(...Array.from({ length: 8 }, (_, r) => rowIssues(r))), rosterIssues, (initial, roster) => {
        const byRow = new Map<number, Issue[]>();
        initial.forEach((list, r) => list.length && byRow.set(r, list));
        const store = loadedStore(byRow);
        const front = store.addLoose(roster);
        const pending = store.pendingGroups();
        expect(pending).not.toBeNull();
        expect(shown(buildGroups(store, front, pending!))).toEqual(reference(roster, byRow));
        const handles = store.rowsInOrder().flatMap((r) => store.handlesOf(r));
        expect(shown(buildGroups(store, front, gather(store, handles)))).toEqual(reference(roster, byRow));
      }),
      { numRuns: 300 },
    );
  });

  it('patched after any edits, they are what grouping the final issues from scratch gives, order included', () => {
    const rows = 8;
    fc.assert(
      fc.property(
        fc.tuple(...Array.from({ length: rows }, (_, r) => rowIssues(r))),
        rosterIssues,
        fc.array(fc.tuple(fc.uniqueArray(fc.nat({ max: rows - 1 }), { minLength: 1, maxLength: 3 }), fc.infiniteStream(fc.nat()), rosterIssues), { maxLength: 12 }),
        (initial, roster, edits) => {
          const byRow = new Map<number, Issue[]>();
          initial.forEach((list, r) => list.length && byRow.set(r, list));
          const store = loadedStore(byRow);
          let front = store.addLoose(roster);
          let groups = buildGroups(store, front, store.pendingGroups()!);
          let currentRoster = roster;
          for (const [touched, seeds, nextRoster] of edits) {
            // Each touched row gets the issues of some other row's shape (as the engine sends them).
            const seed = seeds.take(touched.length);
            const after = new Map(touched.map((r) => [r, (initial[(seed.next().value as number) % rows] ?? []).map((i) => ({ ...i, row: r + 1 }))]));
            const sorted = [...touched].sort((a, b) => a - b);
            const changes = store.replaceRows(sorted, encodeIssues(sorted.flatMap((r) => after.get(r) ?? [])));
            const nextFront = store.addLoose(nextRoster);
            groups = patchGroups(store, groups, front, nextFront, changes);
            front = nextFront;
            for (const [r, list] of after) {
              if (list.length) byRow.set(r, list);
              else byRow.delete(r);
            }
            currentRoster = nextRoster;
          }
          expect(shown(groups)).toEqual(reference(currentRoster, byRow));
          expect(store.rowsInOrder()).toEqual([...byRow.keys()].sort((a, b) => a - b));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('patched in a big roster (lists of thousands, kept in pieces), they stay what grouping from scratch gives', () => {
    const rows = 6000;
    fc.assert(
      fc.property(
        fc.array(rowIssues(0), { minLength: 4, maxLength: 4 }),
        fc.array(fc.tuple(fc.uniqueArray(fc.oneof(fc.nat({ max: rows - 1 }), fc.constantFrom(0, 1, 2047, 2048, 2049, 4095, 4096, rows - 1)), { minLength: 1, maxLength: 4 }), fc.nat({ max: 3 })), { maxLength: 10 }),
        (shapes, edits) => {
          // Every row has issues, most the same two (so groups hold thousands).
          const shape = (r: number, s: number) => [...(shapes[s] ?? []), { rule: 'required' as const, severity: 'error' as const, row: r + 1, column: '姓名', value: '', message: 'm', fix: null }, ...(r % 3 ? [] : [{ rule: 'phone.format' as const, severity: 'error' as const, row: r + 1, column: '手机号码', value: 'x', message: 'p', fix: 'f' }])].map((i) => ({ ...i, row: r + 1 }));
          const byRow = new Map<number, Issue[]>(Array.from({ length: rows }, (_, r) => [r, shape(r, r % 4)]));
          const store = loadedStore(byRow, 1000);
          let groups = buildGroups(store, [], store.pendingGroups()!);
          for (const [touched, s] of edits) {
            const sorted = [...touched].sort((a, b) => a - b);
            const after = new Map(sorted.map((r) => [r, s === 3 ? [] : shape(r, s)]));
            groups = patchGroups(store, groups, [], [], store.replaceRows(sorted, encodeIssues(sorted.flatMap((r) => after.get(r) ?? []))));
            for (const [r, list] of after) {
              if (list.length) byRow.set(r, list);
              else byRow.delete(r);
            }
          }
          expect(shown(groups)).toEqual(reference([], byRow));
        },
      ),
      { numRuns: 25 },
    );
  });

  it('keeps the very objects of groups an edit did not touch', () => {
    const a: Issue = { rule: 'required', severity: 'error', row: 2, column: '姓名', value: '', message: 'm', fix: null };
    const b: Issue = { rule: 'phone.format', severity: 'error', row: 3, column: '手机号码', value: '1', message: 'm', fix: null };
    const store = loadedStore(new Map([[1, [a]], [2, [b]]]));
    const groups = buildGroups(store, [], store.pendingGroups()!);
    const next = patchGroups(store, groups, [], [], store.replaceRows([2], encodeIssues([])));
    expect(next).toHaveLength(1);
    expect(next[0]).toBe(groups.find((g) => g.rule === 'required'));
  });
});
