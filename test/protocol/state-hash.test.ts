// stateHash: the same value from the engine's records in place and from a keyframe's raw regions;
// sensitive to ids and fields, blind to free slots and publish bookkeeping; allocation-free.
import { describe, expect, it } from 'vitest';
import { StateWriter } from '../../src/shared-memory/state-writer.ts';
import { StateReader } from '../../src/shared-memory/state-reader.ts';
import { REGION_HEADER_WORDS } from '../../src/shared-memory/state-layout.ts';
import { ENTITY_SCHEMA, E_X, E_COLOR, createEntityStateBuffer } from '../../src/protocol/entity-state.ts';
import { CAMERA_SCHEMA, C_FOV, createCameraStateBuffer } from '../../src/protocol/camera-state.ts';
import { stateHash, stateHashOfRecords, stateHashOfWords } from '../../src/protocol/state-hash.ts';
import { measureHeapGrowth } from '../helpers/heap.ts';

function world(ids: number[]): { ent: StateWriter; cam: StateWriter; entSab: SharedArrayBuffer; camSab: SharedArrayBuffer } {
  const entSab = createEntityStateBuffer(64);
  const camSab = createCameraStateBuffer(4);
  const ent = new StateWriter(entSab, ENTITY_SCHEMA);
  const cam = new StateWriter(camSab, CAMERA_SCHEMA);
  for (const id of ids) {
    ent.create(id);
    ent.f32[ent.recordOffset(ent.slotOf(id)) + E_X] = id * 1.5;
    ent.u32[ent.recordOffset(ent.slotOf(id)) + E_COLOR] = 0xff00ff00;
  }
  cam.create(1);
  cam.f32[cam.recordOffset(cam.slotOf(1)) + C_FOV] = 60;
  return { ent, cam, entSab, camSab };
}

const readers = new Map<SharedArrayBuffer, StateReader>();

/** The reader's published region (header + records of slots 0..high-1) as a keyframe carries it. */
function regionBytes(sab: SharedArrayBuffer, schema: typeof ENTITY_SCHEMA, high: number): Uint8Array {
  const r = readers.get(sab) ?? new StateReader(sab, schema);
  readers.set(sab, r);
  r.refresh();
  const start = (r.base - REGION_HEADER_WORDS) * 4;
  return new Uint8Array(sab.slice(start, start + (REGION_HEADER_WORDS + high * schema.strideWords) * 4));
}

describe('stateHash', () => {
  it('is the same from the writers in place, from raw words and from the published regions', () => {
    const w = world([5, 9, 12]);
    w.ent.publish(10, 3);
    w.cam.publish(10, 3);
    const inPlace = stateHashOfRecords(w.ent, w.cam);
    expect(stateHashOfWords(w.ent.i32, w.ent.workBase, w.ent.high, w.cam.i32, w.cam.workBase, w.cam.high)).toBe(inPlace);
    expect(stateHash(regionBytes(w.entSab, ENTITY_SCHEMA, w.ent.high), regionBytes(w.camSab, CAMERA_SCHEMA, w.cam.high))).toBe(inPlace);
    // A keyframe holding every slot (past HIGH) hashes the same.
    expect(stateHash(regionBytes(w.entSab, ENTITY_SCHEMA, 64), regionBytes(w.camSab, CAMERA_SCHEMA, 4))).toBe(inPlace);
  });

  it('changes with a field, an id or a record moving between states; not with publish bookkeeping or free slots', () => {
    const a = world([5, 9, 12]);
    const h = stateHashOfRecords(a.ent, a.cam);
    a.ent.publish(1, 1);
    a.ent.publish(2, 2);
    expect(stateHashOfRecords(a.ent, a.cam), 'publish numbers are not hashed').toBe(h);
    const b = world([5, 9, 12, 20]);
    b.ent.destroy(20);
    expect(stateHashOfRecords(b.ent, b.cam), 'a destroyed record (free slot, HIGH kept) is not hashed').toBe(h);
    const c = world([5, 9, 12]);
    c.ent.f32[c.ent.recordOffset(c.ent.slotOf(9)) + E_X] = 13.75;
    expect(stateHashOfRecords(c.ent, c.cam)).not.toBe(h);
    const d = world([5, 9, 13]);
    expect(stateHashOfRecords(d.ent, d.cam)).not.toBe(h);
    const e = world([5, 9, 12]);
    e.cam.f32[e.cam.recordOffset(e.cam.slotOf(1)) + C_FOV] = 61;
    expect(stateHashOfRecords(e.ent, e.cam)).not.toBe(h);
    expect(stateHash(new Uint8Array(0), new Uint8Array(0)), 'empty regions hash').toBe(stateHash(new Uint8Array(64), new Uint8Array(64)));
  });

  // The returned u32 is a HeapNumber (16 B) when V8 did not inline the call and the hash is 2^30
  // or more; nothing else may be allocated (a view, array or closure per call would be 40+ B, and
  // any per-record allocation hundreds of bytes over these 60 entities).
  it('allocates nothing per call but, at most, the boxed u32 result', () => {
    const w = world(Array.from({ length: 60 }, (_, i) => i + 1));
    w.ent.publish(1, 1);
    w.cam.publish(1, 1);
    const entBytes = regionBytes(w.entSab, ENTITY_SCHEMA, 64);
    const camBytes = regionBytes(w.camSab, CAMERA_SCHEMA, 4);
    let sink = 0;
    const inPlace = measureHeapGrowth(() => {
      sink ^= stateHashOfRecords(w.ent, w.cam);
    }, 20_000, 2000);
    const raw = measureHeapGrowth(() => {
      sink ^= stateHash(entBytes, camBytes);
    }, 20_000, 2000);
    for (const [name, g] of [['stateHashOfRecords', inPlace], ['stateHash', raw]] as const) {
      const info = `${name}: allocated ${g.allocatedBytes} B over 20,000 calls, gc runs ${g.gcRuns}`;
      expect(g.gcRuns, info).toBe(0);
      expect(g.allocatedBytes / 20_000, `${info}: bytes per call`).toBeLessThan(24);
    }
    // An even number of XORs of one hash is 0, an odd number the hash (the warm-up's call count varies).
    const h = stateHashOfRecords(w.ent, w.cam) | 0;
    expect(stateHash(entBytes, camBytes) | 0, 'both forms hash the same state').toBe(h);
    expect(sink, 'each call hashed the same state').toBe(((inPlace.calls + raw.calls) & 1) === 0 ? 0 : h);
  });
});
