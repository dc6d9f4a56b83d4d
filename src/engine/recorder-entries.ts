/**
 * The entry layout of the engine recorder's log (recorder-log.ts): one growable Int32 arena of
 * entries, each an 8-word header and a payload.
 *
 * ```
 *  entry header (Int32 words)
 *   0 kind (ENTRY_*)   1 entry words (header included)   2 engine frame   3 incarnation
 *   4 FRAME/KEYFRAME: position (game-command records of the incarnation after the frame)
 *     INCARNATION: reason (0 start, 1 restart, 2 reload)   DIAGNOSTIC: logic tick   BUNDLE: hash bytes
 *   5 FRAME: stateHash   KEYFRAME: entity bytes   DIAGNOSTIC: code bytes   BUNDLE: name bytes
 *   6 payload bytes    7 FRAME/INCARNATION/BULK/DEBUG/BUNDLE: time in ms since the recorder started
 *                        KEYFRAME: camera bytes   DIAGNOSTIC: severity bytes
 *  payload: FRAME: the ring records as taken (framing kept); KEYFRAME: the entity then the camera
 *  region (16 header words + records of slots 0..HIGH-1), then the debug-draw set's records (the
 *  rest of the payload); DIAGNOSTIC: UTF-8 code, severity, message; BULK: (id, x, y, z) words per
 *  entity the bulk path moved; DEBUG: the new debug-draw set's records; BUNDLE: UTF-8 hash and
 *  file name, then the game bundle's bytes.
 * ```
 */
import { COMMAND_SPECS } from '../protocol/command-table.ts';

export const ENTRY_FRAME = 1;
export const ENTRY_KEYFRAME = 2;
export const ENTRY_INCARNATION = 3;
export const ENTRY_DIAGNOSTIC = 4;
export const ENTRY_BULK = 5;
export const ENTRY_DEBUG = 6;
export const ENTRY_BUNDLE = 7;
export const ENTRY_HEADER_WORDS = 8;
/** Incarnation reasons by their header value. */
export const INCARNATION_REASONS = ['start', 'restart', 'reload'] as const;

/** 1 for each record type whose opcode is a game command (what `position` counts), by the type's low byte. */
export const GAME_COMMAND = new Uint8Array(256);
for (let op = 1; op < COMMAND_SPECS.length; op++) {
  const spec = COMMAND_SPECS[op];
  if (spec !== undefined && spec.target !== 'frame' && spec.target !== 'facts') GAME_COMMAND[op] = 1;
}

/** A frozen view of a log's entries `[0, end)` (word offsets; the layout above): never rewritten while pinned. */
export interface LogSnapshot {
  readonly i32: Int32Array;
  readonly u8: Uint8Array;
  readonly end: number;
}

/** What a keyframe copies: a StateWriter's working copy (records of slot s at workBase + s * strideWords). */
export interface KeyframeSource {
  readonly i32: Int32Array;
  readonly workBase: number;
  readonly strideWords: number;
  readonly high: number;
  readonly live: number;
}
