/**
 * The producer end of the SPSC ring (layout: see ring-layout.ts; this file touches the producer
 * line, WRITE_INDEX_SLOT..PRODUCER_SLEEPING_SLOT, and storage bytes between the published write
 * index and the read index; it only reads the consumer line).
 *
 * ```
 *  storage:  ... released | published, unread | committed, unpublished | reserved | free ...
 *                         ^ read index        ^ published write index   ^ this.write
 * ```
 * Write a record: `off = tryReserve(type, n)`; encode in place through `u8/i32/u32/f32/f64`
 * (byte offset `off`, so `i32[off >> 2]`, `f64[off >> 3]`); `commit()`; then `publish()` once per
 * record or once per batch. Nothing is visible to the reader before publish. `tryAppend` is
 * reserve + commit in one call for fixed-size records (what CommandWriter uses).
 */
import { TwinframeError } from './twinframe-error.ts';
import { SHARED_MEMORY_CODES } from './error-codes.ts';
import * as layout from './ring-layout.ts';
import { RingEnd } from './ring-end.ts';
import { maxPayloadBytesFor, recordBytesFor } from './ring-layout.ts';
import { sleepWhileUnchanged, wakeSleeper } from './ring-wait.ts';
import type { RingWaitResult } from './ring-wait.ts';

// Module-local copies of the layout constants: V8 folds module-local consts into optimized code but
// loads and hole-checks imported bindings on every use (measured: ~30% of the per-record cost).
const {
  CONSUMER_SLEEPING_SLOT, DEQUEUED_SLOT, ENQUEUED_SLOT,
  FULL_EVENTS_SLOT, MAX_RECORD_TYPE, PADDING_TYPE, PRODUCER_SLEEPING_SLOT,
  READ_INDEX_SLOT, RECORD_ALIGN_BYTES, RECORD_HEADER_BYTES, RECORD_LENGTH_WORD, RECORD_TAG,
  RECORD_TAG_TYPE_WORD, RECORD_TYPE_MASK, WRITE_INDEX_SLOT,
} = layout;

export type { RingWaitResult } from './ring-wait.ts';

const TAG_BITS = RECORD_TAG << 16;

/**
 * Producer end of a ring: reserve, encode in place, commit, publish. Single producer: use one
 * RingWriter per ring, on one thread. Never throws for a full ring (tryReserve returns -1); throws
 * only for a record that could never fit or a bad type (caller bugs).
 */
export class RingWriter extends RingEnd {
  /** Largest payload tryReserve accepts (half the storage minus the header). */
  readonly maxPayloadBytes: number;

  /** Committed write index (local). */
  private write: number;
  /** Write index last published. */
  private publishedWrite: number;
  /** Last read index seen; only ever behind the real one, so space is never overestimated. */
  private cachedRead: number;
  private cachedDequeued: number;
  private reservedBytes = 0;
  private committedRecords: number;
  private publishedRecords: number;
  private fullEventsLocal: number;
  /** tryAppend's fast-path bound (updateRoom). */
  private room: number;

  /** Attaches the producer end to a ring made by createRingBuffer. Throws TF1004 if it is not one. */
  constructor(sab: SharedArrayBuffer) {
    super('RingWriter.constructor', sab);
    const cap = this.capacityBytes;
    this.maxPayloadBytes = maxPayloadBytesFor(cap);
    // ORDERING: adopts the published write index (a restarted producer continues after it).
    this.write = Atomics.load(this.control, WRITE_INDEX_SLOT);
    this.publishedWrite = this.write;
    // ORDERING: observes how far the consumer has released.
    this.cachedRead = Atomics.load(this.control, READ_INDEX_SLOT);
    // ORDERING: observes the consumer's released-record count.
    this.cachedDequeued = Atomics.load(this.control, DEQUEUED_SLOT);
    // ORDERING: adopts the published record count.
    this.committedRecords = Atomics.load(this.control, ENQUEUED_SLOT) >>> 0;
    this.publishedRecords = this.committedRecords;
    // ORDERING: adopts this line's own counter (written only by the producer).
    this.fullEventsLocal = Atomics.load(this.control, FULL_EVENTS_SLOT) >>> 0;
    this.room = this.write;
    this.updateRoom();
  }

  /**
   * Reserves a record of `type` (0..65534) with `payloadBytes` of payload and returns the payload's
   * byte offset into the storage views (8-byte aligned), or -1 when the ring is full (a full event
   * is counted, and committed records are published so the consumer can make room). A reservation
   * that is not committed is abandoned by the next tryReserve. Throws TF1002 when the record could
   * never fit, TF1003 for a bad type. Allocates nothing.
   */
  tryReserve(type: number, payloadBytes: number): number {
    this.checkRecord(type, payloadBytes);
    const recordBytes = RECORD_HEADER_BYTES + ((payloadBytes + RECORD_ALIGN_BYTES - 1) & -RECORD_ALIGN_BYTES);
    const w = this.write;
    const pos = w & this.mask;
    const cap = this.capacityBytes;
    // Common case: the record fits before the end, the cached read index shows room, no record limit.
    if (recordBytes > cap - pos || ((w - this.cachedRead) | 0) + recordBytes > cap || this.maxRecords !== 0) {
      return this.reserveSlow(type, payloadBytes, recordBytes);
    }
    const q = pos >> 2;
    this.i32[q + RECORD_LENGTH_WORD] = payloadBytes;
    this.i32[q + RECORD_TAG_TYPE_WORD] = TAG_BITS | type;
    this.reservedBytes = recordBytes;
    return pos + RECORD_HEADER_BYTES;
  }

