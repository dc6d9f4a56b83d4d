/**
 * Requests the game made with no way to observe a refusal (no error handler, no awaited `ready`)
 * that were still waiting for the engine's answer when the logic stopped gracefully. Each settled
 * with TF5022 like every pending request; instead of a warning each (a short run, or any stop in
 * the middle of a game that creates as it plays, printed one per request, all saying "usually
 * nothing to do"), the stop reports one `info` line with their number and the first few.
 */

/** Requests named in the summary; the rest are counted. */
const NAMED = 3;

/** The unobserved requests a stop abandoned. */
export class AbandonedRequests {
  /** How many. */
  count = 0;
  private readonly named: string[] = [];

  /** Notes one (`api`: the call that made it; `id`: its id). */
  add(api: string, id: number): void {
    this.count++;
    if (this.named.length < NAMED) this.named.push(`${api} (id ${id})`);
  }

  /** The summary of the stop at `tick`, or '' when none was abandoned. */
  summary(tick: number): string {
    if (this.count === 0) return '';
    const more = this.count - this.named.length;
    const which = more > 0 ? `${this.named.join(', ')} and ${more} more` : this.named.join(', ');
    const requests = this.count === 1 ? '1 request the game made without an error handler was' : `${this.count} requests the game made without an error handler were`;
    return `Logic.shutdown: ${requests} still waiting for the engine's answer when the logic stopped at tick ${tick}: ${which}. Each settled with TF5022; nothing was lost, the app stopped before the engine confirmed them. Nothing to do unless the game needs those answers: then pass an error handler or await the handle's ready.`;
  }
}
