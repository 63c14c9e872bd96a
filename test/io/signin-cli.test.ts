// roster-check --signin: the JSON's counts and issues, the exit code, the report's 签到核对 sheet,
// and the refusals, on the generator's files with its plan's figures.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { SIGNIN } from '../../scripts/make-signin.mjs';
import { builtinProfile, defaultSettings, parseProjectSettings } from '../../src/lib/core/index';
import { checkFile } from '../../src/lib/io/pipeline';
import { writeReport } from '../../src/lib/io/report';
import { parseManifestRows } from '../../src/lib/io/manifest';
import { readSigninFiles, reconcileChecked, signinReport, withSignin } from '../../src/cli/signin';

const root = new URL('../../', import.meta.url).pathname;
const cli = join(root, 'dist-cli/roster-check.mjs');
const at = (f: string) => join(SIGNIN.dir, f);
const plan = JSON.parse(readFileSync(at('plan.json'), 'utf8'));
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const signinArgs = plan.files.flatMap((f: string) => ['--signin', at(f)]);

beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'scripts/build-cli.mjs')], { cwd: root });
});

describe('roster-check --signin', () => {
  it('gives the counts and the sign-in findings in the JSON, and exits 1 for their errors', () => {
    const r = run('--json', '--project', at(SIGNIN.project), ...signinArgs, at(SIGNIN.roster));
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.signin).toEqual({ files: plan.files, people: plan.people, matched: plan.matched, missing: plan.missing.length, absent: plan.absent.length, unsure: plan.unsure.length });
    const of = (rule: string) => out.issues.filter((i: { rule: string }) => i.rule === rule);
    expect(of('signin.missing').map((i: { row: null; source: unknown }) => [i.row, i.source])).toEqual(plan.missing.map((m: { file: string; row: number }) => [null, { file: m.file, row: m.row }]));
    expect(of('signin.absent').map((i: { row: number }) => i.row)).toEqual(plan.absent);
    expect(of('signin.early').map((i: { row: number }) => i.row)).toEqual(plan.early);
    expect(of('signin.daily')[0].refs.length).toBeGreaterThan(2);
    const errors = out.issues.filter((i: { severity: string }) => i.severity === 'error').length;
    expect(out.summary.errors).toBe(errors);
  });

  it('prints the counts in the Chinese summary', () => {
    const r = run('--project', at(SIGNIN.project), ...signinArgs, at(SIGNIN.roster));
    expect(r.stdout).toContain(`签到 ${plan.people} 人，与名单对上 ${plan.matched} 人`);
    expect(r.stdout).toContain('提前刷卡/签到');
  });

  it('writes a 签到核对 sheet with the counts and every finding with both files’ rows', () => {
    const dir = mkdtempSync(join(tmpdir(), 'signin-'));
    const r = run('--project', at(SIGNIN.project), ...signinArgs, '--report', join(dir, 'r.xlsx'), at(SIGNIN.roster));
    expect(r.code).toBe(1);
    const wb = XLSX.read(readFileSync(join(dir, 'r.xlsx')));
    expect(wb.SheetNames).toContain('签到核对');
    const rows = XLSX.utils.sheet_to_json<string[]>(wb.Sheets['签到核对'] as XLSX.WorkSheet, { header: 1, raw: false });
    expect(rows).toContainEqual(['签到人数', String(plan.people)]);
    const missing = rows.filter((row) => row[1] === '签到了但名单中没有' && row.length > 2);
    expect(missing.map((row) => row[3])).toEqual(plan.missing.map((m: { file: string; row: number }) => `${m.file} 第 ${m.row} 行`));
    const early = rows.find((row) => row[1] === '提前刷卡/签到');
    expect(early?.[2]).toBe(String(plan.early[0]));
  });

  it('masks ID and phone numbers in the 签到核对 sheet of a masked report', () => {
    const profile = builtinProfile('national');
    const checked = checkFile(readFileSync(at(SIGNIN.roster)), profile, defaultSettings(profile, { project: parseProjectSettings(JSON.stringify(SIGNIN.settings)) }));
    const read = readSigninFiles(plan.files.map(at));
    if ('error' in read) throw new Error(read.error);
    const rec = reconcileChecked(SIGNIN.roster, checked, read);
    const bytes = writeReport({ fileName: SIGNIN.roster, sha256: '', sheetName: '学员名单', headerRow: 1, profile, settings: checked.roster.settings, summary: withSignin(checked.roster.summary(), rec.issues), issues: rec.issues, mask: true, generatedAt: '', signin: signinReport(rec) });
    const text = XLSX.utils.sheet_to_csv(XLSX.read(bytes).Sheets['签到核对'] as XLSX.WorkSheet);
    expect(text).toContain('177****0000');
    expect(text).not.toContain('17700000000');
  });

  it('refuses --signin beside several rosters, a log of card numbers only, and a file it cannot open (exit 2, one Chinese line)', () => {
    const two = run('--signin', at(SIGNIN.log), at(SIGNIN.roster), at(SIGNIN.second));
    expect(two.code).toBe(2);
    expect(two.stderr.split('\n')[0]).toContain('--signin 只能与一份名单一起使用');
    const cards = run('--signin', at(SIGNIN.cardsOnly), at(SIGNIN.roster));
    expect(cards.code).toBe(2);
    expect(cards.stderr.trim().split('\n')).toHaveLength(1);
    expect(cards.stderr).toContain('只有卡号');
    const none = run('--signin', at('没有这个文件.csv'), at(SIGNIN.roster));
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('找不到签到文件');
  });
});

