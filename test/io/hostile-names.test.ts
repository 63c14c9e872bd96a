// The names and settings files of the hostile corpus (scripts/hostile-names.mjs) through the built
// command line: zips made by Windows, member names with control characters, settings files saved
// by Notepad and PowerShell, numbers past sensible ranges, 300,000 keys, a line break in a name.
// Each case is the one that failed first in the round-3 hunt (issue #18).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NAMES } from '../../scripts/hostile-names.mjs';
import { LINE_COLUMNS, columns } from '../../src/lib/core/printable';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = join(root, 'test/fixtures/hostile-names');
const clean = join(root, 'test/fixtures/clean.xlsx');
const at = (name: string) => join(dir, name);
/** What must never reach a terminal: C0 controls but the line break and tab, DEL, C1, bidi controls. */
// eslint-disable-next-line no-control-regex -- control characters are what this finds
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

// Built once for every test file (test/global-setup.ts).
const cli = join(root, 'dist-cli/roster-check.mjs');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 28 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const outDir = () => mkdtempSync(join(tmpdir(), 'rc-names-out-'));

interface BatchJson {
  files: { file: string; error?: string; summary?: { errors: number }; verdict?: { code: string; text: string } }[];
  batch: { sameDay: { id: string; credits: number; occurrences: { file: string }[] }[]; manifest?: { missingFiles: unknown[]; unlisted: unknown[]; ambiguous: unknown[] } };
}

describe('a zip made by Windows Explorer on a Chinese PC', () => {
  const zip = at(NAMES.windowsZip);
  it('reads its GBK names as Windows shows them: the manifest matches and the same-day credit error is found', () => {
    const r = run('--batch', '--json', '--manifest', at(NAMES.windowsManifest), zip);
    const out = JSON.parse(r.stdout) as BatchJson;
    expect(out.files.map((f) => f.file).sort()).toEqual(NAMES.windowsMembers.map((m) => `${zip}/${m}`).sort());
    expect(out.batch.manifest).toEqual({ missingFiles: [], ambiguous: [], unlisted: [], problems: [] });
    // 2 + 1 credits on 2026-03-11 for the people in both rosters.
    expect(out.batch.sameDay).toHaveLength(NAMES.sameDay);
    expect(out.batch.sameDay.every((s) => s.credits === 3 && s.occurrences.length === 2)).toBe(true);
    expect(r.code).toBe(1);
  });

  it('writes the corrected files under the names Windows shows', () => {
    const out = outDir();
    const r = run('--batch', '--fix', out, zip);
    expect(r.stderr).toBe('');
    expect(readdirSync(out).sort()).toEqual(['学员通讯录-已校正.xlsx', '护理部名单-已校正.xlsx'].sort());
  });

  it('takes a Unicode Path field only when its checksum matches the stored name', () => {
    const out = JSON.parse(run('--batch', '--json', at(NAMES.unicodePathZip)).stdout) as BatchJson;
    expect(out.files.map((f) => f.file.split('/').pop()).sort()).toEqual([...NAMES.unicodePathMembers].sort());
  });
});

describe('two members named alike but for case', () => {
  it('cost the zip none of its other rosters: the twin is listed as unreadable with the reason', () => {
    const zip = at(NAMES.caseZip);
    const json = JSON.parse(run('--batch', '--json', zip).stdout) as BatchJson;
    const [first, twin, other] = NAMES.caseMembers.map((m) => json.files.find((f) => f.file === `${zip}/${m}`));
    expect(first?.summary).toBeDefined();
    expect(other?.summary).toBeDefined();
    expect(twin?.summary).toBeUndefined();
    expect(twin?.error).toContain(`与压缩包中的「${NAMES.caseMembers[0]}」同名（只差大小写）`);
  });
});

