import { describe, expect, it } from 'vitest';
import { locate, profileFromJson, type Issue } from '../../src/lib/core/index';
import { templateIssues } from '../../src/lib/core/rules/template';
import { HEADER, row, workbook } from './helpers';

// A template-derived profile: the built-in columns in HEADER's order, less 电子邮箱, plus 培训方式.
const TEMPLATE = [...HEADER.slice(0, -1), '培训方式'];
const profile = profileFromJson(JSON.stringify({
  id: 'template',
  template: { file: '模板.xlsx', columns: TEMPLATE },
  columns: [...HEADER.slice(0, -1).map((name) => ({ name })), { name: '培训方式', dictionary: '培训方式' }],
  dictionaries: { 培训方式: { values: ['线上', '线下'] } },
}));

function notes(header: string[]): Issue[] {
  const wb = workbook([header, row()]);
  return templateIssues(locate(wb, profile), header, profile);
}

describe('template.mismatch', () => {
  it('says nothing when the header is the template\'s, notes and spacing aside', () => {
    expect(notes(TEMPLATE.map((h) => (h === '姓名' ? '姓名\n(必填)' : h === '证件号码' ? '*证件号码' : h)))).toEqual([]);
  });

  it('names missing, unknown and renamed columns in one note', () => {
    const header = TEMPLATE.filter((h) => h !== '培训方式').map((h) => (h === '证件号码' ? '身份证号' : h));
    expect(notes([...header, '备注'])).toEqual([{
      rule: 'template.mismatch', severity: 'info', row: 1, column: null, value: '培训方式、备注、身份证号', fix: null,
      message: '表头与官方模板不一致（缺少“培训方式”；模板中没有“备注”；列名不同：“身份证号”（模板为“证件号码”）），上传时可能被系统拒绝，请按模板调整表头',
    }]);
  });

  it('notes columns in another order than the template\'s', () => {
    const swapped = [...TEMPLATE];
    [swapped[1], swapped[2]] = [swapped[2] as string, swapped[1] as string];
    expect(notes(swapped)).toEqual([expect.objectContaining({ rule: 'template.mismatch', message: expect.stringContaining('列的顺序与模板不同') })]);
  });

  it('shortens the list of a header with thousands of unknown columns', () => {
    const [note] = notes([...TEMPLATE, ...Array.from({ length: 3000 }, (_, i) => `列${i}`)]);
    expect(note?.message).toContain('等 3000 列');
    expect(note?.message.length).toBeLessThan(300);
  });

  it('never applies to a built-in profile', async () => {
    const { builtinProfile } = await import('../../src/lib/core/index');
    const national = builtinProfile('national');
    const header = [...HEADER, '备注'];
    expect(templateIssues(locate(workbook([header, row()]), national), header, national)).toEqual([]);
  });
});
