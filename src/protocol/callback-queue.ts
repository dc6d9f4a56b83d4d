/**
 * The CallbackQueue (engine -> logic): `{callbackId, resultId, type, errorMessage}` records over
 * the SPSC ring, the seed's API in TypeScript naming. One record per callback (ring type 1):
 *
 * ```
 *  payload  +0 u32 callbackId   +4 u32 type (CALLBACK_TYPES)   +8 f64 resultId
 *           +16 errorMessage, UTF-8, (payload length - 16) bytes; none = success
 * ```
 * A success record is 24 bytes and decodes to the constant '' (no allocation). An error message
 * longer than the queue's maxMessageBytes is cut and ends with TRUNCATION_MARKER; decoding one
 * allocates its string (error path only). The queue holds at most `capacityCallbacks` records
 * (enqueue returns false for the next one: backpressure, the caller keeps it for the next frame);
 * the ring is sized so that many records always fit, even with maximal messages.
 */
import { RingWriter } from '../shared-memory/ring-writer.ts';
import { RingReader } from '../shared-memory/ring-reader.ts';
import { RING_CORRUPT, createRingBuffer, nextPowerOfTwo, recordBytesFor, ringParamOf } from '../shared-memory/ring-layout.ts';
import { SHARED_MEMORY_CODES } from '../shared-memory/error-codes.ts';
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { PROTOCOL_CODES } from './error-codes.ts';
import { QUEUE_KINDS, checkQueueKind } from './queue-kind.ts';
import { TRUNCATION_MARKER_BYTES, decodeUtf8, encodeUtf8Into, utf8EncodedLength } from './string-codec.ts';

/** Callback types (numeric on the wire). Extend by appending; CALLBACK_TYPE_NAMES follows. */
export const CALLBACK_TYPES = {
  ENTITY_CREATED: 0,
  CAMERA_CREATED: 1,
  RESOURCE_LOADED: 2,
  GENERIC: 3,
} as const;
/** One callback type value. */
export type CallbackType = (typeof CALLBACK_TYPES)[keyof typeof CALLBACK_TYPES];
/** Name of each callback type, indexed by its value. */
export const CALLBACK_TYPE_NAMES: readonly string[] = ['ENTITY_CREATED', 'CAMERA_CREATED', 'RESOURCE_LOADED', 'GENERIC'];

/** Ring record type of a callback. */
export const CALLBACK_RECORD_TYPE = 1;
/** Payload bytes before the message. */
export const CALLBACK_FIXED_BYTES = 16;
/** Default most callbacks in flight (the seed's DEFAULT_CAPACITY). */
export const DEFAULT_CALLBACK_CAPACITY = 100;
/** Default longest error message in UTF-8 bytes (longer ones are truncated with a marker). */
export const DEFAULT_CALLBACK_MESSAGE_BYTES = 256;
const MAX_CALLBACK_CAPACITY = 1 << 16;
const MAX_MESSAGE_BYTES = 1 << 16;

/**
 * Allocates a CallbackQueue ring holding at most `capacityCallbacks` callbacks with error messages
 * of at most `maxMessageBytes` UTF-8 bytes. Allocates; startup only. Throws TF2005 when out of range.
 */
export function createCallbackQueueBuffer(
  capacityCallbacks: number = DEFAULT_CALLBACK_CAPACITY,
  maxMessageBytes: number = DEFAULT_CALLBACK_MESSAGE_BYTES,
): SharedArrayBuffer {
  if (!Number.isInteger(capacityCallbacks) || capacityCallbacks < 1 || capacityCallbacks > MAX_CALLBACK_CAPACITY) {
    throw new TwinframeError(
      PROTOCOL_CODES.QUEUE_CAPACITY_INVALID.code,
      `createCallbackQueueBuffer: capacity out of range; got ${capacityCallbacks}, expected an integer from 1 to ${MAX_CALLBACK_CAPACITY} callbacks. Use ${DEFAULT_CALLBACK_CAPACITY} unless a frame creates more.`,
      { capacityCallbacks },
    );
  }
  if (!Number.isInteger(maxMessageBytes) || maxMessageBytes < TRUNCATION_MARKER_BYTES || maxMessageBytes > MAX_MESSAGE_BYTES) {
    throw new TwinframeError(
      PROTOCOL_CODES.QUEUE_CAPACITY_INVALID.code,
      `createCallbackQueueBuffer: maxMessageBytes out of range; got ${maxMessageBytes}, expected an integer from ${TRUNCATION_MARKER_BYTES} to ${MAX_MESSAGE_BYTES}. Use ${DEFAULT_CALLBACK_MESSAGE_BYTES}.`,
      { maxMessageBytes },
    );
  }
  // N maximal records plus one of padding at the wrap always fit.
  const bytes = Math.max(64, nextPowerOfTwo((capacityCallbacks + 1) * recordBytesFor(CALLBACK_FIXED_BYTES + maxMessageBytes)));
  return createRingBuffer(bytes, { kind: QUEUE_KINDS.CALLBACKS, maxRecords: capacityCallbacks, param: maxMessageBytes });
}

/** Receives dequeued callbacks. errorMessage is '' on success. */
export interface CallbackProcessor {
  onCallback(callbackId: number, resultId: number, type: number, errorMessage: string): void;
  /** A malformed record was skipped: TF2003 (bad type or length) or TF1005 (framing; queue reset). */
  onMalformed?(code: string, type: number, length: number): void;
}