  /**
   * tryReserve and commit in one call (the fast path for fixed-size records): returns the payload offset
   * or -1 when full. Write the payload before the next publish(). Same errors as tryReserve. No allocation.
   */
  tryAppend(type: number, payloadBytes: number): number {
    const recordBytes = RECORD_HEADER_BYTES + ((payloadBytes + RECORD_ALIGN_BYTES - 1) & -RECORD_ALIGN_BYTES);
    const w = this.write;
    const next = (w + recordBytes) | 0;
    // Common case: one comparison against `room` plus checkRecord's checks (folded for constant sizes).
    if (((this.room - next) | 0) >= 0 && (type & RECORD_TYPE_MASK) === type && type !== PADDING_TYPE &&
      (payloadBytes >>> 0) === payloadBytes && payloadBytes <= this.maxPayloadBytes) {
      const pos = w & this.mask;
      const q = pos >> 2;
      this.i32[q + RECORD_LENGTH_WORD] = payloadBytes;
      this.i32[q + RECORD_TAG_TYPE_WORD] = TAG_BITS | type;
      this.write = next;
      this.reservedBytes = 0;
      this.committedRecords++;
      return pos + RECORD_HEADER_BYTES;
    }
    return this.appendSlow(type, payloadBytes);
  }
  /** tryAppend's rare cases (tryReserve + commit), then a fresh `room`; out of line so tryAppend stays small. */
  private appendSlow(type: number, payloadBytes: number): number {
    const off = this.tryReserve(type, payloadBytes);
    if (off >= 0) this.commit();
    this.updateRoom();
    return off;
  }

  /**
   * Sets `room`: records ending at or before it fit with no further check (the storage end or the
   * cached read index + capacity, whichever is first; the write index under a record limit, so every
   * append takes tryReserve's checks). After each append that took the slow path.
   */
  private updateRoom(): void {
    const w = this.write;
    if (this.maxRecords !== 0) {
      this.room = w;
      return;
    }
    const lapEnd = (w - (w & this.mask) + this.capacityBytes) | 0;
    const free = (this.cachedRead + this.capacityBytes) | 0;
    this.room = ((lapEnd - free) | 0) < 0 ? lapEnd : free;
  }

  /**
   * Throws what tryReserve would for a record that could never be written (TF1002 size, TF1003
   * type); returns otherwise. For writers that hold records elsewhere first (ring-spill.ts).
   */
  checkRecord(type: number, payloadBytes: number): void {
    if ((payloadBytes >>> 0) !== payloadBytes || payloadBytes > this.maxPayloadBytes) this.throwBadSize(payloadBytes);
    if ((type >>> 0) !== type || type > MAX_RECORD_TYPE) this.throwBadType(type);
  }

  /** tryReserve's rare cases: the wrap (padding), a stale cached read index, a full ring, the record limit. */
  private reserveSlow(type: number, payloadBytes: number, recordBytes: number): number {
    const cap = this.capacityBytes;
    let w = this.write;
    let pos = w & this.mask;
    const tail = cap - pos;
    const need = recordBytes <= tail ? recordBytes : tail + recordBytes;
    if (!this.hasRoom(w, need)) {
      this.reservedBytes = 0;
      this.fullEventsLocal++;
      // ORDERING: tells the reader the writer is starved, so its next lazy flush hands space back.
      Atomics.store(this.control, FULL_EVENTS_SLOT, this.fullEventsLocal | 0);
      if (this.publishedWrite !== w) this.publish();
      return -1;
    }
    const i32 = this.i32;
    if (recordBytes > tail) {
      // Padding to the end of the storage, so no record is ever split.
      i32[(pos >> 2) + RECORD_LENGTH_WORD] = tail - RECORD_HEADER_BYTES;
      i32[(pos >> 2) + RECORD_TAG_TYPE_WORD] = TAG_BITS | PADDING_TYPE;
      w = (w + tail) | 0;
      this.write = w;
      pos = 0;
    }
    i32[(pos >> 2) + RECORD_LENGTH_WORD] = payloadBytes;
    i32[(pos >> 2) + RECORD_TAG_TYPE_WORD] = TAG_BITS | type;
    this.reservedBytes = recordBytes;
    return pos + RECORD_HEADER_BYTES;
  }

  /** Completes the record reserved last; it becomes visible at the next publish. No-op without a reservation. */
  commit(): void {
    const b = this.reservedBytes;
    if (b === 0) return;
    this.write = (this.write + b) | 0;
    this.reservedBytes = 0;
    this.committedRecords++;
  }

