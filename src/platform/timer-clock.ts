/**
 * A fixed-rate frame clock over timers, for Node (the engine's headless loop, the logic worker's
 * free-running loop) and any JS environment without requestAnimationFrame.
 *
 * Frame k is due at `origin + k * periodMs`. The clock sleeps with `setTimeout` until `spinMs`
 * before the deadline (the timer's granularity is ~1 ms), then, where the thread may block (Node's
 * main thread, any worker), sleeps the rest in `Atomics.wait` with a timeout, so a frame starts
 * within a fraction of a millisecond of its deadline. Elsewhere it polls with `setImmediate` (where
 * it exists). Why not always poll: each poll is an Immediate object and a turn of the event loop,
 * about 0.5 ms of CPU and 10 KB of garbage a frame at 60 Hz, taken from the cores the logic worker
 * needs and paid back in scavenges that stall engine frames (measured in the commit that made the
 * change). A frame that starts late does not make the next ones burst: missed deadlines are skipped.
 * Timers themselves allocate inside the host (a Timeout object per wait); the frame callbacks run
 * by this clock are the caller's long-lived functions.
 */
import type { Clock } from './clock.ts';
import { PlatformFrameClock } from './platform-frame-clock.ts';
import { PLATFORM_CODES } from './error-codes.ts';
import { TwinframeError } from '../shared-memory/twinframe-error.ts';

/** Options of createTimerClock. */
export interface TimerClockOptions {
  /** Frames per second, > 0 and <= 1000. */
  readonly fps: number;
  /**
   * Milliseconds before a deadline at which the clock stops sleeping on a timer and waits the rest
   * precisely (blocking in Atomics.wait, or polling where the thread may not block); default 1 (0
   * where it can do neither).
   */
  readonly spinMs?: number;
  /**
   * Poll with setImmediate even where the thread could block (default false). A blocking sleep
   * holds the event loop for the last stretch before each frame (under spinMs, about 1 ms a frame);
   * polling lets I/O callbacks run in it, at the cost of a busy core and garbage each frame.
   */
  readonly poll?: boolean;
}

/**
 * The platform's `performance.now`, captured when this module loads: record/replay replaces the
 * logic worker's global `performance.now` with a virtual clock for the game (logic/deterministic-globals.ts),
 * and the worker's own timing must keep real time.
 */
const realNow: () => number = performance.now.bind(performance);

/** Reads the platform's monotonic time in milliseconds (the real clock, whatever a game's globals say). */
export function platformNow(): number {
  return realNow();
}

type Immediate = (fn: () => void) => unknown;
/** Blocks the calling thread for `ms` milliseconds. */
type Block = (ms: number) => void;

/**
 * A precise sleep that blocks the thread, or undefined where the thread may not block (a browser
 * window's main thread throws on Atomics.wait) or there is no SharedArrayBuffer.
 */
function createBlock(): Block | undefined {
  if (typeof SharedArrayBuffer !== 'function') return undefined;
  const cell = new Int32Array(new SharedArrayBuffer(4));
  try {
    // ORDERING: none — a probe on a private cell (the value differs, so it returns at once); it publishes and observes nothing.
    Atomics.wait(cell, 0, 1, 0);
  } catch {
    return undefined;
  }
  return (ms: number): void => {
    // ORDERING: none — a timed sleep on a private cell nobody notifies; it publishes and observes nothing.
    Atomics.wait(cell, 0, 0, ms);
  };
}

class TimerClock extends PlatformFrameClock {
  private readonly periodMs: number;
  private readonly spinMs: number;
  private readonly immediate: Immediate | undefined;
  private readonly block: Block | undefined;
  private deadline: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private waiting = false;
  private readonly wake = (): void => this.onWake();

  constructor(periodMs: number, spinMs: number, immediate: Immediate | undefined, block: Block | undefined) {
    super();
    this.periodMs = periodMs;
    this.spinMs = spinMs;
    this.immediate = immediate;
    this.block = block;
    this.deadline = realNow() + periodMs;
  }

  now(): number {
    return realNow();
  }

  protected arm(): void {
    if (!this.waiting) this.wait();
  }

  protected disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.waiting = false;
  }

  /** Sleeps (or polls, close to the deadline) until the next frame is due. */
  private wait(): void {
    this.waiting = true;
    const now = realNow();
    if (now - this.deadline > this.periodMs) {
      // Late by more than a frame (the loop was idle or the thread was busy): realign, don't burst.
      this.deadline = now;
    }
    const remaining = this.deadline - now;
    if (remaining > this.spinMs) {
      this.timer = setTimeout(this.wake, Math.max(0, remaining - this.spinMs));
    } else if (this.immediate !== undefined) {
      this.immediate(this.wake);
    } else {
      this.timer = setTimeout(this.wake, 0);
    }
  }

  private onWake(): void {
    this.timer = undefined;
    if (this.disposed || this.pending.size === 0) {
      this.waiting = false;
      return;
    }
    let now = realNow();
    if (now < this.deadline) {
      if (this.block === undefined || this.deadline - now > this.spinMs) {
        this.wait();
        return;
      }
      // Called from the event loop (never from scheduleFrame: a frame never runs inside its caller)
      // within spinMs of the deadline: sleep the rest, then run the frame.
      while (now < this.deadline) {
        this.block(this.deadline - now);
        now = realNow();
      }
    }
    this.deadline += this.periodMs;
    this.waiting = false;
    // Callbacks scheduled while these run wait for the next deadline.
    this.pending.runAll(now);
    if (this.pending.size > 0) this.arm();
  }
}

/**
 * Creates a fixed-rate timer clock. Throws TF3001 for a rate that is not a number in (0, 1000].
 *
 * @example
 * ```ts
 * const clock = createTimerClock({ fps: 60 });
 * const loop = (now: number) => { draw(now); clock.scheduleFrame(loop); };
 * clock.scheduleFrame(loop);
 * ```
 */
export function createTimerClock(options: TimerClockOptions): Clock {
  const fps = options.fps;
  if (!(typeof fps === 'number' && fps > 0 && fps <= 1000)) {
    throw new TwinframeError(
      PLATFORM_CODES.CLOCK_RATE_INVALID.code,
      `createTimerClock: frame rate out of range; got ${String(fps)}, expected a number of frames per second in (0, 1000]. Pass e.g. { fps: 60 }.`,
      { fps },
    );
  }
  const g = globalThis as { setImmediate?: Immediate };
  const immediate = typeof g.setImmediate === 'function' ? g.setImmediate.bind(globalThis) : undefined;
  const block = options.poll === true ? undefined : createBlock();
  const spinMs = options.spinMs ?? (immediate !== undefined || block !== undefined ? 1 : 0);
  return new TimerClock(1000 / fps, spinMs, immediate, block);
}
