// A zip of rosters checked by both batch workers (as the page does it): the first opens the zip
// and keeps it, each worker checks some of its rosters (the second from their stored bytes, read
// from the zip's file), and the first keeps them in the zip's order. The table, the lists across
// rosters and the report must be those of one worker reading the zip alone.
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { BATCH, makeBatch, makeManifests } from '../../scripts/make-batch.mjs';
import { zipFile } from '../../scripts/zip.mjs';
import type { BatchService } from '../../src/lib/worker/batch/service';
import { addFile, driven, type Send } from './batch-harness';
import type { BatchFileRow, BatchHandOver, BatchMember, BatchOutcome, BatchReply } from '../../src/lib/worker/protocol';


let dir: string;
let manifest: ArrayBuffer;
/** Every roster of the generated batch in one zip, with its zip (a zip inside: refused) and a note (not a roster). */
let big: Uint8Array;
const file = (name: string) => new Uint8Array(readFileSync(join(dir, name)));
const ab = (b: Uint8Array) => b.slice().buffer as ArrayBuffer;
const SETTINGS = { level: 'national', hostProvince: '北京市', practical: false };

function service(): { s: BatchService; send: Send; replies: BatchReply[] } {
  const { service: s, send, replies } = driven();
  send({ type: 'batch-start', settings: SETTINGS });
  send({ type: 'batch-manifest', name: 'batch-manifest.xlsx', bytes: manifest.slice(0) });
  return { s, send, replies };
}

const outcomeOf = (send: Send) => (send({ type: 'batch-finish' }).find((r) => r.type === 'batch-result') as { outcome: BatchOutcome }).outcome;
/** The report workbook's sheets as rows of cells. */
function reportOf(send: Send): unknown[][][] {
  const f = send({ type: 'batch-report', counts: [] }).find((r) => r.type === 'file') as { bytes: ArrayBuffer };
  const wb = XLSX.read(new Uint8Array(f.bytes));
  return wb.SheetNames.map((n) => XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[n] as XLSX.WorkSheet, { header: 1 }));
}

/** One worker, the old way: each file whole (a zip's rosters read one after another). */
function alone(files: [string, Uint8Array][]) {
  const { send } = service();
  const rows: BatchFileRow[] = [];
  files.forEach(([name, bytes], source) => {
    rows.push(...addFile(send, source, name, ab(bytes)));
  });
  return { rows, outcome: outcomeOf(send), report: reportOf(send) };
}

/**
 * Two workers linked as the page links them: zips opened by the first; files and a zip's rosters
 * dealt out by `by` (0: first, 1: second); what the second checked is held back in the port and
 * delivered by `deliver`. Returns the table as the page lists it (source, then place in the zip).
 */
function split(files: [string, Uint8Array][], by: (source: number, sub: number) => 0 | 1, deliver: (h: BatchHandOver[], first: BatchService) => void, skip = (_s: number, _sub: number) => false) {
  const one = service();
  const two = service();
  const port: BatchHandOver[] = [];
  two.s.forward = (h) => port.push(h);
  const table: { source: number; sub: number; rows: BatchFileRow[] }[] = [];
  const checked: [number, number][] = [];
  files.forEach(([name, bytes], source) => {
    const rowsOf = (got: BatchReply[]) => {
      expect(got.map((r) => r.type)).toEqual(['batch-rows']);
      return (got[0] as { rows: BatchFileRow[] }).rows;
    };
    if (!name.endsWith('.zip')) {
      if (skip(source, 0)) return;
      const w = by(source, 0);
      table.push({ source, sub: 0, rows: rowsOf([one, two][w]!.send({ type: 'batch-check', source, file: name, bytes: ab(bytes), keep: w === 0 ? 'here' : 'peer' })) });
      checked.push([source, 0]);
      return;
    }
    const opened = one.send({ type: 'batch-open', source, file: name, bytes: ab(bytes) });
    expect(opened).toHaveLength(1);
    if (opened[0]?.type === 'batch-rows') {
      table.push({ source, sub: 0, rows: opened[0].rows });
      checked.push([source, 0]);
      return;
    }
    const members = (opened[0] as { members: BatchMember[] }).members;
    members.forEach((m, sub) => {
      if (skip(source, sub)) return;
      const w = by(source, sub);
      const base = { type: 'batch-check', source, sub, member: m.member, file: name, keep: w === 0 ? 'here' : 'peer', ...(m.refused !== undefined ? { refused: m.refused } : {}) };
      // The second worker gets the roster's stored bytes (the page gives it that slice of the zip's file).
      const got = w === 0 ? one.send({ ...base, bytes: new ArrayBuffer(0) }) : two.send({ ...base, at: m.at, bytes: ab(bytes.subarray(m.at.offset, m.at.offset + m.at.csz)) });
      table.push({ source, sub, rows: rowsOf(got) });
      checked.push([source, sub]);
    });
  });
  const gathered = one.send({ type: 'batch-gather', sources: checked.map(([s]) => s), subs: checked.map(([, sub]) => sub) });
  const waiting = port.length > 0;
  expect(gathered).toEqual(waiting ? [] : [expect.objectContaining({ type: 'batch-ok' })]);
  const before = one.replies.length;
  deliver(port, one.s);
  if (waiting) expect(one.replies.slice(before)).toEqual([expect.objectContaining({ type: 'batch-ok' })]);
  const rows = table.sort((a, b) => a.source - b.source || a.sub - b.sub).flatMap((t) => t.rows);
  return { rows, outcome: outcomeOf(one.send), report: reportOf(one.send), first: one };
}

