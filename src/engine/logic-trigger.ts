/**
 * The lockstep trigger (the seed's TriggerNextFrame / IsFrameComplete): in the engine's trigger
 * phase, request the next logic frame only when the last one is complete; otherwise count a skipped
 * frame and let the engine render on. Engine thread only; one per logic host, reset per incarnation.
 */
import { FRAME_COMPLETED_SLOT, FRAME_REQUESTED_SLOT, LOGIC_STATUS_RUNNING, STATUS_SLOT } from '../protocol/control-block.ts';
import type { DiagnosticHub } from './diagnostic-hub.ts';
import { RUNTIME_CODES } from './error-codes.ts';

/** Requests lockstep logic frames through the control block. */
export class LogicTrigger {
  /** The last frame requested of the current incarnation (FRAME_REQUESTED). */
  requested = 0;
  /** When the last frame was requested (the worker owes progress from then on). */
  requestedAt = 0;
  /** Frames requested, over every incarnation. */
  triggered = 0;
  /** Engine frames that found the last logic frame incomplete, over every incarnation. */
  skippedFrames = 0;
  /** The control block whose request still waits for its wake (`wake`); null when none does. */
  private wakePending: Int32Array | null = null;

  constructor(private readonly diagnostics: DiagnosticHub, private readonly now: () => number) {}

  /** A new incarnation starts with nothing requested. */
  reset(): void {
    this.requested = 0;
    this.wakePending = null;
  }

  /** Whether the worker has not completed the last requested frame (a frame is owed). */
  owed(control: Int32Array): boolean {
    // ORDERING: acquire — FRAME_COMPLETED is stored after the worker's frame; behind the request means a frame is owed.
    return Atomics.load(control, FRAME_COMPLETED_SLOT) !== this.requested;
  }

  /**
   * Requests the first frame of a standby worker about to be activated (hot reload, restart spare),
   * before its activation message is posted: it runs its setup and that frame as soon as it is
   * activated, instead of waiting for the next trigger phase (one engine frame less without logic).
   */
  requestFirst(control: Int32Array): void {
    this.requested = 1;
    this.triggered++;
    this.requestedAt = this.now();
    // ORDERING: release — stored before the activation is posted; the standby's pacer reads it after activating.
    Atomics.store(control, FRAME_REQUESTED_SLOT, 1);
  }

  /** Requests the next logic frame if the last one is complete, else counts a skip. `tick`: the logic's last tick, for messages. */
  trigger(control: Int32Array, tick: number): void {
    // ORDERING: observe — only a running worker is waiting for triggers.
    if (Atomics.load(control, STATUS_SLOT) !== LOGIC_STATUS_RUNNING) return;
    if (this.owed(control)) {
      this.skippedFrames++;
      if (this.skippedFrames % 60 === 0) {
        this.diagnostics.report(RUNTIME_CODES.LOGIC_FRAMES_SKIPPED.code, 'warning', `logic frame ${tick + 1} was not complete at trigger time; ${this.skippedFrames} engine frames skipped triggering so far and kept rendering. The game's update is slower than the engine frame: lighten it or run the logic at its own rate (logic: { hz }).`, 'trigger', tick + 1);
      }
      return;
    }
    this.requested++;
    this.triggered++;
    this.requestedAt = this.now();
    // ORDERING: release — the request is published; the worker's waitAsync on this slot wakes at `wake`.
    Atomics.store(control, FRAME_REQUESTED_SLOT, this.requested);
    this.wakePending = control;
  }

  /**
   * Wakes the worker for the frame `trigger` requested (nothing when it requested none). The
   * engine calls it as its frame's last act, after the frame is timed: on a machine whose cores
   * are all busy, the OS runs a woken thread at once in place of the one that woke it (wake-up
   * preemption), and the logic frame it then runs was counted as the engine's trigger phase.
   */
  wake(): void {
    const control = this.wakePending;
    if (control === null) return;
    this.wakePending = null;
    // ORDERING: wake the worker waiting on FRAME_REQUESTED (the request was stored by trigger).
    Atomics.notify(control, FRAME_REQUESTED_SLOT);
  }
}
