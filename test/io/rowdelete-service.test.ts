// Row deletion through the page's engine: the reply carries every row whose issues changed, a
// reload with the deletions gives the same result, and the corrected CSV leaves the row out.
import { describe, expect, it } from 'vitest';
import { builtinProfile, type Settings } from '../../src/lib/core/index';
import { checkFile } from '../../src/lib/io/pipeline';
import { EngineService } from '../../src/lib/worker/service';
import type { PageSettings, Reply } from '../../src/lib/worker/protocol';
import { decodeIssues, type IssueBlock } from '../../src/lib/core/issue-codec';
import type { Issue } from '../../src/lib/core/types';
import { HEADER, row } from '../unit/helpers';

const page: PageSettings = { level: 'national', hostProvince: '北京市', practical: false };
const settings: Settings = { hostProvince: '北京市', practical: false, today: new Date().toISOString().slice(0, 10) };

function csv(rows: string[][]): ArrayBuffer {
  const b = new TextEncoder().encode([HEADER, ...rows].map((r) => r.join(',')).join('\r\n'));
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

// Excel rows 2 and 4 share an ID (a duplicate pair); rows 5 and 6 share another.
const ROWS = [
  row(),
  row({ 姓名: '李四', 证件号码: '11010119900307002X', 性别: '女' }),
  row({ 姓名: '张三丰' }),
  row({ 姓名: '王五', 证件号码: '110101199003070038' }),
  row({ 姓名: '赵六', 证件号码: '110101199003070038' }),
];

function engine() {
  const replies: Reply[] = [];
  return { service: new EngineService((r) => replies.push(r)), replies };
}

/** A reply's issues by 0-based sheet row; each of `rows` (the rows it replaces) present, [] when cleared. */
function byRow(block: IssueBlock, rows: readonly number[] = []): Map<number, Issue[]> {
  const out = new Map<number, Issue[]>(rows.map((r) => [r, []]));
  for (const i of decodeIssues(block)) {
    const r = (i.row as number) - 1;
    out.set(r, [...(out.get(r) ?? []), i]);
  }
  return out;
}
const issuesOf = (replies: Reply[]) => new Map(replies.flatMap((r) => (r.type === 'issues' ? [...byRow(r.block)] : [])));

describe('deleting a row in the page\'s engine', () => {
  it('answers with the rows whose issues changed, numbered as exported, and the new summary', async () => {
    const { service, replies } = engine();
    await service.handle({ id: 1, type: 'load', name: 'r.csv', bytes: csv(ROWS), settings: page, edits: [] });
    const loaded = issuesOf(replies);
    expect([...loaded.keys()].sort()).toEqual([1, 3, 4, 5]);
    await service.handle({ id: 2, type: 'delete', r: 3, deleted: true });
    const reply = replies.find((r) => r.type === 'deleted');
    if (reply?.type !== 'deleted') throw new Error('no reply');
    const rows = byRow(reply.block, reply.rows);
    // The deleted row and its former duplicate have no issues; the pair below is renumbered (Excel 5, 6 → 4, 5).
    expect(rows.get(3)).toEqual([]);
    expect(rows.get(1)).toEqual([]);
    expect(rows.get(4)?.map((i) => i.message)).toEqual(['证件号码与第 5 行重复：同一学员只能出现一次']);
    expect(reply.snapshot.summary).toMatchObject({ rows: 4, attendees: 3 });

    // Undo: the row comes back with its duplicate.
    await service.handle({ id: 3, type: 'delete', r: 3, deleted: false });
    const back = replies.filter((r) => r.type === 'deleted').at(-1);
    if (back?.type !== 'deleted') throw new Error('no reply');
    expect(byRow(back.block, back.rows).get(1)?.map((i) => i.rule)).toEqual(['id.duplicate']);
    expect(back.snapshot.summary).toMatchObject({ rows: 5, attendees: 3 });
  });

  it('gives after a reload with the deletions what it gave before, and says which rows are deleted', async () => {
    const a = engine();
    await a.service.handle({ id: 1, type: 'load', name: 'r.csv', bytes: csv(ROWS), settings: page, edits: [] });
    await a.service.handle({ id: 2, type: 'delete', r: 3, deleted: true });
    const live = a.replies.find((r) => r.type === 'deleted');
    const b = engine();
    await b.service.handle({ id: 1, type: 'load', name: 'r.csv', bytes: csv(ROWS), settings: page, edits: [], deleted: [3, 0, 99] });
    const meta = b.replies.find((r) => r.type === 'meta');
    expect(meta?.type === 'meta' && meta.meta.deleted).toEqual([3]);
    const done = b.replies.find((r) => r.type === 'done');
    expect(done?.type === 'done' && live?.type === 'deleted' && done.snapshot).toEqual(live?.type === 'deleted' && live.snapshot);
    expect(issuesOf(b.replies).has(3)).toBe(false);
  });

  it('counts people by province as a fresh load does, whichever row of a pair goes', async () => {
    // 张三 (row 1) is the person of the pair 1/3; 张三丰 (row 3) is then the person, of another province.
    const rows = ROWS.map((r, i) => (i === 2 ? r.map((v, c) => (c === 6 ? '河北省' : v)) : r));
    for (const r of [1, 3, 4]) {
      const a = engine();
      await a.service.handle({ id: 1, type: 'load', name: 'r.csv', bytes: csv(rows), settings: page, edits: [] });
      await a.service.handle({ id: 2, type: 'delete', r, deleted: true });
      const live = a.replies.find((x) => x.type === 'deleted');
      const b = engine();
      await b.service.handle({ id: 1, type: 'load', name: 'r.csv', bytes: csv(rows), settings: page, edits: [], deleted: [r] });
      const done = b.replies.find((x) => x.type === 'done');
      expect(live?.type === 'deleted' && live.snapshot.provinces).toEqual(done?.type === 'done' && done.snapshot.provinces);
      await a.service.handle({ id: 3, type: 'delete', r, deleted: false });
      const back = a.replies.filter((x) => x.type === 'deleted').at(-1);
      const first = a.replies.find((x) => x.type === 'done');
      expect(back?.type === 'deleted' && back.snapshot.provinces).toEqual(first?.type === 'done' && first.snapshot.provinces);
    }
  });

  it('exports the CSV without the row, and the file re-checked gives the verdict the page showed', async () => {
    const { service, replies } = engine();
    await service.handle({ id: 1, type: 'load', name: 'r.csv', bytes: csv(ROWS), settings: page, edits: [] });
    await service.handle({ id: 2, type: 'delete', r: 3, deleted: true });
    await service.handle({ id: 3, type: 'delete', r: 5, deleted: true });
    const last = replies.filter((r) => r.type === 'deleted').at(-1);
    await service.handle({ id: 4, type: 'export' });
    const file = replies.find((r) => r.type === 'file');
    if (file?.type !== 'file' || last?.type !== 'deleted') throw new Error('no file');
    const text = new TextDecoder().decode(file.bytes).replace(/^\ufeff/, '');
    const names = text.split('\r\n').slice(1).map((l) => l.split(',')[1]);
    expect(names).toEqual(['张三', '李四', '王五']);
    const again = checkFile(new Uint8Array(file.bytes), builtinProfile('national'), settings);
    expect(again.roster.summary().afterFixes).toEqual(last.snapshot.summary.afterFixes);
    expect(again.roster.summary().errors).toBe(0);
  });

  it('keeps the deletions when the settings change (the roster is checked again)', async () => {
    const { service, replies } = engine();
    await service.handle({ id: 1, type: 'load', name: 'r.csv', bytes: csv(ROWS), settings: page, edits: [] });
    await service.handle({ id: 2, type: 'delete', r: 3, deleted: true });
    await service.handle({ id: 3, type: 'settings', settings: { ...page, hostProvince: '河北省' } });
    const meta = replies.filter((r) => r.type === 'meta').at(-1);
    expect(meta?.type === 'meta' && meta.meta.deleted).toEqual([3]);
    const done = replies.filter((r) => r.type === 'done').at(-1);
    expect(done?.type === 'done' && done.snapshot.summary.rows).toBe(4);
  });
});
