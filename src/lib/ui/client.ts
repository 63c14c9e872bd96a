// The page's side of the worker protocol: one request at a time per id, replies routed back, abort
// by terminating the worker, and a main-thread fallback when a worker cannot start (excalidraw's
// habit): the page then still works, only less smoothly on huge files.
import type { Reply, Request } from '../worker/protocol';
import RosterWorker from '../worker/roster.worker?worker';

type Body = Request extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;
type Listener = (reply: Reply) => void;

interface Pending {
  listener: Listener;
  resolve: () => void;
}

/** Replies that end a request. */
const FINAL = new Set<Reply['type']>(['done', 'edited', 'file', 'template', 'error']);
/** How long a worker may take to say it is ready before the page falls back to the main thread. */
const READY_TIMEOUT_MS = 4000;

export class EngineClient {
  private worker: Worker | null = null;
  private fallback: { handle(req: Request): Promise<void> } | null = null;
  private ready: Promise<void>;
  private nextId = 1;
  private pending = new Map<number, Pending>();

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
        const w = new RosterWorker({ name: 'roster-engine' });
        this.worker = w;
        const timer = setTimeout(fail, READY_TIMEOUT_MS);
        w.onmessage = (e: MessageEvent<Reply | { type: 'ready' }>) => {
          if (e.data.type === 'ready') {
            if (!settled) {
              settled = true;
              clearTimeout(timer);
              resolve();
            }
            return;
          }
          this.route(e.data);
        };
        w.onerror = (e) => {
          e.preventDefault();
          if (!settled) {
            clearTimeout(timer);
            fail();
          } else {
            this.crashed('处理文件的后台进程意外中止');
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
    this.fallback = new EngineService((reply) => this.route(reply));
  }

  private route(reply: Reply): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    p.listener(reply);
    if (FINAL.has(reply.type)) {
      this.pending.delete(reply.id);
      p.resolve();
    }
  }

  private crashed(message: string): void {
    for (const [id, p] of this.pending) p.listener({ id, type: 'error', kind: 'crashed', message });
    for (const p of this.pending.values()) p.resolve();
    this.pending.clear();
    this.worker?.terminate();
    this.worker = null;
    this.ready = this.start();
    this.onReplaced();
  }

  /**
   * Send a request; `listener` sees every reply to it. Resolves after the last one. A worker that
   * has not answered within `budgetMs` is terminated and replaced (a crafted file must not hang
   * the page): the request then ends with an error reply.
   */
  async request(body: Body, listener: Listener, transfer: Transferable[] = [], budgetMs = 0): Promise<void> {
    await this.ready;
    const id = this.nextId++;
    const message = { ...body, id } as Request;
    const done = new Promise<void>((resolve) => this.pending.set(id, { listener, resolve }));
    if (budgetMs > 0 && this.worker) {
      const timer = setTimeout(() => {
        if (this.pending.has(id)) this.crashed('文件处理时间过长，已停止：请确认文件是正常的学员通讯录，或把它拆成几个较小的文件');
      }, budgetMs);
      void done.then(() => clearTimeout(timer));
    }
    if (this.worker) this.worker.postMessage(message, transfer);
    else if (this.fallback) {
      // Let the page paint its progress indicator before the main thread is busy.
      setTimeout(() => void this.fallback?.handle(message), 0);
    }
    return done;
  }

  /** Stop whatever the engine is doing: the worker is replaced and pending requests end. */
  abort(): void {
    if (!this.worker) return;
    const pending = [...this.pending.entries()];
    this.pending.clear();
    this.worker.terminate();
    this.worker = null;
    for (const [id, p] of pending) {
      p.listener({ id, type: 'error', kind: 'aborted', message: '已取消' });
      p.resolve();
    }
    this.ready = this.start();
    this.onReplaced();
  }
}
