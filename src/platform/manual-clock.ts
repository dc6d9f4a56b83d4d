/**
 * A clock that moves only when told (style G8): tests drive engine frames deterministically with
 * `step(dtMs)` / `run(frames, dtMs)`. Frame callbacks scheduled during a step run at the next step.
 */
import type { Clock, FrameCallback } from './clock.ts';

/**
 * Manual time. `now()` starts at `startMs` and advances only through `advance`, `step` and `run`.
 *
 * @example
 * ```ts
 * const clock = new ManualClock();
 * const app = createApp({ workerHost, game: gameUrl, clock });
 * app.start();
 * clock.run(60, 1000 / 60); // 60 engine frames, one simulated second
 * ```
 */
export class ManualClock implements Clock {
  private time: number;
  private nextHandle = 1;
  private readonly pending: { handle: number; callback: FrameCallback }[] = [];
  private disposed = false;

  constructor(startMs = 0) {
    this.time = startMs;
  }

  now(): number {
    return this.time;
  }

  scheduleFrame(callback: FrameCallback): number {
    const handle = this.nextHandle++;
    if (!this.disposed) this.pending.push({ handle, callback });
    return handle;
  }

  cancelFrame(handle: number): void {
    const i = this.pending.findIndex((p) => p.handle === handle);
    if (i >= 0) this.pending.splice(i, 1);
  }

  dispose(): void {
    this.disposed = true;
    this.pending.length = 0;
  }

  /** Frame callbacks waiting for the next step. */
  get pendingFrames(): number {
    return this.pending.length;
  }

  /** Moves time forward without running frames. */
  advance(dtMs: number): void {
    this.time += dtMs;
  }

  /** Advances time by `dtMs`, then runs every callback scheduled before this call (one frame). */
  step(dtMs = 1000 / 60): void {
    this.time += dtMs;
    const due = this.pending.splice(0, this.pending.length);
    for (const p of due) p.callback(this.time);
  }

  /** Runs `frames` steps of `dtMs` each. */
  run(frames: number, dtMs = 1000 / 60): void {
    for (let i = 0; i < frames; i++) this.step(dtMs);
  }
}
