/**
 * The writing end of a StateBuffer (the seed's back buffer and SwapBuffers); thread-agnostic: the
 * engine writes entity and camera state, the logic writes debug-draw state. The engine writes
 * records in its working copy (region 3) as it applies commands, marks them dirty, and once per
 * frame `publish` brings its back buffer up to date and hands it to the reader (see
 * state-layout.ts for the ownership argument).
 *
 * Publishing is O(dirty): the back buffer the writer holds is some publishes behind, so it copies
 * the records dirtied in each publish it missed (kept in a short history of dirty lists), or one
 * full copy when that is cheaper, when the history does not reach back far enough, when dirty
 * tracking is off, or after a failed publish. Validation happens before the hand-off; any failure
 * leaves the last good publish in place and the next publish repairs the back buffer.
 * Nothing here allocates after construction; the engine turns statuses into diagnostics.
 */
import { liveSlotOf, ID_MASK, regionBase, StateBufferEnd, ENGINE_FRAME_WORD, FRESH_BIT, HIGH_WORD, INDEX_MASK, LIVE_WORD, LOGIC_TICK_WORD, MIDDLE_WORD, PREAMBLE_WORDS, REGION_HEADER_WORDS, SEQ_WORD, WORKING_REGION } from './state-layout.ts';
import { ID_WORD, type StateSchema } from './state-schema.ts';
import { TwinframeError } from './twinframe-error.ts';
import { SHARED_MEMORY_CODES } from './error-codes.ts';

/** Outcome of `publish`. */
export const PUBLISH_STATUS = {
  /** Published. */
  OK: 0,
  /** Published; some dirty ids named no record and were dropped (`droppedIds`, `firstDroppedId`). */
  OK_DROPPED_DIRTY: 1,
  /** Published after the debug comparison found a dirty publish differing from a full copy (`debugMismatches`); repaired by a full copy. */
  OK_DEBUG_MISMATCH: 2,
  /** Not published: more live records than capacity (`live`); the last good publish stays. */
  FAILED_CAPACITY: 3,
  /** Not published: the copy threw (`lastError`); the last good publish stays. */
  FAILED_EXCEPTION: 4,
} as const;
export type PublishStatus = (typeof PUBLISH_STATUS)[keyof typeof PUBLISH_STATUS];

/** Outcome of `create` and `destroy`. */
export const RECORD_STATUS = {
  OK: 0,
  /** The id's slot index is not below the capacity (or the id is not a positive integer). */
  OUT_OF_RANGE: 1,
  /** create: the slot is held by a live record. */
  SLOT_IN_USE: 2,
  /** destroy: no live record has this id. */
  NOT_LIVE: 3,
} as const;
export type RecordStatus = (typeof RECORD_STATUS)[keyof typeof RECORD_STATUS];

/** Options of StateWriter. */
export interface StateWriterOptions {
  /** Milliseconds clock for publish timings (inject the platform clock); default: no timing. */
  readonly now?: () => number;
  /** Copy only dirty records (default true); false: every publish is one full copy. */
  readonly dirtyTracking?: boolean;
  /** Compare every dirty publish with a full copy and report differences (slow; default false). */
  readonly debugCompare?: boolean;
  /**
   * The buffer this writer owns at start (mirrors StateReader's `front`): omit it (0) for a fresh
   * buffer; when taking over from a writer whose thread is gone, the reader's `orphanedBack()`.
   * Given, the writer forgets the dead writer's working copy and treats every published buffer's
   * contents as unknown (its first publish into each one is a full copy).
   */
  readonly back?: number;
}

/** Publishes remembered in the dirty history; a back buffer further behind gets a full copy. */
const HISTORY = 8;
/** A catch-up copies at most HIGH / CATCH_UP_LIMIT records; more is done as one full copy. */
const CATCH_UP_LIMIT = 16;
/** Dirty ratios averaged by `averageDirtyRatio`. */
const RATIO_WINDOW = 60;
const NO_TIME = (): number => 0;

