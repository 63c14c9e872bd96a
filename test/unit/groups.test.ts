import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Issue, RuleId, Severity } from '../../src/lib/core/types';
import { buildGroups, patchGroups, type RowChange } from '../../src/lib/ui/groups';

const RULES: [RuleId, Severity][] = [['required', 'error'], ['dictionary', 'error'], ['format', 'warning'], ['phone.format', 'error'], ['name.format', 'warning'], ['name.format', 'error']];
/** Issues of one row (0-based sheet row r): a few rules, in the order the engine gives them. */
const rowIssues = (r: number) =>
  fc.array(fc.constantFrom(...RULES), { maxLength: 6 }).map((rules) => rules.map(([rule, severity], n): Issue => ({ rule, severity, row: r + 1, column: `列${n}`, value: `v${r}`, message: `${rule}@${r}`, fix: n % 2 ? `f${r}` : null })));
const rosterIssues = fc.subarray([
  { rule: 'count.range', severity: 'warning', row: null, column: null, value: '', message: 'count', fix: null },
  { rule: 'share.min', severity: 'warning', row: null, column: null, value: '', message: 'share', fix: null },
] as Issue[]);

describe('problem list groups', () => {
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
          let groups = buildGroups(roster, byRow);
          let currentRoster = roster;
          for (const [touched, seeds, nextRoster] of edits) {
            // Each touched row gets the issues of some other row's shape (new objects).
            const seed = seeds.take(touched.length);
            const changes: RowChange[] = touched.map((r) => {
              const s = seed.next().value as number;
              const after = (initial[s % rows] ?? []).map((i) => ({ ...i, row: r + 1 }));
              return [r, byRow.get(r) ?? [], after];
            });
            groups = patchGroups(groups, currentRoster, nextRoster, changes);
            for (const [r, , after] of changes) {
              if (after.length) byRow.set(r, [...after]);
              else byRow.delete(r);
            }
            currentRoster = nextRoster;
          }
          expect(groups).toEqual(buildGroups(currentRoster, byRow));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps the very objects of groups an edit did not touch', () => {
    const a: Issue = { rule: 'required', severity: 'error', row: 2, column: '姓名', value: '', message: 'm', fix: null };
    const b: Issue = { rule: 'phone.format', severity: 'error', row: 3, column: '手机号码', value: '1', message: 'm', fix: null };
    const groups = buildGroups([], new Map([[1, [a]], [2, [b]]]));
    const next = patchGroups(groups, [], [], [[2, [b], []]]);
    expect(next).toHaveLength(1);
    expect(next[0]).toBe(groups.find((g) => g.rule === 'required'));
  });
});
