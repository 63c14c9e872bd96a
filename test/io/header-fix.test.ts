// A header that is not the official template's (an alias, or a column the user matched) is fixed
// in the header cell of the corrected file: read back, the export has no header issue left.
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { profileFromJson, type Settings } from '../../src/lib/core/index';
import { checkFile, correctedFile } from '../../src/lib/io/pipeline';

const settings: Settings = { hostProvince: '北京市', practical: false, today: '2026-11-22' };
const TEMPLATE = ['序号', '姓名', '性别', '证件类型', '证件号码', '工作单位', '单位所在省份', '是否基层单位', '职称', '学历', '所在学科', '手机号码', '电子邮箱'];
const profile = profileFromJson(JSON.stringify({ id: 'template', template: { file: '模板.xlsx', columns: TEMPLATE, cells: TEMPLATE.map((h) => (h === '姓名' ? '姓名(必填)' : h)) }, columns: TEMPLATE.map((name) => ({ name })) }));
const ROW = ['1', '张三', '男', '居民身份证', '110101199003070011', '北京协和医院', '北京市', '否', '主治医师', '大学本科', '临床内科学', '13812345678', 'zhang@example.com'];

function xlsx(header: string[]): Uint8Array {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([header, ROW]), '学员通讯录');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

const headerIssues = (bytes: Uint8Array, columns?: Record<number, string>) =>
  checkFile(bytes, profile, settings, columns ? { columns } : {}).roster.issues().filter((i) => i.rule.startsWith('template.') || i.rule.startsWith('header.'));

describe('the header cell fix', () => {
  for (const format of ['xlsx', 'csv'] as const) {
    it(`writes the template's header text into an ${format} export, which then has no header issue`, () => {
      const header = TEMPLATE.map((h) => (h === '证件号码' ? '身份证号' : h === '手机号码' ? '联系方式' : h === '姓名' ? '姓名(必填)' : h));
      let bytes = xlsx(header);
      if (format === 'csv') bytes = new TextEncoder().encode([header, ROW].map((r) => r.join(',')).join('\r\n'));
      const columns = { 11: '手机号码' };
      const checked = checkFile(bytes, profile, settings, { columns });
      expect(headerIssues(bytes, columns).map((i) => [i.rule, i.value, i.fix])).toEqual([
        ['template.header', '身份证号', '证件号码'],
        ['template.header', '联系方式', '手机号码'],
      ]);
      const out = correctedFile(bytes, checked, checked.roster.acceptedFixList());
      expect(headerIssues(out.bytes)).toEqual([]);
      const back = checkFile(out.bytes, profile, settings);
      expect(back.workbook.sheets[back.located.sheetIndex]?.rows[0]?.slice(0, 12)).toEqual(TEMPLATE.slice(0, 12).map((h) => (h === '姓名' ? '姓名(必填)' : h)));
      expect(back.roster.summary().errors).toBe(0);
    });
  }
});
