/**
 * RenderResourceManager (the seed's Phase 5): which render resources each entity holds, kept on
 * the engine thread only, so entity state stays game data. Geometry is shared per mesh type (the
 * renderer owns one per type); an entity holds an instance slot of its mesh type (no command sets
 * textures, so there is no texture slot until one does). Keyed by id with its generation, so a stale id never finds a new entity's
 * resources. Typed arrays indexed by the id's slot: get/has/assign/remove allocate nothing.
 */
import { ID_INDEX_MASK as ID_INDEX_MASK_IMPORTED } from '../protocol/entity-id.ts';

// A module-local copy: imported bindings are loaded through the module on every use (render phase, per entity).
const ID_INDEX_MASK = ID_INDEX_MASK_IMPORTED;

/** What an entity holds; pass one as `out` to `get`. */
export interface RenderResources {
  /** Index into MESH_TYPES; the shared geometry of that type. */
  meshType: number;
  /** The renderer's instance slot for this entity. */
  instanceSlot: number;
}

/** Entity id -> render resources. Engine thread only. */
export class RenderResourceManager {
  readonly capacity: number;
  private readonly ids: Int32Array;
  private readonly meshTypes: Int32Array;
  private readonly slots: Int32Array;
  private live = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.ids = new Int32Array(capacity);
    this.meshTypes = new Int32Array(capacity);
    this.slots = new Int32Array(capacity);
  }

  /** Entities holding resources. */
  get count(): number {
    return this.live;
  }

  /**
   * Records `id`'s resources, replacing any it held. False (nothing recorded) for an id that is not
   * positive or whose index is beyond the capacity.
   */
  assign(id: number, meshType: number, instanceSlot: number): boolean {
    const i = id & ID_INDEX_MASK;
    if (!(id > 0) || i >= this.capacity) return false;
    if (this.ids[i] !== id) {
      if (this.ids[i] === 0) this.live++;
      this.ids[i] = id;
    }
    this.meshTypes[i] = meshType;
    this.slots[i] = instanceSlot;
    return true;
  }

  /** Whether `id` holds resources. */
  has(id: number): boolean {
    const i = id & ID_INDEX_MASK;
    return id > 0 && i < this.capacity && this.ids[i] === id;
  }

  /** Copies `id`'s resources into `out`; false (out untouched) when it holds none. */
  get(id: number, out: RenderResources): boolean {
    if (!this.has(id)) return false;
    const i = id & ID_INDEX_MASK;
    out.meshType = this.meshTypes[i]!;
    out.instanceSlot = this.slots[i]!;
    return true;
  }

  /** `id`'s mesh type, or -1. */
  meshTypeOf(id: number): number {
    return this.has(id) ? this.meshTypes[id & ID_INDEX_MASK]! : -1;
  }

  /** `id`'s instance slot, or -1. */
  instanceSlotOf(id: number): number {
    return this.has(id) ? this.slots[id & ID_INDEX_MASK]! : -1;
  }

  /** Forgets `id`'s resources (the caller frees them in the renderer first); false when it held none. */
  remove(id: number): boolean {
    if (!this.has(id)) return false;
    this.ids[id & ID_INDEX_MASK] = 0;
    this.live--;
    return true;
  }

  /** Forgets every entity's resources. */
  clear(): void {
    this.ids.fill(0);
    this.live = 0;
  }
}
