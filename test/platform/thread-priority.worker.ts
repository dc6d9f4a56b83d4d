// A worker thread that asks lowerThisThreadPriority for each nice value in workerData.requests and
// posts its kernel thread id and its nice value after each request (thread-priority.test.ts).
import { getPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { currentThreadId, lowerThisThreadPriority } from '../../src/platform/thread-priority.ts';

const { requests } = workerData as { requests: number[] };
const tid = currentThreadId();
const steps = requests.map((nice) => {
  const done = lowerThisThreadPriority(nice);
  return { nice, done, now: tid > 0 ? getPriority(tid) : Number.NaN };
});
parentPort!.postMessage({ tid, steps });
