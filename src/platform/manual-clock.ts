/**
 * A clock that moves only when told (style G8): tests drive engine frames deterministically with
 * `step(dtMs)` / `run(frames, dtMs)`. Frame callbacks scheduled during a step run at the next step.
 * Delays, sleeps and yields are timers in the same manual time: they fire when `advance`, `step`
 * or `run` moves time to or past their due time (a yield is due at once, so the next move runs it).
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
  private readonly timers: { due: number; fn: () => void }[] = [];

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

  delay(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      if (signal?.aborted === true) {
        resolve();
        return;
      }
      const timer = { due: this.time + Math.max(0, ms), fn: (): void => { signal?.removeEventListener('abort', onAbort); resolve(); } };
      const onAbort = (): void => {
        const i = this.timers.indexOf(timer);
        if (i >= 0) this.timers.splice(i, 1);
        resolve();
      };
      this.timers.push(timer);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  yieldThen(fn: () => void): void {
    this.timers.push({ due: this.time, fn });
  }

  sleepThen(fn: () => void, ms: number): void {
    this.timers.push({ due: this.time + Math.max(0, ms), fn });
  }

  /** Delays, sleeps and yields not yet due. */
  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Frame callbacks waiting for the next step. */
  get pendingFrames(): number {
    return this.pending.length;
  }

  /** Moves time forward without running frames. */
  advance(dtMs: number): void {
    this.time += dtMs;
    this.fireTimers();
  }

  /** Advances time by `dtMs`, then runs every callback scheduled before this call (one frame). */
  step(dtMs = 1000 / 60): void {
    this.time += dtMs;
    this.fireTimers();
    const due = this.pending.splice(0, this.pending.length);
    for (const p of due) p.callback(this.time);
  }

  /** Runs `frames` steps of `dtMs` each. */
  run(frames: number, dtMs = 1000 / 60): void {
    for (let i = 0; i < frames; i++) this.step(dtMs);
  }

  /** Runs the timers due by now, earliest first; timers they add wait for the next move. */
  private fireTimers(): void {
    if (this.timers.length === 0) return;
    const due = this.timers.filter((t) => t.due <= this.time).sort((a, b) => a.due - b.due);
    for (const t of due) {
      const i = this.timers.indexOf(t);
      if (i < 0) continue;
      this.timers.splice(i, 1);
      t.fn();
    }
  }
}
