// The legacy and awkward files of the hostile corpus (scripts/hostile-legacy.mjs) through the
// built command line, each with its right answer: the roster a user sees is checked, old and
// exported "xls" files read as Excel shows them, and a terminal is never driven by a cell.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtinProfile } from '../../src/lib/core/index';
import { checkFile, correctedFile } from '../../src/lib/io/pipeline';
import { readWorkbook } from '../../src/lib/io/read';
import { EngineService } from '../../src/lib/worker/service';
import type { PageSettings, Reply } from '../../src/lib/worker/protocol';
import { ESCAPES } from '../../scripts/hostile-legacy.mjs';
import { HEADER, encodeGbk, makeRows } from '../../scripts/synth.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = join(root, 'test/fixtures/hostile');
const path = (name: string) => join(dir, name);
/** A guard against a hang only (the corpus's CPU budget is checked in hostile.test.ts). */
const LIMIT_MS = 90_000;
/** The clean roster every legacy file was made from. */
const CLEAN = [HEADER, ...makeRows(60, 30)] as string[][];

// Built once for every test file (test/global-setup.ts).
const cli = join(root, 'dist-cli/roster-check.mjs');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: LIMIT_MS, killSignal: 'SIGKILL', maxBuffer: 1 << 28 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
interface JsonResult { sheet: string; sheetNote?: string; summary: { attendees: number; rows: number; errors: number; warnings: number }; issues: { rule: string; row: number | null; column: string | null; value: string }[] }
function json(...args: string[]): JsonResult {
  const r = run('--json', ...args);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as JsonResult;
}

describe('a workbook with a hidden copy of the roster', () => {
  it('checks the visible roster with its 10 errors, not the clean hidden copy, and says which it checked', () => {
    const out = json(path('hidden-clean-copy.xlsx'));
    expect(out).toMatchObject({ sheet: '学员名单', summary: { attendees: 60, errors: 10 } });
    expect(out.issues.filter((i) => i.rule === 'id.checksum')).toHaveLength(10);
    expect(out.sheetNote).toBe('本文件有 2 张工作表像学员名单，已校验“学员名单”，因为它是唯一显示着的学员名单；另有隐藏的工作表“备份”也像学员名单，未校验');
    const text = run(path('hidden-clean-copy.xlsx'));
    expect(text.code).toBe(1);
    expect(text.stdout.split('\n').slice(0, 2)).toEqual([
      '文件：hidden-clean-copy.xlsx（工作表“学员名单”，表头在第 1 行，方案：国家级继续医学教育项目）',
      `注意：${out.sheetNote}（要校验其他工作表，请加 --sheet 工作表名）`,
    ]);
  });

  it('checks the hidden copy when asked by --sheet, and says it is hidden', () => {
    const out = json('--sheet', '备份', path('hidden-clean-copy.xlsx'));
    expect(out).toMatchObject({ sheet: '备份', summary: { attendees: 60, errors: 0 } });
    expect(out.sheetNote).toMatch(/隐藏的工作表“备份”/);
  });

  it('refuses a --sheet the file does not have, in one Chinese sentence naming the sheets it has', () => {
    const r = run('--sheet', '三班', path('hidden-clean-copy.xlsx'));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`roster-check: ${path('hidden-clean-copy.xlsx')}：文件中没有名为“三班”的工作表；文件中的工作表有：“备份”“学员名单”\n`);
  });

  it('checks a roster kept only on a hidden sheet, and says so', () => {
    const out = json(path('hidden-only-roster.xlsx'));
    expect(out).toMatchObject({ sheet: '学员名单', summary: { attendees: 60, errors: 0 } });
    expect(out.sheetNote).toMatch(/^学员通讯录在隐藏的工作表“学员名单”中/);
  });
});

