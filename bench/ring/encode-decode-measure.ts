/**
 * The measurements of encode-decode.bench.ts, run in a worker of their own (the bench starts one per
 * run): in the bench process the suites before this one (e2e, replay, cross-thread...) had already
 * called SummingHandler's methods and drain with other sinks and targets, so drain's call sites
 * were polymorphic or megamorphic and the rows measured that process's history (35 ns) rather
 * than the command path (16 ns alone). A fresh isolate sees one sink class, as an engine does.
 * Posts `{ rows }`: each row's name, value, unit and options, reported by the bench as they are.
 * Every sink's sum and count are checked at the end, so no decoded value is dead code.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CommandReader } from '../../src/protocol/command-reader.ts';
import { CommandWriter, createCommandQueueBuffer } from '../../src/protocol/command-writer.ts';
import { SummingHandler } from '../../test/protocol/command-test-handler.ts';

/** What the worker is given (encode-decode.bench.ts). */
export interface EncodeDecodeData {
  readonly quick: boolean;
}

/** One result, as BenchContext.report takes it. */
export interface EncodeDecodeRow {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly opts?: { target?: string; compare?: { baseline: string; higherIsBetter: boolean } };
}

const BATCH = 1000;

/** Per-frame samples of quietNsPerOp (allocated once). */
const samples = new Float64Array(1 << 18);

/**
 * Nanoseconds per operation of `fn` (one frame of `opsPerCall` operations, ~10-50 µs): the lower
 * quartile of frames timed one by one for about `ms` after a 200 ms warm-up.
 */
function quietNsPerOp(fn: () => void, opsPerCall: number, ms: number): number {
  const warmEnd = performance.now() + 200;
  while (performance.now() < warmEnd) fn();
  let n = 0;
  const end = performance.now() + ms;
  let t = performance.now();
  while (t < end && n < samples.length) {
    fn();
    const t1 = performance.now();
    samples[n++] = t1 - t;
    t = t1;
  }
  const sorted = samples.slice(0, n).sort();
  return (sorted[n >> 2]! * 1e6) / opsPerCall;
}

/** The floor: BATCH update-position records (8-byte header, id, x, y, z) stored and decoded in place, no ring. */
function rawFloor(h: SummingHandler): () => void {
  const sab = new SharedArrayBuffer(BATCH * 24);
  const i32 = new Int32Array(sab);
  const f32 = new Float32Array(sab);
  let k = 0;
  return () => {
    for (let i = 0, q = 0; i < BATCH; i++, q += 6) {
      i32[q] = 16; i32[q + 1] = 0x54460002; i32[q + 2] = k++ & 0xfffff;
      f32[q + 3] = i; f32[q + 4] = 1; f32[q + 5] = 2;
    }
    for (let i = 0, q = 0; i < BATCH; i++, q += 6) {
      if (i32[q] !== 16 || i32[q + 1]! >>> 16 !== 0x5446) h.onMalformed();
      else h.updatePosition(i32[q + 2]!, f32[q + 3]!, f32[q + 4]!, f32[q + 5]!);
    }
  };
}

function measure(d: EncodeDecodeData): EncodeDecodeRow[] {
  const rows: EncodeDecodeRow[] = [];
  const ctx = {
    report(name: string, value: number, unit: string, opts?: EncodeDecodeRow['opts']): void {
      rows.push({ name, value, unit, opts });
    },
  };
  const ms = d.quick ? 400 : 3000;
  const sab = createCommandQueueBuffer(1 << 16);
  const w = new CommandWriter(sab);
  const r = new CommandReader(sab);
  const h = new SummingHandler();
  let k = 0;
  const batched = () => {
    for (let i = 0; i < BATCH; i++) w.updatePosition(k++ & 0xfffff, i, 1, 2);
    w.flush();
    r.drain(h, BATCH);
  };
  const floor = rawFloor(new SummingHandler());
  // Measured first: while the measuring loop has seen only this closure (its call site and any
  // on-stack replacement are monomorphic); measured after the floor it landed in a slower
  // compile in about half the processes (26-29 ns against 14-21 ns).
  const edNs = quietNsPerOp(batched, BATCH, ms);
  ctx.report('baseline.typed_array_floor.ns_per_command', quietNsPerOp(floor, BATCH, ms), 'ns');
  ctx.report('ring.encode_decode.ns_per_command', edNs, 'ns', {
    target: '<= 20', compare: { baseline: 'baseline.typed_array_floor.ns_per_command', higherIsBetter: false },
  });

  const perRecord = () => {
    for (let i = 0; i < BATCH; i++) {
      w.updatePosition(k++ & 0xfffff, i, 1, 2);
      w.flush();
    }
    r.drain(h, BATCH);
  };
  ctx.report('ring.encode_decode.publish_each.ns_per_command', quietNsPerOp(perRecord, BATCH, ms), 'ns');

  // the submit side alone (the seed's "< 1 µs per submit"): a frame of encodes, then a drain that
  // is timed separately and subtracted, so only CommandWriter + publish remain
  const drainOnly = () => {
    r.drain(h, BATCH);
  };
  const encodeOnly = () => {
    for (let i = 0; i < BATCH; i++) w.updatePosition(k++ & 0xfffff, i, 1, 2);
    w.flush();
  };
  let n = 0;
  const end = performance.now() + ms;
  while (performance.now() < end && n < samples.length) {
    const t0 = performance.now();
    encodeOnly();
    samples[n++] = performance.now() - t0;
    drainOnly();
  }
  const submitNs = (samples.slice(0, n).sort()[n >> 2]! * 1e6) / BATCH;
  ctx.report('ring.submit.ns_per_command', submitNs, 'ns', { target: '< 1000 (seed)' });
  // Every command encoded was decoded and dispatched, and its values reached the sink.
  if (h.malformed !== 0 || h.count !== k || !Number.isFinite(h.sum)) {
    throw new Error(`bench: ${h.count} of ${k} commands reached the sink, ${h.malformed} malformed, sum ${h.sum}`);
  }
  return rows;
}

parentPort!.postMessage({ rows: measure(workerData as EncodeDecodeData) });
