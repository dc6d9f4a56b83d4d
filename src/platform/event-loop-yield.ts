/**
 * Yielding to the worker's event loop between logic frames, so promises, timers and dynamic
 * imports in game code get their turn (architecture note section 3). Node and browsers differ:
 * `setImmediate` (Node) runs after pending I/O without the timer clamp; elsewhere a 0 ms timeout.
 * These are the logic layer's only timer uses; they never read the clock.
 */

type Schedule = (fn: () => void) => unknown;
type Sleep = (fn: () => void, ms: number) => unknown;

const g = globalThis as { setImmediate?: Schedule; setTimeout: Sleep };
const immediate: Schedule | undefined = typeof g.setImmediate === 'function' ? g.setImmediate.bind(globalThis) : undefined;
const timeout: Sleep = g.setTimeout.bind(globalThis);

/** Calls `fn` from a fresh event-loop task (after pending microtasks, I/O and due timers). Pass a long-lived function. */
export function yieldToEventLoop(fn: () => void): void {
  if (immediate !== undefined) immediate(fn);
  else timeout(fn, 0);
}

/** Calls `fn` after about `ms` milliseconds (polling fallback where Atomics.waitAsync is missing). */
export function sleepThen(fn: () => void, ms: number): void {
  timeout(fn, ms);
}
