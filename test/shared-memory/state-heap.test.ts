// Hot paths allocate nothing (non-negotiable 4): after warm-up, StateWriter.publish on the dirty
// path (catch-up, dropped ids, destroy + create) and on the full-copy path, and StateReader.refresh
// followed by readEntity / accessors, run thousands of frames without a garbage collection and with
// no measurable allocation (test/helpers/heap.ts). The buffer is copyable, as the engine allocates
// it, so the WebAssembly full copy and record loop (shared-copy.ts) are what is measured.
import { describe, expect, it } from 'vitest';
import { PUBLISH_STATUS, StateWriter } from '../../src/shared-memory/state-writer.ts';
import { StateReader } from '../../src/shared-memory/state-reader.ts';
import { createEntityStateBuffer, emptyEntitySnapshot, readEntity, ENTITY_SCHEMA, E_COLOR, E_X, E_Y } from '../../src/protocol/entity-state.ts';
import { makeId, nextGeneration } from '../../src/protocol/entity-id.ts';
import { measureHeapGrowth } from '../helpers/heap.ts';

const N = 1000;

function setup(dirtyTracking: boolean, debugCompare = false): { w: StateWriter; r: StateReader; ids: Int32Array } {
  const sab = createEntityStateBuffer(N, true);
  const w = new StateWriter(sab, ENTITY_SCHEMA, { dirtyTracking, debugCompare });
  const r = new StateReader(sab, ENTITY_SCHEMA);
  const ids = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    ids[i] = makeId(i, 1);
    w.create(ids[i]!);
  }
  w.publish(0, 0);
  r.refresh();
  return { w, r, ids };
}

function report(g: ReturnType<typeof measureHeapGrowth>): string {
  return `allocated ${g.allocatedBytes} B, retained ${g.bytes} B, gc runs ${g.gcRuns}, gc exposed ${g.gcExposed}`;
}

describe('StateBuffer heap', () => {
  it('dirty publish + refresh + readEntity allocate nothing (catch-up, destroy + create, a dropped id each frame)', () => {
    const { w, r, ids } = setup(true);
    const out = emptyEntitySnapshot();
    // the test's own state lives in typed arrays: a double or a large integer in a closure variable
    // would be boxed on every write and show up as the test's allocation, not the StateBuffer's
    const st = new Int32Array(4); // 0: LCG state, 1: frame, 2: catch-up publishes, 3: bad statuses
    const acc = new Float64Array(1);
    st[0] = 12345;
    const dirty = new Int32Array(10);
    const step = (): void => {
      const frame = ++st[1]!;
      for (let k = 0; k < dirty.length; k++) {
        const x = (st[0] = (Math.imul(st[0]!, 1664525) + 1013904223) | 0);
        const slot = (x >>> 8) % N;
        dirty[k] = slot;
        const o = w.recordOffset(slot);
        w.f32[o + E_X] = frame;
        w.f32[o + E_Y] = k;
        w.i32[o + E_COLOR] = x;
        w.markDirty(ids[slot]!);
      }
      // destroy + create of one slot (next generation), and one stale id that is dropped
      const s = frame % N;
      const old = ids[s]!;
      w.destroy(old);
      ids[s] = makeId(s, nextGeneration(old >>> 20));
      w.create(ids[s]!);
      w.markDirty(old);
      const status = w.publish(frame, frame);
      if (status !== PUBLISH_STATUS.OK_DROPPED_DIRTY) st[3]!++;
      if (!w.lastWasFull) st[2]!++;
      r.refresh();
      for (let k = 0; k < dirty.length; k++) {
        if (readEntity(r, ids[dirty[k]!]!, out)) acc[0]! += out.x + out.r;
      }
      acc[0]! += r.f32At(r.slotOf(ids[s]!), E_X) + r.engineFrame + r.live;
    };
    const g = measureHeapGrowth(step, 20_000, 10_000, 5);
    const info = report(g);
    expect(st[3], 'every publish succeeded (with its one dropped id)').toBe(0);
    expect(st[2], 'the catch-up path was measured').toBeGreaterThan(50_000);
    expect(acc[0], 'snapshots were read').toBeGreaterThan(0);
    expect(g.gcRuns, `no gc over 20,000 frames of 10 dirty records (${info})`).toBe(0);
    expect(g.allocatedBytes, `under 64 KiB allocated (${info})`).toBeLessThan(64 * 1024);
    expect(g.bytes, `retained heap growth (${info})`).toBeLessThan(64 * 1024);
  });

  it('full-copy publish (dirtyTracking=false) + refresh allocate nothing', () => {
    const { w, r, ids } = setup(false);
    const out = emptyEntitySnapshot();
    const st = new Int32Array(1); // frame
    const acc = new Float64Array(1);
    const step = (): void => {
      const frame = ++st[0]!;
      const slot = frame % N;
      w.f32[w.recordOffset(slot) + E_X] = frame;
      w.markDirty(ids[slot]!);
      w.publish(frame, frame);
      r.refresh();
      if (readEntity(r, ids[slot]!, out)) acc[0]! += out.x;
    };
    const g = measureHeapGrowth(step, 5_000, 3_000, 5);
    const info = report(g);
    expect(w.lastWasFull, 'full copies were measured').toBe(true);
    expect(acc[0], 'snapshots were read').toBeGreaterThan(0);
    expect(g.gcRuns, `no gc over 5,000 full publishes of 1,000 records (${info})`).toBe(0);
    expect(g.allocatedBytes, `under 64 KiB allocated (${info})`).toBeLessThan(64 * 1024);
  });

  it('debugCompare publishes allocate nothing, with and without a mismatch', () => {
    const { w, r, ids } = setup(true, true);
    const st = new Int32Array(2); // frame, mismatches
    const step = (): void => {
      const frame = ++st[0]!;
      const slot = frame % N;
      w.f32[w.recordOffset(slot) + E_X] = frame;
      if ((frame & 1) === 0) w.markDirty(ids[slot]!); // odd frames: an unmarked write
      if (w.publish(frame, frame) === PUBLISH_STATUS.OK_DEBUG_MISMATCH) st[1]!++;
      r.refresh();
    };
    const g = measureHeapGrowth(step, 5_000, 3_000, 5);
    const info = report(g);
    expect(st[1], 'the mismatch path was measured').toBeGreaterThan(5_000);
    expect(g.gcRuns, `no gc (${info})`).toBe(0);
    expect(g.allocatedBytes, `under 64 KiB allocated (${info})`).toBeLessThan(64 * 1024);
  });
});
