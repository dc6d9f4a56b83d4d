/**
 * decodeRecording: a recording file's bytes in, its header and events out. Every refusal is a
 * TwinframeError whose code says what is wrong (TF2020 not a recording, TF2021 unsupported
 * version, TF2022 bad header, TF2023 corrupt chunk, TF2024 bad event) and whose message and
 * `details` name the chunk index and byte offset; nothing else is ever thrown. A file that ends
 * early (a writer killed mid-write) is not refused: it is read up to its last whole chunk and
 * `truncatedAt` says where the readable part ends.
 */
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { PROTOCOL_CODES } from './error-codes.ts';
import { crc32 } from './crc32.ts';
import { RECORDING_FORMAT_VERSION, RECORDING_OLDEST_READABLE_VERSION, type DecodedRecording, type RecordingEvent, type RecordingHeader } from './recording.ts';
import { recordingHeaderProblem } from './recording-header.ts';
import { readEvents } from './recording-event-reader.ts';
import { InputDeltaCoder } from './recording-input-delta.ts';
import { chunkMethodName, decompressChunk } from './recording-compression.ts';
import {
  CHUNK_FIELD, CHUNK_FRAME_BYTES, CHUNK_MARKER, END_MARKER,
  MAX_CHUNK_RAW_BYTES, MAX_HEADER_BYTES, PREAMBLE_BYTES, RECORDING_MAGIC,
} from './recording-layout.ts';

const CF = CHUNK_FIELD;

const hex = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

function refuse(code: string, what: string, got: string, remedy: string, details: Record<string, unknown>): never {
  throw new TwinframeError(code, `decodeRecording: ${what}; got ${got}. ${remedy}`, details);
}

const DAMAGED = 'The file is damaged; a recording cut short still reads up to its last whole chunk, but a changed byte cannot be repaired. Record again or use an intact copy.';

function chunkError(index: number, offset: number, what: string, got: string): never {
  refuse(PROTOCOL_CODES.RECORDING_CHUNK_CORRUPT.code, `chunk ${index} at byte ${offset}: ${what}`, got, DAMAGED, { chunk: index, offset });
}

/** Reads the preamble; returns the header and the offset of chunk 0. */
function readPreamble(bytes: Uint8Array, view: DataView): { header: RecordingHeader; offset: number } {
  const magicBytes = Math.min(bytes.byteLength, RECORDING_MAGIC.length);
  for (let i = 0; i < magicBytes; i++) {
    if (bytes[i] !== RECORDING_MAGIC[i]) {
      refuse(PROTOCOL_CODES.RECORDING_NOT_A_RECORDING.code, `byte ${i} is not the recording magic`, `0x${bytes[i]!.toString(16)}`,
        'Pass a file written by `twinframe run --record` or the flight recorder.', { chunk: null, offset: i });
    }
  }
  if (bytes.byteLength < PREAMBLE_BYTES) {
    refuse(PROTOCOL_CODES.RECORDING_HEADER_INVALID.code, `the file ends inside its preamble (${PREAMBLE_BYTES} bytes)`, `${bytes.byteLength} bytes`,
      'The writer stopped before it wrote the header; there is nothing to replay.', { chunk: null, offset: bytes.byteLength });
  }
  const version = view.getUint32(8, true);
  if (version < RECORDING_OLDEST_READABLE_VERSION || version > RECORDING_FORMAT_VERSION) {
    refuse(PROTOCOL_CODES.RECORDING_VERSION_UNSUPPORTED.code,
      version > RECORDING_FORMAT_VERSION ? 'the file was written in a newer format version' : 'the file has an unknown format version',
      `version ${version} at byte 8`,
      `This twinframe reads format versions ${RECORDING_OLDEST_READABLE_VERSION}..${RECORDING_FORMAT_VERSION}; ${version > RECORDING_FORMAT_VERSION ? 'replay it with the twinframe that recorded it (or a newer one)' : 'the file is damaged or not from twinframe'}.`,
      { chunk: null, offset: 8, version, supported: RECORDING_FORMAT_VERSION, oldest: RECORDING_OLDEST_READABLE_VERSION });
  }
  const headerBytes = view.getUint32(12, true);
  const end = PREAMBLE_BYTES + headerBytes;
  const headerError = (what: string, got: string, offset: number): never =>
    refuse(PROTOCOL_CODES.RECORDING_HEADER_INVALID.code, what, got, DAMAGED, { chunk: null, offset });
  if (headerBytes > MAX_HEADER_BYTES) headerError(`the header length at byte 12 is over ${MAX_HEADER_BYTES}`, String(headerBytes), 12);
  if (end > bytes.byteLength) headerError('the file ends inside its header', `${bytes.byteLength} of ${end} bytes`, bytes.byteLength);
  const want = view.getUint32(16, true);
  const got = crc32(bytes, PREAMBLE_BYTES, end, crc32(bytes, 8, 16));
  if (want !== got) headerError('the header fails its CRC-32 (stored at byte 16)', `${hex(got)}, expected ${hex(want)}`, 16);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(PREAMBLE_BYTES, end)));
  } catch (e) {
    headerError('the header is not UTF-8 JSON', e instanceof Error ? e.message : String(e), PREAMBLE_BYTES);
  }
  const problem = recordingHeaderProblem(parsed);
  if (problem !== null) headerError(`the header is not a recording header: ${problem}`, 'that header', PREAMBLE_BYTES);
  const header = parsed as RecordingHeader;
  if (header.formatVersion !== version) headerError(`the header's formatVersion differs from the preamble's (${version})`, String(header.formatVersion), PREAMBLE_BYTES);
  return { header, offset: end };
}

