/**
 * Layout of the SPSC ring: one `SharedArrayBuffer`, a 192-byte control block then the storage.
 *
 * ```
 *  byte 0                    64                   128                  192           192+capacityBytes
 *  +-------------------------+--------------------+--------------------+-------------------------+
 *  | producer line           | consumer line      | constants line     | storage (records)       |
 *  | written by RingWriter   | written by Reader  | written once       | power-of-two bytes      |
 *  +-------------------------+--------------------+--------------------+-------------------------+
 *
 *  control block as Int32 slots (slot = byte / 4):
 *   producer line   0 WRITE_INDEX_SLOT      free-running byte index, published (i32, wraps mod 2^32)
 *                   1 ENQUEUED_SLOT         records published, mod 2^32
 *                   2 FULL_EVENTS_SLOT      tryReserve calls refused for lack of room, mod 2^32
 *                   3 PRODUCER_SLEEPING_SLOT 1 while the writer sleeps in waitForSpace
 *   consumer line  16 READ_INDEX_SLOT       free-running byte index, published (lazily: see ring-reader.ts)
 *                  17 DEQUEUED_SLOT         records released and published, mod 2^32
 *                  18 CONSUMER_SLEEPING_SLOT 1 while the reader sleeps in waitForData(Async)
 *                  19 CORRUPT_RESETS_SLOT   framing resets done by the reader, mod 2^32
 *                  20 HIGH_WATER_SLOT       most bytes ever in flight (write index - published read
 *                                           index), measured by the reader each time it loads the write index
 *   constants      32 MAGIC_SLOT, 33 VERSION_SLOT, 34 CAPACITY_SLOT (bytes), 35 MAX_RECORDS_SLOT (0 = no limit),
 *                  36 KIND_SLOT (what the records are, set by the queue that made the ring; 0 = raw),
 *                  37 PARAM_SLOT (one integer the queue keeps for both ends, e.g. a message limit)
 *
 *  a record in the storage (always 8-byte aligned, never split at the wrap):
 *   +0  i32  payload length in bytes (exact, not rounded)
 *   +4  i32  RECORD_TAG << 16 | type   (type 0..65534; 65535 = padding)
 *   +8  payload, padded with unused bytes to the next multiple of 8
 * ```
 * Invariants: `0 <= write - read <= capacityBytes` (as i32 differences: indices are free-running
 * and wrap mod 2^32, the storage position is `index & (capacityBytes - 1)`); both indices are
 * multiples of 8; a padding record fills the storage from its position to the end and is written
 * only when the next record does not fit before the end; a record is at most half the storage, so
 * it always fits once the ring drains. Each line is written by one side only (no false sharing).
 */
import { TwinframeError } from './twinframe-error.ts';
import { SHARED_MEMORY_CODES } from './error-codes.ts';

/** Bytes of one cache line; producer and consumer fields live on different lines. */
export const CACHE_LINE_BYTES = 64;
/** Bytes of the control block before the storage. */
export const CONTROL_BYTES = 3 * CACHE_LINE_BYTES;
/** Int32 slots in the control block. */
export const CONTROL_SLOTS = CONTROL_BYTES / Int32Array.BYTES_PER_ELEMENT;

/** Producer line (slots 0..15). */
export const WRITE_INDEX_SLOT = 0;
export const ENQUEUED_SLOT = 1;
export const FULL_EVENTS_SLOT = 2;
export const PRODUCER_SLEEPING_SLOT = 3;
/** Consumer line (slots 16..31). */
export const READ_INDEX_SLOT = CACHE_LINE_BYTES / Int32Array.BYTES_PER_ELEMENT;
export const DEQUEUED_SLOT = READ_INDEX_SLOT + 1;
export const CONSUMER_SLEEPING_SLOT = READ_INDEX_SLOT + 2;
export const CORRUPT_RESETS_SLOT = READ_INDEX_SLOT + 3;
export const HIGH_WATER_SLOT = READ_INDEX_SLOT + 4;
/** Constants line (slots 32..47), written once by createRingBuffer. */
export const MAGIC_SLOT = (2 * CACHE_LINE_BYTES) / Int32Array.BYTES_PER_ELEMENT;
export const VERSION_SLOT = MAGIC_SLOT + 1;
export const CAPACITY_SLOT = MAGIC_SLOT + 2;
export const MAX_RECORDS_SLOT = MAGIC_SLOT + 3;
export const KIND_SLOT = MAGIC_SLOT + 4;
export const PARAM_SLOT = MAGIC_SLOT + 5;

