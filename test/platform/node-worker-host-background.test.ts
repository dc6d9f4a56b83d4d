/**
 * WorkerSpawnOptions.background on the Node host, on real worker threads: a background spawn (the
 * restart spare) runs at the host's nice value from its first instruction, before its handshake;
 * a foreground spawn runs at full priority until its handshake. Off Linux no priority is read.
 */
import { describe, expect, it } from 'vitest';
import { getPriority } from 'node:os';
import { createNodeWorkerHost } from '../../src/platform/node-worker-host.ts';
import type { WorkerSpawnOptions } from '../../src/platform/worker-host.ts';
import type { HandshakeMessage } from '../../src/protocol/handshake.ts';
import { currentThreadId, threadPrioritySupported, withWorkerNice, workerBackgroundOf, workerNiceOf } from '../../src/platform/thread-priority.ts';

interface Step { at: string; nice: number }

/** Spawns the reporting worker with `options` and collects its reports (start, handshake). */
async function spawnAndReport(options: WorkerSpawnOptions | undefined): Promise<Step[]> {
  const host = createNodeWorkerHost({
    entry: new URL('../helpers/ts-worker.mjs', import.meta.url),
    workerData: { entry: new URL('./node-worker-host-background.worker.ts', import.meta.url).href },
    nice: 7,
  });
  const steps: Step[] = [];
  let done!: () => void;
  const finished = new Promise<void>((resolve) => { done = resolve; });
  let failed: string | null = null;
  // Only the test reads it: the worker treats any first message as its handshake.
  const handshake = { type: 'twinframe:handshake' } as unknown as HandshakeMessage;
  const worker = host.spawn(handshake, {
    onError: (f) => { failed = f.message; done(); },
    onExit: () => done(),
    onMessage: (m) => {
      steps.push(m as Step);
      if ((m as Step).at === 'handshake') done();
    },
  }, options);
  await finished;
  await worker.terminate();
  await host.dispose?.();
  expect(failed).toBeNull();
  return steps;
}

describe('node worker host: background spawns', () => {
  const base = threadPrioritySupported() ? getPriority(currentThreadId()) : Number.NaN;
  const lowered = Math.max(7, base);

  it('workerData carries the background key only for a background spawn with a nice value', () => {
    expect(workerBackgroundOf(withWorkerNice({ a: 1 }, 5, true))).toBe(true);
    expect(workerNiceOf(withWorkerNice({ a: 1 }, 5, true))).toBe(5);
    expect(workerBackgroundOf(withWorkerNice({ a: 1 }, 5))).toBe(false);
    expect(withWorkerNice({ a: 1 }, 0, true)).toEqual({ a: 1 });
  });

  it('a background spawn runs at the host nice value from its start', async () => {
    const steps = await spawnAndReport({ background: true });
    expect(steps.map((s) => s.at)).toEqual(['start', 'handshake']);
    if (!threadPrioritySupported()) return;
    expect(steps.map((s) => s.nice)).toEqual([lowered, lowered]);
  }, 30_000);

  it('a foreground spawn loads at full priority and is lowered at its handshake', async () => {
    const steps = await spawnAndReport(undefined);
    expect(steps.map((s) => s.at)).toEqual(['start', 'handshake']);
    if (!threadPrioritySupported()) return;
    expect(steps.map((s) => s.nice)).toEqual([base, lowered]);
  }, 30_000);
});
