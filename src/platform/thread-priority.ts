/**
 * Lowers the CPU priority (raises the nice value) of the threads that compete with the engine
 * thread: a logic worker once it runs the game (node-worker-endpoint.ts), and the bundler's child
 * process (node-bundle.ts). The engine never
 * waits for the logic, so when a core is contended the engine should win it: on a 2-core machine
 * a long engine frame is mostly time its thread waited on a run queue behind a loading worker, a
 * hung logic or esbuild (issues 14 and 15). With free cores a nice value changes nothing.
 *
 * Linux only: setpriority(2) is per thread there (`os.setPriority(tid, nice)` lowers exactly that
 * thread; new threads inherit their creator's). Elsewhere every call is a no-op. An unprivileged
 * process may raise a nice value but never lower it again, so these functions only ever raise it,
 * and never need a privilege. A failure (EACCES, ESRCH: the thread ended, no procfs) is swallowed
 * with one debug note (`NODE_DEBUG=twinframe`): priorities are a hint, never a reason to crash.
 */
import { closeSync, existsSync, openSync, readdirSync, readlinkSync, readSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { debuglog } from 'node:util';

/** The nice value the logic side runs at by default (createNodeApp's `logicNice`). */
export const DEFAULT_LOGIC_NICE = 5;
/** The highest nice value Linux knows (lowest priority). */
export const MAX_NICE = 19;

const debug = debuglog('twinframe');
let noted = false;

/** Logs the first failure of the process once (debug only), then stays silent. */
function noteOnce(what: string, error: unknown): void {
  if (noted) return;
  noted = true;
  debug('thread priority: %s failed (%s); the threads keep their priority (noted once)', what, error instanceof Error ? error.message : String(error));
}

/** The key of a logic worker's `workerData` that holds the nice value it lowers itself to (NodeWorkerHostOptions.nice). */
export const WORKER_NICE_KEY = 'twinframeNice';

/** The key of a logic worker's `workerData` that asks it to lower its priority at once, before it loads anything (WorkerSpawnOptions.background). */
export const WORKER_BACKGROUND_KEY = 'twinframeBackground';

/**
 * `data` with WORKER_NICE_KEY set to `nice` (and WORKER_BACKGROUND_KEY to true when `background`)
 * when `nice` is positive and `data` is an object or absent; else `data` unchanged.
 */
export function withWorkerNice(data: unknown, nice: number | undefined, background = false): unknown {
  if (nice === undefined || clampNice(nice) === 0) return data;
  const keys = background ? { [WORKER_NICE_KEY]: nice, [WORKER_BACKGROUND_KEY]: true } : { [WORKER_NICE_KEY]: nice };
  if (data === undefined) return keys;
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? { ...data, ...keys } : data;
}

/** Whether a worker's `workerData` asks it to run at its nice value from the start (WORKER_BACKGROUND_KEY). */
export function workerBackgroundOf(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as Record<string, unknown>)[WORKER_BACKGROUND_KEY] === true;
}

/** The nice value a worker's `workerData` asks for (WORKER_NICE_KEY), or 0. */
export function workerNiceOf(data: unknown): number {
  if (typeof data !== 'object' || data === null) return 0;
  const nice = (data as Record<string, unknown>)[WORKER_NICE_KEY];
  return typeof nice === 'number' ? clampNice(nice) : 0;
}

/** True where per-thread nice values exist (Linux with procfs). */
export function threadPrioritySupported(): boolean {
  return process.platform === 'linux';
}

/** Raises the nice value of thread `tid` to `nice` (never lowers it: that would need a privilege). Throws what setpriority(2) throws. */
function raiseNice(tid: number, nice: number): void {
  if (getPriority(tid) < nice) setPriority(tid, nice);
}

/** Clamps a requested nice value to 0..19 (0: leave the priority alone). */
function clampNice(nice: number): number {
  return Number.isFinite(nice) ? Math.max(0, Math.min(MAX_NICE, Math.trunc(nice))) : 0;
}

