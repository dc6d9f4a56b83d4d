// StateBuffer with the roles reversed after a writer dies (the debug-draw buffer: the logic worker
// writes, the engine reads, and a restarted worker must take over the dead one's buffer): the
// reader's orphanedBack() names the buffer the dead writer owned, a writer constructed with that
// `back` never writes a buffer the reader or the middle holds, forgets the dead writer's working
// copy, and its publishes leave none of the dead writer's records behind.
import { describe, expect, it } from 'vitest';
import { defineStateSchema } from '../../src/shared-memory/state-schema.ts';
import { createStateBuffer, INDEX_MASK, MIDDLE_WORD } from '../../src/shared-memory/state-layout.ts';
import { PUBLISH_STATUS, RECORD_STATUS, StateWriter } from '../../src/shared-memory/state-writer.ts';
import { StateReader } from '../../src/shared-memory/state-reader.ts';

const SCHEMA = defineStateSchema('Takeover', [{ name: 'v', type: 'f32' }]);
const ID = (slot: number): number => (1 << 20) | slot;

function write(w: StateWriter, slots: number, value: number): void {
  for (let s = 0; s < slots; s++) {
    if (w.slotOf(ID(s)) < 0) expect(w.create(ID(s))).toBe(RECORD_STATUS.OK);
    w.f32[w.recordOffset(s) + 1] = value + s;
    w.markDirty(ID(s));
  }
}

function snapshot(r: StateReader): number[] {
  const out: number[] = [];
  for (let s = 0; s < r.high; s++) if (r.idAt(s) !== 0) out.push(r.f32At(s, 1));
  return out;
}

describe('StateReader#orphanedBack and StateWriter option back', () => {
  it('names the buffer that is neither the reader front nor the middle, in every hand-off state', () => {
    for (const takeBeforeDeath of [false, true]) {
      const sab = createStateBuffer(SCHEMA, 8);
      const r = new StateReader(sab, SCHEMA);
      const dead = new StateWriter(sab, SCHEMA);
      for (let i = 0; i < 5; i++) {
        write(dead, 3, i * 10);
        dead.publish(0, i);
        if (i % 2 === 0) r.refresh();
      }
      if (takeBeforeDeath) r.refresh();
      const back = r.orphanedBack();
      const middle = Atomics.load(new Int32Array(sab), MIDDLE_WORD) & INDEX_MASK;
      // The dead writer's own view agrees (its private back index, read through a test-only cast).
      expect(back, 'the dead writer owned it').toBe((dead as unknown as { back: number }).back);
      expect(new Set([back, middle, (r as unknown as { front: number }).front]).size, 'three distinct buffers').toBe(3);
    }
  });

  it('a writer taking over publishes a clean state: no dead working copy, no stale records past its HIGH', () => {
    const sab = createStateBuffer(SCHEMA, 8);
    const r = new StateReader(sab, SCHEMA);
    const dead = new StateWriter(sab, SCHEMA);
    // The dead writer leaves 6 records in every buffer and in its working copy.
    for (let i = 0; i < 4; i++) {
      write(dead, 6, 100);
      dead.publish(0, i);
      r.refresh();
    }
    expect(snapshot(r)).toEqual([100, 101, 102, 103, 104, 105]);
    const w = new StateWriter(sab, SCHEMA, { back: r.orphanedBack() });
    expect(w.live, 'the working copy starts empty').toBe(0);
    expect(w.create(ID(0)), 'a slot the dead writer used is free').toBe(RECORD_STATUS.OK);
    w.f32[w.recordOffset(0) + 1] = 7;
    // Three publishes: each buffer is written by the new writer at least once.
    for (let i = 0; i < 3; i++) {
      expect(w.publish(0, 100 + i)).toBe(PUBLISH_STATUS.OK);
      expect(r.refresh()).toBe(true);
      expect(snapshot(r), `publish ${i}: only the new record`).toEqual([7]);
      expect(r.live).toBe(1);
      for (let s = 1; s < 8; s++) expect(r.slotOf(ID(s)), `publish ${i}: dead record in slot ${s} is gone`).toBe(-1);
    }
  });
});