/** Marks a buffer as a twinframe ring ("TFRG"). */
export const RING_MAGIC = 0x54465247;
/** Layout version; bumped on any incompatible change. */
export const RING_VERSION = 1;

/** Bytes of a record header (length word + tag/type word). */
export const RECORD_HEADER_BYTES = 8;
/** Records and indices are aligned to this many bytes. */
export const RECORD_ALIGN_BYTES = 8;
/** Int32 word of the header holding the payload length. */
export const RECORD_LENGTH_WORD = 0;
/** Int32 word of the header holding `RECORD_TAG << 16 | type`. */
export const RECORD_TAG_TYPE_WORD = 1;
/** Upper 16 bits of every header's second word ("TF"): catches most garbage at once. */
export const RECORD_TAG = 0x5446;
/** Bits of the type inside the tag/type word. */
export const RECORD_TYPE_MASK = 0xffff;
/** Type of the padding record written at the wrap; never returned by tryRead. */
export const PADDING_TYPE = 0xffff;
/** Largest type a caller may use. */
export const MAX_RECORD_TYPE = 0xfffe;

/** Smallest storage capacity in bytes. */
export const MIN_CAPACITY_BYTES = 64;
/** Largest storage capacity in bytes (indices are i32 differences). */
export const MAX_CAPACITY_BYTES = 2 ** 30;

/** tryRead result: no record is available. */
export const RING_EMPTY = -1;
/** tryRead result: the framing was malformed; every published record was discarded (TF1005). */
export const RING_CORRUPT = -2;

/** Options for {@link createRingBuffer}. */
export interface RingOptions {
  /** Most records in flight at once (0 or absent = limited by bytes only). */
  readonly maxRecords?: number;
  /** What the records are (a queue's kind number, so its ends can check the ring; 0 = raw). */
  readonly kind?: number;
  /** One integer (0 .. 2^31-1) the queue stores for both of its ends (e.g. a message limit). */
  readonly param?: number;
}

/** Bytes a record with `payloadBytes` of payload occupies in the storage (header + padded payload). */
export function recordBytesFor(payloadBytes: number): number {
  return RECORD_HEADER_BYTES + ((payloadBytes + RECORD_ALIGN_BYTES - 1) & -RECORD_ALIGN_BYTES);
}

/** Largest payload a ring of `capacityBytes` accepts: a record is at most half the storage. */
export function maxPayloadBytesFor(capacityBytes: number): number {
  return capacityBytes / 2 - RECORD_HEADER_BYTES;
}

/** Smallest power of two >= n (n >= 1), capped at 2^30. */
export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n && p < MAX_CAPACITY_BYTES) p *= 2;
  return p;
}

/** Total SharedArrayBuffer bytes for a ring of `capacityBytes` of storage. */
export function ringByteLength(capacityBytes: number): number {
  return CONTROL_BYTES + capacityBytes;
}

/** Throws TF1006 when SharedArrayBuffer does not exist here (page not cross-origin isolated). */
export function requireSharedArrayBuffer(api: string): void {
  if (typeof SharedArrayBuffer === 'undefined') {
    throw new TwinframeError(
      SHARED_MEMORY_CODES.SHARED_ARRAY_BUFFER_UNAVAILABLE.code,
      `${api}: SharedArrayBuffer is not available; got typeof SharedArrayBuffer === 'undefined', expected a cross-origin isolated context. ` +
        'Serve the page with "Cross-Origin-Opener-Policy: same-origin" and "Cross-Origin-Embedder-Policy: require-corp".',
    );
  }
}

/**
 * Allocates and initialises the buffer of one ring with `capacityBytes` of storage (a power of two,
 * 64 .. 2^30). Allocates; call at startup, then hand the buffer to both threads, each of which
 * attaches its end with `new RingWriter(sab)` or `new RingReader(sab)`.
 */
