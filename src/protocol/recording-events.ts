/**
 * The byte encoding of recording events inside a chunk (before compression); layout in
 * docs/recording-format.md "Events". Little-endian; every event is `kind u8, bodyLength u32, body`,
 * so a reader finds the next event without knowing the body, and fields appended to a body in a
 * later writer are ignored by this reader.
 */
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { PROTOCOL_CODES } from './error-codes.ts';
import type { DiagnosticEvent, EngineFrameEvent, IncarnationEvent, KeyframeEvent, RecordingEvent } from './recording.ts';

/** Event kind bytes. */
export const EVENT_KIND = { frame: 1, keyframe: 2, incarnation: 3, diagnostic: 4 } as const;
/** Bytes before an event body: kind u8, body length u32. */
export const EVENT_HEADER_BYTES = 5;
const REASONS = ['start', 'restart', 'reload'] as const;
/** Fixed body bytes of each kind (before its variable parts). */
const FRAME_FIXED = 8 + 4 + 8 + 4 + 4;
const KEYFRAME_FIXED = 8 + 4 + 8 + 4 + 4;
const INCARNATION_FIXED = 8 + 4 + 1;
const DIAGNOSTIC_FIXED = 8 + 8 + 4 + 4 + 4;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

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

/**
 * Appends a frame event with the ring bytes `records[start..end)` (copied). The allocation-free
 * path a recorder uses every frame (values checked as for writeEvent).
 */
export function writeFrameEvent(sink: ByteSink, frame: number, incarnation: number, position: number, stateHash: number, records: Uint8Array, start: number, end: number): void {
  checkCount('add', 'frame', frame);
  checkU32('add', 'incarnation', incarnation);
  checkCount('add', 'position', position);
  checkU32('add', 'stateHash', stateHash);
  if (!(records instanceof Uint8Array) || !Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > records.byteLength) {
    refuse('add', 'records must be a Uint8Array and start..end a range inside it', `${start}..${end}`);
  }
  sink.reserve(EVENT_HEADER_BYTES + FRAME_FIXED + (end - start));
  const headerAt = sink.length;
  sink.u8(EVENT_KIND.frame);
  sink.u32(0);
  sink.f64(frame);
  sink.u32(incarnation);
  sink.f64(position);
  sink.u32(stateHash);
  sink.u32(end - start);
  sink.copy(records, start, end);
  closeBody(sink, headerAt);
}

function writeString(sink: ByteSink, s: string): void {
  const b = encoder.encode(s);
  sink.u32(b.byteLength);
  sink.copy(b, 0, b.byteLength);
}

/** Appends any event (checked: a bad value throws TF2025 and writes nothing). */
export function writeEvent(sink: ByteSink, e: RecordingEvent): void {
  if (e === null || typeof e !== 'object') refuse('add', 'an event must be an object', e);
  switch (e.kind) {
    case 'frame': {
      const records = checkBytes('add', 'records', e.records);
      writeFrameEvent(sink, e.frame, e.incarnation, e.position, e.stateHash, records, 0, records.byteLength);
      return;
    }
    case 'keyframe': {
      checkCount('add', 'frame', e.frame);
      checkU32('add', 'incarnation', e.incarnation);
      checkCount('add', 'position', e.position);
      const ent = checkBytes('add', 'entities', e.entities);
      const cam = checkBytes('add', 'cameras', e.cameras);
      const headerAt = sink.length;
      sink.u8(EVENT_KIND.keyframe);
      sink.u32(0);
      sink.f64(e.frame);
      sink.u32(e.incarnation);
      sink.f64(e.position);
      sink.u32(ent.byteLength);
      sink.copy(ent, 0, ent.byteLength);
      sink.u32(cam.byteLength);
      sink.copy(cam, 0, cam.byteLength);
      closeBody(sink, headerAt);
      return;
    }
    case 'incarnation': {
      checkCount('add', 'frame', e.frame);
      checkU32('add', 'incarnation', e.incarnation);
      const reason = REASONS.indexOf(e.reason);
      if (reason < 0) refuse('add', "reason must be 'start', 'restart' or 'reload'", e.reason);
      const headerAt = sink.length;
      sink.u8(EVENT_KIND.incarnation);
      sink.u32(0);
      sink.f64(e.frame);
      sink.u32(e.incarnation);
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
      writeString(sink, e.code);
      writeString(sink, e.severity);
      writeString(sink, e.message);
      closeBody(sink, headerAt);
      return;
    }
    default:
      refuse('add', "kind must be 'frame', 'keyframe', 'incarnation' or 'diagnostic'", (e as { kind?: unknown }).kind);
  }
}

