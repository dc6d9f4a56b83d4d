/**
 * BulkTransformBuffer: positions of many entities set by the logic in one call
 * (`ctx.entities.setPositions`, `EntityAPI.updatePositions`), carried to the engine with no
 * per-entity command and no per-entity object. Here the LOGIC is the writer (one StateWriter in
 * the worker, `BulkTransformWriter`) and the ENGINE the reader (a StateReader taken in its apply
 * phase); the ownership hand-off of state-layout.ts applies unchanged, so a snapshot is never torn.
 *
 * ```
 *  word 0 id     i32  the entity's id (generation << 20 | index); record slot = the entity's index
 *       1 x, 2 y, 3 z  f32  the position set, world units (not validated here: the engine refuses NaN/Infinity)
 *       4 stamp  u32  the writer's publish number (StateWriter.seq) that carried this position
 * ```
 *
 * Records are keyed by entity slot, so a publish is the latest bulk position of every entity ever
 * set this way, not a list of events: a publish the engine did not take before the next one
 * replaced it loses nothing, because the newer one holds every record written since. The engine
 * applies the records whose stamp is above the publish it applied last (a scan of HIGH slots,
 * which is why this path is for many moving entities; a few go faster as commands). Each publish
 * carries the logic tick in LOGIC_TICK, and the engine applies it only once it has applied that
 * tick's commands (its FRAME_END), so a creation in the same frame comes first. On a worker
 * restart the engine drops what the dead writer published and the new writer starts with the
 * buffer the dead one owned (`StateReader.orphanedBack()`, the handshake's `bulkTransformBack`); its
 * first publish is a full copy of its empty working copy, so nothing of the old world survives.
 * The region header's ENGINE_FRAME (the logic knows no engine frame) carries the API style of the
 * frame's last call (API_STYLES of command-table.ts), so the engine's refusals name that API.
 * A destroyed entity's record is removed (`forget`), so an engine that takes a publish after the
 * destroy's command (coalescing, or a publish applied over several frames) finds no record of it.
 */
import { defineStateSchema } from '../shared-memory/state-schema.ts';
import { createStateBuffer } from '../shared-memory/state-layout.ts';
import { PUBLISH_STATUS, StateWriter } from '../shared-memory/state-writer.ts';
import { ID_INDEX_MASK as ID_INDEX_MASK_IMPORTED } from './entity-id.ts';

// A module-local copy: imported bindings are loaded through the module on every use.
const ID_INDEX_MASK = ID_INDEX_MASK_IMPORTED;

/** The bulk-transform record schema. */
export const BULK_TRANSFORM_SCHEMA = defineStateSchema('BulkTransformState', [
  { name: 'position', type: 'f32', count: 3 },
  { name: 'stamp', type: 'u32' },
]);

/** Word offsets inside a bulk-transform record. */
export const B_ID = 0;
export const B_X = 1;
export const B_Y = 2;
export const B_Z = 3;
export const B_STAMP = 4;

/** Allocates a bulk-transform buffer for `capacity` entities (the entity capacity; TF1009 outside 1..2^20). */
export function createBulkTransformBuffer(capacity: number): SharedArrayBuffer {
  return createStateBuffer(BULK_TRANSFORM_SCHEMA, capacity);
}

/**
 * The logic's end: `set(ids, xyz, count)` any number of times in a frame, `publish(tick)` once at
 * its end (the runtime does it). Nothing allocates; nothing throws after construction.
 */
export class BulkTransformWriter {
  readonly state: StateWriter;
  readonly capacity: number;
  /** Positions written (total), and ids skipped because they can name no entity (<= 0 or an index beyond the capacity). */
  written = 0;
  invalidIds = 0;
  /** Publishes made, and failed ones (the engine keeps the last good one; the next repairs). */
  publishes = 0;
  failed = 0;
  private pending = 0;
  /** A record was removed since the last publish (forget). */
  private forgotten = false;
  /** API style of the last `set` (carried in the publish for the engine's messages). */
  private style = 0;
  /** The write loop, bound to this writer's arrays (createBulkWrite). */
  private readonly write: BulkWrite;

