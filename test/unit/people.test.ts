import { describe, expect, it } from 'vitest';
import { formatPercent, summaryText, builtinProfile } from '../../src/lib/core/index';
import { HEADER, check, row } from './helpers';
import { idCheck } from '../../scripts/synth.mjs';

/** A valid male resident ID, different for each i < 500. */
function id(i: number): string {
  const first17 = `1101011990010${1 + (i % 9)}${String(2 * Math.floor(i / 9) + 1).padStart(3, '0')}`;
  return first17 + idCheck(first17);
}

const OUTSIDE = { 工作单位: '河北医科大学第二医院', 单位所在省份: '河北省' };

/** n attendees, the first `outside` of them from another province. */
function people(n: number, outside: number): string[][] {
  return Array.from({ length: n }, (_, i) => row({ 证件号码: id(i), ...(i < outside ? OUTSIDE : {}) }));
}

describe('attendees are people, not rows', () => {
  it('counts 48 people on 50 rows once each, and finds both the range and the share short', () => {
    const rows = people(48, 4);
    // Two of the out-of-province people appear twice (merged session rosters): 6 qualifying rows of 50.
    rows.push(rows[0] as string[], rows[1] as string[]);
    const { summary, issues } = check(rows);
    expect(summary).toMatchObject({ attendees: 48, rows: 50, outOfProvince: 4, outOfProvinceOrGrassroots: 4, share: 4 / 48, needMore: 1 });
    expect(issues).toContainEqual({ rule: 'count.range', severity: 'warning', row: null, column: null, value: '48', message: '学员 48 人，少于 50 人：非实操训练类项目下一年度不建议再次申报', fix: null });
    expect(issues).toContainEqual({
      rule: 'share.min', severity: 'warning', row: null, column: null, value: '8.3%',
      message: '外省及基层学员占 8.3%（4/48 人），低于 10%；如需达标，下期还需招收外省或基层学员 1 人', fix: null,
    });
    expect(issues.filter((i) => i.rule === 'id.duplicate').map((i) => i.row)).toEqual([2, 3, 50, 51]);
  });

  it('never shows 200 of 2,001 as 10%: the share is exact, the text says 9.99%, one more is needed', () => {
    const rows = Array.from({ length: 2001 }, (_, i) => row({ 证件号码: `E${String(10_000_000 + i)}`, 证件类型: '护照', ...(i < 200 ? OUTSIDE : {}) }));
    const { summary, issues, roster } = check(rows);
    expect(summary.share).toBe(200 / 2001);
    expect(summary.needMore).toBe(1);
    expect(summary.needMoreOutOfProvince).toBe(1);
    expect(formatPercent(summary.share, 0.1)).toBe('9.99%');
    const share = issues.find((i) => i.rule === 'share.min');
    expect(share?.message).toBe('外省及基层学员占 9.99%（200/2001 人），低于 10%；如需达标，下期还需招收外省或基层学员 1 人');
    const text = summaryText('x.xlsx', 'Sheet1', 1, builtinProfile('national'), summary, roster.issues(), 100);
    expect(text).not.toContain('10.0%');
    expect(text).toContain('占 9.99%，低于 10%，达到要求还需招收 1 人');
  });

  it('counts a person whose rows disagree by the first of their rows', () => {
    const first = row({ 证件号码: id(1) });
    const later = row({ 证件号码: id(1), ...OUTSIDE, 是否基层单位: '否' });
    expect(check([first, later]).summary).toMatchObject({ attendees: 1, rows: 2, outOfProvince: 0 });
    expect(check([later, first]).summary).toMatchObject({ attendees: 1, rows: 2, outOfProvince: 1 });
  });

  it('counts each row without an ID as a person of its own', () => {
    const { summary } = check([row({ 证件号码: '' }), row({ 证件号码: '' }), row({ 证件号码: id(3) })]);
    expect(summary).toMatchObject({ attendees: 3, rows: 3 });
  });

  it('follows an edit that ends a duplicate, or makes the later row the first', () => {
    const rows = [row({ 证件号码: id(1) }), row({ 证件号码: id(1), ...OUTSIDE })];
    const { roster } = check(rows);
    const idCol = HEADER.indexOf('证件号码');
    roster.setCell(1, idCol, '');
    expect(roster.summary()).toMatchObject({ attendees: 2, outOfProvince: 1 });
    roster.setCell(1, idCol, id(1));
    roster.setCell(1, idCol, id(2));
    roster.setCell(2, idCol, id(2));
    // Both rows now share id(2): one person, counted by the first row (in Beijing).
    expect(roster.summary()).toMatchObject({ attendees: 1, rows: 2, outOfProvince: 0 });
  });

  it('reports both shares, and notes an out-of-province share below 10% in notice 003’s words', () => {
    const rows = [...people(90, 5), ...Array.from({ length: 10 }, (_, i) => row({ 证件号码: id(100 + i), 工作单位: '北京市朝阳区双井社区卫生服务中心', 是否基层单位: '是' }))];
    const { summary, issues } = check(rows);
    expect(summary).toMatchObject({ attendees: 100, outOfProvinceShare: 0.05, grassrootsShare: 0.1, share: 0.15, needMore: 0, needMoreOutOfProvince: 6 });
    expect(issues.filter((i) => i.rule.startsWith('share'))).toEqual([
      {
        rule: 'share.outOfProvince', severity: 'info', row: null, column: null, value: '5.0%',
        message: '只计外省学员占 5.0%（5/100 人）。2026 年通知要求国家级项目“面向全国招收的学员占比不低于 10%”，如按此要求，下期还需招收外省学员 6 人', fix: null,
      },
    ]);
  });

  it('does not note the out-of-province share of a municipal project', () => {
    const { issues } = check(people(60, 0), { profile: 'beijing' });
    expect(issues.filter((i) => i.row === null)).toEqual([]);
  });
});

describe('shares as text', () => {
  it('cuts rather than rounds, so that no share below a threshold is shown at it', () => {
    expect([formatPercent(4 / 48), formatPercent(200 / 2001), formatPercent(0.29), formatPercent(0.1), formatPercent(0)]).toEqual(['8.3%', '9.9%', '29.0%', '10.0%', '0.0%']);
    expect([formatPercent(200 / 2001, 0.1), formatPercent(0.0999, 0.1), formatPercent(0.095, 0.1), formatPercent(0.1, 0.1), formatPercent(0.125, 0.1)]).toEqual(['9.99%', '9.99%', '9.5%', '10.0%', '12.5%']);
  });
});
