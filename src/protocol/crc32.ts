/**
 * CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, the one of zip, gzip and PNG), used by the
 * recording format to check each chunk. Table-driven; allocates nothing after the module loads.
 */

const TABLE = ((): Uint32Array => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/**
 * The CRC-32 of `bytes[start..end)`, as an unsigned 32-bit number. Pass a previous result as `crc`
 * to continue over a following range (crc32(a ++ b) = crc32(b, 0, b.length, crc32(a))).
 */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length, crc = 0): number {
  let c = (crc ^ 0xffffffff) >>> 0;
  for (let i = start; i < end; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
