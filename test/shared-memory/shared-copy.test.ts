// Fast copies inside a shared buffer (shared-copy.ts): a copyable buffer is a shared WebAssembly
// memory's SharedArrayBuffer, its copier moves words exactly as copyWithin does (overlaps too),
// other buffers get no copier, and a StateWriter over a copyable buffer publishes the same view as
// one over a plain buffer, full copies included.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Worker } from 'node:worker_threads';
import { allocateCopyableBuffer, createSharedCopier } from '../../src/shared-memory/shared-copy.ts';
import { StateWriter } from '../../src/shared-memory/state-writer.ts';
import { StateReader } from '../../src/shared-memory/state-reader.ts';
import { createEntityStateBuffer, ENTITY_SCHEMA, E_X } from '../../src/protocol/entity-state.ts';
import { makeId } from '../../src/protocol/entity-id.ts';

describe('allocateCopyableBuffer / createWordCopier', () => {
  it('gives a zeroed SharedArrayBuffer of at least the bytes asked (64 KiB pages) with a copier on this thread', () => {
    const sab = allocateCopyableBuffer(100_000);
    expect(sab).toBeInstanceOf(SharedArrayBuffer);
    expect(sab.byteLength).toBeGreaterThanOrEqual(100_000);
    expect(sab.byteLength % 65536).toBe(0);
    expect(new Int32Array(sab).every((x) => x === 0)).toBe(true);
    expect(createSharedCopier(sab)).not.toBeNull();
    expect(createSharedCopier(new SharedArrayBuffer(1024)), 'a plain buffer: copyWithin').toBeNull();
  });

  it('copies words as copyWithin does, overlapping ranges too', () => {
    fc.assert(fc.property(fc.nat(2000), fc.nat(2000), fc.nat(2000), (dst, src, n) => {
      const sab = allocateCopyableBuffer(4 * 4096);
      const copier = createSharedCopier(sab)!;
      const a = new Int32Array(sab, 0, 4096);
      for (let i = 0; i < 4096; i++) a[i] = (i * 2654435761) | 0;
      const expected = Int32Array.from(a).copyWithin(dst, src, src + n);
      copier.copyWords(dst, src, n);
      expect(Array.from(a)).toEqual(Array.from(expected));
    }), { numRuns: 60 });
  });

  it('copies scattered records of any whole-word stride (8-byte loads and a 4-byte tail), and nothing else', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 13 }), fc.uniqueArray(fc.nat(199), { maxLength: 120 }), (stride, slots) => {
      const n = 200;
      const sab = allocateCopyableBuffer(4 * 2 * n * stride);
      const copier = createSharedCopier(sab)!;
      const a = new Int32Array(sab, 0, 2 * n * stride);
      for (let i = 0; i < n * stride; i++) a[i] = (i * 2654435761 + 1) | 0;
      const expected = Int32Array.from(a);
      for (const slot of slots) for (let w = 0; w < stride; w++) expected[n * stride + slot * stride + w] = expected[slot * stride + w]!;
      const list = Int32Array.from([-1, ...slots, -1]); // copied from index 1: the ends are not read
      expect(copier.copyRecords(list, 1, slots.length, 0, n * stride, stride)).toBe(true);
      expect(Array.from(a)).toEqual(Array.from(expected));
    }), { numRuns: 100 });
  });

  it('refuses a slot list longer than its scratch room (the caller copies those itself)', () => {
    const copier = createSharedCopier(allocateCopyableBuffer(4096))!;
    expect(copier.copyRecords(new Int32Array(20_000), 0, 20_000, 0, 0, 1)).toBe(false);
  });

  it('another thread sees what the copier wrote, through the same buffer passed by postMessage', async () => {
    const sab = allocateCopyableBuffer(4096);
    const a = new Int32Array(sab);
    a.fill(0x1234567, 0, 100);
    createSharedCopier(sab)!.copyWords(200, 0, 100);
    // ORDERING: publish — seq-cst store after the copy; the worker reads after its own load of it.
    Atomics.store(a, 1000, 1);
    const worker = new Worker(`const { workerData, parentPort } = require('node:worker_threads');
      const a = new Int32Array(workerData);
      parentPort.postMessage([Atomics.load(a, 1000), a[200], a[299], a[300]]);`, { eval: true, workerData: sab });
    const seen = await new Promise<number[]>((resolve, reject) => { worker.once('message', resolve); worker.once('error', reject); });
    await worker.terminate();
    expect(seen).toEqual([1, 0x1234567, 0x1234567, 0]);
  });
});

describe('StateWriter over a copyable buffer', () => {
  it('publishes the same views as over a plain buffer, catch-ups and full copies alike', () => {
    let fullCopies = 0;
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(299), fc.integer({ min: 1, max: 299 })), { minLength: 1, maxLength: 60 }), (frames) => {
      const n = 300;
      const views = [false, true].map((copyable) => {
        const sab = createEntityStateBuffer(n, copyable);
        const w = new StateWriter(sab, ENTITY_SCHEMA, { dirtyTracking: true });
        const r = new StateReader(sab, ENTITY_SCHEMA);
        for (let i = 0; i < n; i++) w.create(makeId(i, 1));
        const seen: number[] = [];
        let x = 0;
        for (const [from, count] of frames) {
          // `count` records dirty from `from` (wrapping): few take catch-ups, many full copies
          for (let k = 0; k < count; k++) {
            const slot = (from + k) % n;
            w.f32[w.recordOffset(slot) + E_X] = ++x;
            w.markDirty(makeId(slot, 1));
          }
          w.publish(x, x);
          r.refresh();
          for (let slot = 0; slot < n; slot++) seen.push(r.f32[r.recordOffset(slot) + E_X]!);
        }
        return { seen, full: w.fullCopies };
      });
      expect(views[1]!.seen).toEqual(views[0]!.seen);
      fullCopies += views[1]!.full;
    }), { numRuns: 40 });
    expect(fullCopies, 'the memory.copy path ran').toBeGreaterThan(40);
  });
});
