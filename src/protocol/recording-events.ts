/**
 * The byte encoding of recording events inside a chunk (before compression), the writing side;
 * layout in docs/recording-format.md "Events" (the reading side: recording-event-reader.ts).
 * Little-endian; every event is `kind u8, bodyLength u32, body`, so a reader finds the next event
 * without knowing the body, and fields appended to a body in a later writer are ignored by a reader.
 */
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { PROTOCOL_CODES } from './error-codes.ts';
import type { RecordingEvent } from './recording.ts';
import type { InputDeltaCoder } from './recording-input-delta.ts';

/** Event kind bytes (bulk and debug: format version 2; bundle: 3). */
export const EVENT_KIND = { frame: 1, keyframe: 2, incarnation: 3, diagnostic: 4, bulk: 5, debug: 6, bundle: 7 } as const;
/** Bytes before an event body: kind u8, body length u32. */
export const EVENT_HEADER_BYTES = 5;
export const INCARNATION_REASONS = ['start', 'restart', 'reload'] as const;
/** Fixed body bytes of each kind (before its variable parts). */
export const EVENT_FIXED_BYTES = {
  frame: 8 + 4 + 8 + 4 + 4, keyframe: 8 + 4 + 8 + 4 + 4, incarnation: 8 + 4 + 1, diagnostic: 8 + 8 + 4 + 4 + 4, bulk: 8 + 4 + 4, debug: 8 + 4 + 4, bundle: 8 + 4 + 4 + 4 + 4,
} as const;

const encoder = new TextEncoder();

/** A growable little-endian byte buffer; allocates only when it grows (doubling). */
export class ByteSink {
  bytes: Uint8Array;
  view: DataView;
  length = 0;

  constructor(initial = 64 * 1024) {
    this.bytes = new Uint8Array(initial);
    this.view = new DataView(this.bytes.buffer);
  }

  /** Makes room for `n` more bytes. */
  reserve(n: number): void {
    const need = this.length + n;
    if (need <= this.bytes.byteLength) return;
    let size = this.bytes.byteLength * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): void { this.reserve(1); this.bytes[this.length++] = v; }
  u32(v: number): void { this.reserve(4); this.view.setUint32(this.length, v >>> 0, true); this.length += 4; }
  f64(v: number): void { this.reserve(8); this.view.setFloat64(this.length, v, true); this.length += 8; }
  /** Copies `src[start..end)`. */
  copy(src: Uint8Array, start: number, end: number): void {
    const n = end - start;
    this.reserve(n);
    for (let i = 0; i < n; i++) this.bytes[this.length + i] = src[start + i]!;
    this.length += n;
  }
  /** Empties the sink, keeping its storage. */
  clear(): void { this.length = 0; }
}

function refuse(op: string, what: string, got: unknown, details?: Record<string, unknown>): never {
  throw new TwinframeError(
    PROTOCOL_CODES.RECORDING_INPUT_INVALID.code,
    `RecordingEncoder.${op}: ${what}; got ${typeof got === 'string' ? JSON.stringify(got) : String(got)}. Pass events as recording.ts describes them.`,
    details,
  );
}

function checkCount(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) refuse(op, `${name} must be a non-negative safe integer`, v);
  return v;
}
function checkU32(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffffffff) refuse(op, `${name} must be an integer in 0..2^32-1`, v);
  return v;
}
function checkBytes(op: string, name: string, v: unknown): Uint8Array {
  if (!(v instanceof Uint8Array)) refuse(op, `${name} must be a Uint8Array`, Object.prototype.toString.call(v));
  if (v.byteLength > 0xffffffff) refuse(op, `${name} must be under 4 GiB`, v.byteLength);
  return v;
}

/** Writes `at` as the u32 body length of the event whose header starts at `headerAt`. */
function closeBody(sink: ByteSink, headerAt: number): void {
  sink.view.setUint32(headerAt + 1, sink.length - headerAt - EVENT_HEADER_BYTES, true);
}

/** Opens an event of `kind` whose body starts with frame f64 and incarnation u32; returns its header's offset for closeBody. */
function openEvent(sink: ByteSink, kind: number, frame: number, incarnation: number): number {
  const headerAt = sink.length;
  sink.u8(kind);
  sink.u32(0);
  sink.f64(frame);
  sink.u32(incarnation);
  return headerAt;
}

function checkRange(records: unknown, start: number, end: number): void {
  if (!(records instanceof Uint8Array) || !Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > records.byteLength) {
    refuse('add', 'records must be a Uint8Array and start..end a range inside it', `${start}..${end}`);
  }
}

/**
 * Appends a frame event with the ring bytes `records[start..end)` (copied; with `input`, each
 * INPUT_FACTS delta-coded against the stream's previous one). The allocation-free path a recorder
 * uses every frame (values checked as for writeEvent).
 */
export function writeFrameEvent(sink: ByteSink, frame: number, incarnation: number, position: number, stateHash: number, records: Uint8Array, start: number, end: number, input: InputDeltaCoder | null = null): void {
  checkCount('add', 'frame', frame);
  checkU32('add', 'incarnation', incarnation);
  checkCount('add', 'position', position);
  checkU32('add', 'stateHash', stateHash);
  checkRange(records, start, end);
  sink.reserve(EVENT_HEADER_BYTES + EVENT_FIXED_BYTES.frame + (end - start));
  const headerAt = openEvent(sink, EVENT_KIND.frame, frame, incarnation);
  sink.f64(position);
  sink.u32(stateHash);
  const lengthAt = sink.length;
  sink.u32(0);
  if (input === null) sink.copy(records, start, end);
  else input.write(sink, records, start, end);
  sink.view.setUint32(lengthAt, sink.length - lengthAt - 4, true);
  closeBody(sink, headerAt);
}