/** Where an event decode failed: chunk index, the chunk's byte offset in the file, the event's offset in the chunk's raw bytes. */
export interface EventSite {
  readonly chunk: number;
  readonly chunkOffset: number;
}

function bad(site: EventSite, at: number, what: string, got: unknown): never {
  throw new TwinframeError(
    PROTOCOL_CODES.RECORDING_EVENT_INVALID.code,
    `decodeRecording: chunk ${site.chunk} at byte ${site.chunkOffset}, event at raw offset ${at}: ${what}; got ${String(got)}. The file is damaged or was written by a broken writer; it cannot be read past this chunk.`,
    { chunk: site.chunk, offset: site.chunkOffset, eventOffset: at },
  );
}

/**
 * Decodes every event of a chunk's raw bytes into `out`; returns how many. Throws TF2024 naming
 * the chunk and offset for any malformed event. Byte arrays in the events are copies.
 */
export function readEvents(raw: Uint8Array, site: EventSite, out: RecordingEvent[]): number {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  let at = 0;
  let n = 0;
  while (at < raw.byteLength) {
    if (raw.byteLength - at < EVENT_HEADER_BYTES) bad(site, at, 'the chunk ends inside an event header', raw.byteLength - at);
    const kind = raw[at]!;
    const len = view.getUint32(at + 1, true);
    const body = at + EVENT_HEADER_BYTES;
    const end = body + len;
    if (end > raw.byteLength) bad(site, at, `the event's body length ${len} runs past the chunk end`, raw.byteLength - body);
    let p = body;
    const need = (bytes: number, what: string): void => {
      if (p + bytes > end) bad(site, at, `the body is too short for ${what}`, len);
    };
    const count = (what: string): number => {
      need(8, what);
      const v = view.getFloat64(p, true);
      p += 8;
      if (!Number.isSafeInteger(v) || v < 0) bad(site, at, `${what} is not a non-negative integer`, v);
      return v;
    };
    const u32 = (what: string): number => {
      need(4, what);
      const v = view.getUint32(p, true);
      p += 4;
      return v;
    };
    const bytes = (what: string): Uint8Array => {
      const size = u32(`${what} length`);
      need(size, what);
      const b = raw.slice(p, p + size);
      p += size;
      return b;
    };
    const str = (what: string): string => decoder.decode(bytes(what));
    let e: RecordingEvent;
    if (kind === EVENT_KIND.frame) {
      if (len < FRAME_FIXED) bad(site, at, 'a frame event body is too short', len);
      const frame = count('frame');
      const incarnation = u32('incarnation');
      const position = count('position');
      const stateHash = u32('stateHash');
      e = { kind: 'frame', frame, incarnation, position, stateHash, records: bytes('records') } satisfies EngineFrameEvent;
    } else if (kind === EVENT_KIND.keyframe) {
      if (len < KEYFRAME_FIXED) bad(site, at, 'a keyframe event body is too short', len);
      const frame = count('frame');
      const incarnation = u32('incarnation');
      const position = count('position');
      const entities = bytes('entities');
      e = { kind: 'keyframe', frame, incarnation, position, entities, cameras: bytes('cameras') } satisfies KeyframeEvent;
    } else if (kind === EVENT_KIND.incarnation) {
      if (len < INCARNATION_FIXED) bad(site, at, 'an incarnation event body is too short', len);
      const frame = count('frame');
      const incarnation = u32('incarnation');
      const r = raw[p++]!;
      const reason = REASONS[r];
      if (reason === undefined) bad(site, at, 'the incarnation reason byte is not 0..2', r);
      e = { kind: 'incarnation', frame, incarnation, reason } satisfies IncarnationEvent;
    } else if (kind === EVENT_KIND.diagnostic) {
      if (len < DIAGNOSTIC_FIXED) bad(site, at, 'a diagnostic event body is too short', len);
      const frame = count('frame');
      need(8, 'tick');
      const tick = view.getFloat64(p, true);
      p += 8;
      if (!Number.isSafeInteger(tick)) bad(site, at, 'tick is not an integer', tick);
      const code = str('code');
      const severity = str('severity');
      e = { kind: 'diagnostic', frame, tick, code, severity, message: str('message') } satisfies DiagnosticEvent;
    } else {
      bad(site, at, 'unknown event kind', kind);
    }
    out.push(e);
    n++;
    at = end;
  }
  return n;
}
