// The budgets-and-outputs part of the hostile corpus (scripts/hostile-budgets.mjs) through the
// built command line, with --fix and --report as well: small files that used to make SheetJS
// expand huge ranges are checked like the roster they hold, and the outputs of a good check are
// always written. Each run has 10 s of CPU time and a 1.5 GB heap.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { BUDGETS, LONG_NAME } from '../../scripts/hostile-budgets.mjs';
import { readWorkbook } from '../../src/lib/io/read';
import { readPackage, readingPart } from '../../src/lib/io/package';
import { fitFileName, shortMessage, shortText } from '../../src/lib/io/quote';
import { correctedFileName, reportFileName } from '../../src/lib/io/write';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = join(root, 'test/fixtures/hostile');
const hostile = (name: string) => new Uint8Array(readFileSync(join(dir, name)));

/** `fix`: the sentence --fix refuses the corrected file with, when it cannot be written. */
interface Budget { name: string; code: number | number[]; attendees?: number; fix?: RegExp }
const checked = (BUDGETS as Budget[]).filter((b) => b.code !== 2);

// Built once for every test file (test/global-setup.ts).
const cli = join(root, 'dist-cli/roster-check.mjs');

/** The run's CPU time is written to descriptor 3 when it exits (see usage-preload.mjs). */
const preload = pathToFileURL(fileURLToPath(new URL('./usage-preload.mjs', import.meta.url))).href;

/**
 * roster-check with a 1.5 GB heap and its CPU time (what the 10 s budget bounds: unlike the wall
 * clock, a loaded machine hardly changes it); killed only when hung, after 120 s.
 */
