// Seeded property tests of the StateBuffer (StateWriter + StateReader on one thread): random
// sequences of create / update / destroy / stale marks / publish (some failing) / reader refresh,
// the reader refreshing at random times so the writer's back buffer is one, a few, or many
// publishes behind (catch-up through the dirty history, and the full-copy fallback). After every
// refresh the reader's snapshot equals a plain model Map captured at the publish it took, word for
// word with free slots all zero, and a second writer + reader with dirtyTracking=false fed the same
// operations holds an identical snapshot; after every other step a hash shows neither snapshot
// changed. Run with TWINFRAME_SEED=<n> to replay a
// failure; the seed is printed in every failure.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PUBLISH_STATUS, RECORD_STATUS, StateWriter } from '../../src/shared-memory/state-writer.ts';
import { StateReader } from '../../src/shared-memory/state-reader.ts';
import { createEntityStateBuffer, ENTITY_SCHEMA } from '../../src/protocol/entity-state.ts';
import { ID_INDEX_MASK, makeId } from '../../src/protocol/entity-id.ts';

const SEED = Number(process.env.TWINFRAME_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = Number(process.env.TWINFRAME_RUNS ?? 300);
const STRIDE = ENTITY_SCHEMA.strideWords;
/** Successful publishes of the dirty-tracking writers by path, over the whole file. */
const paths = { catchUp: 0, full: 0 };

// Cheap assertions for hot loops: expect() runs (and reports value and message) only on a mismatch.
function eq(actual: unknown, expected: unknown, msg: string): void {
  if (actual !== expected) expect(actual, msg).toBe(expected);
}

/** The model: live id -> its record words (word 0 is the id), as plain numbers. */
type Model = Map<number, Int32Array>;

function cloneModel(m: Model): Model {
  const out: Model = new Map();
  for (const [id, words] of m) out.set(id, words.slice());
  return out;
}

type Op =
  | { kind: 'create'; index: number }
  | { kind: 'update'; pick: number; words: number[] }
  | { kind: 'destroy'; pick: number }
  | { kind: 'stale'; index: number; generation: number }
  | { kind: 'publish'; fault: boolean }
  | { kind: 'refresh' }
  | { kind: 'burst'; count: number; seed: number };

/** One writer + reader pair and what its reader must show. */
class Pair {
  readonly w: StateWriter;
  readonly r: StateReader;
  constructor(capacity: number, dirtyTracking: boolean, debugCompare: boolean) {
    const sab = createEntityStateBuffer(capacity);
    this.w = new StateWriter(sab, ENTITY_SCHEMA, { dirtyTracking, debugCompare });
    this.r = new StateReader(sab, ENTITY_SCHEMA);
  }
  /** The reader's buffer: header and every record slot (0..capacity-1), as plain numbers. */
  snapshot(): number[] {
    const r = this.r;
    return Array.from(r.i32.subarray(r.base - 16, r.base + r.capacity * STRIDE));
  }
  /** FNV-1a over the same words: cheap enough to run after every operation. */
  hash(): number {
    const r = this.r;
    let h = 0x811c9dc5;
    for (let i = r.base - 16, end = r.base + r.capacity * STRIDE; i < end; i++) h = Math.imul(h ^ r.i32[i]!, 0x01000193);
    return h;
  }
}

class Harness {
  readonly dirty: Pair;
  readonly full: Pair;
  readonly model: Model = new Map();
  /** Generation last used per slot (ids never repeat, so a stale id is always detectable). */
  readonly generation: Int32Array;
  /** Model at the last successful publish, and the one the reader holds. */
  published: Model = new Map();
  publishedStamp = [0, 0, 0];
  readerModel: Model = new Map();
  readerStamp = [0, 0, 0];
  frame = 0;
  /**
   * The drop oracle (the seed's error scenario 5, taken at publish): the latest id each slot was
   * marked with since the last publish, and the id destroyed in each slot since then.
   */
  readonly marks = new Map<number, number>();
  readonly destroyedIds = new Map<number, number>();
  constructor(readonly capacity: number, debugCompare: boolean, readonly tag: string) {
    this.dirty = new Pair(capacity, true, debugCompare);
    this.full = new Pair(capacity, false, false);
    this.generation = new Int32Array(capacity);
  }
  private each(fn: (w: StateWriter) => unknown): unknown {
    const a = fn(this.dirty.w);
    const b = fn(this.full.w);
    eq(b, a, `${this.tag}: both writers return the same status`);
    return a;
  }
  liveIds(): number[] {
    return [...this.model.keys()];
  }
  create(index: number): void {
    const slot = index % this.capacity;
    const taken = this.dirty.w.i32[this.dirty.w.recordOffset(slot)] !== 0;
    const g = this.generation[slot]! + 1;
    const id = makeId(slot, g);
    const status = this.each((w) => w.create(id));
    eq(status, taken ? RECORD_STATUS.SLOT_IN_USE : RECORD_STATUS.OK, `${this.tag}: create ${id}`);
    if (!taken) {
      this.marks.set(slot, id);
      this.generation[slot] = g;
      const words = new Int32Array(STRIDE);
      words[0] = id;
      this.model.set(id, words);
    }
  }
  update(pick: number, values: number[]): void {
    const ids = this.liveIds();
    if (ids.length === 0) return;
    const id = ids[pick % ids.length]!;
    const words = this.model.get(id)!;
    for (let k = 0; k < values.length; k++) {
      const word = 1 + (values[k]! >>> 0) % (STRIDE - 1); // any field but the id
      words[word] = values[k]! | 0;
    }
    this.each((w) => {
      const o = w.recordOffset(w.slotOf(id));
      for (let k = 1; k < STRIDE; k++) w.i32[o + k] = words[k]!;
      return w.markDirty(id);
    });
    this.marks.set(id & ID_INDEX_MASK, id);
  }
  destroy(pick: number): void {
    const ids = this.liveIds();
    if (ids.length === 0) return;
    const id = ids[pick % ids.length]!;
    eq(this.each((w) => w.destroy(id)), RECORD_STATUS.OK, `${this.tag}: destroy ${id}`);
    this.model.delete(id);
    this.destroyedIds.set(id & ID_INDEX_MASK, id);
    this.marks.set(id & ID_INDEX_MASK, id);
  }
  /** Marks an id that may name no record (an old or a future generation of a slot). */
  stale(index: number, generation: number): void {
    const id = makeId(index % this.capacity, 1 + (generation % 2047));
    this.each((w) => w.markDirty(id));
    this.marks.set(id & ID_INDEX_MASK, id);
  }
  /** Marks whose latest id names neither the record in the slot nor the one destroyed there since the last publish. */
  expectedDrops(): number {
    const live = new Map<number, number>();
    for (const id of this.model.keys()) live.set(id & ID_INDEX_MASK, id);
    let drops = 0;
    for (const [slot, id] of this.marks) {
      const current = live.get(slot);
      if (current !== id && !(current === undefined && this.destroyedIds.get(slot) === id)) drops++;
    }
    return drops;
  }
  publish(fault: boolean): void {
    this.frame++;
    const tick = this.frame * 3 + 1;
    if (fault) this.dirty.w.injectPublishFault();
    if (fault) this.full.w.injectPublishFault();
    const drops = this.expectedDrops();
    this.marks.clear();
    this.destroyedIds.clear();
    const a = this.dirty.w.publish(this.frame, tick);
    const b = this.full.w.publish(this.frame, tick);
    eq(this.dirty.w.lastDroppedIds, drops, `${this.tag}: dropped marks as the oracle counts them, taken at publish (frame ${this.frame})`);
    eq(this.full.w.lastDroppedIds, drops, `${this.tag}: the full-copy writer drops the same marks (frame ${this.frame})`);
    eq(a === PUBLISH_STATUS.OK_DEBUG_MISMATCH, false, `${this.tag}: debugCompare never finds the dirty publish differing from a full copy (frame ${this.frame})`);
    eq(a, b, `${this.tag}: dirty and full publishing report the same status (frame ${this.frame})`);
    if (fault) {
      eq(a, PUBLISH_STATUS.FAILED_EXCEPTION, `${this.tag}: an injected fault fails the publish`);
      return;
    }
    eq(a === PUBLISH_STATUS.OK || a === PUBLISH_STATUS.OK_DROPPED_DIRTY, true, `${this.tag}: publish ${this.frame} succeeds (status ${a})`);
    eq(this.full.w.lastWasFull, true, `${this.tag}: dirtyTracking=false always copies in full`);
    if (this.dirty.w.lastWasFull) paths.full++;
    else paths.catchUp++;
    this.published = cloneModel(this.model);
    this.publishedStamp = [this.dirty.w.seq, this.frame, tick];
  }
  refresh(): void {
    const a = this.dirty.r.refresh();
    const b = this.full.r.refresh();
    eq(b, a, `${this.tag}: both readers see a fresh publish or neither`);
    if (a) {
      this.readerModel = this.published;
      this.readerStamp = this.publishedStamp;
      this.verify();
    }
  }
  /** Updates `count` live records chosen by a small LCG (a frame where much changes). */
  burst(count: number, seed: number): void {
    let x = seed >>> 0;
    for (let i = 0; i < count; i++) {
      x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
      this.update(x, [x, x ^ 0x5a5a5a5a, x >>> 7]);
    }
  }
  /** Hashes of both readers' buffers when last verified against the model. */
  private verified = [0, 0];
  /** After any operation: neither reader's snapshot changed since it was verified (no refresh, no change). */
  check(): void {
    eq(this.dirty.hash(), this.verified[0], `${this.tag}: the dirty reader's snapshot did not change between refreshes (frame ${this.frame})`);
    eq(this.full.hash(), this.verified[1], `${this.tag}: the full reader's snapshot did not change between refreshes (frame ${this.frame})`);
  }
  /** Both readers show exactly the model of the publish they took; every free slot is all zero. */
  verify(): void {
    const { tag } = this;
    for (const pair of [this.dirty, this.full]) {
      const r = pair.r;
      const which = pair === this.dirty ? 'dirty' : 'full';
      eq(r.seq, this.readerStamp[0], `${tag}: ${which} reader seq`);
      eq(r.engineFrame, this.readerStamp[1], `${tag}: ${which} reader engineFrame`);
      eq(r.logicTick, this.readerStamp[2], `${tag}: ${which} reader logicTick`);
      eq(r.live, this.readerModel.size, `${tag}: ${which} reader live (frame ${r.engineFrame})`);
      let seen = 0;
      for (let slot = 0; slot < r.capacity; slot++) {
        const id = r.idAt(slot);
        const want = id === 0 ? undefined : this.readerModel.get(id);
        if (id !== 0) {
          if (want === undefined) expect.fail(`${tag}: ${which} reader shows id ${id} in slot ${slot}, not live at frame ${r.engineFrame}`);
          eq(slot < r.high, true, `${tag}: ${which} live slot ${slot} below high ${r.high}`);
          seen++;
        }
        for (let k = 1; k < STRIDE; k++) {
          eq(r.i32At(slot, k), want === undefined ? 0 : want[k], `${tag}: ${which} reader slot ${slot} (id ${id}) word ${k} at frame ${r.engineFrame}`);
        }
      }
      eq(seen, this.readerModel.size, `${tag}: ${which} reader holds every live record of its publish`);
    }
    const a = this.dirty.snapshot();
    const b = this.full.snapshot();
    for (let i = 0; i < a.length; i++) eq(a[i], b[i], `${tag}: dirty and full snapshots agree at word ${i}`);
    this.verified = [this.dirty.hash(), this.full.hash()];
  }
}

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('create' as const), index: fc.nat() }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('update' as const), pick: fc.nat(), words: fc.array(fc.integer(), { minLength: 1, maxLength: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('destroy' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stale' as const), index: fc.nat(), generation: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('publish' as const), fault: fc.constant(false) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('publish' as const), fault: fc.constant(true) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('refresh' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('burst' as const), count: fc.integer({ min: 1, max: 80 }), seed: fc.nat() }) },
);

function run(capacity: number, debugCompare: boolean, ops: readonly Op[], refreshEvery: number): Harness {
  const h = new Harness(capacity, debugCompare, `seed ${SEED}, capacity ${capacity}, debugCompare ${debugCompare}, refreshEvery ${refreshEvery}`);
  h.verify();
  let publishes = 0;
  for (const o of ops) {
    switch (o.kind) {
      case 'create': h.create(o.index); break;
      case 'update': h.update(o.pick, o.words); break;
      case 'destroy': h.destroy(o.pick); break;
      case 'stale': h.stale(o.index, o.generation); break;
      case 'publish':
        h.publish(o.fault);
        // besides the explicit refresh ops, a reader that refreshes every n-th publish (0: never)
        if (refreshEvery > 0 && ++publishes % refreshEvery === 0) h.refresh();
        break;
      case 'refresh': h.refresh(); break;
      case 'burst': h.burst(o.count, o.seed); break;
    }
    h.check();
  }
  // finally: publish until every buffer has been handed over, checking after each refresh
  for (let i = 0; i < 4; i++) {
    h.publish(false);
    h.refresh();
    h.check();
  }
  expect(h.readerModel.size, `${h.tag}: the last snapshot is the final model`).toBe(h.model.size);
  return h;
}

describe('StateBuffer properties', () => {
  it(`#snapshot: random create/update/destroy/publish/refresh: the reader equals the model at the publish it took, dirty == full (seed ${SEED})`, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 48 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 12 }),
        fc.array(opArb, { minLength: 1, maxLength: 150 }),
        (capacity, debugCompare, refreshEvery, ops) => {
          run(capacity, debugCompare, ops, refreshEvery);
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it(`#catch-up: long runs over many records exercise catch-up, the history fallback and failure repair (seed ${SEED})`, () => {
    const before = { ...paths };
    fc.assert(
      fc.property(
        fc.integer({ min: 16, max: 256 }),
        fc.array(opArb, { minLength: 200, maxLength: 400 }),
        fc.integer({ min: 0, max: 20 }),
        (capacity, ops, refreshEvery) => {
          // pre-populate half the capacity so dirty subsets are a small share (the catch-up path)
          const prefix: Op[] = [];
          for (let i = 0; i < capacity; i += 2) prefix.push({ kind: 'create', index: i });
          prefix.push({ kind: 'publish', fault: false });
          run(capacity, false, [...prefix, ...ops], refreshEvery);
        },
      ),
      { seed: SEED ^ 0x5bd1e995, numRuns: Math.max(10, Math.floor(RUNS / 10)) },
    );
    const catchUp = paths.catchUp - before.catchUp;
    const full = paths.full - before.full;
    expect(catchUp, `seed ${SEED}: catch-up publishes were exercised (${catchUp} catch-up, ${full} full)`).toBeGreaterThan(100);
    expect(full, `seed ${SEED}: full-copy publishes were exercised (${catchUp} catch-up, ${full} full)`).toBeGreaterThan(10);
  });
});
