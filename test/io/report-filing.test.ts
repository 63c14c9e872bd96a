// A report fit for filing (issue #19): A4 page setup, one page wide, the heading row on every page,
// the file name and page numbers in the header and footer; a 修改记录 sheet with every automatic
// fix, hand edit, declined fix and deleted row; a verdict line; no technical words.
import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import * as XLSX from 'xlsx';
import { EngineService } from '../../src/lib/worker/service';
import type { PageSettings, Reply } from '../../src/lib/worker/protocol';
import { cellKey } from '../../src/lib/core/types';
import { reportVerdict } from '../../src/lib/core/report';
import { verdict } from '../../src/lib/core/verdict';
import { check } from '../unit/helpers';
import { HEADER, row } from '../unit/helpers';

const page: PageSettings = { level: 'national', hostProvince: '北京市', practical: false };
const PROVINCE = HEADER.indexOf('单位所在省份');
const TITLE = HEADER.indexOf('职称');

function csv(rows: string[][]): ArrayBuffer {
  const b = new TextEncoder().encode([HEADER, ...rows].map((r) => r.join(',')).join('\r\n'));
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

async function report(mask: boolean): Promise<Uint8Array> {
  const replies: Reply[] = [];
  const service = new EngineService((r) => replies.push(r));
  const rows = [
    row({ 单位所在省份: '河北', 工作单位: '河北医科大学第二医院' }),
    row({ 姓名: '李四', 证件号码: '11010119900307002X', 性别: '女', 职称: '中级' }),
    row({ 姓名: '王五', 证件号码: '110101199003070038', 单位所在省份: '天津', 工作单位: '天津医科大学总医院' }),
    row({ 姓名: '赵六', 证件号码: '110101199003070054' }),
  ];
  await service.handle({
    id: 1, type: 'load', name: '名单&1.csv', bytes: csv(rows), settings: page,
    edits: [{ r: 2, c: TITLE, value: '主治医师' }], declined: [cellKey(3, PROVINCE)], deleted: [4],
  });
  await service.handle({ id: 2, type: 'report', mask });
  const file = replies.find((r) => r.type === 'file');
  if (file?.type !== 'file') throw new Error(JSON.stringify(replies.filter((r) => r.type === 'error')));
  return new Uint8Array(file.bytes);
}

describe('the report workbook for filing', () => {
  it('sets every sheet up for A4, one page wide, with the file name, page numbers and repeated headings', async () => {
    const parts = unzipSync(await report(false));
    for (const n of [1, 2, 3]) {
      const xml = strFromU8(parts[`xl/worksheets/sheet${n}.xml`] as Uint8Array);
      expect(xml).toMatch(/<sheetPr><pageSetUpPr fitToPage="1"\/><\/sheetPr>/);
      expect(xml).toMatch(/<pageSetup paperSize="9" orientation="\w+" fitToWidth="1" fitToHeight="0"\/>/);
      expect(xml).toContain('<oddHeader>&amp;L学员通讯录校验报告&amp;R名单&amp;&amp;1.csv</oddHeader>');
      expect(xml).toContain('第 &amp;P 页，共 &amp;N 页');
      // In the schema's order: cells, then margins, setup, header and footer.
      expect(xml.indexOf('</sheetData>')).toBeLessThan(xml.indexOf('<pageMargins'));
      expect(xml.indexOf('<pageSetup')).toBeLessThan(xml.indexOf('<headerFooter>'));
    }
    const workbook = strFromU8(parts['xl/workbook.xml'] as Uint8Array);
    expect(workbook).toMatch(/<definedName name="_xlnm.Print_Titles" localSheetId="1">(&apos;|')问题清单(&apos;|')!\$1:\$1<\/definedName>/);
    expect(workbook).toMatch(/<definedName name="_xlnm.Print_Titles" localSheetId="2">(&apos;|')修改记录(&apos;|')!\$1:\$1<\/definedName>/);
  });

  it('records each automatic fix, hand edit, declined fix and deleted row, with the rows before and after export', async () => {
    const wb = XLSX.read(await report(false), { type: 'array' });
    expect(wb.SheetNames).toEqual(['汇总', '问题清单', '修改记录']);
    const rows = XLSX.utils.sheet_to_json<string[]>(wb.Sheets['修改记录'] as XLSX.WorkSheet, { header: 1, raw: false, defval: '' });
    expect(rows[0]).toEqual(['原行号', '导出后行号', '列', '原内容', '修改为', '方式', '原因']);
    expect(rows).toContainEqual(['2', '2', '单位所在省份', '河北', '河北省', '自动修正', expect.any(String)]);
    expect(rows).toContainEqual(['3', '3', '职称', '中级', '主治医师', '手工修改', '在页面上修改']);
    expect(rows).toContainEqual(['4', '4', '单位所在省份', '天津', '天津市', '未采纳', expect.any(String)]);
    expect(rows).toContainEqual(['5', '', '（整行）', '赵六 110101199003070054', '', '删除行', '在页面上删除了这一行']);
  });

  it('masks ID and phone digits in the 修改记录 when asked', async () => {
    const wb = XLSX.read(await report(true), { type: 'array' });
    const text = JSON.stringify(XLSX.utils.sheet_to_json(wb.Sheets['修改记录'] as XLSX.WorkSheet, { header: 1 }));
    expect(text).not.toContain('110101199003070054');
    expect(text).toContain('110101********0054');
  });

  it('says on the summary whether to upload, and names the file identifier in plain words', async () => {
    const wb = XLSX.read(await report(false), { type: 'array' });
    const rows = XLSX.utils.sheet_to_json<string[]>(wb.Sheets['汇总'] as XLSX.WorkSheet, { header: 1, raw: false, defval: '' });
    const text = JSON.stringify(rows);
    // The declined fix leaves 天津 as it is: one error remains in the file as exported.
    expect(rows).toContainEqual(['结论', '需修改：导出后自动修正 1 处，还需手工修改 1 处']);
    expect(rows.find((r) => r[0] === '文件识别码')?.[1]).toMatch(/^[0-9a-f]{64}$/);
    expect(text).not.toMatch(/SHA|UTF|GBK|CSV格式/i);
  });
});

describe('the report\'s verdict line', () => {
  const clean = check([row()]).summary;
  const fixable = { ...clean, errors: 2, afterFixes: { errors: 0, warnings: 0 } };
  const credit = { rule: 'credit.max' as const, severity: 'error' as const, row: null, column: null, value: '', message: '学分超出', fix: null };
  it('says to upload the exported file, not the original, when the export changes it', () => {
    expect(reportVerdict({ summary: fixable, exportName: '名单-已校正.xlsx' })).toBe('导出后可以上传：请上传导出的『名单-已校正.xlsx』，不是原文件');
    expect(reportVerdict({ summary: clean, exportName: '名单-已校正.xlsx' })).toBe('可以上传：没有发现错误');
    // A hand edit: the original is not what was checked, even with no error left.
    expect(reportVerdict({ summary: clean, exportName: '名单-已校正.xlsx', changes: [{ row: 2, exportedRow: 2, column: '姓名', canonical: '姓名', from: 'a', to: 'b', how: 'hand', reason: '' }] })).toMatch(/^导出后可以上传/);
  });
  it('never says to upload a CSV, and names project errors apart from the roster', () => {
    expect(reportVerdict({ summary: clean, csv: true })).toBe('导出后可以上传：内容无误：请导出为 Excel 文件或复制到官方模板后上传');
    const withCredit = { ...clean, errors: clean.errors + 2 };
    expect(reportVerdict({ summary: withCredit, projectIssues: [credit, { ...credit, message: '学时超出' }] })).toBe('需修改：项目设置有 2 处错误（不在名单文件中）');
  });
  it('gives the one verdict the page and the command line give when it is handed one', () => {
    expect(reportVerdict({ summary: clean, verdict: verdict({ given: 9, exported: 6, fixed: 3, project: 0, exportName: 'x', csv: false }) })).toBe('需修改：导出后自动修正 3 处，还需手工修改 6 处');
  });
});
