/**
 * A Clock for benchmarks that also measures each engine frame twice: its wall time, and the
 * engine's own work in it, i.e. that wall time minus the time the engine thread waited on a run
 * queue during the frame (Linux `/proc/thread-self/schedstat`, read from a file kept open, parsed
 * without allocating). On a shared 2-core machine most of a long frame is the scheduler's, not the
 * engine's (bench/chaos/run-queue-wait.ts); the work time is what the engine's code can change.
 * Everything else is the wrapped clock's. Create it on the engine's thread; where procfs is
 * missing the wait reads 0 and work equals wall time (`waitKnown` false).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { Clock, FrameCallback } from '../../src/platform/clock.ts';

/** Frames kept per window (a 60 fps window of a minute). */
const CAPACITY = 4096;

/** Wraps `inner`; records per-frame wall and work milliseconds while `recording`. */
export class FrameWaitClock implements Clock {
  /** Whether run-queue wait is read (Linux); otherwise work equals wall. */
  readonly waitKnown: boolean;
  /** Frames are recorded only between `startWindow` and `endWindow`. */
  private recording = false;
  private readonly wall = new Float64Array(CAPACITY);
  private readonly work = new Float64Array(CAPACITY);
  private count = 0;
  private fd: number;
  private readonly buf = new Uint8Array(160);
  private callback: FrameCallback | null = null;
  /** The one function handed to the wrapped clock (the engine passes one long-lived callback too). */
  private readonly timed: FrameCallback = (nowMs) => {
    const cb = this.callback;
    if (cb === null) return;
    const w0 = this.waitMs();
    const t0 = performance.now();
    cb(nowMs);
    const t1 = performance.now();
    if (!this.recording || this.count >= CAPACITY) return;
    const wall = t1 - t0;
    this.wall[this.count] = wall;
    this.work[this.count] = Math.max(0, wall - (this.waitMs() - w0));
    this.count++;
  };

  constructor(private readonly inner: Clock) {
    let fd = -1;
    try {
      fd = openSync('/proc/thread-self/schedstat', 'r');
    } catch {
      fd = -1;
    }
    this.fd = fd;
    this.waitKnown = fd >= 0;
  }

  /** Milliseconds this thread has waited on a run queue so far (0 where unknown): schedstat's second field, in ns. */
  private waitMs(): number {
    if (this.fd < 0) return 0;
    const n = readSync(this.fd, this.buf, 0, this.buf.length, 0);
    let i = 0;
    while (i < n && this.buf[i] !== 32) i++;
    i++;
    let ns = 0;
    for (; i < n; i++) {
      const c = this.buf[i]!;
      if (c < 48 || c > 57) break;
      ns = ns * 10 + (c - 48);
    }
    return ns / 1e6;
  }

  /** Forgets the frames so far and records the next ones. */
  startWindow(): void {
    this.count = 0;
    this.recording = true;
  }

  /** Stops recording; returns the window's frame count and the p99 of wall and work times (ms). */
  endWindow(): { frames: number; wallP99: number; workP99: number } {
    this.recording = false;
    return { frames: this.count, wallP99: p99(this.wall, this.count), workP99: p99(this.work, this.count) };
  }

  now(): number {
    return this.inner.now();
  }

  scheduleFrame(callback: FrameCallback): number {
    this.callback = callback;
    return this.inner.scheduleFrame(this.timed);
  }

  cancelFrame(handle: number): void {
    this.inner.cancelFrame(handle);
  }

  dispose(): void {
    this.inner.dispose();
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  delay(ms: number, signal?: AbortSignal): Promise<void> {
    return this.inner.delay(ms, signal);
  }

  yieldThen(fn: () => void): void {
    this.inner.yieldThen(fn);
  }

  sleepThen(fn: () => void, ms: number): void {
    this.inner.sleepThen(fn, ms);
  }
}

/** The 99th percentile of the first `n` values (the harness's rule: the ceil(0.99 n)-th smallest). */
function p99(values: Float64Array, n: number): number {
  if (n === 0) return Number.NaN;
  const sorted = values.slice(0, n).sort();
  return sorted[Math.min(n - 1, Math.max(0, Math.ceil(0.99 * n) - 1))]!;
}