/** Writes records and publishes them. One writer per buffer, used by one thread. */
export class StateWriter extends StateBufferEnd {
  /** Word offset of record 0 of the working copy: record `slot` is at `workBase + slot * strideWords`. */
  readonly workBase: number;

  /** Options, changeable at run time. */
  dirtyTracking: boolean;
  debugCompare: boolean;

  // Statistics (read by the engine; plain numbers, no allocation).
  /** Publishes done (including failed ones). */
  totalPublishes = 0;
  failedPublishes = 0;
  /** Records dirty in the last publish (after validation). */
  lastDirtyCount = 0;
  /** Records copied by the last publish (catch-up included; a full copy counts HIGH records). */
  lastCopiedRecords = 0;
  /** Whether the last publish was a full copy. */
  lastWasFull = false;
  /** Milliseconds the last publish took (0 without a clock). */
  lastPublishMs = 0;
  /** Dirty marks dropped because their id named no record (seed error scenario 5), total and in the last publish. */
  droppedIds = 0;
  lastDroppedIds = 0;
  firstDroppedId = 0;
  /** Records that differed in the last debug comparison. */
  debugMismatches = 0;
  /** The error of the last failed publish. */
  lastError: unknown = undefined;
  /** Live records in the working copy. */
  live = 0;
  /** Slots 0..high-1 may be live. */
  high = 0;
  /** Sequence number of the last successful publish. */
  seq = 0;

  private readonly now: () => number;
  private back = 0;
  /** Publish sequence each buffer holds (-1: unknown, needs a full copy). */
  private readonly version = new Int32Array(3);
  private readonly dirtyPos: Int32Array;
  private readonly dirtySlots: Int32Array;
  private readonly dirtyIds: Int32Array;
  private dirtyCount = 0;
  private readonly removedId: Int32Array;
  private readonly history: Int32Array;
  private readonly historyLen = new Int32Array(HISTORY);
  private readonly ratios = new Float64Array(RATIO_WINDOW);
  private ratioSum = 0;
  private ratioCount = 0;
  private faultArmed = false;
  /** markAllChanged since the last successful publish: the next one is a full copy. */
  private allChanged = false;

  constructor(sab: SharedArrayBuffer, schema: StateSchema, options: StateWriterOptions = {}) {
    super('StateWriter.constructor', sab, schema);
    this.workBase = regionBase(WORKING_REGION, this.capacity, this.strideWords) + REGION_HEADER_WORDS;
    this.now = options.now ?? NO_TIME;
    this.dirtyTracking = options.dirtyTracking ?? true;
    this.debugCompare = options.debugCompare ?? false;
    this.dirtyPos = new Int32Array(this.capacity);
    this.dirtySlots = new Int32Array(this.capacity);
    this.dirtyIds = new Int32Array(this.capacity);
    this.removedId = new Int32Array(this.capacity);
    this.history = new Int32Array(HISTORY * this.capacity);
    // A fresh buffer: the writer starts owning buffer 0; MIDDLE names buffer 1, the reader buffer 2
    // (state-layout). Taking over from a dead writer: the buffer it owned, given by the caller.
    this.back = (options.back ?? 0) & INDEX_MASK;
    if (options.back !== undefined) {
      // The dead writer's working copy and its buffers' contents are not this writer's.
      this.version.fill(-1);
      this.i32.fill(0, this.workBase - REGION_HEADER_WORDS, this.workBase + this.capacity * this.strideWords);
    }
  }

  /**
   * The buffer a reader owns when no reader is running any more (its thread was terminated): the
   * one that is neither the writer's back buffer nor the middle. Hand it to the next reader.
   */
  orphanedFront(): number {
    // ORDERING: observe — read after the old reader's thread is gone, so MIDDLE no longer changes.
    const middle = Atomics.load(this.i32, MIDDLE_WORD) & INDEX_MASK;
    return 3 - this.back - middle;
  }

  /** Slot of a live id, or -1. Allocates nothing. */
  slotOf(id: number): number {
    return liveSlotOf(this.i32, this.workBase, this.strideWords, this.capacity, id);
  }

