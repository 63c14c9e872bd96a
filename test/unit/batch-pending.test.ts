// The requests waiting for a worker's replies (ui/pending.ts), shared by the workspace's engine
// client and the batch's: replies reach their request, a final one ends it, a crash ends them all.
import { describe, expect, it } from 'vitest';
import { PendingRequests } from '../../src/lib/ui/pending';

type R = { id: number; type: 'progress'; done: number } | { id: number; type: 'file'; name: string } | { id: number; type: 'error'; kind: string; message: string };

describe('requests waiting for a worker', () => {
  it('routes each reply to its request and ends it with a final reply only', async () => {
    const p = new PendingRequests<R>(new Set(['file', 'error']));
    const a: R[] = [];
    const b: R[] = [];
    let ended = false;
    const doneA = p.add(1, (r) => a.push(r)).then(() => (ended = true));
    void p.add(2, (r) => b.push(r));
    p.route({ id: 1, type: 'progress', done: 1 });
    p.route({ id: 2, type: 'progress', done: 5 });
    await Promise.resolve();
    expect(ended).toBe(false);
    expect(p.has(1)).toBe(true);
    p.route({ id: 1, type: 'file', name: '汇总.xlsx' });
    await doneA;
    expect(a.map((r) => r.type)).toEqual(['progress', 'file']);
    expect(b).toEqual([{ id: 2, type: 'progress', done: 5 }]);
    // A reply after the end, or to no request, goes nowhere.
    p.route({ id: 1, type: 'progress', done: 2 });
    p.route({ id: 9, type: 'file', name: 'x' });
    expect(a).toHaveLength(2);
  });

  it('ends every waiting request with the error when the worker is gone', async () => {
    const p = new PendingRequests<R>(new Set(['file', 'error']));
    const seen: R[] = [];
    const all = Promise.all([p.add(1, (r) => seen.push(r)), p.add(2, (r) => seen.push(r))]);
    p.fail('crashed', '处理文件的程序意外中止');
    await all;
    expect(seen).toEqual([
      { id: 1, type: 'error', kind: 'crashed', message: '处理文件的程序意外中止' },
      { id: 2, type: 'error', kind: 'crashed', message: '处理文件的程序意外中止' },
    ]);
    expect(p.has(1) || p.has(2)).toBe(false);
  });
});