/** This thread's kernel id (Linux: from /proc/thread-self, "pid/task/tid"), or -1. */
export function currentThreadId(): number {
  try {
    const link = readlinkSync('/proc/thread-self');
    const tid = Number(link.slice(link.lastIndexOf('/') + 1));
    return Number.isInteger(tid) && tid > 0 ? tid : -1;
  } catch {
    return -1;
  }
}

/**
 * Raises the calling thread's nice value to `nice` (0..19; 0 or a non-Linux platform: nothing).
 * Called by a logic worker as its first act. Returns true when the thread now runs at `nice` or
 * lower priority; false when nothing was done or it failed (noted once, never thrown).
 */
export function lowerThisThreadPriority(nice: number): boolean {
  const n = clampNice(nice);
  if (n === 0 || !threadPrioritySupported()) return false;
  try {
    const tid = currentThreadId();
    if (tid < 0) return false;
    raiseNice(tid, n);
    return true;
  } catch (e) {
    noteOnce('lowering this thread', e);
    return false;
  }
}

/** Process ids of this process's child processes whose command name is `comm` (Linux: a /proc scan). */
export function childProcessIds(comm: string): number[] {
  const found: number[] = [];
  const self = process.pid;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return found;
  }
  const buf = Buffer.alloc(512);
  for (const name of entries) {
    const code = name.charCodeAt(0);
    if (code < 48 || code > 57) continue;
    let fd = -1;
    try {
      fd = openSync(`/proc/${name}/stat`, 'r');
      const text = buf.toString('latin1', 0, readSync(fd, buf, 0, buf.length, 0));
      // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split at the last ')'.
      const close = text.lastIndexOf(')');
      const ppid = Number(text.slice(close + 2).split(' ', 2)[1]);
      if (ppid === self && text.slice(text.indexOf('(') + 1, close) === comm) found.push(Number(name));
    } catch {
      // the process ended while we looked, or is not ours to read
    } finally {
      if (fd >= 0) closeSync(fd);
    }
  }
  return found;
}

/**
 * Raises the nice value of every thread of process `pid` to `nice` (0..19; 0 or a non-Linux
 * platform: nothing). Threads it starts later inherit it from their creator. Returns how many
 * threads run at `nice` or above now; failures are noted once, never thrown.
 */
export function lowerProcessPriority(pid: number, nice: number): number {
  const n = clampNice(nice);
  if (n === 0 || !threadPrioritySupported()) return 0;
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch (e) {
    noteOnce(`listing the threads of process ${pid}`, e);
    return 0;
  }
  let lowered = 0;
  for (const tid of tids) {
    try {
      raiseNice(Number(tid), n);
      lowered++;
    } catch (e) {
      noteOnce(`lowering thread ${tid} of process ${pid}`, e);
    }
  }
  return lowered;
}

/** The child processes lowered so far, by command name: their ids and the level (a steady state costs no /proc scan). */
const loweredChildren = new Map<string, { readonly pids: readonly number[]; readonly nice: number }>();

/**
 * Raises the nice value of every thread of this process's children named `comm` (e.g. esbuild's
 * service process) to `nice`. Once they run at that level, later calls cost one `existsSync` per
 * child until a child ends (then the next call scans /proc again, ~10 ms). Returns the number of
 * threads lowered by this call.
 */
export function lowerChildProcessPriority(comm: string, nice: number): number {
  const n = clampNice(nice);
  if (n === 0 || !threadPrioritySupported()) return 0;
  const known = loweredChildren.get(comm);
  if (known !== undefined && known.nice >= n && known.pids.every((pid) => existsSync(`/proc/${pid}`))) return 0;
  let lowered = 0;
  const pids = childProcessIds(comm);
  for (const pid of pids) lowered += lowerProcessPriority(pid, n);
  if (pids.length > 0) loweredChildren.set(comm, { pids, nice: n });
  return lowered;
}
