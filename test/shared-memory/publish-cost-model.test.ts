// PublishCostModel (issue 15 item 3): the writer chooses between catch-up and full copy from the
// costs it timed on this machine, not from a fixed ratio. The model is fed known costs here; the
// writer tests use a scripted clock, so no assertion depends on how fast this machine is.
import { describe, expect, it } from 'vitest';
import { PublishCostModel } from '../../src/shared-memory/publish-cost-model.ts';
import { StateWriter } from '../../src/shared-memory/state-writer.ts';
import { StateReader } from '../../src/shared-memory/state-reader.ts';
import { createEntityStateBuffer, ENTITY_SCHEMA, E_X } from '../../src/protocol/entity-state.ts';
import { makeId } from '../../src/protocol/entity-id.ts';

const PRIOR = (): number => 20;

/** Feeds `n` timed copies of each way at the given nanoseconds per record. */
function feed(m: PublishCostModel, catchUpNs: number, fullNs: number, n = 40): void {
  for (let i = 0; i < n; i++) {
    m.record(false, 1000, (1000 * catchUpNs) / 1e6, true);
    m.record(true, 100_000, (100_000 * fullNs) / 1e6, true);
  }
}

describe('PublishCostModel', () => {
  it('without a clock, decides by the prior ratio alone (total * limit > high)', () => {
    const m = new PublishCostModel(false, PRIOR);
    feed(m, 1, 1000); // ignored: untimed
    expect(m.preferFull(4999, 100_000, true)).toBe(false);
    expect(m.preferFull(5001, 100_000, true)).toBe(true);
    expect(Number.isNaN(m.catchUpNsPerRecord)).toBe(true);
  });

  it('a catch-up that measured cheap keeps being chosen past the prior crossing', () => {
    const m = new PublishCostModel(true, PRIOR);
    feed(m, 2, 2); // a record costs the same both ways: catch up anything below the live range
    expect(m.catchUpNsPerRecord).toBeCloseTo(2, 6);
    expect(m.fullNsPerRecord).toBeCloseTo(2, 6);
    expect(m.preferFull(30_000, 100_000, true), 'the prior would copy in full past 5,000').toBe(false);
    expect(m.preferFull(100_001, 100_000, true)).toBe(true);
  });

  it('a catch-up that measured expensive gives way to the full copy before the prior crossing', () => {
    const m = new PublishCostModel(true, PRIOR);
    feed(m, 200, 1); // 200x: the crossing is at 1/200 of the live range
    expect(m.preferFull(1000, 100_000, true), 'the prior would catch up below 5,000').toBe(true);
    expect(m.preferFull(400, 100_000, true)).toBe(false);
  });

  it('with only one way timed, derives the other through the prior ratio', () => {
    const m = new PublishCostModel(true, PRIOR);
    for (let i = 0; i < 10; i++) m.record(true, 100_000, 0.2, true); // 2 ns a record
    expect(Number.isNaN(m.catchUpNsPerRecord)).toBe(true);
    expect(m.preferFull(4999, 100_000, true)).toBe(false);
    expect(m.preferFull(5001, 100_000, true)).toBe(true);
  });

  it('one preempted copy (a thousand times slower) does not flip the choice', () => {
    const m = new PublishCostModel(true, PRIOR);
    feed(m, 2, 2);
    m.record(false, 1000, 2, true); // 2,000 ns a record once
    expect(m.catchUpNsPerRecord, 'clamped to 4x the estimate').toBeLessThan(2 * 4);
    expect(m.preferFull(30_000, 100_000, true)).toBe(false);
  });

  it('copies into fresh pages (not representative) and the first timed copy of each way are not counted', () => {
    const m = new PublishCostModel(true, PRIOR);
    m.record(true, 100_000, 50, false);
    expect(Number.isNaN(m.fullNsPerRecord)).toBe(true);
    m.record(true, 100_000, 50, true); // cold: 500 ns a record
    expect(Number.isNaN(m.fullNsPerRecord), 'warm-up').toBe(true);
    m.record(true, 100_000, 0.2, true);
    expect(m.fullNsPerRecord).toBeCloseTo(2, 6);
  });

  it('a slow first catch-up (a cold start) cannot price catch-ups out for good', () => {
    const m = new PublishCostModel(true, (): number => 10);
    for (let i = 0; i < 10; i++) m.record(true, 1000, 0.002, true); // full copies at 2 ns a record
    for (let i = 0; i < 2; i++) m.record(false, 30, 0.5, true); // catch-ups at 16,700 ns a record (warm-up, then one counted)
    expect(m.catchUpNsPerRecord, 'the slow start counted').toBeGreaterThan(10_000);
    let catchUps = 0;
    for (let i = 0; i < 2000; i++) {
      const full = m.preferFull(30, 1000, true);
      if (!full) catchUps++;
      // the catch-up, warm now, costs 15 ns a record
      m.record(full, full ? 1000 : 30, full ? 0.002 : 30 * 15e-6, true);
    }
    expect(m.catchUpNsPerRecord).toBeLessThan(20);
    expect(catchUps, 'back to catch-ups after one stale retry (1,440 publishes)').toBeGreaterThan(500);
  });

  it('retries the way not chosen once in a while when the two predictions are close, never when far apart', () => {
    const m = new PublishCostModel(true, PRIOR);
    feed(m, 20, 1); // crossing at 5,000 of 100,000
    // 6,000: catch-up predicted 1.2x the full copy, close; the full copy is chosen and run
    let catchUps = 0;
    for (let i = 0; i < 1000; i++) {
      const full = m.preferFull(6000, 100_000, true);
      if (!full) catchUps++;
      m.record(full, full ? 100_000 : 6000, 0, false);
    }
    expect(catchUps, 'about one try per 180 publishes').toBeGreaterThanOrEqual(4);
    expect(catchUps).toBeLessThanOrEqual(7);
    expect(m.retries).toBe(catchUps);
    // 50,000: catch-up predicted 10x the full copy: never tried
    const far = new PublishCostModel(true, PRIOR);
    feed(far, 20, 1);
    for (let i = 0; i < 1000; i++) {
      const full = far.preferFull(50_000, 100_000, true);
      expect(full).toBe(true);
      far.record(full, 100_000, 0, false);
    }
  });
});

