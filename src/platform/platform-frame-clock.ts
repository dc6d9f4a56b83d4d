/**
 * What the two real clocks share (timer-clock.ts, raf-clock.ts): the pending frame callbacks and
 * their handles, cancel and dispose, and the platform's real time for delays and yields. Each
 * subclass only says how it wakes for the next frame (`arm`) and how it stops waking (`disarm`).
 */
import type { Clock, FrameCallback } from './clock.ts';
import { FrameCallbackList } from './frame-callback-list.ts';
import { platformDelay, sleepThen, yieldToEventLoop } from './event-loop-yield.ts';

/** Base of the platform clocks. A steady frame loop allocates nothing here. */
export abstract class PlatformFrameClock implements Clock {
  protected readonly pending = new FrameCallbackList();
  protected disposed = false;
  private nextHandle = 1;

  abstract now(): number;

  /** Makes sure the next frame will run the pending callbacks (no-op when already waiting). */
  protected abstract arm(): void;
  /** Stops waiting for a frame (nothing is pending any more, or the clock was disposed). */
  protected abstract disarm(): void;

  scheduleFrame(callback: FrameCallback): number {
    const handle = this.nextHandle++;
    if (this.disposed) return handle;
    this.pending.add(handle, callback);
    this.arm();
    return handle;
  }

  cancelFrame(handle: number): void {
    if (this.pending.cancel(handle) && this.pending.size === 0) this.disarm();
  }

  dispose(): void {
    this.disposed = true;
    this.pending.clear();
    this.disarm();
  }

  /** Real time, not frames: a hidden tab pauses animation frames but a shutdown timeout still ends. */
  delay(ms: number, signal?: AbortSignal): Promise<void> {
    return platformDelay(ms, signal);
  }

  yieldThen(fn: () => void): void {
    yieldToEventLoop(fn);
  }

  sleepThen(fn: () => void, ms: number): void {
    sleepThen(fn, ms);
  }
}
