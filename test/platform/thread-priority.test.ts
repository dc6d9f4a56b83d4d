/**
 * Thread priorities (src/platform/thread-priority.ts) on real threads and a real child process:
 * a worker thread lowers its own priority and only its own (the test's thread keeps its nice
 * value), a nice value is only ever raised, a child process's threads are found by name and
 * lowered, and failures (no such process) return quietly. Off Linux every call is a no-op, which
 * the same assertions check.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { getPriority } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  childProcessIds, currentThreadId, lowerChildProcessPriority, lowerProcessPriority, lowerThisThreadPriority,
  threadPrioritySupported, withWorkerNice, workerNiceOf, WORKER_NICE_KEY,
} from '../../src/platform/thread-priority.ts';

const linux = threadPrioritySupported();
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

interface WorkerReport { tid: number; steps: { nice: number; done: boolean; now: number }[] }

function runWorker(requests: number[]): Promise<WorkerReport> {
  const worker = new Worker(new URL('../helpers/ts-worker.mjs', import.meta.url), {
    workerData: { entry: new URL('./thread-priority.worker.ts', import.meta.url).href, requests },
  });
  return new Promise<WorkerReport>((resolve, reject) => {
    worker.once('message', (m: WorkerReport) => void worker.terminate().then(() => resolve(m)));
    worker.once('error', reject);
  });
}

/** A child process named `sleep` that lives until killed (afterEach). */
function sleeper(): ChildProcess {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  children.push(child);
  return child;
}

describe('thread priority', () => {
  it('carries the nice value in workerData without losing the data beside it', () => {
    expect(withWorkerNice(undefined, 10)).toEqual({ [WORKER_NICE_KEY]: 10 });
    expect(withWorkerNice({ a: 1 }, 4)).toEqual({ a: 1, [WORKER_NICE_KEY]: 4 });
    expect(withWorkerNice({ a: 1 }, 0)).toEqual({ a: 1 });
    expect(withWorkerNice('plain', 5)).toBe('plain');
    expect(withWorkerNice(undefined, undefined)).toBeUndefined();
    expect(workerNiceOf({ [WORKER_NICE_KEY]: 7 })).toBe(7);
    expect(workerNiceOf({ [WORKER_NICE_KEY]: 99 })).toBe(19);
    expect(workerNiceOf({ [WORKER_NICE_KEY]: -3 })).toBe(0);
    expect(workerNiceOf({ [WORKER_NICE_KEY]: 'x' })).toBe(0);
    expect(workerNiceOf(undefined)).toBe(0);
  });

  it('a worker thread lowers its own priority, only ever raising its nice value, and not the thread that started it', async () => {
    const mine = currentThreadId();
    const before = linux ? getPriority(mine) : 0;
    const report = await runWorker([5, 2, 7, 0]);
    if (!linux) {
      expect(report.steps.map((s) => s.done)).toEqual([false, false, false, false]);
      return;
    }
    expect(report.tid).toBeGreaterThan(0);
    expect(report.tid).not.toBe(mine);
    const base = before; // the worker starts at its creator's nice value
    expect(report.steps.map((s) => s.now)).toEqual([Math.max(5, base), Math.max(5, base), Math.max(7, base), Math.max(7, base)]);
    expect(report.steps.map((s) => s.done)).toEqual([true, true, true, false]); // 0: leave it alone
    expect(getPriority(mine)).toBe(before);
  });

  it("lowers every thread of a child process found by its name, once per level", async () => {
    const child = sleeper();
    await new Promise((r) => child.once('spawn', r));
    if (!linux) {
      expect(lowerChildProcessPriority('sleep', 6)).toBe(0);
      return;
    }
    const base = getPriority(child.pid!);
    expect(childProcessIds('sleep')).toContain(child.pid);
    expect(lowerChildProcessPriority('sleep', 6)).toBeGreaterThanOrEqual(1);
    expect(getPriority(child.pid!)).toBe(Math.max(6, base));
    // Done at this level: no scan, nothing lowered again; a higher level lowers again.
    expect(lowerChildProcessPriority('sleep', 6)).toBe(0);
    expect(lowerChildProcessPriority('sleep', 8)).toBeGreaterThanOrEqual(1);
    expect(getPriority(child.pid!)).toBe(Math.max(8, base));
    // A new child (the old one ended) is found by the next call.
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const next = sleeper();
    await new Promise((r) => next.once('spawn', r));
    expect(lowerChildProcessPriority('sleep', 8)).toBeGreaterThanOrEqual(1);
    expect(getPriority(next.pid!)).toBe(Math.max(8, base));
  });

  it('returns quietly when there is nothing to lower', () => {
    expect(lowerProcessPriority(2 ** 22 + 12345, 5)).toBe(0); // above Linux's pid_max: no such process
    expect(lowerChildProcessPriority('no-such-child-twinframe', 5)).toBe(0);
    expect(lowerThisThreadPriority(0)).toBe(false);
  });
});
