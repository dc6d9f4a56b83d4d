/**
 * The logic watchdog, run in the engine's observe phase: a worker inside a frame (or owing one)
 * whose heartbeat has not moved for the stall threshold is reported stalled; past `hangTimeoutMs`
 * it is hung, and the logic host terminates and restarts it. A stalled worker is checked again at
 * its hang deadline through the clock seam, not only at the next engine frame. Engine thread only.
 */
import { HEARTBEAT_SLOT, LOGIC_PHASE_IDLE, LOGIC_PHASES, LOGIC_STATUS_FAILED, LOGIC_STATUS_RUNNING, PHASE_SLOT, STATUS_SLOT } from '../protocol/control-block.ts';
import type { LogicPacing } from '../protocol/handshake.ts';
import type { Clock } from '../platform/clock.ts';
import type { DiagnosticHub } from './diagnostic-hub.ts';
import type { LogicTrigger } from './logic-trigger.ts';
import { RUNTIME_CODES } from './error-codes.ts';

/** What one watchdog check found. */
export const WATCHDOG = { OK: 0, LOAD_FAILED: 1, HUNG: 2 } as const;
export type WatchdogVerdict = (typeof WATCHDOG)[keyof typeof WATCHDOG];

/** What the watchdog needs. */
export interface WatchdogConfig {
  readonly clock: Clock;
  readonly pacing: LogicPacing;
  readonly diagnostics: DiagnosticHub;
  readonly stallTimeoutMs: number;
  readonly hangTimeoutMs: number;
  /** Aborted when the host stops: a pending re-check is cleared. */
  readonly stopSignal: AbortSignal;
  /** Runs the host's watchdog again (a re-check at the hang deadline). */
  readonly recheck: (incarnation: number) => void;
}

/** Where a stalled or hung worker is stuck, for messages (allocates; error path only). */
function whereHung(phase: number): string {
  return phase === LOGIC_PHASE_IDLE
    ? 'between frames (outside every phase: a promise continuation or a timer callback that does not return)'
    : `in phase ${LOGIC_PHASES[phase] ?? phase}`;
}

/** Heartbeat observation of the current incarnation. */
export class LogicWatchdog {
  hangs = 0;
  /** Milliseconds from the last hang's start (heartbeat stop) to its detection. */
  lastHangDetectMs = 0;
  private lastHeartbeat = -1;
  /** The earliest time the last heartbeat change can have happened (see check). */
  private heartbeatChangedAt = 0;
  /** When the last check ran: a heartbeat change it did not see happened after it. */
  private lastCheckAt = 0;
  private stallReported = false;
  /** A check at the stalled worker's hang deadline is pending. */
  private hangCheckArmed = false;

  constructor(private readonly config: WatchdogConfig) {}

  /** A new incarnation was spawned at `now`. */
  reset(now: number): void {
    this.lastHeartbeat = -1;
    this.heartbeatChangedAt = now;
    this.lastCheckAt = now;
    this.stallReported = false;
  }

