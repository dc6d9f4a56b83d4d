import { describe, expect, it } from 'vitest';
import {
  CACHE_LINE_BYTES, CAPACITY_SLOT, CONSUMER_SLEEPING_SLOT, CONTROL_BYTES, CONTROL_SLOTS, CORRUPT_RESETS_SLOT,
  DEQUEUED_SLOT, ENQUEUED_SLOT, FULL_EVENTS_SLOT, HIGH_WATER_SLOT, KIND_SLOT, MAGIC_SLOT, MAX_CAPACITY_BYTES,
  MAX_RECORDS_SLOT, MIN_CAPACITY_BYTES, PARAM_SLOT, PRODUCER_SLEEPING_SLOT, READ_INDEX_SLOT, RECORD_HEADER_BYTES,
  RING_MAGIC, RING_VERSION, VERSION_SLOT, WRITE_INDEX_SLOT, createRingBuffer, maxPayloadBytesFor, nextPowerOfTwo,
  recordBytesFor, ringByteLength, ringCapacityOf, ringKindOf, ringParamOf,
} from '../../src/shared-memory/ring-layout.ts';
import { isTwinframeError } from '../../src/shared-memory/twinframe-error.ts';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return isTwinframeError(e) ? e.code : `not a TwinframeError: ${String(e)}`;
  }
  return 'no error';
}

describe('ring-layout', () => {
  describe('constants', () => {
    it('put the producer, consumer and constant fields on separate cache lines', () => {
      const line = (slot: number) => Math.floor((slot * 4) / CACHE_LINE_BYTES);
      for (const s of [WRITE_INDEX_SLOT, ENQUEUED_SLOT, FULL_EVENTS_SLOT, PRODUCER_SLEEPING_SLOT]) {
        expect(line(s), `producer slot ${s} lives on line 0`).toBe(0);
      }
      for (const s of [READ_INDEX_SLOT, DEQUEUED_SLOT, CONSUMER_SLEEPING_SLOT, CORRUPT_RESETS_SLOT, HIGH_WATER_SLOT]) {
        expect(line(s), `consumer slot ${s} lives on line 1`).toBe(1);
      }
      for (const s of [MAGIC_SLOT, VERSION_SLOT, CAPACITY_SLOT, MAX_RECORDS_SLOT, KIND_SLOT, PARAM_SLOT]) {
        expect(line(s), `constant slot ${s} lives on line 2`).toBe(2);
      }
      expect(CONTROL_BYTES, 'the storage starts after the three lines').toBe(3 * CACHE_LINE_BYTES);
      expect(CONTROL_SLOTS * 4, 'slots cover the control block').toBe(CONTROL_BYTES);
      expect(CONTROL_BYTES % 8, 'the storage is 8-byte aligned for Float64Array views').toBe(0);
    });

    it('recompute the allocator size for several capacities', () => {
      for (let cap = MIN_CAPACITY_BYTES; cap <= 1 << 20; cap *= 4) {
        const sab = createRingBuffer(cap);
        expect(sab.byteLength, `a ${cap}-byte ring is control + storage`).toBe(CONTROL_BYTES + cap);
        expect(ringByteLength(cap), 'ringByteLength agrees with the allocator').toBe(sab.byteLength);
        const c = new Int32Array(sab, 0, CONTROL_SLOTS);
        expect([c[MAGIC_SLOT], c[VERSION_SLOT], c[CAPACITY_SLOT]], 'constants written once').toEqual([RING_MAGIC, RING_VERSION, cap]);
        expect(ringCapacityOf('test', sab), 'capacity read back').toBe(cap);
      }
    });

    it('size records as header + payload rounded up to 8, at most half the ring', () => {
      expect([0, 1, 8, 9, 16].map(recordBytesFor), 'record sizes').toEqual([8, 16, 16, 24, 24]);
      expect(maxPayloadBytesFor(64), 'a 64-byte ring takes 24-byte payloads').toBe(32 - RECORD_HEADER_BYTES);
      expect(recordBytesFor(maxPayloadBytesFor(1024)), 'the largest record is half the ring').toBe(512);
    });
  });

  describe('createRingBuffer', () => {
    it('refuses a capacity that is not a power of two and suggests the next one', () => {
      let message = '';
      try {
        createRingBuffer(1000);
      } catch (e) {
        message = (e as Error).message;
        expect(isTwinframeError(e, 'TF1001'), 'coded TF1001').toBe(true);
      }
      expect(message, 'names the value and the next power of two').toMatch(/got 1000.*Use 1024/);
    });

    it('refuses capacities out of range or not numbers', () => {
      for (const bad of [0, -64, 32, MAX_CAPACITY_BYTES * 2, 64.5, Number.NaN, Infinity]) {
        expect(codeOf(() => createRingBuffer(bad)), `capacity ${bad}`).toBe('TF1001');
      }
    });

    it('validates options and stores kind and param', () => {
      expect(codeOf(() => createRingBuffer(64, { maxRecords: 9 })), 'more records than 8-byte slots').toBe('TF1007');
      expect(codeOf(() => createRingBuffer(64, { maxRecords: -1 })), 'negative maxRecords').toBe('TF1007');
      expect(codeOf(() => createRingBuffer(64, { kind: 1.5 })), 'fractional kind').toBe('TF1007');
      expect(codeOf(() => createRingBuffer(64, { param: -3 })), 'negative param').toBe('TF1007');
      const sab = createRingBuffer(64, { kind: 7, param: 300 });
      expect([ringKindOf(sab), ringParamOf(sab)], 'kind and param read back').toEqual([7, 300]);
    });

    it('nextPowerOfTwo rounds up', () => {
      expect([1, 2, 3, 64, 65, 1000].map(nextPowerOfTwo), 'powers').toEqual([1, 2, 4, 64, 128, 1024]);
    });
  });

  describe('ringCapacityOf', () => {
    it('refuses buffers that are not rings (TF1004)', () => {
      expect(codeOf(() => ringCapacityOf('t', new ArrayBuffer(512) as unknown as SharedArrayBuffer)), 'plain ArrayBuffer').toBe('TF1004');
      expect(codeOf(() => ringCapacityOf('t', new SharedArrayBuffer(512))), 'zeroed SAB (no magic)').toBe('TF1004');
      expect(codeOf(() => ringCapacityOf('t', new SharedArrayBuffer(8))), 'too small').toBe('TF1004');
      const sab = createRingBuffer(256);
      new Int32Array(sab)[CAPACITY_SLOT] = 512;
      expect(codeOf(() => ringCapacityOf('t', sab)), 'capacity that disagrees with the size').toBe('TF1004');
    });
  });
});
