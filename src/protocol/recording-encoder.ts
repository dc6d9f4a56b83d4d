/**
 * RecordingEncoder: header and events in, whole file pieces out, incrementally. `preamble` is the
 * file's first bytes; events collect in a pending chunk that is sealed after `chunkFrames` frame
 * events or `chunkBytes` raw bytes (about one second at 60 frames/s, or 256 KiB), compressed with
 * the platform's CompressionStream, framed (length-prefixed, CRC-32) and handed out in order.
 * A writer appends `preamble`, then each chunk as it comes, then `finish()`'s bytes: a crash
 * between appends leaves a file that decodeRecording reads up to its last whole chunk.
 *
 * Per-frame cost: `addFrame` copies the frame's ring bytes into the pending chunk and allocates
 * nothing (except when the pending buffer grows); sealing a chunk (about once a second) allocates
 * the chunk's bytes and the compression stream.
 */
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { PROTOCOL_CODES } from './error-codes.ts';
import { crc32 } from './crc32.ts';
import { RECORDING_FORMAT_VERSION, type RecordingEvent, type RecordingHeader } from './recording.ts';
import { recordingHeaderProblem } from './recording-header.ts';
import { ByteSink, writeBytesEvent, writeEvent, writeFrameEvent } from './recording-events.ts';
import { InputDeltaCoder } from './recording-input-delta.ts';
import { CHUNK_METHOD, compressChunk, concatBytes, hasCompressionStreams, type ChunkMethodName } from './recording-compression.ts';
import {
  CHUNK_FIELD, CHUNK_FRAME_BYTES, CHUNK_MARKER, END_MARKER,
  MAX_CHUNK_RAW_BYTES, MAX_HEADER_BYTES, PREAMBLE_BYTES, RECORDING_MAGIC,
} from './recording-layout.ts';

const CF = CHUNK_FIELD;

/** Options of RecordingEncoder. */
export interface RecordingEncoderOptions {
  /** Seal a chunk after this many frame events (default 60: about one second). */
  readonly chunkFrames?: number;
  /** Seal a chunk once its raw events reach this many bytes (default 256 KiB). */
  readonly chunkBytes?: number;
  /** Payload compression (default 'deflate-raw'; 'stored' when the platform has no CompressionStream). */
  readonly compression?: ChunkMethodName;
  /** Called with each finished chunk frame, in file order (also returned by drain()). */
  readonly onChunk?: (chunk: Uint8Array) => void;
}

const DEFAULT_CHUNK_FRAMES = 60;
const DEFAULT_CHUNK_BYTES = 256 * 1024;

function inputError(op: string, what: string, got: unknown): TwinframeError {
  return new TwinframeError(
    PROTOCOL_CODES.RECORDING_INPUT_INVALID.code,
    `RecordingEncoder.${op}: ${what}; got ${String(got)}. ${op === 'constructor' ? 'Pass a RecordingHeader as recording.ts describes it.' : 'Create a new encoder for a new file.'}`,
  );
}

/** The file's first bytes for `header` (magic, version, header JSON and its CRC). Throws TF2025 for a bad header. */
export function encodeRecordingPreamble(header: RecordingHeader): Uint8Array {
  const problem = recordingHeaderProblem(header);
  if (problem !== null) throw inputError('constructor', `the header is invalid: ${problem}`, 'a header');
  if (header.formatVersion !== RECORDING_FORMAT_VERSION) throw inputError('constructor', `formatVersion must be ${RECORDING_FORMAT_VERSION} (this writer's)`, header.formatVersion);
  const json = new TextEncoder().encode(JSON.stringify(header));
  if (json.byteLength > MAX_HEADER_BYTES) throw inputError('constructor', `the header JSON must be under ${MAX_HEADER_BYTES} bytes`, json.byteLength);
  const out = new Uint8Array(PREAMBLE_BYTES + json.byteLength);
  const view = new DataView(out.buffer);
  out.set(RECORDING_MAGIC, 0);
  view.setUint32(8, RECORDING_FORMAT_VERSION, true);
  view.setUint32(12, json.byteLength, true);
  out.set(json, PREAMBLE_BYTES);
  view.setUint32(16, crc32(out, PREAMBLE_BYTES, out.byteLength, crc32(out, 8, 16)), true);
  return out;
}