/** Appends a `bulk` (positions) or `debug` (records) event with the bytes `bytes[start..end)` (copied). Allocation-free. */
export function writeBytesEvent(sink: ByteSink, kind: 'bulk' | 'debug', frame: number, incarnation: number, bytes: Uint8Array, start: number, end: number): void {
  checkCount('add', 'frame', frame);
  checkU32('add', 'incarnation', incarnation);
  checkRange(bytes, start, end);
  if (kind === 'bulk' && (end - start) % 16 !== 0) refuse('add', 'bulk positions must be 16 bytes per entity', end - start);
  sink.reserve(EVENT_HEADER_BYTES + EVENT_FIXED_BYTES.bulk + (end - start));
  const headerAt = openEvent(sink, EVENT_KIND[kind], frame, incarnation);
  sink.u32(end - start);
  sink.copy(bytes, start, end);
  closeBody(sink, headerAt);
}

function writeBytes(sink: ByteSink, b: Uint8Array): void {
  sink.u32(b.byteLength);
  sink.copy(b, 0, b.byteLength);
}

/** Appends any event (checked: a bad value throws TF2025 and writes nothing). `input`: as for writeFrameEvent. */
export function writeEvent(sink: ByteSink, e: RecordingEvent, input: InputDeltaCoder | null = null): void {
  if (e === null || typeof e !== 'object') refuse('add', 'an event must be an object', e);
  switch (e.kind) {
    case 'frame': {
      const records = checkBytes('add', 'records', e.records);
      writeFrameEvent(sink, e.frame, e.incarnation, e.position, e.stateHash, records, 0, records.byteLength, input);
      return;
    }
    case 'keyframe': {
      checkCount('add', 'frame', e.frame);
      checkU32('add', 'incarnation', e.incarnation);
      checkCount('add', 'position', e.position);
      const ent = checkBytes('add', 'entities', e.entities);
      const cam = checkBytes('add', 'cameras', e.cameras);
      const debug = e.debug === undefined ? new Uint8Array(0) : checkBytes('add', 'debug', e.debug);
      const headerAt = openEvent(sink, EVENT_KIND.keyframe, e.frame, e.incarnation);
      sink.f64(e.position);
      writeBytes(sink, ent);
      writeBytes(sink, cam);
      writeBytes(sink, debug);
      closeBody(sink, headerAt);
      return;
    }
    case 'incarnation': {
      checkCount('add', 'frame', e.frame);
      checkU32('add', 'incarnation', e.incarnation);
      const reason = INCARNATION_REASONS.indexOf(e.reason);
      if (reason < 0) refuse('add', "reason must be 'start', 'restart' or 'reload'", e.reason);
      const headerAt = openEvent(sink, EVENT_KIND.incarnation, e.frame, e.incarnation);
      sink.u8(reason);
      closeBody(sink, headerAt);
      return;
    }
    case 'diagnostic': {
      checkCount('add', 'frame', e.frame);
      if (typeof e.tick !== 'number' || !Number.isSafeInteger(e.tick)) refuse('add', 'tick must be a safe integer (-1 for none)', e.tick);
      for (const k of ['code', 'severity', 'message'] as const) if (typeof e[k] !== 'string') refuse('add', `${k} must be a string`, e[k]);
      const headerAt = sink.length;
      sink.u8(EVENT_KIND.diagnostic);
      sink.u32(0);
      sink.f64(e.frame);
      sink.f64(e.tick);
      writeBytes(sink, encoder.encode(e.code));
      writeBytes(sink, encoder.encode(e.severity));
      writeBytes(sink, encoder.encode(e.message));
      closeBody(sink, headerAt);
      return;
    }
    case 'bulk': {
      const b = checkBytes('add', 'positions', e.positions);
      writeBytesEvent(sink, 'bulk', e.frame, e.incarnation, b, 0, b.byteLength);
      return;
    }
    case 'debug': {
      const b = checkBytes('add', 'records', e.records);
      writeBytesEvent(sink, 'debug', e.frame, e.incarnation, b, 0, b.byteLength);
      return;
    }
    case 'bundle': {
      checkCount('add', 'frame', e.frame);
      checkU32('add', 'incarnation', e.incarnation);
      if (typeof e.hash !== 'string' || !/^[0-9a-f]{64}$/.test(e.hash)) refuse('add', 'hash must be 64 lowercase hex digits (SHA-256)', e.hash);
      if (typeof e.name !== 'string' || !/^[^/\\]{1,200}\.(cjs|mjs|js)$/.test(e.name)) refuse('add', 'name must be a file name ending in .cjs, .mjs or .js', e.name);
      const bytes = checkBytes('add', 'bytes', e.bytes);
      const headerAt = openEvent(sink, EVENT_KIND.bundle, e.frame, e.incarnation);
      writeBytes(sink, encoder.encode(e.hash));
      writeBytes(sink, encoder.encode(e.name));
      writeBytes(sink, bytes);
      closeBody(sink, headerAt);
      return;
    }
    default:
      refuse('add', "kind must be 'frame', 'keyframe', 'incarnation', 'diagnostic', 'bulk', 'debug' or 'bundle'", (e as { kind?: unknown }).kind);
  }
}
