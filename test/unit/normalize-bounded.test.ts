// Normalisation of cells as long as Excel allows: the result of every call, whatever the cell holds.
// (How long a call takes is printed by scripts/bench-text.mjs; tests assert results, not time.)
import { describe, expect, it } from 'vitest';
import { MAX_NORMALIZED_CHARS, compactCode, matchKey } from '../../src/lib/core/normalize';
import { check, row } from './helpers';

/** 32,767 combining marks of alternating classes: the cell that made NFKC take 0.3 s a call. */
const MARKS = Array.from({ length: 32767 }, (_, i) => (i % 2 ? '\u0301' : '\u0316')).join('');

describe('normalising long cells', () => {
  it('still folds full-width characters in a code or dictionary value of real length', () => {
    expect(compactCode('１１０１０１ １９９００３０７００１１')).toBe('110101199003070011');
    expect(matchKey('主治医师（中级）')).toBe('主治医师(中级)');
    const longest = `${'Ａ'.repeat(MAX_NORMALIZED_CHARS - 1)}１`;
    expect(matchKey(longest)).toBe(`${'a'.repeat(MAX_NORMALIZED_CHARS - 1)}1`);
  });

  it('leaves a cell longer than any code, dictionary value or header un-normalised, but still without spaces and in one case', () => {
    expect(matchKey(MARKS)).toBe(MARKS);
    expect(compactCode(MARKS)).toBe(MARKS);
    const long = `${'Ａ '.repeat(MAX_NORMALIZED_CHARS)}`;
    expect(compactCode(long)).toBe('Ａ'.repeat(MAX_NORMALIZED_CHARS));
    expect(matchKey(`主治医师${' '.repeat(MAX_NORMALIZED_CHARS)}`)).toBe('主治医师');
  });

  it('checks rows of Excel-sized combining-mark cells and reports each as the value it is', () => {
    const rows = Array.from({ length: 3 }, (_, i) => row({ 序号: String(i + 1), 姓名: MARKS, 证件号码: MARKS, 职称: MARKS, 手机号码: MARKS }));
    const { issues } = check(rows);
    const at = (column: string) => issues.filter((i) => i.column === column && i.row === 2).map((i) => i.rule);
    expect(at('证件号码')).toContain('id.format');
    expect(at('手机号码')).toContain('phone.format');
    expect(at('职称')).toContain('dictionary');
    const quoted = issues.filter((i) => i.row === 2 && ['姓名', '职称', '手机号码'].includes(i.column ?? ''));
    expect(quoted.length).toBeGreaterThanOrEqual(3);
    for (const i of quoted) expect(i.value).toBe(MARKS);
  });
});
