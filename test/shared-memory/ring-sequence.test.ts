// Seeded property tests of the ring pair (RingWriter + RingReader on one thread): over random
// capacities, record sizes, batch sizes and start offsets, the reader sees exactly the written
// sequence (every byte checked), nothing is lost or duplicated, and the counters agree after every
// step. Run with TWINFRAME_SEED=<n> to replay a failure; the seed is printed in every failure.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRingBuffer, maxPayloadBytesFor, RING_EMPTY } from '../../src/shared-memory/ring-layout.ts';
import { RingWriter } from '../../src/shared-memory/ring-writer.ts';
import { RingReader } from '../../src/shared-memory/ring-reader.ts';
import { fillPayload, checkPayload } from './ring-test-payload.ts';

const SEED = Number(process.env.TWINFRAME_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = Number(process.env.TWINFRAME_RUNS ?? 1000);

// Cheap assertions for hot loops: expect() runs (and reports value and message) only on a mismatch.
function eq(actual: unknown, expected: unknown, msg: string): void {
  if (actual !== expected) expect(actual, msg).toBe(expected);
}
function le(a: number, b: number, msg: string): void {
  if (!(a <= b)) expect(a, msg).toBeLessThanOrEqual(b);
}

interface Rec { seq: number; type: number; len: number }

/** Drives a writer/reader pair against a model queue and checks invariants after each step. */
class Harness {
  readonly w: RingWriter;
  readonly r: RingReader;
  readonly cap: number;
  readonly model: Rec[] = []; // published, not yet read
  pending: Rec[] = []; // committed, not yet published
  seq = 0;
  read = 0;
  lastHighWater = 0;
  published = 0;
  constructor(cap: number, maxRecords: number, readonly tag: string) {
    const sab = createRingBuffer(cap, { maxRecords });
    this.w = new RingWriter(sab);
    this.r = new RingReader(sab);
    this.cap = cap;
  }
  /** Tries to write one record; returns false when the ring reported full. `append` uses tryAppend. */
  write(len: number, append = false): boolean {
    const type = this.seq % 0xfff0;
    const off = append ? this.w.tryAppend(type, len) : this.w.tryReserve(type, len);
    if (off < 0) {
      // a full ring must have published what was committed, so the reader can make room
      this.published += this.pending.length;
      this.model.push(...this.pending);
      this.pending = [];
      return false;
    }
    eq(off % 8, 0, `${this.tag}: payload offset ${off} is 8-aligned`);
    le(off + len, this.cap, `${this.tag}: payload inside the storage`);
    fillPayload(this.w.u8, off, len, this.seq);
    if (!append) this.w.commit();
    this.pending.push({ seq: this.seq++, type, len });
    return true;
  }
  publish(): void {
    this.w.publish();
    this.published += this.pending.length;
    this.model.push(...this.pending);
    this.pending = [];
  }
  /** Reads up to n records, checking each against the model; `take` uses the fused read+release. */
  readSome(n: number, take = false): void {
    for (let i = 0; i < n; i++) {
      const t = take ? this.r.take() : this.r.tryRead();
      if (this.model.length === 0) {
        eq(t, RING_EMPTY, `${this.tag}: reader sees nothing unpublished`);
        return;
      }
      const want = this.model.shift()!;
      eq(t, want.type, `${this.tag}: record ${want.seq} type`);
      if (!take) eq(this.r.tryRead(), want.type, `${this.tag}: tryRead before release returns the same record`);
      eq(this.r.length, want.len, `${this.tag}: record ${want.seq} length`);
      eq(this.r.offset % 8, 0, `${this.tag}: record ${want.seq} aligned`);
      const bad = checkPayload(this.r.u8, this.r.offset, this.r.length, want.seq);
      eq(bad, -1, `${this.tag}: record ${want.seq} payload byte ${bad} intact`);
      if (!take) this.r.release();
      this.read++;
    }
  }
  check(): void {
    const { w, r, tag } = this;
    eq(w.totalEnqueued, this.published, `${tag}: writer totalEnqueued`);
    eq(r.totalEnqueued, this.published, `${tag}: reader totalEnqueued`);
    eq(r.totalDequeued, this.read, `${tag}: reader totalDequeued`);
    le(w.totalDequeued, this.read, `${tag}: writer sees at most the released records`);
    eq(w.pendingRecords, this.pending.length, `${tag}: pending records`);
    eq(r.approximateSizeRecords, this.published - this.read, `${tag}: reader size in records`);
    le(this.published - this.read, w.approximateSizeRecords, `${tag}: writer size >= reader size`);
    const bytes = r.approximateSizeBytes;
    eq(bytes >= 0 && bytes <= this.cap, true, `${tag}: size ${bytes} within 0..${this.cap}`);
    le(this.lastHighWater, r.highWaterBytes, `${tag}: the high-water mark never decreases`);
    le(r.highWaterBytes, this.cap, `${tag}: high water within capacity`);
    eq(w.highWaterBytes, r.highWaterBytes, `${tag}: both sides report the same high-water mark`);
    this.lastHighWater = r.highWaterBytes;
    eq(r.fullEvents, w.fullEvents, `${tag}: both sides count the same full events`);
    eq(r.corruptResets, 0, `${tag}: no framing resets`);
  }
  /** Drains everything and flushes; afterwards the writer must see an empty ring. */
  drainAll(): void {
    this.publish();
    this.readSome(this.model.length + 1);
    this.r.flush();
    eq(this.w.totalDequeued, this.read, `${this.tag}: after flush the writer sees every release`);
    eq(this.w.approximateSizeBytes, 0, `${this.tag}: after a full drain nothing is in flight`);
  }
}

describe('RingWriter + RingReader', () => {
  it(`#sequence: random capacities, sizes, batches and offsets keep the exact sequence (seed ${SEED})`, () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('write' as const), sizes: fc.array(fc.integer({ min: 0, max: 1 << 12 }), { minLength: 1, maxLength: 40 }), publishEach: fc.boolean(), append: fc.boolean() }),
      fc.record({ kind: fc.constant('read' as const), n: fc.integer({ min: 1, max: 50 }), take: fc.boolean() }),
      fc.record({ kind: fc.constant('flush' as const) }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 6, max: 13 }),
        fc.integer({ min: 0, max: 1 << 13 }),
        fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 64 })),
        fc.array(op, { minLength: 1, maxLength: 60 }),
        (log2, startRaw, maxRecords, ops) => {
          const cap = 2 ** log2;
          const tag = `seed ${SEED}, cap ${cap}, maxRecords ${maxRecords}`;
          const h = new Harness(cap, Math.min(maxRecords, cap / 8), tag);
          // start at an arbitrary 8-byte offset: write and read empty records up to it
          const start = (startRaw % cap) & ~7;
          for (let o = 0; o < start; o += 8) {
            h.write(0);
            h.publish();
            h.readSome(1);
          }
          const maxPayload = maxPayloadBytesFor(cap);
          for (const o of ops) {
            if (o.kind === 'write') {
              for (const s of o.sizes) {
                const len = s % (maxPayload + 1);
                if (!h.write(len, o.append)) {
                  // full: after a complete drain the same record must fit (nothing is stuck)
                  h.drainAll();
                  expect(h.write(len, o.append), `${tag}: a ${len}-byte record fits an empty ring`).toBe(true);
                }
                if (o.publishEach) h.publish();
                h.check();
              }
              h.publish();
            } else if (o.kind === 'read') {
              h.readSome(o.n, o.take);
            } else {
              h.r.flush();
            }
            h.check();
          }
          h.drainAll();
          h.check();
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('#sequence: wraps at every 8-byte offset with every record size (small rings, exhaustive)', () => {
    for (const cap of [64, 128, 256]) {
      const maxPayload = maxPayloadBytesFor(cap);
      for (let start = 0; start < cap; start += 8) {
        for (let len = 0; len <= maxPayload; len++) {
          const tag = `cap ${cap}, start ${start}, len ${len}`;
          const h = new Harness(cap, 0, tag);
          for (let o = 0; o < start; o += 8) {
            h.write(0);
            h.publish();
            h.readSome(1);
          }
          // fill until full, drain half, refill, drain all: crosses the wrap at least once
          let n = 0;
          while (h.write(len)) n++;
          expect(n, `${tag}: at least one record fits`).toBeGreaterThan(0);
          h.readSome(Math.ceil(n / 2), true);
          h.r.flush();
          while (h.write(len, true)) n++;
          h.drainAll();
          h.check();
          expect(h.read, `${tag}: every written record was read`).toBe(h.seq);
        }
      }
    }
  });

  it('#maxRecords: the record limit refuses the next record and recovers after a release', () => {
    const h = new Harness(1024, 3, 'maxRecords 3');
    expect(h.write(4) && h.write(4) && h.write(4), 'three records fit').toBe(true);
    expect(h.write(4), 'the fourth is refused').toBe(false);
    expect(h.w.fullEvents, 'one full event counted').toBe(1);
    h.readSome(1);
    h.r.flush();
    expect(h.write(4), 'after one release one more fits').toBe(true);
    h.drainAll();
    h.check();
  });
});
