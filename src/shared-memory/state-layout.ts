/**
 * Layout of a StateBuffer: one `SharedArrayBuffer` holding three published copies of the state
 * (a triple buffer) and the engine's working copy, all of the same schema.
 *
 * ```
 *  word 0          16            32          32+R         32+2R        32+3R        32+4R
 *  +---------------+-------------+-----------+------------+------------+------------+
 *  | constants     | hand-off    | buffer 0  | buffer 1   | buffer 2   | working    |
 *  | written once  | MIDDLE word | published copies, owned by one side at a time | engine only |
 *  +---------------+-------------+-----------+------------+------------+------------+
 *  R = REGION_HEADER_WORDS + capacity * strideWords (words)
 *
 *  constants  0 MAGIC, 1 VERSION, 2 CAPACITY (records), 3 STRIDE (words), 4 SCHEMA_HASH
 *  hand-off  16 MIDDLE: index (0..2) of the buffer in the middle | FRESH_BIT when it holds a
 *               publish the reader has not taken yet. Touched only with Atomics.exchange / load.
 *  region     0 SEQ (publish number, 0 = never published), 1 ENGINE_FRAME, 2 LOGIC_TICK,
 *             3 LIVE (live records), 4 HIGH (slots 0..HIGH-1 may be live), then `capacity` records
 *             of `strideWords` words; record word 0 is the id (0 = free slot).
 * ```
 *
 * Ownership (the concurrency argument; no lock, no seqlock): at any instant each of the three
 * buffers is owned by exactly one party: the writer's back buffer, the middle (owned by nobody,
 * named by MIDDLE), or the reader's front. A party reads or writes only a buffer it owns. Ownership
 * moves only through `Atomics.exchange` on MIDDLE: the writer swaps its fully written back buffer
 * in (with FRESH_BIT), the reader swaps its old front in (without it) to take a fresh buffer.
 * Both exchanges are sequentially consistent read-modify-writes on the same word, and each one
 * reads the value the other side's last exchange wrote, so in the JavaScript memory model every
 * plain write the writer made to a buffer happens-before every plain read the reader makes of it
 * after taking it, and every read the reader made of a buffer happens-before the writer's next
 * writes to it. No plain access ever races, so no record can be torn. The engine's working copy is
 * never read by the worker. Neither side ever waits: a swap is one instruction.
 */
import { allocateCopyableBuffer } from './shared-copy.ts';
import { TwinframeError } from './twinframe-error.ts';
import { SHARED_MEMORY_CODES } from './error-codes.ts';
import { ID_WORD, type StateSchema } from './state-schema.ts';

/** Identifies a state buffer ("TFSB"). */
export const STATE_MAGIC = 0x54465342;
export const STATE_VERSION = 1;

export const MAGIC_WORD = 0;
export const VERSION_WORD = 1;
export const CAPACITY_WORD = 2;
export const STRIDE_WORD = 3;
export const SCHEMA_HASH_WORD = 4;
/** The hand-off word, on its own 64-byte line. */
export const MIDDLE_WORD = 16;
/** Set in MIDDLE when the middle buffer holds a publish the reader has not taken. */
export const FRESH_BIT = 4;
/** Mask of the buffer index in MIDDLE. */
export const INDEX_MASK = 3;
/** Words before the first region. */
export const PREAMBLE_WORDS = 32;

/** Region header words. */
export const SEQ_WORD = 0;
export const ENGINE_FRAME_WORD = 1;
export const LOGIC_TICK_WORD = 2;
export const LIVE_WORD = 3;
export const HIGH_WORD = 4;
/** Words of a region header (one 64-byte line, so records start line-aligned). */
export const REGION_HEADER_WORDS = 16;

/** Index of the engine's working copy among the regions (the three published buffers are 0..2). */
export const WORKING_REGION = 3;
/** Most records a state buffer holds (the id format has 20 index bits). */
export const MAX_STATE_CAPACITY = 1 << 20;
/** The index bits of an id: its slot. */
export const ID_MASK = MAX_STATE_CAPACITY - 1;

/**
 * Slot of `id` when the region at word `base` holds it live, else -1 (the one lookup of the
 * writer's working copy and the reader's snapshot). Allocates nothing.
 */
export function liveSlotOf(i32: Int32Array, base: number, strideWords: number, capacity: number, id: number): number {
  const slot = id & ID_MASK;
  if (id <= 0 || slot >= capacity) return -1;
  return i32[base + slot * strideWords + ID_WORD] === id ? slot : -1;
}

/** Words of one region of a buffer with this capacity and stride. */
export function regionWords(capacity: number, strideWords: number): number {
  return REGION_HEADER_WORDS + capacity * strideWords;
}

/** Word offset of region `region` (0..3). */
export function regionBase(region: number, capacity: number, strideWords: number): number {
  return PREAMBLE_WORDS + region * regionWords(capacity, strideWords);
}

