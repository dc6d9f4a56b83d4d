// Worker for the never-blocks test: a busy producer that enqueues as fast as it can for `ms`,
// timing every call. A full queue is not a reason to wait: it counts the refusal and goes on.
import { parentPort, workerData } from 'node:worker_threads';
import { CallbackWriter } from '../../src/protocol/callback-queue.ts';
import { CommandWriter } from '../../src/protocol/command-writer.ts';

const { queue, sab, ms } = workerData as { queue: 'callbacks' | 'commands'; sab: SharedArrayBuffer; ms: number };
const cb = queue === 'callbacks' ? new CallbackWriter(sab) : null;
const cmd = queue === 'commands' ? new CommandWriter(sab) : null;
let calls = 0, refused = 0, slow = 0, max = 0;
const end = performance.now() + ms;
let t = performance.now();
while (t < end) {
  const ok = cb ? cb.enqueue(calls, calls, 0, (calls & 63) === 0 ? 'TF4003' : '', (calls & 63) === 0 ? 'error message' : '') : cmd!.updatePosition(calls, 1, 2, 3);
  if (cmd && (calls & 31) === 0) cmd.flush();
  const t2 = performance.now();
  const dt = t2 - t;
  t = t2;
  if (dt > max) max = dt;
  if (dt > 10) slow++;
  if (!ok) refused++;
  calls++;
}
parentPort!.postMessage({ calls, refused, slow, max });
