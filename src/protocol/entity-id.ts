/**
 * Entity and camera ids: a slot index and a generation packed into one positive 31-bit integer.
 *
 * ```
 *  bit 30            20 19                  0
 *     +----------------+--------------------+
 *     | generation (11)|    index (20)      |     id = generation << 20 | index
 *     +----------------+--------------------+
 * ```
 * - `index` is the record slot in the state buffer (0 .. 2^20-1, so at most 1,048,576 live ids).
 * - `generation` is 1 .. 2047 (never 0), so every valid id is > 0 and a destroyed id never
 *   aliases the next entity given the same slot until the generation wraps 2047 times.
 * - The logic side allocates ids (so a handle is usable in the frame that creates it); the engine
 *   validates them against its slot table and confirms through the CallbackQueue.
 * - Ids fit an int32 and a JS small integer: no boxing, no BigInt on any path.
 */

/** Bits of the slot index. */
export const ID_INDEX_BITS = 20;
/** Bits of the generation. */
export const ID_GENERATION_BITS = 11;
/** Mask of the slot index. */
export const ID_INDEX_MASK = (1 << ID_INDEX_BITS) - 1;
/** Largest generation; the next one after it is 1 again. */
export const ID_MAX_GENERATION = (1 << ID_GENERATION_BITS) - 1;
/** Most ids that can be live at once (one per slot index). */
export const ID_MAX_SLOTS = 1 << ID_INDEX_BITS;
/** The id that names nothing. */
export const NO_ID = 0;

/** Packs a slot index (0 .. 2^20-1) and a generation (1 .. 2047) into an id. No validation: hot path. */
export function makeId(index: number, generation: number): number {
  return ((generation << ID_INDEX_BITS) | index) >>> 0;
}

/** The slot index of an id. */
export function idIndex(id: number): number {
  return id & ID_INDEX_MASK;
}

/** The generation of an id (0 for NO_ID or a malformed id). */
export function idGeneration(id: number): number {
  return (id >>> ID_INDEX_BITS) & ID_MAX_GENERATION;
}

/** The generation that follows `generation` (wraps 2047 -> 1, skipping 0). */
export function nextGeneration(generation: number): number {
  return generation >= ID_MAX_GENERATION ? 1 : generation + 1;
}

/** True when `id` is an integer in range with a non-zero generation (says nothing of liveness). */
export function isWellFormedId(id: number): boolean {
  return Number.isInteger(id) && id > 0 && id < 2 ** (ID_INDEX_BITS + ID_GENERATION_BITS) && idGeneration(id) !== 0;
}
