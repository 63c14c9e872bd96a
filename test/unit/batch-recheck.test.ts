// The page's batch worker (issue #12) checking a roster again: with project settings entered for it
// in the table (over its manifest row), and with the user's work from the workspace, so that its
// row, the lists across rosters and the batch report follow.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { BatchAccumulator } from '../../src/lib/core/batch';
import { BatchService } from '../../src/lib/worker/batch/service';
import type { BatchFileRow, BatchOutcome, BatchReply, BatchRequest, ManualProject } from '../../src/lib/worker/protocol';
import { BATCH, makeBatch, makeManifests } from '../../scripts/make-batch.mjs';
import { HEADER, makeRows } from '../../scripts/synth.mjs';

type Body = BatchRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** A batch worker driven as the page drives it; each request's replies, in order. */
function worker() {
  const replies: BatchReply[] = [];
  const service = new BatchService((r) => replies.push(r));
  let id = 0;
  const ask = (body: Body): BatchReply[] => {
    const from = replies.length;
    service.handle({ ...body, id: ++id } as BatchRequest);
    return replies.slice(from);
  };
  const last = <T extends BatchReply['type']>(got: BatchReply[], type: T) => {
    const r = got.filter((x) => x.type === type).pop();
    if (!r) throw new Error(`no ${type} in ${JSON.stringify(got.map((x) => (x.type === 'error' ? x.message : x.type)))}`);
    return r as Extract<BatchReply, { type: T }>;
  };
  return {
    service,
    ask,
    check(source: number, file: string, bytes: Uint8Array): BatchFileRow {
      const copy = bytes.slice().buffer as ArrayBuffer;
      return last(ask({ type: 'batch-check', source, file, bytes: copy, keep: 'here' }), 'batch-rows').rows[0] as BatchFileRow;
    },
    outcome(): BatchOutcome {
      const got = ask({ type: 'batch-finish' });
      const o = last(got, 'batch-result').outcome;
      for (const p of got) if (p.type === 'batch-part') o.sameDay.push(...p.sameDay);
      return o;
    },
    recheck(file: string, bytes: Uint8Array, manual: ManualProject | null, work = { edits: [], declined: [], deleted: [] as number[] }): BatchFileRow {
      return last(ask({ type: 'batch-recheck', file, manual, ...work, bytes: bytes.slice().buffer as ArrayBuffer }), 'batch-rows').rows[0] as BatchFileRow;
    },
    /** The batch report, read back: 汇总 rows by file, 全部问题 rows. */
    report() {
      const f = last(ask({ type: 'batch-report', counts: [] }), 'file');
      const wb = XLSX.read(new Uint8Array(f.bytes), { type: 'array' });
      const sheet = (n: string) => XLSX.utils.sheet_to_json<Record<string, string | number>>(wb.Sheets[n] as XLSX.WorkSheet, { defval: '' });
      const summary = sheet('汇总');
      return { summary: new Map(summary.filter((r) => r['文件']).map((r) => [String(r['文件']), r])), lines: summary.map((r) => String(r['文件'])), issues: sheet('全部问题') };
    },
  };
}

let dir = '';
const bytesOf = (name: string) => new Uint8Array(readFileSync(`${dir}/rosters/${name}`));
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'batch-recheck-'));
  makeBatch(`${dir}/rosters/`);
  makeManifests(`${dir}/`);
});

/** 60 synthetic attendees, the name of the second left blank (a required cell: one error). */
function rosterWithBlankName(): { bytes: Uint8Array; row: number; name: string } {
  const rows = makeRows(60, 41).map((r: string[], i: number) => [String(i + 1), ...r.slice(1)]);
  const second = rows[1] as string[];
  const name = second[1] as string;
  second[1] = '';
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([HEADER, ...rows]), '学员名单');
  // Sheet row 2 (0-based; header at 0): Excel row 3.
  return { bytes: new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' })), row: 2, name };
}

