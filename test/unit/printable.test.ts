// The plain-text summary on a terminal: what a cell holds is shown, never obeyed.
import { describe, expect, it } from 'vitest';
import { builtinProfile, printable, summaryText, type Issue, type Summary } from '../../src/lib/core/index';

const summary: Summary = {
  attendees: 1, rows: 1, outOfProvince: 0, grassroots: 0, outOfProvinceOrGrassroots: 0, share: 0, outOfProvinceShare: 0, grassrootsShare: 0,
  needMore: 0, needMoreOutOfProvince: 0, errors: 1, warnings: 0, infos: 0, afterFixes: { errors: 1, warnings: 0 }, filingDue: null, feedbackDue: null,
};
const issue = (value: string): Issue => ({ rule: 'dictionary', severity: 'error', row: 2, column: '职称', value, message: `“${value}”不是字典中的值`, fix: null });

describe('the text summary on a terminal', () => {
  it('shows escape sequences and other control characters from cells as visible escapes', () => {
    const text = summaryText('名单\u001b[2J.csv', 'Sheet1', 1, builtinProfile('national'), summary, [issue('\u001b[31m红\u0007\u009b2J\b\r')]);
    expect(text).toContain('“\\x1b[31m红\\x07\\x9b2J\\x08\\x0d”');
    expect(text).toContain('名单\\x1b[2J.csv');
    // Nothing a terminal acts on is left, and every line is still one line.
    const controls = [...text].filter((ch) => {
      const c = ch.charCodeAt(0);
      return (c < 0x20 && c !== 0x0a) || (c >= 0x7f && c < 0xa0);
    });
    expect(controls).toEqual([]);
    expect(text.split('\n')).toHaveLength(4);
  });

  it('shows bidi overrides and line separators as escapes, and leaves Chinese text and spaces alone', () => {
    expect(printable('张\u202e三\u2028李 四\u3000')).toBe('张\\u202e三\\u2028李 四\u3000');
  });
});