/** A chunk or end frame around `payload`. */
function frameChunk(marker: number, method: number, payload: Uint8Array, rawLength: number, events: number): Uint8Array {
  const out = new Uint8Array(CHUNK_FRAME_BYTES + payload.byteLength);
  const view = new DataView(out.buffer);
  view.setUint32(CF.marker, marker, true);
  out[CF.method] = method;
  view.setUint32(CF.stored, payload.byteLength, true);
  view.setUint32(CF.raw, rawLength, true);
  view.setUint32(CF.events, events, true);
  view.setUint32(CF.frameCrc, crc32(out, 0, CF.frameCrc), true);
  view.setUint32(CF.payloadCrc, crc32(payload), true);
  out.set(payload, CHUNK_FRAME_BYTES);
  return out;
}

/** Writes a recording incrementally (see the module comment). */
export class RecordingEncoder {
  /** The file's first bytes: write them before any chunk. */
  readonly preamble: Uint8Array;
  readonly header: RecordingHeader;
  /** Chunks sealed so far (compressed or not yet). */
  chunksSealed = 0;
  /** Events added so far. */
  eventsAdded = 0;

  private readonly chunkFrames: number;
  private readonly chunkBytes: number;
  private readonly method: ChunkMethodName;
  private readonly onChunk: ((chunk: Uint8Array) => void) | undefined;
  private readonly pending = new ByteSink();
  /** The stream's input state: INPUT_FACTS go into the file delta-coded (format version 2). */
  private readonly input = new InputDeltaCoder();
  private pendingEvents = 0;
  private pendingFrames = 0;
  private ready: Uint8Array[] = [];
  private tail: Promise<void> = Promise.resolve();
  private failure: unknown = undefined;
  private finished = false;

  /** Throws TF2025 for a bad header or options. */
  constructor(header: RecordingHeader, options: RecordingEncoderOptions = {}) {
    this.preamble = encodeRecordingPreamble(header);
    this.header = header;
    this.chunkFrames = options.chunkFrames ?? DEFAULT_CHUNK_FRAMES;
    this.chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    if (!Number.isInteger(this.chunkFrames) || this.chunkFrames < 1) throw inputError('constructor', 'chunkFrames must be a positive integer', this.chunkFrames);
    if (!Number.isInteger(this.chunkBytes) || this.chunkBytes < 1 || this.chunkBytes > MAX_CHUNK_RAW_BYTES / 2) {
      throw inputError('constructor', `chunkBytes must be an integer in 1..${MAX_CHUNK_RAW_BYTES / 2}`, this.chunkBytes);
    }
    const wanted = options.compression ?? 'deflate-raw';
    if (!(wanted in CHUNK_METHOD)) throw inputError('constructor', "compression must be 'deflate-raw', 'gzip' or 'stored'", wanted);
    this.method = wanted !== 'stored' && !hasCompressionStreams() ? 'stored' : wanted;
    this.onChunk = options.onChunk;
  }

  /** Adds one event (bytes are copied now; the caller may reuse them). Throws TF2025 for a bad event or after finish(). */
  add(event: RecordingEvent): void {
    const at = this.begin('add');
    try {
      writeEvent(this.pending, event, this.input);
    } catch (e) {
      this.rollBack(at);
      throw e;
    }
    this.end(at, event.kind === 'frame');
  }

  /**
   * Adds a frame event whose ring bytes are `records[start..end)`, without making an event object:
   * the allocation-free path for a recorder's every frame. Throws TF2025 like add().
   */
  addFrame(frame: number, incarnation: number, position: number, stateHash: number, records: Uint8Array, start: number, end: number): void {
    const at = this.begin('addFrame');
    try {
      writeFrameEvent(this.pending, frame, incarnation, position, stateHash, records, start, end, this.input);
    } catch (e) {
      this.rollBack(at);
      throw e;
    }
    this.end(at, true);
  }

  /**
   * Adds a `bulk` (positions) or `debug` (records) event whose bytes are `bytes[start..end)`,
   * without making an event object (allocation-free). Throws TF2025 like add().
   */
  addBytes(kind: 'bulk' | 'debug', frame: number, incarnation: number, bytes: Uint8Array, start: number, end: number): void {
    const at = this.begin('addBytes');
    try {
      writeBytesEvent(this.pending, kind, frame, incarnation, bytes, start, end);
    } catch (e) {
      this.rollBack(at);
      throw e;
    }
    this.end(at, false);
  }

