/**
 * The engine's end of the bulk-transform path (bulk-transform-state.ts): in the apply phase, after
 * the commands, takes the logic's latest bulk publish and writes every position set since the one
 * it applied last into the entity working copy, marking each entity dirty (so the render phase
 * hands it to the renderer and the published entity state the logic reads agrees). Each record is
 * checked: a dead id or a stale generation (TF4001) and a non-finite position (TF4003) are refused
 * and counted, and the entity keeps its last good transform; one diagnostic per publish names the
 * first refusal and how many there were. The valid path allocates nothing.
 *
 * With a renderer that has `setInstancePositions`, an entity only the bulk path moved this frame is
 * staged for it in the same loop (its instance and position) instead of getting a setInstance of
 * its own in the render phase: its dirty-list entries (appended after the commands' ones) are the
 * range the render phase skips (`renderFrom..renderTo`), and `flushRenderer` makes the one call.
 *
 * A publish of more than `chunkRecords` new records is applied over several calls, in slot order
 * (`busy` until done; the App drains no commands and holds the entity publish meanwhile, so the
 * commands after it land after it and the logic sees it whole). The loop itself is bulk-apply-loop.ts.
 */
import * as bulkState from '../protocol/bulk-transform-state.ts';
import { ID_INDEX_MASK } from '../protocol/entity-id.ts';
import { formatValue as fmt } from '../protocol/value-format.ts';
import { API_STYLES } from '../protocol/command-table.ts';
import { StateReader } from '../shared-memory/state-reader.ts';
import type { StateWriter } from '../shared-memory/state-writer.ts';
import type { DiagnosticHub } from './diagnostic-hub.ts';
import type { RenderResourceManager } from './render-resource-manager.ts';
import type { Renderer } from '../platform/renderer.ts';
import { COMMAND_CODES } from './error-codes.ts';
import { BulkApplyTally, createBulkApplyLoop, type BulkApplyLoop, type BulkStaging } from './bulk-apply-loop.ts';

// Module-local copies: V8 folds module-local consts into optimized code but loads imported
// bindings through the module on every use (see command-reader.ts).
const { BULK_TRANSFORM_SCHEMA, B_ID, B_X, B_Y, B_Z } = bulkState;

/**
 * Records of one bulk publish applied per engine frame at most (slots whose record is older than
 * the last publish applied cost only their scan): 262,144 keep the frame that applies a million
 * entities' positions near a quarter of the apply (about 2.5 of 10 ms here), and leave every
 * publish up to that size applied in one frame.
 */
export const DEFAULT_BULK_APPLY_CHUNK = 262144;

/** Applies the logic's bulk positions to the engine's entity state. Engine thread only. */
export class BulkTransformSync {
  /** Bulk publishes applied. */
  publishes = 0;
  /** Positions applied, and refused: dead id (its slot is free), stale generation (the slot holds another entity), non-finite value. */
  applied = 0;
  refusedDead = 0;
  refusedStale = 0;
  refusedValue = 0;
  /** Frames a taken publish waited for its logic tick's commands (FRAME_END) to be applied. */
  waits = 0;
  private readonly reader: StateReader;
  /** A publish taken and not yet applied (its tick's commands are still in the queue). */
  private pending = false;
  /** Seq of the publish applied last (or being applied): records stamped above it are new. */
  private lastSeq = 0;
  /** The publish being applied: the next slot (-1: none), and the seq its records must be stamped above. */
  private cursor = -1;
  private newerThan = 0;
  /** Apply calls that applied (part of) a publish: each one's positions are in the entity working copy (the recorder's cue). */
  steps = 0;
  /** Dirty-list entries the last apply added (entities only it moved), for the render phase to skip; 0, 0: none. */
  renderFrom = 0;
  renderTo = 0;
  /** Positions staged for the renderer's setInstancePositions (null: the renderer has none). */
  private readonly staging: BulkStaging | null = null;
  private staged = 0;
  /** The apply loop (made for the entity state it was first given) and what its runs did. */
  private loop: BulkApplyLoop | null = null;
  private loopState: StateWriter | null = null;
  private readonly tally = new BulkApplyTally();
  /** EntitySystem.destroyed when the positions were staged (a destroy since then may have freed a staged instance). */
  private stagedDestroyed = 0;

