// Issues cross from the engine to the page packed (core/issue-codec); unpacked, each must be the
// engine's issue exactly: the same message, fix, value and suggestion the command line prints.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeIssues, encodeIssues, type CellText } from '../../src/lib/core/issue-codec';
import { RULE_INFO } from '../../src/lib/core/rules/index';
import type { Issue, RuleId } from '../../src/lib/core/types';

const text = fc.oneof(fc.constantFrom('', ' ', '__proto__', 'constructor', '北京市', '“北京”不是字典值，应为“北京市”'), fc.string({ maxLength: 12 }));
const cells: string[][] = Array.from({ length: 6 }, (_, r) => ['1', `姓名${r}`, r % 2 ? '' : '北京', '__proto__']);
const COLUMNS = ['序号', '姓名', '单位所在省份', '证件号码'];
/** The page's cells: a known column's text, undefined for a column it does not hold. */
const cell: CellText = (r, column) => {
  const c = COLUMNS.indexOf(column);
  return c < 0 ? undefined : (cells[r]?.[c] ?? '');
};

const issue = fc
  .record({
    rule: fc.oneof(fc.constantFrom(...RULE_INFO.map((r) => r.id)), fc.constantFrom('future.rule' as RuleId, '' as RuleId)),
    severity: fc.constantFrom('error' as const, 'warning' as const, 'info' as const),
    row: fc.option(fc.integer({ min: 1, max: 8 }), { nil: null }),
    column: fc.option(fc.oneof(fc.constantFrom(...COLUMNS), text), { nil: null }),
    message: text,
    fix: fc.option(text, { nil: null }),
    suggestion: fc.option(text, { nil: undefined }),
    refs: fc.option(fc.array(fc.record({ file: text, row: fc.integer({ min: 1, max: 1_048_576 }) }), { maxLength: 3 }), { nil: undefined }),
    source: fc.option(fc.record({ file: text, row: fc.integer({ min: 1, max: 1_048_576 }) }), { nil: undefined }),
    sameAsCell: fc.boolean(),
    value: text,
  })
  .map(({ sameAsCell, suggestion, refs, source, ...i }): Issue => {
    const inCell = i.row !== null && i.column !== null ? cell(i.row - 1, i.column) : undefined;
    const out: Issue = { ...i, value: sameAsCell && inCell !== undefined ? inCell : i.value };
    if (suggestion !== undefined) out.suggestion = suggestion;
    if (refs !== undefined) out.refs = refs.map((r) => ({ ...r }));
    if (source !== undefined) out.source = { ...source };
    return out;
  });

describe('packed issues', () => {
  it('unpack to exactly the issues that were packed, with or without the cells', () => {
    fc.assert(
      fc.property(fc.array(issue, { maxLength: 40 }), (issues) => {
        expect(decodeIssues(encodeIssues(issues, cell), cell)).toStrictEqual(issues);
        expect(decodeIssues(encodeIssues(issues))).toStrictEqual(issues);
      }),
      { numRuns: 500 },
    );
  });

  it('carry each distinct text once, and no value the page already holds in its cells', () => {
    const same = (r: number): Issue => ({ rule: 'dictionary', severity: 'error', row: r + 1, column: '单位所在省份', value: cells[r]?.[2] ?? '', message: '“北京”不是字典值，应为“北京市”', fix: '北京市' });
    const block = encodeIssues([same(0), same(2), same(4)], cell);
    expect(block.strings.sort()).toEqual(['“北京”不是字典值，应为“北京市”', '北京市', '单位所在省份'].sort());
  });
});
