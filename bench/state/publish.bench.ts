/**
 * StateBuffer publishing (issue 3), measured in a realistic steady state: n live entities; every
 * frame the engine dirties d distinct random live records (writes a field, markDirty) and
 * publishes, and a reader refreshes after every publish, so each publish fills a back buffer three
 * publishes old (the writer's catch-up path through the dirty history, or its full copy when that
 * is cheaper). Same thread: the hand-off is an ownership swap, there is no cross-thread wait.
 * The buffer is allocated copyable (createEntityStateBuffer(n, true)), as the engine allocates
 * its entity buffer: full copies run through WebAssembly's memory.copy (shared-copy.ts).
 * The writer is given `performance.now` as the engine gives it its clock, so it chooses between
 * catch-up and full copy from the costs it times (PublishCostModel); each row's log line prints them.
 *
 * - `publish.n{N}.d{D}.us`: one frame's StateBuffer cost: D × markDirty + publish + the reader's
 *   refresh, minus the same loop's plain field writes (measured separately and subtracted), µs. The
 *   loop computes each id from its slot (makeId), so no lookup of the harness's own is left in.
 * - `publish.n{N}.full.us`: the same with dirtyTracking=false (one full copy every publish; d = 10
 *   at n = 1,000, d = 100 at n = 100,000).
 * - `publish.n100000.d10000.untracked.us`: d = 10,000 with dirtyTracking=false: the full copy plus
 *   the same 10,000 markDirty calls (the engine marks whether or not the writer tracks), so
 *   `publish.n100000.d10000` against it is the dirty path's own cost at d = 10,000.
 * - `snapshot.n100000.d100.us`: the logic side: refresh plus reading every field of the 100
 *   changed records (readEntity into one out object), µs.
 * - baselines in the same run: `baseline.map_deep_copy.n1000.us` (the seed's std::unordered_map
 *   copy: a JS Map of entity objects copied field by field into a new Map),
 *   `baseline.structured_clone.n1000.us` (structuredClone of that Map, what postMessage would do),
 *   `baseline.memcpy.n100000.us` (TypedArray.prototype.set of 100,000 × strideWords × 4 bytes between
 *   two plain ArrayBuffers, the size of a full 100,000-entity state),
 *   `baseline.memcpy_shared.n100000.us` (copyWithin of the same bytes between two regions of one
 *   SharedArrayBuffer: the floor of any JavaScript copy of shared memory, because V8 copies
 *   shared memory with relaxed-atomic word copies instead of memcpy),
 *   `baseline.memcpy_shared_triple.n100000.us` (the same copy from region 3 of a 4-region buffer into
 *   regions 0, 1, 2 in turn, as a triple buffer's full copies go: 19 MB of working set, not 9.6),
 *   `baseline.random_records.n{1000,100000}.d100.us` (plain JavaScript, no twinframe code: one
 *   frame writes a field of 100 random records of a 4-region SharedArrayBuffer and copies the 300
 *   records of the last 3 frames from region 3 into the next of regions 0-2, word by word: the
 *   catch-up's access pattern; their ratio is what the cache alone makes of 100x more records).
 *
 * Targets (issue 15; printed, never asserted): publish.n1000.d10 >= 100x faster than the Map deep
 * copy, publish.n1000.d100 <= 2.5 µs, publish.n100000.d100 <= 1.5x publish.n1000.d100 (against
 * the baseline.random_records ratio), publish.n100000.d10000 <= publish.n100000.full (and against
 * the untracked row), publish.n100000.full <= 1.5x baseline.memcpy.n100000 (and against
 * baseline.memcpy_shared.n100000).
 * Every figure is the lower quartile of many ~20 µs batches (quietNs): load from elsewhere only
 * slows a batch down. The snapshot row keeps the best of rounds.
 */
import type { BenchContext, BenchSuite } from '../harness.ts';
import { StateWriter } from '../../src/shared-memory/state-writer.ts';
import { StateReader } from '../../src/shared-memory/state-reader.ts';
import { createEntityStateBuffer, emptyEntitySnapshot, readEntity, ENTITY_SCHEMA, E_X } from '../../src/protocol/entity-state.ts';
import { makeId } from '../../src/protocol/entity-id.ts';

/** Per-batch samples of `quietNs` (allocated once). */
const samples = new Float64Array(1 << 18);

/**
 * Nanoseconds per call of `fn` on a loaded machine: the lower quartile of many short batches (each
 * ~20 µs of calls, or one call when a call is longer), after a warm-up. A batch that a preemption
 * or another process's cache traffic slowed down lands in the upper quartiles; the best-of-rounds
 * mean (harness timeNsPerOp) averages them in, which at load average 7 on 2 cores moved single
 * rows of this suite 2-3x from run to run. The allocating baselines take 2 ms batches, so each
 * batch pays its share of the garbage collection they cause.
 */
