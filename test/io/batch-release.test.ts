// The batch worker frees each roster's file and unzipped parts as soon as it is checked (where
// the browser has ArrayBuffer.prototype.transfer), never the bytes of a zip it keeps for the
// exports: a zipped roster still opens and exports after its zip's rosters were checked.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH, makeBatch } from '../../scripts/make-batch.mjs';
import type { BatchFileRow } from '../../src/lib/worker/protocol';
import { addFile, driven } from './batch-harness';

type Transferable = { transfer?: (n: number) => ArrayBuffer; detached?: boolean };
const proto = ArrayBuffer.prototype as ArrayBuffer & Transferable;
const native = typeof proto.transfer === 'function';
const freed = new WeakSet<ArrayBuffer>();
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'batch-release-'));
  makeBatch(`${dir}/`);
  // Node 20 has no transfer: detach as browsers do, through structuredClone.
  if (!native) {
    Object.defineProperty(proto, 'transfer', {
      configurable: true,
      value(this: ArrayBuffer, n: number) {
        structuredClone(this, { transfer: [this] });
        freed.add(this);
        return new ArrayBuffer(n);
      },
    });
    Object.defineProperty(proto, 'detached', { configurable: true, get(this: ArrayBuffer) { return freed.has(this); } });
  }
});
afterAll(() => {
  if (native) return;
  delete (proto as Transferable).transfer;
  delete (proto as Transferable).detached;
});

const bytesOf = (path: string) => {
  const b = readFileSync(path);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
};

describe('the batch worker frees what it read', () => {
  it('frees a roster once checked, and keeps a zip whose rosters are stored uncompressed readable for the exports', () => {
    const { send } = driven();
    send({ type: 'batch-start', settings: { level: 'national', hostProvince: '北京市', practical: false } });
    const roster = bytesOf(join(dir, BATCH.cardio));
    const inner = readFileSync(join(dir, BATCH.nursing));
    // Level 0: the roster inside is stored, its bytes a view into the zip's.
    const zip = zipSync({ [BATCH.nursing]: new Uint8Array(inner) }, { level: 0 }).slice().buffer;
    const rows: BatchFileRow[] = [];
    for (const [source, file, bytes] of [[0, BATCH.cardio, roster], [1, 'stored.zip', zip]] as const) rows.push(...addFile(send, source, file, bytes));
    expect(rows.map((r) => [r.name, r.summary?.attendees])).toEqual([
      [BATCH.cardio, BATCH.attendees],
      [BATCH.nursing, BATCH.attendees],
    ]);
    expect(roster.byteLength).toBe(0);
    expect(zip.byteLength).toBeGreaterThan(inner.length);
    // The zipped roster opens in the workspace exactly as it is, and is corrected for the zip.
    const opened = send({ type: 'batch-bytes', source: 1, member: BATCH.nursing }).find((r) => r.type === 'batch-bytes') as { bytes: ArrayBuffer };
    expect(new Uint8Array(opened.bytes)).toEqual(new Uint8Array(inner));
    expect(send({ type: 'batch-fix', file: rows[1]?.file, name: BATCH.nursing, edits: [], declined: [], source: 1, member: BATCH.nursing })).toEqual([{ id: expect.any(Number), type: 'batch-ok' }]);
  });
});
