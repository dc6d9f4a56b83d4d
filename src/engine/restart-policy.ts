/**
 * The logic host's restart intensity (like OTP's): how many restarts a window allows and how long
 * each further one waits, so a crash loop neither spins nor restarts forever.
 */

/**
 * Restart intensity: at most `maxRestarts` restarts within `windowMs`; past that the logic stays
 * down. The first restart in a window is immediate; each further one waits
 * `backoffMs * 2^(n-1)` (capped at `backoffMaxMs`) so a crash loop does not spin.
 */
export interface RestartPolicy {
  readonly maxRestarts: number;
  readonly windowMs: number;
  /** Default 100 ms. */
  readonly backoffMs?: number;
  /** Default 2000 ms. */
  readonly backoffMaxMs?: number;
  /**
   * Keep a spare worker that has loaded the running code, so a restart adopts it instead of
   * starting a thread and importing the game (one more thread while the logic runs). Default true;
   * hosts that cannot activate a standby worker (no `WorkerHandle.post`) never keep one.
   */
  readonly spare?: boolean;
}

/** The restarts of one logic host, against its policy. */
export class RestartBudget {
  private readonly times: number[] = [];

  constructor(readonly policy: RestartPolicy | null) {}

  /** Restarts inside the window ending at `now` (older ones are forgotten). */
  recent(now: number): number {
    const policy = this.policy;
    while (this.times.length > 0 && policy !== null && now - this.times[0]! > policy.windowMs) this.times.shift();
    return this.times.length;
  }

  /** Whether the policy allows one more restart at `now`. */
  allows(now: number): boolean {
    return this.policy !== null && this.recent(now) < this.policy.maxRestarts;
  }

  /** Records a restart at `now`; returns how long it must wait first (0 for the first in a window). */
  take(now: number): number {
    const policy = this.policy!;
    const recent = this.recent(now);
    this.times.push(now);
    return recent === 0 ? 0 : Math.min(policy.backoffMaxMs ?? 2000, (policy.backoffMs ?? 100) * 2 ** (recent - 1));
  }
}