  /** Whether `id` is live in the working copy. */
  has(id: number): boolean {
    return this.slotOf(id) >= 0;
  }

  /** Word offset of record `slot` in the working copy (add a schema field offset). */
  recordOffset(slot: number): number {
    return this.workBase + slot * this.strideWords;
  }

  /**
   * Calls `visit(id)` for every live record of the working copy, in slot order; `visit` may
   * destroy the record it is given (a clear-all). Not for per-frame use: the caller's closure.
   */
  forEachLive(visit: (id: number) => void): void {
    for (let slot = 0; slot < this.high; slot++) {
      const id = this.i32[this.recordOffset(slot)]!;
      if (id !== 0) visit(id);
    }
  }

  /**
   * Makes `id` live with every field zero and marks it dirty. Returns OUT_OF_RANGE for an id whose
   * index is not below the capacity, SLOT_IN_USE when its slot holds a live record.
   */
  create(id: number): RecordStatus {
    const slot = id & ID_MASK;
    if (!(id > 0) || !Number.isInteger(id) || slot >= this.capacity) return RECORD_STATUS.OUT_OF_RANGE;
    const o = this.workBase + slot * this.strideWords;
    const i32 = this.i32;
    if (i32[o + ID_WORD] !== 0) return RECORD_STATUS.SLOT_IN_USE;
    i32.fill(0, o, o + this.strideWords);
    i32[o + ID_WORD] = id;
    this.live++;
    if (slot >= this.high) this.high = slot + 1;
    this.markDirty(id);
    return RECORD_STATUS.OK;
  }

  /** Frees `id`'s record (it leaves the published view at the next publish). NOT_LIVE when it is not live. */
  destroy(id: number): RecordStatus {
    const slot = this.slotOf(id);
    if (slot < 0) return (id & ID_MASK) >= this.capacity || !(id > 0) ? RECORD_STATUS.OUT_OF_RANGE : RECORD_STATUS.NOT_LIVE;
    const o = this.workBase + slot * this.strideWords;
    this.i32.fill(0, o, o + this.strideWords);
    this.removedId[slot] = id;
    this.live--;
    this.markDirty(id);
    return RECORD_STATUS.OK;
  }

  /** Frees every record (each one leaves the published view at the next publish). */
  clear(): void {
    const i32 = this.i32;
    for (let slot = 0; slot < this.high; slot++) {
      const id = i32[this.workBase + slot * this.strideWords + ID_WORD]!;
      if (id !== 0) this.destroy(id);
    }
  }

  /**
   * Marks `id`'s record changed since the last publish. Cheap and unchecked here (an id that names
   * no record is dropped with a count at publish, the seed's error scenario 5); false only when the
   * id's index is out of range. Allocates nothing.
   */
  markDirty(id: number): boolean {
    const slot = id & ID_MASK;
    if (slot >= this.capacity) {
      this.droppedIds++;
      return false;
    }
    const pos = this.dirtyPos[slot]!;
    if (pos !== 0) {
      this.dirtyIds[pos - 1] = id;
      return true;
    }
    const n = this.dirtyCount++;
    this.dirtySlots[n] = slot;
    this.dirtyIds[n] = id;
    this.dirtyPos[slot] = n + 1;
    return true;
  }

  /** Marks every live record dirty (used after a restore or by tests). */
  markAllDirty(): void {
    const i32 = this.i32;
    for (let slot = 0; slot < this.high; slot++) {
      const id = i32[this.workBase + slot * this.strideWords + ID_WORD]!;
      if (id !== 0) this.markDirty(id);
    }
  }

  /**
   * Every record may have changed (a bulk write of many): the next publish copies the working copy
   * whole, and so does the first publish into each other buffer (the dirty history does not name
   * these changes). Cheaper than marking each record when more than ~1/16 of HIGH changed.
   */
  markAllChanged(): void {
    this.allChanged = true;
  }

