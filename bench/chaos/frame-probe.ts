/**
 * The engine's work per frame in CPU time, for the chaos benches: a timer clock whose frame
 * callbacks (the engine's phases, run on this thread) are timed by this thread's CPU time (Linux
 * /proc/thread-self/schedstat, ns on a CPU) besides the wall time stats() reports. On a shared
 * 2-core machine a frame's wall time includes the time the thread waited for a core (a hanging or
 * loading logic competes for it); its CPU time is the engine's work alone, what a misbehaving logic
 * could make the engine do. Elsewhere (no procfs) every figure is NaN and the benches print n/a.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { Clock, FrameCallback } from '../../src/platform/clock.ts';
import { createTimerClock } from '../../src/platform/timer-clock.ts';
import { percentile } from '../harness.ts';

/** Frames kept per window (a window is seconds long: at 60 Hz, minutes). */
const CAPACITY = 1 << 16;

/** A clock for the app and the CPU time of the frames it ran since the last reset. */
export interface FrameProbe {
  /** Pass as createNodeApp's `clock`. */
  readonly clock: Clock;
  /** Starts a new measured window (with testHooks(app).resetTimings()). */
  reset(): void;
  /** The window's frames: their CPU time's p99 and max (ms; NaN without procfs). */
  work(): { p99: number; max: number; frames: number };
  /** Closes the procfs file (after the app stopped). */
  close(): void;
}

/** A FrameProbe over a timer clock at `fps`. */
export function createFrameProbe(fps: number): FrameProbe {
  const inner = createTimerClock({ fps });
  let fd = -1;
  try {
    fd = openSync('/proc/thread-self/schedstat', 'r');
  } catch {
    fd = -1;
  }
  const buf = Buffer.alloc(128);
  /** This thread's CPU time so far (ms), NaN without procfs. A pread at 0 re-reads the file. */
  const cpuMs = (): number => {
    if (fd < 0) return Number.NaN;
    const n = readSync(fd, buf, 0, buf.length, 0);
    let ns = 0;
    for (let k = 0; k < n; k++) {
      const c = buf[k]!;
      if (c < 48 || c > 57) break;
      ns = ns * 10 + (c - 48);
    }
    return ns / 1e6;
  };
  const samples = new Float64Array(CAPACITY);
  let count = 0;
  // One wrapper per engine callback (the engine schedules the same long-lived function every frame).
  let wrapped: FrameCallback | null = null;
  let of: FrameCallback | null = null;
  const clock: Clock = {
    now: () => inner.now(),
    scheduleFrame(callback: FrameCallback): number {
      if (of !== callback) {
        of = callback;
        wrapped = (nowMs: number): void => {
          const c0 = cpuMs();
          callback(nowMs);
          if (count < CAPACITY) samples[count++] = cpuMs() - c0;
        };
      }
      return inner.scheduleFrame(wrapped!);
    },
    cancelFrame: (handle) => inner.cancelFrame(handle),
    dispose: () => inner.dispose(),
    delay: (ms, signal) => inner.delay(ms, signal),
    yieldThen: (fn) => inner.yieldThen(fn),
    sleepThen: (fn, ms) => inner.sleepThen(fn, ms),
  };
  return {
    clock,
    reset(): void {
      count = 0;
    },
    work() {
      if (count === 0 || fd < 0) return { p99: Number.NaN, max: Number.NaN, frames: count };
      const xs = Array.from(samples.subarray(0, count));
      return { p99: percentile(xs, 99), max: Math.max(...xs), frames: count };
    },
    close(): void {
      if (fd >= 0) closeSync(fd);
      fd = -1;
    },
  };
}
