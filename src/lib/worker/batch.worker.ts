/// <reference lib="webworker" />
// The batch engine in a Web Worker of its own (issue #12): a batch of rosters never blocks the page
// or the workspace's engine.
import { BatchService } from './batch-service';
import type { BatchReply, BatchRequest } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const service = new BatchService((reply: BatchReply, transfer?: Transferable[]) => scope.postMessage(reply, transfer ?? []));
scope.onmessage = (e: MessageEvent<BatchRequest>) => service.handle(e.data);
scope.postMessage({ type: 'ready' });
