/**
 * How long this thread (the engine's: the benches run the engine on the main thread) waited for a
 * CPU while it could run, from Linux's /proc/thread-self/schedstat (ns on the CPU, ns waiting on a
 * run queue, time slices). A frame time ratio on a shared machine is only meaningful next to it: a
 * frame that took 30 ms of wall time with 28 ms of run-queue wait is the scheduler's, not the
 * engine's. Elsewhere (no procfs) every reading is NaN and the benches print n/a.
 */
import { closeSync, openSync, readSync } from 'node:fs';

/** Milliseconds this thread has waited on a run queue so far (NaN where unknown). */
export function runQueueWaitMs(): number {
  let fd = -1;
  try {
    fd = openSync('/proc/thread-self/schedstat', 'r');
    const buf = Buffer.alloc(128);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const fields = buf.toString('latin1', 0, n).trim().split(/\s+/);
    return Number(fields[1]) / 1e6;
  } catch {
    return Number.NaN;
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

/** `ms` of run-queue wait over a window of `windowMs`, as a line fragment ("12.3 ms (4.1 ms/s)" or "n/a"). */
export function formatRunQueueWait(ms: number, windowMs: number): string {
  return Number.isNaN(ms) ? 'n/a' : `${ms.toFixed(1)} ms (${((ms * 1000) / windowMs).toFixed(1)} ms/s)`;
}
