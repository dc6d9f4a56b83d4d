/**
 * stateHash: a u32 fingerprint of the published entity and camera state, written by the recorder
 * each engine frame and recomputed by the replayer and the viewer to find the first divergent
 * frame (issue 16).
 *
 * What is hashed: every live record (id word non-zero) of the entity state, then every live
 * record of the camera state, each **in slot order** (slot = id's index bits, so the order follows
 * from the ids the game chose and is the same in a recording and its replay), all words of the
 * record (id and fields) as raw 32-bit patterns (floats by bits: -0 and 0 differ, as do NaN
 * payloads). Free slots and region header words (publish number, frame, tick) are not hashed, so
 * the hash says what the world is, not when it was published, and does not depend on HIGH or the
 * capacity. The mix is MurmurHash3's 32-bit word step with its finaliser; the live-record count of
 * each state is mixed in after its records, so moving a record between the two changes the hash.
 * Words are read as little-endian (the byte order of every platform twinframe runs on).
 *
 * Allocation-free: fine to call from the engine every frame. (The u32 result itself is a number
 * V8 may box, one 16-byte HeapNumber, when a call with a hash of 2^30 or more is not inlined.)
 */
import { HIGH_WORD, REGION_HEADER_WORDS } from '../shared-memory/state-layout.ts';
import { ENTITY_SCHEMA } from './entity-state.ts';
import { CAMERA_SCHEMA } from './camera-state.ts';

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;
/** Seed of the hash (fixed: part of the format, see docs/recording-format.md). */
export const STATE_HASH_SEED = 0x7466_7263; // 'tfrc'

/** The record access stateHashOfRecords needs; a StateWriter's working copy (`workBase`) fits. */
export interface StateRecords {
  readonly i32: Int32Array;
  /** Word offset of slot 0's record in `i32`. */
  readonly workBase: number;
  readonly strideWords: number;
  /** Slots 0..high-1 may be live. */
  readonly high: number;
}

function mixWord(h: number, w: number): number {
  let k = Math.imul(w, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Continues hash `h` over the live records of slots 0..high-1 starting at word `base` of `i32`, then their count. */
function mixRecords(h: number, i32: Int32Array, base: number, strideWords: number, high: number): number {
  let live = 0;
  for (let slot = 0; slot < high; slot++) {
    const o = base + slot * strideWords;
    if (i32[o] === 0) continue;
    live++;
    for (let w = 0; w < strideWords; w++) h = mixWord(h, i32[o + w]!);
  }
  return mixWord(h, live);
}

/** Word `word` of `u8` read little-endian from byte offset `at + word * 4`. */
function wordAt(u8: Uint8Array, at: number): number {
  return u8[at]! | (u8[at + 1]! << 8) | (u8[at + 2]! << 16) | (u8[at + 3]! << 24);
}

function mixRegionBytes(h: number, u8: Uint8Array, strideWords: number): number {
  const recordBytes = strideWords * 4;
  const first = REGION_HEADER_WORDS * 4;
  if (u8.byteLength < first) return mixWord(h, 0);
  // Slots the bytes hold, clamped by HIGH (a region may be cut after slot HIGH-1, or carry free slots past it).
  const present = Math.floor((u8.byteLength - first) / recordBytes);
  const high = Math.max(0, Math.min(present, wordAt(u8, HIGH_WORD * 4)));
  let live = 0;
  for (let slot = 0; slot < high; slot++) {
    const o = first + slot * recordBytes;
    if (wordAt(u8, o) === 0) continue;
    live++;
    for (let w = 0; w < strideWords; w++) h = mixWord(h, wordAt(u8, o + w * 4));
  }
  return mixWord(h, live);
}

/**
 * The state hash of two published state regions as a KeyframeEvent carries them (region header,
 * then the records of slots 0..n-1). Equal to stateHashOfRecords over the same records.
 * Allocates nothing.
 */
export function stateHash(entities: Uint8Array, cameras: Uint8Array): number {
  let h = STATE_HASH_SEED;
  h = mixRegionBytes(h, entities, ENTITY_SCHEMA.strideWords);
  h = mixRegionBytes(h, cameras, CAMERA_SCHEMA.strideWords);
  return finish(h);
}

/**
 * The state hash of the engine's entity and camera records in place (e.g. the StateWriters'
 * working copies right after publish, which the published buffers then equal). Allocates nothing.
 */
export function stateHashOfRecords(entities: StateRecords, cameras: StateRecords): number {
  let h = STATE_HASH_SEED;
  h = mixRecords(h, entities.i32, entities.workBase, entities.strideWords, entities.high);
  h = mixRecords(h, cameras.i32, cameras.workBase, cameras.strideWords, cameras.high);
  return finish(h);
}

/**
 * The state hash over raw record arrays: `entities`/`cameras` hold slot 0's record at word
 * `entityBase`/`cameraBase`, slots up to `entityHigh`/`cameraHigh` (exclusive). Allocates nothing.
 */
export function stateHashOfWords(
  entities: Int32Array, entityBase: number, entityHigh: number,
  cameras: Int32Array, cameraBase: number, cameraHigh: number,
): number {
  let h = STATE_HASH_SEED;
  h = mixRecords(h, entities, entityBase, ENTITY_SCHEMA.strideWords, entityHigh);
  h = mixRecords(h, cameras, cameraBase, CAMERA_SCHEMA.strideWords, cameraHigh);
  return finish(h);
}
