/**
 * The browser's frame clock: frames at the display refresh through `requestAnimationFrame`, time
 * from `performance.now()`. It never blocks the main thread: a frame is a callback the browser
 * calls before it paints. Like every Clock, callbacks scheduled during a frame wait for the next
 * one. One animation-frame request serves every callback of a frame, and the frame loop allocates
 * nothing (the callbacks are the caller's long-lived functions).
 *
 * Browsers pause animation frames in hidden tabs: the engine (and its watchdog) pauses with them
 * and resumes where it was.
 */
import type { Clock } from './clock.ts';
import { PlatformFrameClock } from './platform-frame-clock.ts';

/** The globals the clock uses (a window; injectable for tests). */
export interface AnimationFrameScope {
  requestAnimationFrame(callback: (time: number) => void): number;
  cancelAnimationFrame(handle: number): void;
  readonly performance: { now(): number };
}

class RafClock extends PlatformFrameClock {
  private readonly scope: AnimationFrameScope;
  private request = 0;
  private readonly tick = (): void => this.onFrame();

  constructor(scope: AnimationFrameScope) {
    super();
    this.scope = scope;
  }

  now(): number {
    return this.scope.performance.now();
  }

  /** One animation-frame request serves every callback of a frame. */
  protected arm(): void {
    if (this.request === 0) this.request = this.scope.requestAnimationFrame(this.tick);
  }

  protected disarm(): void {
    if (this.request !== 0) this.scope.cancelAnimationFrame(this.request);
    this.request = 0;
  }

  private onFrame(): void {
    this.request = 0;
    if (this.disposed) return;
    // performance.now() rather than the rAF timestamp: the engine compares it with now() readings.
    const now = this.scope.performance.now();
    this.pending.runAll(now);
  }
}

/**
 * Creates a requestAnimationFrame clock (browser main thread).
 *
 * @example
 * ```ts
 * const clock = createRafClock();
 * const loop = (now: number) => { draw(now); clock.scheduleFrame(loop); };
 * clock.scheduleFrame(loop);
 * ```
 */
export function createRafClock(scope: AnimationFrameScope = globalThis as unknown as AnimationFrameScope): Clock {
  return new RafClock(scope);
}