describe('control characters in member names', () => {
  const zip = at(NAMES.controlZip);
  it('never stop a batch with --fix: every roster checked and corrected, under a safe name', () => {
    const out = outDir();
    const r = run('--batch', '--json', '--fix', out, zip);
    expect(r.code).not.toBe(2);
    const json = JSON.parse(r.stdout) as BatchJson;
    expect(json.files).toHaveLength(NAMES.controlMembers.length);
    expect(json.files.every((f) => f.summary !== undefined)).toBe(true);
    const written = readdirSync(out).sort();
    expect(written).toEqual(['_[2J_[H清屏-已校正.xlsx', '名单_xcsl-已校正.xlsx', '名单_一-已校正.xlsx', '换行_名单-已校正.csv'].sort());
  });

  it('are shown escaped in the text, the JSON and on stderr, never sent to the terminal', () => {
    const text = run('--batch', zip);
    const json = run('--batch', '--json', zip);
    for (const s of [text.stdout, text.stderr, json.stdout, json.stderr]) expect(s).not.toMatch(RAW_CONTROL);
    expect(text.stdout).toContain(`${zip}/\\x1b[2J\\x1b[H清屏.xlsx\t`);
    expect(text.stdout).toContain(`${zip}/名单\\u202excsl.xlsx\t`);
    const files = (JSON.parse(json.stdout) as BatchJson).files.map((f) => f.file);
    expect(files).toContain(`${zip}/名单\\x00一.xlsx`);
    expect(files).toContain(`${zip}/换行\\x0a名单.csv`);
  });

  it('keeps the one-line error of a file whose name has a line break on one line', () => {
    const r = run(at(NAMES.brokenNewline));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`roster-check: ${dir}/损坏\\x0a名单.xlsx：文件已损坏或不完整，无法读取；请在 Excel 中打开并另存为 .xlsx 后再试\n`);
    const p = run('--project', 'a\nb.json', clean);
    expect(p.stderr).toBe('roster-check: 无法读取项目设置文件：a\\x0ab.json\n');
  });
});

describe('settings files as Windows writes them', () => {
  it.each([
    ['Notepad\'s UTF-8 with a byte order mark', NAMES.projectBom],
    ['PowerShell 5.1\'s UTF-16LE', NAMES.projectUtf16],
  ])('reads a --project file in %s', (_, name) => {
    const r = run('--json', '--project', at(name), clean);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).summary.filingDue).toEqual(expect.any(String));
  });

  it('reads a --profile-file written by PowerShell 5.1\'s ">" (UTF-16LE)', () => {
    const r = run('--profile-file', at(NAMES.profileUtf16), clean);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('方案：本院方案');
  });

  it('refuses a number past its range with the field named (never "Infinity 学分")', () => {
    const r = run('--project', at(NAMES.projectHuge), clean);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('roster-check: 项目设置文件有误，字段 hours：应在 0 到 1000 之间\n');
  });

  it('names a few of 300,000 unknown keys and their count, in one line of at most 80 columns', () => {
    const r = run('--project', at(NAMES.projectKeys), clean);
    expect(r.code).toBe(2);
    const first = r.stderr.split('\n')[0] as string;
    expect(first).toMatch(/^roster-check: 项目设置文件有误：不认识的字段 字段0、.* 等 300000 项$/);
    expect(columns(first)).toBeLessThanOrEqual(LINE_COLUMNS);
    expect(r.stderr.length).toBeLessThan(400);
  });
});

describe('a wrong command line', () => {
  it.each([
    [['--bogus', clean], '不认识的选项 --bogus（选项写法见下方用法）'],
    [[clean, '--project'], '选项 --project 后面缺少要填写的内容（如文件名）'],
    [['--json=yes', clean], '选项 --json 后面不用填写内容'],
    [['--batch', '--bogus', clean], '不认识的选项 --bogus（选项写法见下方用法）'],
  ])('%j is told in Chinese, then the usage', (args, line) => {
    const r = run(...args);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`roster-check: ${line}`);
    expect(r.stderr).not.toMatch(/Unknown|option '|argument/);
  });
});
