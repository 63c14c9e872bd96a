/// <reference lib="webworker" />
// The batch engine in a Web Worker of its own (issue #12): a batch of rosters never blocks the page
// or the workspace's engine. With two batch workers, a port between them (`batch-link`) carries
// each checked roster to the one that keeps them, past the page.
import { MAX_INPUT_BYTES } from '../core/types';
import { MAX_BATCH_ZIP_BYTES } from '../io/zip-batch';
import { BatchService } from './batch/service';
import type { BatchHandOver, BatchReply, BatchRequest } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const service = new BatchService((reply: BatchReply, transfer?: Transferable[]) => scope.postMessage(reply, transfer ?? []));
/** Largest .zip of rosters the page reads (the service's zip reader has the same limit). */
const MAX_ZIP_BYTES = MAX_BATCH_ZIP_BYTES;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/**
 * A file the page handed over unread: its bytes, or why it is not read (a sentence for the table).
 * A zipped roster's stored bytes (`inZip`) are a slice of a zip already opened: the zip's limit.
 */
function readBlob(blob: Blob, file: string, inZip = false): { bytes: ArrayBuffer; refused?: string } {
  const max = inZip || /\.zip$/i.test(file) ? MAX_ZIP_BYTES : MAX_INPUT_BYTES;
  try {
    if (blob.size > max) return { bytes: new ArrayBuffer(0), refused: `文件过大（${mb(blob.size)}），最多能读取 ${mb(max)}` };
    return { bytes: new FileReaderSync().readAsArrayBuffer(blob) };
  } catch {
    return { bytes: new ArrayBuffer(0), refused: '无法读取这个文件，请确认文件没有被其他程序占用' };
  }
}

// Files handed over for an export or a re-check are read here too.
service.readBlob = (blob) => {
  const r = readBlob(blob, '');
  return r.refused === undefined ? new Uint8Array(r.bytes) : { error: r.refused };
};

scope.onmessage = (e: MessageEvent<BatchRequest | { type: 'batch-link'; port: MessagePort }>) => {
  const m = e.data;
  if ((m.type === 'batch-check' || m.type === 'batch-open') && m.blob) {
    const { blob, ...rest } = m;
    // A zipped roster: only its stored bytes are read from the zip's file.
    const at = 'at' in m ? m.at : undefined;
    return service.handle({ ...rest, ...(at ? readBlob(blob.slice(at.offset, at.offset + at.csz), m.file, true) : readBlob(blob, m.file)) } as BatchRequest);
  }
  if (m.type !== 'batch-link') return service.handle(m);
  m.port.onmessage = (x: MessageEvent<BatchHandOver>) => service.receive(x.data);
  service.forward = (h) => m.port.postMessage(h);
};
scope.postMessage({ type: 'ready' });
