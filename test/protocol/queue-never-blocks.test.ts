// The seed's ThreadSafety.QueueNeverBlocks, on real threads: while a worker hammers a queue (and
// keeps hitting "full"), no enqueue on the worker and no dequeue on the main thread takes over 10 ms.
// A thread descheduled by the OS (or paused by its GC) on a loaded 2-core machine can exceed 10 ms
// without any fault of the queue: such pauses are isolated, so a run passes when at most 3 calls per
// side, or 1 in 200 when that is more (a machine at load 14 descheduled more than 2 of a few thousand
// calls in all 3 runs), are over 10 ms and none is over 500 ms, and is retried otherwise (up to 3
// runs). A queue that blocks while full or empty stalls call after call, and fails all 3.
import { afterEach, describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { CallbackReader, createCallbackQueueBuffer } from '../../src/protocol/callback-queue.ts';
import { CommandReader } from '../../src/protocol/command-reader.ts';
import { createCommandQueueBuffer } from '../../src/protocol/command-writer.ts';
import { SummingHandler } from './command-test-handler.ts';

interface ProducerResult { calls: number; refused: number; slow: number; max: number }
const live = new Set<Worker>();
afterEach(async () => {
  for (const w of live) await w.terminate();
  live.clear();
});

const nap = new Int32Array(new SharedArrayBuffer(4));

async function run(queue: 'callbacks' | 'commands'): Promise<string | null> {
  const sab = queue === 'callbacks' ? createCallbackQueueBuffer(100) : createCommandQueueBuffer(1 << 12);
  const worker = new Worker(new URL('../helpers/ts-worker.mjs', import.meta.url), {
    workerData: { entry: new URL('./queue-producer.worker.ts', import.meta.url).href, queue, sab, ms: 400 },
  });
  live.add(worker);
  const done = new Promise<ProducerResult>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const cbr = queue === 'callbacks' ? new CallbackReader(sab) : null;
  const cmr = queue === 'commands' ? new CommandReader(sab) : null;
  const handler = new SummingHandler();
  let got = 0;
  const proc = { onCallback: () => void got++ };
  let slow = 0, max = 0, drains = 0;
  // consume until the producer's results arrive: drain, then nap 1 ms (the seed's consumer sleeps between drains)
  let finished: ProducerResult | undefined;
  void done.then((r) => (finished = r));
  const deadline = performance.now() + 30_000;
  while (!finished && performance.now() < deadline) {
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      if (cbr) cbr.dequeueAll(proc);
      else cmr!.drain(handler, 100_000);
      const dt = performance.now() - t0;
      drains++;
      if (dt > max) max = dt;
      if (dt > 10) slow++;
      Atomics.wait(nap, 0, 0, 1);
    }
    await new Promise((r) => setImmediate(r));
  }
  const p = await done;
  live.delete(worker);
  await worker.terminate();
  expect(p.calls, `${queue}: the producer made progress`).toBeGreaterThan(1000);
  expect(p.refused, `${queue}: the queue filled up, so the full path was exercised`).toBeGreaterThan(0);
  expect(drains, `${queue}: the consumer drained repeatedly`).toBeGreaterThan(10);
  expect(got + handler.count, `${queue}: records crossed`).toBeGreaterThan(0);
  const allowed = (calls: number): number => Math.max(3, Math.floor(calls / 200));
  if (p.slow <= allowed(p.calls) && slow <= allowed(drains) && p.max < 500 && max < 500) return null;
  return `${queue}: producer ${p.slow} of ${p.calls} calls over 10 ms (max ${p.max.toFixed(2)} ms); consumer ${slow} of ${drains} drains over 10 ms (max ${max.toFixed(2)} ms)`;
}

describe('queues never block', () => {
  for (const queue of ['callbacks', 'commands'] as const) {
    it(`${queue}: no call on either side takes over 10 ms while the other side is busy`, async () => {
      const failures: string[] = [];
      for (let attempt = 0; attempt < 3; attempt++) {
        const f = await run(queue);
        if (f === null) break;
        failures.push(f);
      }
      expect(failures.length, `slow calls in every one of 3 runs:\n${failures.join('\n')}`).toBeLessThan(3);
    });
  }
});
