// Sheets whose XML is not in the usual order, and shared formulas (scripts/hostile-cells.mjs),
// through the built command line and the page's engine. The corrected files are read back by
// openpyxl (a reader other than ours and SheetJS's) and, for formulas, by LibreOffice.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CELLS } from '../../scripts/hostile-cells.mjs';
import { EngineService } from '../../src/lib/worker/service';
import type { PageSettings, Reply } from '../../src/lib/worker/protocol';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = join(root, 'test/fixtures/hostile');
const PYTHON = '/usr/bin/python3';
const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => existsSync(p));

interface Case { name: string; code: number; grid?: string[][]; fixed?: [number, number][]; master?: [number, number] }
const cases = CELLS as Case[];

// Built once for every test file (test/global-setup.ts).
const cli = join(root, 'dist-cli/roster-check.mjs');

/**
 * roster-check with a 1.5 GB heap, killed after `timeout` ms: a hang shows as a null code. (Not a
 * time budget: hostile.test.ts measures CPU time; this machine may be busy.)
 */
function run(args: string[], timeout = 60_000) {
  const r = spawnSync(process.execPath, ['--max-old-space-size=1536', cli, ...args], { encoding: 'utf8', timeout, killSignal: 'SIGKILL', maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every non-empty cell of the first sheet as openpyxl reads it ("A1" → text; a formula as its text). */
function openpyxlCells(file: string): Record<string, string> {
  const script = 'import json,sys,openpyxl\nws=openpyxl.load_workbook(sys.argv[1]).worksheets[0]\nprint(json.dumps({c.coordinate:str(c.value) for row in ws.iter_rows() for c in row if c.value not in (None,"")}))';
  return JSON.parse(execFileSync(PYTHON, ['-c', script, file], { encoding: 'utf8' })) as Record<string, string>;
}

const col = (c: number) => {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};

/** The grid as "A1" → text, with `fixed` cells holding their fix ("北京" → "北京市"). */
function expected(grid: string[][], fixed: [number, number][]): Record<string, string> {
  const out: Record<string, string> = {};
  grid.forEach((row, r) => row.forEach((v, c) => v !== '' && (out[`${col(c)}${r + 1}`] = v)));
  for (const [r, c] of fixed) out[`${col(c)}${r + 1}`] = '北京市';
  return out;
}

describe('sheets whose rows and cells are not in the usual order', { timeout: 300_000 }, () => {
  const ordered = cases.filter((c) => c.grid && c.fixed);
  it.each(ordered.map((c) => [c.name, c] as const))('%s: every fix lands on its own cell and no other cell moves', (_n, c) => {
    const out = mkdtempSync(join(tmpdir(), 'rc-cells-out-'));
    try {
      const r = run(['--fix', out, join(dir, c.name)]);
      expect(r.stderr).toBe('');
      // The file given has errors; with --fix the exit follows the written file, which has none.
      expect(run([join(dir, c.name)]).code).toBe(1);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`（修改 ${c.fixed!.length} 处；这个文件的结论：可以上传：没有发现错误）`);
      const file = readdirSync(out).find((f) => f.includes('-已校正.')) as string;
      expect(openpyxlCells(join(out, file))).toEqual(expected(c.grid!, c.fixed!));
      // And our own reader finds no error left in it.
      expect(run([join(out, file)]).code).toBe(0);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('shared formulas', { timeout: 300_000 }, () => {
  it('never writes or promises a fix on the master cell of a shared formula', () => {
    const c = cases.find((x) => x.name === 'formula-shared-master.xlsx') as Case;
    const [mr, mc] = c.master!;
    const json = JSON.parse(run(['--json', join(dir, c.name)]).stdout) as { summary: { afterFixes: { errors: number } }; issues: { row: number; column: string; fix: string | null; message: string }[] };
    expect(json.summary.afterFixes.errors).toBe(1);
    const master = json.issues.filter((i) => i.row === mr + 1 && i.column === '单位所在省份');
    expect(master).toEqual([expect.objectContaining({ fix: null, message: expect.stringContaining('该单元格是公式，请在 Excel 中修改') })]);
    const out = mkdtempSync(join(tmpdir(), 'rc-cells-out-'));
    try {
      const r = run(['--fix', out, join(dir, c.name)]);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('这个文件的结论：需修改：名单还需修改 1 处');
      expect(r.stdout).not.toContain('可以上传');
      const cells = openpyxlCells(join(out, readdirSync(out)[0] as string));
      // The master keeps its formula; the other cells of the column hold the fix.
      expect(cells[`${col(mc)}${mr + 1}`]).toBe('="北京"');
      for (let r2 = mr + 1; r2 < c.grid!.length; r2++) expect(cells[`${col(mc)}${r2 + 1}`]).toBe('北京市');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it.skipIf(!SOFFICE)('deleting the row of a master moves it to the next row: the column still computes in LibreOffice', { timeout: 150_000 }, async () => {
    const replies: Reply[] = [];
    const service = new EngineService((r) => replies.push(r));
    const bytes = new Uint8Array(readFileSync(join(dir, 'formula-serial-master.xlsx')));
    const page: PageSettings = { level: 'national', hostProvince: '北京市', practical: false };
    await service.handle({ id: 1, type: 'load', name: 'r.xlsx', bytes: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, settings: page, edits: [] });
    // Excel row 4: the first attendee, whose 序号 holds the shared formula's master.
    await service.handle({ id: 2, type: 'delete', r: 3, deleted: true });
    await service.handle({ id: 3, type: 'export' });
    const file = replies.find((r) => r.type === 'file');
    if (file?.type !== 'file') throw new Error('no file');
    const out = mkdtempSync(join(tmpdir(), 'rc-cells-lo-'));
    try {
      writeFileSync(join(out, 'out.xlsx'), new Uint8Array(file.bytes));
      execFileSync(SOFFICE!, [`-env:UserInstallation=file://${out}/profile`, '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', out, join(out, 'out.xlsx')], { timeout: 120_000, stdio: 'ignore' });
      const lines = readFileSync(join(out, 'out.csv'), 'utf8').trim().split(/\r?\n/);
      // 11 attendees left, each 序号 computed (=ROW()-3 from Excel row 4 down), none empty.
      const serials = lines.slice(3).map((l) => l.split(',')[0]);
      expect(serials).toEqual(Array.from({ length: 11 }, (_, i) => String(i + 1)));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('every read through the package layer', { timeout: 300_000 }, () => {
  it.each(['manifest-hyperlink.xlsx', 'manifest-wide.xlsx'])('a batch with the manifest %s is answered, its project applied to the roster it names', (manifest) => {
    const folder = mkdtempSync(join(tmpdir(), 'rc-cells-batch-'));
    try {
      // The roster the manifest names, behind a "./worksheets/" target.
      writeFileSync(join(folder, '名单.xlsx'), readFileSync(join(dir, 'rels-dot-target.xlsx')));
      const r = run(['--batch', '--manifest', join(dir, manifest), folder]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('学员 20 人');
      expect(r.stdout).toContain('项目清单：0 处需核对');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('--make-profile of a template 16,384 columns wide, each column under 5,000 list ranges', () => {
    // (It took minutes; now about a second of CPU.)
    const r = run(['--make-profile', join(dir, 'template-wide-lists.xlsx')]);
    expect(r.code).toBe(0);
    const profile = JSON.parse(r.stdout) as { template: { columns: string[] } };
    expect(profile.template.columns).toHaveLength(16384);
  });
});

