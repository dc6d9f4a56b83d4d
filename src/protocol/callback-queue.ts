/**
 * The CallbackQueue (engine -> logic): `{callbackId, resultId, type, code, message}` records over
 * the SPSC ring, the seed's API in TypeScript naming. One record per callback (ring type 1):
 *
 * ```
 *  payload  +0 u32 callbackId   +4 u32 type (CALLBACK_TYPES)   +8 f64 resultId
 *           +16 u32 code: the number of the refusal's TFnnnn code (0 = success)   +20 u32 0
 *           +24 message, UTF-8, (payload length - 24) bytes; none on success
 * ```
 * The code travels as data (a number), never inside the message text. A success record is 32
 * bytes and decodes to the constants '' (no allocation). A message longer than the queue's
 * maxMessageBytes is cut and ends with TRUNCATION_MARKER; decoding one allocates its strings
 * (error path only). The queue holds at most `capacityCallbacks` records (enqueue returns false
 * for the next one: backpressure; the engine's CallbackOutbox writes through a SpillingRingWriter
 * instead, which keeps them in order); the ring is sized so that many records always fit, even
 * with maximal messages. `encodeCallback` is the one encoder both paths use.
 */
import { RingWriter } from '../shared-memory/ring-writer.ts';
import { RingReader } from '../shared-memory/ring-reader.ts';
import type { RecordViews } from '../shared-memory/ring-spill.ts';
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
  /**
   * A sound playback ended by itself (ProtogameJS3D `audio`): `resultId` is its playback id,
   * `callbackId` 0. Consumed by the host's audio native (`isPlaying`), never shown to scripts.
   */
  SOUND_ENDED: 4,
} as const;
/** One callback type value. */
export type CallbackType = (typeof CALLBACK_TYPES)[keyof typeof CALLBACK_TYPES];
/** Name of each callback type, indexed by its value. */
export const CALLBACK_TYPE_NAMES: readonly string[] = ['ENTITY_CREATED', 'CAMERA_CREATED', 'RESOURCE_LOADED', 'GENERIC', 'SOUND_ENDED'];

/** Ring record type of a callback. */
export const CALLBACK_RECORD_TYPE = 1;
/** Payload bytes before the message. */
export const CALLBACK_FIXED_BYTES = 24;
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

/** The number of a `TFnnnn` code (what a callback record carries), 0 for '' or anything else. Allocates nothing. */
export function codeNumberOf(code: string): number {
  if (code.length !== 6 || code.charCodeAt(0) !== 84 || code.charCodeAt(1) !== 70) return 0;
  let n = 0;
  for (let i = 2; i < 6; i++) {
    const d = code.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return 0;
    n = n * 10 + d;
  }
  return n;
}

/** The `TFnnnn` code of a code number from a callback record ('' for 0). Allocates for non-zero. */
export function codeOfNumber(n: number): string {
  return n === 0 ? '' : `TF${String(n).padStart(4, '0')}`;
}

/** Payload bytes of a callback record with `message` (cut to `maxMessageBytes`). Allocates nothing. */
export function callbackPayloadBytes(message: string, maxMessageBytes: number): number {
  return CALLBACK_FIXED_BYTES + (message.length === 0 ? 0 : utf8EncodedLength(message, maxMessageBytes));
}

/**
 * Encodes one callback record's payload at byte `off` of `v` (a RingWriter or a SpillingRingWriter
 * after reserving `callbackPayloadBytes(message, maxMessageBytes)`). `code` is the refusal's
 * TFnnnn code ('' on success). Allocates nothing.
 */
export function encodeCallback(
  v: RecordViews, off: number, callbackId: number, resultId: number, type: number, code: string, message: string, maxMessageBytes: number,
): void {
  const q = off >> 2;
  v.u32[q] = callbackId;
  v.u32[q + 1] = type;
  v.f64[(off >> 3) + 1] = resultId;
  v.u32[q + 4] = codeNumberOf(code);
  v.u32[q + 5] = 0;
  if (message.length !== 0) encodeUtf8Into(message, v.u8, off + CALLBACK_FIXED_BYTES, maxMessageBytes);
}

/** Receives dequeued callbacks. `code` and `message` are '' on success. */
export interface CallbackProcessor {
  /** `code` is the refusal's TFnnnn code and `message` its text (never prefixed with the code); both '' on success. */
  onCallback(callbackId: number, resultId: number, type: number, code: string, message: string): void;
  /** A malformed record was skipped: TF2003 (bad type or length) or TF1005 (framing; queue reset). */
  onMalformed?(code: string, type: number, length: number): void;
}

