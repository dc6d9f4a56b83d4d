/**
 * Backpressure as a property of the ring: a producer end that never refuses a record. While the
 * ring has room a record goes straight into it; when the ring is full (or the spill already holds
 * records, so order is kept) it goes into a growable spill area on the writing thread, in the
 * ring's own framing, and `drain()` copies spilled records raw into the ring as space frees.
 *
 * Usage contract (one SpillingRingWriter per ring, one producer thread, like RingWriter):
 * ```ts
 *  const w = new SpillingRingWriter(new RingWriter(sab));   // or new SpillingRingWriter(sab)
 *  // at the start of each frame (and before anything that needs earlier records delivered):
 *  w.drain();                        // spilled records into the ring, in order, then publish
 *  // per record, the same code whether the ring has room or not:
 *  const off = w.reserve(type, payloadBytes);   // never -1; throws TF1002/TF1003 like tryReserve
 *  w.i32[off >> 2] = a; w.f64[(off >> 3) + 1] = b; encodeUtf8Into(s, w.u8, off + 16, max);
 *  w.commit();                       // or w.append(type, n) = reserve + commit for fixed-size records
 *  w.publish();                      // per record or per batch: makes ring records visible
 * ```
 * Read the views (`u8/i32/u32/f32/f64`) after reserve/append: they point at the ring's storage or
 * at the spill area, whichever holds the reserved record, and are replaced when the spill grows.
 * Encode the payload before the next call on this writer. A reservation that is not committed is
 * abandoned by the next reserve. The consumer side is a plain RingReader: it cannot tell a spilled
 * record from one written directly.
 *
 * Spill area (an ArrayBuffer on the producer thread, never shared):
 * ```
 *  byte 0            head                                   tail                capacity
 *  +-----------------+--------+--------+-----+--------------+-------------------+
 *  | copied already  | record | record | ... | reserved rec | free              |
 *  +-----------------+--------+--------+-----+--------------+-------------------+
 *  record = ring framing (ring-layout.ts): +0 i32 payload length, +4 i32 RECORD_TAG << 16 | type,
 *           +8 payload padded to a multiple of 8; so drain() copies header and payload word by word
 *           into a record the ring reserved with the same type and length.
 * ```
 * head and tail are multiples of 8. When the spill empties, head = tail = 0. An append that does
 * not fit moves the live records to byte 0 (copyWithin, no allocation) when that frees at least
 * the bytes it moves (head >= tail - head) and makes room; otherwise it doubles the buffer (the
 * copy into the new one moves them to byte 0). Compacting only when it frees as much as it moves
 * keeps the copying amortised: under a flood that keeps the spill nearly full, compacting on every
 * wrap would move the whole spill each time (once per frame or more); growing stops once the
 * buffer is twice what stays waiting, so a steady pattern of spilling and draining allocates
 * nothing once grown.
 *
 * Counters: `spilledRecords` (records that went through the spill), `spillHighWaterBytes` (most
 * bytes held at once), `spillEpisodes` (times the spill went from empty to holding a record; an
 * episode ends when drain() empties it), `compactions` / `compactedBytes` (moves to byte 0 and
 * the bytes they moved), and the live `waitingRecords` / `waitingBytes` / `capacityBytes`.
 */
import * as layout from './ring-layout.ts';
import { RingWriter } from './ring-writer.ts';

const { RECORD_ALIGN_BYTES, RECORD_HEADER_BYTES, RECORD_LENGTH_WORD, RECORD_TAG, RECORD_TAG_TYPE_WORD, RECORD_TYPE_MASK } = layout;
const TAG_BITS = RECORD_TAG << 16;
/** The storage views a record is encoded through: a RingWriter's, or a SpillingRingWriter's after reserve. */
export interface RecordViews {
  readonly u8: Uint8Array;
  readonly i32: Int32Array;
  readonly u32: Uint32Array;
  readonly f32: Float32Array;
  readonly f64: Float64Array;
}

/** The five views over a whole (unshared) buffer. Allocates; only when the spill grows. */
function viewsOver(buf: ArrayBuffer): RecordViews {
  return { u8: new Uint8Array(buf), i32: new Int32Array(buf), u32: new Uint32Array(buf), f32: new Float32Array(buf), f64: new Float64Array(buf) };
}