describe('a roster checked again in the batch', () => {
  it('with its fixes from the workspace: the report lists its issues as they are now and says to upload the export', () => {
    const w = worker();
    w.ask({ type: 'batch-start', settings: { level: 'national', hostProvince: '北京市', practical: false } });
    const blank = rosterWithBlankName();
    const first = w.check(0, '眼科.xlsx', blank.bytes);
    expect(first.summary?.errors).toBe(1);
    w.check(1, BATCH.emergency, bytesOf(BATCH.emergency));
    w.outcome();
    const before = w.report();
    expect(before.summary.get('眼科.xlsx')?.['结论']).toBe('需修改');
    expect(before.issues.filter((i) => i['文件'] === '眼科.xlsx' && i['级别'] === '错误')).toHaveLength(1);

    // The user types the name in the workspace and comes back: the roster is checked again with that edit.
    const now = w.recheck('眼科.xlsx', blank.bytes, null, { edits: [{ r: blank.row, c: 1, value: blank.name }] as never[], declined: [], deleted: [] });
    expect(now.summary?.errors).toBe(0);
    const after = w.report();
    // Edited: the original still lacks the name, so the file to upload is the exported one.
    expect(after.summary.get('眼科.xlsx')?.['结论']).toBe('导出后可以上传');
    expect(after.summary.get('眼科.xlsx')?.['说明']).toBe('请上传导出的『眼科-已校正.xlsx』，不是原文件');
    expect(after.summary.get('眼科.xlsx')?.['错误']).toBe(0);
    expect(after.issues.filter((i) => i['文件'] === '眼科.xlsx' && i['级别'] === '错误')).toEqual([]);
    // The other roster is as it was.
    // A CSV without errors is never to be uploaded as it is.
    expect(after.summary.get(BATCH.emergency)?.['结论']).toBe('导出后可以上传');
    expect(after.summary.get(BATCH.emergency)?.['说明']).toBe('内容无误：请导出为 Excel 文件或复制到官方模板后上传');
  });

  it('with a deleted row: the person leaves the lists across rosters', () => {
    const w = worker();
    w.ask({ type: 'batch-start', settings: { level: 'national', hostProvince: '北京市', practical: false } });
    w.check(0, BATCH.cardio, bytesOf(BATCH.cardio));
    w.check(1, BATCH.emergency, bytesOf(BATCH.emergency));
    expect(w.outcome().duplicates).toHaveLength(5);
    // The first of the five shared people is the CSV's first attendee (sheet row 1).
    w.recheck(BATCH.emergency, bytesOf(BATCH.emergency), null, { edits: [], declined: [], deleted: [1] });
    expect(w.outcome().duplicates).toHaveLength(4);
  });

  it('names its roster errors in the table even when the report keeps no more issues', () => {
    const w = worker();
    w.service.keepIssues = 0;
    w.ask({ type: 'batch-start', settings: { level: 'national', hostProvince: '北京市', practical: false } });
    w.check(0, BATCH.emergency, bytesOf(BATCH.emergency));
    const twelve = w.recheck(BATCH.emergency, bytesOf(BATCH.emergency), { project: { credits: 12 } });
    expect(twelve.rosterErrors?.join()).toContain('超过每个项目的上限 10 学分');
    expect(w.report().issues).toEqual([]);
  });

  it('with project settings entered for it: project errors, same-day credits, and over the manifest', () => {
    const w = worker();
    w.ask({ type: 'batch-start', settings: { level: 'national', hostProvince: '北京市', practical: false } });
    w.ask({ type: 'batch-manifest', name: 'batch-manifest.xlsx', bytes: new Uint8Array(readFileSync(`${dir}/batch-manifest.xlsx`)).buffer as ArrayBuffer });
    const rows = [BATCH.cardio, BATCH.nursing, BATCH.emergency].map((f, i) => w.check(i, f, bytesOf(f)));
    expect(rows.map((r) => r.origin ?? 'default')).toEqual(['manifest', 'manifest', 'default']);
    expect(w.outcome().sameDay).toHaveLength(10);

    // 12 credits: over the 10-credit limit, an error about the project.
    const twelve = w.recheck(BATCH.emergency, bytesOf(BATCH.emergency), { project: { credits: 12 } });
    expect(twelve).toMatchObject({ origin: 'manual', settings: { credits: 12 } });
    expect(twelve.summary?.errors).toBeGreaterThan(0);
    expect(twelve.rosterErrors?.join()).toContain('超过每个项目的上限 10 学分');
    const report = w.report();
    expect(report.issues.some((i) => i['文件'] === BATCH.emergency && String(i['问题']).includes('超过每个项目的上限'))).toBe(true);
    // The office can see which settings were typed on the page.
    expect(report.lines).toContain(`有 1 个名单的项目设置是在页面上逐个填写的（优先于项目清单）：${BATCH.emergency}`);

    // On 2026-03-11 with 1 credit, beside 心内科's 2 that day: its 5 shared people exceed 2 credits.
    const day = w.recheck(BATCH.emergency, bytesOf(BATCH.emergency), { project: { start: '2026-03-11', end: '2026-03-11', hours: 3, credits: 1 }, name: '创伤救治培训' });
    expect(day.project).toBe('创伤救治培训');
    const o = w.outcome();
    expect(o.sameDay).toHaveLength(15);
    expect(o.daily).toContainEqual([BATCH.emergency, 5]);
    expect(o.sameDay.find((s) => s.files.includes(BATCH.emergency))?.credits).toBe(3);

    // 心内科 moved to another day by hand, over its manifest row: nobody has more than 2 credits a day.
    const moved = w.recheck(BATCH.cardio, bytesOf(BATCH.cardio), { project: { start: '2026-04-01', end: '2026-04-01', hours: 6, credits: 2 } });
    expect(moved).toMatchObject({ origin: 'manual', project: '高血压诊疗新进展' });
    expect(w.outcome().sameDay).toHaveLength(0);
    // Back to the manifest's row.
    const back = w.recheck(BATCH.cardio, bytesOf(BATCH.cardio), null);
    expect(back).toMatchObject({ origin: 'manifest', settings: { start: '2026-03-10', end: '2026-03-11', credits: 4 } });
    expect(w.outcome().sameDay).toHaveLength(15);
  });
});

