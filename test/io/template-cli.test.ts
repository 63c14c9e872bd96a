// `--make-profile` through the built command line: a blank template in, a profile file out that
// checks a filled copy of the template against the template's own lists.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_PLANTED } from '../../scripts/make-blank-template.mjs';

const root = new URL('../../', import.meta.url).pathname;
const cli = join(root, 'dist-cli/roster-check.mjs');
const fx = (name: string) => join(root, 'test/fixtures', name);

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 26 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Out {
  profile: string;
  issues: { rule: string; row: number | null; column: string | null; value: string; fix: string | null }[];
}


describe('roster-check --make-profile', () => {
  it('derives from the blank template a profile that checks the filled copy against the template\'s lists', () => {
    const made = run('--make-profile', fx('template-blank.xlsx'));
    expect(made.code).toBe(0);
    expect(made.stderr).toContain('模板新增的列：培训方式');
    expect(made.stderr).toContain('模板中没有、不再检查的列：电子邮箱');
    const file = join(mkdtempSync(join(tmpdir(), 'rc-template-')), 'profile.json');
    writeFileSync(file, made.stdout);

    const checked = run('--json', '--profile-file', file, fx('template-filled.xlsx'));
    expect(checked.code).toBe(1);
    const out = JSON.parse(checked.stdout) as Out;
    expect(out.profile).toBe('template');
    const cellIssues = out.issues.filter((i) => i.row !== null);
    for (const p of TEMPLATE_PLANTED) {
      const found = cellIssues.filter((i) => i.row === p.row && i.column === p.column);
      if (p.rule === null) expect(found, `${p.column} ${p.value}`).toEqual([]);
      else expect(found, `${p.column} ${p.value}`).toEqual([expect.objectContaining({ rule: p.rule })]);
    }
    expect(cellIssues.find((i) => i.column === '性别')?.fix).toMatch(/^[男女]$/);
    // Nothing else: the rest of the filled copy is clean, and its missing 电子邮箱 column is no error.
    expect(cellIssues).toHaveLength(TEMPLATE_PLANTED.filter((p) => p.rule !== null).length);
    expect(out.issues.filter((i) => i.rule.startsWith('header.'))).toEqual([]);
  });

  it('checks the same filled copy differently with the built-in profile', () => {
    const out = JSON.parse(run('--json', fx('template-filled.xlsx')).stdout) as Out;
    const titles = out.issues.filter((i) => i.column === '职称').map((i) => i.value);
    expect(titles).toEqual(['其他卫生技术人员']);
  });

  it('extends the profile chosen with --profile', () => {
    const made = run('--make-profile', fx('template-blank.xlsx'), '--profile', 'beijing');
    expect(made.code).toBe(0);
    expect(JSON.parse(made.stdout)).toMatchObject({ extends: 'beijing', id: 'template' });
  });

  it('refuses a file that is no template with exit 2 and one Chinese line', () => {
    for (const name of ['pdf-renamed.xlsx', 'corrupt-zip.xlsx', 'no-roster-header.xlsx', 'clean-gbk.csv', 'does-not-exist.xlsx']) {
      const r = run('--make-profile', fx(name));
      expect(r.code, name).toBe(2);
      expect(r.stdout, name).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines, name).toHaveLength(1);
      expect(lines[0], name).toMatch(/^roster-check: .*：[\u4e00-\u9fff]/);
    }
  });

  it('does not check files in the same run', () => {
    const r = run('--make-profile', fx('template-blank.xlsx'), fx('template-filled.xlsx'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--make-profile 只生成校验方案');
  });
});
