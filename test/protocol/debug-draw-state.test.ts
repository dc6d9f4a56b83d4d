// The debug-draw buffer: DebugDrawWriter (the logic's end) publishing sets of primitives to a
// StateReader (the engine's end): fields round-trip, a smaller set frees the slots past it, a set
// past the capacity is cut and counted, and a steady set-per-frame (writer + reader + lines into a
// NullRenderer) allocates nothing.
import { describe, expect, it } from 'vitest';
import {
  createDebugDrawBuffer, DebugDrawWriter, DEBUG_DRAW_ID_BASE, DEBUG_DRAW_SCHEMA, DEBUG_KIND_ARROW, DEBUG_KIND_LINE,
  DEBUG_KIND_POINT, DEBUG_KIND_WIRE_SPHERE, DEBUG_MODE_ALWAYS, DEBUG_MODE_USE_DEPTH, DEBUG_MODE_X_RAY,
  D_AX, D_AY, D_AZ, D_BX, D_BY, D_BZ, D_COLOR, D_KIND, D_MODE, D_RADIUS,
} from '../../src/protocol/debug-draw-state.ts';
import { packColor } from '../../src/protocol/entity-state.ts';
import { StateReader } from '../../src/shared-memory/state-reader.ts';
import { isTwinframeError } from '../../src/shared-memory/twinframe-error.ts';
import { createEntityStateBuffer } from '../../src/protocol/entity-state.ts';
import { emitDebugRecordLines } from '../../src/engine/debug-draw-lines.ts';
import { NullRenderer } from '../../src/platform/null-renderer.ts';
import { measureHeapGrowth } from '../helpers/heap.ts';

interface Row { kind: number; a: number[]; b: number[]; radius: number; color: number; mode: number }

function read(r: StateReader): Row[] {
  const out: Row[] = [];
  for (let s = 0; s < r.high; s++) {
    const o = r.recordOffset(s);
    if (r.i32[o] === 0) continue;
    const f = r.f32, u = r.u32;
    out.push({
      kind: u[o + D_KIND]!, a: [f[o + D_AX]!, f[o + D_AY]!, f[o + D_AZ]!], b: [f[o + D_BX]!, f[o + D_BY]!, f[o + D_BZ]!],
      radius: f[o + D_RADIUS]!, color: u[o + D_COLOR]!, mode: u[o + D_MODE]!,
    });
  }
  return out;
}

const BLACK = [0, 0, 0, 0] as const;

function pair(capacity: number): { w: DebugDrawWriter; r: StateReader } {
  const sab = createDebugDrawBuffer(capacity);
  return { w: new DebugDrawWriter(sab), r: new StateReader(sab, DEBUG_DRAW_SCHEMA) };
}

