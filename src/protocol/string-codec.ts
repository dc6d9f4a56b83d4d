/**
 * UTF-8 strings in shared memory, for the callback and diagnostic queues (rare paths).
 *
 * Encoding writes straight into a ring's `u8` view (no TextEncoder: `encodeInto` needs a subarray,
 * which allocates, and browsers refuse shared views). Over-long strings are cut at a code-point
 * boundary and end with TRUNCATION_MARKER, so the encoded bytes never exceed the given budget.
 * Lone surrogates become U+FFFD, as TextEncoder does. Decoding copies into a private, non-shared
 * scratch buffer (TextDecoder refuses shared memory in browsers) and allocates the string; invalid
 * UTF-8 (possible only from corrupt records) decodes to U+FFFD, never throws.
 */

/** Appended to a string cut to fit its byte budget. */
export const TRUNCATION_MARKER = '…[truncated]';
/** Bytes of TRUNCATION_MARKER in UTF-8. */
export const TRUNCATION_MARKER_BYTES = 14;

/** Bytes `s` takes in UTF-8 (lone surrogates count as U+FFFD, 3 bytes). Allocates nothing. */
export function utf8ByteLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && isLow(s.charCodeAt(i + 1))) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Bytes `s` will take when encoded with a budget of `maxBytes` (>= TRUNCATION_MARKER_BYTES). */
export function utf8EncodedLength(s: string, maxBytes: number): number {
  const n = utf8ByteLength(s);
  return n <= maxBytes ? n : truncatedLength(s, maxBytes - TRUNCATION_MARKER_BYTES) + TRUNCATION_MARKER_BYTES;
}

/**
 * Writes `s` as UTF-8 into `u8` at `offset`, at most `maxBytes` bytes (>= TRUNCATION_MARKER_BYTES),
 * truncating with the marker; returns the bytes written (equal to utf8EncodedLength). Allocates nothing.
 */
export function encodeUtf8Into(s: string, u8: Uint8Array, offset: number, maxBytes: number): number {
  const full = utf8ByteLength(s);
  if (full <= maxBytes) return writeUtf8(s, s.length, u8, offset);
  const budget = maxBytes - TRUNCATION_MARKER_BYTES;
  const stop = truncationIndex(s, budget);
  const n = writeUtf8(s, stop, u8, offset);
  return n + writeUtf8(TRUNCATION_MARKER, TRUNCATION_MARKER.length, u8, offset + n);
}

let scratch = new Uint8Array(256);
const decoder = new TextDecoder('utf-8', { fatal: false });

/** Decodes `length` UTF-8 bytes of `u8` at `offset`. Returns the constant '' for 0 bytes; otherwise allocates. */
export function decodeUtf8(u8: Uint8Array, offset: number, length: number): string {
  if (length <= 0) return '';
  if (scratch.length < length) scratch = new Uint8Array(Math.max(length, scratch.length * 2));
  for (let i = 0; i < length; i++) scratch[i] = u8[offset + i]!;
  return decoder.decode(scratch.subarray(0, length));
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Bytes up to the index truncationIndex returned last. */
let truncatedBytes = 0;

/** UTF-16 index where encoding must stop to stay within `budget` bytes (sets truncatedBytes). */
function truncationIndex(s: string, budget: number): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let w = 3;
    let units = 1;
    if (c < 0x80) w = 1;
    else if (c < 0x800) w = 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && isLow(s.charCodeAt(i + 1))) {
      w = 4;
      units = 2;
    }
    if (n + w > budget) {
      truncatedBytes = n;
      return i;
    }
    n += w;
    i += units - 1;
  }
  truncatedBytes = n;
  return s.length;
}

function truncatedLength(s: string, budget: number): number {
  truncationIndex(s, budget);
  return truncatedBytes;
}

function writeUtf8(s: string, end: number, u8: Uint8Array, offset: number): number {
  let p = offset;
  for (let i = 0; i < end; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      u8[p++] = c;
      continue;
    }
    if (c < 0x800) {
      u8[p++] = 0xc0 | (c >> 6);
      u8[p++] = 0x80 | (c & 0x3f);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < end && isLow(s.charCodeAt(i + 1))) {
      c = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(i + 1) - 0xdc00);
      i++;
      u8[p++] = 0xf0 | (c >> 18);
      u8[p++] = 0x80 | ((c >> 12) & 0x3f);
      u8[p++] = 0x80 | ((c >> 6) & 0x3f);
      u8[p++] = 0x80 | (c & 0x3f);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    u8[p++] = 0xe0 | (c >> 12);
    u8[p++] = 0x80 | ((c >> 6) & 0x3f);
    u8[p++] = 0x80 | (c & 0x3f);
  }
  return p - offset;
}
