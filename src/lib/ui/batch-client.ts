// The page's side of the batch worker (issue #12): one request at a time per id, replies routed
// back to the request's listener, and 取消 by replacing the worker.
import type { BatchReply, BatchRequest } from '../worker/protocol';
import { startBatchWorker } from './client';
import { PendingRequests } from './pending';

type Body = BatchRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;
type Listener = (reply: BatchReply) => void;

/** Replies that end a request. */
const FINAL = new Set<BatchReply['type']>(['batch-ok', 'batch-rows', 'batch-members', 'batch-manifest', 'batch-result', 'batch-bytes', 'file', 'error']);

export const NO_BATCH_WORKER = '这个浏览器较旧或设置受限，无法一次校验多个文件；请用新版的 Chrome、Edge 或 360 浏览器（极速模式）打开本页面，或逐个文件校验。';

export class BatchClient {
  private worker: Worker | null = null;
  private ready: Promise<boolean> | null = null;
  private nextId = 1;
  /** A merged roster's figures come before its file: only the file ends that request. */
  private pending = new PendingRequests<BatchReply>(FINAL);

  private async start(): Promise<boolean> {
    let w: Worker;
    try {
      // The batch engine's code is loaded when the first batch starts (client.ts).
      w = await startBatchWorker();
    } catch {
      return false;
    }
    return new Promise<boolean>((resolve) => {
      try {
        this.worker = w;
        w.onmessage = (e: MessageEvent<BatchReply | { type: 'ready' }>) => {
          if (e.data.type === 'ready') return resolve(true);
          this.pending.route(e.data);
        };
        w.onerror = (e) => {
          e.preventDefault();
          resolve(false);
          this.fail('处理文件的程序意外中止');
        };
      } catch {
        resolve(false);
      }
    });
  }

  private fail(message: string): void {
    this.pending.fail('crashed', message);
    this.worker?.terminate();
    this.worker = null;
    this.ready = null;
  }

  /** Send a request; `listener` sees every reply to it. Resolves after the last one. */
  async request(body: Body, listener: Listener, transfer: Transferable[] = []): Promise<void> {
    this.ready ??= this.start();
    const ok = await this.ready;
    const id = this.nextId++;
    if (!ok || !this.worker) {
      listener({ id, type: 'error', kind: 'no-worker', message: NO_BATCH_WORKER });
      return;
    }
    const done = this.pending.add(id, listener);
    this.worker.postMessage({ ...body, id } as BatchRequest, transfer);
    return done;
  }

  /** Give the worker its end of a port to the other batch worker (see batch.worker.ts). */
  async link(port: MessagePort): Promise<boolean> {
    this.ready ??= this.start();
    if (!(await this.ready) || !this.worker) return false;
    this.worker.postMessage({ type: 'batch-link', port }, [port]);
    return true;
  }

  /** Stop at once: the worker and all it kept are dropped. */
  stop(): void {
    this.fail('已取消');
  }
}
