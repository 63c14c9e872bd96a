// A batch worker's service driven as the page drives it, for the tests: each request gets the next
// id, and `send` returns the replies it caused, in order.
import { BatchService } from '../../src/lib/worker/batch/service';
import type { BatchFileRow, BatchMember, BatchOutcome, BatchReply, BatchRequest } from '../../src/lib/worker/protocol';

export type Send = (body: Record<string, unknown>) => BatchReply[];

export function driven(): { service: BatchService; send: Send; replies: BatchReply[] } {
  const replies: BatchReply[] = [];
  const service = new BatchService((r) => replies.push(r));
  let id = 0;
  const send: Send = (body) => {
    const start = replies.length;
    service.handle({ ...body, id: ++id } as unknown as BatchRequest);
    return replies.slice(start);
  };
  return { service, send, replies };
}

/**
 * A file given to the batch as the page gives it: a zip opened by the keeper and each of its
 * rosters checked from it, any other file checked; each kept by the service that checks it.
 */
export function addFile(send: Send, source: number, file: string, bytes: ArrayBuffer): BatchFileRow[] {
  const rowsOf = (r: BatchReply[]) => (r.find((x) => x.type === 'batch-rows') as { rows: BatchFileRow[] } | undefined)?.rows ?? [];
  if (!/\.zip$/i.test(file)) return rowsOf(send({ type: 'batch-check', source, file, bytes, keep: 'here' }));
  const opened = send({ type: 'batch-open', source, file, bytes });
  const members = (opened.find((x) => x.type === 'batch-members') as { members: BatchMember[] } | undefined)?.members;
  if (!members) return rowsOf(opened);
  return members.flatMap((m, sub) => rowsOf(send({ type: 'batch-check', source, sub, member: m.member, file, bytes: new ArrayBuffer(0), keep: 'here', ...(m.refused !== undefined ? { refused: m.refused } : {}) })));
}

/**
 * A batch read as the page reads it (ui/batch.svelte.ts): zips opened first, then the manifest
 * matched against every roster's path, then each roster checked and kept, then the lists.
 */
export function pageBatch(files: [string, Uint8Array][], settings: Record<string, unknown>, manifest?: Uint8Array): { rows: BatchFileRow[]; outcome: BatchOutcome } {
  const { service, send } = driven();
  const ab = (b: Uint8Array) => b.slice().buffer as ArrayBuffer;
  send({ type: 'batch-start', settings });
  const units: (() => void)[] = [];
  const paths: string[] = [];
  files.forEach(([file, bytes], source) => {
    if (!/\.zip$/i.test(file)) {
      paths.push(file);
      units.push(() => send({ type: 'batch-check', source, file, bytes: ab(bytes), keep: 'here' }));
      return;
    }
    const opened = send({ type: 'batch-open', source, file, bytes: ab(bytes) });
    const members = (opened.find((x) => x.type === 'batch-members') as { members: BatchMember[] } | undefined)?.members ?? [];
    members.forEach((m, sub) => {
      paths.push(`${file}/${m.member}`);
      units.push(() => send({ type: 'batch-check', source, sub, member: m.member, file, bytes: new ArrayBuffer(0), keep: 'here', ...(m.refused !== undefined ? { refused: m.refused } : {}) }));
    });
  });
  if (manifest) send({ type: 'batch-manifest', name: '项目清单.xlsx', bytes: ab(manifest), files: paths });
  for (const u of units) u();
  const outcome = (send({ type: 'batch-finish' }).find((r) => r.type === 'batch-result') as { outcome: BatchOutcome }).outcome;
  return { rows: service.rows(), outcome };
}
