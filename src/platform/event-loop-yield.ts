/**
 * The platform's event loop, for the Clock seam: yielding between frames and waiting with timers.
 * Node and browsers differ: `setImmediate` (Node) runs after pending I/O without the timer clamp;
 * elsewhere a 0 ms timeout. The timer and requestAnimationFrame clocks delegate here; nothing
 * else in `src` calls `setTimeout` for the engine or the logic.
 */
import type { EventLoopYield } from './clock.ts';

type Schedule = (fn: () => void) => unknown;
type Sleep = (fn: () => void, ms: number) => unknown;
type Clear = (handle: unknown) => void;

const g = globalThis as unknown as { setImmediate?: Schedule; setTimeout: Sleep; clearTimeout: Clear };
const immediate: Schedule | undefined = typeof g.setImmediate === 'function' ? g.setImmediate.bind(globalThis) : undefined;
const timeout: Sleep = g.setTimeout.bind(globalThis);
const clear: Clear = g.clearTimeout.bind(globalThis);

/** Calls `fn` from a fresh event-loop task (after pending microtasks, I/O and due timers). Pass a long-lived function. */
export function yieldToEventLoop(fn: () => void): void {
  if (immediate !== undefined) immediate(fn);
  else timeout(fn, 0);
}

/** Calls `fn` after about `ms` milliseconds (polling fallback where Atomics.waitAsync is missing). */
export function sleepThen(fn: () => void, ms: number): void {
  timeout(fn, ms);
}

/**
 * Resolves after about `ms` milliseconds of real time; an abort of `signal` clears the timer and
 * resolves at once (nothing stays pending).
 */
export function platformDelay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal?.aborted === true) {
      resolve();
      return;
    }
    const onAbort = (): void => {
      clear(handle);
      resolve();
    };
    const handle = timeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The platform's event loop as an EventLoopYield (what the worker entries hand the logic runtime). */
export const platformEventLoop: EventLoopYield = { yieldThen: yieldToEventLoop, sleepThen };
