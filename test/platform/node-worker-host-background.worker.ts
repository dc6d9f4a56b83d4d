// A logic-like worker started by createNodeWorkerHost (through ts-worker.mjs): it builds its
// endpoint from `workerData` as startNodeWorker does, then reports its nice value once started
// (before any message) and after its handshake, so node-worker-host-background.test.ts sees when a
// foreground and a background spawn drop their priority.
import { getPriority } from 'node:os';
import { workerData } from 'node:worker_threads';
import { createNodeWorkerEndpoint } from '../../src/platform/node-worker-endpoint.ts';
import { currentThreadId, workerBackgroundOf, workerNiceOf } from '../../src/platform/thread-priority.ts';

const tid = currentThreadId();
const nice = (): number => (tid > 0 ? getPriority(tid) : Number.NaN);
const endpoint = createNodeWorkerEndpoint({ nice: workerNiceOf(workerData), background: workerBackgroundOf(workerData) });
endpoint.keepAlive?.();
endpoint.post!({ at: 'start', nice: nice() });
endpoint.onceMessage(() => {
  endpoint.post!({ at: 'handshake', nice: nice() });
});