describe('BatchAccumulator.remove', () => {
  it('takes a roster out of every finding, and it can come back with other settings', () => {
    const b = new BatchAccumulator();
    const p = (key: string, row: number) => ({ key, name: '张三', row });
    b.add('a.xlsx', [p('A', 3), p('B', 4)], { start: '2026-03-10', end: '2026-03-10', credits: 2 });
    b.add('b.xlsx', [p('A', 5)], { start: '2026-03-10', end: '2026-03-10', credits: 1 });
    expect(b.result()).toMatchObject({ files: 2, people: 2 });
    expect(b.result().sameDay).toHaveLength(1);
    b.remove('b.xlsx');
    expect(b.result()).toMatchObject({ files: 1, people: 2, duplicates: [], sameDay: [] });
    expect(b.issuesOf('a.xlsx')).toEqual([]);
    b.add('b.xlsx', [p('A', 5)], { start: '2026-03-11', end: '2026-03-11', credits: 1 });
    expect(b.result().duplicates).toHaveLength(1);
    expect(b.result().sameDay).toEqual([]);
    b.remove('a.xlsx');
    expect(b.result()).toMatchObject({ files: 1, people: 1, duplicates: [] });
  });
});

describe('BatchAccumulator.remove, any order', () => {
  // Rosters added, taken out and added back in any order find what a batch built afresh from the
  // rosters left finds: duplicates (names too), same-day credits, people and files. A roster added
  // back takes its own place again, so the lists keep the page's order.
  const sorted = (b: BatchAccumulator) => {
    const r = b.result();
    const byId = <T extends { id: string }>(xs: readonly T[]) => [...xs].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    return { files: r.files, people: r.people, duplicates: byId(r.duplicates), sameDay: byId(r.sameDay) };
  };
  it('matches a fresh batch after random removals and re-adds', () => {
    // mulberry32: every bit random (a plain LCG's low bits repeat, and `% 2` would alternate).
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    for (let round = 0; round < 60; round++) {
      const rosters = Array.from({ length: 5 }, (_, f) => ({
        file: `r${f}.xlsx`,
        people: Array.from({ length: 1 + rand(6) }, (_, i) => ({ key: `ID${rand(8)}`, name: `人${rand(3)}`, row: 3 + i })),
        project: { start: '2026-03-10', end: '2026-03-10', credits: 1 + rand(2) },
      }));
      const b = new BatchAccumulator();
      const present = new Set(rosters.map((r) => r.file));
      for (const r of rosters) b.add(r.file, r.people, r.project);
      for (let step = 0; step < 4; step++) {
        const left = [...present];
        const file = left[rand(left.length)] as string;
        b.remove(file);
        present.delete(file);
        const r = rosters.find((x) => x.file === file)!;
        // Back as it is now: its people's names may have been corrected meanwhile.
        if (rand(2)) r.people = r.people.map((p) => ({ ...p, name: `人${rand(3)}` }));
        if (rand(2)) {
          b.add(r.file, r.people, r.project);
          present.add(file);
        }
      }
      const order = rosters.map((r) => r.file).filter((f) => present.has(f));
      const fresh = new BatchAccumulator();
      for (const f of order) {
        const r = rosters.find((x) => x.file === f)!;
        fresh.add(r.file, r.people, r.project);
      }
      expect(sorted(b)).toEqual(sorted(fresh));
      for (const f of order) expect(b.issuesOf(f)).toEqual(fresh.issuesOf(f));
    }
  });
});
