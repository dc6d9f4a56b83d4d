// Sequence-numbered payloads for ring tests (ringbuf.js's SequenceGenerator/Verifier idea): every
// byte of a record is a function of its sequence number, so a torn, shifted, lost or duplicated
// record is caught byte by byte. Allocates nothing: used on hot test loops and in workers.

/** Payload length of record `seq` for the random-length cross-thread tests (xorshift of seq, 0..maxLen). */
export function lengthOf(seq: number, maxLen: number): number {
  let x = (seq + 0x9e3779b9) | 0;
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  return (x >>> 0) % (maxLen + 1);
}

/** Writes record `seq`'s pattern: byte i = (seq * 31 + i * 7) & 255, then seq as u32 LE in the first 4 bytes if they fit. */
export function fillPayload(u8: Uint8Array, off: number, len: number, seq: number): void {
  for (let i = 0; i < len; i++) u8[off + i] = (seq * 31 + i * 7) & 255;
  if (len >= 4) {
    u8[off] = seq & 255;
    u8[off + 1] = (seq >>> 8) & 255;
    u8[off + 2] = (seq >>> 16) & 255;
    u8[off + 3] = (seq >>> 24) & 255;
  }
}

/** Returns the index of the first wrong byte of record `seq`, or -1 when intact. */
export function checkPayload(u8: Uint8Array, off: number, len: number, seq: number): number {
  for (let i = 0; i < len; i++) {
    let want = (seq * 31 + i * 7) & 255;
    if (len >= 4 && i < 4) want = (seq >>> (8 * i)) & 255;
    if (u8[off + i] !== want) return i;
  }
  return -1;
}

/** Record type of record `seq` (0..32767). */
export function typeOf(seq: number): number {
  return (seq * 7) & 0x7fff;
}
