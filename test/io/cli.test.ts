import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';

const root = new URL('../../', import.meta.url).pathname;
const cli = join(root, 'dist-cli/roster-check.mjs');
const fx = (name: string) => join(root, 'test/fixtures', name);

/** The command line's CPU time is written to descriptor 3 when it exits (see usage-preload.mjs). */
const preload = pathToFileURL(fileURLToPath(new URL('./usage-preload.mjs', import.meta.url))).href;

/** The wall clock only guards against a hang (a loaded machine runs the 130,000-row roster for tens of seconds). */
function run(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', preload, cli, ...args], { encoding: 'utf8', timeout: 180_000, maxBuffer: 1 << 28, stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
  const usage = String(r.output[3] ?? '');
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, cpuMs: usage ? (JSON.parse(usage) as { cpuMs: number }).cpuMs : Number.POSITIVE_INFINITY };
}


describe('roster-check', () => {
  it('exits 0 and prints a Chinese summary for a clean roster', () => {
    const r = run(fx('clean.xlsx'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('学员 60 人');
    expect(r.stdout).toContain('错误 0 处');
  });

  it('exits 1 and reports planted problems as JSON of the documented shape', () => {
    const r = run('--json', fx('planted-defects.xlsx'));
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['file', 'profile', 'sheet', 'headerRow', 'summary', 'verdict', 'columns', 'issues']);
    expect(out).toMatchObject({ profile: 'national', sheet: '学员名单', headerRow: 3 });
    expect(Object.keys(out.summary)).toEqual([
      'attendees', 'rows', 'outOfProvince', 'grassroots', 'outOfProvinceOrGrassroots', 'share', 'outOfProvinceShare', 'grassrootsShare',
      'needMore', 'needMoreOutOfProvince', 'errors', 'warnings', 'afterFixes', 'filingDue', 'feedbackDue',
    ]);
    // The planted duplicate is one person on two rows.
    expect(out.summary).toMatchObject({ attendees: 59, rows: 60 });
    expect(out.issues).toContainEqual({
      rule: 'id.checksum', severity: 'error', row: 5, column: '证件号码', value: expect.any(String),
      message: expect.stringContaining('校验位错误'), fix: null,
    });
    for (const i of out.issues) expect(Object.keys(i)).toEqual(['rule', 'severity', 'row', 'column', 'value', 'message', 'fix']);
  });

  it('prints an array for several files', () => {
    const r = run('--json', fx('clean.xlsx'), fx('clean-gbk.csv'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveLength(2);
  });

  it('streams one valid JSON array over files with issues, without issues and unreadable ones', () => {
    const r = run('--json', fx('planted-defects.xlsx'), fx('does-not-exist.xlsx'), fx('clean.xlsx'));
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout) as { file: string; error?: string; issues?: unknown[] }[];
    expect(out.map((o) => [o.file.split('/').pop(), o.error ?? null])).toEqual([
      ['planted-defects.xlsx', null],
      ['does-not-exist.xlsx', '找不到文件或无法打开'],
      ['clean.xlsx', null],
    ]);
    expect(out[0]?.issues?.length).toBeGreaterThan(10);
    // The one line per issue is the same JSON as a whole-document JSON.stringify would give.
    expect(JSON.parse(run('--json', fx('planted-defects.xlsx')).stdout)).toEqual(out[0]);
  });

  it('checks a CSV far larger than the page accepts, listing at most 10,000 issues as text', { timeout: 300_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'rc-big-'));
    const header = '序号,姓名,性别,证件类型,证件号码,工作单位,单位所在省份,是否基层单位,职称,学历,所在学科,手机号码,电子邮箱';
    // 130,000 attendees (over the page's 120,000 rows), every one with a bad phone number.
    const body = Array.from({ length: 130_000 }, (_, i) => `${i + 1},张三,男,居民身份证,,北京协和医院,北京市,否,主治医师,大学本科,临床内科学,123,`).join('\n');
    const file = join(dir, 'big.csv');
    writeFileSync(file, `${header}\n${body}\n`);
    const text = run(file);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('学员 130000 人');
    const listed = text.stdout.split('\n').filter((l) => l.startsWith('  ['));
    expect(listed).toHaveLength(10_000);
    // A missing ID and a bad phone per row; the count and share warnings, and the note on the
    // out-of-province share alone.
    const total = 130_000 * 2 + 3;
    expect(text.stdout).toContain(`另有 ${total - 10_000} 处问题未列出`);
    const json = JSON.parse(run('--json', file).stdout) as { issues: unknown[] };
    expect(json.issues).toHaveLength(total);
  });

  it.each(['corrupt-zip.xlsx', 'truncated.xlsx', 'empty.csv', 'pdf-renamed.xlsx', 'no-roster-header.xlsx'])(
    'exits 2 with one clear line and no stack trace on %s',
    (name) => {
      const r = run(fx(name));
      expect(r.code).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^roster-check: .*[\u4e00-\u9fff]/);
      expect(r.stderr).not.toMatch(/\bat .*:\d+:\d+/);
    },
  );

  it('refuses a file over its size budget before reading it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rc-huge-'));
    const file = join(dir, 'huge.csv');
    writeFileSync(file, '姓名\n');
    truncateSync(file, 3 * 2 ** 30); // 3 GiB, sparse: more than node could read into one buffer
    const r = run(file);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`roster-check: ${file}：文件过大（3072.0 MB），最多能读取 256.0 MB；学员通讯录通常不到 1 MB，请确认选对了文件`);
    // Refused without reading: CPU time, not the wall clock (a loaded machine does not make it fail).
    expect(r.cpuMs).toBeLessThan(5_000);
  });

  it('exits 2 on a missing file', () => {
    const r = run(fx('does-not-exist.xlsx'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('找不到文件');
  });

  it('writes a corrected file that re-checks clean of fixable problems, and a report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rc-'));
    const fixed = join(dir, 'fixed.xls');
    const report = join(dir, 'report.xlsx');
    const r = run('--fix', fixed, '--report', report, fx('planted-defects.xls'));
    expect(r.code).toBe(1);
    expect(existsSync(fixed)).toBe(true);
    const again = JSON.parse(run('--json', fixed).stdout);
    expect(again.issues.filter((i: { fix: string | null }) => i.fix !== null)).toEqual([]);
    const wb = XLSX.read(readFileSync(report), { type: 'buffer' });
    expect(wb.SheetNames).toEqual(['汇总', '问题清单']);
    const summary = XLSX.utils.sheet_to_json<string[]>(wb.Sheets['汇总']!, { header: 1 });
    expect(summary).toContainEqual(['文件名', 'planted-defects.xls']);
    expect(summary.find((row) => row[0] === '文件识别码')?.[1]).toMatch(/^[0-9a-f]{64}$/);
  });

  it('writes an Excel 97–2003 .xls as .xls, with no note', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rc-'));
    const r = run('--fix', join(dir, 'out.xls'), fx('planted-defects.xls'));
    expect(r.stderr).toBe('');
    // A compound file (the user's own container), not a zip.
    expect([...readFileSync(join(dir, 'out.xls')).subarray(0, 4)]).toEqual([0xd0, 0xcf, 0x11, 0xe0]);
  });

  it('says so when an Excel 95 .xls is written as .xlsx, and what that cannot keep', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rc-'));
    const r = run('--fix', join(dir, 'out.xls'), fx('hostile/biff5-cp936.xls'));
    expect(r.stderr).toContain('.xlsx');
    expect(r.stderr).toMatch(/旧版 \.xls.*无法保留单元格格式.*下拉列表/);
    expect(existsSync(join(dir, 'out.xlsx'))).toBe(true);
  });

  it('writes a CSV roster as .xlsx when --fix names an .xlsx, IDs as text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rc-'));
    const out = join(dir, 'out.xlsx');
    const r = run('--fix', out, fx('planted-defects-gbk.csv'));
    expect(r.stderr).toBe('');
    const again = JSON.parse(run('--json', out).stdout);
    expect(again.issues.filter((i: { fix: string | null }) => i.fix !== null)).toEqual([]);
    const wb = XLSX.read(readFileSync(out), { type: 'buffer' });
    const ws = wb.Sheets[wb.SheetNames[0]!]!;
    expect(Object.entries(ws).filter(([k, c]) => !k.startsWith('!') && (c as XLSX.CellObject).t !== 's')).toEqual([]);
  });

  it('applies the municipal profile and the practical-training exemption', () => {
    const national = JSON.parse(run('--json', fx('too-few-attendees.xlsx')).stdout);
    expect(national.issues.map((i: { rule: string }) => i.rule)).toContain('count.range');
    const practical = JSON.parse(run('--json', '--practical', fx('too-few-attendees.xlsx')).stdout);
    expect(practical.issues).toEqual([]);
    const low = JSON.parse(run('--json', fx('low-share.xlsx')).stdout);
    expect(low.issues).toContainEqual(expect.objectContaining({ rule: 'share.min' }));
    expect(low.summary.needMore).toBeGreaterThan(0);
    const beijing = JSON.parse(run('--json', '--profile', 'beijing', fx('low-share.xlsx')).stdout);
    expect(beijing.profile).toBe('beijing');
    expect(beijing.issues).toEqual([]);
  });

  it('extends a profile from a user file, and names the bad field of a malformed one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rc-'));
    const good = join(dir, 'p.json');
    const bad = join(dir, 'bad.json');
    writeFileSync(good, JSON.stringify({ extends: 'national', dictionaries: { title: { values: ['中级'] } } }));
    writeFileSync(bad, JSON.stringify({ dictionaries: { title: { values: [3] } } }));
    const withProfile = JSON.parse(run('--json', '--profile-file', good, fx('planted-defects.xlsx')).stdout);
    expect(withProfile.issues.filter((i: { row: number; rule: string }) => i.row === 14 && i.rule === 'dictionary')).toEqual([]);
    const r = run('--profile-file', bad, fx('clean.xlsx'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('dictionaries.title.values[0]');
  });

  it('checks the project settings of a --project file, listing project issues first with row null', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rc-'));
    const project = join(dir, 'project.json');
    writeFileSync(project, JSON.stringify({ mode: '面授', start: '2026-11-20', end: '2026-11-20', hours: 3, credits: 2, planned: 100 }));
    const report = join(dir, 'report.xlsx');
    const r = run('--json', '--project', project, '--report', report, fx('clean.xlsx'));
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.summary).toMatchObject({ filingDue: '2026-11-06', feedbackDue: '2026-12-04' });
    expect(out.issues[0]).toEqual({
      rule: 'credit.hours', severity: 'error', row: null, column: null, value: '2',
      message: '授予 2 学分，而学时为 3 小时：按“3小时1学分”最多授予 1 学分，请核对学时或学分', fix: null,
    });
    const summary = XLSX.utils.sheet_to_json<string[]>(XLSX.read(readFileSync(report), { type: 'buffer' }).Sheets['汇总']!, { header: 1 });
    expect(summary).toContainEqual(['项目报备截止（举办 2 周前）', '2026-11-06']);
    expect(summary).toContainEqual(['项目核对（错误）', out.issues[0].message]);
  });

  it('refuses a --project file with an unknown key in one Chinese line that names it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rc-'));
    const project = join(dir, 'project.json');
    writeFileSync(project, JSON.stringify({ credits: 2, credit_hours: 6 }));
    const r = run('--project', project, fx('clean.xlsx'));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('roster-check: 项目设置文件有误：不认识的字段 credit_hours\n可用的字段：mode、start、end、hours、credits、planned、jjj、practical\n');
  });

  it('says after --fix how many errors are left to correct by hand, or that the file can be uploaded', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rc-'));
    const bad = run('--fix', join(dir, 'a.xlsx'), fx('planted-defects.xlsx'));
    const json = JSON.parse(run('--json', fx('planted-defects.xlsx')).stdout);
    const left = json.summary.afterFixes.errors;
    expect(left).toBeGreaterThan(0);
    expect(bad.stdout).toMatch(new RegExp(`修改 \\d+ 处；这个文件的结论：需修改：名单还需修改 ${left} 处`));
    expect(bad.code).toBe(1);
    // The verdict on the file as given, in the text and the JSON: the same words as the page's.
    const fixed = json.summary.errors - left;
    expect(json.verdict).toEqual({ code: 'fix', text: `导出后自动修正 ${fixed} 处，还需手工修改 ${left} 处` });
    expect(run(fx('planted-defects.xlsx')).stdout).toContain(`结论：需修改：导出后自动修正 ${fixed} 处，还需手工修改 ${left} 处`);
    const good = run('--fix', join(dir, 'b.xlsx'), fx('clean.xlsx'));
    expect(good.stdout).toContain('修改 0 处；这个文件的结论：可以上传：没有发现错误');
    expect(good.code).toBe(0);
  });
});