  /** Seals the pending events into a chunk now (no-op when there are none); it comes out of drain(). */
  flush(): void {
    if (this.pendingEvents === 0) return;
    const raw = this.pending.bytes.slice(0, this.pending.length);
    const events = this.pendingEvents;
    this.pending.clear();
    this.pendingEvents = 0;
    this.pendingFrames = 0;
    this.chunksSealed++;
    const method = this.method;
    this.tail = this.tail.then(async () => {
      if (this.failure !== undefined) return;
      try {
        const payload = await compressChunk(raw, method);
        this.emit(frameChunk(CHUNK_MARKER, CHUNK_METHOD[method], payload, raw.byteLength, events));
      } catch (e) {
        this.failure = e;
      }
    });
  }

  /** Waits for every sealed chunk and returns the chunk frames not returned before, in file order. */
  async drain(): Promise<Uint8Array[]> {
    await this.tail;
    if (this.failure !== undefined) {
      throw new TwinframeError(
        PROTOCOL_CODES.RECORDING_INPUT_INVALID.code,
        `RecordingEncoder.drain: compressing a chunk failed; got ${String(this.failure)}. Use compression 'stored' on this platform.`,
      );
    }
    const out = this.ready;
    this.ready = [];
    return out;
  }

  /** Seals the last chunk and returns the remaining chunk frames followed by the end frame. Later add() throws TF2025. */
  async finish(): Promise<Uint8Array[]> {
    this.checkOpen('finish');
    this.flush();
    this.finished = true;
    const out = await this.drain();
    const end = frameChunk(END_MARKER, 0, new Uint8Array(0), 0, this.eventsAdded >>> 0);
    this.onChunk?.(end);
    out.push(end);
    return out;
  }

  /** Checks the encoder is open; returns where the next event starts. */
  private begin(op: string): number {
    this.checkOpen(op);
    return this.pending.length;
  }

  /** Takes back a refused event that started at `at` (the caller rethrows its refusal). */
  private rollBack(at: number): void {
    this.pending.length = at;
  }

  /** Counts the event that started at `at` (refused when too large), sealing the chunk when full. */
  private end(at: number, isFrame: boolean): void {
    this.checkSize(at);
    this.added(isFrame);
  }

  private added(isFrame: boolean): void {
    this.pendingEvents++;
    this.eventsAdded++;
    if (isFrame) this.pendingFrames++;
    if (this.pendingFrames >= this.chunkFrames || this.pending.length >= this.chunkBytes) this.flush();
  }

  private emit(chunk: Uint8Array): void {
    this.ready.push(chunk);
    this.onChunk?.(chunk);
  }

  private checkOpen(op: string): void {
    if (this.finished) throw inputError(op, 'the encoder is finished', 'a call after finish()');
  }

  /** Takes back an event that started at `at` and is too large for a chunk (the decoder's bound). */
  private checkSize(at: number): void {
    const size = this.pending.length - at;
    if (size <= MAX_CHUNK_RAW_BYTES / 2) return;
    this.pending.length = at;
    throw inputError('add', `an event must encode to at most ${MAX_CHUNK_RAW_BYTES / 2} bytes`, size);
  }
}

/** Encodes a whole recording into one file image. Throws TF2025 for a bad header or event. */
export async function encodeRecording(header: RecordingHeader, events: Iterable<RecordingEvent>, options: Omit<RecordingEncoderOptions, 'onChunk'> = {}): Promise<Uint8Array> {
  const enc = new RecordingEncoder(header, options);
  const parts: Uint8Array[] = [enc.preamble];
  let drainedAt = 0;
  for (const e of events) {
    enc.add(e);
    // Collect finished chunks now and then so the compressions run while events are still added.
    if (enc.chunksSealed - drainedAt >= 16) {
      drainedAt = enc.chunksSealed;
      parts.push(...(await enc.drain()));
    }
  }
  parts.push(...(await enc.finish()));
  return concatBytes(parts);
}
