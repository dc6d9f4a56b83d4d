// A worker thread with a Node worker endpoint asked to run at nice 6 once active: reports its nice
// value when started, after its first message (a handshake, standby or not) and after the next
// (a standby's activation), so node-worker-endpoint-nice.test.ts sees when the priority drops.
import { getPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { createNodeWorkerEndpoint } from '../../src/platform/node-worker-endpoint.ts';
import { currentThreadId } from '../../src/platform/thread-priority.ts';

const tid = currentThreadId();
const nice = (): number => (tid > 0 ? getPriority(tid) : Number.NaN);
const endpoint = createNodeWorkerEndpoint({ nice: 6 });
parentPort!.postMessage({ at: 'start', nice: nice() });
endpoint.onceMessage(() => {
  parentPort!.postMessage({ at: 'first', nice: nice() });
  endpoint.nextMessage!(() => {
    parentPort!.postMessage({ at: 'next', nice: nice() });
    endpoint.close();
  });
});
