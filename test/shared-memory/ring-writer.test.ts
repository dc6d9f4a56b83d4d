import { describe, expect, it } from 'vitest';
import { PADDING_TYPE, RING_EMPTY, createRingBuffer } from '../../src/shared-memory/ring-layout.ts';
import { RingWriter } from '../../src/shared-memory/ring-writer.ts';
import { RingReader } from '../../src/shared-memory/ring-reader.ts';
import { isTwinframeError } from '../../src/shared-memory/twinframe-error.ts';

function pair(cap: number, maxRecords = 0): { w: RingWriter; r: RingReader } {
  const sab = createRingBuffer(cap, { maxRecords });
  return { w: new RingWriter(sab), r: new RingReader(sab) };
}

describe('RingWriter', () => {
  describe('#tryReserve', () => {
    it('returns 8-aligned payload offsets and encodes in place through every view', () => {
      const { w, r } = pair(256);
      const off = w.tryReserve(3, 24);
      expect(off % 8, 'aligned').toBe(0);
      w.i32[off >> 2] = -7;
      w.u32[(off >> 2) + 1] = 0xfffffff0;
      w.f64[(off >> 3) + 1] = Math.PI;
      w.f32[(off >> 2) + 4] = 1.5;
      w.u8[off + 20] = 200;
      w.commit();
      w.publish();
      expect(r.tryRead(), 'type read back').toBe(3);
      expect(r.length, 'length read back').toBe(24);
      const o = r.offset;
      expect([r.i32[o >> 2], r.u32[(o >> 2) + 1], r.f64[(o >> 3) + 1], r.f32[(o >> 2) + 4], r.u8[o + 20]], 'fields read back')
        .toEqual([-7, 0xfffffff0, Math.PI, 1.5, 200]);
    });

    it('returns -1 when full, counts a full event, and never throws for full', () => {
      const { w, r } = pair(64);
      expect(w.tryReserve(1, 24), 'one 32-byte record fits').toBeGreaterThanOrEqual(0);
      w.commit();
      expect(w.tryReserve(1, 24), 'a second fits').toBeGreaterThanOrEqual(0);
      w.commit();
      expect(w.tryReserve(1, 0), 'a third does not').toBe(-1);
      expect(w.fullEvents, 'counted').toBe(1);
      expect(r.fullEvents, 'visible to the reader').toBe(1);
      expect(w.isFull(0), 'isFull agrees').toBe(true);
    });

    it('publishes committed records when full, so the reader can make room', () => {
      const { w, r } = pair(64);
      w.tryReserve(1, 24);
      w.commit();
      w.tryReserve(2, 24);
      w.commit();
      expect(r.tryRead(), 'nothing visible before publish').toBe(RING_EMPTY);
      expect(w.tryReserve(3, 8), 'full').toBe(-1);
      expect(r.tryRead(), 'the full reserve published the first record').toBe(1);
    });

    it('refuses a record that could never fit with TF1002 naming both sizes', () => {
      const { w } = pair(1024);
      let err: unknown;
      try {
        w.tryReserve(1, 600);
      } catch (e) {
        err = e;
      }
      expect(isTwinframeError(err, 'TF1002'), `coded TF1002, got ${String(err)}`).toBe(true);
      expect((err as Error).message, 'names the record size and the ring size').toMatch(/got 600 bytes.*1024-byte ring.*at least 2048/);
      expect(w.tryReserve(1, 1024 / 2 - 8), 'the largest legal record fits an empty ring').toBeGreaterThanOrEqual(0);
      for (const bad of [-1, 1.5, Number.NaN]) {
        expect(() => w.tryReserve(1, bad), `size ${bad} is refused`).toThrow(/TF1002/);
      }
    });

    it('refuses types outside 0..65534 with TF1003', () => {
      const { w } = pair(64);
      for (const bad of [-1, PADDING_TYPE, 70000, 2.5]) expect(() => w.tryReserve(bad, 0), `type ${bad}`).toThrow(/TF1003/);
    });

    it('abandons a reservation that is not committed', () => {
      const { w, r } = pair(128);
      w.tryReserve(5, 8);
      const off = w.tryReserve(6, 4);
      w.i32[off >> 2] = 42;
      w.commit();
      w.publish();
      expect(r.tryRead(), 'only the committed record exists').toBe(6);
      expect(r.i32[r.offset >> 2], 'with its payload').toBe(42);
      r.release();
      expect(r.tryRead(), 'and nothing else').toBe(RING_EMPTY);
    });

    it('writes a padding record at the wrap so no record is split', () => {
      const { w, r } = pair(64);
      for (let i = 0; i < 3; i++) {
        w.tryReserve(1, 8);
        w.commit();
      }
      w.publish();
      for (let i = 0; i < 3; i++) {
        r.tryRead();
        r.release();
      }
      r.flush();
      // write index at 48: a 24-byte record does not fit the last 16 bytes, so it goes to 0
      const off = w.tryReserve(9, 16);
      expect(off, 'the record starts after the header at position 0').toBe(8);
      w.commit();
      w.publish();
      expect(r.tryRead(), 'the reader skips the padding').toBe(9);
    });
  });

  describe('#publish', () => {
    it('makes records visible only at publish, once per batch', () => {
      const { w, r } = pair(1024);
      for (let i = 0; i < 10; i++) {
        w.tryReserve(i, 4);
        w.commit();
      }
      expect(w.pendingRecords, 'ten pending').toBe(10);
      expect(r.tryRead(), 'none visible').toBe(RING_EMPTY);
      w.publish();
      expect(w.totalEnqueued, 'ten published').toBe(10);
      let n = 0;
      while (r.tryRead() >= 0) {
        r.release();
        n++;
      }
      expect(n, 'all ten read').toBe(10);
    });

    it('the reader tracks the high-water mark in bytes, visible to both sides', () => {
      const { w, r } = pair(1024);
      for (let i = 0; i < 4; i++) {
        w.tryReserve(1, 24);
        w.commit();
      }
      w.publish();
      expect(r.highWaterBytes, 'measured when the reader loads the write index').toBe(0);
      r.tryRead();
      expect(r.highWaterBytes, 'four 32-byte records').toBe(128);
      expect(w.highWaterBytes, 'visible to the writer').toBe(128);
      while (r.tryRead() >= 0) r.release();
      r.flush();
      w.tryReserve(1, 24);
      w.commit();
      w.publish();
      r.tryRead();
      expect(r.highWaterBytes, 'the mark stays at its maximum').toBe(128);
    });
  });

  describe('#waitForSpace', () => {
    it("returns 'not-equal' at once when space was released, 'timed-out' otherwise", () => {
      const { w, r } = pair(64);
      w.tryReserve(1, 24);
      w.commit();
      w.tryReserve(1, 24);
      w.commit();
      expect(w.tryReserve(1, 0), 'full').toBe(-1);
      expect(w.waitForSpace(5), 'nothing released: times out').toBe('timed-out');
      r.tryRead();
      r.release();
      r.flush();
      expect(w.waitForSpace(1000), 'released: no sleep').toBe('not-equal');
      expect(w.tryReserve(1, 0), 'fits now').toBeGreaterThanOrEqual(0);
    });
  });

  it('a second writer attached later continues after the published records', () => {
    const sab = createRingBuffer(256);
    const w1 = new RingWriter(sab);
    w1.tryReserve(1, 4);
    w1.commit();
    w1.publish();
    const w2 = new RingWriter(sab);
    w2.tryReserve(2, 4);
    w2.commit();
    w2.publish();
    const r = new RingReader(sab);
    const seen: number[] = [];
    for (let t = r.tryRead(); t >= 0; t = r.tryRead()) {
      seen.push(t);
      r.release();
    }
    expect(seen, 'records of both incarnations, in order').toEqual([1, 2]);
    expect(w2.totalEnqueued, 'the count continues').toBe(2);
  });
});