const lastFirst = (port: BatchHandOver[], first: BatchService) => {
  while (port.length > 0) first.receive(port.pop() as BatchHandOver);
};

beforeAll(() => {
  const base = mkdtempSync(join(tmpdir(), 'batch-zipsplit-'));
  makeBatch(`${base}/rosters/`);
  makeManifests(`${base}/`);
  dir = `${base}/rosters/`;
  manifest = ab(new Uint8Array(readFileSync(`${base}/batch-manifest.xlsx`)));
  const names = [BATCH.cardio, BATCH.nursing, BATCH.emergency, BATCH.session1, BATCH.session2, BATCH.broken];
  big = zipFile([
    ...names.map((n) => ({ name: `各科室/${n}`, data: file(n) })),
    { name: BATCH.zip, data: file(BATCH.zip) },
    { name: '说明.txt', data: new TextEncoder().encode('名单见各科室文件夹') },
  ]);
});

describe('a zip of rosters checked by both batch workers', () => {
  it('gives the table, the lists and the report of one worker, whichever worker checks which roster', () => {
    const files: [string, Uint8Array][] = [['名单.zip', big]];
    const one = alone(files);
    // Rosters of the zip, a zip inside it (refused) and a truncated roster, nothing else.
    expect(one.rows.map((r) => r.name)).toEqual([BATCH.cardio, BATCH.nursing, BATCH.emergency, BATCH.session1, BATCH.session2, BATCH.broken, BATCH.zip]);
    expect(one.rows.at(-1)?.error).toContain('压缩包中又套了压缩包');
    expect(one.outcome.sameDay.length).toBeGreaterThan(0);
    expect(one.outcome.duplicates.length).toBeGreaterThan(0);
    for (const by of [(_: number, sub: number) => (sub % 2) as 0 | 1, () => 1 as const, (_: number, sub: number) => (sub < 3 ? 1 : 0)]) {
      const two = split(files, by, lastFirst);
      expect(two.rows).toEqual(one.rows);
      expect(two.outcome).toEqual(one.outcome);
      expect(two.report).toEqual(one.report);
    }
  });

  it('keeps files and zips in the page order around a zip with no roster and a zip that cannot be read', () => {
    const broken = big.slice(0, 200);
    const empty = zipFile([{ name: '说明.txt', data: new TextEncoder().encode('没有名单') }]);
    const files: [string, Uint8Array][] = [
      [BATCH.emergency, file(BATCH.emergency)],
      ['空.zip', empty],
      ['坏.zip', broken],
      ['名单.zip', big],
      [BATCH.zip, file(BATCH.zip)],
      [BATCH.cardio, file(BATCH.cardio)],
    ];
    const one = alone(files);
    expect(one.rows.find((r) => r.file === '坏.zip')?.error).toMatch(/[\u4e00-\u9fff]/);
    // Hand-overs arriving in the order sent, and last first.
    for (const deliver of [(port: BatchHandOver[], first: BatchService) => port.forEach((h) => first.receive(h)), lastFirst]) {
      const two = split(files, (source, sub) => ((source + sub) % 2) as 0 | 1, deliver);
      expect(two.rows).toEqual(one.rows);
      expect(two.outcome).toEqual(one.outcome);
      expect(two.report).toEqual(one.report);
    }
  });

  it('opens a zipped roster the second worker checked from the zip the first keeps, as it is in the zip', () => {
    const { first, rows } = split([['名单.zip', big]], () => 1, lastFirst);
    const row = rows.find((r) => r.name === BATCH.nursing) as BatchFileRow;
    expect(row).toMatchObject({ file: `名单.zip/各科室/${BATCH.nursing}`, member: `各科室/${BATCH.nursing}`, source: 0 });
    const got = first.send({ type: 'batch-bytes', source: row.source, member: row.member });
    expect(new Uint8Array((got[0] as { bytes: ArrayBuffer }).bytes)).toEqual(file(BATCH.nursing));
  });

  it('after 取消 keeps what was checked in the zip past a roster not read, in the zip order', () => {
    const files: [string, Uint8Array][] = [['名单.zip', big]];
    // The zip's second roster (护理部) was never read; the rest were, by both workers.
    const two = split(files, (_, sub) => (sub % 2) as 0 | 1, lastFirst, (_, sub) => sub === 1);
    const names = two.rows.map((r) => r.name);
    expect(names).toEqual([BATCH.cardio, BATCH.emergency, BATCH.session1, BATCH.session2, BATCH.broken, BATCH.zip]);
    // As if the zip had been given without it.
    const without = zipFile([
      ...[BATCH.cardio, BATCH.emergency, BATCH.session1, BATCH.session2, BATCH.broken].map((n) => ({ name: `各科室/${n}`, data: file(n) })),
      { name: BATCH.zip, data: file(BATCH.zip) },
    ]);
    const one = alone([['名单.zip', without]]);
    expect(two.rows).toEqual(one.rows);
    // The zip's other file is listed with its reason, never dropped silently.
    expect(two.outcome.skipped?.map((x) => x.file)).toEqual(['名单.zip/说明.txt']);
    expect({ ...two.outcome, skipped: [] }).toEqual(one.outcome);
    expect(two.report).toEqual(one.report);
  });
});
