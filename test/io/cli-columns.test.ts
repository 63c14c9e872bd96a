// roster-check --columns: a header the template does not know, matched by the user on the command
// line (one roster and --batch); without it, suggestions are printed and never applied.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';

const root = new URL('../../', import.meta.url).pathname;
const cli = join(root, 'dist-cli/roster-check.mjs');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 28 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const HEADER = ['序号', '姓名', '性别', '证件类型', '身份证号码/护照号', '工作单位', '单位所在省份', '是否基层单位', '职称', '学历', '所在学科', '联系方式', '', '电子邮箱'];
const ROW = ['1', '张三', '男', '居民身份证', '110101199003070011', '北京协和医院', '北京市', '否', '主治医师', '大学本科', '临床内科学', '13812345678', '', 'zhang@example.com'];
let dir = '';
let file = '';

beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'scripts/build-cli.mjs')], { cwd: root });
  dir = mkdtempSync(join(tmpdir(), 'cli-columns-'));
  const rows = [HEADER];
  // Five attendees, the fourth with a phone number one digit short.
  for (let i = 0; i < 5; i++) rows.push(ROW.map((v, c) => (c === 0 ? String(i + 1) : c === 1 ? `学员${'甲乙丙丁戊'[i]}` : c === 4 ? ['110101199003070011', '11010519491231002X', '440524188001010014', '110101199003070038', '110101199003070054'][i] as string : c === 11 ? (i === 3 ? '1381234567' : `1381234567${i}`) : v)));
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '学员通讯录');
  file = join(dir, '名单.xlsx');
  writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
});

const phoneIssues = (issues: { column: string | null; row: number | null }[]) => issues.filter((i) => i.column === '手机号码' && i.row !== null && i.row > 1);

describe('roster-check --columns', () => {
  it('without --columns, prints what each unknown column may be and the --columns that says so, applying nothing', () => {
    const r = run(file);
    expect(r.stdout).toContain('第 L 列“联系方式”可能是“手机号码”（按内容判断）');
    expect(r.stdout).toContain('第 E 列“身份证号码/护照号”可能是“证件号码”（按表头判断）');
    expect(r.stdout).toContain('--columns "身份证号码/护照号=证件号码,联系方式=手机号码"');
    expect(r.stdout).toContain('缺少必填列“手机号码”');
    const json = JSON.parse(run('--json', file).stdout);
    expect(json.suggestedColumns).toEqual([
      { index: 4, letter: 'E', header: '身份证号码/护照号', column: '证件号码', by: 'alias' },
      { index: 11, letter: 'L', header: '联系方式', column: '手机号码', by: 'content' },
    ]);
    expect(phoneIssues(json.issues)).toEqual([]);
  });

  it('checks the matched column and lists how every column was matched', () => {
    const r = run('--json', '--columns', '联系方式＝手机号码，[E]=证件号码', file);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.columns).toContainEqual({ index: 11, letter: 'L', header: '联系方式', column: '手机号码', by: 'user' });
    expect(json.columns).toContainEqual({ index: 4, letter: 'E', header: '身份证号码/护照号', column: '证件号码', by: 'user' });
    expect(json.columns).toContainEqual({ index: 1, letter: 'B', header: '姓名', column: '姓名', by: 'header' });
    expect(json.suggestedColumns).toBeUndefined();
    expect(phoneIssues(json.issues)).toEqual([expect.objectContaining({ row: 5, value: '1381234567' })]);
    expect(json.issues.some((i: { rule: string }) => i.rule === 'header.missing')).toBe(false);
  });

  it('refuses a template column that does not exist, in one Chinese line, exit 2', () => {
    const r = run('--columns', '联系方式=电话号码', file);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('“电话号码”不是模板的列名');
  });

  it('is taken by --batch, and each file\'s JSON lists its columns', () => {
    const r = run('--batch', '--json', '--columns', '联系方式=手机号码', file);
    const json = JSON.parse(r.stdout);
    const f = (json.files ?? json).find?.((x: { file: string }) => x.file.endsWith('名单.xlsx')) ?? json.files?.[0];
    expect(f.columns).toContainEqual({ index: 11, letter: 'L', header: '联系方式', column: '手机号码', by: 'user' });
  });
});
