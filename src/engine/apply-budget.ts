/**
 * The engine frame's time budget for applying commands and flushing callbacks: the apply phase
 * stops once `budgetMs` has passed since it began, and what it did not reach stays, in order, in
 * its queue for the next frame (nothing lost, counted). Time is read through the engine's clock
 * seam, but only every `BUDGET_CHECK_INTERVAL` commands, so the read costs nothing per command and
 * a frame overshoots the budget by at most one interval's work.
 */

/** Commands applied (or callbacks flushed) between two reads of the clock. */
export const BUDGET_CHECK_INTERVAL = 256;

/** One engine frame's deadline and the run's counters. Engine thread only; allocates nothing. */
export class ApplyBudget {
  /** Frames whose apply phase stopped at the budget with commands left in the queue. */
  framesOverBudget = 0;
  /** Commands left in the queue by those frames, summed (a command carried twice counts twice). */
  commandsCarried = 0;
  /** Frames whose callback flush stopped at the budget with callbacks still waiting. */
  callbackFramesOverBudget = 0;
  private deadline = 0;

  /** `budgetMs`: the apply phase's share of a frame (Infinity: unbounded). */
  constructor(private readonly now: () => number, readonly budgetMs: number) {}

  /** Starts a phase's budget now. */
  begin(): void {
    this.deadline = this.now() + this.budgetMs;
  }

  /** True once the phase begun last is out of time (one clock read). */
  expired(): boolean {
    return this.now() >= this.deadline;
  }

  /** The apply phase stopped at the budget with `left` commands still queued. */
  carry(left: number): void {
    this.framesOverBudget++;
    this.commandsCarried += left;
  }
}
