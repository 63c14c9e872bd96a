// The batch keeps at most a set number of issues for its report across all rosters (the page's
// batch worker): rosters past it are counted in the report's notes, not listed, in the page's order.
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { HEADER, makeRows } from '../../scripts/synth.mjs';
import type { BatchFileRow } from '../../src/lib/worker/protocol';
import { driven } from './batch-harness';

const PHONE = HEADER.indexOf('手机号码');
/** Four rosters of 60 attendees, with 0, 7, 5 and 3 phone numbers too short to be one. */
const ORDER = ['内科.xlsx', '外科.xlsx', '儿科.xlsx', '眼科.xlsx'];
const BAD = [0, 7, 5, 3];
const files = ORDER.map((_, f) => {
  const rows = makeRows(60, 40 + f) as string[][];
  for (let i = 0; i < (BAD[f] as number); i++) (rows[i * 5] as string[])[PHONE] = '1380';
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([HEADER, ...rows]), '学员名单');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
});

/** The report of the test batch read with at most `cap` issues kept: its rows by file, and its notes. */
function report(cap: number) {
  const { service, send } = driven();
  service.keepIssues = cap;
  send({ type: 'batch-start', settings: { level: 'national', hostProvince: '北京市', practical: false } });
  const rows: BatchFileRow[] = [];
  ORDER.forEach((name, source) => {
    const bytes = (files[source] as Uint8Array).slice().buffer;
    for (const r of send({ type: 'batch-check', source, file: name, bytes, keep: 'here' })) if (r.type === 'batch-rows') rows.push(...r.rows);
  });
  const file = send({ type: 'batch-report', counts: [] }).find((r) => r.type === 'file') as { bytes: ArrayBuffer };
  const wb = XLSX.read(new Uint8Array(file.bytes));
  const all = XLSX.utils.sheet_to_json<Record<string, string>>(wb.Sheets['全部问题'] as XLSX.WorkSheet);
  const listed = new Map<string, number>();
  for (const r of all) listed.set(String(r['文件']), (listed.get(String(r['文件'])) ?? 0) + 1);
  const summary = XLSX.utils.sheet_to_json<string[]>(wb.Sheets['汇总'] as XLSX.WorkSheet, { header: 1 });
  const notes = summary.map((r) => String(r[0] ?? '')).filter((t) => t.includes('未列入'));
  return { rows, listed, notes };
}

describe('issues kept across a batch', () => {
  it('lists every issue under the cap, and past it lists the first rosters’ and counts the rest in the notes', () => {
    const free = report(Number.MAX_SAFE_INTEGER);
    expect(free.notes).toEqual([]);
    const own = ORDER.map((f) => free.listed.get(f) ?? 0);
    expect(own).toEqual([0, 7, 5, 3]);
    // Room for 8: 外科's 7, one of 儿科's; 眼科's none.
    const capped = report(8);
    expect(ORDER.map((f) => capped.listed.get(f) ?? 0)).toEqual([0, 7, 1, 0]);
    expect(capped.notes.map((n) => n.replace(/（.*$/, ''))).toEqual(['儿科.xlsx：另有 4 处问题未列入“全部问题”', '眼科.xlsx：另有 3 处问题未列入“全部问题”']);
    // The note says why: the report's caps, per roster and for the whole batch.
    expect(capped.notes[0]).toContain('全部名单合计 200000 处');
    // The table's counts are the rosters' own, whatever was kept.
    expect(capped.rows.map((r) => r.summary?.errors)).toEqual(free.rows.map((r) => r.summary?.errors));
  });
});