describe('roster-check --batch with a manifest naming 签到文件', () => {
  it('reconciles each roster with its sign-in files, never checks them as rosters, and finds the overlap in both projects', () => {
    const r = run('--batch', '--json', '--manifest', at(SIGNIN.manifest), at(SIGNIN.roster), at(SIGNIN.second), at(SIGNIN.log), at(SIGNIN.sheet), at(SIGNIN.platform), at(SIGNIN.secondLog));
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.files.map((f: { file: string }) => f.file)).toEqual([at(SIGNIN.roster), at(SIGNIN.second)]);
    const first = out.signin.find((x: { file: string }) => x.file === at(SIGNIN.roster));
    expect(first.signin).toEqual({ files: plan.files, people: plan.people, matched: plan.matched, missing: plan.missing.length, absent: plan.absent.length, unsure: plan.unsure.length });
    const overlap = (file: string) => out.signin.find((x: { file: string }) => x.file === at(file)).issues.filter((i: { rule: string }) => i.rule === 'batch.overlap');
    expect(overlap(SIGNIN.roster).map((i: { row: number }) => i.row)).toEqual([plan.overlap.row]);
    expect(overlap(SIGNIN.second).map((i: { row: number }) => i.row)).toEqual([plan.overlap.secondRow]);
    expect(overlap(SIGNIN.roster)[0].refs).toEqual([{ file: at(SIGNIN.second), row: plan.overlap.secondRow }]);
    // The sign-in errors are the roster's: its error count and its verdict say so, as the exit does.
    for (const name of [SIGNIN.roster, SIGNIN.second]) {
      const signinErrors = out.signin.find((x: { file: string }) => x.file === at(name)).issues.filter((i: { severity: string }) => i.severity === 'error').length;
      const file = out.files.find((f: { file: string }) => f.file === at(name));
      expect(signinErrors).toBeGreaterThan(0);
      expect(file.summary.errors).toBeGreaterThanOrEqual(signinErrors);
      expect(file.verdict.code).toBe('fix');
    }
  });
});

describe('the manifest’s 签到文件 column', () => {
  it('splits several names on ； ; and 、, as paths relative to the manifest', () => {
    const rows = [['文件', '开始日期', '结束日期', '学时', '学分', '签到文件'], ['a.xlsx', '2026-05-10', '2026-05-10', 3, 1, '签到\\上午.xlsx；下午.csv;刷卡.csv、平台.xls'], ['b.xlsx', '2026-05-10', '2026-05-10', 3, 1, '']];
    const [a, b] = parseManifestRows(rows);
    expect(a?.signin).toEqual(['签到/上午.xlsx', '下午.csv', '刷卡.csv', '平台.xls']);
    expect(b?.signin).toBeUndefined();
  });
});

