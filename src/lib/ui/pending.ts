// Requests waiting for a worker's replies, shared by the workspace's engine client (client.ts) and
// the batch's (batch-client.ts): each reply goes to its request's listener, a final reply ends the
// request, and a worker that crashed, was stopped or was replaced ends every request with an error.

export interface ErrorReply {
  id: number;
  type: 'error';
  kind: string;
  message: string;
}

export class PendingRequests<R extends { id: number; type: string }> {
  private readonly pending = new Map<number, { listener: (reply: R | ErrorReply) => void; resolve: () => void }>();

  /** `final`: the reply types that end a request (any other is one of several replies). */
  constructor(private readonly final: ReadonlySet<R['type']>) {}

  /** A request sent: resolves after its final reply, or when it is ended by `fail`. */
  add(id: number, listener: (reply: R | ErrorReply) => void): Promise<void> {
    return new Promise<void>((resolve) => this.pending.set(id, { listener, resolve }));
  }

  has(id: number): boolean {
    return this.pending.has(id);
  }

  /** A reply from the worker, to its request's listener (a reply to no request waiting is dropped). */
  route(reply: R): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    p.listener(reply);
    if (this.final.has(reply.type)) {
      this.pending.delete(reply.id);
      p.resolve();
    }
  }

  /** End every request waiting with an error reply of `kind`; the list is empty before any listener runs. */
  fail(kind: string, message: string): void {
    const all = [...this.pending.entries()];
    this.pending.clear();
    for (const [id, p] of all) p.listener({ id, type: 'error', kind, message });
    for (const [, p] of all) p.resolve();
  }
}
