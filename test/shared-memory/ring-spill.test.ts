// SpillingRingWriter (src/shared-memory/ring-spill.ts): a full ring spills instead of refusing, and
// nothing is lost or reordered. A seeded property test runs random producer bursts against a slow
// same-thread consumer (a real RingReader on the same SharedArrayBuffer), a two-thread test runs a
// frame-paced spilling producer against a slow consumer in a worker, and a heap test shows that
// steady spilling and draining allocates nothing once the spill has grown.
import { afterEach, describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { RING_EMPTY, createRingBuffer, maxPayloadBytesFor } from '../../src/shared-memory/ring-layout.ts';
import { RingReader } from '../../src/shared-memory/ring-reader.ts';
import { RingWriter } from '../../src/shared-memory/ring-writer.ts';
import { SpillingRingWriter } from '../../src/shared-memory/ring-spill.ts';
import { measureHeapGrowth } from '../helpers/heap.ts';
import { checkPayload, fillPayload, typeOf } from './ring-test-payload.ts';
import { produceSpilling } from './ring-peer.ts';
import type { PeerOptions, PeerResult } from './ring-peer.ts';

const SEED = Number(process.env.TWINFRAME_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** Reads up to `max` records, checking each against the next expected sequence number; returns the new expected one. */
function consumeChecked(r: RingReader, expected: number, max: number, lengths: number[], take: boolean, tag: string): number {
  for (let n = 0; n < max; n++) {
    const t = take ? r.take() : r.tryRead();
    if (t === RING_EMPTY) break;
    if (t < 0) throw new Error(`${tag}: reader returned ${t} at record ${expected}`);
    const want = lengths[expected];
    if (want === undefined) throw new Error(`${tag}: record ${expected} was never written (duplicate)`);
    if (t !== typeOf(expected) || r.length !== want) {
      throw new Error(`${tag}: record ${expected} has type ${t}, length ${r.length}; expected type ${typeOf(expected)}, length ${want} (lost or reordered)`);
    }
    const bad = checkPayload(r.u8, r.offset, r.length, expected);
    if (bad !== -1) throw new Error(`${tag}: record ${expected} byte ${bad} is wrong`);
    if (!take) r.release();
    expected++;
  }
  r.flushLazy();
  return expected;
}

describe('SpillingRingWriter', () => {
  it(`random bursts against a slow consumer: nothing lost or reordered, counters agree (seed ${SEED})`, () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('burst' as const), n: fc.integer({ min: 1, max: 60 }), fixed: fc.boolean() }),
      fc.record({ kind: fc.constant('read' as const), n: fc.integer({ min: 0, max: 25 }), take: fc.boolean() }),
      fc.record({ kind: fc.constant('drain' as const) }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 7, max: 11 }),
        fc.integer({ min: 0, max: 12 }),
        fc.array(fc.integer({ min: 0, max: 1 << 20 }), { minLength: 1, maxLength: 40 }),
        fc.array(op, { minLength: 1, maxLength: 60 }),
        (log2, maxRecords, lengthSeeds, ops) => {
          const cap = 2 ** log2;
          const tag = `seed ${SEED}, cap ${cap}, maxRecords ${maxRecords}`;
          const sab = createRingBuffer(cap, { maxRecords });
          const w = new SpillingRingWriter(new RingWriter(sab), 64);
          const r = new RingReader(sab);
          const maxLen = maxPayloadBytesFor(cap);
          const lengths: number[] = [];
          let expected = 0;
          let episodes = 0;
          let spilled = 0;
          let highWater = 0;
          for (const o of ops) {
            if (o.kind === 'burst') {
              for (let k = 0; k < o.n; k++) {
                const seq = lengths.length;
                const len = lengthSeeds[seq % lengthSeeds.length]! % (maxLen + 1);
                lengths.push(len);
                const waitingBefore = w.waitingRecords;
                const off = o.fixed ? w.append(typeOf(seq), len) : w.reserve(typeOf(seq), len);
                fillPayload(w.u8, off, len, seq);
                if (!o.fixed) w.commit();
                if (w.waitingRecords > waitingBefore) {
                  spilled++;
                  if (waitingBefore === 0) episodes++;
                }
                highWater = Math.max(highWater, w.waitingBytes);
              }
              w.publish();
            } else if (o.kind === 'read') {
              expected = consumeChecked(r, expected, o.n, lengths, o.take, tag);
            } else {
              w.drain();
            }
          }
          // the slow consumer catches up; the producer drains at each of its "frames"
          for (let frame = 0; expected < lengths.length; frame++) {
            if (frame > lengths.length + 10) throw new Error(`${tag}: no progress; ${expected} of ${lengths.length} read, ${w.waitingRecords} spilled`);
            w.drain();
            expected = consumeChecked(r, expected, 1 << 30, lengths, frame % 2 === 0, tag);
          }
          expect(expected, tag).toBe(lengths.length);
          expect(w.waitingRecords, tag).toBe(0);
          expect(w.waitingBytes, tag).toBe(0);
          expect(w.spilledRecords, `${tag}: every record that went to the spill was counted`).toBe(spilled);
          expect(w.spillEpisodes, `${tag}: one episode per empty -> non-empty transition`).toBe(episodes);
          expect(w.spillHighWaterBytes, tag).toBe(highWater);
          expect(w.ring.totalEnqueued, `${tag}: every record crossed the ring exactly once`).toBe(lengths.length);
        },
      ),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('keeps order: once a record is spilled, later ones spill too even when the ring has room again', () => {
    const sab = createRingBuffer(64); // room for 4 records of 0..8 payload bytes (16 bytes each)
    const w = new SpillingRingWriter(sab);
    const r = new RingReader(sab);
    for (let i = 0; i < 6; i++) {
      const off = w.reserve(i, 4);
      w.i32[off >> 2] = i * 100;
      w.commit();
    }
    w.publish();
    expect(w.waitingRecords, 'two records did not fit').toBe(2);
    expect(r.take()).toBe(0);
    r.flush();
    const off = w.reserve(6, 4); // the ring has room now, but two older records wait
    w.i32[off >> 2] = 600;
    w.commit();
    expect(w.waitingRecords, 'the new record queued behind the spilled ones').toBe(3);
    const seen: number[] = [];
    for (let frame = 0; frame < 10 && seen.length < 6; frame++) {
      w.drain();
      for (let t = r.take(); t >= 0; t = r.take()) seen.push(r.i32[r.offset >> 2]!);
      r.flush();
    }
    expect(seen).toEqual([100, 200, 300, 400, 500, 600]);
    expect(w.spillEpisodes).toBe(1);
    expect(w.spilledRecords).toBe(3);
  });

  it('compacts the spill in place only when that frees at least the bytes it moves, else grows; order kept', () => {
    const sab = createRingBuffer(64); // room for 4 records of 4 payload bytes (16 bytes each)
    const w = new SpillingRingWriter(sab, 64); // and the spill for 4 more
    const r = new RingReader(sab);
    let next = 0;
    const append = (n: number): void => {
      for (let i = 0; i < n; i++, next++) {
        const off = w.reserve(1, 4);
        w.i32[off >> 2] = next;
        w.commit();
      }
      w.publish();
    };
    const seen: number[] = [];
    const read = (n: number): void => {
      for (let i = 0; i < n; i++) {
        expect(r.take(), 'a record').toBe(1);
        seen.push(r.i32[r.offset >> 2]!);
      }
      r.flush();
    };
    append(8);
    expect([w.waitingBytes, w.capacityBytes], '4 in the ring, 4 spilled: the spill is full').toEqual([64, 64]);
    read(1);
    w.drain(); // one spilled record into the ring: 16 bytes free at the head, 48 live behind them
    append(1);
    expect([w.compactions, w.capacityBytes], 'freeing 16 bytes would move 48: grown instead').toEqual([0, 128]);
    append(4);
    expect([w.waitingBytes, w.capacityBytes], 'the grown spill is full').toEqual([128, 128]);
    read(4);
    w.drain(); // four into the ring: 64 free at the head, 64 live
    append(1);
    expect([w.compactions, w.compactedBytes, w.capacityBytes], 'freeing 64 bytes moves 64: compacted in place').toEqual([1, 64, 128]);
    for (let frame = 0; frame < 20 && seen.length < next; frame++) {
      w.drain();
      for (let t = r.take(); t >= 0; t = r.take()) seen.push(r.i32[r.offset >> 2]!);
      r.flush();
    }
    expect(seen, 'every record once, in order').toEqual(Array.from({ length: next }, (_, i) => i));
  });

  it('refuses records that could never fit or have a bad type with the ring\'s codes, also while spilling', () => {
    const sab = createRingBuffer(64);
    const w = new SpillingRingWriter(sab);
    expect(() => w.reserve(1, 100)).toThrow(/TF1002/);
    expect(() => w.reserve(70_000, 4)).toThrow(/TF1003/);
    for (let i = 0; i < 5; i++) w.append(1, 8);
    expect(w.waitingRecords).toBe(1);
    expect(() => w.reserve(1, 100)).toThrow(/TF1002/);
    expect(() => w.append(-1, 4)).toThrow(/TF1003/);
    expect(w.waitingRecords, 'a refused record is not spilled').toBe(1);
  });

  it('an uncommitted spill reservation is abandoned; discard drops what waits and says how many', () => {
    const sab = createRingBuffer(64);
    const w = new SpillingRingWriter(sab);
    for (let i = 0; i < 4; i++) w.append(1, 8);
    w.append(2, 8);
    w.reserve(3, 8); // never committed
    w.append(4, 8);
    expect(w.waitingRecords).toBe(2);
    const r = new RingReader(sab);
    const types: number[] = [];
    for (let frame = 0; frame < 5; frame++) {
      w.drain();
      for (let t = r.take(); t >= 0; t = r.take()) types.push(t);
      r.flush();
    }
    expect(types).toEqual([1, 1, 1, 1, 2, 4]);
    for (let i = 0; i < 7; i++) w.append(5, 8);
    expect(w.discard()).toBe(3);
    expect(w.waitingRecords).toBe(0);
    w.drain();
    expect(w.ring.totalEnqueued, 'discarded records never reach the ring').toBe(10);
  });

  it('steady spilling and draining allocates nothing once the spill has grown', () => {
    const sab = createRingBuffer(1024);
    const w = new SpillingRingWriter(sab, 64);
    const r = new RingReader(sab);
    const st = new Int32Array(3); // 0: next seq, 1: next expected, 2: errors
    const step = (): void => {
      // a burst of 40 records of 0..40 bytes: about twice what the ring holds, so half spills
      w.drain();
      for (let k = 0; k < 40; k++) {
        const seq = st[0]!;
        const len = (seq * 13) % 41;
        const off = w.reserve(typeOf(seq), len);
        fillPayload(w.u8, off, len, seq);
        w.commit();
        st[0] = seq + 1;
      }
      w.publish();
      // the consumer catches up over the next "frames"
      while (st[1]! < st[0]!) {
        for (let t = r.take(); t >= 0; t = r.take()) {
          const e = st[1]!;
          if (t !== typeOf(e) || r.length !== (e * 13) % 41 || checkPayload(r.u8, r.offset, r.length, e) !== -1) st[2]!++;
          st[1] = e + 1;
        }
        r.flush();
        w.drain();
      }
    };
    const g = measureHeapGrowth(step, 5_000, 2_000, 5);
    const info = `allocated ${g.allocatedBytes} B, retained ${g.bytes} B, gc runs ${g.gcRuns}, gc exposed ${g.gcExposed}`;
    expect(st[2], 'every record arrived intact and in order').toBe(0);
    expect(w.spilledRecords, 'the spill was used').toBeGreaterThan(10_000);
    expect(w.spillEpisodes, 'an episode per burst').toBeGreaterThan(5_000);
    expect(g.gcRuns, `no gc over 5,000 bursts (${info})`).toBe(0);
    expect(g.allocatedBytes, `under 64 KiB allocated (${info})`).toBeLessThan(64 * 1024);
  });
});