/**
 * Decodes a recording file (see the module comment). Rejects only with TwinframeError
 * TF2020-TF2024; never with another error, whatever the bytes.
 */
export async function decodeRecording(bytes: Uint8Array): Promise<DecodedRecording> {
  if (!(bytes instanceof Uint8Array)) {
    refuse(PROTOCOL_CODES.RECORDING_NOT_A_RECORDING.code, 'the input is not a Uint8Array', Object.prototype.toString.call(bytes),
      'Pass the file\'s bytes (e.g. `new Uint8Array(await file.arrayBuffer())` or `readFileSync(path)`).', { chunk: null, offset: 0 });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { header, offset: first } = readPreamble(bytes, view);
  const events: RecordingEvent[] = [];
  let offset = first;
  let index = 0;
  let truncatedAt: number | null = null;
  const version = header.formatVersion;
  // Version 2 delta-codes INPUT_FACTS against the stream's previous one: one coder follows the whole file.
  const input = version >= 2 ? new InputDeltaCoder() : null;
  for (;;) {
    const left = bytes.byteLength - offset;
    if (left < CHUNK_FRAME_BYTES) {
      // Stopped at a chunk boundary (left 0) or inside a frame header: a writer that died mid-write.
      truncatedAt = offset;
      break;
    }
    const wantFrame = view.getUint32(offset + CF.frameCrc, true);
    const gotFrame = crc32(bytes, offset, offset + CF.frameCrc);
    if (wantFrame !== gotFrame) chunkError(index, offset, 'the chunk frame fails its CRC-32', `${hex(gotFrame)}, expected ${hex(wantFrame)}`);
    const marker = view.getUint32(offset + CF.marker, true);
    const stored = view.getUint32(offset + CF.stored, true);
    const rawLength = view.getUint32(offset + CF.raw, true);
    const count = view.getUint32(offset + CF.events, true);
    if (marker === END_MARKER) {
      if (stored !== 0 || rawLength !== 0) chunkError(index, offset, 'the end frame has a payload', `${stored} bytes`);
      const emptyCrc = view.getUint32(offset + CF.payloadCrc, true);
      if (emptyCrc !== 0) chunkError(index, offset, 'the end frame\'s payload CRC-32 is not that of no bytes', hex(emptyCrc));
      if (count !== events.length >>> 0) chunkError(index, offset, 'the end frame counts a different number of events than the chunks hold', `${count}, the chunks hold ${events.length}`);
      if (left > CHUNK_FRAME_BYTES) chunkError(index, offset, 'bytes follow the end frame', `${left - CHUNK_FRAME_BYTES} bytes`);
      break;
    }
    if (marker !== CHUNK_MARKER) chunkError(index, offset, 'the chunk marker is not TFCK', hex(marker));
    const method = chunkMethodName(bytes[offset + CF.method]!);
    if (method === undefined) chunkError(index, offset, 'unknown compression method', String(bytes[offset + CF.method]));
    if (rawLength > MAX_CHUNK_RAW_BYTES) chunkError(index, offset, `the raw length is over ${MAX_CHUNK_RAW_BYTES}`, String(rawLength));
    if (method === 'stored' && stored !== rawLength) chunkError(index, offset, 'a stored chunk\'s stored and raw lengths differ', `${stored} and ${rawLength}`);
    const payload = offset + CHUNK_FRAME_BYTES;
    if (payload + stored > bytes.byteLength) {
      // The chunk was cut short: readable up to here.
      truncatedAt = offset;
      break;
    }
    const wantPayload = view.getUint32(offset + CF.payloadCrc, true);
    const gotPayload = crc32(bytes, payload, payload + stored);
    if (wantPayload !== gotPayload) chunkError(index, offset, 'the chunk payload fails its CRC-32', `${hex(gotPayload)}, expected ${hex(wantPayload)}`);
    let raw: Uint8Array;
    try {
      raw = await decompressChunk(bytes.subarray(payload, payload + stored), method, rawLength);
    } catch (e) {
      chunkError(index, offset, `the payload does not decompress (${method}) to its ${rawLength} bytes`, e instanceof TwinframeError ? e.text : e instanceof Error ? e.message : String(e));
    }
    if (raw.byteLength !== rawLength) chunkError(index, offset, 'the payload decompresses to another length than declared', `${raw.byteLength}, expected ${rawLength}`);
    const before = events.length;
    const n = readEvents(raw, { chunk: index, chunkOffset: offset }, events, version, input);
    if (n !== count) {
      events.length = before;
      refuse(PROTOCOL_CODES.RECORDING_EVENT_INVALID.code, `chunk ${index} at byte ${offset}: the chunk holds another number of events than its frame says`, `${n}, expected ${count}`, DAMAGED, { chunk: index, offset });
    }
    offset = payload + stored;
    index++;
  }
  return { header, events, truncatedAt, chunks: index, formatVersion: version };
}