/** Producer end (engine thread). Throws TF1004/TF2006 for a buffer that is not a callback queue. */
export class CallbackWriter {
  /** The underlying ring end. */
  readonly ring: RingWriter;
  /** Most callbacks in flight. */
  readonly capacity: number;
  /** Longest error message in UTF-8 bytes. */
  readonly maxMessageBytes: number;

  constructor(sab: SharedArrayBuffer) {
    this.ring = new RingWriter(sab);
    checkQueueKind('CallbackWriter.constructor', this.ring.kind, QUEUE_KINDS.CALLBACKS, 'createCallbackQueueBuffer');
    this.capacity = this.ring.maxRecords;
    this.maxMessageBytes = ringParamOf(sab);
  }

  /**
   * Enqueues one callback and publishes it at once. Returns false when the queue is full (nothing
   * written; keep it and retry next frame). Allocates nothing; never throws.
   */
  enqueue(callbackId: number, resultId: number, type: number, errorMessage = ''): boolean {
    const ring = this.ring;
    const msgBytes = errorMessage.length === 0 ? 0 : utf8EncodedLength(errorMessage, this.maxMessageBytes);
    const off = ring.tryReserve(CALLBACK_RECORD_TYPE, CALLBACK_FIXED_BYTES + msgBytes);
    if (off < 0) return false;
    const q = off >> 2;
    ring.u32[q] = callbackId;
    ring.u32[q + 1] = type;
    ring.f64[(off >> 3) + 1] = resultId;
    if (msgBytes !== 0) encodeUtf8Into(errorMessage, ring.u8, off + CALLBACK_FIXED_BYTES, this.maxMessageBytes);
    ring.commit();
    ring.publish();
    return true;
  }

  /** Callbacks enqueued and not yet dequeued (can be late). */
  approximateSize(): number {
    return this.ring.approximateSizeRecords;
  }
  /** True when nothing is in flight (can be late). */
  isEmpty(): boolean {
    return this.approximateSize() === 0;
  }
  /** True when the next enqueue would be refused (can be late). */
  isFull(): boolean {
    return this.approximateSize() >= this.capacity;
  }
  get totalEnqueued(): number {
    return this.ring.totalEnqueued;
  }
  get totalDequeued(): number {
    return this.ring.totalDequeued;
  }
}

const CODE_RECORD = PROTOCOL_CODES.CALLBACK_RECORD_INVALID.code;
const CODE_FRAMING = SHARED_MEMORY_CODES.RING_FRAMING_CORRUPT.code;

/** Consumer end (logic thread). Throws TF1004/TF2006 for a buffer that is not a callback queue. */
export class CallbackReader {
  /** The underlying ring end. */
  readonly ring: RingReader;
  /** Most callbacks in flight. */
  readonly capacity: number;
  /** Longest error message in UTF-8 bytes. */
  readonly maxMessageBytes: number;
  /** Records skipped as malformed (TF2003) or lost to a framing reset (TF1005). */
  malformedRecords = 0;

  constructor(sab: SharedArrayBuffer) {
    this.ring = new RingReader(sab);
    checkQueueKind('CallbackReader.constructor', this.ring.kind, QUEUE_KINDS.CALLBACKS, 'createCallbackQueueBuffer');
    this.capacity = this.ring.maxRecords;
    this.maxMessageBytes = ringParamOf(sab);
  }

  /**
   * Calls `processor.onCallback` for each available callback, in order, at most `maxCallbacks`
   * (default: the capacity, so a fast producer cannot keep it looping). Returns how many were
   * delivered. Each record is released before its callback runs. Allocates only for error messages.
   */
  dequeueAll(processor: CallbackProcessor, maxCallbacks: number = this.capacity): number {
    const ring = this.ring;
    let done = 0;
    for (let n = 0; n < maxCallbacks; n++) {
      const t = ring.tryRead();
      if (t < 0) {
        if (t === RING_CORRUPT) this.malformed(processor, CODE_FRAMING, ring.lastCorruptType, ring.lastCorruptLength);
        break;
      }
      const off = ring.offset;
      const len = ring.length;
      const q = off >> 2;
      const type = ring.u32[q + 1]!;
      const msgBytes = len - CALLBACK_FIXED_BYTES;
      if (t !== CALLBACK_RECORD_TYPE || msgBytes < 0 || msgBytes > this.maxMessageBytes || type >= CALLBACK_TYPE_NAMES.length) {
        ring.release();
        this.malformed(processor, CODE_RECORD, t === CALLBACK_RECORD_TYPE ? type : t, len);
        continue;
      }
      const callbackId = ring.u32[q]!;
      const resultId = ring.f64[(off >> 3) + 1]!;
      const message = decodeUtf8(ring.u8, off + CALLBACK_FIXED_BYTES, msgBytes);
      ring.release();
      done++;
      processor.onCallback(callbackId, resultId, type, message);
    }
    ring.flush();
    return done;
  }

  /** Callbacks available and not yet dequeued (can be late). */
  approximateSize(): number {
    return this.ring.approximateSizeRecords;
  }
  /** True when nothing is waiting (can be late). */
  isEmpty(): boolean {
    return this.approximateSize() === 0;
  }
  /** True when the queue is at capacity (can be late). */
  isFull(): boolean {
    return this.approximateSize() >= this.capacity;
  }
  get totalEnqueued(): number {
    return this.ring.totalEnqueued;
  }
  get totalDequeued(): number {
    return this.ring.totalDequeued;
  }

  private malformed(processor: CallbackProcessor, code: string, type: number, length: number): void {
    this.malformedRecords++;
    processor.onMalformed?.(code, type, length);
  }
}
