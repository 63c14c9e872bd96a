/// <reference lib="webworker" />
// The engine in a Web Worker: reading and checking never block the page.
import { EngineService } from './service';
import type { Reply, Request } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const service = new EngineService((reply: Reply, transfer?: Transferable[]) => scope.postMessage(reply, transfer ?? []));
// Requests are handled one at a time, in order.
let queue: Promise<void> = Promise.resolve();
scope.onmessage = (e: MessageEvent<Request>) => {
  queue = queue.then(() => service.handle(e.data));
};
scope.postMessage({ type: 'ready' });
