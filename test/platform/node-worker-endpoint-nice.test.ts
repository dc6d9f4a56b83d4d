/**
 * The Node worker endpoint lowers its thread's priority when the thread starts running the game,
 * on a real worker thread: at a handshake that is not a standby's, or at a standby's activation
 * (its next message), never while a standby or spare waits (it loads at full priority). Off Linux
 * no nice value is read and the messages still flow.
 */
import { describe, expect, it } from 'vitest';
import { getPriority } from 'node:os';
import { Worker } from 'node:worker_threads';
import { currentThreadId, threadPrioritySupported } from '../../src/platform/thread-priority.ts';

interface Step { at: string; nice: number }

/** Starts the worker, posts `first` then `{ activate: true }`, and collects its three reports. */
function run(first: unknown): Promise<Step[]> {
  const worker = new Worker(new URL('../helpers/ts-worker.mjs', import.meta.url), {
    workerData: { entry: new URL('./node-worker-endpoint-nice.worker.ts', import.meta.url).href },
  });
  const steps: Step[] = [];
  return new Promise<Step[]>((resolve, reject) => {
    worker.on('message', (m: Step) => {
      steps.push(m);
      if (m.at === 'start') worker.postMessage(first);
      if (m.at === 'first') worker.postMessage({ activate: true });
      if (m.at === 'next') void worker.terminate().then(() => resolve(steps));
    });
    worker.once('error', reject);
  });
}

describe('node worker endpoint priority', () => {
  const base = threadPrioritySupported() ? getPriority(currentThreadId()) : Number.NaN;
  const lowered = Math.max(6, base);

  it('lowers a worker at its handshake when it is not a standby', async () => {
    const steps = await run({ type: 'twinframe:handshake' });
    expect(steps.map((s) => s.at)).toEqual(['start', 'first', 'next']);
    if (!threadPrioritySupported()) return;
    expect(steps.map((s) => s.nice)).toEqual([base, lowered, lowered]);
  });

  it('keeps a standby at full priority until its activation', async () => {
    const steps = await run({ type: 'twinframe:handshake', standby: true });
    expect(steps.map((s) => s.at)).toEqual(['start', 'first', 'next']);
    if (!threadPrioritySupported()) return;
    expect(steps.map((s) => s.nice)).toEqual([base, base, lowered]);
  });
});