  /** One check of incarnation `incarnation` at logic tick `tick`; reports stalls and hangs. Allocates nothing while the worker is healthy. */
  check(control: Int32Array, trigger: LogicTrigger, incarnation: number, tick: number): WatchdogVerdict {
    const c = this.config;
    const now = c.clock.now();
    // ORDERING: observe — the heartbeat only has to move; any newer value proves progress.
    const hb = Atomics.load(control, HEARTBEAT_SLOT);
    const lastCheckAt = this.lastCheckAt;
    this.lastCheckAt = now;
    if (hb !== this.lastHeartbeat) {
      this.lastHeartbeat = hb;
      // The beat happened after the last check, and in lockstep after the request of the frame it
      // belongs to: a worker beats only once it has a frame to run, so its last beat is no earlier
      // than the later of the two. Timing from there, not from this (up to a frame later)
      // observation, puts a hang's detection at the timeout after the frame began instead of the
      // timeout plus the observation's lag (issue 15: detect_ms 266 -> 250 at 60 Hz). Free-running,
      // the worker beats on its own clock: the observation is the only bound.
      this.heartbeatChangedAt = c.pacing.mode === 'lockstep' ? Math.max(lastCheckAt, trigger.requestedAt) : now;
      this.stallReported = false;
      return WATCHDOG.OK;
    }
    // ORDERING: observe — the phase the worker is in; IDLE between frames is not hung by itself.
    const phase = Atomics.load(control, PHASE_SLOT);
    // ORDERING: observe — a worker that failed to load is down, not hung.
    const status = Atomics.load(control, STATUS_SLOT);
    if (status === LOGIC_STATUS_FAILED) return WATCHDOG.LOAD_FAILED;
    // Since when the worker owes a heartbeat: inside a phase, since its last beat; idle, only once
    // it has a frame to run (lockstep: a request it has not completed, counted from the later of
    // the request and the last beat; free-running: one period after the last beat). An idle worker
    // that never picks its frame up is stuck outside the frame (a promise continuation or a timer
    // callback that never returns) and is as hung as one inside it.
    let owedSince = -1;
    if (phase !== LOGIC_PHASE_IDLE) {
      owedSince = this.heartbeatChangedAt;
    } else if (status === LOGIC_STATUS_RUNNING) {
      if (c.pacing.mode !== 'lockstep') owedSince = this.heartbeatChangedAt + 1000 / c.pacing.hz;
      else if (trigger.owed(control)) owedSince = Math.max(this.heartbeatChangedAt, trigger.requestedAt);
    }
    if (owedSince < 0) return WATCHDOG.OK;
    if (!this.stallReported && now - owedSince > c.stallTimeoutMs) {
      this.stallReported = true;
      c.diagnostics.report(RUNTIME_CODES.LOGIC_STALLED.code, 'warning', `logic worker ${incarnation} is stalled: no heartbeat for ${Math.round(now - this.heartbeatChangedAt)} ms ${whereHung(phase)} at tick ${tick + 1}; it is declared hung at ${c.hangTimeoutMs} ms. The engine keeps rendering.`, 'watchdog', tick + 1);
    }
    if (this.stallReported && !this.hangCheckArmed && now - owedSince <= c.hangTimeoutMs) {
      // A stalled worker is checked again right at its hang deadline, not only at the next engine
      // frame: detection lands within the timeout plus the timer's slack instead of up to a frame
      // later (a timer that fires a little early re-arms itself here).
      this.armHangCheck(owedSince + c.hangTimeoutMs - now, incarnation);
    }
    if (now - owedSince <= c.hangTimeoutMs) return WATCHDOG.OK;
    this.hangs++;
    this.lastHangDetectMs = now - this.heartbeatChangedAt;
    c.diagnostics.report(
      RUNTIME_CODES.LOGIC_HUNG.code, 'error',
      `logic worker ${incarnation} is hung: its heartbeat has not moved for ${Math.round(now - this.heartbeatChangedAt)} ms (timeout ${c.hangTimeoutMs} ms) ${whereHung(phase)} at tick ${tick + 1}; it was terminated. Look for an endless loop there, or raise hangTimeoutMs for long frames.`,
      'watchdog', tick + 1,
    );
    return WATCHDOG.HUNG;
  }

  /**
   * Runs the host's watchdog again in `ms` (outside the frame loop), through the clock seam and
   * cancelled when the host stops. A method of its own: a closure in check() would make V8
   * allocate a context on every call, and check runs every frame.
   */
  private armHangCheck(ms: number, incarnation: number): void {
    this.hangCheckArmed = true;
    const signal = this.config.stopSignal;
    void this.config.clock.delay(Math.max(0, ms), signal).then(() => {
      this.hangCheckArmed = false;
      if (!signal.aborted) this.config.recheck(incarnation);
    });
  }
}