describe('legacy and exported "xls" files', () => {
  it.each([
    ['biff5-cp936.xls', '学员名单'],
    ['biff2-cp936.xls', 'Sheet1'],
    ['biff4-cp936.xls', 'Sheet1'],
    ['html-gbk-meta.xls', 'Sheet1'],
    ['xml2003-gbk.xls', '学员名单'],
    ['xml2003-utf16.xls', '学员名单'],
    ['html-text-marks.xls', 'Sheet1'],
  ])('%s reads as the roster it holds: every cell, Chinese text decoded, IDs whole, nothing wrong', (name, sheet) => {
    const wb = readWorkbook(new Uint8Array(readFileSync(path(name))));
    expect(wb.sheets[0]?.name).toBe(sheet);
    expect(wb.sheets[0]?.rows).toEqual(CLEAN);
    const out = json(path(name));
    expect(out).toMatchObject({ sheet, summary: { attendees: 60, errors: 0, warnings: 0 } });
  });

  it.each(['html-gbk-meta.xls', 'xml2003-gbk.xls', 'biff5-cp936.xls'])('%s gives a corrected .xlsx that holds the same roster, Chinese text intact', (name) => {
    const bytes = new Uint8Array(readFileSync(path(name)));
    const checked = checkFile(bytes, builtinProfile('national'), { hostProvince: '北京市', practical: false, today: '2026-11-23' });
    const written = correctedFile(bytes, checked);
    expect(written.ext).toBe('xlsx');
    expect(readWorkbook(written.bytes).sheets.find((s) => s.name === checked.located.sheetName)?.rows).toEqual(CLEAN);
  });

  it('keeps IDs and phones an HTML export marks as text as text, so none is called corrupt', () => {
    const wb = readWorkbook(new Uint8Array(readFileSync(path('html-text-marks.xls'))));
    const idColumn = HEADER.indexOf('证件号码');
    const numericIds = [...wb.sheets[0]!.numeric].filter((k) => k % 16384 === idColumn);
    expect(numericIds).toEqual([]);
    expect(json(path('html-text-marks.xls')).issues.map((i) => i.rule)).not.toContain('id.scientific');
  });
});

describe('text hygiene', () => {
  it('reads a CSV with a NUL and a BEL in name cells, keeping the characters', () => {
    const rows = readWorkbook(new Uint8Array(readFileSync(path('csv-nul.csv')))).sheets[0]!.rows;
    expect(rows[7]?.[1]?.endsWith('\u0000')).toBe(true);
    expect(rows[20]?.[1]?.startsWith('\u0007')).toBe(true);
    expect(json(path('csv-nul.csv')).summary.attendees).toBe(60);
  });

  it('checks 30 rows of Excel-sized combining-mark cells, reporting each cell', () => {
    const out = json(path('combining-marks.xlsx'));
    // The 30 rows share one (invalid) ID, so they are one person: 60 rows, 31 people.
    expect(out.summary.rows).toBe(60);
    expect(out.summary.attendees).toBe(31);
    const rows = new Set(out.issues.filter((i) => i.rule === 'phone.format').map((i) => i.row));
    expect(rows.size).toBe(30);
  });

  it('prints escape sequences from cells as visible escapes, never to the terminal', () => {
    const r = run(path('ansi-escapes.csv'));
    expect(r.code).toBe(1);
    for (const ch of ['\u001b', '\u009b', '\u0007', '\b']) expect(r.stdout).not.toContain(ch);
    // Rule text.invisible names them and offers the text without them; no message quotes them.
    expect(r.stdout).toContain('单元格中有看不见的控制字符，删去后应为“[2J[H已清屏”');
    expect(r.stdout).toContain('删去后应为“]0;窗口标题”');
    expect(r.stdout).toContain('删去后应为“31m八位控制”');
    // The JSON keeps each value exactly (JSON escapes it).
    const values = json(path('ansi-escapes.csv')).issues.map((i) => i.value);
    for (const v of ESCAPES.filter((e) => !e.includes('\u009b') && !e.includes('\b'))) expect(values).toContain(v);
  });
});

