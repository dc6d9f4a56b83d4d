/**
 * A fixed-rate frame clock over timers, for Node (the engine's headless loop, the logic worker's
 * free-running loop) and any JS environment without requestAnimationFrame.
 *
 * Frame k is due at `origin + k * periodMs`. The clock sleeps with `setTimeout` until `spinMs`
 * before the deadline, then polls with `setImmediate` (where it exists) so a frame starts within
 * a fraction of a millisecond of its deadline instead of the timer's ~1 ms granularity. A frame
 * that starts late does not make the next ones burst: missed deadlines are skipped.
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
  /** Milliseconds before a deadline at which the clock stops sleeping and polls; default 1 (0 in environments without setImmediate). */
  readonly spinMs?: number;
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

class TimerClock extends PlatformFrameClock {
  private readonly periodMs: number;
  private readonly spinMs: number;
  private readonly immediate: Immediate | undefined;
  private deadline: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private waiting = false;
  private readonly wake = (): void => this.onWake();

  constructor(periodMs: number, spinMs: number, immediate: Immediate | undefined) {
    super();
    this.periodMs = periodMs;
    this.spinMs = spinMs;
    this.immediate = immediate;
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
    const now = realNow();
    if (now < this.deadline) {
      this.wait();
      return;
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
  const spinMs = options.spinMs ?? (immediate ? 1 : 0);
  return new TimerClock(1000 / fps, spinMs, immediate);
}
