import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { PROTOCOL_CODES } from './error-codes.ts';

/**
 * Chunk compression for recordings, with the platform's own `CompressionStream` /
 * `DecompressionStream` (global in Node 20+ and every current browser; no package). Not a hot
 * path: one call per chunk (about one a second while recording).
 */

/** How a chunk's payload is stored; the number is the method byte of the chunk frame. */
export const CHUNK_METHOD = { stored: 0, 'deflate-raw': 1, gzip: 2 } as const;
export type ChunkMethodName = keyof typeof CHUNK_METHOD;

/** Method name of a method byte, or undefined for an unknown one. */
export function chunkMethodName(method: number): ChunkMethodName | undefined {
  return method === 0 ? 'stored' : method === 1 ? 'deflate-raw' : method === 2 ? 'gzip' : undefined;
}

/** Whether the platform has the compression streams (else a writer falls back to 'stored'). */
export function hasCompressionStreams(): boolean {
  return typeof globalThis.CompressionStream === 'function' && typeof globalThis.DecompressionStream === 'function';
}

function tooLong(limit: number): TwinframeError {
  return new TwinframeError(
    PROTOCOL_CODES.RECORDING_CHUNK_CORRUPT.code,
    `decompressChunk: the payload inflates past its declared raw length; got more than ${limit} bytes. The chunk is damaged.`,
  );
}

/** Reads `stream` to its end into one array; rejects with TF2023 once more than `limit` bytes arrive. */
async function collect(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLong(limit);
    }
    parts.push(value);
  }
  return concatBytes(parts, total);
}

/** The arrays of `parts` one after another in one new array (`total`: their summed length, when known). */
export function concatBytes(parts: readonly Uint8Array[], total = parts.reduce((n, p) => n + p.byteLength, 0)): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** Feeds `bytes` into `transform` and returns what comes out (at most `limit` bytes). */
async function run(transform: GenericTransformStream, bytes: Uint8Array, limit: number): Promise<Uint8Array> {
  const writable = transform.writable as WritableStream<Uint8Array>;
  const writer = writable.getWriter();
  // The write and close settle only as the readable side is drained, so they run alongside the read;
  // their rejections are the same failure the read reports, so they are observed here and dropped.
  const written = writer.write(bytes).then(() => writer.close()).catch(() => undefined);
  try {
    return await collect(transform.readable as ReadableStream<Uint8Array>, limit);
  } finally {
    await written;
  }
}

/** `raw` compressed with `method` ('stored' returns a copy). */
export async function compressChunk(raw: Uint8Array, method: ChunkMethodName): Promise<Uint8Array> {
  if (method === 'stored') return raw.slice();
  return run(new CompressionStream(method), raw, Number.MAX_SAFE_INTEGER);
}

/**
 * `stored` decompressed with `method`; rejects when the data is not valid for the method or
 * inflates past `limit` bytes (TF2023).
 */
export async function decompressChunk(stored: Uint8Array, method: ChunkMethodName, limit: number): Promise<Uint8Array> {
  if (method === 'stored') {
    if (stored.byteLength > limit) throw tooLong(limit);
    return stored.slice();
  }
  return run(new DecompressionStream(method), stored, limit);
}
