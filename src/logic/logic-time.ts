/**
 * Game time on the logic thread (`ctx.time`): the tick, this frame's delta and the elapsed game
 * time, with pause and time scale. The raw delta comes from the injected clock; game time is the
 * raw delta times the scale, and 0 while paused. All in seconds.
 */
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { LOGIC_CODES } from './error-codes.ts';

/** The read-only view games get, plus pause and scale controls. */
export interface GameTime {
  /** Number of the current logic frame (1 for the first). */
  readonly tick: number;
  /** Game seconds since the previous frame (scaled; 0 while paused, 0 in the first frame). */
  readonly dt: number;
  /** Wall seconds since the previous frame, unscaled. */
  readonly rawDt: number;
  /** Game seconds since the start (sum of dt). */
  readonly elapsed: number;
  readonly paused: boolean;
  /** Multiplier of game time (1 = real time). */
  readonly timeScale: number;
  pause(): void;
  resume(): void;
  /** Sets the time scale; throws TF5010 for a negative or non-finite value. */
  setTimeScale(scale: number): void;
}

/** The runtime's clock for game time. Logic thread only; allocates nothing per frame. */
export class LogicTime implements GameTime {
  tick = 0;
  dt = 0;
  rawDt = 0;
  elapsed = 0;
  paused = false;
  timeScale = 1;
  /**
   * Record/replay's virtual clock in ms: the raw dts so far, each times 1000, added tick by tick
   * (deterministic-globals.ts reads it when a game calls performance.now / Date.now; the sum is
   * formed as the recordings before it formed theirs, so they replay to the same values).
   */
  virtualMs = 0;

  /** Starts frame `tick` with `rawDtSeconds` since the previous one. */
  begin(tick: number, rawDtSeconds: number): void {
    this.tick = tick;
    this.rawDt = rawDtSeconds > 0 ? rawDtSeconds : 0;
    this.virtualMs += this.rawDt * 1000;
    this.dt = this.paused ? 0 : this.rawDt * this.timeScale;
    this.elapsed += this.dt;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  setTimeScale(scale: number): void {
    if (!(typeof scale === 'number' && Number.isFinite(scale) && scale >= 0)) {
      throw new TwinframeError(
        LOGIC_CODES.API_ARGUMENT_INVALID.code,
        `ctx.time.setTimeScale: bad scale; got ${String(scale)}, expected a finite number >= 0. Use 1 for real time, 0.5 for half speed.`,
      );
    }
    this.timeScale = scale;
  }
}