/** First spill size in bytes (grows by doubling). */
const INITIAL_SPILL_BYTES = 1024;

/**
 * A ring producer that spills instead of refusing: reserve/commit always succeed, and records keep
 * their order across ring and spill. Allocates only when the spill grows. Single producer thread.
 */
export class SpillingRingWriter implements RecordViews {
  /** The wrapped ring end (for its statistics; write records through this class, not through it). */
  readonly ring: RingWriter;
  /** Views over the storage holding the reserved record; read them after reserve/append (set by `viewOn`). */
  u8!: Uint8Array;
  i32!: Int32Array;
  u32!: Uint32Array;
  f32!: Float32Array;
  f64!: Float64Array;
  /** Records that went through the spill (the ring was full, or earlier records were waiting). */
  spilledRecords = 0;
  /** Most bytes (headers included) the spill held at once. */
  spillHighWaterBytes = 0;
  /** Times the spill went from empty to holding a record. */
  spillEpisodes = 0;
  /** Records waiting in the spill now. */
  waitingRecords = 0;
  /** Times the live records were moved to byte 0 in place, and the bytes those moves copied. */
  compactions = 0;
  compactedBytes = 0;

  private buf: ArrayBuffer;
  /** Views over `buf`, the spill area. */
  private spill: RecordViews;
  private head = 0;
  private tail = 0;
  /** Bytes of the record reserved in the spill (0 when none, or when it was reserved in the ring). */
  private spillReserved = 0;
  /** Whether the views point at the spill (so reserve switches them only on a change). */
  private viewsOnSpill = false;

  /** Wraps `ring` (or attaches a new RingWriter to `sab`; throws TF1004 if it is not a ring). */
  constructor(ring: RingWriter | SharedArrayBuffer, initialSpillBytes = INITIAL_SPILL_BYTES) {
    this.ring = ring instanceof RingWriter ? ring : new RingWriter(ring);
    this.buf = new ArrayBuffer(Math.max(64, initialSpillBytes + 7) & -8);
    this.spill = viewsOver(this.buf);
    this.viewOn(this.ring, false);
  }

  /** Bytes waiting in the spill now (headers and padding included). */
  get waitingBytes(): number {
    return this.tail - this.head;
  }

  /** Bytes of the spill area now (it grows by doubling, never shrinks). */
  get capacityBytes(): number {
    return this.buf.byteLength;
  }

  /**
   * Reserves a record of `type` with `payloadBytes` of payload and returns the payload's byte
   * offset into `u8/i32/u32/f32/f64` (8-byte aligned). Never refuses: in the ring when it has room
   * and nothing is spilled, else in the spill. Throws TF1002 (the record could never fit the ring)
   * or TF1003 (bad type), like RingWriter.tryReserve. Allocates only when the spill grows.
   */
  reserve(type: number, payloadBytes: number): number {
    this.spillReserved = 0;
    if (this.tail === 0) {
      const off = this.ring.tryReserve(type, payloadBytes);
      if (off >= 0) {
        if (this.viewsOnSpill) this.viewOn(this.ring, false);
        return off;
      }
    } else {
      this.ring.checkRecord(type, payloadBytes);
    }
    return this.reserveInSpill(type, payloadBytes);
  }

  /** Completes the record reserved last (in the ring: visible at the next publish; in the spill: sent by drain). */
  commit(): void {
    const b = this.spillReserved;
    if (b === 0) {
      this.ring.commit();
      return;
    }
    this.spillReserved = 0;
    this.commitSpill(b);
  }

  /**
   * reserve and commit in one call (for fixed-size records): returns the payload offset. Encode the
   * payload through the views before the next call on this writer. Same errors as reserve.
   */
  append(type: number, payloadBytes: number): number {
    const off = this.reserve(type, payloadBytes);
    this.commit();
    return off;
  }

  /** Makes the records committed into the ring visible to the reader (RingWriter.publish). */
  publish(): void {
    this.ring.publish();
  }

