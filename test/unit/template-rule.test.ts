import { describe, expect, it } from 'vitest';
import { analyze, builtinProfile, locate, profileFromJson, type Issue } from '../../src/lib/core/index';
import { templateIssues } from '../../src/lib/core/rules/template';
import { HEADER, TODAY, row, workbook } from './helpers';

// A template-derived profile: the built-in columns in HEADER's order, less 电子邮箱, plus 培训方式;
// the template's own header cells carry a note on 姓名.
const TEMPLATE = [...HEADER.slice(0, -1), '培训方式'];
const CELLS = TEMPLATE.map((h) => (h === '姓名' ? '姓名(必填)' : h));
const profile = profileFromJson(JSON.stringify({
  id: 'template',
  template: { file: '模板.xlsx', columns: TEMPLATE, cells: CELLS },
  columns: [...HEADER.slice(0, -1).map((name) => ({ name })), { name: '培训方式', dictionary: '培训方式' }],
  dictionaries: { 培训方式: { values: ['线上', '线下'] } },
}));

function rowOf(header: string[]): string[] {
  const good = row();
  return header.map((h) => good[HEADER.indexOf(h === '姓名(必填)' ? '姓名' : h)] ?? (h === '培训方式' ? '线上' : ''));
}

function issuesOf(header: string[], columns?: Record<number, string>): Issue[] {
  const wb = workbook([header, rowOf(CELLS)]);
  return templateIssues(locate(wb, profile, columns ? { columns } : {}), header, profile);
}

const rules = (issues: Issue[]) => issues.map((i) => i.rule);

describe('the official template\'s header', () => {
  it('says nothing when the header is the template\'s, cell for cell', () => {
    expect(issuesOf(CELLS)).toEqual([]);
  });

  it('is an error with a fix that writes the template\'s text, for an alias or a header without the note', () => {
    const header = CELLS.map((h) => (h === '证件号码' ? '身份证号' : h === '姓名(必填)' ? '姓名' : h));
    const found = issuesOf(header);
    expect(found).toEqual([
      expect.objectContaining({ rule: 'template.header', severity: 'error', row: 1, column: '姓名', value: '姓名', fix: '姓名(必填)' }),
      expect.objectContaining({ rule: 'template.header', severity: 'error', row: 1, column: '证件号码', value: '身份证号', fix: '证件号码' }),
    ]);
  });

  it('writes the template\'s text over a header the user matched', () => {
    const header = CELLS.map((h) => (h === '手机号码' ? '联系方式' : h));
    expect(issuesOf(header, { [header.indexOf('联系方式')]: '手机号码' })).toEqual([
      expect.objectContaining({ rule: 'template.header', column: '手机号码', value: '联系方式', fix: '手机号码' }),
    ]);
  });

  it('refuses another order, with no fix and what to do in Excel', () => {
    const swapped = [...CELLS];
    [swapped[1], swapped[2]] = [swapped[2] as string, swapped[1] as string];
    const [order] = issuesOf(swapped);
    expect(order).toMatchObject({ rule: 'template.order', severity: 'error', fix: null });
    expect(order?.message).toContain('Excel');
  });

  it('refuses an extra or blank column inside the template\'s columns, and notes one after them', () => {
    const header = [...CELLS.slice(0, 5), '科室', '', ...CELLS.slice(5), '备注'];
    const found = issuesOf(header);
    expect(rules(found)).toEqual(['template.extra', 'template.extra', 'template.after']);
    expect(found[0]).toMatchObject({ severity: 'error', fix: null, value: '科室' });
    expect(found[1]?.message).toContain('第 G 列');
    expect(found[2]).toMatchObject({ severity: 'info', value: '备注' });
  });

  it('names a template column that is missing', () => {
    expect(issuesOf(CELLS.filter((h) => h !== '培训方式'))).toEqual([expect.objectContaining({ rule: 'template.missing', column: '培训方式' })]);
  });

  it('never applies to a built-in profile', () => {
    const national = builtinProfile('national');
    const header = ['科室', ...HEADER];
    expect(templateIssues(locate(workbook([header, row()]), national), header, national)).toEqual([]);
  });

  it('counts the header fix as made in the roster as exported', () => {
    const header = CELLS.map((h) => (h === '证件号码' ? '身份证号' : h));
    const { roster } = analyze(workbook([header, rowOf(CELLS)]), profile, { hostProvince: '北京市', practical: false, today: TODAY });
    expect(roster.summary().errors).toBeGreaterThan(0);
    expect(roster.issues().filter((i) => i.severity === 'error' && i.rule !== 'template.header')).toEqual([]);
    expect(roster.summary().afterFixes.errors).toBe(0);
    expect(roster.acceptedFixList()).toContainEqual(expect.objectContaining({ row: 1, column: '证件号码', from: '身份证号', to: '证件号码' }));
  });
});

describe('a column the user matched, without a template', () => {
  const national = builtinProfile('national');
  const settings = { hostProvince: '北京市', practical: false, today: TODAY };
  const header = HEADER.map((h) => (h === '手机号码' ? '联系方式' : h));
  const phone = HEADER.indexOf('手机号码');

  it('is checked as the column and noted once, with no fix', () => {
    const bad = row({ 手机号码: '1381234567' });
    const before = analyze(workbook([header, bad]), national, settings).roster.issues();
    expect(before.filter((i) => i.column === '手机号码' && i.row === 2)).toEqual([]);
    const { roster, located } = analyze(workbook([header, bad]), national, settings, {}, { columns: { [phone]: '手机号码' } });
    expect(located.columns['手机号码']).toBe(phone);
    const issues = roster.issues();
    expect(issues.filter((i) => i.row === 2 && i.column === '手机号码').length).toBeGreaterThan(0);
    expect(issues.filter((i) => i.rule === 'header.matched')).toEqual([expect.objectContaining({ severity: 'info', column: '手机号码', value: '联系方式', fix: null })]);
    expect(issues.some((i) => i.rule === 'header.missing' || i.rule === 'header.unknown')).toBe(false);
  });

  it('moves a name the header had to the column the user chose', () => {
    const { located } = analyze(workbook([HEADER, row()]), national, settings, {}, { columns: { [HEADER.indexOf('电子邮箱')]: '手机号码' } });
    expect(located.columns['手机号码']).toBe(HEADER.indexOf('电子邮箱'));
    expect(located.columns['电子邮箱']).toBeUndefined();
    expect(located.unknown).toEqual([{ index: phone, header: '手机号码' }]);
  });
});
