/**
 * CPU time of this process's threads, read from Linux's `/proc/self/task/<tid>/schedstat` (its
 * first field is the nanoseconds the thread ran on a CPU). Unlike wall-clock frame times, CPU
 * time per frame does not grow when other processes take the machine's cores, so it compares
 * runs made under different load. Node gives a worker thread no id of its own, so the logic
 * worker is found as the thread that started after a snapshot and ran the most since. Off Linux
 * (no /proc) every read is undefined and the caller reports nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Nanoseconds on a CPU by thread id, at one moment. */
export type ThreadCpu = ReadonlyMap<number, number>;

/** Every thread's CPU time now, or undefined where /proc/self/task is not readable. */
export function readThreadCpu(): ThreadCpu | undefined {
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return undefined;
  }
  const out = new Map<number, number>();
  for (const tid of tids) {
    try {
      // The thread may have ended between the listing and the read: skip it.
      out.set(Number(tid), Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]));
    } catch { /* ended */ }
  }
  return out;
}

/** The main thread's id (Linux: the process id). */
export const MAIN_THREAD = process.pid;

/** Milliseconds thread `tid` ran between `a` and `b` (undefined when it is missing from `b`). */
export function cpuMsOf(a: ThreadCpu, b: ThreadCpu, tid: number): number | undefined {
  const end = b.get(tid);
  if (end === undefined) return undefined;
  return (end - (a.get(tid) ?? 0)) / 1e6;
}

/**
 * The thread that is not in `existing` (threads before the app started) and ran the most between
 * `a` and `b`: the logic worker (a spare worker, also new, idles). Undefined when none is new.
 */
export function busiestNewThread(existing: ThreadCpu, a: ThreadCpu, b: ThreadCpu): number | undefined {
  let best: number | undefined;
  let bestMs = -1;
  for (const tid of b.keys()) {
    if (existing.has(tid)) continue;
    const ms = cpuMsOf(a, b, tid)!;
    if (ms > bestMs) {
      bestMs = ms;
      best = tid;
    }
  }
  return best;
}
