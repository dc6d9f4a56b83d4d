/**
 * The reading end of a StateBuffer (thread-agnostic: the logic reads entity and camera state, the
 * engine reads the logic's debug-draw state): one consistent snapshot per frame. `refresh()`
 * takes the newest publish by swapping buffer ownership (O(1), no copy; see state-layout.ts for
 * why no record can be torn); between refreshes the snapshot never changes, whatever the engine
 * does. Fields are read with accessors that allocate nothing.
 */
import { liveSlotOf, StateBufferEnd, ENGINE_FRAME_WORD, FRESH_BIT, HIGH_WORD, INDEX_MASK, LIVE_WORD, LOGIC_TICK_WORD, MIDDLE_WORD, PREAMBLE_WORDS, REGION_HEADER_WORDS, SEQ_WORD } from './state-layout.ts';
import { ID_WORD, type StateSchema } from './state-schema.ts';


/** Reads published snapshots. One reader per buffer, used by one thread. */
export class StateReader extends StateBufferEnd {
  /** Word offset of record 0 of the current snapshot (changes at refresh). */
  base = 0;
  /** Snapshots taken so far. */
  refreshes = 0;

  private front = 2;
  private header = 0;
  /**
   * Engine frame that published the snapshot (read-only for callers). A field set when a snapshot
   * is taken, not a read per call: a recording logic reads it every tick (its FRAME_END's facts).
   */
  engineFrame = 0;

  /**
   * `front` is the buffer this reader owns at start: 2 for a fresh buffer; after a worker restart,
   * the engine's `StateWriter.orphanedFront()` (the buffer the dead reader held).
   */
  constructor(sab: SharedArrayBuffer, schema: StateSchema, front = 2) {
    super('StateReader.constructor', sab, schema);
    this.front = front & INDEX_MASK;
    this.bind();
  }

  /**
   * Takes the newest publish if there is one the reader has not seen; returns whether the snapshot
   * changed. Never waits. Allocates nothing.
   */
  refresh(): boolean {
    // ORDERING: observe — a plain check whether a fresh publish waits; the exchange below is what acquires it.
    const middle = Atomics.load(this.i32, MIDDLE_WORD);
    if ((middle & FRESH_BIT) === 0) return false;
    // ORDERING: acquire of the fresh buffer (the writer's plain writes to it happen-before our reads)
    // and release of the old front (our reads of it happen-before the writer's next writes to it).
    const taken = Atomics.exchange(this.i32, MIDDLE_WORD, this.front);
    this.front = taken & INDEX_MASK;
    this.bind();
    this.refreshes++;
    return true;
  }

  /**
   * The buffer a writer owns when no writer is running any more (its thread was terminated): the
   * one that is neither this reader's front nor the middle. Hand it to the next writer (StateWriter
   * option `back`).
   */
  orphanedBack(): number {
    // ORDERING: observe — read after the old writer's thread is gone, so MIDDLE no longer changes.
    const middle = Atomics.load(this.i32, MIDDLE_WORD) & INDEX_MASK;
    return 3 - this.front - middle;
  }

  private bind(): void {
    this.header = PREAMBLE_WORDS + this.front * this.regionWords;
    this.base = this.header + REGION_HEADER_WORDS;
    // The snapshot is this reader's until the next refresh (its header never changes under it).
    this.engineFrame = this.i32[this.header + ENGINE_FRAME_WORD]!;
  }

  /** Publish number of the snapshot (0 before the first publish). */
  get seq(): number {
    return this.i32[this.header + SEQ_WORD]!;
  }
  /** Last logic tick whose commands the snapshot includes. */
  get logicTick(): number {
    return this.i32[this.header + LOGIC_TICK_WORD]!;
  }
  /** Live records in the snapshot. */
  get live(): number {
    return this.i32[this.header + LIVE_WORD]!;
  }
  /** Slots 0..high-1 may be live in the snapshot. */
  get high(): number {
    return this.i32[this.header + HIGH_WORD]!;
  }

  /** Slot of `id` when it is live in the snapshot, else -1. */
  slotOf(id: number): number {
    return liveSlotOf(this.i32, this.base, this.strideWords, this.capacity, id);
  }

  /** Whether `id` is live in the snapshot. */
  has(id: number): boolean {
    return this.slotOf(id) >= 0;
  }

  /** Id held by `slot` in the snapshot (0 = free). */
  idAt(slot: number): number {
    return this.i32[this.base + slot * this.strideWords + ID_WORD]!;
  }

  /** Word offset of record `slot` in the snapshot (add a schema field offset). */
  recordOffset(slot: number): number {
    return this.base + slot * this.strideWords;
  }

  /** Field element of `slot` as f32 / i32 / u32. */
  f32At(slot: number, word: number): number {
    return this.f32[this.base + slot * this.strideWords + word]!;
  }
  i32At(slot: number, word: number): number {
    return this.i32[this.base + slot * this.strideWords + word]!;
  }
  u32At(slot: number, word: number): number {
    return this.u32[this.base + slot * this.strideWords + word]!;
  }
}
