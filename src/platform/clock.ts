/**
 * The clock seam (style G8): the only way the engine and the logic read time or wait for the next
 * frame. Implementations: `TimerClock` (Node and any JS environment: a fixed-rate timer loop),
 * `ManualClock` (tests: time moves only when the test says so), and the browser helper's
 * requestAnimationFrame clock.
 */

/** Called at a frame boundary with the clock's time in milliseconds. */
export type FrameCallback = (nowMs: number) => void;

/** Time and frame pacing. */
export interface Clock {
  /** Milliseconds since an arbitrary origin, monotonic, sub-millisecond where the platform allows. */
  now(): number;
  /**
   * Calls `callback` once, at this clock's next frame boundary (a fixed rate for timer clocks, the
   * display refresh for requestAnimationFrame); returns a handle for cancelFrame. The callback is
   * called at most once per call; schedule again from inside it for a loop. Pass a long-lived
   * function so a frame loop allocates nothing.
   */
  scheduleFrame(callback: FrameCallback): number;
  /** Cancels a scheduled callback; a handle already called or cancelled is ignored. */
  cancelFrame(handle: number): void;
  /** Releases timers; the clock schedules nothing afterwards. */
  dispose(): void;
}