describe('DebugDrawWriter -> StateReader', () => {
  it('carries kind, ends, radius, colour and mode of each primitive, in order', () => {
    const { w, r } = pair(8);
    w.begin();
    w.add(DEBUG_KIND_LINE, [1, 2, 3, 4, 5, 6, 0.25], [255, 0, 0, 255], DEBUG_MODE_ALWAYS);
    w.add(DEBUG_KIND_POINT, [-1, -2, -3, 0.5], [0, 255, 0, 128], DEBUG_MODE_USE_DEPTH);
    w.add(DEBUG_KIND_WIRE_SPHERE, new Float64Array([7, 8, 9, 2]), [1, 2, 3, 4], DEBUG_MODE_X_RAY);
    w.add(DEBUG_KIND_ARROW, [0, 0, 0, 0, 0, 10, 0.125], [9, 9, 9, 255], DEBUG_MODE_ALWAYS);
    expect(w.add(7, [0, 0, 0, 1], [0, 0, 0, 0], 0), 'an unknown kind is refused').toBe(false);
    expect(r.refresh(), 'nothing before the publish').toBe(false);
    expect(w.publish(7)).toBe(true);
    expect(r.refresh()).toBe(true);
    expect(r.live).toBe(4);
    expect(r.logicTick, 'stamped with the logic tick').toBe(7);
    expect(r.idAt(0), 'ids carry the generation bit').toBe(DEBUG_DRAW_ID_BASE);
    expect(read(r)).toEqual([
      { kind: DEBUG_KIND_LINE, a: [1, 2, 3], b: [4, 5, 6], radius: 0.25, color: packColor(255, 0, 0, 255), mode: DEBUG_MODE_ALWAYS },
      { kind: DEBUG_KIND_POINT, a: [-1, -2, -3], b: [0, 0, 0], radius: 0.5, color: packColor(0, 255, 0, 128), mode: DEBUG_MODE_USE_DEPTH },
      { kind: DEBUG_KIND_WIRE_SPHERE, a: [7, 8, 9], b: [0, 0, 0], radius: 2, color: packColor(1, 2, 3, 4), mode: DEBUG_MODE_X_RAY },
      { kind: DEBUG_KIND_ARROW, a: [0, 0, 0], b: [0, 0, 10], radius: 0.125, color: packColor(9, 9, 9, 255), mode: DEBUG_MODE_ALWAYS },
    ]);
  });

  it('a smaller set frees the slots past it; an empty set empties the snapshot', () => {
    const { w, r } = pair(8);
    w.begin();
    for (let i = 0; i < 5; i++) w.add(DEBUG_KIND_LINE, [i, 0, 0, i, 1, 0, 0], BLACK, 0);
    w.publish(1);
    r.refresh();
    expect(read(r).map((p) => p.a[0])).toEqual([0, 1, 2, 3, 4]);
    w.begin();
    w.add(DEBUG_KIND_POINT, [42, 0, 0, 1], BLACK, 0);
    w.publish(2);
    r.refresh();
    expect(read(r), 'only the new set').toEqual([{ kind: DEBUG_KIND_POINT, a: [42, 0, 0], b: [0, 0, 0], radius: 1, color: 0, mode: 0 }]);
    expect(r.live).toBe(1);
    // The two buffers that missed these publishes are brought up to date too.
    for (let i = 0; i < 3; i++) {
      w.begin();
      w.publish(3 + i);
      r.refresh();
      expect(read(r), `empty publish ${i}`).toEqual([]);
    }
  });

  it('cuts a set at the capacity and counts what it left out, without throwing', () => {
    const { w, r } = pair(4);
    w.begin();
    let accepted = 0;
    for (let i = 0; i < 10; i++) if (w.add(DEBUG_KIND_LINE, [i, 0, 0, 0, 0, 0, 0], BLACK, 0)) accepted++;
    expect(accepted).toBe(4);
    expect([w.lastDropped, w.dropped, w.size]).toEqual([6, 6, 4]);
    expect(w.publish(1)).toBe(true);
    r.refresh();
    expect(read(r).map((p) => p.a[0]), 'the first four').toEqual([0, 1, 2, 3]);
    w.begin();
    w.add(DEBUG_KIND_LINE, [0, 0, 0, 0, 0, 0, 0], BLACK, 0);
    expect([w.lastDropped, w.dropped], 'lastDropped is per set, dropped in total').toEqual([0, 6]);
  });

  it('refuses a buffer of another schema with TF1009', () => {
    let code = '';
    try {
      new DebugDrawWriter(createEntityStateBuffer(4));
    } catch (e) {
      code = isTwinframeError(e) ? e.code : String(e);
    }
    expect(code).toBe('TF1009');
  });

  it('a new set per frame (write, publish, refresh, emitDebugRecordLines into a NullRenderer) allocates nothing', () => {
    const { w, r } = pair(256);
    const renderer = new NullRenderer();
    let lines = 0;
    let frame = 0;
    const values = new Float64Array(7);
    const rgba = [255, 255, 0, 255] as const;
    const step = (): void => {
      frame++;
      w.begin();
      const n = 20 + (frame % 7); // the set size varies: slots are freed and created again
      for (let i = 0; i < n; i++) {
        values[0] = i + 0.5; values[1] = frame * 0.25; values[2] = 0.125;
        values[3] = i % 4 === 1 || i % 4 === 3 ? i : 0.75; values[4] = frame; values[5] = 1.5; values[6] = 0.5;
        w.add(i % 4, values, rgba, i % 3);
      }
      w.publish(frame);
      if (!r.refresh()) return;
      renderer.beginDebug();
      for (let s = 0; s < r.high; s++) {
        const o = r.recordOffset(s);
        if (r.i32[o] === 0) continue;
        lines += emitDebugRecordLines(r.f32, r.u32, o, renderer);
      }
      renderer.endDebug();
    };
    const g = measureHeapGrowth(step, 3000, 10_000, 5);
    const info = `allocated ${g.allocatedBytes} B, gc runs ${g.gcRuns}`;
    expect(g.gcRuns, `no gc over 3000 sets (${info})`).toBe(0);
    expect(g.allocatedBytes, `under 64 KiB allocated (${info})`).toBeLessThan(64 * 1024);
    expect(lines, 'lines were emitted').toBeGreaterThan(3000 * 20);
    expect(renderer.debugLines, 'the NullRenderer counted the last set').toBeGreaterThan(20);
  });
});
