/**
 * Byte layout of a recording file (docs/recording-format.md has the diagram): a preamble (magic,
 * format version, header JSON with its CRC-32), then chunk frames, then an end frame.
 */

/** The first 8 bytes of every recording: `\x89TFR\r\n\x1a\n` (PNG's trick: a non-ASCII first byte and line endings catch text-mode damage). */
export const RECORDING_MAGIC: readonly number[] = [0x89, 0x54, 0x46, 0x52, 0x0d, 0x0a, 0x1a, 0x0a];
/** Preamble: magic 8, format version u32, header JSON length u32, header CRC-32 u32 (over bytes 8..16 and the JSON). */
export const PREAMBLE_BYTES = 20;
/** Largest header JSON accepted (a corrupt length must not make the reader allocate gigabytes). */
export const MAX_HEADER_BYTES = 1 << 20;

/** Chunk frame marker 'TFCK' and end frame marker 'TFEN' as little-endian u32. */
export const CHUNK_MARKER = 0x4b434654;
export const END_MARKER = 0x4e454654;
/**
 * Bytes of a chunk frame before its payload: marker u32, method u8, 3 reserved zero bytes,
 * stored length u32, raw length u32, event count u32, frame CRC-32 u32 (over bytes 0..20 of the
 * frame), payload CRC-32 u32.
 */
export const CHUNK_FRAME_BYTES = 28;
/** Byte offsets of a chunk frame's fields (the list above, in order). */
export const CHUNK_FIELD = { marker: 0, method: 4, stored: 8, raw: 12, events: 16, frameCrc: 20, payloadCrc: 24 } as const;
/** Largest raw (uncompressed) chunk: bounds what a corrupt length can make the reader allocate. */
export const MAX_CHUNK_RAW_BYTES = 64 << 20;
