// Main-thread side of the benchmark workers: start one with the tsx bootstrap, wait until it has
// attached (not timed), then release it with go().
import { Worker } from 'node:worker_threads';
import type { BenchWorkerData } from './bench-worker.worker.ts';

export interface BenchWorker {
  readonly worker: Worker;
  readonly control: Int32Array;
  /** Resolves on the worker's final 'done' message. */
  readonly done: Promise<void>;
  go(): void;
  stop(): void;
}

export async function startBenchWorker(data: Omit<BenchWorkerData, 'control'>, onMessage?: (m: unknown) => void): Promise<BenchWorker> {
  const control = new Int32Array(new SharedArrayBuffer(16));
  const worker = new Worker(new URL('../../test/helpers/ts-worker.mjs', import.meta.url), {
    workerData: { ...data, control: control.buffer, entry: new URL('./bench-worker.worker.ts', import.meta.url).href },
  });
  const done = new Promise<void>((resolve, reject) => {
    worker.on('message', (m) => (m === 'done' ? resolve() : onMessage?.(m)));
    worker.once('error', reject);
  });
  while (Atomics.load(control, 0) === 0) await new Promise((r) => setTimeout(r, 2));
  return {
    worker, control, done,
    go() {
      Atomics.store(control, 1, 1);
      Atomics.notify(control, 1);
    },
    stop() {
      Atomics.store(control, 2, 1);
    },
  };
}