describe('SpillingRingWriter across threads', () => {
  const live = new Set<Worker>();
  afterEach(async () => {
    for (const x of live) await x.terminate();
    live.clear();
  });

  it('a frame-paced producer that never waits against a slow consumer in a worker: every record, in order', async () => {
    const sab = createRingBuffer(1 << 12);
    const options: PeerOptions = {
      count: 40_000, maxLen: 100, batch: 400, pauseMs: 1, consumerPauseEvery: 500, consumerPauseMs: 2, sleep: true, stallMs: 20_000,
    };
    const worker = new Worker(new URL('../helpers/ts-worker.mjs', import.meta.url), {
      workerData: { entry: new URL('./ring-peer.worker.ts', import.meta.url).href, role: 'consumer', sab, options },
    });
    live.add(worker);
    const consumer = new Promise<PeerResult>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`consumer worker exited with code ${code} before reporting`)));
    });
    const p = produceSpilling(sab, options);
    const c = await consumer;
    const info = `producer: ${p.done} written, ${p.spilledRecords} spilled in ${p.spillEpisodes} episodes, high water ${p.spillHighWaterBytes} B (${p.detail || 'ok'}); consumer: ${c.done} (${c.detail || 'ok'})`;
    expect(p.detail, info).toBe('');
    expect(c.firstBad, `no record corrupted, lost or duplicated; ${info}`).toBe(-1);
    expect(c.done, `consumer saw every record; ${info}`).toBe(options.count);
    expect(p.spilledRecords, `bursts of 400 overflow a 4 KiB ring, so the spill was used; ${info}`).toBeGreaterThan(0);
    expect(p.spillEpisodes, info).toBeGreaterThan(0);
  }, 60_000);
});
