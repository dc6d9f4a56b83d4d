/**
 * The reload counters (`stats().reload`) and the TF4140 report of a reload that reached the first
 * frame of its new code. The engine frame that sees that frame only notes it (`passed`); the count,
 * the time and the report are settled in a task after that frame (`settle`), with the reload's
 * other one-off work (logic-reload-driver.ts), so none of it lengthens an engine frame. Engine
 * thread only.
 */
import type { DiagnosticHub } from './diagnostic-hub.ts';
import type { ReloadCounters } from './logic-reload.ts';
import { RUNTIME_CODES } from './error-codes.ts';

/** Counts reloads and reports each successful one (TF4140) outside the engine frame that saw it. */
export class ReloadTally {
  private count = 0;
  private failedCount = 0;
  private readonly ms: number[] = [];
  /** A passed reload noted by a frame and not yet settled (incarnation 0: none). */
  private pendingIncarnation = 0;
  private pendingMs = 0;
  private pendingKept = false;
  private pendingTick = 0;

  constructor(private readonly diagnostics: DiagnosticHub) {}

  /** `stats().reload` (a passed reload counts once it is settled). */
  get counters(): ReloadCounters {
    return { count: this.count, failed: this.failedCount, ms: this.ms };
  }

  /** A reload that changed nothing (bundle, load or first frame); counted at once, its report is the caller's. */
  failed(): void {
    this.failedCount++;
  }

  /**
   * Notes, inside the engine frame that saw it, that `incarnation` completed its first frame `ms`
   * after the save (`kept`: the world was kept). Allocates nothing; `settle` counts and reports it.
   * A pass noted while another waits settles that one first (never lost).
   */
  passed(incarnation: number, ms: number, kept: boolean, tick: number): void {
    if (this.pendingIncarnation !== 0) this.settle();
    this.pendingIncarnation = incarnation;
    this.pendingMs = ms;
    this.pendingKept = kept;
    this.pendingTick = tick;
  }

  /** Counts and reports (TF4140) the pass `passed` noted, if any. Call after the engine frame. */
  settle(): void {
    const incarnation = this.pendingIncarnation;
    if (incarnation === 0) return;
    this.pendingIncarnation = 0;
    this.count++;
    this.ms.push(this.pendingMs);
    this.diagnostics.report(RUNTIME_CODES.LOGIC_RELOADED.code, 'info', `logic reloaded as incarnation ${incarnation} in ${this.pendingMs.toFixed(1)} ms (save to first frame of the new code); ${this.pendingKept ? 'the world was kept' : 'the game did not opt in (ctx.hot), so its setup rebuilt the world'}.`, 'watchdog', this.pendingTick);
  }
}