  constructor(
    readonly buffer: SharedArrayBuffer,
    private readonly diagnostics: DiagnosticHub,
    private readonly resources?: RenderResourceManager,
    renderer?: Renderer,
    /** Records of a publish taken (applied or refused) per call at most (the App's bulkApplyChunk). */
    private readonly chunkRecords = DEFAULT_BULK_APPLY_CHUNK,
  ) {
    this.reader = new StateReader(buffer, BULK_TRANSFORM_SCHEMA);
    if (resources !== undefined && renderer?.setInstancePositions !== undefined) {
      const capacity = this.reader.capacity;
      this.staging = { mesh: new Uint8Array(capacity), slot: new Int32Array(capacity), id: new Int32Array(capacity), xyz: new Float32Array(3 * capacity) };
    }
  }

  /**
   * Render phase, after EntitySystem.syncRenderer(renderFrom, renderTo): hands the staged positions
   * to the renderer in one call and forgets them. `destroyed` is EntitySystem.destroyed now: when
   * entities were destroyed since the apply (a world clear), staged instances that were freed are
   * dropped first. Allocates nothing.
   */
  flushRenderer(renderer: Renderer, destroyed: number): void {
    let n = this.staged;
    this.staged = 0;
    this.renderFrom = 0;
    this.renderTo = 0;
    if (n === 0 || renderer.setInstancePositions === undefined) return;
    const { mesh, slot: slots, xyz } = this.staging!;
    if (destroyed !== this.stagedDestroyed) n = this.dropFreed(n);
    renderer.setInstancePositions(mesh, slots, xyz, n);
  }

  /** Keeps the staged entries whose entity still holds its instance; returns how many. */
  private dropFreed(n: number): number {
    const resources = this.resources!;
    const { mesh, slot: slots, id: ids, xyz } = this.staging!;
    let k = 0;
    for (let i = 0; i < n; i++) {
      if (resources.instanceSlotOf(ids[i]!) !== slots[i]) continue;
      mesh[k] = mesh[i]!;
      slots[k] = slots[i]!;
      ids[k] = ids[i]!;
      xyz[3 * k] = xyz[3 * i]!;
      xyz[3 * k + 1] = xyz[3 * i + 1]!;
      xyz[3 * k + 2] = xyz[3 * i + 2]!;
      k++;
    }
    return k;
  }

  /** Positions refused, all reasons. */
  get refused(): number {
    return this.refusedDead + this.refusedStale + this.refusedValue;
  }

  /**
   * A worker restart: drops whatever the dead writer published (its world is gone) and returns the
   * back buffer the new writer owns (the handshake's `bulkTransformBack`).
   */
  takeOver(): number {
    this.reader.refresh();
    this.pending = false;
    this.lastSeq = 0;
    this.cursor = -1;
    return this.reader.orphanedBack();
  }