function quietNs(fn: () => void, ms: number, batchMs = 0.02): number {
  const w0 = performance.now();
  const warmEnd = w0 + Math.min(200, ms);
  let calls = 0;
  while (performance.now() < warmEnd) {
    fn();
    calls++;
  }
  const batch = Math.max(1, Math.round((batchMs * calls) / (performance.now() - w0)));
  let n = 0;
  const end = performance.now() + ms;
  while (n < samples.length && performance.now() < end) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) fn();
    samples[n++] = (performance.now() - t0) / batch;
  }
  const sorted = samples.subarray(0, n).sort();
  return sorted[n >> 2]! * 1e6;
}

/** Deterministic shuffle (xorshift32), so runs are comparable. */
function permutation(n: number, seed: number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  let x = seed >>> 0 || 1;
  for (let i = n - 1; i > 0; i--) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    const j = x % (i + 1);
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}

interface Steady {
  readonly w: StateWriter;
  readonly r: StateReader;
  readonly ids: Int32Array;
  /** One frame: dirty d records, publish, refresh. */
  readonly frame: () => void;
  /** The same field writes without marking, publishing or refreshing (subtracted). */
  readonly writesOnly: () => void;
}

/** n live entities, d distinct random records dirtied per frame (a sliding window over a shuffle). */
function steady(n: number, d: number, dirtyTracking: boolean): Steady {
  const sab = createEntityStateBuffer(n, true);
  const w = new StateWriter(sab, ENTITY_SCHEMA, { dirtyTracking, now: () => performance.now() });
  const r = new StateReader(sab, ENTITY_SCHEMA);
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    ids[i] = makeId(i, 1);
    w.create(ids[i]!);
  }
  w.publish(0, 0);
  r.refresh();
  const perm = permutation(n, 0x9e3779b9 ^ n ^ d);
  const f32 = w.f32;
  const stride = w.strideWords;
  const base = w.workBase + E_X;
  const st = new Int32Array(2); // 0: window start, 1: frame
  const frame = (): void => {
    let at = st[0]!;
    const f = ++st[1]!;
    for (let k = 0; k < d; k++) {
      const slot = perm[at]!;
      if (++at === n) at = 0;
      f32[base + slot * stride] = f;
      w.markDirty(makeId(slot, 1));
    }
    st[0] = at;
    w.publish(f, f);
    r.refresh();
  };
  const writesOnly = (): void => {
    let at = st[0]!;
    const f = ++st[1]!;
    for (let k = 0; k < d; k++) {
      const slot = perm[at]!;
      if (++at === n) at = 0;
      f32[base + slot * stride] = f;
    }
    st[0] = at;
  };
  return { w, r, ids, frame, writesOnly };
}

/**
 * The catch-up's access pattern with no twinframe code: a 4-region SharedArrayBuffer of n records
 * (the state layout's sizes); one frame writes a field of d records (a sliding window over a
 * shuffle) and copies the records of the last 3 frames from region 3 into the next of regions 0-2,
 * word by word.
 */
function randomRecords(n: number, d: number, stride: number): () => void {
  const region = 16 + n * stride;
  const i32 = new Int32Array(new SharedArrayBuffer((32 + 4 * region) * 4));
  const work = 32 + 3 * region + 16;
  const perm = permutation(n, 0x2545f491 ^ n);
  const rows = new Int32Array(3 * d);
  const st = new Int32Array(3); // 0: window start, 1: frame, 2: next buffer
  return () => {
    let at = st[0]!;
    const f = ++st[1]!;
    const row = (f % 3) * d;
    for (let k = 0; k < d; k++) {
      const slot = perm[at]!;
      if (++at === n) at = 0;
      rows[row + k] = slot;
      i32[work + slot * stride + 1] = f;
    }
    st[0] = at;
    const b = st[2]!;
    st[2] = b === 2 ? 0 : b + 1;
    const to = 32 + b * region + 16;
    for (let k = 0; k < 3 * d; k++) {
      const off = rows[k]! * stride;
      const src = work + off;
      const dst = to + off;
      for (let w = 0; w < stride; w++) i32[dst + w] = i32[src + w]!;
    }
  };
}

interface EntityObject {
  id: number; x: number; y: number; z: number; yaw: number; pitch: number; roll: number;
  color: number; scale: number; mesh: number; flags: number;
}

function entityMap(n: number): Map<number, EntityObject> {
  const m = new Map<number, EntityObject>();
  for (let i = 0; i < n; i++) {
    const id = makeId(i, 1);
    m.set(id, { id, x: i, y: i + 0.5, z: -i, yaw: 10, pitch: 20, roll: 30, color: 0xff00ffff, scale: 1.5, mesh: i & 3, flags: 3 });
  }
  return m;
}

