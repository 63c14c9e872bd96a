// The clean-value memo answers only for rules declared value-and-column-pure: the type checker
// refuses a rule that says it is pure and reads the settings or the date, and a memo made from a
// rule that is not pure (`npm run check` fails if either expectation below stops holding).
import { describe, expect, it } from 'vitest';
import { CleanMemo, forgetCleanValues } from '../../src/lib/core/roster/clean-memo';
import { builtinProfile } from '../../src/lib/core/index';
import type { Column } from '../../src/lib/core/profile';
import type { ContextCellRule, PureCellRule } from '../../src/lib/core/rules/rule';
import { RULES } from '../../src/lib/core/rules/index';

const readsDate: ContextCellRule = { scope: 'cell', pure: false, kinds: ['name'], info: [], check: (v, cell) => (cell.ctx.today > 20260101 ? v : null) };
const pure: PureCellRule = { scope: 'cell', pure: true, kinds: ['name'], info: [], check: (v) => v };
// @ts-expect-error a rule declared pure is handed no settings and no date
const lying: PureCellRule = { scope: 'cell', pure: true, kinds: ['name'], info: [], check: (v, cell) => (cell.ctx.today > 20260101 ? v : null) };

describe('clean-value memo', () => {
  const column = builtinProfile('national').columns.find((c) => c.kind === 'name') as Column;

  it('is made only from pure rules', () => {
    // @ts-expect-error a rule that reads the settings or the date cannot be cached
    expect(() => new CleanMemo(column, undefined, [readsDate])).not.toThrow();
    expect(lying.pure && readsDate.pure === false).toBe(true);
  });

  it('every cell rule of the registry says whether it is pure', () => {
    for (const r of RULES) if (r.scope === 'cell') expect(typeof r.pure).toBe('boolean');
  });

  it('gives back a value learned clean, to every roster of the same column, until forgotten', () => {
    forgetCleanValues();
    const a = new CleanMemo(column, undefined, [pure]);
    expect(a.known('张三')).toBeUndefined();
    a.learn('张三', '张三');
    expect(a.known('张三')).toBe('张三');
    expect(new CleanMemo(column, undefined, [pure]).known('张三')).toBe('张三');
    forgetCleanValues();
    expect(new CleanMemo(column, undefined, [pure]).known('张三')).toBeUndefined();
  });

  it('stops learning a column whose values are mostly new', () => {
    forgetCleanValues();
    const m = new CleanMemo(column, undefined, [pure]);
    for (let i = 0; i < 100; i++) {
      const v = `人${i}`;
      if (m.known(v) === undefined) m.learn(v, v);
    }
    expect(m.memo).toBeNull();
    expect(m.known('人1')).toBeUndefined();
  });
});