  /**
   * Attaches to `sab` (TF1009 when it is not a bulk-transform buffer). `back`: the buffer the
   * writer owns at start; omit it for the first worker, pass the handshake's `bulkTransformBack`
   * after a restart.
   */
  constructor(sab: SharedArrayBuffer, back?: number) {
    // No dirty tracking: the engine scans every slot up to HIGH anyway, and a full copy streams
    // (~2 ns a record) where marking and catching up costs ~10-25 ns a record; so `set` marks
    // nothing and each publish copies the working copy whole.
    this.state = new StateWriter(sab, BULK_TRANSFORM_SCHEMA, back === undefined ? { dirtyTracking: false } : { back, dirtyTracking: false });
    this.capacity = this.state.capacity;
    this.write = createBulkWrite(this.state);
  }

  /** Positions written since the last publish. */
  get pendingCount(): number {
    return this.pending;
  }

  /**
   * Writes (for the API of `style`) the positions of `ids[0..count-1]` from `xyz[3i], xyz[3i+1], xyz[3i+2]` (a later write
   * of the same entity in the same frame wins). Returns how many were written; ids that can name
   * no entity are skipped and counted in `invalidIds`. The caller checks the lengths.
   */
  set(ids: ArrayLike<number>, xyz: ArrayLike<number>, count: number, style: number): number {
    this.style = style;
    // The publish that will carry these writes (a failed publish also advances seq, so the stamp
    // stays above every publish the engine applied before it).
    const n = this.write(ids, xyz, count, this.state.seq + 1);
    this.invalidIds += count - n;
    this.written += n;
    this.pending += n;
    return n;
  }

  /**
   * Entity `id` was destroyed (the logic's destroyEntity, after any of its writes): its record
   * goes, and this frame publishes, so that an engine that applies a publish after the destroy
   * (it coalesces publishes when it falls behind, or applies one over several frames) never
   * refuses a move that was valid when it was made. A write after the destroy is still refused.
   * Allocates nothing.
   */
  forget(id: number): void {
    const slot = id & ID_INDEX_MASK;
    if (!(id > 0) || slot >= this.capacity) return;
    const w = this.state;
    if (w.i32[w.recordOffset(slot) + B_ID] !== id) return;
    w.destroy(id);
    this.forgotten = true;
  }

  /** Publishes this frame's writes and removals stamped with `tick` (nothing when none were made). Allocates nothing. */
  publish(tick: number): void {
    if (this.pending === 0 && !this.forgotten) return;
    this.pending = 0;
    this.forgotten = false;
    this.publishes++;
    // publish() never throws; a failure keeps the dirty history, so the next publish repairs.
    if (this.state.publish(this.style, tick) >= PUBLISH_STATUS.FAILED_CAPACITY) this.failed++;
  }
}

/** Writes `ids[i]`'s position `xyz[3i..3i+2]` stamped `stamp` for i < count; returns how many ids could name an entity. */
type BulkWrite = (ids: ArrayLike<number>, xyz: ArrayLike<number>, count: number, stamp: number) => number;

/**
 * The write loop of `w`'s working copy as a closure whose typed arrays are `const` bindings: V8
 * folds their length and data pointer into the code (as fields or parameters they are reloaded at
 * every access; see engine/bulk-apply-loop.ts). Made once per writer.
 */
function createBulkWrite(w: StateWriter): BulkWrite {
  const i32 = w.i32;
  const u32 = w.u32;
  const f32 = w.f32;
  const base = w.workBase;
  const stride = w.strideWords;
  const cap = w.capacity;
  return (ids: ArrayLike<number>, xyz: ArrayLike<number>, count: number, stamp: number): number => {
    let n = 0;
    for (let i = 0; i < count; i++) {
      const id = ids[i]! | 0;
      const slot = id & ID_INDEX_MASK;
      if (id <= 0 || slot >= cap) continue;
      const o = base + slot * stride;
      const current = i32[o + B_ID]!;
      if (current !== id) {
        // Another entity (or generation) held this slot: its record gives way.
        if (current !== 0) w.destroy(current);
        w.create(id);
      }
      const k = 3 * i;
      f32[o + B_X] = xyz[k]!;
      f32[o + B_Y] = xyz[k + 1]!;
      f32[o + B_Z] = xyz[k + 2]!;
      u32[o + B_STAMP] = stamp;
      n++;
    }
    return n;
  };
}