function run(args: string[]) {
  const r = spawnSync(process.execPath, ['--max-old-space-size=1536', '--import', preload, cli, ...args], { encoding: 'utf8', timeout: 120_000, killSignal: 'SIGKILL', maxBuffer: 64 << 20, stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
  const usage = String(r.output[3] ?? '');
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, cpuMs: usage ? (JSON.parse(usage) as { cpuMs: number }).cpuMs : Number.POSITIVE_INFINITY };
}

interface JsonIssue { rule: string; value: string; message: string; fix: string | null }
interface JsonResult { summary: { attendees: number; errors: number }; issues: JsonIssue[] }

describe('small files that make big work', { timeout: 300_000 }, () => {
  it.each(checked.map((b) => [b.name.slice(0, 40), b] as const))('%s: checked as the roster it holds, corrected file and report written', (_n, b) => {
    const out = mkdtempSync(join(tmpdir(), 'rc-out-'));
    try {
      const json = run(['--json', join(dir, b.name)]);
      expect(json.signal, 'killed: hung or out of memory').toBeNull();
      expect(json.cpuMs, 'CPU time (ms)').toBeLessThan(10_000);
      expect(json.stderr).toBe('');
      expect((JSON.parse(json.stdout) as JsonResult).summary.attendees).toBe(b.attendees);
      const written = run(['--fix', out, '--report', out, join(dir, b.name)]);
      expect(written.signal, 'killed: hung or out of memory').toBeNull();
      expect(written.cpuMs, 'CPU time (ms)').toBeLessThan(10_000);
      expect(written.stderr).not.toMatch(/内部错误|Error|\bat .*:\d+:\d+/);
      const files = readdirSync(out);
      if (b.fix) {
        // Refused in one Chinese line, and the report is written all the same.
        expect(written.code).toBe(2);
        expect(written.stderr).toMatch(new RegExp(`^roster-check: .*${b.fix.source}.*\n$`));
        expect(files.filter((f) => f.endsWith('-校验报告.xlsx'))).toHaveLength(1);
        return;
      }
      expect([0, 1]).toContain(written.code);
      expect(files.filter((f) => f.includes('-已校正.'))).toHaveLength(1);
      expect(files.filter((f) => f.endsWith('-校验报告.xlsx'))).toHaveLength(1);
      for (const f of files) expect(Buffer.byteLength(f)).toBeLessThanOrEqual(255);
      // The corrected file is read back as the same roster.
      const corrected = files.find((f) => f.includes('-已校正.')) as string;
      const again = run(['--json', join(out, corrected)]);
      expect((JSON.parse(again.stdout) as JsonResult).summary.attendees).toBe(b.attendees);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('keeps the hyperlinks, the comments and the embedded object in the corrected .xlsx, byte for byte', () => {
    const out = mkdtempSync(join(tmpdir(), 'rc-out-'));
    try {
      for (const [name, part] of [['hyperlink-email-column.xlsx', 'xl/worksheets/_rels/sheet1.xml.rels'], ['comments-many.xlsx', 'xl/comments1.xml'], ['embedded-12mb.xlsx', 'xl/embeddings/oleObject1.bin']] as const) {
        const fix = join(out, `${name}-fixed.xlsx`);
        expect(run(['--fix', fix, join(dir, name)]).stderr).toBe('');
        const kept = readPackage(new Uint8Array(readFileSync(fix))).parts.get(part);
        const given = readPackage(hostile(name)).parts.get(part) as Uint8Array;
        expect(kept && Buffer.from(kept).equals(Buffer.from(given)), `${name}: ${part}`).toBe(true);
      }
      const sheet = new TextDecoder().decode(readPackage(new Uint8Array(readFileSync(join(out, 'hyperlink-email-column.xlsx-fixed.xlsx')))).parts.get('xl/worksheets/sheet1.xml'));
      expect(sheet).toContain('<hyperlink ref="M1:M1048576"');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('reads the whole-column mailto roster with every e-mail, and no row beyond the roster', () => {
    const sheet = readWorkbook(hostile('hyperlink-email-column.xlsx')).sheets[0]!;
    expect(sheet.rows).toHaveLength(61);
    expect(sheet.rows[1]?.[12]).toBe('user1@example.com');
  });

  it('leaves a hyperlink out of what SheetJS reads in a UTF-16 sheet, too', () => {
    const xml = '<worksheet><sheetData/><hyperlinks><x:hyperlink ref="A1:XFD1048576" r:id="rId1"/></hyperlinks></worksheet>';
    const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from(xml, 'utf16le'))]);
    const out = new TextDecoder('utf-16le').decode(readingPart('xl/worksheets/sheet1.xml', utf16).subarray(2));
    expect(out).not.toMatch(/hyperlink /);
    expect(out).toHaveLength(xml.length);
    expect(out).toContain('<hyperlinks>');
  });
});

describe('outputs of a good check', { timeout: 300_000 }, () => {
  it('writes a report of 32,767-character cells, quoting a short prefix of each', () => {
    const out = mkdtempSync(join(tmpdir(), 'rc-out-'));
    try {
      const r = run(['--report', out, join(dir, 'long-values.xlsx')]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('');
      const name = readdirSync(out)[0] as string;
      const wb = XLSX.read(readFileSync(join(out, name)), { type: 'buffer' });
      const rows = XLSX.utils.sheet_to_json<string[]>(wb.Sheets['问题清单']!, { header: 1 });
      const cells = rows.flat().map(String);
      expect(Math.max(...cells.map((c) => c.length))).toBeLessThan(400);
      expect(cells.some((c) => c.startsWith('“省省省') && c.includes('（共 32767 个字符）'))).toBe(true);
      // The text summary and the JSON messages quote shortly too.
      expect(Math.max(...run([join(dir, 'long-values.xlsx')]).stdout.split('\n').map((l) => l.length))).toBeLessThan(400);
      const json = JSON.parse(run(['--json', join(dir, 'long-values.xlsx')]).stdout) as JsonResult;
      expect(Math.max(...json.issues.map((i) => i.message.length))).toBeLessThan(400);
      expect(json.issues.some((i) => i.value.length === 32767)).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('names the outputs of a 250-byte file name within 255 bytes, keeping -已校正 and the extension', () => {
    expect(Buffer.byteLength(LONG_NAME)).toBe(250);
    const out = mkdtempSync(join(tmpdir(), 'rc-out-'));
    try {
      const r = run(['--fix', out, '--report', out, join(dir, LONG_NAME)]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const names = readdirSync(out).sort();
      expect(names).toEqual([correctedFileName(LONG_NAME, 'csv'), reportFileName(LONG_NAME)].sort());
      for (const n of names) expect(Buffer.byteLength(n)).toBeLessThanOrEqual(255);
      expect(names.some((n) => n.startsWith('学员通讯录学员通讯录') && n.endsWith('-已校正.csv'))).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('says in Chinese when an output cannot be written, and goes on', () => {
    const r = run(['--fix', join(dir, 'no-such-folder', 'x.csv'), join(dir, 'signed-cells.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^roster-check: .*无法写出校正文件.*文件夹不存在\n$/);
  });

  it('neutralises every CSV cell a spreadsheet would evaluate, and reads it back as it was', () => {
    const out = mkdtempSync(join(tmpdir(), 'rc-out-'));
    try {
      expect(run(['--fix', out, join(dir, 'signed-cells.csv')]).code).toBe(0);
      const name = readdirSync(out)[0] as string;
      const bytes = new Uint8Array(readFileSync(join(out, name)));
      // Every cell of the written CSV, as a spreadsheet sees it (after unquoting).
      const cells = XLSX.utils.sheet_to_json<string[]>(XLSX.read(bytes, { type: 'array', raw: true }).Sheets['Sheet1']!, { header: 1, raw: false }).flat().map(String);
      for (const c of cells) expect('=+-@\t\r').not.toContain(c.charAt(0) || 'x');
      expect(cells).toContain("'+1-1");
      expect(cells).toContain("'-2-3");
      // Read back by our reader: the cells as they were, but for the two whose leading tab and
      // CR the proposed fixes removed.
      const expected = readWorkbook(hostile('signed-cells.csv')).sheets[0]!.rows.map((r) => r.slice());
      expect([expected[6]![5], expected[7]![5]]).toEqual(['\t=2+2', '\r=3+3']);
      expected[6]![5] = '=2+2';
      expected[7]![5] = '=3+3';
      expect(readWorkbook(bytes).sheets[0]!.rows).toEqual(expected);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('shortens names by bytes on a character boundary, and long quotes in messages', () => {
    expect(fitFileName('名'.repeat(100), '-已校正.xlsx')).toBe(`${'名'.repeat(80)}-已校正.xlsx`);
    expect(fitFileName('😀'.repeat(70), '.csv').endsWith('😀.csv')).toBe(true);
    expect(fitFileName('短名', '-已校正.csv')).toBe('短名-已校正.csv');
    expect(shortText('😀'.repeat(30), 41)).toBe(`${'😀'.repeat(20)}…（共 60 个字符）`);
    expect(shortMessage(`“${'x'.repeat(1000)}”不是字典值`)).toBe(`“${'x'.repeat(40)}…（共 1000 个字符）”不是字典值`);
  });
});
