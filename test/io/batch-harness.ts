// A batch worker's service driven as the page drives it, for the tests: each request gets the next
// id, and `send` returns the replies it caused, in order.
import { BatchService } from '../../src/lib/worker/batch-service';
import type { BatchReply, BatchRequest } from '../../src/lib/worker/protocol';

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
