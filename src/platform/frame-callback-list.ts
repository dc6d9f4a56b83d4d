/**
 * The callbacks a Clock owes its next frame, with their handles: add, cancel, and run them all once
 * at the frame. Callbacks added while a frame runs wait for the next one. Shared by the timer and
 * requestAnimationFrame clocks; a steady frame loop allocates nothing (arrays are reused).
 */
import type { FrameCallback } from './clock.ts';

/** Pending frame callbacks of one clock. */
export class FrameCallbackList {
  private readonly callbacks: FrameCallback[] = [];
  private readonly handles: number[] = [];
  private readonly fire: FrameCallback[] = [];

  /** Callbacks waiting for the next frame. */
  get size(): number {
    return this.handles.length;
  }

  add(handle: number, callback: FrameCallback): void {
    this.callbacks.push(callback);
    this.handles.push(handle);
  }

  /** Removes the callback of `handle`; false when it is not pending (already run or cancelled). */
  cancel(handle: number): boolean {
    const i = this.handles.indexOf(handle);
    if (i < 0) return false;
    this.handles.splice(i, 1);
    this.callbacks.splice(i, 1);
    return true;
  }

  clear(): void {
    this.callbacks.length = 0;
    this.handles.length = 0;
  }

  /** Runs every callback pending now, once, with `now`; ones they schedule wait for the next call. */
  runAll(now: number): void {
    const n = this.callbacks.length;
    for (let i = 0; i < n; i++) this.fire[i] = this.callbacks[i]!;
    this.clear();
    for (let i = 0; i < n; i++) {
      const cb = this.fire[i]!;
      this.fire[i] = undefined as unknown as FrameCallback;
      cb(now);
    }
  }
}