/**
 * Allocates a state buffer for `capacity` records of `schema`. Buffers 0..2 start empty (every
 * slot free, SEQ 0), buffer 1 in the middle. Throws TF1009 for a capacity outside 1..2^20.
 * `copyable`: allocate it so that its writer, on this thread, copies it at memcpy speed
 * (shared-copy.ts; its byteLength is then rounded up to 64 KiB): for buffers whose full publish matters.
 */
export function createStateBuffer(schema: StateSchema, capacity: number, copyable = false): SharedArrayBuffer {
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > MAX_STATE_CAPACITY) {
    throw new TwinframeError(
      SHARED_MEMORY_CODES.STATE_BUFFER_INVALID.code,
      `createStateBuffer(${schema.name}): capacity must be an integer in 1..${MAX_STATE_CAPACITY}; got ${String(capacity)}. Pass the most records that may be live at once.`,
    );
  }
  const words = PREAMBLE_WORDS + 4 * regionWords(capacity, schema.strideWords);
  const sab = copyable ? allocateCopyableBuffer(words * 4) : new SharedArrayBuffer(words * 4);
  const i32 = new Int32Array(sab);
  i32[MAGIC_WORD] = STATE_MAGIC;
  i32[VERSION_WORD] = STATE_VERSION;
  i32[CAPACITY_WORD] = capacity;
  i32[STRIDE_WORD] = schema.strideWords;
  i32[SCHEMA_HASH_WORD] = schema.hash;
  // ORDERING: initial value before the buffer is shared (postMessage publishes it); no race yet.
  Atomics.store(i32, MIDDLE_WORD, 1);
  return sab;
}

/** Checks that `sab` is a state buffer of `schema`; returns its capacity. Throws TF1009 otherwise. */
export function checkStateBuffer(where: string, sab: SharedArrayBuffer, schema: StateSchema): number {
  const ok = sab instanceof SharedArrayBuffer && sab.byteLength >= PREAMBLE_WORDS * 4;
  const i32 = ok ? new Int32Array(sab, 0, PREAMBLE_WORDS) : undefined;
  if (i32 === undefined || i32[MAGIC_WORD] !== STATE_MAGIC || i32[VERSION_WORD] !== STATE_VERSION) {
    throw new TwinframeError(
      SHARED_MEMORY_CODES.STATE_BUFFER_INVALID.code,
      `${where}: the buffer is not a state buffer (bad magic or version). Allocate it with createStateBuffer(schema, capacity).`,
    );
  }
  if (i32[SCHEMA_HASH_WORD] !== schema.hash || i32[STRIDE_WORD] !== schema.strideWords) {
    throw new TwinframeError(
      SHARED_MEMORY_CODES.STATE_BUFFER_INVALID.code,
      `${where}: the buffer was made for another schema (hash ${i32[SCHEMA_HASH_WORD]}, stride ${i32[STRIDE_WORD]}); expected ${schema.name} (hash ${schema.hash}, stride ${schema.strideWords}). Use the same schema on both threads.`,
    );
  }
  const capacity = i32[CAPACITY_WORD]!;
  if (sab.byteLength < (PREAMBLE_WORDS + 4 * regionWords(capacity, schema.strideWords)) * 4) {
    throw new TwinframeError(
      SHARED_MEMORY_CODES.STATE_BUFFER_INVALID.code,
      `${where}: the buffer is ${sab.byteLength} bytes, too small for ${capacity} records of ${schema.name}. Allocate it with createStateBuffer.`,
    );
  }
  return capacity;
}

/**
 * What both ends of a StateBuffer hold: the checked buffer's shape and whole-buffer views.
 * StateReader and StateWriter extend it, so the check and the views are made in one place.
 */
export abstract class StateBufferEnd {
  readonly schema: StateSchema;
  readonly capacity: number;
  readonly strideWords: number;
  /** Views of the whole buffer. */
  readonly i32: Int32Array;
  readonly u32: Uint32Array;
  readonly f32: Float32Array;
  /** Words one region (header and `capacity` records) takes. */
  protected readonly regionWords: number;

  /** Checks `sab` against `schema` (TF errors name `where`) and makes the views. */
  protected constructor(where: string, sab: SharedArrayBuffer, schema: StateSchema) {
    this.capacity = checkStateBuffer(where, sab, schema);
    this.schema = schema;
    this.strideWords = schema.strideWords;
    this.i32 = new Int32Array(sab);
    this.u32 = new Uint32Array(sab);
    this.f32 = new Float32Array(sab);
    this.regionWords = regionWords(this.capacity, this.strideWords);
  }
}

/** Records among the first `records` that differ between the regions whose records start at words `a` and `b` (debug comparison). */
export function countDifferingRecords(i32: Int32Array, a: number, b: number, records: number, strideWords: number): number {
  let differing = 0;
  for (let slot = 0; slot < records; slot++) {
    const x = a + slot * strideWords;
    const y = b + slot * strideWords;
    for (let k = 0; k < strideWords; k++) {
      if (i32[x + k] !== i32[y + k]) {
        differing++;
        break;
      }
    }
  }
  return differing;
}
