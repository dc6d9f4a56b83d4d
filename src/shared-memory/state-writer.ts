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
import { countDifferingRecords, liveSlotOf, ID_MASK, regionBase, ENGINE_FRAME_WORD, FRESH_BIT, HIGH_WORD, INDEX_MASK, LIVE_WORD, LOGIC_TICK_WORD, MIDDLE_WORD, PREAMBLE_WORDS, REGION_HEADER_WORDS, SEQ_WORD, WORKING_REGION } from './state-layout.ts';
import { ID_WORD, type StateSchema } from './state-schema.ts';
import { TwinframeError } from './twinframe-error.ts';
import { SHARED_MEMORY_CODES } from './error-codes.ts';
import { DirtySet, HISTORY } from './state-dirty-set.ts';
import { createSharedCopier, type SharedCopier } from './shared-copy.ts';
import { PublishCostModel } from './publish-cost-model.ts';
import { PUBLISH_STATUS, RECORD_STATUS, StateWriterCounters, type PublishStatus, type RecordStatus, type StateWriterOptions } from './state-writer-status.ts';

export { PUBLISH_STATUS, RECORD_STATUS, type PublishStatus, type RecordStatus, type StateWriterOptions } from './state-writer-status.ts';

const NO_TIME = (): number => 0;
/**
 * One publish in TIMED_EVERY is timed (a power of two): a clock read costs ~65 ns here (Node's
 * performance.now), two of them ~5% of a 1,000-record publish, and the cost model needs only a
 * sample (its moving sums span ~16 timed publishes, ~2 s at 60 Hz).
 */
const TIMED_EVERY = 8;

/** Writes records and publishes them. One writer per buffer, used by one thread. */
export class StateWriter extends StateWriterCounters {
  /** Word offset of record 0 of the working copy: record `slot` is at `workBase + slot * strideWords`. */
  readonly workBase: number;

  /** Options, changeable at run time. */
  dirtyTracking: boolean; debugCompare: boolean;

  /** Live records in the working copy; slots 0..high-1 may be live. */
  live = 0; high = 0;
  /** Sequence number of the last successful publish. */
  seq = 0;

  private readonly now: () => number;
  private back = 0;
  /** Publish sequence each buffer holds (-1: unknown, needs a full copy). */
  private readonly version = new Int32Array(3);
  /** Records marked dirty since the last publish, and those of the last HISTORY publishes. */
  private readonly dirty: DirtySet;
  /** What catch-ups and full copies cost here, timed by `now` (the prior alone without a clock); read-only outside. */
  readonly cost: PublishCostModel;
  private faultArmed = false;
  /** Fast copies within this buffer (a copyable buffer allocated on this thread), else null: typed-array copies. */
  private readonly copier: SharedCopier | null;
  /** markAllChanged since the last successful publish: the next one is a full copy, and the dirty marks name only some changes. Read-only outside. */
  allChangedPending = false;

