import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CALLBACK_FIXED_BYTES, CALLBACK_TYPES, CALLBACK_TYPE_NAMES, CallbackReader, CallbackWriter, createCallbackQueueBuffer,
} from '../../src/protocol/callback-queue.ts';
import type { CallbackProcessor } from '../../src/protocol/callback-queue.ts';
import { TRUNCATION_MARKER } from '../../src/protocol/string-codec.ts';
import { createCommandQueueBuffer } from '../../src/protocol/command-writer.ts';
import { CONTROL_BYTES } from '../../src/shared-memory/ring-layout.ts';
import { isTwinframeError } from '../../src/shared-memory/twinframe-error.ts';
import { measureHeapGrowth } from '../helpers/heap.ts';

const SEED = Number(process.env.TWINFRAME_SEED ?? Math.floor(Math.random() * 2 ** 31));

type Got = [number, number, number, string, string];
function collector(out: Got[], malformed: [string, number, number][] = []): CallbackProcessor {
  return {
    onCallback: (c, r, t, code, m) => void out.push([c, r, t, code, m]),
    onMalformed: (code, type, length) => void malformed.push([code, type, length]),
  };
}

function queue(capacity: number, maxMessageBytes?: number): { w: CallbackWriter; r: CallbackReader } {
  const sab = createCallbackQueueBuffer(capacity, maxMessageBytes);
  return { w: new CallbackWriter(sab), r: new CallbackReader(sab) };
}

