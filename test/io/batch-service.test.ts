// The page's batch engine (issue #12) on the generated batch: what the batch table, the lists and
// the exports get, through the same messages the page sends to the batch worker.
import { correctedZipPath } from '../../src/lib/io/write';
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import * as XLSX from 'xlsx';
import { BATCH, makeBatch, makeManifests } from '../../scripts/make-batch.mjs';
import { BatchService } from '../../src/lib/worker/batch/service';
import { zipMembers } from '../../src/lib/io/zip-batch';
import type { BatchFileRow, BatchHandOver, BatchOutcome, BatchReply, BatchRequest } from '../../src/lib/worker/protocol';
import { addFile, type Send } from './batch-harness';
import { zipFile } from '../../scripts/zip.mjs';

interface Plan {
  dir: string;
  sameDay: { id: string; credits: number }[];
  alsoInEmergency: string[];
  disagree: { id: string; column: string }[];
}

let plan: Plan;
let manifestDir: string;
const buf = (path: string) => {
  const b = readFileSync(path);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
};

function run(service: BatchService, replies: BatchReply[]) {
  let id = 0;
  return (body: Record<string, unknown>): BatchReply[] => {
    const start = replies.length;
    service.handle({ ...body, id: ++id } as unknown as BatchRequest);
    return replies.slice(start);
  };
}

const ORDER = [BATCH.cardio, BATCH.nursing, BATCH.emergency, BATCH.session1, BATCH.session2, BATCH.broken, BATCH.zip];

/** The whole generated batch read as the page reads it: manifest first, then each file. */
function readBatch(withManifest: boolean) {
  const replies: BatchReply[] = [];
  const service = new BatchService((r) => replies.push(r));
  const send = run(service, replies);
  send({ type: 'batch-start', settings: { level: 'national', hostProvince: '北京市', practical: false } });
  if (withManifest) send({ type: 'batch-manifest', name: 'batch-manifest.xlsx', bytes: buf(join(manifestDir, 'batch-manifest.xlsx')) });
  const rows: BatchFileRow[] = [];
  ORDER.forEach((name, source) => {
    rows.push(...addFile(send, source, name, buf(join(plan.dir, name))));
  });
  const result = send({ type: 'batch-finish' }).find((r) => r.type === 'batch-result') as { outcome: BatchOutcome };
  return { service, send, rows, outcome: result.outcome };
}

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'batch-page-'));
  plan = makeBatch(`${dir}/rosters/`) as Plan;
  manifestDir = `${dir}/`;
  makeManifests(manifestDir);
});

