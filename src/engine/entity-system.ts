/**
 * The seed's C++ EntityAPI: validates every entity command where it is applied, writes the
 * engine's working copy of EntityState, marks it dirty, creates and frees render resources, and
 * answers creations through the CallbackQueue. Nothing reaches the state or the renderer unless
 * it is valid. The valid path allocates nothing; refusals build their message (error path).
 */
import { MESH_TYPES } from '../protocol/mesh-types.ts';
import { CALLBACK_TYPES } from '../protocol/callback-queue.ts';
import * as entityFields from '../protocol/entity-state.ts';
import { ID_INDEX_MASK } from '../protocol/entity-id.ts';
import { RECORD_STATUS, type StateWriter } from '../shared-memory/state-writer.ts';
import type { EntityLook } from '../protocol/entity-state.ts';
import type { InstanceLook, Renderer } from '../platform/renderer.ts';
import type { RenderResourceManager } from './render-resource-manager.ts';
import type { CallbackOutbox } from './callback-outbox.ts';
import { COMMAND_CODES } from './error-codes.ts';
import { DestroyedIds } from './destroyed-ids.ts';
import { PositionStaging } from './position-staging.ts';
import type { CommandRejections } from './command-rejections.ts';
import { formatValue as fmt } from '../protocol/value-format.ts';
import type { EntityCommandTarget } from '../protocol/command-targets.ts';

// Module-local copies: V8 folds module-local consts into optimized code but loads imported
// bindings through the module on every use (measured: most of syncRenderer's time at 100,000
// entities under tsx), see command-reader.ts.
const { E_COLOR, E_FLAGS, E_MESH, E_SCALE, E_X, E_Y, E_YAW, E_Z, FLAG_ACTIVE, packColor, readEntityLook } = entityFields;
const ENTITY_CREATED = CALLBACK_TYPES.ENTITY_CREATED;
const GENERIC = CALLBACK_TYPES.GENERIC;
const MESH_COUNT = MESH_TYPES.length;
const MESH_LIST = MESH_TYPES.join(', ');
/** The exponent bits of an f32. */
const EXP = 0x7f800000;

/**
 * Applies entity commands (the command table's `entities` commands; CommandReader calls it
 * directly). Each method returns true when applied, false when refused. Engine thread only.
 */
export class EntitySystem implements EntityCommandTarget {
  /** Logic tick whose commands are being applied (for messages). */
  tick = 0;
  created = 0;
  destroyed = 0;
  private readonly destroyedIds: DestroyedIds;
  /** Dirty-list entries already handed to the renderer, and the publish (state.seq) they belong to. */
  private syncedTo = 0;
  private syncedSeq = -1;
  private readonly i32: Int32Array;
  private readonly u32: Uint32Array;
  private readonly f32: Float32Array;
  /**
   * The instance handed to the renderer, refilled for each dirty entity (syncRenderer allocates
   * nothing). No command hides an entity (alpha 0 does), so `visible` stays true.
   */
  private readonly look: EntityLook & InstanceLook = {
    x: 0, y: 0, z: 0, yaw: 0, pitch: 0, roll: 0, scale: 1, r: 0, g: 0, b: 0, a: 0, visible: true,
  };
  /** By slot: 1 when more than the position changed since the last setInstance (creation, orientation, colour, scale). */
  private readonly lookChanged: Uint8Array;
  /** Position-only changes for the renderer's setInstancePositions (null: it has none). */
  private readonly positions: PositionStaging | null;

  constructor(
    readonly state: StateWriter,
    private readonly resources: RenderResourceManager,
    private readonly renderer: Renderer,
    private readonly callbacks: CallbackOutbox,
    private readonly rejections: CommandRejections,
  ) {
    this.destroyedIds = new DestroyedIds(state.capacity);
    this.i32 = state.i32;
    this.u32 = state.u32;
    this.f32 = state.f32;
    this.lookChanged = new Uint8Array(state.capacity);
    this.positions = renderer.setInstancePositions === undefined ? null : new PositionStaging(state.capacity);
  }

  /** Live entities. */
  get live(): number {
    return this.state.live;
  }

