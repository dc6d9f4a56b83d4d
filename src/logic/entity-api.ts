/**
 * The seed's EntityAPI for game scripts (the global `EntityAPI`, and under `ctx.entities` for typed
 * games): entity ids are issued here, at once, so a handle is usable in the frame that creates it;
 * every call becomes one RenderCommandQueue command (through the CommandOutbox, so a full queue is
 * backpressure, never loss). Only argument shapes are checked here (TF5010 naming the API, the
 * argument and the value); the engine validates values (NaN, colour ranges, unknown ids and mesh
 * types) where it applies the command and answers refusals through the CallbackQueue.
 * Fire-and-forget calls allocate nothing when positions, colours and orientations are reused objects.
 */
import { meshTypeIndex } from '../protocol/mesh-types.ts';
import { emptyEntitySnapshot, readEntity } from '../protocol/entity-state.ts';
import type { EntitySnapshot } from '../protocol/entity-state.ts';
import { COMMAND_OPCODES } from '../protocol/command-opcodes.ts';
import { API_STYLES, type ApiStyle } from '../protocol/command-table.ts';
import type { LogicServices } from './logic-services.ts';
import type { RequestHandle, SeedCallback } from './request-handle.ts';
import { ScriptApi, readCallback, readErrorHandler } from './script-api.ts';
import { badArgument, readColor, readId, readNumber, readOrientation, readVec3 } from './vector-args.ts';
import type { ColorLike, Num3, Num4, OrientationLike, Vec3Like } from './vector-args.ts';

const { CREATE_MESH, UPDATE_POSITION, MOVE_BY, UPDATE_ORIENTATION, UPDATE_COLOR, UPDATE_SCALE, DESTROY_ENTITY } = COMMAND_OPCODES;
const v3: Num3 = { a: 0, b: 0, c: 0 };
const c4: Num4 = { a: 0, b: 0, c: 0, d: 0 };

/** Entity commands and queries over the runtime's services. Logic thread only. */
export class EntityApi extends ScriptApi {
  /** This style's API names of the entity commands, built once so the hot path never builds a string. */
  private readonly n;
  /** The bulk path's API name (it is no command of the table). */
  private readonly nBulk: string;

  /** `style`: see ScriptApi (API_STYLES.SEED for the global `EntityAPI`, TYPED for `ctx.entities`). */
  constructor(services: LogicServices, style: ApiStyle) {
    super(services, style, CREATE_MESH);
    this.n = this.namesOf({
      create: CREATE_MESH, updatePosition: UPDATE_POSITION, moveBy: MOVE_BY, updateOrientation: UPDATE_ORIENTATION,
      updateColor: UPDATE_COLOR, updateScale: UPDATE_SCALE, destroy: DESTROY_ENTITY,
    });
    this.nBulk = style === API_STYLES.TYPED ? 'ctx.entities.setPositions' : 'EntityAPI.updatePositions';
  }

  /**
   * Creates a mesh entity and returns its request at once (`id` usable now; 0 when every id is in
   * use, which settles as a TF5011 refusal). Allocates the request (once per creation).
   */
  create(type: unknown, position: unknown, scale: unknown, color: unknown, callback?: SeedCallback, onError?: (message: string) => void): RequestHandle {
    const api = this.n.create;
    if (typeof type !== 'string') badArgument(api, 'type', type, 'a mesh type name: "cube", "sphere", "plane" or "grid"', 'Pass e.g. "cube".');
    readVec3(api, 'position', position, v3);
    const s = readNumber(api, 'scale', scale);
    readColor(api, 'color', color, c4);
    const request = this.newRequest(api, this.s.entityIds, 'entity', callback, onError);
    if (request.id === 0) return request;
    const callbackId = this.s.pending.register(request);
    this.outbox().createMesh(request.id, callbackId, meshTypeIndex(type as string), v3.a, v3.b, v3.c, s, c4.a, c4.b, c4.c, c4.d);
    return request;
  }

  /**
   * The seed's createMesh: returns the new entity's id at once (0 when none is free); `callback(id)`
   * runs when the engine confirms, `onError(message)` (or `callback.errorHandler`) when it refuses.
   *
   * @example
   * ```js
   * const id = EntityAPI.createMesh('cube', { x: 0, y: 0, z: 1 }, 1, { r: 255, g: 0, b: 0, a: 255 }, (id) => console.log('created', id));
   * EntityAPI.updatePosition(id, [1, 2, 3]); // usable in the same frame
   * ```
   */
  createMesh(type: string, position: Vec3Like, scale: number, color: ColorLike, callback?: (entityId: number) => void, onError?: (message: string) => void): number {
    const api = this.n.create;
    return this.create(type, position, scale, color, readCallback(api, 'callback', callback), readErrorHandler(api, 'onError', onError)).id;
  }

  /** Sets an entity's position (`{x,y,z}` or `[x,y,z]`). */
  updatePosition(id: number | { readonly id: number }, position: Vec3Like): void {
    this.send3(UPDATE_POSITION, this.n.updatePosition, id, 'position', position, readVec3, v3);
  }

