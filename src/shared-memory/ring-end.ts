/**
 * What both ends of a ring share once attached (layout: ring-layout.ts): the control block as
 * Int32 slots, and typed views over the storage (bytes CONTROL_BYTES .. CONTROL_BYTES + capacity)
 * for encoding and decoding in place, made once here, never per record; and the statistics both ends
 * read straight from the control block.
 */
import {
  CONTROL_BYTES, CONTROL_SLOTS, CORRUPT_RESETS_SLOT, FULL_EVENTS_SLOT, HIGH_WATER_SLOT, MAX_RECORDS_SLOT, ringCapacityOf, ringKindOf,
} from './ring-layout.ts';

/** Base of RingWriter and RingReader: validation of the buffer and the shared views. */
export class RingEnd {
  /** Storage size in bytes (a power of two). */
  readonly capacityBytes: number;
  /** The ring's kind number from createRingBuffer (0 = raw); queues check it. */
  readonly kind: number;
  /** Most records in flight (0 = bytes only), from createRingBuffer's options. */
  readonly maxRecords: number;
  /** Storage views; index with a byte offset from tryReserve/tryRead (`i32[off >> 2]`, `f64[off >> 3]`). */
  readonly u8: Uint8Array;
  readonly i32: Int32Array;
  readonly u32: Uint32Array;
  readonly f32: Float32Array;
  readonly f64: Float64Array;
  protected readonly control: Int32Array;
  /** capacityBytes - 1: a free-running index & mask is a storage position. */
  protected readonly mask: number;

  /** Throws TF1004 (naming `api`) when `sab` is not a ring made by createRingBuffer. */
  constructor(api: string, sab: SharedArrayBuffer) {
    const cap = ringCapacityOf(api, sab);
    this.capacityBytes = cap;
    this.mask = cap - 1;
    this.control = new Int32Array(sab, 0, CONTROL_SLOTS);
    this.kind = ringKindOf(sab);
    this.maxRecords = this.control[MAX_RECORDS_SLOT]! | 0;
    this.u8 = new Uint8Array(sab, CONTROL_BYTES, cap);
    this.i32 = new Int32Array(sab, CONTROL_BYTES, cap >> 2);
    this.u32 = new Uint32Array(sab, CONTROL_BYTES, cap >> 2);
    this.f32 = new Float32Array(sab, CONTROL_BYTES, cap >> 2);
    this.f64 = new Float64Array(sab, CONTROL_BYTES, cap >> 3);
  }

  /** tryReserve calls the writer refused for lack of room, mod 2^32 (statistic; can be late). */
  get fullEvents(): number {
    // ORDERING: a statistic of the producer line.
    return Atomics.load(this.control, FULL_EVENTS_SLOT) >>> 0;
  }

  /** Most bytes ever in flight (write index - published read index), measured by the reader (can be late). */
  get highWaterBytes(): number {
    // ORDERING: a statistic of the consumer line.
    return Atomics.load(this.control, HIGH_WATER_SLOT);
  }

  /** Framing resets the reader performed (TF1005), mod 2^32. */
  get corruptResets(): number {
    // ORDERING: a statistic of the consumer line.
    return Atomics.load(this.control, CORRUPT_RESETS_SLOT) >>> 0;
  }
}
