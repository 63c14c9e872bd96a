// The page's side of the worker protocol: one request at a time per id, replies routed back, abort
// by terminating the worker, and a main-thread fallback when a worker cannot start (excalidraw's
// habit). On the main thread replies are handed to the page one per task, so that progress shows
// and 取消 can be clicked between them; a file too big to read without freezing the page is
// refused there instead (an .xlsx parse is one call that cannot be cut into slices).
import { FALLBACK_MAX_BYTES, type Reply, type Request } from '../worker/protocol';
import RosterWorker from '../worker/roster.worker?worker';
import { PendingRequests } from './pending';
import { nextTask } from './browser';

type Body = Request extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;
type Listener = (reply: Reply) => void;

/** Replies that end a request. */
const FINAL = new Set<Reply['type']>(['done', 'edited', 'decided', 'deleted', 'file', 'template', 'error']);
/** Lets the page paint and take input before the next slice of main-thread work. */

/** Thrown into a main-thread load that was cancelled, to stop it at its next step. */
class CancelledError extends Error {}

/**
 * The budget of a request that names none: no request to the engine is ever without one (the
 * export once had none, and a crafted file kept the page waiting for minutes).
 */
export const DEFAULT_BUDGET_MS = 120_000;

/** Said when a file is too big to be read on the page's own thread. */
export const FALLBACK_REFUSAL = '这个浏览器较旧或设置受限，打开这么大的文件会让页面长时间没有反应。请用新版的 Chrome、Edge 或 360 浏览器（极速模式）打开本页面再试。';

export class EngineClient {
  private worker: Worker | null = null;
  private fallback: { handle(req: Request): Promise<void> } | null = null;
  /** Replaces the main-thread engine (after 取消): the old one's replies are then dropped. */
  private makeFallback: (() => { handle(req: Request): Promise<void> }) | null = null;
  private fallbackGeneration = 0;
  private fallbackQueue = Promise.resolve();
  private ready: Promise<void>;
  private nextId = 1;
  private pending = new PendingRequests<Reply>(FINAL);

  /**
   * `onMainThread` is told when the engine falls back to the page's own thread; `onReplaced` when
   * a worker was replaced (crash, over budget, abort) and no longer holds the page's roster.
   */
  constructor(
    private readonly onMainThread: () => void = () => {},
    private readonly onReplaced: () => void = () => {},
  ) {
    this.ready = this.start();
  }

  private start(): Promise<void> {
    return new Promise<void>((resolve) => {
      let settled = false;
      const fail = () => {
        if (settled) return;
        settled = true;
        this.worker?.terminate();
        this.worker = null;
        void this.useMainThread().then(resolve);
      };
      try {
        // No deadline for 'ready': on a busy machine a worker may take many seconds to start, and
        // the page waits for it (a worker that cannot start at all says so with an error event).
        const w = new RosterWorker({ name: 'roster-engine' });
        this.worker = w;
        w.onmessage = (e: MessageEvent<Reply | { type: 'ready' }>) => {
          if (e.data.type === 'ready') {
            if (!settled) {
              settled = true;
              resolve();
            }
            return;
          }
          this.route(e.data);
        };
        w.onerror = (e) => {
          e.preventDefault();
          if (!settled) {
            fail();
          } else {
            this.crashed('处理文件的程序意外中止');
          }
        };
      } catch {
        fail();
      }
    });
  }

  private async useMainThread(): Promise<void> {
    const { EngineService } = await import('../worker/service');
    this.onMainThread();
    this.makeFallback = () => {
      const generation = ++this.fallbackGeneration;
      // Each reply in a task of its own: the page stays responsive between them.
      let queue = Promise.resolve();
      return new EngineService(
        (reply) => {
          queue = queue.then(nextTask).then(() => {
            if (generation === this.fallbackGeneration) this.route(reply);
          });
        },
        // Between reading and checking: the replies so far are shown, and 取消 can be clicked.
        async () => {
          await queue;
          await nextTask();
          if (generation !== this.fallbackGeneration) throw new CancelledError();
        },
      );
    };
    this.fallback = this.makeFallback();
  }

  private route(reply: Reply): void {
    this.pending.route(reply);
  }

  private crashed(message: string, kind = 'crashed'): void {
    this.pending.fail(kind, message);
    this.worker?.terminate();
    this.worker = null;
    this.ready = this.start();
    this.onReplaced();
  }

  /**
   * Send a request; `listener` sees every reply to it. Resolves after the last one. A worker that
   * has not answered within `budgetMs` is terminated and replaced (a crafted file must not hang
   * the page): the request then ends with an error reply of kind 'timeout'.
   */
  async request(body: Body, listener: Listener, transfer: Transferable[] = [], budgetMs = DEFAULT_BUDGET_MS): Promise<void> {
    await this.ready;
    const id = this.nextId++;
    const message = { ...body, id } as Request;
    const done = this.pending.add(id, listener);
    if (budgetMs > 0 && this.worker) {
      const timer = setTimeout(() => {
        if (this.pending.has(id)) this.crashed('文件处理时间过长，已停止：请确认文件是正常的学员通讯录，或把它拆成几个较小的文件', 'timeout');
      }, budgetMs);
      void done.then(() => clearTimeout(timer));
    }
    if (this.worker) this.worker.postMessage(message, transfer);
    else if (this.fallback) {
      if (message.type === 'load' && message.bytes.byteLength > FALLBACK_MAX_BYTES) {
        this.route({ id, type: 'error', kind: 'no-worker', message: FALLBACK_REFUSAL });
        return done;
      }
      const engine = this.fallback;
      // One request at a time, in order, as in the worker; each after a paint.
      this.fallbackQueue = this.fallbackQueue.then(nextTask).then(() => engine.handle(message));
    }
    return done;
  }

  /** Stop whatever the engine is doing: the worker is replaced and pending requests end. */
  abort(): void {
    this.pending.fail('aborted', '已取消');
    if (this.worker) {
      this.worker.terminate();
      this.worker = null;
      this.ready = this.start();
    } else if (this.makeFallback) {
      // A fresh main-thread engine with a queue of its own; the old one's replies are dropped.
      this.fallback = this.makeFallback();
      this.fallbackQueue = Promise.resolve();
    } else return;
    this.onReplaced();
  }
}

/**
 * The batch engine's own worker (issue #12, batch-client.ts); throws when none can start. Its code
 * is loaded when the first batch starts: a page opened for one roster never reads it (in the
 * single file it is kept compressed until then, scripts/single-file.mjs).
 */
export async function startBatchWorker(): Promise<Worker> {
  const { default: BatchWorker } = await import('../worker/batch.worker?worker');
  return new BatchWorker({ name: 'batch-engine' });
}
