/**
 * When the flight recorder writes a file (recorder.ts): on the first error of each code (not a
 * consequence of another, NO_FILE_CODES), once the failing tick's facts were applied, at most
 * FLIGHT_SETTLE_FRAMES engine frames after the error, or at once when the logic is gone (a crash or
 * a hang, WORKER_GONE_CODES). One pending write covers every error until it is due: an error of
 * another code meanwhile joins it (coalesced); an error after it was taken asks for another file.
 */
import { FLIGHT_SETTLE_FRAMES, NO_FILE_CODES, WORKER_GONE_CODES, type FlightTrigger } from './recorder-config.ts';

/** The flight recorder's triggers. Engine thread only. */
export class FlightTriggers {
  private readonly triggered = new Set<string>();
  private pending: FlightTrigger | null = null;

  /** An error or fatal diagnostic `code` of logic tick `tick`, reported in engine frame `frame`. */
  error(code: string, tick: number, frame: number): void {
    if (this.triggered.has(code) || NO_FILE_CODES.has(code)) return;
    this.triggered.add(code);
    // The logic is gone after a crash or hang (nothing more of its tick comes): write at the end of
    // this frame (or the next one, for a crash reported between frames). An error of a running
    // logic waits until the engine applied its tick (its facts), at most FLIGHT_SETTLE_FRAMES.
    const immediate = WORKER_GONE_CODES.has(code);
    if (this.pending === null || immediate) this.pending = { code, tick, atFrame: frame, immediate };
  }

  /** The pending trigger if it is due after frame `frame` whose last applied tick is `lastTick` (taken), else null. */
  due(frame: number, lastTick: number): FlightTrigger | null {
    const p = this.pending;
    if (p === null || !(p.immediate || lastTick >= p.tick || frame - p.atFrame >= FLIGHT_SETTLE_FRAMES)) return null;
    this.pending = null;
    return p;
  }

  /** The pending trigger, due or not (taken): the incarnation or the app ends. */
  take(): FlightTrigger | null {
    const p = this.pending;
    this.pending = null;
    return p;
  }
}
