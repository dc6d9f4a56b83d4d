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
 * Retries wait for a publish the writer times (one in 8). Without a clock (`timed` false) the
 * prior decides alone. Allocates nothing; one thread.
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

/** One way's moving sums and its warm-up and staleness counts. */
class WayCost {
  /** Moving sums of milliseconds and records of timed copies. */
  ms = 0; records = 0;
  /** Timed copies skipped as warm-up so far, and publishes since this way last ran. */
  seen = 0; since = 0;

  /** Milliseconds a record costs (0 until timed). */
  get per(): number {
    return this.records > 0 ? this.ms / this.records : 0;
  }

  /**
   * Adds a copy of `records` records that took `ms` (after the warm-up): cut to OUTLIER times
   * the estimate, or, OUTLIER times below it, the start of a new estimate.
   */
  add(records: number, ms: number): void {
    if (this.seen < WARM_UP) {
      this.seen++;
      return;
    }
    const per = this.per;
    let t = ms;
    if (per > 0 && ms * OUTLIER < records * per) this.ms = this.records = 0;
    else if (per > 0) t = Math.min(ms, OUTLIER * records * per);
    this.ms = this.ms * DECAY + t;
    this.records = this.records * DECAY + records;
  }
}

/** The measured per-record costs of catch-up and full copy. */
export class PublishCostModel {
  private readonly catchUp = new WayCost();
  private readonly full = new WayCost();
  /** Catch-ups and full copies chosen to retry a way the estimate did not pick (a counter for stats). */
  retries = 0;

  /** `timed`: publishes are timed with a real clock; `priorLimit(high)`: the offline ratio of full to catch-up cost per record. */
  constructor(
    private readonly timed: boolean,
    private readonly priorLimit: (high: number) => number,
  ) {}

  /** Nanoseconds a record of a catch-up costs now (NaN until timed). */
  get catchUpNsPerRecord(): number {
    return this.catchUp.records > 0 ? this.catchUp.per * 1e6 : Number.NaN;
  }

  /** Nanoseconds a record of a full copy costs now (NaN until timed). */
  get fullNsPerRecord(): number {
    return this.full.records > 0 ? this.full.per * 1e6 : Number.NaN;
  }

  /**
   * Whether a catch-up of `total` records should give way to a full copy of `high` records: the
   * lower predicted time wins, except for an occasional retry of the other way when the two are
   * close. `timedNow`: this publish is timed (a writer times a sample of them); only a timed
   * publish retries, since an untimed try would teach nothing.
   */
  preferFull(total: number, high: number, timedNow: boolean): boolean {
    const limit = this.priorLimit(high);
    const cu = this.catchUp;
    const fc = this.full;
    // Per-record costs, measured where timed, else from the other way's through the prior ratio.
    let catchUpPer = cu.per;
    let fullPer = fc.per;
    if (catchUpPer === 0 && fullPer === 0) fullPer = 1;
    if (catchUpPer === 0) catchUpPer = fullPer * limit;
    else if (fullPer === 0) fullPer = catchUpPer / limit;
    const catchUp = total * catchUpPer;
    const full = high * fullPer;
    const chooseFull = catchUp > full;
    if (!this.timed || !timedNow) return chooseFull;
    // The way not chosen, retried when its prediction is close (wider while it is only the prior's).
    const other = chooseFull ? cu : fc;
    const ratio = chooseFull ? catchUp / full : full / catchUp;
    if (other.since >= STALE_PUBLISHES || (other.since >= RETRY_PUBLISHES && ratio < (other.records > 0 ? CLOSE : UNTIMED_CLOSE))) {
      this.retries++;
      return !chooseFull;
    }
    return chooseFull;
  }

  /**
   * Records one publish's copy: a full copy or a catch-up of `records` records that took `ms`
   * (NaN: not timed; it counts as run).
   * `representative` false (a first copy into a buffer whose pages are fresh) counts the way as
   * run without timing it; so do each way's first WARM_UP timed copies (they ran before the copy
   * loop was compiled). Noise only adds time: a sample above OUTLIER times the way's estimate is
   * cut to it, and one OUTLIER times below it proves the estimate wrong (a slow start) and
   * restarts it (WayCost.add).
   */
  record(full: boolean, records: number, ms: number, representative: boolean): void {
    const ran = full ? this.full : this.catchUp;
    const other = full ? this.catchUp : this.full;
    ran.since = 0;
    other.since++;
    if (!this.timed || !representative || records <= 0 || !(ms >= 0)) return;
    ran.add(records, ms);
  }
}
