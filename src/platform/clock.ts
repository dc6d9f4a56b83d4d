/**
 * The clock seam (style G8): the only way the engine and the logic read time, wait for the next
 * frame, wait a while (timeouts, back-off) or yield to the event loop. Implementations: `TimerClock`
 * (Node and any JS environment: a fixed-rate timer loop), `ManualClock` (tests: time moves only when
 * the test says so), and the browser's requestAnimationFrame clock. The engine and the logic import
 * this file for its types only; start-up wiring (`src/startup/`) chooses the implementation.
 */

/** Called at a frame boundary with the clock's time in milliseconds. */
export type FrameCallback = (nowMs: number) => void;

/**
 * Returning to the event loop: how a thread lets promises, timers, I/O and dynamic imports run
 * between frames. The logic worker gets one from its start-up entry (`src/startup/*-worker-main.ts`).
 */
export interface EventLoopYield {
  /** Calls `fn` from a fresh event-loop task (after pending microtasks, I/O and due timers). Pass a long-lived function. */
  yieldThen(fn: () => void): void;
  /** Calls `fn` after about `ms` milliseconds (a polling fallback). Pass a long-lived function. */
  sleepThen(fn: () => void, ms: number): void;
}

/** Time and frame pacing. */
export interface Clock extends EventLoopYield {
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
  /** Releases frame timers; the clock schedules no frames afterwards (delays still work). */
  dispose(): void;
  /**
   * Resolves after `ms` milliseconds of this clock's time. When `signal` aborts first, the timer is
   * cleared and the promise resolves at once, so a race against a timeout leaves nothing pending
   * (a pending timer would keep a Node process alive until it fires).
   */
  delay(ms: number, signal?: AbortSignal): Promise<void>;
}