  /**
   * The bulk path: sets the positions of `ids[0..count-1]` to `xyz[3i..3i+2]` with no command and no
   * object per entity (written into the bulk-transform buffer, published once at the end of the
   * frame, applied by the engine after this frame's commands). `count` defaults to `ids.length`.
   * Throws TF5010 for arrays of the wrong kind or length; the engine refuses dead or stale ids and
   * non-finite values (TF4001, TF4003; counted, one diagnostic per frame). Returns how many were
   * written (ids that can name no entity, <= 0 or beyond the capacity, are skipped). Allocates nothing.
   */
  setPositions(ids: ArrayLike<number>, xyz: ArrayLike<number>, count?: number): number {
    const api = this.nBulk;
    if (!isNumberArray(ids)) badArgument(api, 'ids', ids, 'an Int32Array (or an array of ids)', 'Pass e.g. new Int32Array(n) filled with entity ids.');
    if (!isNumberArray(xyz)) badArgument(api, 'positions', xyz, 'a Float32Array of x, y, z per id', 'Pass e.g. new Float32Array(3 * n).');
    const n = count === undefined ? ids.length : count;
    if (!Number.isInteger(n) || n < 0 || n > ids.length) badArgument(api, 'count', count, `an integer in 0..${ids.length} (the ids given)`, 'Pass the number of ids to set, or leave it out.');
    if (xyz.length < 3 * n) badArgument(api, 'positions', `${xyz.length} numbers`, `at least ${3 * n} (x, y, z for each of ${n} ids)`, 'Size the positions array 3 * count.');
    const bulk = this.s.bulk;
    if (bulk === undefined) badArgument(api, 'ids', `${n} ids`, 'a runtime with a bulk-transform buffer', 'Start the logic from an App (its handshake carries the buffer).');
    return bulk.set(ids, xyz, n, this.style);
  }

  /** The seed-style twin of `setPositions`: `EntityAPI.updatePositions(ids, xyz)` sets all of `ids`. */
  updatePositions(ids: ArrayLike<number>, xyz: ArrayLike<number>): number {
    return this.setPositions(ids, xyz);
  }

  /** Moves an entity by a delta. */
  moveBy(id: number | { readonly id: number }, delta: Vec3Like): void {
    this.send3(MOVE_BY, this.n.moveBy, id, 'delta', delta, readVec3, v3);
  }

  /** Sets an entity's orientation (`{yaw,pitch,roll}` or an array, degrees). */
  updateOrientation(id: number | { readonly id: number }, orientation: OrientationLike): void {
    this.send3(UPDATE_ORIENTATION, this.n.updateOrientation, id, 'orientation', orientation, readOrientation, v3);
  }

  /** Sets an entity's colour (`{r,g,b,a?}` or an array, 0-255). */
  updateColor(id: number | { readonly id: number }, color: ColorLike): void {
    const api = this.n.updateColor;
    const e = readId(api, 'id', id);
    readColor(api, 'color', color, c4);
    const o = this.s.outbox;
    o.apiStyle = this.style;
    o.updateColor(e, c4.a, c4.b, c4.c, c4.d);
  }

  /** Sets an entity's uniform scale. */
  updateScale(id: number | { readonly id: number }, scale: number): void {
    const api = this.n.updateScale;
    const e = readId(api, 'id', id);
    const o = this.s.outbox;
    o.apiStyle = this.style;
    o.updateScale(e, readNumber(api, 'scale', scale));
  }

  /** Destroys an entity; its id is given back at once (a later id for the slot has a new generation). */
  destroyEntity(id: number | { readonly id: number }): void {
    const e = readId(this.n.destroy, 'id', id);
    const o = this.s.outbox;
    o.apiStyle = this.style;
    o.destroyEntity(e);
    this.s.bulk?.forget(e);
    this.s.entityIds.release(e);
  }

  /**
   * Copies entity `id` of this frame's published snapshot into `out` (a new object when omitted:
   * allocates) and returns it, or undefined when the entity is not live in the snapshot (not yet
   * confirmed, or destroyed).
   */
  get(id: number | { readonly id: number }, out?: EntitySnapshot): EntitySnapshot | undefined {
    const e = readId(this.nGet, 'id', id);
    const target = out ?? emptyEntitySnapshot();
    return readEntity(this.s.entities, e, target) ? target : undefined;
  }

  /** True when entity `id` is live in this frame's published snapshot. */
  has(id: number | { readonly id: number }): boolean {
    return this.s.entities.has(readId(this.nGet, 'id', id));
  }

  /** Entities created on the logic side and not destroyed or refused (includes ones not yet confirmed). */
  get count(): number {
    return this.s.entityIds.liveCount;
  }

  /**
   * Ids of the entities live in this frame's published snapshot, written into `out` (cleared
   * first; a new array when omitted) — after a hot reload, what the kept world holds.
   */
  ids(out: number[] = []): number[] {
    const reader = this.s.entities;
    out.length = 0;
    for (let slot = 0; slot < reader.high; slot++) {
      const id = reader.i32[reader.recordOffset(slot)]!;
      if (id !== 0) out.push(id);
    }
    return out;
  }

  /** Live entities in this frame's published snapshot. */
  get publishedCount(): number {
    return this.s.entities.live;
  }
}

function isNumberArray(v: unknown): v is ArrayLike<number> {
  return ArrayBuffer.isView(v) ? !(v instanceof DataView) && !(v instanceof BigInt64Array) && !(v instanceof BigUint64Array) : Array.isArray(v);
}