  /**
   * Copies spilled records, in order, raw into the ring until it is full, the spill is empty or
   * `maxRecords` were copied, publishes, and returns how many records still wait. Call at the start
   * of each frame (and before a publish that must follow earlier records). Allocates nothing.
   * Abandons a spill reservation that was not committed.
   */
  drain(maxRecords = Infinity): number {
    this.spillReserved = 0;
    if (this.tail === 0) return 0;
    const ring = this.ring;
    const s = this.spill.i32;
    let h = this.head;
    const t = this.tail;
    let n = 0;
    while (h < t && n < maxRecords) {
      const q = h >> 2;
      const len = s[q + RECORD_LENGTH_WORD]!;
      const type = s[q + RECORD_TAG_TYPE_WORD]! & RECORD_TYPE_MASK;
      // Appended (reserved and committed) before the copy: nothing is visible before the publish below.
      const off = ring.tryAppend(type, len);
      if (off < 0) break;
      const words = ((len + RECORD_ALIGN_BYTES - 1) & -RECORD_ALIGN_BYTES) >> 2;
      const d = ring.i32;
      const from = q + 2;
      const to = off >> 2;
      for (let i = 0; i < words; i++) d[to + i] = s[from + i]!;
      h += RECORD_HEADER_BYTES + (words << 2);
      n++;
    }
    this.waitingRecords -= n;
    if (h === t) {
      this.head = this.tail = 0;
      this.waitingRecords = 0;
    } else {
      this.head = h;
    }
    ring.publish();
    return this.waitingRecords;
  }

  /**
   * Drops every spilled record (their consumer is gone, e.g. a restarted worker with a new ring)
   * and returns how many were dropped. The counters keep their totals.
   */
  discard(): number {
    const n = this.waitingRecords;
    this.head = this.tail = 0;
    this.waitingRecords = 0;
    this.spillReserved = 0;
    return n;
  }

  private reserveInSpill(type: number, payloadBytes: number): number {
    const recordBytes = RECORD_HEADER_BYTES + ((payloadBytes + RECORD_ALIGN_BYTES - 1) & -RECORD_ALIGN_BYTES);
    if (this.tail + recordBytes > this.buf.byteLength) this.makeRoom(recordBytes);
    const t = this.tail;
    const q = t >> 2;
    // The padding is copied too; zero the last word first so stale bytes never cross the ring.
    const spill = this.spill;
    spill.f64[(t + recordBytes - RECORD_ALIGN_BYTES) >> 3] = 0;
    spill.i32[q + RECORD_LENGTH_WORD] = payloadBytes;
    spill.i32[q + RECORD_TAG_TYPE_WORD] = TAG_BITS | type;
    this.spillReserved = recordBytes;
    if (!this.viewsOnSpill) this.viewOn(spill, true);
    return t + RECORD_HEADER_BYTES;
  }

  private commitSpill(recordBytes: number): void {
    if (this.tail === 0) this.spillEpisodes++;
    this.tail += recordBytes;
    this.spilledRecords++;
    this.waitingRecords++;
    const held = this.tail - this.head;
    if (held > this.spillHighWaterBytes) this.spillHighWaterBytes = held;
  }

  /**
   * Makes room for `recordBytes` more at the tail: compacts the live records to byte 0 when that
   * frees at least what it moves and is enough, else doubles the buffer until they fit (moving
   * them to byte 0 in the copy). Allocates only when it grows.
   */
  private makeRoom(recordBytes: number): void {
    const head = this.head;
    const live = this.tail - head;
    if (head >= live && live + recordBytes <= this.buf.byteLength) {
      this.spill.u8.copyWithin(0, head, this.tail);
      this.head = 0;
      this.tail = live;
      this.compactions++;
      this.compactedBytes += live;
      return;
    }
    let size = this.buf.byteLength * 2;
    while (size < live + recordBytes) size *= 2;
    const next = new ArrayBuffer(size);
    new Uint8Array(next).set(new Uint8Array(this.buf, head, live));
    this.buf = next;
    this.spill = viewsOver(next);
    this.head = 0;
    this.tail = live;
    if (this.viewsOnSpill) this.viewOn(this.spill, true);
  }

  /** Points the public views at `v` (the ring's or the spill's). Allocates nothing. */
  private viewOn(v: RecordViews, onSpill: boolean): void {
    this.viewsOnSpill = onSpill;
    this.u8 = v.u8;
    this.i32 = v.i32;
    this.u32 = v.u32;
    this.f32 = v.f32;
    this.f64 = v.f64;
  }
}
