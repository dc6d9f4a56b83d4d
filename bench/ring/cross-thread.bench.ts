/**
 * Cross-thread throughput: 32-byte commands from a producer worker to the consumer on the main
 * thread, through our ring (publish per record, and per 256 records) and through the baselines
 * measured in the same run: postMessage per command object, postMessage per frame of 1,000 objects,
 * and the ringbuf.js package moving 32-byte records one push each.
 *
 * Targets (printed, never asserted): batched >= 50e6 commands/s and >= 100x postMessage per
 * message; single-publish >= 5x ringbuf.js. Why: a logic frame at 60 Hz that emits 10,000 commands
 * must cross in well under a millisecond, and the per-record path must not make batching mandatory.
 * The ring rows include encoding (CommandWriter.updateColor) and decoding with dispatch
 * (CommandReader.drain) — the real path — while ringbuf.js only copies bytes. Rings are 256 KiB
 * (cache-resident); `ring.cross_thread.batched_1mib` repeats the batched run on the default 1 MiB
 * ring, which streams through memory when the producer runs flat out (a game at 60 Hz never does).
 * Every run is best of N rounds: load from other processes on the machine only slows a run down.
 * `baseline.atomics_floor.*` is the floor of any JS ring with the same publish granularity (floorRate).
 */
import { RingBuffer } from 'ringbuf.js';
import type { BenchContext, BenchSuite } from '../harness.ts';
import { CommandReader } from '../../src/protocol/command-reader.ts';
import { createCommandQueueBuffer } from '../../src/protocol/command-writer.ts';
import { startBenchWorker } from './bench-worker.ts';
import { SummingHandler } from '../../test/protocol/command-test-handler.ts';


/** Ring size for the throughput rows: 256 KiB stays cache-resident; see the 1 MiB row for the default size. */
const BENCH_RING_BYTES = 1 << 18;

async function ringRate(count: number, batch: number, ringBytes = BENCH_RING_BYTES): Promise<number> {
  const sab = createCommandQueueBuffer(ringBytes);
  const reader = new CommandReader(sab);
  const h = new SummingHandler();
  const w = await startBenchWorker({ role: 'ring', count, batch, commands: sab });
  const t0 = performance.now();
  w.go();
  while (h.count < count) reader.drain(h, 1 << 16);
  const ms = performance.now() - t0;
  if (h.malformed !== 0) throw new Error(`bench: ${h.malformed} malformed commands`);
  await w.done;
  await w.worker.terminate();
  return (count / ms) * 1000;
}

async function postMessageRate(count: number, perFrame: boolean): Promise<number> {
  let got = 0;
  let sum = 0;
  let resolveAll!: () => void;
  const all = new Promise<void>((r) => (resolveAll = r));
  const onMessage = (m: unknown) => {
    if (perFrame) {
      const frame = m as { id: number; r: number }[];
      for (let i = 0; i < frame.length; i++) sum += frame[i]!.id + frame[i]!.r;
      got += frame.length;
    } else {
      const c = m as { id: number; r: number };
      sum += c.id + c.r;
      got++;
    }
    if (got >= count) resolveAll();
  };
  const w = await startBenchWorker({ role: perFrame ? 'postmessage-per-frame' : 'postmessage-per-message', count }, onMessage);
  const t0 = performance.now();
  w.go();
  await all;
  const ms = performance.now() - t0;
  await w.done;
  await w.worker.terminate();
  if (sum < 0) throw new Error('unreachable');
  return (count / ms) * 1000;
}

async function ringbufRate(count: number): Promise<number> {
  const sab = RingBuffer.getStorageForCapacity(1 << 16, Uint8Array);
  const rb = new RingBuffer(sab, Uint8Array as never);
  const rec = new Uint8Array(32);
  const view = new Int32Array(rec.buffer);
  const w = await startBenchWorker({ role: 'ringbufjs', count, ringbuf: sab });
  let got = 0;
  let sum = 0;
  const t0 = performance.now();
  w.go();
  while (got < count) {
    if (rb.available_read() < 32) continue;
    rb.pop(rec, 32);
    sum += view[0]!;
    got++;
  }
  const ms = performance.now() - t0;
  await w.done;
  await w.worker.terminate();
  if (sum < 0) throw new Error('unreachable');
  return (count / ms) * 1000;
}

/**
 * The floor of any SPSC ring in JavaScript (bench-worker.worker.ts, role atomics-floor): the same
 * 32-byte records with one Atomics.store of the write index per `batch` records, and a consumer
 * that loads it only when its cached copy shows nothing, reads two fields and hands space back a
 * quarter of the ring at a time. The ring rows do the same plus framing checks, the command codec
 * and dispatch; their ratio to this row is the cost of those, the rest is the machine.
 */