describe('CallbackQueue', () => {
  it('CALLBACK_TYPES are numeric with names', () => {
    for (const [name, v] of Object.entries(CALLBACK_TYPES)) expect(CALLBACK_TYPE_NAMES[v], `name of ${v}`).toBe(name);
  });

  // The seed's TEST(CallbackQueue, EnqueueDequeue)
  it('enqueue then dequeueAll delivers the callback and empties the queue', () => {
    const { w, r } = queue(10);
    expect(w.enqueue(1, 42, CALLBACK_TYPES.ENTITY_CREATED, ''), 'enqueued').toBe(true);
    expect(w.approximateSize(), 'size 1 (writer)').toBe(1);
    expect(r.approximateSize(), 'size 1 (reader)').toBe(1);
    const got: Got[] = [];
    expect(r.dequeueAll(collector(got)), 'one processed').toBe(1);
    expect(got, 'callbackId 1, resultId 42, success').toEqual([[1, 42, CALLBACK_TYPES.ENTITY_CREATED, '', '']]);
    expect(r.isEmpty(), 'reader sees empty').toBe(true);
    expect(w.isEmpty(), 'writer sees empty').toBe(true);
    expect([w.totalEnqueued, w.totalDequeued, r.totalEnqueued, r.totalDequeued], 'totals').toEqual([1, 1, 1, 1]);
  });

  // The seed's TEST(CallbackQueue, BackpressureWhenFull)
  it('backpressure: room for two callbacks, the third is refused', () => {
    const { w, r } = queue(2);
    expect(w.enqueue(1, 0, CALLBACK_TYPES.GENERIC), '1st succeeds').toBe(true);
    expect(w.enqueue(1, 0, CALLBACK_TYPES.GENERIC), '2nd succeeds (full)').toBe(true);
    expect(w.isFull(), 'full').toBe(true);
    expect(w.enqueue(1, 0, CALLBACK_TYPES.GENERIC), '3rd fails (backpressure)').toBe(false);
    expect(w.ring.fullEvents, 'the refusal is counted').toBe(1);
    expect(r.dequeueAll(collector([])), 'two delivered').toBe(2);
    expect(w.enqueue(1, 0, CALLBACK_TYPES.GENERIC), 'room again after dequeue').toBe(true);
  });

  it('room for N callbacks holds even when every one carries a maximal error message', () => {
    const { w } = queue(5, 64);
    const long = 'x'.repeat(1000);
    for (let i = 0; i < 5; i++) expect(w.enqueue(i, i, CALLBACK_TYPES.GENERIC, 'TF4003', long), `callback ${i} fits`).toBe(true);
    expect(w.enqueue(9, 9, CALLBACK_TYPES.GENERIC), 'the sixth is refused by count').toBe(false);
  });

  it(`round-trips ids, result ids, types, codes and messages; long messages truncated with a marker (seed ${SEED})`, () => {
    const { w, r } = queue(64, 128);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: 2 ** 32 - 1 }), fc.oneof(fc.integer(), fc.double({ noNaN: true })), fc.constantFrom(0, 1, 2, 3), fc.string({ maxLength: 200 }), fc.constantFrom('', 'TF1001', 'TF4003', 'TF9999')), { maxLength: 64 }),
        (cbs) => {
          for (const [c, res, t, m, code] of cbs) expect(w.enqueue(c, res, t, code, m), `seed ${SEED}: fits`).toBe(true);
          const got: Got[] = [];
          r.dequeueAll(collector(got));
          expect(got.length, `seed ${SEED}: all delivered`).toBe(cbs.length);
          got.forEach(([c, res, t, code, m], i) => {
            const [wc, wres, wt, wm, wcode] = cbs[i]!;
            expect([c, res, t, code], `seed ${SEED}: fields of callback ${i}`).toEqual([wc, wres, wt, wcode]);
            if (new TextEncoder().encode(wm).length <= 128) expect(m, `seed ${SEED}: message ${i}`).toBe(wm.replace(/[\uD800-\uDFFF]/g, (ch, k: number) => (isPaired(wm, k) ? ch : '\uFFFD')));
            else expect(m.endsWith(TRUNCATION_MARKER), `seed ${SEED}: message ${i} truncated with the marker`).toBe(true);
          });
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('skips malformed records (TF2003) and reports them', () => {
    const sab = createCallbackQueueBuffer(8);
    const w = new CallbackWriter(sab);
    const r = new CallbackReader(sab);
    w.enqueue(1, 1, 7); // unknown type 7
    const off = w.ring.tryReserve(5, 4); // wrong record type, too short
    w.ring.commit();
    w.ring.publish();
    expect(off, 'raw record written').toBeGreaterThan(0);
    w.enqueue(2, 2, CALLBACK_TYPES.GENERIC);
    const got: Got[] = [];
    const bad: [string, number, number][] = [];
    expect(r.dequeueAll(collector(got, bad)), 'one valid').toBe(1);
    expect(got, 'the valid one').toEqual([[2, 2, CALLBACK_TYPES.GENERIC, '', '']]);
    expect(bad, 'both bad ones reported').toEqual([['TF2003', 7, CALLBACK_FIXED_BYTES], ['TF2003', 5, 4]]);
    expect(r.malformedRecords, 'counted').toBe(2);
  });

  it('reports broken framing once (TF1005) and keeps working', () => {
    const sab = createCallbackQueueBuffer(8);
    const w = new CallbackWriter(sab);
    const r = new CallbackReader(sab);
    w.enqueue(3, 3, CALLBACK_TYPES.GENERIC);
    new Int32Array(sab, CONTROL_BYTES, 2)[1] = 0x0badf00d; // first record's tag/type word
    const bad: [string, number, number][] = [];
    expect(r.dequeueAll(collector([], bad)), 'nothing valid').toBe(0);
    expect(bad, 'one framing report with the bad word').toEqual([['TF1005', 0x0badf00d, CALLBACK_FIXED_BYTES]]);
    w.enqueue(4, 4, CALLBACK_TYPES.GENERIC);
    const got: Got[] = [];
    expect(r.dequeueAll(collector(got)), 'the next callback arrives').toBe(1);
    expect(got, 'intact').toEqual([[4, 4, CALLBACK_TYPES.GENERIC, '', '']]);
  });

  it('success callbacks allocate nothing on either side', () => {
    const { w, r } = queue(128);
    let sum = 0;
    const p: CallbackProcessor = { onCallback: (c, res) => void (sum += c + res) };
    const g = measureHeapGrowth(() => {
      for (let i = 0; i < 100; i++) w.enqueue(i, i * 2, CALLBACK_TYPES.ENTITY_CREATED);
      r.dequeueAll(p);
    }, 5000, 500);
    const info = `allocated ${g.allocatedBytes} B, gc runs ${g.gcRuns}`;
    expect(g.gcRuns, `no gc over 500k callbacks (${info})`).toBe(0);
    expect(g.allocatedBytes, `under 256 KiB allocated (${info})`).toBeLessThan(256 * 1024);
    expect(sum, 'callbacks delivered').toBeGreaterThan(0);
  });

  it('validates capacity, message limit and buffer kind', () => {
    for (const [cap, msg] of [[0, 64], [1.5, 64], [1e9, 64], [2, 3], [2, 1e7]] as const) {
      let err: unknown;
      try {
        createCallbackQueueBuffer(cap, msg);
      } catch (e) {
        err = e;
      }
      expect(isTwinframeError(err, 'TF2005'), `capacity ${cap}, message ${msg}: TF2005, got ${String(err)}`).toBe(true);
    }
    expect(() => new CallbackWriter(createCommandQueueBuffer(1024)), 'command ring').toThrow(/TF2006/);
    expect(() => new CallbackReader(createCommandQueueBuffer(1024)), 'command ring').toThrow(/TF2006/);
  });
});

function isPaired(s: string, k: number): boolean {
  const c = s.charCodeAt(k);
  if (c >= 0xd800 && c <= 0xdbff) return k + 1 < s.length && (s.charCodeAt(k + 1) & 0xfc00) === 0xdc00;
  return k > 0 && (s.charCodeAt(k - 1) & 0xfc00) === 0xd800;
}