describe('the page engine and the sheet choice', () => {
  const bytes = () => {
    const b = readFileSync(path('hidden-clean-copy.xlsx'));
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  };
  const settings: PageSettings = { level: 'national', hostProvince: '北京市', practical: false };
  const last = <T extends Reply['type']>(replies: Reply[], type: T) => replies.filter((r): r is Extract<Reply, { type: T }> => r.type === type).at(-1);

  it('sends which sheets look like rosters and why one was checked, and checks another on request', async () => {
    const replies: Reply[] = [];
    const service = new EngineService((r) => replies.push(r));
    await service.handle({ id: 1, type: 'load', name: 'a.xlsx', bytes: bytes(), settings, edits: [] });
    expect(last(replies, 'meta')?.meta).toMatchObject({ sheetName: '学员名单', rosterSheets: ['备份', '学员名单'], sheetNote: expect.stringContaining('隐藏的工作表“备份”') });
    expect(last(replies, 'done')?.snapshot.summary.errors).toBe(10);
    await service.handle({ id: 2, type: 'sheet', sheet: '备份' });
    expect(last(replies, 'meta')?.meta).toMatchObject({ sheetName: '备份', sheetNote: expect.stringContaining('隐藏的工作表“备份”') });
    expect(last(replies, 'done')?.snapshot.summary.errors).toBe(0);
    // A settings change keeps the chosen sheet.
    await service.handle({ id: 3, type: 'settings', settings: { ...settings, level: 'beijing' } });
    expect(last(replies, 'meta')?.meta.sheetName).toBe('备份');
  });

  it('loads the sheet the page names, and answers a missing one with a Chinese message, keeping the roster', async () => {
    const replies: Reply[] = [];
    const service = new EngineService((r) => replies.push(r));
    await service.handle({ id: 1, type: 'load', name: 'a.xlsx', bytes: bytes(), settings, edits: [], sheet: '备份' });
    expect(last(replies, 'meta')?.meta.sheetName).toBe('备份');
    await service.handle({ id: 2, type: 'sheet', sheet: '没有' });
    expect(last(replies, 'error')).toEqual({ id: 2, type: 'error', kind: 'no-header', message: '文件中没有名为“没有”的工作表；文件中的工作表有：“备份”“学员名单”' });
    await service.handle({ id: 3, type: 'edit', edit: { r: 1, c: 1, value: '王五' } });
    expect(last(replies, 'edited')?.snapshot.summary.attendees).toBe(60);
  });
});

describe('HTML and XML "xls" text', () => {
  const read = (html: string | Uint8Array) => readWorkbook(typeof html === 'string' ? new TextEncoder().encode(html) : html).sheets[0]!;
  const table = (cells: string, head = '') => `<html><head>${head}</head><body><table><tr>${cells}</tr></table></body></html>`;
  const ID = '110101199003070011';

  it('keeps an ID as text however the export marks it, and reads an unmarked one as the number Excel would make it', () => {
    const style = '<style>td.xl70, .xl71 {mso-number-format:"\\@";} .xl72 {mso-number-format:"0";}</style>';
    const cells = [`<td x:str>${ID}</td>`, `<td class=xl70>${ID}</td>`, `<td class='a xl71'>${ID}</td>`, `<td style="mso-number-format:&quot;\\@&quot;">${ID}</td>`, `<td style='mso-number-format:"@"'>${ID}</td>`, `<td class=xl72>${ID}</td>`, `<td x:num>${ID}</td>`];
    const sheet = read(table(cells.join(''), style));
    expect(sheet.rows[0]).toEqual(Array(7).fill(ID));
    expect([...sheet.numeric].sort((a, b) => a - b)).toEqual([5, 6]);
  });

  it('decodes GBK under a stock UTF-8 declaration, and a charset no browser knows as if none were declared', () => {
    const html = table('<td>姓名</td>', '<meta charset="utf-8">');
    expect(read(html).rows[0]).toEqual(['姓名']);
    expect(read(encodeGbk(html)).rows[0]).toEqual(['姓名']);
    expect(read(encodeGbk(table('<td>证件号码</td>', '<meta charset="x-no-such-charset">'))).rows[0]).toEqual(['证件号码']);
  });
});
