/**
 * The bulk-transform apply loop (bulk-transform-sync.ts): checks every record of the logic's bulk
 * publish stamped since the publish applied last, writes the valid positions into the entity
 * working copy, marks them dirty while there are marks left, and stages them for the renderer.
 *
 * Why a closure: the loop is a few loads and stores per entity, and V8's optimizing compiler does
 * not hoist a typed array's length and data pointer out of a loop when the array is a parameter or
 * a field, so each of the ten accesses a record reloads them. A closure made once per (reader,
 * entity state) pair whose typed arrays are `const` bindings of its context lets V8 fold them into
 * the code (function-context specialization), measured 3.3 vs 5.9 ns a record for the bare loop
 * and about half the apply's time at 100,000 entities (measured in-process against the branch point:
 * commit fc9b1c2; the e2e.bulk rows of bench/e2e/runtime.bench.ts show the apply phase).
 */
import * as bulkState from '../protocol/bulk-transform-state.ts';
import * as entityState from '../protocol/entity-state.ts';
import type { StateReader } from '../shared-memory/state-reader.ts';
import type { StateWriter } from '../shared-memory/state-writer.ts';
import type { RenderResourceManager } from './render-resource-manager.ts';

// Module-local copies (see command-reader.ts): folded into optimized code.
const { B_ID, B_STAMP, B_X, B_Y, B_Z } = bulkState;
const { E_X, E_Y, E_Z, E_MESH } = entityState;
/** The exponent bits of an f32. */
const EXP = 0x7f800000;

/** What one run of the loop did; one object per BulkTransformSync, reused (the loop allocates nothing). */
export class BulkApplyTally {
  /** Positions applied and records taken (applied or refused) by the last run, and the slot after the last one it looked at. */
  applied = 0;
  taken = 0;
  next = 0;
  /** Entries staged for the renderer so far this apply (runs append). */
  staged = 0;
  /** Refusals this apply: the first one's slot (-1: none), and the counts by reason. */
  firstBad = -1;
  dead = 0;
  stale = 0;
  bad = 0;

  /** Starts an apply. */
  reset(): void {
    this.applied = 0;
    this.taken = 0;
    this.next = 0;
    this.staged = 0;
    this.firstBad = -1;
    this.dead = 0;
    this.stale = 0;
    this.bad = 0;
  }
}

/** The renderer-bound copies of the moves (setInstancePositions' arguments) and who they belong to. */
export interface BulkStaging {
  readonly mesh: Uint8Array;
  readonly slot: Int32Array;
  readonly id: Int32Array;
  readonly xyz: Float32Array;
}

/**
 * One run over slots `from..to-1` whose bulk records start at word `o`: every record stamped
 * above `last` is taken: checked (a live id of the same generation, three finite numbers) and
 * written, or refused; the run stops once `limit` records were taken. With `marking` each applied
 * entity is marked dirty. `commandDirty`: commands marked entities this frame (those keep their
 * setInstance and are not staged).
 */
export type BulkApplyLoop = (o: number, last: number, from: number, to: number, limit: number, marking: boolean, commandDirty: boolean) => void;

/** Makes the apply loop of `reader` (the bulk publishes) into `state` (the entity working copy). */
export function createBulkApplyLoop(
  reader: StateReader, state: StateWriter, tally: BulkApplyTally, staging: BulkStaging | null, resources: RenderResourceManager | undefined,
): BulkApplyLoop {
  const i32 = reader.i32;
  const stride = reader.strideWords;
  const ei32 = state.i32;
  const estride = state.strideWords;
  const workBase = state.workBase;
  const staged = staging !== null && resources !== undefined;
  const sMesh = staging?.mesh ?? new Uint8Array(0);
  const sSlot = staging?.slot ?? new Int32Array(0);
  const sId = staging?.id ?? new Int32Array(0);
  const sXyz = staging === null ? new Int32Array(0) : new Int32Array(staging.xyz.buffer, staging.xyz.byteOffset, staging.xyz.length);
  const res = resources!;
  return (o: number, last: number, from: number, to: number, limit: number, marking: boolean, commandDirty: boolean): void => {
    let taken = 0;
    let eo = workBase + from * estride;
    let applied = 0;
    let k = tally.staged;
    let slot = from;
    for (; slot < to; slot++, o += stride, eo += estride) {
      if (i32[o + B_STAMP]! >>> 0 <= last) continue;
      const id = i32[o + B_ID]!;
      if (id === 0) continue;
      // The position's bits, copied as they are (one view of each buffer: fewer typed arrays to load).
      const x = i32[o + B_X]!;
      const y = i32[o + B_Y]!;
      const z = i32[o + B_Z]!;
      const holder = ei32[eo]!;
      taken++;
      // An f32 whose exponent bits are all ones is NaN or ±Infinity.
      if (holder !== id || (x & EXP) === EXP || (y & EXP) === EXP || (z & EXP) === EXP) {
        if (tally.firstBad < 0) tally.firstBad = slot;
        if ((x & EXP) === EXP || (y & EXP) === EXP || (z & EXP) === EXP) tally.bad++;
        else if (holder !== 0) tally.stale++;
        else tally.dead++;
      } else {
        ei32[eo + E_X] = x;
        ei32[eo + E_Y] = y;
        ei32[eo + E_Z] = z;
        applied++;
        // Entities a command already changed this frame keep their setInstance (the render phase
        // hands over their whole record); the others are staged for the one setInstancePositions call.
        // (Asked before this loop's own mark, which would make every slot look command-changed.)
        const byCommand = commandDirty && state.isDirtySlot(slot);
        if (marking) state.markDirty(id);
        if (staged && !byCommand) {
          const instance = res.instanceSlotOf(id);
          if (instance >= 0) {
            // The record's mesh type is the one its instance was created for (a live id, checked above).
            sMesh[k] = ei32[eo + E_MESH]!;
            sSlot[k] = instance;
            sId[k] = id;
            const k3 = 3 * k;
            sXyz[k3] = x;
            sXyz[k3 + 1] = y;
            sXyz[k3 + 2] = z;
            k++;
          }
        }
      }
      if (taken === limit) {
        slot++;
        break;
      }
    }
    tally.staged = k;
    tally.applied = applied;
    tally.taken = taken;
    tally.next = slot;
  };
}
