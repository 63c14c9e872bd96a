import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchKey } from '../../src/lib/core/normalize';

/** matchKey as it is defined, without its fast path for plain text. */
const slowKey = (s: string) => {
  const nfkc = (t: string) => (t.length <= 256 ? t.normalize('NFKC') : t);
  return nfkc(nfkc(s).replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '').replace(/[\s\u00A0\u3000]+/g, '').toLowerCase());
};

describe('matchKey on plain text (its fast path)', () => {
  it('leaves every CJK ideograph and printable ASCII character as NFKC would', () => {
    const differ: number[] = [];
    for (const [from, to] of [[0x21, 0x7e], [0x3400, 0x4dbf], [0x4e00, 0x9fff]] as const) {
      for (let c = from; c <= to; c++) {
        const s = String.fromCharCode(c);
        if (matchKey(s) !== slowKey(s)) differ.push(c);
      }
    }
    expect(differ).toEqual([]);
  });

  it('gives the same key as the full normalisation for any mix of plain and other characters', () => {
    const ch = fc.oneof(
      fc.integer({ min: 0x20, max: 0x7e }),
      fc.integer({ min: 0x4e00, max: 0x9fff }),
      fc.constantFrom(0x3000, 0xff21, 0xff41, 0x200b, 0xa0, 0x0301, 0x2460, 0xf900, 0x1100, 0x1161, 0x09, 0x0a),
    ).map((c) => String.fromCharCode(c));
    fc.assert(fc.property(fc.array(ch, { maxLength: 24 }).map((a) => a.join('')), (s) => matchKey(s) === slowKey(s)), { numRuns: 5000 });
    expect(matchKey('ＩＤ号码')).toBe('id号码');
    expect(matchKey('Email')).toBe('email');
  });
});