  createMesh(
    id: number, callbackId: number, mesh: number,
    x: number, y: number, z: number, scale: number,
    r: number, g: number, b: number, a: number,
  ): boolean {
    if (!Number.isInteger(mesh) || mesh < 0 || mesh >= MESH_COUNT) {
      this.rejections.reject(COMMAND_CODES.MESH_TYPE_UNKNOWN.code, `unknown mesh type; got ${mesh === -1 ? 'a name that is none of them (index -1)' : `index ${fmt(mesh)}`}, expected one of ${MESH_LIST}. Use one of those names.`, callbackId, ENTITY_CREATED);
      return false;
    }
    if (!finite3(x, y, z)) return this.badVector('position', x, y, z, callbackId, ENTITY_CREATED);
    if (!(scale >= 0) || scale === Infinity) return this.badScale(scale, '', callbackId, ENTITY_CREATED);
    if (!channel(r) || !channel(g) || !channel(b) || !channel(a)) return this.badColor(r, g, b, a, callbackId, ENTITY_CREATED);
    const status = this.state.create(id);
    if (status !== RECORD_STATUS.OK) {
      const why = status === RECORD_STATUS.SLOT_IN_USE ? `its slot is held by live entity ${this.i32[this.state.recordOffset(id & ID_INDEX_MASK)]}` : `it is not an id below the entity capacity ${this.state.capacity}`;
      this.rejections.reject(COMMAND_CODES.ENTITY_ID_INVALID.code, `cannot create entity ${id}: ${why}. Let EntityAPI issue ids; raise entityCapacity if the world is full.`, callbackId, ENTITY_CREATED);
      return false;
    }
    const o = this.state.recordOffset(id & ID_INDEX_MASK);
    const f = this.f32;
    f[o + E_X] = x; f[o + E_Y] = y; f[o + E_Z] = z;
    f[o + E_SCALE] = scale;
    this.u32[o + E_COLOR] = packColor(Math.round(r), Math.round(g), Math.round(b), Math.round(a));
    this.u32[o + E_MESH] = mesh;
    this.u32[o + E_FLAGS] = FLAG_ACTIVE;
    this.lookChanged[id & ID_INDEX_MASK] = 1;
    this.resources.assign(id, mesh, this.renderer.createInstance(mesh));
    this.created++;
    if (callbackId !== 0) this.callbacks.send(callbackId, id, ENTITY_CREATED, '');
    return true;
  }

  updatePosition(id: number, x: number, y: number, z: number): boolean {
    return this.set3(id, x, y, z, 'position', E_X);
  }

  /**
   * {@inheritDoc EntityCommandTarget.updatePositionRun} Per record: the slot holds this id (else a dead id or stale
   * generation), finite f32 bits, three word copies; a failing record goes through updatePosition, which refuses it.
   */
  updatePositionRun(i32: Int32Array, f32: Float32Array, q: number, count: number, strideWords: number): number {
    const state = this.state, ei32 = this.i32, capacity = state.capacity;
    let applied = 0;
    for (let k = 0; k < count; k++, q += strideWords) {
      const id = i32[q]!;
      // The position's bits, copied as they are; an f32 whose exponent bits are all ones is NaN or ±Infinity.
      const x = i32[q + 1]!, y = i32[q + 2]!, z = i32[q + 3]!;
      const o = state.recordOffset(id & ID_INDEX_MASK);
      if (id <= 0 || (id & ID_INDEX_MASK) >= capacity || ei32[o]! !== id || (x & EXP) === EXP || (y & EXP) === EXP || (z & EXP) === EXP) {
        this.updatePosition(id, f32[q + 1]!, f32[q + 2]!, f32[q + 3]!);
        continue;
      }
      ei32[o + E_X] = x; ei32[o + E_Y] = y; ei32[o + E_Z] = z;
      state.markDirty(id);
      applied++;
    }
    return applied;
  }

  moveBy(id: number, dx: number, dy: number, dz: number): boolean {
    return this.set3(id, dx, dy, dz, 'delta', E_X, true);
  }

  updateOrientation(id: number, yaw: number, pitch: number, roll: number): boolean {
    return this.set3(id, yaw, pitch, roll, 'orientation', E_YAW);
  }

  /**
   * Sets the three consecutive fields from `field` (E_X: x, y, z; E_YAW: yaw, pitch, roll) of a
   * live entity to finite (a, b, c), or adds them when `relative`, or refuses as live3 does.
   */
  private set3(id: number, a: number, b: number, c: number, what: string, field: number, relative = false): boolean {
    const o = this.live3(id, a, b, c, what);
    if (o < 0) return false;
    const f = this.f32;
    const i = o + field;
    f[i] = relative ? f[i]! + a : a; f[i + 1] = relative ? f[i + 1]! + b : b; f[i + 2] = relative ? f[i + 2]! + c : c;
    if (field !== E_X) this.lookChanged[id & ID_INDEX_MASK] = 1; // an orientation: more than the position
    this.state.markDirty(id);
    return true;
  }

  updateColor(id: number, r: number, g: number, b: number, a: number): boolean {
    const o = this.liveOffset(id);
    if (o < 0) return false;
    if (!channel(r) || !channel(g) || !channel(b) || !channel(a)) return this.badColor(r, g, b, a, 0, GENERIC);
    this.u32[o + E_COLOR] = packColor(Math.round(r), Math.round(g), Math.round(b), Math.round(a));
    return this.lookDirty(id);
  }

  /** Marks live `id` dirty with more than its position changed (its next render is a setInstance); true. */
  private lookDirty(id: number): true {
    this.lookChanged[id & ID_INDEX_MASK] = 1;
    this.state.markDirty(id);
    return true;
  }

  updateScale(id: number, s: number): boolean {
    const o = this.liveOffset(id);
    if (o < 0) return false;
    if (!(s >= 0) || s === Infinity) return this.badScale(s, ` for entity ${id}`, 0, GENERIC);
    this.f32[o + E_SCALE] = s;
    return this.lookDirty(id);
  }