const suite: BenchSuite = {
  name: 'state publish',
  async run(ctx: BenchContext) {
    const ms = ctx.quick ? 250 : 2000;
    const us = (ns: number): number => ns / 1000;

    // Baselines first, so the publish rows can print their ratios.
    const map = entityMap(1000);
    let sink = 0;
    const deepCopy = (): void => {
      const out = new Map<number, EntityObject>();
      for (const [id, e] of map) {
        out.set(id, { id: e.id, x: e.x, y: e.y, z: e.z, yaw: e.yaw, pitch: e.pitch, roll: e.roll, color: e.color, scale: e.scale, mesh: e.mesh, flags: e.flags });
      }
      sink += out.size;
    };
    const mapCopyUs = us(quietNs(deepCopy, ms, 2));
    ctx.report('baseline.map_deep_copy.n1000.us', mapCopyUs, 'us');
    const clone = (): void => {
      sink += structuredClone(map).size;
    };
    ctx.report('baseline.structured_clone.n1000.us', us(quietNs(clone, ms, 2)), 'us');
    const words = 100_000 * ENTITY_SCHEMA.strideWords;
    const src = new Int32Array(words).fill(7);
    const dst = new Int32Array(words);
    const memcpy = (): void => {
      dst.set(src);
    };
    const memcpyUs = us(quietNs(memcpy, ms));
    ctx.report('baseline.memcpy.n100000.us', memcpyUs, 'us');
    const shared = new Int32Array(new SharedArrayBuffer(2 * words * 4)).fill(7, 0, words);
    const memcpyShared = (): void => {
      shared.copyWithin(words, 0, words);
    };
    const memcpySharedUs = us(quietNs(memcpyShared, ms));
    ctx.report('baseline.memcpy_shared.n100000.us', memcpySharedUs, 'us', { compare: { baseline: 'baseline.memcpy.n100000.us', higherIsBetter: false } });
    // The triple buffer's copy: from the working region into regions 0, 1, 2 in turn (the state layout's 4 regions).
    const region = 16 + words;
    const layout = new Int32Array(new SharedArrayBuffer((32 + 4 * region) * 4)).fill(7);
    const turn = new Int32Array(1);
    const memcpyTriple = (): void => {
      const b = turn[0]!;
      turn[0] = b === 2 ? 0 : b + 1;
      layout.copyWithin(32 + b * region + 16, 32 + 3 * region + 16, 32 + 3 * region + 16 + words);
    };
    const memcpyTripleUs = us(quietNs(memcpyTriple, ms));
    ctx.report('baseline.memcpy_shared_triple.n100000.us', memcpyTripleUs, 'us', { compare: { baseline: 'baseline.memcpy_shared.n100000.us', higherIsBetter: false } });
    const randomUs = (n: number): number => us(quietNs(randomRecords(n, 100, ENTITY_SCHEMA.strideWords), ms));
    const random1k = randomUs(1000);
    ctx.report('baseline.random_records.n1000.d100.us', random1k, 'us');
    const random100k = randomUs(100_000);
    ctx.report('baseline.random_records.n100000.d100.us', random100k, 'us', { compare: { baseline: 'baseline.random_records.n1000.d100.us', higherIsBetter: false } });

    const results = new Map<string, number>();
    const measure = (name: string, n: number, d: number, dirtyTracking: boolean, opts: Parameters<BenchContext['report']>[3]): void => {
      const s = steady(n, d, dirtyTracking);
      const frameNs = quietNs(s.frame, ms);
      const writesNs = quietNs(s.writesOnly, ms);
      const value = us(Math.max(0, frameNs - writesNs));
      results.set(name, value);
      ctx.log(`${name}: frame ${us(frameNs).toFixed(3)} µs - field writes ${us(writesNs).toFixed(3)} µs; last publish ${s.w.lastWasFull ? 'full copy' : 'catch-up'} of ${s.w.lastCopiedRecords} records; timed ns a record: catch-up ${s.w.cost.catchUpNsPerRecord.toFixed(2)}, full ${s.w.cost.fullNsPerRecord.toFixed(2)} (${s.w.cost.retries} retries)`);
      ctx.report(name, value, 'us', opts);
    };
    const vsMap = { baseline: 'baseline.map_deep_copy.n1000.us', higherIsBetter: false } as const;
    measure('publish.n1000.d10.us', 1000, 10, true, { compare: vsMap, target: '>= 100x map copy' });
    measure('publish.n1000.d100.us', 1000, 100, true, { compare: vsMap, target: '<= 2.5' });
    measure('publish.n1000.full.us', 1000, 10, false, { compare: vsMap });
    measure('publish.n100000.d100.us', 100_000, 100, true, {
      compare: { baseline: 'publish.n1000.d100.us', higherIsBetter: false }, target: '<= 1.5x publish.n1000.d100',
    });
    measure('publish.n100000.full.us', 100_000, 100, false, {
      compare: { baseline: 'baseline.memcpy.n100000.us', higherIsBetter: false }, target: '<= 1.5x memcpy',
    });
    measure('publish.n100000.d10000.us', 100_000, 10_000, true, {
      compare: { baseline: 'publish.n100000.full.us', higherIsBetter: false }, target: '<= publish.n100000.full',
    });
    measure('publish.n100000.d10000.untracked.us', 100_000, 10_000, false, { compare: { baseline: 'publish.n100000.d10000.us', higherIsBetter: false } });

    // The logic side: refresh and read every field of the 100 records the engine changed.
    {
      const n = 100_000;
      const d = 100;
      const s = steady(n, d, true);
      const out = emptyEntitySnapshot();
      const changed = new Int32Array(d);
      const perm = permutation(n, 12345);
      const st = new Int32Array(2);
      const acc = new Float64Array(2); // 0: reader time in ms, 1: checksum
      let frames = 0;
      const engineThenLogic = (): void => {
        // engine (not timed): dirty d records and publish
        let at = st[0]!;
        const f = ++st[1]!;
        for (let k = 0; k < d; k++) {
          const slot = perm[at]!;
          if (++at === n) at = 0;
          changed[k] = s.ids[slot]!;
          s.w.f32[s.w.recordOffset(slot) + E_X] = f;
          s.w.markDirty(s.ids[slot]!);
        }
        st[0] = at;
        s.w.publish(f, f);
        // logic (timed)
        const t0 = performance.now();
        s.r.refresh();
        let sum = 0;
        for (let k = 0; k < d; k++) if (readEntity(s.r, changed[k]!, out)) sum += out.x + out.mesh + out.r;
        acc[0]! += performance.now() - t0;
        acc[1]! += sum;
        frames++;
      };
      // best of rounds, like timeNsPerOp
      const warmEnd = performance.now() + Math.min(200, ms);
      while (performance.now() < warmEnd) engineThenLogic();
      let best = Number.POSITIVE_INFINITY;
      for (let round = 0; round < 5; round++) {
        acc[0] = 0;
        frames = 0;
        const end = performance.now() + ms / 5;
        while (performance.now() < end) engineThenLogic();
        best = Math.min(best, (acc[0]! * 1000) / frames);
      }
      results.set('snapshot.n100000.d100.us', best);
      ctx.report('snapshot.n100000.d100.us', best, 'us', { compare: { baseline: 'baseline.structured_clone.n1000.us', higherIsBetter: false } });
      sink += acc[1]!;
    }

    // Targets beside the numbers (printed, never asserted).
    const v = (name: string): number => results.get(name)!;
    const line = (what: string, ok: boolean, detail: string): void => ctx.log(`target ${what}: ${detail} -> ${ok ? 'met' : 'MISSED'}`);
    const x10 = mapCopyUs / v('publish.n1000.d10.us');
    line('publish.n1000.d10 >= 100x faster than baseline.map_deep_copy.n1000', x10 >= 100, `${x10.toFixed(0)}x`);
    line('publish.n1000.d100 <= 2.5 us', v('publish.n1000.d100.us') <= 2.5, `${v('publish.n1000.d100.us').toFixed(3)} us`);
    const scale = v('publish.n100000.d100.us') / v('publish.n1000.d100.us');
    line('publish.n100000.d100 <= 1.5x publish.n1000.d100', scale <= 1.5, `${scale.toFixed(2)}x; the same access pattern in plain JavaScript scales ${(random100k / random1k).toFixed(2)}x (baseline.random_records)`);
    const d10k = v('publish.n100000.d10000.us');
    line('publish.n100000.d10000 <= publish.n100000.full', d10k <= v('publish.n100000.full.us'), `${(d10k / v('publish.n100000.full.us')).toFixed(2)}x; ${(d10k / v('publish.n100000.d10000.untracked.us')).toFixed(2)}x the untracked full copy with the same 10,000 marks`);
    const full = v('publish.n100000.full.us') / memcpyUs;
    line('publish.n100000.full <= 1.5x baseline.memcpy.n100000', full <= 1.5, `${full.toFixed(2)}x; ${(v('publish.n100000.full.us') / memcpySharedUs).toFixed(2)}x baseline.memcpy_shared (itself ${(memcpySharedUs / memcpyUs).toFixed(2)}x memcpy), ${(v('publish.n100000.full.us') / memcpyTripleUs).toFixed(2)}x baseline.memcpy_shared_triple`);
    if (sink === -1) ctx.log('unreachable');
  },
};
export default suite;
