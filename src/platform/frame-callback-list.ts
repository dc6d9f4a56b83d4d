/**
 * The callbacks a Clock owes its next frame, with their handles: add, cancel, and run them all once
 * at the frame. Callbacks added while a frame runs wait for the next one. Shared by the timer and
 * requestAnimationFrame clocks; a steady frame loop allocates nothing: the arrays keep their
 * storage and a count says how much of it is pending (`length = 0` would drop the storage, and
 * `splice` returns a new array, so each frame would allocate).
 */
import type { FrameCallback } from './clock.ts';

/** Pending frame callbacks of one clock. */
export class FrameCallbackList {
  private readonly callbacks: (FrameCallback | undefined)[] = [];
  private readonly handles: number[] = [];
  private readonly fire: (FrameCallback | undefined)[] = [];
  private count = 0;

  /** Callbacks waiting for the next frame. */
  get size(): number {
    return this.count;
  }

  add(handle: number, callback: FrameCallback): void {
    this.callbacks[this.count] = callback;
    this.handles[this.count] = handle;
    this.count++;
  }

  /** Removes the callback of `handle`; false when it is not pending (already run or cancelled). */
  cancel(handle: number): boolean {
    const n = this.count;
    let i = 0;
    while (i < n && this.handles[i] !== handle) i++;
    if (i === n) return false;
    for (let k = i + 1; k < n; k++) {
      this.callbacks[k - 1] = this.callbacks[k];
      this.handles[k - 1] = this.handles[k]!;
    }
    this.count = n - 1;
    this.callbacks[n - 1] = undefined;
    return true;
  }

  clear(): void {
    for (let i = 0; i < this.count; i++) this.callbacks[i] = undefined;
    this.count = 0;
  }

  /** Runs every callback pending now, once, with `now`; ones they schedule wait for the next call. */
  runAll(now: number): void {
    const n = this.count;
    for (let i = 0; i < n; i++) this.fire[i] = this.callbacks[i];
    this.clear();
    for (let i = 0; i < n; i++) {
      const cb = this.fire[i]!;
      this.fire[i] = undefined;
      cb(now);
    }
  }
}
