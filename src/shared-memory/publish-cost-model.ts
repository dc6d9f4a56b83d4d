/**
 * How a StateWriter chooses between its two ways of bringing a back buffer up to date, from what
 * each one cost on this machine: a catch-up copies `total` records one by one at scattered slots,
 * a full copy streams all `high` records. The model keeps, for each way, the time it took and the
 * records it copied, as moving sums over recent publishes (a sum, not a mean of per-publish
 * ratios, so a clock coarser than one small publish still averages out), and picks the way whose
 * predicted time is lower.
 *
 * Until a way has been timed, a prior from costs measured offline on 2 cores stands in for it
 * (`priorLimit`: records in cache catch up at ~16-19 ns and stream at ~1.7 ns a record, so a
 * catch-up of more than 1/10 of the records loses; at 100,000 records, which miss the cache, the
 * crossing was ~1/20). A way the model stopped choosing is tried again once in a while when the
 * prediction is close (within CLOSE of each other; UNTIMED_CLOSE while that way was never timed),
 * so a wrong estimate cannot stick: a try costs at most that factor times the better way, once
 * per RETRY_PUBLISHES publishes (under 2% over the best once both ways are timed); and whatever
 * the prediction, once per STALE_PUBLISHES (a slow first copy cannot price a way out for good).
 * Without a clock (`timed` false) the prior decides alone. Allocates nothing; one thread.
 */

/** Weight of the past in the moving sums, per timed publish (about the last 16 count). */
const DECAY = 15 / 16;
/** A sample is clamped to this multiple of the current estimate (a preemption is not a cost). */
const OUTLIER = 4;
/** Timed copies of each way not counted at first (the first run of a copy loop compiles it). */
const WARM_UP = 1;
/** Predictions within this factor of each other are close: the other way may be retried. */
const CLOSE = 3;
/** The same for a way never timed, whose prediction is the prior's guess. */
const UNTIMED_CLOSE = 8;
/** Publishes between tries of the way not chosen (when the prediction is close). */
const RETRY_PUBLISHES = 180;
/** Publishes after which the way not chosen is tried whatever its prediction (24 s at 60 Hz). */
const STALE_PUBLISHES = 1440;

/** The measured per-record costs of catch-up and full copy. */
export class PublishCostModel {
  /** Moving sums: milliseconds and records of timed catch-ups, and of timed full copies. */
  private catchUpMs = 0; private catchUpRecords = 0;
  private fullMs = 0; private fullRecords = 0;
  /** Publishes since each way last ran. */
  private sinceCatchUp = 0; private sinceFull = 0;
  /** Timed copies of each way skipped as warm-up so far. */
  private catchUpSeen = 0; private fullSeen = 0;
  /** Catch-ups and full copies chosen to retry a way the estimate did not pick (a counter for stats). */
  retries = 0;

  /** `timed`: publishes are timed with a real clock; `priorLimit(high)`: the offline ratio of full to catch-up cost per record. */
  constructor(
    private readonly timed: boolean,
    private readonly priorLimit: (high: number) => number,
  ) {}

  /** Nanoseconds a record of a catch-up costs now (NaN until timed). */
  get catchUpNsPerRecord(): number {
    return this.catchUpRecords > 0 ? (this.catchUpMs * 1e6) / this.catchUpRecords : Number.NaN;
  }

  /** Nanoseconds a record of a full copy costs now (NaN until timed). */
  get fullNsPerRecord(): number {
    return this.fullRecords > 0 ? (this.fullMs * 1e6) / this.fullRecords : Number.NaN;
  }

  /**
   * Whether a catch-up of `total` records should give way to a full copy of `high` records: the
   * lower predicted time wins, except for an occasional retry of the other way when the two are close.
   */
  preferFull(total: number, high: number): boolean {
    const limit = this.priorLimit(high);
    // Per-record costs, measured where timed, else from the other way's through the prior ratio.
    let catchUpNs = this.catchUpRecords > 0 ? this.catchUpMs / this.catchUpRecords : 0;
    let fullNs = this.fullRecords > 0 ? this.fullMs / this.fullRecords : 0;
    if (catchUpNs === 0 && fullNs === 0) fullNs = 1;
    if (catchUpNs === 0) catchUpNs = fullNs * limit;
    else if (fullNs === 0) fullNs = catchUpNs / limit;
    const catchUp = total * catchUpNs;
    const full = high * fullNs;
    const chooseFull = catchUp > full;
    if (!this.timed) return chooseFull;
    // The way not chosen, retried when its prediction is close (wider while it is only the prior's).
    if (chooseFull) {
      if (this.sinceCatchUp >= STALE_PUBLISHES || (this.sinceCatchUp >= RETRY_PUBLISHES && catchUp < full * (this.catchUpRecords > 0 ? CLOSE : UNTIMED_CLOSE))) {
        this.retries++;
        return false;
      }
    } else if (this.sinceFull >= STALE_PUBLISHES || (this.sinceFull >= RETRY_PUBLISHES && full < catchUp * (this.fullRecords > 0 ? CLOSE : UNTIMED_CLOSE))) {
      this.retries++;
      return true;
    }
    return chooseFull;
  }

  /**
   * Records one publish's copy of `high` live records: a full copy or a catch-up of `records`
   * records that took `ms`. `representative` false (a first copy into a buffer whose pages are
   * fresh) counts the way as run without timing it; so do each way's first WARM_UP timed copies
   * (they ran before the copy loop was compiled). A sample is clamped to OUTLIER times the way's
   * estimate; one OUTLIER times below it restarts the estimate from it.
   */
  record(full: boolean, records: number, ms: number, high: number, representative: boolean): void {
    if (full) {
      this.sinceFull = 0;
      this.sinceCatchUp++;
    } else {
      this.sinceCatchUp = 0;
      this.sinceFull++;
    }
    if (!this.timed || !representative || records <= 0 || !(ms >= 0)) return;
    // Noise only adds time: a sample above OUTLIER times the estimate is cut to it, and one below
    // the estimate by as much proves the estimate wrong (a slow start), which restarts from it.
    if (full) {
      if (this.fullSeen < WARM_UP) {
        this.fullSeen++;
        return;
      }
      const per = this.fullRecords > 0 ? this.fullMs / this.fullRecords : 0;
      const t = per > 0 && ms * OUTLIER < records * per ? this.restartFull(ms) : per > 0 ? Math.min(ms, OUTLIER * records * per) : ms;
      this.fullMs = this.fullMs * DECAY + t;
      this.fullRecords = this.fullRecords * DECAY + records;
    } else {
      if (this.catchUpSeen < WARM_UP) {
        this.catchUpSeen++;
        return;
      }
      const per = this.catchUpRecords > 0 ? this.catchUpMs / this.catchUpRecords : 0;
      const t = per > 0 && ms * OUTLIER < records * per ? this.restartCatchUp(ms) : per > 0 ? Math.min(ms, OUTLIER * records * per) : ms;
      this.catchUpMs = this.catchUpMs * DECAY + t;
      this.catchUpRecords = this.catchUpRecords * DECAY + records;
    }
  }

  /** Forgets the full-copy estimate (its sums start again from the sample `ms`, which the caller adds). */
  private restartFull(ms: number): number {
    this.fullMs = 0;
    this.fullRecords = 0;
    return ms;
  }

  /** Forgets the catch-up estimate (its sums start again from the sample `ms`, which the caller adds). */
  private restartCatchUp(ms: number): number {
    this.catchUpMs = 0;
    this.catchUpRecords = 0;
    return ms;
  }
}
