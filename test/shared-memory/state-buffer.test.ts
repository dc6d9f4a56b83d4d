// StateBuffer (StateWriter + StateReader on one thread): the seed's StateBuffer tests in TypeScript
// (dirty tracking copies only dirty records, the published view has the updated values, a failing
// publish neither throws nor disturbs the reader and the next publish repairs everything), plus
// deletion, slot reuse, dropped dirty ids, full-copy mode, debug comparison, statistics, coded
// validation errors, reader restart and the publish stamp. No timing assertions anywhere.
import { describe, expect, it } from 'vitest';
import { defineStateSchema } from '../../src/shared-memory/state-schema.ts';
import { createStateBuffer, MAX_STATE_CAPACITY } from '../../src/shared-memory/state-layout.ts';
import { PUBLISH_STATUS, RECORD_STATUS, StateWriter } from '../../src/shared-memory/state-writer.ts';
import type { StateWriterOptions } from '../../src/shared-memory/state-writer.ts';
import { StateReader } from '../../src/shared-memory/state-reader.ts';
import { isTwinframeError } from '../../src/shared-memory/twinframe-error.ts';
import {
  createEntityStateBuffer, emptyEntitySnapshot, packColor, readEntity, ENTITY_SCHEMA,
  E_COLOR, E_FLAGS, E_ID, E_MESH, E_PITCH, E_ROLL, E_SCALE, E_X, E_Y, E_YAW, E_Z, FLAG_ACTIVE,
} from '../../src/protocol/entity-state.ts';
import {
  activeCameraId, createCameraStateBuffer, emptyCameraSnapshot, readCamera, CAMERA_FLAG_ACTIVE, CAMERA_SCHEMA,
  C_FAR, C_FLAGS, C_FOV, C_NEAR, C_TYPE, C_X,
} from '../../src/protocol/camera-state.ts';
import { makeId } from '../../src/protocol/entity-id.ts';

function pair(capacity: number, options: StateWriterOptions = {}): { sab: SharedArrayBuffer; w: StateWriter; r: StateReader } {
  const sab = createEntityStateBuffer(capacity);
  return { sab, w: new StateWriter(sab, ENTITY_SCHEMA, options), r: new StateReader(sab, ENTITY_SCHEMA) };
}

/** Writes every field of `id` from `v` (position v, v+1, v+2 ...) and marks it dirty. */
function setEntity(w: StateWriter, id: number, v: number, mark = true): void {
  const slot = w.slotOf(id);
  if (slot < 0) throw new Error(`test bug: setEntity(${id}) on a record that is not live`);
  const o = w.recordOffset(slot);
  w.f32[o + E_X] = v;
  w.f32[o + E_Y] = v + 1;
  w.f32[o + E_Z] = v + 2;
  w.f32[o + E_YAW] = v + 3;
  w.f32[o + E_PITCH] = v + 4;
  w.f32[o + E_ROLL] = v + 5;
  w.u32[o + E_COLOR] = packColor(v & 255, 1, 2, 255);
  w.f32[o + E_SCALE] = 0.5;
  w.u32[o + E_MESH] = v & 3;
  w.u32[o + E_FLAGS] = FLAG_ACTIVE;
  if (mark) w.markDirty(id);
}

/** The value an entity was last set from, as the reader sees it (NaN when not live). */
function valueOf(r: StateReader, id: number): number {
  const slot = r.slotOf(id);
  return slot < 0 ? Number.NaN : r.f32At(slot, E_X);
}

/** Every live (id, x) in the reader's snapshot, by scanning slots 0..high-1. */
function liveOf(r: StateReader): Map<number, number> {
  const out = new Map<number, number>();
  for (let s = 0; s < r.high; s++) {
    const id = r.idAt(s);
    if (id !== 0) out.set(id, r.f32At(s, E_X));
  }
  return out;
}

/** The published view equals the writer's working copy, word for word over slots 0..high-1. */
function expectReaderMatchesWriter(w: StateWriter, r: StateReader, msg: string): void {
  expect(r.high, `${msg}: HIGH`).toBe(w.high);
  expect(r.live, `${msg}: LIVE`).toBe(w.live);
  const stride = w.strideWords;
  const a = Array.from(r.i32.subarray(r.base, r.base + w.high * stride));
  const b = Array.from(w.i32.subarray(w.workBase, w.workBase + w.high * stride));
  expect(a, `${msg}: every word of every record`).toEqual(b);
}

function codeOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    return { code: isTwinframeError(e) ? e.code : `not a TwinframeError: ${String(e)}`, message: (e as Error).message };
  }
  return { code: 'no error', message: '' };
}

/** Creates `n` entities with ids makeId(i, 1), sets them from i, publishes once and refreshes. */
function populated(n: number, capacity = n, options: StateWriterOptions = {}): { sab: SharedArrayBuffer; w: StateWriter; r: StateReader; ids: number[] } {
  const p = pair(capacity, options);
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const id = makeId(i, 1);
    expect(p.w.create(id), `create ${id}`).toBe(RECORD_STATUS.OK);
    setEntity(p.w, id, i);
    ids.push(id);
  }
  expect(p.w.publish(1, 1), 'first publish').toBe(PUBLISH_STATUS.OK);
  expect(p.r.refresh(), 'the reader takes the first publish').toBe(true);
  return { ...p, ids };
}

/** Publishes `k` frames with nothing dirty, the reader refreshing after each (settles catch-up). */
function idle(w: StateWriter, r: StateReader, k = 3): void {
  for (let i = 0; i < k; i++) {
    expect(w.publish(w.seq + 1, 0), 'idle publish').toBe(PUBLISH_STATUS.OK);
    r.refresh();
  }
}

