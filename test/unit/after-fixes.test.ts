import { describe, expect, it } from 'vitest';
import { HEADER, check, row } from './helpers';

const TITLE = HEADER.indexOf('职称');
const ID = HEADER.indexOf('证件号码');

describe('the roster as it will be exported', () => {
  it('counts what is left after every proposed fix: a known slip is gone, a vague title stays', () => {
    const { summary } = check([row({ 职称: '副主任医生' }), row({ 证件号码: '11010119900307002X', 性别: '女', 职称: '中级' })]);
    expect(summary.errors).toBe(2);
    expect(summary.afterFixes).toEqual({ errors: 1, warnings: 0 });
  });

  it('keeps a declined fix’s error, and drops it again when the fix is accepted', () => {
    const { roster } = check([row({ 职称: '副主任医生' })]);
    roster.declineFix(1, TITLE);
    expect(roster.summary().afterFixes).toEqual({ errors: 1, warnings: 0 });
    expect(roster.acceptedFixList()).toEqual([]);
    roster.acceptFix(1, TITLE);
    expect(roster.summary().afterFixes).toEqual({ errors: 0, warnings: 0 });
    expect(roster.acceptedFixList()).toEqual([{ row: 2, column: '职称', from: '副主任医生', to: '副主任医师', reason: '“副主任医生”不是字典值，应为“副主任医师”' }]);
  });

  it('keeps a 15-digit ID and its 18-digit form a duplicate after the fix, until one is corrected', () => {
    const { roster, summary } = check([row({ 证件号码: '110101900307001' }), row({ 证件号码: '110101199003070011' })]);
    expect(summary.afterFixes).toEqual({ errors: 2, warnings: 0 });
    // The second row gets another person's (female) ID: no duplicate; its 性别 男 is now wrong.
    roster.setCell(2, ID, '11010119900307002X');
    expect(roster.summary().afterFixes).toEqual({ errors: 1, warnings: 0 });
  });

  it('lets an edit replace a declined proposal: the new value’s fix is accepted', () => {
    const { roster } = check([row({ 职称: '副主任医生' })]);
    roster.declineFix(1, TITLE);
    roster.setCell(1, TITLE, '主治');
    expect(roster.isDeclined(1, TITLE)).toBe(false);
    expect(roster.summary().afterFixes).toEqual({ errors: 0, warnings: 0 });
  });
});