  /**
   * Applies the newest bulk publish once the commands of its logic tick were applied
   * (`appliedTick`: the last FRAME_END seen), at most `chunkRecords` of its records per call: a larger
   * publish continues in the next calls (`busy` until then; the caller applies no commands
   * meanwhile, so they land after it, in order). Returns the positions applied. Allocates nothing
   * unless something was refused (the diagnostic's text, once the publish is done).
   */
  apply(state: StateWriter, appliedTick: number, destroyed = 0): number {
    const r = this.reader;
    const tally = this.tally;
    if (this.cursor < 0) {
      if (!this.pending) {
        if (!r.refresh()) return 0;
        this.pending = true;
      }
      if (r.logicTick > appliedTick) {
        // Its frame's commands (a creation, a destroy) are still queued: they go first.
        this.waits++;
        return 0;
      }
      this.pending = false;
      // The reader keeps this publish's buffer until it takes the next one, so a publish applied
      // over several frames reads one snapshot throughout.
      this.newerThan = this.lastSeq;
      this.lastSeq = r.seq;
      this.publishes++;
      this.cursor = 0;
      tally.reset();
    }
    if (this.loopState !== state) {
      // Once per entity state (one per App): the loop's closure binds its arrays (bulk-apply-loop.ts).
      this.loop = createBulkApplyLoop(r, state, tally, this.staging, this.resources);
      this.loopState = state;
    }
    const loop = this.loop!;
    const high = r.high;
    const from = this.cursor;
    const last = this.newerThan;
    const dirtyFrom = state.pendingDirty;
    // A continued publish's frames apply no commands (the App waits for it): nothing is command-changed.
    const commandDirty = from === 0 && dirtyFrom > 0;
    const dead = tally.dead;
    const stale = tally.stale;
    const bad = tally.bad;
    tally.staged = 0;
    // Up to `marks` positions a frame are marked dirty one by one; beyond, one full copy at the
    // publish is cheaper than the marks and their catch-up (StateWriter's own 1/16 rule): the loop
    // stops at the last mark, the rest of the slots go through it unmarked, and the publish is
    // asked for a full copy (markAllChanged). Two runs keep the mark decision out of the per-record
    // path. No marks once a full copy is asked for (a publish applied over several frames).
    const marks = state.allChangedPending ? 0 : high >> 4;
    let budget = this.chunkRecords;
    let applied = 0;
    let slot = from;
    if (marks > 0) {
      loop(r.recordOffset(from), last, from, high, Math.min(marks, budget), true, commandDirty);
      applied = tally.applied;
      budget -= tally.taken;
      slot = tally.next;
    }
    if (slot < high && budget > 0) {
      loop(r.recordOffset(slot), last, slot, high, budget, false, commandDirty);
      if (tally.applied > 0) state.markAllChanged();
      applied += tally.applied;
      slot = tally.next;
    }
    this.cursor = slot < high ? slot : -1;
    this.steps++;
    if (this.staging !== null) {
      this.staged = tally.staged;
      this.stagedDestroyed = destroyed;
      this.renderFrom = dirtyFrom;
      this.renderTo = state.pendingDirty;
    }
    this.applied += applied;
    this.refusedDead += tally.dead - dead;
    this.refusedStale += tally.stale - stale;
    this.refusedValue += tally.bad - bad;
    if (this.cursor < 0 && tally.firstBad >= 0) this.report(tally.firstBad, tally.dead, tally.stale, tally.bad, state, r.logicTick);
    return applied;
  }

  /** A publish is being applied over several calls (see apply): commands must wait until it is done. */
  get busy(): boolean {
    return this.cursor >= 0;
  }

  /** One diagnostic for a publish with refusals, naming the first (error path; allocates). */
  private report(slot: number, dead: number, stale: number, bad: number, state: StateWriter, tick: number): void {
    const { i32, f32 } = this.reader;
    const o = this.reader.recordOffset(slot);
    const id = i32[o + B_ID]!;
    const [x, y, z] = [f32[o + B_X]!, f32[o + B_Y]!, f32[o + B_Z]!];
    const api = this.reader.engineFrame === API_STYLES.SEED ? 'EntityAPI.updatePositions' : 'ctx.entities.setPositions';
    const counts = `${dead + stale + bad} of this publish's positions were refused (${dead} dead id, ${stale} stale generation, ${bad} non-finite); those entities keep their last good position`;
    const finite = Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(z);
    if (!finite) {
      this.diagnostics.report(COMMAND_CODES.VALUE_INVALID.code, 'error', `${api}: position must be three finite numbers; got (${fmt(x)}, ${fmt(y)}, ${fmt(z)}) for entity ${id}. ${counts}. Check the arithmetic that produced it.`, 'apply', tick);
      return;
    }
    const holder = state.i32[state.recordOffset(slot)]!;
    const why = holder !== 0 ? `its slot ${id & ID_INDEX_MASK} now holds entity ${holder} (a stale generation)` : 'dead or never created';
    this.diagnostics.report(COMMAND_CODES.ENTITY_NOT_FOUND.code, 'error', `${api}: entity ${id} does not exist (${why}); got id ${id}. ${counts}. Pass ids of live entities.`, 'apply', tick);
  }
}