describe('StateBuffer', () => {
  describe('#publish (dirty tracking)', () => {
    it('copies only the dirty records and the published view has the updated values', () => {
      const { w, r, ids } = populated(1000);
      idle(w, r);
      const dirty = [3, 17, 250, 251, 499, 500, 501, 777, 998, 999];
      for (const i of dirty) setEntity(w, ids[i]!, 10_000 + i);
      expect(w.pendingDirty, 'ten records marked').toBe(10);
      expect(w.publish(50, 40), 'publish').toBe(PUBLISH_STATUS.OK);
      expect(w.lastDirtyCount, 'ten dirty').toBe(10);
      expect(w.lastCopiedRecords, 'only the ten dirty records were copied (the idle frames before dirtied none)').toBe(10);
      expect(w.lastWasFull, 'no full copy').toBe(false);
      expect(r.refresh(), 'a fresh publish is taken').toBe(true);
      for (let i = 0; i < 1000; i++) {
        expect(valueOf(r, ids[i]!), `entity ${i}`).toBe(dirty.includes(i) ? 10_000 + i : i);
      }
      const out = emptyEntitySnapshot();
      expect(readEntity(r, ids[250]!, out), 'readEntity finds a live entity').toBe(true);
      expect(out, 'every field of entity 250').toEqual({
        id: ids[250], x: 10_250, y: 10_251, z: 10_252, yaw: 10_253, pitch: 10_254, roll: 10_255,
        r: 10_250 & 255, g: 1, b: 2, a: 255, scale: 0.5, mesh: 10_250 & 3, active: true,
      });
      expectReaderMatchesWriter(w, r, 'after the dirty publish');
    });

    it('brings every buffer up to date: with the reader refreshing each publish, a back buffer is three publishes behind', () => {
      const { w, r, ids } = populated(1000);
      idle(w, r);
      for (let frame = 0; frame < 12; frame++) {
        // the reader refreshes after every publish, so the writer's back buffer last held the publish
        // three before this one: it copies the dirty records of the two it missed and of this one
        for (let k = 0; k < 5; k++) setEntity(w, ids[(frame * 37 + k * 101) % 1000]!, 20_000 + frame * 10 + k);
        expect(w.publish(100 + frame, frame), `frame ${frame}`).toBe(PUBLISH_STATUS.OK);
        expect(w.lastWasFull, `frame ${frame}: catch-up, not a full copy`).toBe(false);
        expect(w.lastCopiedRecords, `frame ${frame}: this publish's 5 plus the 5 of each publish its buffer missed`).toBe(Math.min(3, frame + 1) * 5);
        expect(r.refresh(), `frame ${frame}: refreshed`).toBe(true);
        expectReaderMatchesWriter(w, r, `frame ${frame}`);
      }
    });

    it('copies the last two publishes\' dirty records while the reader is not refreshing (the writer alternates two buffers)', () => {
      const { w, r, ids } = populated(200);
      idle(w, r);
      for (let frame = 0; frame < 5; frame++) {
        for (let k = 0; k < 3; k++) setEntity(w, ids[frame * 3 + k]!, 500 + frame);
        w.publish(10 + frame, 0);
        // the writer gets back the untaken publish before this one, which missed one publish
        expect(w.lastCopiedRecords, `frame ${frame}: two publishes of 3`).toBe(frame === 0 ? 3 : 6);
        expect(w.lastWasFull, `frame ${frame}: catch-up`).toBe(false);
      }
      expect(r.refresh(), 'the newest publish is taken').toBe(true);
      expect(r.engineFrame, 'newest').toBe(14);
      expectReaderMatchesWriter(w, r, 'after skipping publishes');
    });

    it('falls back to one full copy when the dirty records are a large share of the live ones', () => {
      const { w, r, ids } = populated(100);
      idle(w, r);
      for (let i = 0; i < 60; i++) setEntity(w, ids[i]!, 1000 + i);
      expect(w.publish(9, 9), 'publish').toBe(PUBLISH_STATUS.OK);
      expect(w.lastWasFull, 'full copy').toBe(true);
      expect(w.lastCopiedRecords, 'a full copy counts HIGH records').toBe(100);
      r.refresh();
      expectReaderMatchesWriter(w, r, 'after the full copy');
    });

    it('falls back to a full copy when the reader held a buffer longer than the dirty history reaches', () => {
      const { w, r, ids } = populated(500);
      idle(w, r);
      // the reader keeps its buffer for 20 publishes, then takes the newest
      for (let f = 0; f < 20; f++) {
        setEntity(w, ids[f]!, 3000 + f);
        w.publish(200 + f, 0);
      }
      r.refresh();
      // the reader's old front (20 publishes behind) is now in the middle: the writer gets it back
      // at the next publish and must fill it at the one after, from further back than the history
      setEntity(w, ids[400]!, 4000);
      expect(w.publish(300, 0), 'publish').toBe(PUBLISH_STATUS.OK);
      expect(w.lastWasFull, 'the back buffer was two publishes behind: catch-up').toBe(false);
      setEntity(w, ids[401]!, 4001);
      expect(w.publish(301, 0), 'publish').toBe(PUBLISH_STATUS.OK);
      expect(w.lastWasFull, 'a buffer older than the history gets a full copy').toBe(true);
      r.refresh();
      expectReaderMatchesWriter(w, r, 'after the history fallback');
      idle(w, r);
      expectReaderMatchesWriter(w, r, 'after idle publishes');
    });

    it('between refreshes the snapshot never changes, however often the engine publishes', () => {
      const { w, r, ids } = populated(50);
      const before = Array.from(r.i32.subarray(r.base - 16, r.base + 50 * r.strideWords));
      for (let f = 0; f < 20; f++) {
        for (let k = 0; k < 10; k++) setEntity(w, ids[(f * 7 + k) % 40]!, 100 * f + k);
        if (f % 5 === 0) w.destroy(ids[40 + f / 5]!);
        w.publish(2 + f, f);
      }
      const after = Array.from(r.i32.subarray(r.base - 16, r.base + 50 * r.strideWords));
      expect(after, 'header and records of the reader\'s buffer are untouched').toEqual(before);
      expect(r.refresh(), 'refresh takes the newest').toBe(true);
      expect(r.refresh(), 'a second refresh finds nothing new').toBe(false);
      expectReaderMatchesWriter(w, r, 'after refresh');
    });
  });

  describe('#publish (stamp)', () => {
    it('stamps every publish with the engine frame and logic tick, visible to the reader with seq, live and high', () => {
      const { w, r } = pair(16);
      expect([r.seq, r.engineFrame, r.logicTick, r.live, r.high], 'before any publish').toEqual([0, 0, 0, 0, 0]);
      expect(r.refresh(), 'nothing to take').toBe(false);
      w.create(makeId(5, 1));
      w.create(makeId(2, 1));
      expect(w.publish(123, 45), 'publish').toBe(PUBLISH_STATUS.OK);
      expect(r.refresh(), 'taken').toBe(true);
      expect([r.seq, r.engineFrame, r.logicTick, r.live, r.high], 'stamp').toEqual([1, 123, 45, 2, 6]);
      w.publish(124, 45);
      w.publish(125, 46);
      expect(r.engineFrame, 'unchanged until refresh').toBe(123);
      r.refresh();
      expect([r.seq, r.engineFrame, r.logicTick], 'the newest stamp').toEqual([3, 125, 46]);
      expect(r.refreshes, 'two snapshots taken').toBe(2);
    });

    it('reports the publish time from the injected clock', () => {
      let t = 0;
      const { w } = pair(8, { now: () => (t += 0.25) });
      w.create(makeId(1, 1));
      w.publish(1, 1);
      expect(w.lastPublishMs, 'one clock step between start and end').toBe(0.25);
      const { w: w2 } = pair(8);
      w2.publish(1, 1);
      expect(w2.lastPublishMs, 'no clock: 0').toBe(0);
    });
  });

  describe('#publish (failures)', () => {
    it('a failing publish does not throw, the reader keeps the last good state, the next publish contains everything', () => {
      const { w, r, ids } = populated(300);
      idle(w, r);
      const frameA = [1, 2, 3, 150];
      for (const i of frameA) setEntity(w, ids[i]!, 7000 + i);
      w.destroy(ids[200]!);
      w.injectPublishFault();
      let status: number = -1;
      expect(() => (status = w.publish(60, 6)), 'publish never throws').not.toThrow();
      expect(status, 'FAILED_EXCEPTION').toBe(PUBLISH_STATUS.FAILED_EXCEPTION);
      expect(w.failedPublishes, 'counted').toBe(1);
      expect(String((w.lastError as Error).message), 'the error is kept').toMatch(/injected fault/);
      expect(r.refresh(), 'nothing fresh for the reader').toBe(false);
      expect([r.engineFrame, valueOf(r, ids[1]!), r.has(ids[200]!)], 'the last good state').toEqual([4, 1, true]);

      const frameB = [4, 299];
      for (const i of frameB) setEntity(w, ids[i]!, 8000 + i);
      expect(w.publish(61, 7), 'the next publish succeeds').toBe(PUBLISH_STATUS.OK);
      expect(w.lastWasFull, 'the failed back buffer is repaired by a full copy').toBe(true);
      expect(r.refresh(), 'taken').toBe(true);
      expect([r.engineFrame, r.logicTick], 'stamp of the good publish').toEqual([61, 7]);
      for (const i of frameA) expect(valueOf(r, ids[i]!), `failed frame's change to ${i}`).toBe(7000 + i);
      for (const i of frameB) expect(valueOf(r, ids[i]!), `this frame's change to ${i}`).toBe(8000 + i);
      expect(r.has(ids[200]!), 'the failed frame\'s destroy').toBe(false);
      expectReaderMatchesWriter(w, r, 'after recovery');
      // the other two buffers missed the failed frame too; they catch up through the dirty history
      for (let f = 0; f < 6; f++) {
        setEntity(w, ids[10 + f]!, 9000 + f);
        expect(w.publish(62 + f, 8), `publish ${f} after recovery`).toBe(PUBLISH_STATUS.OK);
        expect(w.lastWasFull, `publish ${f} after recovery is a catch-up`).toBe(false);
        r.refresh();
        expectReaderMatchesWriter(w, r, `publish ${f} after recovery`);
      }
      expect([w.totalPublishes, w.failedPublishes], 'statistics').toEqual([1 + 3 + 1 + 1 + 6, 1]);
    });

    it('several failures in a row keep the last good state and one success repairs them all', () => {
      const { w, r, ids } = populated(100);
      idle(w, r);
      for (let f = 0; f < 12; f++) {
        setEntity(w, ids[f]!, 500 + f);
        w.injectPublishFault();
        expect(w.publish(10 + f, f), `failure ${f}`).toBe(PUBLISH_STATUS.FAILED_EXCEPTION);
        expect(r.refresh(), `failure ${f}: nothing fresh`).toBe(false);
      }
      expect(valueOf(r, ids[0]!), 'last good').toBe(0);
      expect(w.publish(30, 30), 'success').toBe(PUBLISH_STATUS.OK);
      r.refresh();
      expectReaderMatchesWriter(w, r, 'after a run of failures');
      idle(w, r, 4);
      expectReaderMatchesWriter(w, r, 'every buffer repaired');
    });

    it('more live records than the capacity (a corrupted count) is refused and the last good state stays', () => {
      const { w, r, ids } = populated(10);
      setEntity(w, ids[0]!, 99);
      w.live = w.capacity + 1; // simulate a corrupted count: the API itself never gets here
      expect(w.publish(5, 5), 'refused').toBe(PUBLISH_STATUS.FAILED_CAPACITY);
      expect(r.refresh(), 'nothing fresh').toBe(false);
      expect(valueOf(r, ids[0]!), 'last good state').toBe(0);
      w.live = 10;
      expect(w.publish(6, 6), 'recovers').toBe(PUBLISH_STATUS.OK);
      r.refresh();
      expect(valueOf(r, ids[0]!), 'the refused frame\'s change arrives with the next publish').toBe(99);
      expectReaderMatchesWriter(w, r, 'after recovery');
    });
  });

  describe('#create / #destroy', () => {
    it('destroyed records leave the published view', () => {
      const { w, r, ids } = populated(100);
      idle(w, r);
      for (const i of [0, 50, 99]) expect(w.destroy(ids[i]!), `destroy ${i}`).toBe(RECORD_STATUS.OK);
      expect(w.live, 'writer live').toBe(97);
      expect(r.has(ids[50]!), 'still in the snapshot before publish').toBe(true);
      w.publish(10, 10);
      expect(w.lastWasFull, 'a catch-up publish').toBe(false);
      r.refresh();
      for (const i of [0, 50, 99]) {
        expect(r.has(ids[i]!), `${i} gone`).toBe(false);
        expect(readEntity(r, ids[i]!, emptyEntitySnapshot()), `readEntity ${i}`).toBe(false);
        expect(r.idAt(i), `slot ${i} is free`).toBe(0);
      }
      expect(r.live, 'reader live').toBe(97);
      expect(r.high, 'high never shrinks').toBe(100);
      expectReaderMatchesWriter(w, r, 'after destroys');
      idle(w, r);
      expectReaderMatchesWriter(w, r, 'other buffers caught up');
      expect(liveOf(r).size, 'live records scanned').toBe(97);
    });

    it('destroy and create of the same slot in one frame: the old id leaves, the new id arrives with its values', () => {
      const { w, r, ids } = populated(64);
      idle(w, r);
      const old = ids[7]!;
      const neu = makeId(7, 2);
      expect(w.destroy(old), 'destroy').toBe(RECORD_STATUS.OK);
      expect(w.create(neu), 'create the same slot').toBe(RECORD_STATUS.OK);
      setEntity(w, neu, 777);
      expect(w.publish(20, 20), 'publish').toBe(PUBLISH_STATUS.OK);
      expect(w.lastDroppedIds, 'nothing dropped').toBe(0);
      expect(w.lastCopiedRecords, 'one record copied').toBe(1);
      r.refresh();
      expect(r.has(old), 'old id gone').toBe(false);
      expect(r.slotOf(neu), 'new id in slot 7').toBe(7);
      expect(valueOf(r, neu), 'with its values').toBe(777);
      idle(w, r);
      expectReaderMatchesWriter(w, r, 'all buffers');
    });

    it('create then destroy in one frame leaves nothing behind', () => {
      const { w, r } = populated(10, 20);
      const id = makeId(15, 1);
      w.create(id);
      setEntity(w, id, 5);
      w.destroy(id);
      expect(w.publish(3, 3), 'publish').toBe(PUBLISH_STATUS.OK);
      r.refresh();
      expect(r.has(id), 'never visible').toBe(false);
      expect(r.idAt(15), 'slot free').toBe(0);
      expectReaderMatchesWriter(w, r, 'after create+destroy');
    });

    it('returns statuses for bad creates and destroys instead of throwing', () => {
      const { w } = pair(8);
      expect(w.create(makeId(8, 1)), 'index == capacity').toBe(RECORD_STATUS.OUT_OF_RANGE);
      expect(w.create(0), 'id 0').toBe(RECORD_STATUS.OUT_OF_RANGE);
      expect(w.create(-3), 'negative').toBe(RECORD_STATUS.OUT_OF_RANGE);
      expect(w.create(1.5), 'fractional').toBe(RECORD_STATUS.OUT_OF_RANGE);
      expect(w.create(Number.NaN), 'NaN').toBe(RECORD_STATUS.OUT_OF_RANGE);
      expect(w.create(makeId(3, 1)), 'ok').toBe(RECORD_STATUS.OK);
      expect(w.create(makeId(3, 1)), 'same id again').toBe(RECORD_STATUS.SLOT_IN_USE);
      expect(w.create(makeId(3, 2)), 'other generation, same slot').toBe(RECORD_STATUS.SLOT_IN_USE);
      expect(w.destroy(makeId(3, 2)), 'wrong generation').toBe(RECORD_STATUS.NOT_LIVE);
      expect(w.destroy(makeId(4, 1)), 'free slot').toBe(RECORD_STATUS.NOT_LIVE);
      expect(w.destroy(makeId(9, 1)), 'out of range').toBe(RECORD_STATUS.OUT_OF_RANGE);
      expect(w.destroy(0), 'id 0').toBe(RECORD_STATUS.OUT_OF_RANGE);
      expect(w.destroy(makeId(3, 1)), 'ok').toBe(RECORD_STATUS.OK);
      expect(w.destroy(makeId(3, 1)), 'twice').toBe(RECORD_STATUS.NOT_LIVE);
      expect([w.live, w.high], 'counts').toEqual([0, 4]);
    });

    it('create zeroes every field; clear() removes every record from the view', () => {
      const { w, r, ids } = populated(30);
      w.destroy(ids[4]!);
      const id = makeId(4, 2);
      w.create(id);
      const o = w.recordOffset(4);
      expect(Array.from(w.i32.subarray(o + 1, o + w.strideWords)), 'a created record starts zeroed').toEqual(new Array(w.strideWords - 1).fill(0));
      w.publish(2, 2);
      r.refresh();
      expect(readEntity(r, id, emptyEntitySnapshot()), 'visible').toBe(true);
      w.clear();
      expect(w.live, 'writer empty').toBe(0);
      w.publish(3, 3);
      r.refresh();
      expect([r.live, liveOf(r).size], 'reader empty').toEqual([0, 0]);
      expectReaderMatchesWriter(w, r, 'after clear');
    });

    it('markAllDirty republishes every live record', () => {
      const { w, r, ids } = populated(40);
      idle(w, r);
      for (const id of ids) setEntity(w, id, 1, false); // written without marks
      w.markAllDirty();
      expect(w.pendingDirty, 'all marked').toBe(40);
      w.publish(9, 9);
      r.refresh();
      expectReaderMatchesWriter(w, r, 'after markAllDirty');
    });
  });

  describe('#markDirty (dropped ids, the seed\'s error scenario 5)', () => {
    it('an id that names no record is dropped from the dirty set and counted; the publish still succeeds', () => {
      const { w, r, ids } = populated(100);
      idle(w, r);
      setEntity(w, ids[10]!, 1010);
      expect(w.markDirty(makeId(60, 5)), 'accepted cheaply (checked at publish)').toBe(true); // live slot, wrong generation
      expect(w.publish(30, 30), 'published with a drop').toBe(PUBLISH_STATUS.OK_DROPPED_DIRTY);
      expect([w.lastDroppedIds, w.droppedIds, w.firstDroppedId], 'counted').toEqual([1, 1, makeId(60, 5)]);
      expect(w.lastDirtyCount, 'only the real record counts as dirty').toBe(1);
      r.refresh();
      expect(valueOf(r, ids[10]!), 'the real change arrived').toBe(1010);
      expect(valueOf(r, ids[60]!), 'the record in the slot is unchanged').toBe(60);

      const destroyed = ids[20]!;
      w.destroy(destroyed);
      w.publish(31, 31);
      r.refresh();
      w.markDirty(destroyed); // destroyed last frame
      w.markDirty(ids[99]!); // live: fine
      expect(w.publish(32, 32), 'stale id dropped').toBe(PUBLISH_STATUS.OK_DROPPED_DIRTY);
      expect([w.lastDroppedIds, w.droppedIds, w.firstDroppedId], 'counted again').toEqual([1, 2, destroyed]);
      expect(w.publish(33, 33), 'the next publish is clean').toBe(PUBLISH_STATUS.OK);
      expect(w.lastDroppedIds, 'nothing dropped this time').toBe(0);
      r.refresh();
      expectReaderMatchesWriter(w, r, 'after drops');
    });

    it('an index beyond the capacity is refused at once and counted', () => {
      const { w } = pair(8);
      expect(w.markDirty(makeId(8, 1)), 'out of range').toBe(false);
      expect(w.markDirty(makeId(1 << 19, 1)), 'far out of range').toBe(false);
      expect(w.droppedIds, 'counted').toBe(2);
      expect(w.pendingDirty, 'not in the dirty set').toBe(0);
      expect(w.publish(1, 1), 'publish unaffected').toBe(PUBLISH_STATUS.OK);
    });

    it('a stale id marked after destroy + create of its slot does not hide the new record', () => {
      const { w, r, ids } = populated(64);
      idle(w, r);
      const old = ids[3]!;
      const neu = makeId(3, 2);
      w.destroy(old);
      w.create(neu);
      setEntity(w, neu, 333);
      w.markDirty(old); // e.g. a late update for the destroyed entity
      expect(w.publish(40, 40), 'the stale mark is dropped').toBe(PUBLISH_STATUS.OK_DROPPED_DIRTY);
      expect(w.firstDroppedId, 'the stale id is reported').toBe(old);
      r.refresh();
      expect(r.has(old), 'the destroyed record left the view').toBe(false);
      expect(valueOf(r, neu), 'the new record is published').toBe(333);
      idle(w, r);
      expectReaderMatchesWriter(w, r, 'all buffers');
    });

    it('a stale id marked after an update of the live record in its slot does not hide the update', () => {
      const { w, r, ids } = populated(64);
      const old = ids[9]!;
      const neu = makeId(9, 2);
      w.destroy(old);
      w.create(neu);
      setEntity(w, neu, 1);
      w.publish(2, 2);
      r.refresh();
      idle(w, r);
      setEntity(w, neu, 909);
      w.markDirty(old);
      expect(w.publish(50, 50), 'the stale mark is dropped').toBe(PUBLISH_STATUS.OK_DROPPED_DIRTY);
      r.refresh();
      expect(valueOf(r, neu), 'the update is published').toBe(909);
      idle(w, r);
      expectReaderMatchesWriter(w, r, 'all buffers');
    });
  });

  describe('#markDirty (a slot marked again: its latest mark counts)', () => {
    it('a slot marked again after many other marks is judged by its latest id, either way', () => {
      const { w, r, ids } = populated(100);
      idle(w, r);
      const stale5 = makeId(5, 9);
      const stale6 = makeId(6, 9);
      w.markDirty(stale5); // stale first ...
      setEntity(w, ids[6]!, 606); // ... valid first
      w.markDirty(ids[7]!);
      for (let i = 20; i < 40; i++) setEntity(w, ids[i]!, 2000 + i); // more marks than a re-mark looks back through
      setEntity(w, ids[5]!, 505); // ... then valid: not dropped
      w.markDirty(stale6); // ... then stale: dropped
      w.markDirty(makeId(7, 9)); // marked away twice: stale, then valid again
      for (let i = 40; i < 50; i++) w.markDirty(ids[i]!);
      w.markDirty(ids[7]!);
      expect(w.pendingDirty, 'one entry per slot').toBe(3 + 20 + 10);
      expect([w.dirtySlotAt(0), w.dirtySlotAt(1), w.dirtySlotAt(2)], 'in the order of first marks').toEqual([5, 6, 7]);
      expect([w.isDirtySlot(5), w.isDirtySlot(6), w.isDirtySlot(7), w.isDirtySlot(8)], 'marked slots').toEqual([true, true, true, false]);
      expect(w.publish(60, 60), 'one drop').toBe(PUBLISH_STATUS.OK_DROPPED_DIRTY);
      expect([w.lastDroppedIds, w.firstDroppedId], 'slot 6: its latest mark was stale').toEqual([1, stale6]);
      expect(w.isDirtySlot(5), 'the publish empties the set').toBe(false);
      r.refresh();
      expect([valueOf(r, ids[5]!), valueOf(r, ids[6]!), valueOf(r, ids[25]!)], 'every change published').toEqual([505, 606, 2025]);
      w.markDirty(ids[5]!);
      expect(w.publish(61, 61), 'the next publish starts clean').toBe(PUBLISH_STATUS.OK);
    });

    it('a mark made before its record exists counts by the mark the create makes', () => {
      const { w, r, ids } = populated(64, 128);
      idle(w, r);
      const future = makeId(100, 1);
      w.markDirty(future); // names nothing yet
      expect(w.create(future), 'created').toBe(RECORD_STATUS.OK);
      setEntity(w, future, 100);
      w.markDirty(ids[1]!);
      w.destroy(ids[1]!); // marked, then destroyed: not a drop
      expect(w.publish(70, 70), 'nothing dropped').toBe(PUBLISH_STATUS.OK);
      r.refresh();
      expect([valueOf(r, future), r.has(ids[1]!)], 'created and destroyed').toEqual([100, false]);
    });
  });

  describe('options', () => {
    it('dirtyTracking=false: every publish is one full copy and the view is always right', () => {
      const { w, r, ids } = populated(200, 256, { dirtyTracking: false });
      for (let f = 0; f < 10; f++) {
        setEntity(w, ids[f]!, 100 + f);
        if (f === 5) w.destroy(ids[150]!);
        setEntity(w, ids[f + 20]!, 0, false); // not even marked: a full copy takes it anyway
        expect(w.publish(10 + f, f), `publish ${f}`).toBe(PUBLISH_STATUS.OK);
        expect([w.lastWasFull, w.lastCopiedRecords], `publish ${f}: full copy of HIGH records`).toEqual([true, 200]);
        r.refresh();
        expectReaderMatchesWriter(w, r, `publish ${f}`);
      }
    });

    it('dirty tracking can be switched at run time', () => {
      const { w, r, ids } = populated(100);
      w.dirtyTracking = false;
      setEntity(w, ids[1]!, 11);
      w.publish(2, 2);
      expect(w.lastWasFull, 'off: full').toBe(true);
      r.refresh();
      w.dirtyTracking = true;
      for (let f = 0; f < 4; f++) {
        setEntity(w, ids[2 + f]!, 12 + f);
        w.publish(3 + f, 3);
        r.refresh();
        expectReaderMatchesWriter(w, r, `on again, publish ${f}`);
      }
      expect(w.lastWasFull, 'on: catch-up').toBe(false);
    });

    it('debugCompare reports a dirty publish that differs from a full copy and repairs it', () => {
      const { w, r, ids } = populated(100, 100, { debugCompare: true });
      idle(w, r);
      setEntity(w, ids[5]!, 55);
      expect(w.publish(10, 10), 'consistent marks: OK').toBe(PUBLISH_STATUS.OK);
      expect(w.debugMismatches, 'no difference').toBe(0);
      r.refresh();
      setEntity(w, ids[6]!, 66);
      setEntity(w, ids[7]!, 77, false); // a write without markDirty: the bug debugCompare exists to catch
      setEntity(w, ids[8]!, 88, false);
      expect(w.publish(11, 11), 'mismatch reported').toBe(PUBLISH_STATUS.OK_DEBUG_MISMATCH);
      expect(w.debugMismatches, 'two records differed').toBe(2);
      r.refresh();
      expect([valueOf(r, ids[6]!), valueOf(r, ids[7]!), valueOf(r, ids[8]!)], 'repaired by a full copy').toEqual([66, 77, 88]);
      w.debugCompare = false;
      setEntity(w, ids[9]!, 99, false);
      expect(w.publish(12, 12), 'without debugCompare the unmarked write goes unnoticed').toBe(PUBLISH_STATUS.OK);
    });
  });

  describe('statistics', () => {
    it('averageDirtyRatio is the mean dirty/live ratio over the last 60 publishes', () => {
      const { w, ids } = populated(100); // first publish: 100 of 100 dirty (ratio 1)
      expect(w.averageDirtyRatio, 'one publish, everything dirty').toBe(1);
      for (let p = 0; p < 9; p++) {
        for (let i = 0; i < 10; i++) w.markDirty(ids[i]!);
        w.publish(p, p);
      }
      expect(w.averageDirtyRatio, 'mean of 1 and nine 0.1').toBeCloseTo((1 + 9 * 0.1) / 10, 12);
      for (let p = 0; p < 60; p++) {
        for (let i = 0; i < 50; i++) w.markDirty(ids[i]!);
        w.publish(p, p);
      }
      expect(w.averageDirtyRatio, 'only the last 60 count').toBeCloseTo(0.5, 12);
      for (let p = 0; p < 30; p++) {
        for (let i = 0; i < 20; i++) w.markDirty(ids[i]!);
        w.publish(p, p);
      }
      expect(w.averageDirtyRatio, '30 at 0.5 and 30 at 0.2').toBeCloseTo(0.35, 12);
      expect(w.lastDirtyCount, 'last dirty count').toBe(20);
      expect(w.totalPublishes, 'total').toBe(100);
    });

    it('averageDirtyRatio stays exact across failed publishes', () => {
      const { w, ids } = populated(100);
      w.injectPublishFault();
      expect(w.publish(2, 2), 'an early failure').toBe(PUBLISH_STATUS.FAILED_EXCEPTION);
      for (let p = 0; p < 200; p++) {
        for (let i = 0; i < 10; i++) w.markDirty(ids[i]!);
        if (p === 100) w.injectPublishFault();
        w.publish(3 + p, p);
      }
      expect(w.failedPublishes, 'two failures').toBe(2);
      expect(w.averageDirtyRatio, 'the last 60 successful publishes were all 0.1').toBeCloseTo(0.1, 12);
    });
  });

  describe('validation', () => {
    it('defineStateSchema refuses bad fields with TF1008 naming the schema and the field', () => {
      const cases: [string, Parameters<typeof defineStateSchema>[1], RegExp][] = [
        ['duplicate', [{ name: 'a', type: 'f32' }, { name: 'a', type: 'u32' }], /"a" is empty or used twice/],
        ['empty name', [{ name: '', type: 'f32' }], /"" is empty or used twice/],
        ['the implicit id', [{ name: 'id', type: 'i32' }], /"id" is empty or used twice/],
        ['unknown type', [{ name: 'v', type: 'f64' as 'f32' }], /field v has type "f64"; expected 'f32', 'i32' or 'u32'/],
        ['count 0', [{ name: 'v', type: 'f32', count: 0 }], /field v has count 0; expected an integer in 1\.\.64/],
        ['count 65', [{ name: 'v', type: 'f32', count: 65 }], /count 65/],
        ['fractional count', [{ name: 'v', type: 'f32', count: 1.5 }], /count 1\.5/],
      ];
      for (const [what, fields, message] of cases) {
        const e = codeOf(() => defineStateSchema('Bad', fields));
        expect(e.code, what).toBe('TF1008');
        expect(e.message, `${what}: names the schema`).toContain('defineStateSchema(Bad)');
        expect(e.message, `${what}: says what is wrong`).toMatch(message);
        expect(e.message, `${what}: says what to do`).toMatch(/Give each field a unique name/);
      }
    });

    it('compiles offsets, stride and a hash; the entity and camera offsets match their constants', () => {
      const s = defineStateSchema('P', [{ name: 'pos', type: 'f32', count: 3 }, { name: 'c', type: 'u32' }]);
      expect([s.offsets.id, s.offsets.pos, s.offsets.c, s.strideWords], 'layout').toEqual([0, 1, 4, 5]);
      expect(s.fields.map((f) => f.count), 'counts default to 1').toEqual([1, 3, 1]);
      const t = defineStateSchema('P', [{ name: 'pos', type: 'f32', count: 3 }, { name: 'c', type: 'f32' }]);
      expect(t.hash, 'a different type changes the hash').not.toBe(s.hash);
      expect(ENTITY_SCHEMA.strideWords, 'entity stride').toBe(11);
      expect([ENTITY_SCHEMA.offsets.position, ENTITY_SCHEMA.offsets.orientation, ENTITY_SCHEMA.offsets.color, ENTITY_SCHEMA.offsets.scale, ENTITY_SCHEMA.offsets.mesh, ENTITY_SCHEMA.offsets.flags], 'entity offsets')
        .toEqual([E_X, E_YAW, E_COLOR, E_SCALE, E_MESH, E_FLAGS]);
      expect([E_ID, E_Y, E_Z, E_PITCH, E_ROLL], 'vector elements are consecutive').toEqual([0, 2, 3, 5, 6]);
      expect([CAMERA_SCHEMA.offsets.type, CAMERA_SCHEMA.offsets.fov, CAMERA_SCHEMA.offsets.flags, CAMERA_SCHEMA.strideWords], 'camera offsets')
        .toEqual([C_TYPE, C_FOV, C_FLAGS, 12]);
    });

    it('createStateBuffer refuses a bad capacity with TF1009', () => {
      for (const bad of [0, -1, 1.5, Number.NaN, MAX_STATE_CAPACITY + 1]) {
        const e = codeOf(() => createStateBuffer(ENTITY_SCHEMA, bad));
        expect(e.code, `capacity ${bad}`).toBe('TF1009');
        expect(e.message, `capacity ${bad}: message`).toContain(`createStateBuffer(EntityState): capacity must be an integer in 1..${MAX_STATE_CAPACITY}; got ${bad}`);
      }
      expect(createStateBuffer(ENTITY_SCHEMA, 1).byteLength, 'capacity 1 is fine').toBeGreaterThan(0);
    });

    it('StateWriter and StateReader refuse buffers that are not state buffers of their schema with TF1009', () => {
      const make: [string, (sab: SharedArrayBuffer) => unknown][] = [
        ['StateWriter.constructor', (sab) => new StateWriter(sab, ENTITY_SCHEMA)],
        ['StateReader.constructor', (sab) => new StateReader(sab, ENTITY_SCHEMA)],
      ];
      const good = createEntityStateBuffer(16);
      const truncated = new SharedArrayBuffer(good.byteLength - 4);
      new Int32Array(truncated).set(new Int32Array(good, 0, truncated.byteLength / 4));
      for (const [where, ctor] of make) {
        const cases: [string, SharedArrayBuffer, RegExp][] = [
          ['zeroed buffer', new SharedArrayBuffer(4096), /not a state buffer \(bad magic or version\)/],
          ['tiny buffer', new SharedArrayBuffer(8), /not a state buffer/],
          ['plain ArrayBuffer', new ArrayBuffer(4096) as unknown as SharedArrayBuffer, /not a state buffer/],
          ['camera buffer', createCameraStateBuffer(16), /made for another schema .*expected EntityState/],
          ['truncated buffer', truncated, /too small for 16 records of EntityState/],
        ];
        for (const [what, sab, message] of cases) {
          const e = codeOf(() => ctor(sab));
          expect(e.code, `${where}: ${what}`).toBe('TF1009');
          expect(e.message, `${where}: ${what}: message`).toContain(where);
          expect(e.message, `${where}: ${what}: message`).toMatch(message);
        }
        expect(ctor(good), `${where}: a good buffer`).toBeDefined();
      }
    });
  });

  describe('reader restart (orphanedFront)', () => {
    it('a new reader takes over the dead reader\'s buffer and the hand-off stays exclusive', () => {
      const { sab, w, r, ids } = populated(100);
      for (let f = 0; f < 7; f++) {
        setEntity(w, ids[f]!, 100 + f);
        w.publish(2 + f, f);
        if (f % 2 === 0) r.refresh();
      }
      const deadFrame = r.engineFrame;
      // the reader's thread is gone; it held one buffer (maybe with an untaken publish in the middle)
      setEntity(w, ids[50]!, 5050);
      w.publish(20, 20);
      const front = w.orphanedFront();
      const r2 = new StateReader(sab, ENTITY_SCHEMA, front);
      expect(r2.engineFrame, 'the new reader starts on the dead reader\'s snapshot').toBe(deadFrame);
      expect(r2.refresh(), 'and takes the newest publish').toBe(true);
      expectReaderMatchesWriter(w, r2, 'after takeover');
      for (let f = 0; f < 30; f++) {
        setEntity(w, ids[(f * 13) % 50]!, 200 + f);
        if (f % 9 === 0) w.destroy(ids[f + 60]!);
        const before = Array.from(r2.i32.subarray(r2.base, r2.base + 100 * r2.strideWords));
        w.publish(21 + f, f);
        w.publish(21 + f, f); // two publishes: with a wrong front the writer would write into r2's buffer
        expect(Array.from(r2.i32.subarray(r2.base, r2.base + 100 * r2.strideWords)), `frame ${f}: snapshot untouched until refresh`).toEqual(before);
        if (f % 3 !== 2) {
          r2.refresh();
          expectReaderMatchesWriter(w, r2, `frame ${f}`);
        }
      }
    });

    it('a reader that died before its first refresh owned buffer 2', () => {
      const { sab, w } = pair(8);
      w.create(makeId(1, 1));
      w.publish(1, 1);
      expect(w.orphanedFront(), 'buffer 2').toBe(2);
      const r2 = new StateReader(sab, ENTITY_SCHEMA, w.orphanedFront());
      expect(r2.refresh(), 'takes the publish').toBe(true);
      expect(r2.has(makeId(1, 1)), 'sees it').toBe(true);
    });
  });

  describe('camera schema', () => {
    it('publishes cameras and finds the active one', () => {
      const sab = createCameraStateBuffer(8);
      const w = new StateWriter(sab, CAMERA_SCHEMA);
      const r = new StateReader(sab, CAMERA_SCHEMA);
      const a = makeId(0, 1);
      const b = makeId(3, 1);
      w.create(a);
      w.create(b);
      const o = w.recordOffset(3);
      w.f32[o + C_X] = 4;
      w.f32[o + C_FOV] = 60;
      w.f32[o + C_NEAR] = 0.1;
      w.f32[o + C_FAR] = 1000;
      w.u32[o + C_TYPE] = 1;
      w.u32[o + C_FLAGS] = CAMERA_FLAG_ACTIVE;
      w.markDirty(b);
      w.publish(1, 1);
      r.refresh();
      expect(activeCameraId(r), 'active camera').toBe(b);
      const out = emptyCameraSnapshot();
      expect(readCamera(r, b, out), 'read').toBe(true);
      expect([out.id, out.x, out.fov, out.near, out.far, out.type, out.active], 'fields').toEqual([b, 4, 60, Math.fround(0.1), 1000, 1, true]);
      expect(readCamera(r, makeId(3, 2), out), 'stale id').toBe(false);
      w.destroy(b);
      w.publish(2, 2);
      r.refresh();
      expect(activeCameraId(r), 'no active camera').toBe(0);
    });
  });
});
