/**
 * The engine's work per frame in CPU time, for the chaos benches: a timer clock whose frame
 * callbacks (the engine's phases, run on this thread) are timed by this thread's CPU clock besides
 * the wall time stats() reports. On a shared 2-core machine a frame's wall time includes the time
 * the thread waited for a core (a hanging or loading logic competes for it); its CPU time is the
 * engine's work alone, what a misbehaving logic could make the engine do.
 *
 * The clock is clock_gettime(CLOCK_THREAD_CPUTIME_ID), reached through WASI (node:wasi's
 * clock_time_get with WASI's thread CPU clock, id 3; a 120-byte module written out below), since
 * Node 20 has no per-thread CPU time (process.threadCpuUsage is Node 23.9). Not procfs:
 * /proc/thread-self/schedstat (and /sched) give the running thread's time as of its last
 * scheduler tick or switch, so a 1 ms frame read 0 or a 4 ms tick (measured: p90 of 12 µs steps
 * read 0). Without WASI every figure is NaN and the benches print n/a.
 */
import { WASI } from 'node:wasi';
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
  const threadNs = threadCpuClock();
  let open = threadNs !== null;
  /** This thread's CPU time so far (ms), NaN without WASI. */
  const cpuMs = (): number => (threadNs === null ? Number.NaN : threadNs() / 1e6);
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
      if (count === 0 || !open) return { p99: Number.NaN, max: Number.NaN, frames: count };
      const xs = Array.from(samples.subarray(0, count));
      return { p99: percentile(xs, 99), max: Math.max(...xs), frames: count };
    },
    close(): void {
      open = false;
    },
  };
}

/** A WASI name: its length, then its bytes. */
const wasmName = (s: string): number[] => [s.length, ...Buffer.from(s, 'latin1')];

/**
 * `now()` -> f64: this thread's CPU time in ns. One import (wasi_snapshot_preview1.clock_time_get:
 * (clock id i32, precision i64, result pointer i32) -> errno i32), one page of memory (exported:
 * WASI writes the u64 result there), one function: clock_time_get(3, 0, 0); f64(u64 at 0).
 */
const THREAD_CPU_WASM = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x0c, 0x02, 0x60, 0x03, 0x7f, 0x7e, 0x7f, 0x01, 0x7f, 0x60, 0x00, 0x01, 0x7c, // types: (i32 i64 i32) -> i32, () -> f64
  0x02, 0x29, 0x01, ...wasmName('wasi_snapshot_preview1'), ...wasmName('clock_time_get'), 0x00, 0x00, // import func 0, type 0
  0x03, 0x02, 0x01, 0x01, // func 1: type 1
  0x05, 0x03, 0x01, 0x00, 0x01, // memory: 1 page
  0x07, 0x10, 0x02, ...wasmName('memory'), 0x02, 0x00, ...wasmName('now'), 0x00, 0x01, // exports
  // code: i32.const 3, i64.const 0, i32.const 0, call 0, drop, i32.const 0, i64.load, f64.convert_i64_u
  0x0a, 0x13, 0x01, 0x11, 0x00, 0x41, 0x03, 0x42, 0x00, 0x41, 0x00, 0x10, 0x00, 0x1a, 0x41, 0x00, 0x29, 0x03, 0x00, 0xba, 0x0b,
]);

/** The calling thread's CPU clock (ns), or null where WASI or its thread clock is missing. */
function threadCpuClock(): (() => number) | null {
  try {
    const wasi = new WASI({ version: 'preview1' });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(THREAD_CPU_WASM), wasi.getImportObject() as WebAssembly.Imports);
    wasi.initialize(instance);
    const now = instance.exports['now'] as () => number;
    const a = now();
    let x = 0;
    for (let k = 0; k < 100_000; k++) x += k;
    // A clock that does not move over 100,000 additions is not a thread CPU clock (errno, unsupported).
    return x > 0 && now() > a ? now : null;
  } catch {
    return null;
  }
}