  /** Whether `slot`'s record was marked dirty since the last publish. */
  isDirtySlot(slot: number): boolean {
    return this.dirtyPos[slot] !== 0;
  }

  /** Records marked dirty since the last publish. */
  get pendingDirty(): number {
    return this.dirtyCount;
  }

  /** Slot of the i-th record marked dirty since the last publish (0 <= i < pendingDirty); its record may be free (destroyed). */
  dirtySlotAt(i: number): number {
    return this.dirtySlots[i]!;
  }

  /** Mean of dirty records / live records over the last 60 publishes (0..1). */
  get averageDirtyRatio(): number {
    return this.ratioCount === 0 ? 0 : this.ratioSum / this.ratioCount;
  }

  /** Makes the next publish throw in the middle of its copy (fault injection for tests and the demo). */
  injectPublishFault(): void {
    this.faultArmed = true;
  }

  /**
   * The seed's SwapBuffers: validates, brings the back buffer up to date, stamps it with
   * `engineFrame` and `logicTick` and hands it to the reader. Never waits and never throws; on
   * failure the reader keeps the last good publish and the next publish repairs. Allocates nothing.
   */
  publish(engineFrame: number, logicTick: number): PublishStatus {
    const t0 = this.now();
    this.totalPublishes++;
    const seq = this.seq + 1;
    const row = (seq % HISTORY) * this.capacity;
    const history = this.history;
    const i32 = this.i32;
    const stride = this.strideWords;
    const workBase = this.workBase;

    // 1. Validate the dirty set into this publish's history row.
    const rows = this.dirtyCount;
    let dropped = 0;
    for (let i = 0; i < rows; i++) {
      const slot = this.dirtySlots[i]!;
      const id = this.dirtyIds[i]!;
      this.dirtyPos[slot] = 0;
      const current = i32[workBase + slot * stride + ID_WORD]!;
      if (current !== id && !(current === 0 && this.removedId[slot] === id)) {
        if (dropped === 0) this.firstDroppedId = id;
        dropped++;
      }
      // The slot is copied even when its id is dropped: the stale id may have replaced the mark of a
      // real change to the same slot (destroy + create, or an update of the record now in it), and
      // copying a record from the working copy is always correct.
      history[row + i] = slot;
      this.removedId[slot] = 0;
    }
    const n = rows - dropped;
    this.dirtyCount = 0;
    this.lastDroppedIds = dropped;
    this.droppedIds += dropped;
    this.historyLen[seq % HISTORY] = rows;
    this.lastDirtyCount = n;

    if (this.live > this.capacity || this.live < 0) {
      // The history row stays recorded, so the repair on the next success includes these changes.
      return this.fail(PUBLISH_STATUS.FAILED_CAPACITY, seq, t0);
    }

    // 2. Bring the back buffer up to date.
    const b = this.back;
    const base = PREAMBLE_WORDS + b * this.regionWords;
    const data = base + REGION_HEADER_WORDS;
    const v = this.version[b]!;
    let full = this.allChanged || !this.dirtyTracking || v < 0 || seq - v > HISTORY;
    let total = 0;
    if (!full) {
      for (let s = v + 1; s <= seq; s++) total += this.historyLen[s % HISTORY]!;
      // Catch-up copies records one by one at random slots (measured ~25 ns per record when the
      // state fits in L2, ~45 ns beyond), a full copy streams (~1.8 ns per record): catching up
      // pays only below about 1/16 of HIGH (bench/state/publish.bench.ts; 1/4 was 1.5-2.5x slower
      // than a full copy between the two).
      full = total * CATCH_UP_LIMIT > this.high;
    }
    let status: PublishStatus = dropped > 0 ? PUBLISH_STATUS.OK_DROPPED_DIRTY : PUBLISH_STATUS.OK;
    try {
      if (full) {
        i32.copyWithin(data, workBase, workBase + this.high * stride);
        // Records beyond HIGH left by an earlier writer (a restart) must not stay behind.
        const oldHigh = Math.min(i32[base + HIGH_WORD]!, this.capacity);
        if (oldHigh > this.high) i32.fill(0, data + this.high * stride, data + oldHigh * stride);
        this.lastCopiedRecords = this.high;
      } else {
        for (let s = v + 1; s <= seq; s++) {
          const r = (s % HISTORY) * this.capacity;
          const len = this.historyLen[s % HISTORY]!;
          for (let k = 0; k < len; k++) {
            const off = history[r + k]! * stride;
            const to = data + off;
            const from = workBase + off;
            for (let w = 0; w < stride; w++) i32[to + w] = i32[from + w]!;
          }
        }
        this.lastCopiedRecords = total;
      }
      if (this.faultArmed) {
        this.faultArmed = false;
        throw new TwinframeError(SHARED_MEMORY_CODES.STATE_PUBLISH_FAULT_INJECTED.code, 'StateWriter.publish: injected fault; got injectPublishFault() armed, expected no fault. Nothing to fix: a test or the demo asked for this failure.');
      }
      if (this.debugCompare && !full && this.compareWithWorking(data) > 0) {
        i32.copyWithin(data, workBase, workBase + this.high * stride);
        status = PUBLISH_STATUS.OK_DEBUG_MISMATCH;
      }
      i32[base + SEQ_WORD] = seq;
      i32[base + ENGINE_FRAME_WORD] = engineFrame;
      i32[base + LOGIC_TICK_WORD] = logicTick;
      i32[base + LIVE_WORD] = this.live;
      i32[base + HIGH_WORD] = this.high;
    } catch (e) {
      this.lastError = e;
      return this.fail(PUBLISH_STATUS.FAILED_EXCEPTION, seq, t0);
    }
    this.lastWasFull = full;
    this.version[b] = seq;
    if (this.allChanged) {
      this.allChanged = false;
      for (let i = 0; i < 3; i++) if (i !== b) this.version[i] = -1;
    }
    this.seq = seq;
    // Release of buffer b to the reader: every plain write above happens-before the reader's reads
    // once its exchange reads this value. Acquire of the returned buffer: the reader's reads of it
    // (before its exchange put it in the middle) happen-before our next writes.
    // ORDERING: release of b, acquire of the returned buffer (one seq-cst exchange on MIDDLE).
    const previous = Atomics.exchange(i32, MIDDLE_WORD, b | FRESH_BIT);
    this.back = previous & INDEX_MASK;
    this.recordRatio(n);
    this.lastPublishMs = this.now() - t0;
    return status;
  }