  constructor(sab: SharedArrayBuffer, schema: StateSchema, options: StateWriterOptions = {}) {
    super('StateWriter.constructor', sab, schema);
    this.workBase = regionBase(WORKING_REGION, this.capacity, this.strideWords) + REGION_HEADER_WORDS;
    this.now = options.now ?? NO_TIME;
    this.copier = createSharedCopier(sab);
    this.dirtyTracking = options.dirtyTracking ?? true;
    this.debugCompare = options.debugCompare ?? false;
    this.dirty = new DirtySet(this.capacity, this.i32, this.workBase, this.strideWords);
    const dirty = this.dirty;
    this.cost = new PublishCostModel(options.now !== undefined, (high) => dirty.catchUpLimit(high));
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
    this.dirty.removed(slot, id);
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
   * Marks `id`'s record changed since the last publish. Cheap, never refused here: an id naming no
   * record is dropped with a count at publish (the seed's error scenario 5); false only when the
   * id's index is out of range. Allocates nothing.
   */
  markDirty(id: number): boolean {
    const slot = id & ID_MASK;
    if (slot >= this.capacity) {
      this.droppedIds++;
      return false;
    }
    this.dirty.mark(slot, id);
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
   * these changes). Cheaper than marking each record when more than ~1/20 of HIGH changed.
   */
  markAllChanged(): void {
    this.allChangedPending = true;
  }

  /** Whether `slot`'s record was marked dirty since the last publish. */
  isDirtySlot(slot: number): boolean {
    return this.dirty.has(slot);
  }

  /** Records marked dirty since the last publish. */
  get pendingDirty(): number {
    return this.dirty.count;
  }

  /** Slot of the i-th record marked dirty since the last publish (0 <= i < pendingDirty); its record may be free (destroyed). */
  dirtySlotAt(i: number): number {
    return this.dirty.slotAt(i);
  }

  /** Mean of dirty records / live records over the last 60 publishes (0..1). */
  get averageDirtyRatio(): number {
    return this.dirty.averageRatio;
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
    // NaN: this publish is not timed (one in TIMED_EVERY is; the first one is).
    const timed = (this.totalPublishes & (TIMED_EVERY - 1)) === 0;
    const t0 = timed ? this.now() : Number.NaN;
    this.totalPublishes++;
    const seq = this.seq + 1;
    const i32 = this.i32;
    const stride = this.strideWords;
    const workBase = this.workBase;

    // 1. Validate the dirty set into this publish's history row.
    const rows = this.dirty.drain(seq);
    const dropped = (this.lastDroppedIds = this.dirty.lastDropped);
    if (dropped > 0) this.firstDroppedId = this.dirty.firstDroppedId;
    const n = rows - dropped;
    this.droppedIds += dropped;
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
    let full = this.allChangedPending || !this.dirtyTracking || v < 0 || seq - v > HISTORY;
    let total = 0;
    if (!full) {
      total = this.dirty.slotsSince(v, seq);
      // A catch-up copies records one by one at random slots, a full copy streams: whichever the
      // per-record costs measured on this machine make cheaper (PublishCostModel).
      full = this.cost.preferFull(total, this.high, timed);
    }
    let status: PublishStatus = dropped > 0 ? PUBLISH_STATUS.OK_DROPPED_DIRTY : PUBLISH_STATUS.OK;
    try {
      if (full) {
        if (this.copier !== null) this.copier.copyWords(data, workBase, this.high * stride);
        else i32.copyWithin(data, workBase, workBase + this.high * stride);
        // Records beyond HIGH left by an earlier writer (a restart) must not stay behind.
        const oldHigh = Math.min(i32[base + HIGH_WORD]!, this.capacity);
        if (oldHigh > this.high) i32.fill(0, data + this.high * stride, data + oldHigh * stride);
        this.lastCopiedRecords = this.high;
      } else {
        this.dirty.replay(v, seq, i32, workBase, data, stride, this.high, this.copier);
        this.lastCopiedRecords = total;
      }
      if (this.faultArmed) {
        this.faultArmed = false;
        throw new TwinframeError(SHARED_MEMORY_CODES.STATE_PUBLISH_FAULT_INJECTED.code, 'StateWriter.publish: injected fault; got injectPublishFault() armed, expected no fault. Nothing to fix: a test or the demo asked for this failure.');
      }
      if (this.debugCompare && !full && (this.debugMismatches = countDifferingRecords(i32, data, workBase, this.high, stride)) > 0) {
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
    this.copiedRecords += this.lastCopiedRecords;
    if (full) this.fullCopies++;
    this.version[b] = seq;
    if (this.allChangedPending) {
      this.allChangedPending = false;
      for (let i = 0; i < 3; i++) if (i !== b) this.version[i] = -1;
    }
    this.seq = seq;
    // Release of buffer b to the reader: every plain write above happens-before the reader's reads
    // once its exchange reads this value. Acquire of the returned buffer: the reader's reads of it
    // (before its exchange put it in the middle) happen-before our next writes.
    // ORDERING: release of b, acquire of the returned buffer (one seq-cst exchange on MIDDLE).
    const previous = Atomics.exchange(i32, MIDDLE_WORD, b | FRESH_BIT);
    this.back = previous & INDEX_MASK;
    this.dirty.recordRatio(n, this.live);
    const ms = timed ? (this.lastPublishMs = this.now() - t0) : Number.NaN;
    // The whole publish times its copy (the drain and hand-off around it are small and common to
    // both ways). A first copy into a buffer (v < 0) writes pages the process may never have
    // touched, and a debug comparison reads everything: neither is the steady cost.
    this.cost.record(full, this.lastCopiedRecords, ms, v >= 0 && !this.debugCompare);
    return status;
  }

  /** Failed publish: the back buffer is marked for a full repair; the middle and front are untouched. */
  private fail(status: PublishStatus, seq: number, t0: number): PublishStatus {
    this.failedPublishes++;
    this.version[this.back] = -1;
    // Keep seq moving so history rows of this publish are not reused before the repair reads them.
    this.seq = seq;
    if (!Number.isNaN(t0)) this.lastPublishMs = this.now() - t0;
    return status;
  }
}
