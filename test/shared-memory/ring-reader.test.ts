import { describe, expect, it } from 'vitest';
import {
  CONTROL_BYTES, CONTROL_SLOTS, ENQUEUED_SLOT, RING_CORRUPT, RING_EMPTY, WRITE_INDEX_SLOT, createRingBuffer,
} from '../../src/shared-memory/ring-layout.ts';
import { RingWriter } from '../../src/shared-memory/ring-writer.ts';
import { RingReader } from '../../src/shared-memory/ring-reader.ts';

function pair(cap: number): { sab: SharedArrayBuffer; w: RingWriter; r: RingReader } {
  const sab = createRingBuffer(cap);
  return { sab, w: new RingWriter(sab), r: new RingReader(sab) };
}

function put(w: RingWriter, type: number, payload: number): void {
  const off = w.tryReserve(type, payload);
  if (off < 0) throw new Error(`test setup: ring full writing type ${type}`);
  w.commit();
}

describe('RingReader', () => {
  describe('#tryRead', () => {
    it('returns RING_EMPTY on an empty ring and the same record until release', () => {
      const { w, r } = pair(128);
      expect(r.tryRead(), 'empty').toBe(RING_EMPTY);
      put(w, 4, 12);
      w.publish();
      expect(r.tryRead(), 'first read').toBe(4);
      expect(r.tryRead(), 'peek again before release').toBe(4);
      expect(r.length, 'payload length').toBe(12);
      r.release();
      expect(r.tryRead(), 'empty again').toBe(RING_EMPTY);
      r.release();
      expect(r.totalDequeued, 'a release without a record is a no-op').toBe(1);
    });
  });

  describe('#release batching', () => {
    it('hands space back on flush, on empty, and every quarter ring', () => {
      const { w, r } = pair(1024);
      for (let i = 0; i < 20; i++) put(w, 1, 24); // 20 x 32 bytes = 640
      w.publish();
      r.tryRead();
      r.release();
      expect(w.approximateSizeBytes, 'one release is not published yet').toBe(640);
      r.flush();
      expect(w.approximateSizeBytes, 'flush publishes it').toBe(608);
      for (let i = 0; i < 8; i++) {
        r.tryRead();
        r.release();
      }
      expect(w.approximateSizeBytes, 'a quarter ring (256 bytes) released publishes').toBe(352);
      while (r.tryRead() >= 0) r.release();
      expect(w.approximateSizeBytes, 'reaching empty with >= a sixteenth of the ring unpublished publishes').toBe(0);
      expect(w.totalDequeued, 'the writer sees every release').toBe(20);
    });

    it('flushLazy keeps small releases until the writer is starved or asleep', () => {
      const { w, r } = pair(1024);
      put(w, 1, 8);
      w.publish();
      r.tryRead();
      r.release();
      expect(r.tryRead(), 'empty').toBe(RING_EMPTY);
      expect(w.approximateSizeBytes, 'a 16-byte release stays unpublished (below 1024 / 16)').toBe(16);
      r.flushLazy();
      expect(w.totalDequeued, 'flushLazy: writer not starved, still unpublished').toBe(0);
      while (w.tryReserve(2, 56) >= 0) w.commit();
      expect(w.fullEvents, 'the writer is starved').toBeGreaterThan(0);
      r.flushLazy();
      expect(w.totalDequeued, 'now the release is handed back').toBe(1);
    });
  });

  describe('#waitForData', () => {
    it("returns 'not-equal' when data is there and 'timed-out' when none comes", () => {
      const { w, r } = pair(128);
      expect(r.waitForData(5), 'nothing published').toBe('timed-out');
      put(w, 1, 0);
      w.publish();
      expect(r.waitForData(1000), 'data present: no sleep').toBe('not-equal');
      expect(r.hasData(), 'hasData agrees').toBe(true);
    });

    it('the async variant resolves when the writer publishes', async () => {
      const { w, r } = pair(128);
      const waiting = r.waitForDataAsync(5000);
      put(w, 2, 0);
      w.publish();
      expect(await waiting, 'woken by publish').toBe('ok');
      expect(r.tryRead(), 'the record is there').toBe(2);
      expect(await r.waitForDataAsync(5000), 'data present: resolves at once').toBe('not-equal');
      r.release();
      expect(await r.waitForDataAsync(5), 'times out').toBe('timed-out');
    });
  });

  describe('corrupt framing', () => {
    it('resets to the write index, counts the reset and keeps reading later records', () => {
      const { sab, w, r } = pair(256);
      put(w, 1, 8);
      put(w, 2, 8);
      w.publish();
      new Int32Array(sab, CONTROL_BYTES, 64)[1] = 0x12345678; // first header's tag/type word
      expect(r.tryRead(), 'reported once').toBe(RING_CORRUPT);
      expect(r.lastCorruptType, 'the bad header word is kept for the diagnostic').toBe(0x12345678);
      expect(r.corruptResets, 'counted').toBe(1);
      expect(w.corruptResets, 'visible to the writer').toBe(1);
      expect(r.tryRead(), 'both published records were discarded').toBe(RING_EMPTY);
      expect(r.approximateSizeRecords, 'counters resynchronised').toBe(0);
      put(w, 3, 8);
      w.publish();
      expect(r.tryRead(), 'later records read normally').toBe(3);
    });

    it('rejects a padding record that does not fill the storage to its end, or sits at position 0', () => {
      for (const damage of ['short', 'at-zero'] as const) {
        const { sab, w, r } = pair(64);
        for (let i = 0; i < 3; i++) put(w, 1, 8); // 48 bytes: the next 24-byte record wraps
        w.publish();
        for (let i = 0; i < 3; i++) {
          r.tryRead();
          r.release();
        }
        r.flush();
        put(w, 2, 16); // padding at 48 (16 bytes), record at 0
        const storage = new Int32Array(sab, CONTROL_BYTES, 16);
        expect(storage[13]! & 0xffff, 'a padding record was written at byte 48').toBe(0xffff);
        if (damage === 'short') storage[12] = 0; // padding length 0 instead of 8
        else storage.set([8, storage[13]!], 0); // a padding header at position 0 (over the record)
        w.publish();
        expect(r.tryRead(), `${damage} padding is corrupt framing`).toBe(RING_CORRUPT);
      }
    });

    it('counts the records of a publish that completes during a reset once: the index is loaded before the count', () => {
      const { sab, w, r } = pair(256);
      put(w, 1, 8);
      put(w, 2, 8);
      w.publish();
      // The interleaving, made deterministic: the writer publishes two more records right after
      // the reset's load of the published-record count (as another thread can at any time).
      const load = Atomics.load;
      let published = false;
      const hooked = (ta: Int32Array, i: number): number => {
        const v = load(ta, i);
        if (!published && ta.buffer === sab && i === ENQUEUED_SLOT) {
          published = true;
          put(w, 3, 8);
          put(w, 4, 8);
          w.publish();
        }
        return v;
      };
      try {
        Atomics.load = hooked as unknown as typeof Atomics.load;
        expect(r.corrupt(0, 0), 'a reset').toBe(RING_CORRUPT);
      } finally {
        Atomics.load = load;
      }
      expect(published, 'the writer published during the reset').toBe(true);
      while (r.tryRead() >= 0) r.release();
      r.flush();
      expect(r.totalDequeued, 'each record counted once, discarded or read').toBe(4);
      expect(r.approximateSizeRecords, 'none left on the reader side').toBe(0);
      expect(w.approximateSizeRecords, 'none left on the writer side').toBe(0);
    });

    it('treats a write index beyond the capacity as corrupt', () => {
      const { sab, r } = pair(64);
      new Int32Array(sab, 0, CONTROL_SLOTS)[WRITE_INDEX_SLOT] = 4096;
      expect(r.tryRead(), 'impossible index').toBe(RING_CORRUPT);
      expect(r.tryRead(), 'then empty').toBe(RING_EMPTY);
    });
  });
});
