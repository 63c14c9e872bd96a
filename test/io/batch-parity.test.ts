// The command line and the page run one batch engine (issue #21): the same folder (a manifest, a
// zip, a broken file, people in several rosters) gives every roster the same verdict, share text
// and counts, and the same lists across rosters, through `roster-check --batch` and through the
// page's engine driven as the page drives it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BATCH, makeBatch, makeManifests } from '../../scripts/make-batch.mjs';
import { batchVerdict } from '../../src/lib/core/verdict';
import { pageBatch } from './batch-harness';

const root = join(__dirname, '../..');
let work = '';

interface CliFile {
  file: string;
  error?: string;
  verdict: { code: string; text: string };
  summary?: { attendees: number; shareText: string; errors: number; warnings: number };
}
interface CliOut {
  files: CliFile[];
  batch: { duplicates: unknown[]; sameDay: unknown[] };
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'rc-parity-'));
  makeBatch(join(work, 'batch/'));
  makeManifests(`${work}/`);
}, 120_000);

describe('one batch engine for the command line and the page', () => {
  it('gives every roster the same verdict, share text and counts, and the same lists across rosters', { timeout: 120_000 }, () => {
    const cli = spawnSync(process.execPath, [join(root, 'dist-cli/roster-check.mjs'), '--batch', '--json', '--host-province', '北京市', '--manifest', 'batch-manifest.xlsx', 'batch'], { cwd: work, encoding: 'utf8' });
    expect(cli.status).toBe(1);
    const out = JSON.parse(cli.stdout) as CliOut;

    // The page: the folder chosen (paths as webkitRelativePath gives them), in path order.
    const files = out.files.map((f) => f.file.split('/').slice(0, 2).join('/')).filter((f, i, all) => all.indexOf(f) === i).sort((a, b) => a.localeCompare(b, 'zh'));
    const page = pageBatch(files.map((f) => [f, readFileSync(join(work, f))]), { level: 'national', hostProvince: '北京市', practical: false }, readFileSync(join(work, 'batch-manifest.xlsx')));
    const daily = new Map(page.outcome.daily);

    const fromCli = out.files.map((f) => ({ file: f.file, verdict: f.verdict, shareText: f.summary?.shareText, attendees: f.summary?.attendees, errors: f.summary?.errors, warnings: f.summary?.warnings }));
    const fromPage = page.rows
      .map((r) => {
        const v = batchVerdict(r, daily.get(r.file) ?? 0);
        return { file: r.file, verdict: { code: v.code, text: v.text }, shareText: r.summary ? r.shareText : undefined, attendees: r.summary?.attendees, errors: r.summary ? r.summary.errors + (daily.get(r.file) ?? 0) : undefined, warnings: r.summary?.warnings };
      })
      .sort((a, b) => a.file.localeCompare(b.file, 'zh'));
    expect(fromPage).toEqual(fromCli);
    // Every kind of answer is there: an upload, an export, a roster to fix, a file not read.
    expect(new Set(fromCli.map((f) => f.verdict.code))).toEqual(new Set(['ready', 'export', 'fix', 'unreadable']));
    expect(page.outcome.sameDay.length).toBeGreaterThan(0);
    expect(page.outcome.sameDay).toEqual(out.batch.sameDay);
    expect(page.outcome.duplicates).toEqual(out.batch.duplicates);
    // The zip's rosters and the broken file are rows of both.
    expect(fromCli.map((f) => f.file)).toEqual(expect.arrayContaining([expect.stringContaining(`${BATCH.zip}/`), expect.stringContaining(BATCH.broken)]));
  });
});