/** What both ends of a callback queue share: the ring end, its limits and its counters (all can be late). */
abstract class CallbackQueueEnd<R extends RingWriter | RingReader> {
  /** The underlying ring end. */
  readonly ring: R;
  /** Most callbacks in flight. */
  readonly capacity: number;
  /** Longest error message in UTF-8 bytes. */
  readonly maxMessageBytes: number;

  /** Throws TF2006 (as `api`) when the ring was not made by createCallbackQueueBuffer. */
  protected constructor(ring: R, sab: SharedArrayBuffer, api: string) {
    this.ring = ring;
    checkQueueKind(api, ring.kind, QUEUE_KINDS.CALLBACKS, 'createCallbackQueueBuffer');
    this.capacity = ring.maxRecords;
    this.maxMessageBytes = ringParamOf(sab);
  }

  /** Callbacks enqueued and not yet dequeued (can be late). */
  approximateSize(): number {
    return this.ring.approximateSizeRecords;
  }
  /** True when nothing is in flight (can be late). */
  isEmpty(): boolean {
    return this.approximateSize() === 0;
  }
  /** True when the queue is at capacity: the next enqueue would be refused (can be late). */
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

/** Producer end (engine thread). Throws TF1004/TF2006 for a buffer that is not a callback queue. */
export class CallbackWriter extends CallbackQueueEnd<RingWriter> {
  constructor(sab: SharedArrayBuffer) {
    super(new RingWriter(sab), sab, 'CallbackWriter.constructor');
  }

  /**
   * Enqueues one callback and publishes it at once: `code` and `message` are the refusal's code
   * (TFnnnn) and text, both '' on success. Returns false when the queue is full (nothing written;
   * keep it and retry next frame). Allocates nothing; never throws.
   */
  enqueue(callbackId: number, resultId: number, type: number, code = '', message = ''): boolean {
    const ring = this.ring;
    const off = ring.tryReserve(CALLBACK_RECORD_TYPE, callbackPayloadBytes(message, this.maxMessageBytes));
    if (off < 0) return false;
    encodeCallback(ring, off, callbackId, resultId, type, code, message, this.maxMessageBytes);
    ring.commit();
    ring.publish();
    return true;
  }
}

const CODE_RECORD = PROTOCOL_CODES.CALLBACK_RECORD_INVALID.code;
const CODE_FRAMING = SHARED_MEMORY_CODES.RING_FRAMING_CORRUPT.code;

/** Consumer end (logic thread). Throws TF1004/TF2006 for a buffer that is not a callback queue. */
export class CallbackReader extends CallbackQueueEnd<RingReader> {
  /** Records skipped as malformed (TF2003) or lost to a framing reset (TF1005). */
  malformedRecords = 0;
  /**
   * Sees each valid record's payload raw, before it is released and delivered (the logic's
   * recorder: CALLBACK_FACTS); null: no copy. Copy the bytes before returning; must not allocate.
   */
  tap: ((u8: Uint8Array, payloadOffset: number, payloadBytes: number) => void) | null = null;

  constructor(sab: SharedArrayBuffer) {
    super(new RingReader(sab), sab, 'CallbackReader.constructor');
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
      if (t !== CALLBACK_RECORD_TYPE || msgBytes < 0 || msgBytes > this.maxMessageBytes || type >= CALLBACK_TYPE_NAMES.length || ring.u32[q + 4]! > 9999) {
        ring.release();
        this.malformed(processor, CODE_RECORD, t === CALLBACK_RECORD_TYPE ? type : t, len);
        continue;
      }
      const callbackId = ring.u32[q]!;
      const resultId = ring.f64[(off >> 3) + 1]!;
      const code = codeOfNumber(ring.u32[q + 4]!);
      const message = decodeUtf8(ring.u8, off + CALLBACK_FIXED_BYTES, msgBytes);
      if (this.tap !== null) this.tap(ring.u8, off, len);
      ring.release();
      done++;
      processor.onCallback(callbackId, resultId, type, code, message);
    }
    ring.flush();
    return done;
  }

  private malformed(processor: CallbackProcessor, code: string, type: number, length: number): void {
    this.malformedRecords++;
    processor.onMalformed?.(code, type, length);
  }
}
