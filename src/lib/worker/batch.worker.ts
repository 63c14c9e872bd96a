/// <reference lib="webworker" />
// The batch engine in a Web Worker of its own (issue #12): a batch of rosters never blocks the page
// or the workspace's engine. With two batch workers, a port between them (`batch-link`) carries
// each checked roster to the one that keeps them, past the page.
import { BatchService } from './batch-service';
import type { BatchHandOver, BatchReply, BatchRequest } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const service = new BatchService((reply: BatchReply, transfer?: Transferable[]) => scope.postMessage(reply, transfer ?? []));
scope.onmessage = (e: MessageEvent<BatchRequest | { type: 'batch-link'; port: MessagePort }>) => {
  const m = e.data;
  if (m.type !== 'batch-link') return service.handle(m);
  m.port.onmessage = (x: MessageEvent<BatchHandOver>) => service.receive(x.data);
  service.forward = (h) => m.port.postMessage(h);
};
scope.postMessage({ type: 'ready' });
