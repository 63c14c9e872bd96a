// A checking thread of roster-check --batch: the page's batch engine (BatchService), run as the
// page runs its second batch worker. It checks the rosters it is sent and hands what the batch
// keeps of each to the keeper on the main thread. Bundled as dist-cli/batch-worker.mjs.
import { parentPort } from 'node:worker_threads';
import { BatchService } from '../lib/worker/batch/service';
import type { BatchRequest } from '../lib/worker/protocol';
import { loadFile } from './batch-work';

/** A request from the driver; `path`: a file on disk to read here (its bytes are not sent). */
export interface ThreadJob {
  req: BatchRequest;
  path?: string;
}

const service = new BatchService((reply) => parentPort?.postMessage({ reply }));
service.forward = (h) => parentPort?.postMessage({ handover: h });

parentPort?.on('message', ({ req, path }: ThreadJob) => {
  if (path !== undefined && req.type === 'batch-check') {
    const got = loadFile(path);
    return service.handle(got instanceof Uint8Array ? { ...req, bytes: arrayBufferOf(got) } : { ...req, refused: got.error });
  }
  service.handle(req);
});

/**
 * The bytes as an ArrayBuffer of their own: a Buffer may be a view into a shared pool (and its
 * own slice() is another view, so Uint8Array's, which copies, is used).
 */
export function arrayBufferOf(b: Uint8Array): ArrayBuffer {
  return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? (b.buffer as ArrayBuffer) : (Uint8Array.prototype.slice.call(b).buffer as ArrayBuffer);
}