async function floorRate(count: number, batch: number): Promise<number> {
  const sab = new SharedArrayBuffer(128 + BENCH_RING_BYTES);
  const ctl = new Int32Array(sab, 0, 32);
  const words = new Int32Array(sab, 128);
  const f = new Float32Array(sab, 128);
  const mask = words.length - 1;
  const w = await startBenchWorker({ role: 'atomics-floor', count, batch, floor: sab });
  let r = 0;
  let cachedWrite = 0;
  let publishedRead = 0;
  let sum = 0;
  const t0 = performance.now();
  w.go();
  for (let got = 0; got < count; ) {
    if (r === cachedWrite) {
      // ORDERING: observes the records the producer published.
      cachedWrite = Atomics.load(ctl, 0);
      if (r === cachedWrite) {
        // ORDERING: hands the released space back before waiting (the producer may be starved).
        if (r !== publishedRead) Atomics.store(ctl, 16, (publishedRead = r));
        continue;
      }
    }
    const p = r & mask;
    sum += words[p + 2]! + f[p + 3]!;
    r += 8;
    got++;
    // ORDERING: hands a quarter of the ring back at a time.
    if (r - publishedRead >= words.length >> 2) Atomics.store(ctl, 16, (publishedRead = r));
  }
  const ms = performance.now() - t0;
  await w.done;
  await w.worker.terminate();
  if (sum < 0) throw new Error('unreachable');
  return (count / ms) * 1000;
}

/** Best of `rounds` runs: the other core's load only ever slows a run down. */
async function best(rounds: number, f: () => Promise<number>): Promise<number> {
  let b = 0;
  for (let i = 0; i < rounds; i++) b = Math.max(b, await f());
  return b;
}

const suite: BenchSuite = {
  name: 'ring cross-thread',
  async run(ctx: BenchContext) {
    const q = ctx.quick;
    const rounds = q ? 2 : 5;
    ctx.report('baseline.postmessage.per_message.records_per_s', await best(rounds, () => postMessageRate(q ? 50_000 : 300_000, false)), 'records/s');
    const perFrame = await best(rounds, () => postMessageRate(q ? 200_000 : 2_000_000, true));
    ctx.report('baseline.postmessage.per_frame.records_per_s', perFrame, 'records/s');
    ctx.report('baseline.ringbufjs.records_per_s', await best(rounds, () => ringbufRate(q ? 500_000 : 5_000_000)), 'records/s');
    ctx.report('baseline.atomics_floor.single.records_per_s', await best(rounds, () => floorRate(q ? 1_000_000 : 10_000_000, 1)), 'records/s');
    ctx.report('baseline.atomics_floor.batched.records_per_s', await best(rounds, () => floorRate(q ? 5_000_000 : 40_000_000, 256)), 'records/s');
    const single = await best(rounds, () => ringRate(q ? 1_000_000 : 10_000_000, 1));
    ctx.report('ring.cross_thread.single.records_per_s', single, 'records/s', {
      compare: { baseline: 'baseline.ringbufjs.records_per_s', higherIsBetter: true },
      target: '>= 5x ringbuf.js',
    });
    ctx.report('ring.cross_thread.single.vs_floor', single, 'records/s', {
      compare: { baseline: 'baseline.atomics_floor.single.records_per_s', higherIsBetter: true },
    });
    // The same number against Comlink RPC (bench/ring/comlink.bench.ts), one command per call.
    ctx.report('ring.cross_thread.single.vs_comlink', single, 'records/s', {
      compare: { baseline: 'baseline.comlink.fire_and_forget.calls_per_s', higherIsBetter: true },
    });
    const batched = await best(rounds, () => ringRate(q ? 5_000_000 : 40_000_000, 256));
    ctx.report('ring.cross_thread.batched.records_per_s', batched, 'records/s', {
      compare: { baseline: 'baseline.postmessage.per_message.records_per_s', higherIsBetter: true },
      target: '>= 50e6, >= 100x postMessage',
    });
    ctx.report('ring.cross_thread.batched.vs_floor', batched, 'records/s', {
      compare: { baseline: 'baseline.atomics_floor.batched.records_per_s', higherIsBetter: true },
    });
    ctx.log(`batched ring vs postMessage per frame of 1,000: ${(batched / perFrame).toFixed(1)}x`);
    ctx.report('ring.cross_thread.batched_1mib.records_per_s', await best(q ? 1 : 3, () => ringRate(q ? 2_000_000 : 20_000_000, 256, 1 << 20)), 'records/s', {
      compare: { baseline: 'baseline.postmessage.per_message.records_per_s', higherIsBetter: true },
    });
  },
};
export default suite;