describe('the page batch engine', () => {
  it('reads every roster, zipped ones too, and says in one sentence why a file cannot be read', () => {
    const { rows } = readBatch(true);
    const byName = new Map(rows.map((r) => [r.name, r]));
    expect(rows).toHaveLength(8);
    expect(byName.get(BATCH.cardio)?.summary?.attendees).toBe(60);
    expect(byName.get(BATCH.zipped)?.file).toBe(`${BATCH.zip}/${BATCH.zipped}`);
    expect(byName.get(BATCH.zipped)?.member).toBe(BATCH.zipped);
    expect(byName.get(BATCH.broken)?.summary).toBeNull();
    expect(byName.get(BATCH.broken)?.error).toMatch(/[\u4e00-\u9fff]/);
    expect(byName.get(BATCH.nested)?.error).toContain('压缩包中又套了压缩包');
    // The manifest gives each roster its project.
    expect(byName.get(BATCH.cardio)).toMatchObject({ project: '高血压诊疗新进展', inManifest: true, settings: { start: '2026-03-10', end: '2026-03-11', credits: 4 } });
    expect(byName.get(BATCH.emergency)).toMatchObject({ project: '', inManifest: false });
  });

  it('finds the same-day credits and the cross-file duplicates, naming files and rows', () => {
    const { outcome } = readBatch(true);
    const over = outcome.sameDay.filter((s) => s.date === '2026-03-11');
    expect(new Set(over.map((s) => s.id))).toEqual(new Set(plan.sameDay.map((s) => s.id)));
    const four = over.filter((s) => s.credits === 4);
    expect(four).toHaveLength(2);
    expect(four[0]?.files).toEqual([BATCH.cardio, BATCH.nursing, `${BATCH.zip}/${BATCH.zipped}`]);
    expect(four[0]?.occurrences[0]).toEqual({ file: BATCH.cardio, row: BATCH.firstRow });
    // The 5 people also in 急诊科 are duplicates, never same-day errors (another day, no project).
    for (const id of plan.alsoInEmergency) {
      expect(outcome.duplicates.find((d) => d.id === id)?.occurrences.map((o) => o.file)).toEqual([BATCH.cardio, BATCH.emergency]);
      expect(outcome.sameDay.some((s) => s.id === id)).toBe(false);
    }
    expect(Object.fromEntries(outcome.daily)[BATCH.cardio]).toBe(10);
    // The manifest's mismatches: a row naming no file, a file it has no row for.
    expect(outcome.manifest).toContain(`项目清单第 8 行的“${BATCH.missing}”没有找到对应的名单文件`);
    expect(outcome.manifest).toContain(`${BATCH.emergency}：项目清单中没有这个文件`);
  });

  it('without a manifest finds duplicates but no same-day credits (no dates known)', () => {
    const { outcome } = readBatch(false);
    expect(outcome.sameDay).toEqual([]);
    expect(outcome.duplicates.length).toBeGreaterThanOrEqual(10);
    expect(outcome.manifest).toEqual([]);
  });

  it('writes the batch report with the same-day errors counted in each file', () => {
    const { send } = readBatch(true);
    const file = send({ type: 'batch-report', counts: [] }).find((r) => r.type === 'file') as { name: string; bytes: ArrayBuffer };
    expect(file.name).toBe('批量校验汇总.xlsx');
    const wb = XLSX.read(new Uint8Array(file.bytes));
    expect(wb.SheetNames).toEqual(['汇总', '跨文件重复', '全部问题']);
    const summary = XLSX.utils.sheet_to_json<Record<string, string | number>>(wb.Sheets['汇总'] as XLSX.WorkSheet);
    const broken = summary.find((r) => r['文件'] === BATCH.broken);
    expect(broken?.['结论']).toBe('无法读取');
    expect(summary.find((r) => r['文件'] === BATCH.cardio)?.['结论']).toBe('需修改');
    const all = XLSX.utils.sheet_to_json<Record<string, string>>(wb.Sheets['全部问题'] as XLSX.WorkSheet);
    expect(all.filter((r) => r['文件'] === BATCH.cardio && String(r['问题']).includes('超过每人每天 2 学分'))).toHaveLength(10);
  });

  it('keeps the folders of the input in the zip, a zip\'s name becoming a folder, every name made safe', () => {
    expect(correctedZipPath('内科/学员通讯录.xlsx', '学员通讯录-已校正.xlsx')).toBe('内科/学员通讯录-已校正.xlsx');
    expect(correctedZipPath('外科/学员通讯录.xlsx', '学员通讯录-已校正.xlsx')).toBe('外科/学员通讯录-已校正.xlsx');
    expect(correctedZipPath('各科室名单.zip/眼科/名单.xls', '名单-已校正.xls')).toBe('各科室名单/眼科/名单-已校正.xls');
    expect(correctedZipPath('名单.xlsx', '名单-已校正.xlsx')).toBe('名单-已校正.xlsx');
    expect(correctedZipPath('../a:b/./c\\d.xlsx', 'd-已校正.xlsx')).toBe('a_b/c/d-已校正.xlsx');
  });

  it('zips every corrected file, zipped rosters read again from their zip, names ending -已校正', () => {
    const { send, rows } = readBatch(true);
    for (const r of rows.filter((x) => x.summary)) {
      const where = r.member !== undefined ? { source: r.source, member: r.member } : { bytes: buf(join(plan.dir, r.name)) };
      const edits = r.name === BATCH.cardio ? [{ r: BATCH.firstRow - 1, c: 1, value: '改过的名字' }] : [];
      // A row deleted in the workspace (the second data row of the cardiology roster).
      const deleted = r.name === BATCH.cardio ? [BATCH.firstRow] : [];
      expect(send({ type: 'batch-fix', file: r.file, name: r.name, project: r.settings, edits, declined: [], deleted, ...where })).toEqual([expect.objectContaining({ type: 'batch-ok' })]);
    }
    const file = send({ type: 'batch-fix-zip' }).find((r) => r.type === 'file') as { name: string; bytes: ArrayBuffer };
    const entries = unzipSync(new Uint8Array(file.bytes));
    expect(Object.keys(entries).sort()).toEqual(
      ['心内科-高血压新进展-已校正.xlsx', '护理部-静脉治疗护理-已校正.xlsx', '急诊科-创伤救治-已校正.csv', '影像科-影像诊断-第1期-已校正.xlsx', '影像科-影像诊断-第2期-已校正.xlsx', '麻醉科/麻醉科-疼痛管理-已校正.xlsx'].sort(),
    );
    // The edit made in the workspace is in the corrected file, and the deleted row is not.
    const wb = XLSX.read(entries['心内科-高血压新进展-已校正.xlsx'] as Uint8Array);
    const ws = wb.Sheets[wb.SheetNames[0] as string] as XLSX.WorkSheet;
    expect(ws[XLSX.utils.encode_cell({ r: BATCH.firstRow - 1, c: 1 })]?.v).toBe('改过的名字');
    const original = XLSX.read(readFileSync(join(plan.dir, BATCH.cardio)));
    const before = XLSX.utils.sheet_to_json<string[]>(original.Sheets[original.SheetNames[0] as string] as XLSX.WorkSheet, { header: 1, raw: false });
    const after = XLSX.utils.sheet_to_json<string[]>(ws, { header: 1, raw: false });
    expect(after).toHaveLength(before.length - 1);
    // The row below the deleted one moved up into its place.
    expect(after[BATCH.firstRow]).toEqual(before[BATCH.firstRow + 1]);
  });

  it('merges the session rosters and lists the rows that disagree', () => {
    const { send, rows } = readBatch(true);
    for (const name of [BATCH.session1, BATCH.session2]) {
      const r = rows.find((x) => x.name === name) as BatchFileRow;
      send({ type: 'batch-merge', file: r.file, project: r.settings, bytes: buf(join(plan.dir, name)) });
    }
    const out = send({ type: 'batch-merge-done' });
    const merged = out.find((r) => r.type === 'batch-merged') as Extract<BatchReply, { type: 'batch-merged' }>;
    expect(merged).toMatchObject({ rosters: 2, rows: 120, people: 90 });
    expect(merged.disagreements.map((d) => [d.id, d.column]).sort()).toEqual(plan.disagree.map((d) => [d.id, d.column]).sort());
    expect(out.find((r) => r.type === 'file')).toMatchObject({ name: '合并名单.xlsx' });
  });

  it('gives the same lists when a second worker checks half the rosters and the first keeps them all', () => {
    const one = readBatch(true).outcome;
    const replies: BatchReply[][] = [[], []];
    const first = new BatchService((r) => replies[0]?.push(r));
    const second = new BatchService((r) => replies[1]?.push(r));
    const send = [run(first, replies[0] as BatchReply[]), run(second, replies[1] as BatchReply[])];
    for (const s of send) {
      s({ type: 'batch-start', settings: { level: 'national', hostProvince: '北京市', practical: false } });
      s({ type: 'batch-manifest', name: 'batch-manifest.xlsx', bytes: buf(join(manifestDir, 'batch-manifest.xlsx')) });
    }
    // The second hands what it checked to the first, which keeps every roster.
    second.forward = (h) => first.receive(h);
    ORDER.forEach((name, source) => {
      // Zips only to the first worker (it keeps them for the exports).
      if (name.endsWith('.zip') || source % 2 === 0) addFile(send[0] as Send, source, name, buf(join(plan.dir, name)));
      else expect((send[1] as Send)({ type: 'batch-check', source, file: name, bytes: buf(join(plan.dir, name)), keep: 'peer' })).toEqual([expect.objectContaining({ type: 'batch-rows' })]);
    });
    const two = ((send[0] as (b: Record<string, unknown>) => BatchReply[])({ type: 'batch-finish' }).find((r) => r.type === 'batch-result') as { outcome: BatchOutcome }).outcome;
    expect(two).toEqual(one);
    expect(two.sameDay.length).toBe(10);
  });

  it('gives the same lists when the second worker hands its rosters to the first itself, late and out of order', () => {
    const one = readBatch(true);
    const replies: BatchReply[][] = [[], []];
    const first = new BatchService((r) => replies[0]?.push(r));
    const second = new BatchService((r) => replies[1]?.push(r));
    // The port between the workers: held back, then delivered last first.
    const inTransit: BatchHandOver[] = [];
    second.forward = (h) => inTransit.push(h);
    const send = [run(first, replies[0] as BatchReply[]), run(second, replies[1] as BatchReply[])] as ((b: Record<string, unknown>) => BatchReply[])[];
    for (const s of send) {
      s({ type: 'batch-start', settings: { level: 'national', hostProvince: '北京市', practical: false } });
      s({ type: 'batch-manifest', name: 'batch-manifest.xlsx', bytes: buf(join(manifestDir, 'batch-manifest.xlsx')) });
    }
    const rows: BatchFileRow[] = [];
    ORDER.forEach((name, source) => {
      // A zip is opened by the first worker, which keeps it.
      if (name.endsWith('.zip')) return void rows.push(...addFile(send[0] as Send, source, name, buf(join(plan.dir, name))));
      const by = source % 2;
      const got = (send[by] as (b: Record<string, unknown>) => BatchReply[])({ type: 'batch-check', source, file: name, bytes: buf(join(plan.dir, name)), keep: by === 0 ? 'here' : 'peer' });
      expect(got.map((r) => r.type)).toEqual(['batch-rows']);
      rows.push(...(got[0] as { rows: BatchFileRow[] }).rows);
    });
    // The table gets the same rows as when each file went through the page.
    expect(rows).toEqual(one.rows);
    // The first worker answers the page's gather only once everything the second checked is there.
    expect((send[0] as (b: Record<string, unknown>) => BatchReply[])({ type: 'batch-gather', sources: ORDER.map((_, i) => i) })).toEqual([]);
    expect(inTransit.length).toBe(3);
    const waiting = replies[0]?.length;
    while (inTransit.length > 1) first.receive(inTransit.pop() as BatchHandOver);
    expect(replies[0]?.length).toBe(waiting);
    first.receive(inTransit.pop() as BatchHandOver);
    expect(replies[0]?.slice(waiting)).toEqual([expect.objectContaining({ type: 'batch-ok' })]);
    const two = ((send[0] as (b: Record<string, unknown>) => BatchReply[])({ type: 'batch-finish' }).find((r) => r.type === 'batch-result') as { outcome: BatchOutcome }).outcome;
    expect(two).toEqual(one.outcome);
    expect(two.sameDay.length).toBe(10);
  });

  it('sends long lists in parts that add up to the same lists', () => {
    const { service, send, outcome } = readBatch(true);
    service.listPart = 4;
    const got = send({ type: 'batch-finish' });
    const parts = got.filter((r) => r.type === 'batch-part') as Extract<BatchReply, { type: 'batch-part' }>[];
    const result = (got.at(-1) as Extract<BatchReply, { type: 'batch-result' }>).outcome;
    expect(parts.length).toBe(Math.ceil(outcome.duplicates.length / 4) - 1);
    expect(result.sameDay.concat(...parts.map((p) => p.sameDay))).toEqual(outcome.sameDay);
    expect(result.duplicates.concat(...parts.map((p) => p.duplicates))).toEqual(outcome.duplicates);
  });

  it('after 取消 keeps what was checked past a file not read', () => {
    const replies: BatchReply[] = [];
    const first = new BatchService((r) => replies.push(r));
    const send = run(first, replies);
    send({ type: 'batch-start', settings: { level: 'national', hostProvince: '北京市', practical: false } });
    // Files 0 and 2 were read, file 1 never was (取消 came first).
    send({ type: 'batch-check', source: 2, file: BATCH.emergency, bytes: buf(join(plan.dir, BATCH.emergency)), keep: 'here' });
    send({ type: 'batch-check', source: 0, file: BATCH.cardio, bytes: buf(join(plan.dir, BATCH.cardio)), keep: 'here' });
    expect(send({ type: 'batch-gather', sources: [2, 0] }).map((r) => r.type)).toEqual(['batch-ok']);
    const report = send({ type: 'batch-report', counts: [] }).find((r) => r.type === 'file') as { bytes: ArrayBuffer };
    const wb = XLSX.read(new Uint8Array(report.bytes));
    const files = XLSX.utils.sheet_to_json<string[]>(wb.Sheets[wb.SheetNames[0] as string] as XLSX.WorkSheet, { header: 1 }).flat().filter((v) => v === BATCH.cardio || v === BATCH.emergency);
    expect(files.sort()).toEqual([BATCH.cardio, BATCH.emergency].sort());
  });

  it('refuses a zip inside the zip and reads the roster beside it', () => {
    const inner = zipFile([{ name: 'x.csv', data: new TextEncoder().encode('a,b\n1,2\n') }]);
    const outer = zipFile([
      { name: '内层.zip', data: inner },
      { name: BATCH.emergency, data: readFileSync(join(plan.dir, BATCH.emergency)) },
    ]);
    const members = zipMembers(outer);
    expect(members.map((m) => m.name)).toEqual(['内层.zip', BATCH.emergency]);
    expect(members[1]?.read()).toBeInstanceOf(Uint8Array);
    // A damaged entry is a sentence, not an exception.
    const damaged = outer.slice();
    damaged[40] = (damaged[40] as number) ^ 0xff;
    const got = zipMembers(damaged)[0]?.read();
    expect(got).not.toBeInstanceOf(Uint8Array);
  });
});
