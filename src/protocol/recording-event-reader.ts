/**
 * The reading side of the recording event encoding (recording-events.ts writes it; layout in
 * docs/recording-format.md "Events"): a chunk's raw bytes into RecordingEvents, every malformed
 * event a TF2024 naming the chunk and offset. A version-1 file has no bulk or debug events and no
 * INPUT_DELTA records; a version-2 file's frame records go through the stream's InputDeltaCoder; a
 * version-3 file may hold bundle events.
 */
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { PROTOCOL_CODES } from './error-codes.ts';
import type { RecordingEvent } from './recording.ts';
import { EVENT_FIXED_BYTES, EVENT_HEADER_BYTES, EVENT_KIND, INCARNATION_REASONS } from './recording-events.ts';
import type { InputDeltaCoder } from './recording-input-delta.ts';

/** Where an event decode failed: chunk index and the chunk's byte offset in the file. */
export interface EventSite {
  readonly chunk: number;
  readonly chunkOffset: number;
}

const KIND_NAMES = ['', 'frame', 'keyframe', 'incarnation', 'diagnostic', 'bulk', 'debug', 'bundle'] as const;
/** The last event kind byte of each format version (index: the version). */
const LAST_KIND = [0, EVENT_KIND.diagnostic, EVENT_KIND.debug, EVENT_KIND.bundle] as const;
const decoder = new TextDecoder('utf-8', { fatal: false });

function bad(site: EventSite, at: number, what: string, got: unknown): never {
  throw new TwinframeError(
    PROTOCOL_CODES.RECORDING_EVENT_INVALID.code,
    `decodeRecording: chunk ${site.chunk} at byte ${site.chunkOffset}, event at raw offset ${at}: ${what}; got ${String(got)}. The file is damaged or was written by a broken writer; it cannot be read past this chunk.`,
    { chunk: site.chunk, offset: site.chunkOffset, eventOffset: at },
  );
}

/** A cursor over one event body: reads fields, refusing (TF2024) any that runs past the body. */
class BodyCursor {
  p: number;
  constructor(private readonly raw: Uint8Array, private readonly view: DataView, private readonly site: EventSite, private readonly at: number, private readonly end: number) {
    this.p = at + EVENT_HEADER_BYTES;
  }

  fail(what: string, got: unknown): never {
    bad(this.site, this.at, what, got);
  }

  need(bytes: number, what: string): void {
    if (this.p + bytes > this.end) this.fail(`the body is too short for ${what}`, this.end - this.at - EVENT_HEADER_BYTES);
  }

  count(what: string): number {
    this.need(8, what);
    const v = this.view.getFloat64(this.p, true);
    this.p += 8;
    if (!Number.isSafeInteger(v) || v < 0) this.fail(`${what} is not a non-negative integer`, v);
    return v;
  }

  u32(what: string): number {
    this.need(4, what);
    const v = this.view.getUint32(this.p, true);
    this.p += 4;
    return v;
  }

  bytes(what: string): Uint8Array {
    const size = this.u32(`${what} length`);
    this.need(size, what);
    const b = this.raw.slice(this.p, this.p + size);
    this.p += size;
    return b;
  }

  /** True when the body has bytes left (a field a later writer appended, or an optional one). */
  get more(): boolean {
    return this.p < this.end;
  }
}

/**
 * Decodes every event of a chunk's raw bytes into `out`; returns how many. `version` is the file's
 * format version; `input` follows the stream's input state (version 2). Throws TF2024 naming the
 * chunk and offset for any malformed event. Byte arrays in the events are copies.
 */
export function readEvents(raw: Uint8Array, site: EventSite, out: RecordingEvent[], version = 3, input: InputDeltaCoder | null = null): number {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  let at = 0;
  let n = 0;
  const lastKind = LAST_KIND[Math.min(version, LAST_KIND.length - 1)] ?? EVENT_KIND.diagnostic;
  while (at < raw.byteLength) {
    if (raw.byteLength - at < EVENT_HEADER_BYTES) bad(site, at, 'the chunk ends inside an event header', raw.byteLength - at);
    const kind = raw[at]!;
    const len = view.getUint32(at + 1, true);
    const end = at + EVENT_HEADER_BYTES + len;
    if (end > raw.byteLength) bad(site, at, `the event's body length ${len} runs past the chunk end`, raw.byteLength - at - EVENT_HEADER_BYTES);
    if (kind < EVENT_KIND.frame || kind > lastKind) bad(site, at, `unknown event kind (format version ${version})`, kind);
    const name = KIND_NAMES[kind]! as Exclude<(typeof KIND_NAMES)[number], ''>;
    if (len < EVENT_FIXED_BYTES[name]) bad(site, at, `a ${name} event body is too short`, len);
    const c = new BodyCursor(raw, view, site, at, end);
    const frame = c.count('frame');
    let e: RecordingEvent;
    if (kind === EVENT_KIND.diagnostic) {
      c.need(8, 'tick');
      const tick = view.getFloat64(c.p, true);
      c.p += 8;
      if (!Number.isSafeInteger(tick)) c.fail('tick is not an integer', tick);
      const code = decoder.decode(c.bytes('code'));
      const severity = decoder.decode(c.bytes('severity'));
      e = { kind: 'diagnostic', frame, tick, code, severity, message: decoder.decode(c.bytes('message')) };
    } else {
      const incarnation = c.u32('incarnation');
      if (kind === EVENT_KIND.frame) {
        const position = c.count('position');
        const stateHash = c.u32('stateHash');
        const records = c.bytes('records');
        e = { kind: 'frame', frame, incarnation, position, stateHash, records: input === null ? records : input.read(records) };
      } else if (kind === EVENT_KIND.keyframe) {
        const position = c.count('position');
        const entities = c.bytes('entities');
        const cameras = c.bytes('cameras');
        // An empty debug set reads as none (absent), as a version-1 keyframe does.
        const debug = c.more ? c.bytes('debug') : null;
        e = debug !== null && debug.byteLength > 0 ? { kind: 'keyframe', frame, incarnation, position, entities, cameras, debug } : { kind: 'keyframe', frame, incarnation, position, entities, cameras };
      } else if (kind === EVENT_KIND.incarnation) {
        c.need(1, 'reason');
        const r = raw[c.p++]!;
        const reason = INCARNATION_REASONS[r];
        if (reason === undefined) c.fail('the incarnation reason byte is not 0..2', r);
        e = { kind: 'incarnation', frame, incarnation, reason };
      } else if (kind === EVENT_KIND.bulk) {
        const positions = c.bytes('positions');
        if (positions.byteLength % 16 !== 0) c.fail('bulk positions are not 16 bytes per entity', positions.byteLength);
        e = { kind: 'bulk', frame, incarnation, positions };
      } else if (kind === EVENT_KIND.debug) {
        e = { kind: 'debug', frame, incarnation, records: c.bytes('records') };
      } else {
        const hash = decoder.decode(c.bytes('hash'));
        if (!/^[0-9a-f]{64}$/.test(hash)) c.fail('the bundle hash is not 64 hex digits', JSON.stringify(hash.slice(0, 80)));
        const name = decoder.decode(c.bytes('name'));
        if (!/^[^/\\]{1,200}\.(cjs|mjs|js)$/.test(name)) c.fail('the bundle name is not a .cjs, .mjs or .js file name', JSON.stringify(name.slice(0, 80)));
        e = { kind: 'bundle', frame, incarnation, hash, name, bytes: c.bytes('bytes') };
      }
    }
    out.push(e);
    n++;
    at = end;
  }
  return n;
}