  destroyEntity(id: number): boolean {
    if (this.liveOffset(id) < 0) return false;
    this.release(id);
    return true;
  }

  /** Destroys every entity (a restarted logic starts from an empty world). */
  clear(): void {
    this.state.forEachLive((id) => this.release(id));
  }

  /**
   * Render phase: hands every entity changed since the last publish to the renderer (O(dirty)),
   * except dirty-list entries `skipFrom..skipTo-1` (those only the bulk path moved: the renderer
   * gets their positions in one setInstancePositions call, bulk-transform-sync.ts). An entity
   * whose only change is its position (updatePosition, moveBy) is staged too, and those go in one
   * setInstancePositions call at the end (position-staging.ts), when the renderer has it; the
   * others get a setInstance with their whole look. Freed entities were already removed from the
   * renderer when destroyed.
   */
  syncRenderer(skipFrom = 0, skipTo = 0): void {
    const state = this.state;
    const n = state.pendingDirty;
    // Entries handed over in an earlier frame whose publish did not happen yet (the App holds the
    // entity publish while a bulk publish lands over several frames, and applies no commands then)
    // are not handed over again: the dirty list is only emptied by a publish (state.seq moves).
    const from = state.seq === this.syncedSeq ? this.syncedTo : 0;
    this.syncedSeq = state.seq;
    this.syncedTo = n;
    if (skipTo <= skipFrom) {
      this.syncRange(from, n);
    } else {
      this.syncRange(from, Math.max(from, skipFrom));
      this.syncRange(Math.max(from, skipTo), n);
    }
    this.positions?.flush(this.renderer);
  }

  private syncRange(from: number, to: number): void {
    const state = this.state;
    const look = this.look;
    const f = this.f32;
    const u = this.u32;
    const changed = this.lookChanged;
    const positions = this.positions;
    for (let i = from; i < to; i++) {
      const slot = state.dirtySlotAt(i);
      const o = state.recordOffset(slot);
      const id = this.i32[o]!;
      if (id === 0) continue; // destroyed since it was marked
      const instance = this.resources.instanceSlotOf(id);
      if (instance < 0) continue;
      if (changed[slot] === 0 && positions !== null) {
        positions.add(u[o + E_MESH]!, instance, f[o + E_X]!, f[o + E_Y]!, f[o + E_Z]!);
        continue;
      }
      changed[slot] = 0;
      readEntityLook(f, u, o, look);
      this.renderer.setInstance(u[o + E_MESH]!, instance, look);
    }
  }

  private release(id: number): void {
    const mesh = this.resources.meshTypeOf(id);
    const instance = this.resources.instanceSlotOf(id);
    if (instance >= 0) this.renderer.removeInstance(mesh, instance);
    this.resources.remove(id);
    this.state.destroy(id);
    this.destroyedIds.note(id, this.tick);
    this.destroyed++;
  }

  /** Record offset of live `id`, or -1 after refusing the command. */
  private liveOffset(id: number): number {
    const slot = this.state.slotOf(id);
    if (slot >= 0) return this.state.recordOffset(slot);
    this.rejections.reject(COMMAND_CODES.ENTITY_NOT_FOUND.code, this.notFound(id), 0, GENERIC);
    return -1;
  }

  private live3(id: number, a: number, b: number, c: number, what: string): number {
    const o = this.liveOffset(id);
    if (o < 0 || finite3(a, b, c)) return o;
    this.badVector(what, a, b, c, 0, GENERIC);
    return -1;
  }

  private notFound(id: number): string {
    return `entity ${id} does not exist (${this.destroyedIds.why(id)}); got id ${id}. Create it first or check the id.`;
  }

  private badVector(what: string, a: number, b: number, c: number, callbackId: number, type: number): false {
    this.rejections.reject(COMMAND_CODES.VALUE_INVALID.code, `${what} must be three finite numbers; got (${fmt(a)}, ${fmt(b)}, ${fmt(c)}). Check the arithmetic that produced it.`, callbackId, type);
    return false;
  }

  private badScale(s: number, forWhat: string, callbackId: number, type: number): false {
    this.rejections.reject(COMMAND_CODES.VALUE_INVALID.code, `scale must be a finite number >= 0; got ${fmt(s)}${forWhat}. Pass a size such as 1.0.`, callbackId, type);
    return false;
  }

  private badColor(r: number, g: number, b: number, a: number, callbackId: number, type: number): false {
    this.rejections.reject(COMMAND_CODES.VALUE_INVALID.code, `colour channels must be numbers in 0-255; got (${fmt(r)}, ${fmt(g)}, ${fmt(b)}, ${fmt(a)}). Use 0-255 per channel, e.g. {r: 255, g: 128, b: 0, a: 255}.`, callbackId, type);
    return false;
  }
}

function finite3(a: number, b: number, c: number): boolean {
  return Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(c);
}

function channel(v: number): boolean {
  return v >= 0 && v <= 255;
}
