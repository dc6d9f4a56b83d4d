/**
 * Keeps the last samples of one measurement (a frame time, a publish time) in a fixed ring for
 * percentiles, plus exact count, max and sum over the whole run. `add` allocates nothing; the
 * percentile summary sorts a copy (stats time, not per frame).
 */

/** Summary of a sampler. */
export interface SampleSummary {
  readonly count: number;
  readonly mean: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly last: number;
}

/** A ring of recent samples with run-wide count, sum and max. */
export class FrameSampler {
  private readonly ring: Float64Array;
  count = 0;
  sum = 0;
  max = 0;
  last = 0;

  constructor(size = 4096) {
    this.ring = new Float64Array(size);
  }

  /** Forgets every sample (e.g. after a warm-up). */
  reset(): void {
    this.count = 0;
    this.sum = 0;
    this.max = 0;
    this.last = 0;
  }

  add(v: number): void {
    this.ring[this.count % this.ring.length] = v;
    this.count++;
    this.sum += v;
    this.last = v;
    if (v > this.max) this.max = v;
  }

  /** Percentile p (0..100) of the retained samples; 0 without samples. */
  percentile(p: number): number {
    const n = Math.min(this.count, this.ring.length);
    if (n === 0) return 0;
    const sorted = this.ring.slice(0, n).sort();
    return sorted[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))]!;
  }

  summary(): SampleSummary {
    return {
      count: this.count,
      mean: this.count === 0 ? 0 : this.sum / this.count,
      p50: this.percentile(50),
      p99: this.percentile(99),
      max: this.max,
      last: this.last,
    };
  }
}