  /**
   * Makes every committed record visible to the reader (one atomic store of the write index) and
   * wakes a sleeping reader. Cheap when nothing was committed. Call per record or once per batch.
   */
  publish(): void {
    const w = this.write;
    if (w === this.publishedWrite) return;
    this.publishedWrite = w;
    this.publishedRecords = this.committedRecords;
    const c = this.control;
    // ORDERING: plain, published by the index's Atomics.store below (seq-cst: a release of all stores
    // before it). A thread whose Atomics.load (acquire) reads that index or a later one then loads
    // this count or a newer one, never an older (RingReader.corrupt, a restarted writer: index first).
    // A count load with no index load before it (totalEnqueued: can be late) races, tear-free (an
    // aligned Int32): it reads an older count or this one, whole. One seq-cst store per publish, not two.
    c[ENQUEUED_SLOT] = this.publishedRecords | 0;
    // ORDERING: publishes the records committed before it and the count (plain stores above); the
    // reader reads them only after loading this index.
    Atomics.store(c, WRITE_INDEX_SLOT, w);
    wakeSleeper(c, CONSUMER_SLEEPING_SLOT, WRITE_INDEX_SLOT);
  }

  /**
   * Blocks this thread (worker only: Atomics.wait) until the reader releases space, at most
   * `timeoutMs`. Returns 'not-equal' at once when space was released since the last failed
   * reserve. Never call it on a browser main thread.
   */
  waitForSpace(timeoutMs: number): RingWaitResult {
    if (this.publishedWrite !== this.write) this.publish();
    return sleepWhileUnchanged(this.control, PRODUCER_SLEEPING_SLOT, READ_INDEX_SLOT, this.cachedRead, timeoutMs);
  }

  /** Records published so far (exact for this writer's lifetime). */
  get totalEnqueued(): number {
    return this.publishedRecords;
  }

  /** Records the reader has released and published (can be late). */
  get totalDequeued(): number {
    // ORDERING: observes the consumer's released-record count (published with its read index).
    const d = Atomics.load(this.control, DEQUEUED_SLOT);
    return this.publishedRecords - (((this.publishedRecords | 0) - d) >>> 0);
  }

  /** Committed records not yet published. */
  get pendingRecords(): number {
    return this.committedRecords - this.publishedRecords;
  }

  /** Bytes published and not yet released by the reader (can be late). */
  get approximateSizeBytes(): number {
    // ORDERING: observes the consumer's published read index.
    return (this.publishedWrite - Atomics.load(this.control, READ_INDEX_SLOT)) | 0;
  }

  /** Records published and not yet released by the reader (can be late). */
  get approximateSizeRecords(): number {
    return this.publishedRecords - this.totalDequeued;
  }

  /** True when a record of `payloadBytes` would not fit now (can be late: space may just have been freed). */
  isFull(payloadBytes = 0): boolean {
    const w = this.write;
    const recordBytes = recordBytesFor(payloadBytes);
    const tail = this.capacityBytes - (w & this.mask);
    return !this.hasRoom(w, recordBytes <= tail ? recordBytes : tail + recordBytes);
  }

  private hasRoom(w: number, need: number): boolean {
    const cap = this.capacityBytes;
    if (((w - this.cachedRead) | 0) + need > cap) {
      // ORDERING: observes the consumer's released bytes; reading them again is safe only after this load.
      this.cachedRead = Atomics.load(this.control, READ_INDEX_SLOT);
      if (((w - this.cachedRead) | 0) + need > cap) return false;
    }
    const max = this.maxRecords;
    if (max !== 0 && (((this.committedRecords | 0) - this.cachedDequeued) >>> 0) >= max) {
      // ORDERING: observes the consumer's released-record count.
      this.cachedDequeued = Atomics.load(this.control, DEQUEUED_SLOT);
      if ((((this.committedRecords | 0) - this.cachedDequeued) >>> 0) >= max) return false;
    }
    return true;
  }

  private throwBadSize(payloadBytes: number): never {
    throw new TwinframeError(
      SHARED_MEMORY_CODES.RING_RECORD_TOO_LARGE.code,
      `RingWriter.tryReserve: record payload can never fit; got ${payloadBytes} bytes, expected an integer from 0 to ${this.maxPayloadBytes} (half of the ${this.capacityBytes}-byte ring minus the ${RECORD_HEADER_BYTES}-byte header). Split the record or allocate a ring of at least ${capacityHint(payloadBytes)} bytes.`,
      { payloadBytes, capacityBytes: this.capacityBytes, maxPayloadBytes: this.maxPayloadBytes },
    );
  }

  private throwBadType(type: number): never {
    throw new TwinframeError(
      SHARED_MEMORY_CODES.RING_RECORD_TYPE_INVALID.code,
      `RingWriter.tryReserve: record type out of range; got ${type}, expected an integer from 0 to ${MAX_RECORD_TYPE}. Use a type from the queue's opcode table.`,
      { type },
    );
  }
}

function capacityHint(payloadBytes: number): string {
  if (!Number.isFinite(payloadBytes) || payloadBytes < 0) return 'twice the record size in';
  let p = 64;
  while (p / 2 - RECORD_HEADER_BYTES < payloadBytes && p < 2 ** 30) p *= 2;
  return String(p);
}