  /** Failed publish: the back buffer is marked for a full repair; the middle and front are untouched. */
  private fail(status: PublishStatus, seq: number, t0: number): PublishStatus {
    this.failedPublishes++;
    this.version[this.back] = -1;
    // Keep seq moving so history rows of this publish are not reused before the repair reads them.
    this.seq = seq;
    this.lastPublishMs = this.now() - t0;
    return status;
  }

  private compareWithWorking(data: number): number {
    const i32 = this.i32;
    const stride = this.strideWords;
    let mismatches = 0;
    for (let slot = 0; slot < this.high; slot++) {
      const a = data + slot * stride;
      const w = this.workBase + slot * stride;
      for (let k = 0; k < stride; k++) {
        if (i32[a + k] !== i32[w + k]) {
          mismatches++;
          break;
        }
      }
    }
    this.debugMismatches = mismatches;
    return mismatches;
  }

  private recordRatio(dirty: number): void {
    const ratio = this.live === 0 ? 0 : Math.min(1, dirty / this.live);
    // Indexed by successful publishes: a failed publish records no ratio, so indexing by
    // totalPublishes would overwrite a slot still counted in ratioSum and leave its value there.
    const k = (this.totalPublishes - this.failedPublishes) % RATIO_WINDOW;
    if (this.ratioCount < RATIO_WINDOW) this.ratioCount++;
    else this.ratioSum -= this.ratios[k]!;
    this.ratios[k] = ratio;
    this.ratioSum += ratio;
  }
}