export function createRingBuffer(capacityBytes: number, options?: RingOptions): SharedArrayBuffer {
  requireSharedArrayBuffer('createRingBuffer');
  if (
    !Number.isInteger(capacityBytes) ||
    capacityBytes < MIN_CAPACITY_BYTES ||
    capacityBytes > MAX_CAPACITY_BYTES ||
    (capacityBytes & (capacityBytes - 1)) !== 0
  ) {
    const hint = Number.isFinite(capacityBytes) && capacityBytes > 0
      ? `Use ${Math.max(MIN_CAPACITY_BYTES, nextPowerOfTwo(Math.ceil(capacityBytes)))}.`
      : `Use a power of two such as ${MIN_CAPACITY_BYTES * 1024}.`;
    throw new TwinframeError(
      SHARED_MEMORY_CODES.RING_CAPACITY_INVALID.code,
      `createRingBuffer: capacity is not a power of two in range; got ${capacityBytes}, expected a power of two from ${MIN_CAPACITY_BYTES} to ${MAX_CAPACITY_BYTES} bytes. ${hint}`,
      { capacityBytes },
    );
  }
  const maxRecords = options?.maxRecords ?? 0;
  if (!Number.isInteger(maxRecords) || maxRecords < 0 || maxRecords > capacityBytes / RECORD_HEADER_BYTES) {
    throw new TwinframeError(
      SHARED_MEMORY_CODES.RING_OPTIONS_INVALID.code,
      `createRingBuffer: maxRecords is out of range; got ${maxRecords}, expected an integer from 0 (no limit) to ${capacityBytes / RECORD_HEADER_BYTES}. Raise capacityBytes or lower maxRecords.`,
      { maxRecords, capacityBytes },
    );
  }
  const kind = checkOption('kind', options?.kind ?? 0);
  const param = checkOption('param', options?.param ?? 0);
  const sab = new SharedArrayBuffer(ringByteLength(capacityBytes));
  const control = new Int32Array(sab, 0, CONTROL_SLOTS);
  control[MAGIC_SLOT] = RING_MAGIC;
  control[VERSION_SLOT] = RING_VERSION;
  control[CAPACITY_SLOT] = capacityBytes;
  control[MAX_RECORDS_SLOT] = maxRecords;
  control[KIND_SLOT] = kind;
  control[PARAM_SLOT] = param;
  return sab;
}

function checkOption(name: string, v: number): number {
  if (Number.isInteger(v) && v >= 0 && v <= 0x7fffffff) return v;
  throw new TwinframeError(
    SHARED_MEMORY_CODES.RING_OPTIONS_INVALID.code,
    `createRingBuffer: ${name} is out of range; got ${v}, expected an integer from 0 to 2^31-1. Pass a small non-negative integer.`,
    { [name]: v },
  );
}

/** The kind number a ring was created with (0 = raw). Call after ringCapacityOf has validated `sab`. */
export function ringKindOf(sab: SharedArrayBuffer): number {
  return new Int32Array(sab, 0, CONTROL_SLOTS)[KIND_SLOT]!;
}

/** The queue parameter a ring was created with (0 when none). Call after ringCapacityOf. */
export function ringParamOf(sab: SharedArrayBuffer): number {
  return new Int32Array(sab, 0, CONTROL_SLOTS)[PARAM_SLOT]!;
}

/**
 * Checks that `sab` is a ring made by createRingBuffer and returns its storage capacity in bytes.
 * Throws TF1004 otherwise. Setup only (both RingWriter and RingReader call it).
 */
export function ringCapacityOf(api: string, sab: SharedArrayBuffer): number {
  requireSharedArrayBuffer(api);
  if (!(sab instanceof SharedArrayBuffer) || sab.byteLength < CONTROL_BYTES + MIN_CAPACITY_BYTES) {
    throw new TwinframeError(
      SHARED_MEMORY_CODES.RING_BUFFER_INVALID.code,
      `${api}: the buffer is not a ring; got ${describe(sab)}, expected a SharedArrayBuffer from createRingBuffer. Allocate it with createRingBuffer(capacityBytes) and pass that buffer to both threads.`,
    );
  }
  const control = new Int32Array(sab, 0, CONTROL_SLOTS);
  const capacityBytes = control[CAPACITY_SLOT]!;
  if (control[MAGIC_SLOT] !== RING_MAGIC || control[VERSION_SLOT] !== RING_VERSION || sab.byteLength !== ringByteLength(capacityBytes)) {
    throw new TwinframeError(
      SHARED_MEMORY_CODES.RING_BUFFER_INVALID.code,
      `${api}: the buffer is not a version-${RING_VERSION} ring; got magic 0x${(control[MAGIC_SLOT]! >>> 0).toString(16)}, version ${control[VERSION_SLOT]}, ${sab.byteLength} bytes, expected magic 0x${RING_MAGIC.toString(16)} and ${CONTROL_BYTES} + capacity bytes. Allocate it with createRingBuffer(capacityBytes).`,
    );
  }
  return capacityBytes;
}

function describe(v: unknown): string {
  if (v instanceof ArrayBuffer) return `an ArrayBuffer (not shared) of ${v.byteLength} bytes`;
  if (v instanceof SharedArrayBuffer) return `a SharedArrayBuffer of ${v.byteLength} bytes`;
  return v === null ? 'null' : typeof v;
}