describe('StateWriter with a clock: the choice follows the timed costs and the published state stays exact', () => {
  /** A writer of `n` live records whose clock makes each copy take its records at the scripted cost (full: all `n`). */
  function scriptedWriter(n: number, catchUpNs: number, fullNs: number): { w: StateWriter; r: StateReader; ids: Int32Array } {
    const sab = createEntityStateBuffer(n);
    let t = 0;
    let calls = 0;
    // publish calls now() at its start and at its end: the second call adds the copy's records
    // (lastCopiedRecords, set before it; a full copy is all n) at their cost.
    const w: StateWriter = new StateWriter(sab, ENTITY_SCHEMA, {
      now: () => {
        const k = calls++ % 2;
        if (k === 1) t += (w.lastCopiedRecords * (w.lastCopiedRecords === n ? fullNs : catchUpNs)) / 1e6;
        return t;
      },
    });
    const r = new StateReader(sab, ENTITY_SCHEMA);
    const ids = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      ids[i] = makeId(i, 1);
      w.create(ids[i]!);
    }
    return { w, r, ids };
  }

  it.each([
    { name: 'catch-ups as cheap per record as a full copy: catch-ups where the prior copies in full', perFrame: 400, catchUpNs: 2, fullNs: 2, expectFull: false },
    { name: 'catch-ups at 200x a full copy per record: full copies where the prior catches up', perFrame: 30, catchUpNs: 200, fullNs: 1, expectFull: true },
  ])('$name', ({ perFrame, catchUpNs, fullNs, expectFull }) => {
    const n = 4000;
    const { w, r, ids } = scriptedWriter(n, catchUpNs, fullNs);
    let x = 0;
    const late: boolean[] = [];
    for (let frame = 1; frame <= 500; frame++) {
      // perFrame distinct records a frame; the back buffer is three publishes old (the reader refreshes)
      for (let k = 0; k < perFrame; k++) {
        const slot = (frame * perFrame + k) % n;
        w.f32[w.recordOffset(slot) + E_X] = ++x;
        w.markDirty(ids[slot]!);
      }
      w.publish(frame, frame);
      r.refresh();
      if (frame > 400) late.push(w.lastWasFull);
      // the published view equals the working copy, whichever way it was brought up to date
      if (frame % 25 === 0) {
        let differing = 0;
        for (let slot = 0; slot < n; slot++) if (r.f32[r.recordOffset(slot) + E_X] !== w.f32[w.recordOffset(slot) + E_X]) differing++;
        expect(differing, `frame ${frame}`).toBe(0);
      }
    }
    const fulls = late.filter(Boolean).length;
    if (expectFull) expect(fulls, 'full copies, bar a retry of the catch-up').toBeGreaterThanOrEqual(late.length - 1);
    else expect(fulls, 'catch-ups, bar a retry of the full copy').toBeLessThanOrEqual(1);
  });

  it('times one publish in 8 (two clock reads each) and retries only on a timed publish', () => {
    const n = 1000;
    let reads = 0;
    const w = new StateWriter(createEntityStateBuffer(n), ENTITY_SCHEMA, { now: () => (reads++, 0) });
    for (let i = 0; i < n; i++) w.create(makeId(i, 1));
    for (let frame = 0; frame < 800; frame++) {
      const before = reads;
      w.markDirty(makeId(frame % n, 1));
      w.publish(frame, frame);
      expect(reads - before, `publish ${frame}`).toBe(frame % 8 === 0 ? 2 : 0);
    }
  });

  it('a retry lands on a timed publish (untimed publishes never retry)', () => {
    const m = new PublishCostModel(true, PRIOR);
    feed(m, 20, 1);
    let retriesUntimed = 0;
    for (let i = 0; i < 1000; i++) {
      if (m.preferFull(6000, 100_000, false) === false) retriesUntimed++;
      m.record(true, 100_000, Number.NaN, true);
    }
    expect(retriesUntimed, 'no retry without timing, however long the wait').toBe(0);
    expect(m.preferFull(6000, 100_000, true), 'the first timed publish after the wait retries').toBe(false);
  });

  it('the prior decides both cases the other way (so the cases above show the measured costs deciding)', () => {
    const prior = new StateWriter(createEntityStateBuffer(4000), ENTITY_SCHEMA).cost;
    expect(prior.preferFull(1200, 4000, true)).toBe(true);
    expect(prior.preferFull(90, 4000, true)).toBe(false);
  });
});
