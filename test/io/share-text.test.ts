// One way to write a share (issue #19 part 5): 200 out-of-province people in 2,001 is 9.995%,
// below the 10% rule. Every text that shows it (the command line's text, the batch's text, JSON
// and report, the single roster's report) reads 9.99%, never 10.0%; the JSON keeps the exact share.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { nearThresholdXlsx } from '../near-threshold';

const root = new URL('../../', import.meta.url).pathname;
const cli = join(root, 'dist-cli/roster-check.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 28 });

let dir = '';
beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'scripts/build-cli.mjs')], { cwd: root });
  dir = mkdtempSync(join(tmpdir(), 'rc-share-'));
  const bytes = nearThresholdXlsx();
  writeFileSync(join(dir, '甲.xlsx'), bytes);
  writeFileSync(join(dir, '乙.xlsx'), bytes);
});

describe('200 out-of-province people in 2,001', { timeout: 300_000 }, () => {
  it('read 9.99% in the command line\'s text and report; the JSON keeps the exact share', () => {
    const report = join(dir, 'report.xlsx');
    const text = run('--report', report, join(dir, '甲.xlsx')).stdout;
    expect(text).toContain('外省 200 人（9.99%）');
    expect(text).toContain('占 9.99%，低于 10%');
    expect(text).not.toContain('10.0%');
    const rows = XLSX.utils.sheet_to_json<string[]>(XLSX.read(readFileSync(report)).Sheets['汇总'] as XLSX.WorkSheet, { header: 1 });
    expect(rows).toContainEqual(['外省及基层学员占比', '9.99%']);
    expect(rows).toContainEqual(['外省学员占比', '9.99%']);
    const json = JSON.parse(run('--json', join(dir, '甲.xlsx')).stdout);
    expect(json.summary.share).toBe(200 / 2001);
  });

  it('read 9.99% in the batch\'s text, JSON and report', () => {
    const files = [join(dir, '甲.xlsx'), join(dir, '乙.xlsx')];
    const report = join(dir, 'batch.xlsx');
    const text = run('--batch', '--batch-report', report, ...files).stdout;
    expect(text).toMatch(/甲\.xlsx\t学员 2001 人\t占比 9\.99%/);
    expect(text).not.toContain('10.0%');
    const json = JSON.parse(run('--batch', '--json', ...files).stdout) as { files: { file: string; summary: { share: number; shareText: string } }[] } | { file: string; summary: { share: number; shareText: string } }[];
    const list = Array.isArray(json) ? json : json.files;
    expect(list.length).toBe(2);
    for (const f of list) expect(f.summary).toMatchObject({ share: 200 / 2001, shareText: '9.99%' });
    const rows = XLSX.utils.sheet_to_json<Record<string, string>>(XLSX.read(readFileSync(report)).Sheets['汇总'] as XLSX.WorkSheet, { defval: '' });
    expect(rows.filter((r) => r['文件']?.endsWith('.xlsx')).map((r) => r['占比'])).toEqual(['9.99%', '9.99%']);
  });
});
