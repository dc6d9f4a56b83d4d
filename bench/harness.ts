/**
 * Benchmark harness contract (style G14).
 *
 * Each `bench/**\/*.bench.ts` file default-exports a {@link BenchSuite}. `bench/run.ts` runs them
 * all in one process, prints one table with ratios against the baselines measured in the same
 * run, and with `--json FILE` writes `{"node", "cpus", "results": {name: {value, unit}}}`.
 * `--quick` asks every suite to run briefly (the whole run under 60 s) with the same names.
 */

/** How a result compares with another result of the same run. */
export interface CompareWith {
  /** Name of the result to divide by (usually a baseline). */
  readonly baseline: string;
  /** True when a bigger value is better (throughput); false for times. */
  readonly higherIsBetter: boolean;
}

export interface BenchContext {
  /** Run briefly: fewer iterations, same result names. */
  readonly quick: boolean;
  /** Records one result. `target` is printed beside it (e.g. ">= 50e6"); it is never asserted. */
  report(name: string, value: number, unit: string, opts?: { compare?: CompareWith; target?: string }): void;
  /** Prints a progress or context line (to stderr, so JSON on stdout stays clean). */
  log(line: string): void;
  /**
   * Whether the run asked for the case `name` of a suite (`--case SUBSTRING`: only cases whose name
   * contains it; every case without it). Lets one measurement of a long suite be repeated alone.
   */
  wants(name: string): boolean;
}

export interface BenchSuite {
  /** Group name printed as a table heading, e.g. "ring". */
  readonly name: string;
  run(ctx: BenchContext): Promise<void>;
}

/** Percentile of an unsorted sample (sorts a copy; allocates; for reporting only). */
export function percentile(samples: ArrayLike<number>, p: number): number {
  const a = Array.from(samples).sort((x, y) => x - y);
  if (a.length === 0) return Number.NaN;
  const i = Math.min(a.length - 1, Math.max(0, Math.ceil((p / 100) * a.length) - 1));
  return a[i]!;
}

/**
 * Times `fn` (which performs `opsPerCall` operations) repeatedly for about `ms` milliseconds
 * after a warm-up, and returns the best observed nanoseconds per operation over several rounds.
 * Best-of-rounds resists noise from the other core's work.
 */
export function timeNsPerOp(fn: () => void, opsPerCall: number, ms: number, rounds = 5): number {
  const warmEnd = performance.now() + Math.min(200, ms);
  while (performance.now() < warmEnd) fn();
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    let calls = 0;
    const t0 = performance.now();
    const end = t0 + ms / rounds;
    let t = t0;
    while (t < end) {
      fn();
      calls++;
      t = performance.now();
    }
    const ns = ((t - t0) * 1e6) / (calls * opsPerCall);
    if (ns < best) best = ns;
  }
  return best;
}
