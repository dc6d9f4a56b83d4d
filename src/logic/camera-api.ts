/**
 * The seed's CameraAPI for game scripts (the global `CameraAPI`, and under `ctx.cameras` for typed
 * games): camera ids are issued here at once; creation, setting the active camera, changing the type
 * and destroying are answered by the engine through the CallbackQueue. Only argument shapes are
 * checked here (TF5010); the engine refuses unknown ids and types with a coded error.
 * Fire-and-forget calls allocate nothing when positions and orientations are reused objects.
 */
import { cameraTypeIndex } from '../protocol/camera-types.ts';
import { emptyCameraSnapshot, readCamera, activeCameraId } from '../protocol/camera-state.ts';
import type { CameraSnapshot } from '../protocol/camera-state.ts';
import { COMMAND_OPCODES } from '../protocol/command-opcodes.ts';
import { apiNameOf, type ApiStyle } from '../protocol/command-table.ts';
import type { CommandOutbox } from './command-outbox.ts';
import { LOGIC_CODES } from './error-codes.ts';
import { readCallback, readErrorHandler } from './entity-api.ts';
import type { LogicServices } from './logic-services.ts';
import { RequestHandle } from './request-handle.ts';
import type { SeedCallback } from './request-handle.ts';
import { badArgument, readId, readNumber, readOrientation, readVec3 } from './vector-args.ts';
import type { Num3, OrientationLike, Vec3Like } from './vector-args.ts';

const {
  CREATE_CAMERA, UPDATE_CAMERA, UPDATE_CAMERA_POSITION, UPDATE_CAMERA_ORIENTATION, MOVE_CAMERA, CAMERA_LOOK_AT,
  SET_ACTIVE_CAMERA, UPDATE_CAMERA_TYPE, DESTROY_CAMERA,
} = COMMAND_OPCODES;
const p3: Num3 = { a: 0, b: 0, c: 0 };
const o3: Num3 = { a: 0, b: 0, c: 0 };

/** Projection of a world camera. */
export interface CameraProjection {
  /** Vertical field of view in degrees (default 60). */
  readonly fovDeg?: number;
  /** Near and far clip planes (defaults 0.1 and 1000). */
  readonly near?: number;
  readonly far?: number;
}

/** Default projection (the ProtogameJS3D one). */
export const DEFAULT_PROJECTION = { fovDeg: 60, near: 0.1, far: 1000 } as const;

function readType(api: string, v: unknown): number {
  if (v === undefined) return 0;
  if (typeof v === 'string') return cameraTypeIndex(v);
  return badArgument(api, 'type', v, '"world" (3D perspective) or "screen" (2D orthographic)', 'Pass "world" unless you draw a 2D overlay.');
}

/** Camera commands and queries over the runtime's services. Logic thread only. */
export class CameraApi {
  private readonly s: LogicServices;
  private readonly nCreate: string;
  private readonly nUpdate: string;
  private readonly nUpdatePosition: string;
  private readonly nUpdateOrientation: string;
  private readonly nMove: string;
  private readonly nLookAt: string;
  private readonly nSetActive: string;
  private readonly nUpdateType: string;
  private readonly nDestroy: string;
  private readonly nGet: string;

  private readonly style: ApiStyle;

  /**
   * `style` is the API style this object serves (API_STYLES.SEED for the global `CameraAPI`,
   * TYPED for `ctx.cameras`): its messages use that style's names from the command table, and its
   * commands carry the style so the engine's refusals name the same API.
   */
  constructor(services: LogicServices, style: ApiStyle) {
    this.s = services;
    this.style = style;
    this.nCreate = apiNameOf(CREATE_CAMERA, style);
    this.nUpdate = apiNameOf(UPDATE_CAMERA, style);
    this.nUpdatePosition = apiNameOf(UPDATE_CAMERA_POSITION, style);
    this.nUpdateOrientation = apiNameOf(UPDATE_CAMERA_ORIENTATION, style);
    this.nMove = apiNameOf(MOVE_CAMERA, style);
    this.nLookAt = apiNameOf(CAMERA_LOOK_AT, style);
    this.nSetActive = apiNameOf(SET_ACTIVE_CAMERA, style);
    this.nUpdateType = apiNameOf(UPDATE_CAMERA_TYPE, style);
    this.nDestroy = apiNameOf(DESTROY_CAMERA, style);
    this.nGet = `${this.nCreate.slice(0, this.nCreate.lastIndexOf('.'))}.get`;
  }

  /**
   * The outbox, set to this API's style for the next command. The fire-and-forget methods inline
   * this instead (`o.apiStyle = this.style`): one call level less keeps the encoder inlined into
   * them, so their numbers are not boxed (logic-heap.test.ts).
   */
  private outbox(): CommandOutbox {
    const o = this.s.outbox;
    o.apiStyle = this.style;
    return o;
  }

  /** Creates a camera and returns its request at once (`id` usable now; 0 when none is free: a TF5011 refusal). Allocates. */
  create(position: unknown, orientation: unknown, type: unknown, projection?: CameraProjection, callback?: SeedCallback, onError?: (message: string) => void): RequestHandle {
    const api = this.nCreate;
    readVec3(api, 'position', position, p3);
    readOrientation(api, 'orientation', orientation, o3);
    const typeIndex = readType(api, type);
    let fov: number = DEFAULT_PROJECTION.fovDeg, near: number = DEFAULT_PROJECTION.near, far: number = DEFAULT_PROJECTION.far;
    if (projection !== undefined) {
      if (typeof projection !== 'object' || projection === null) badArgument(api, 'projection', projection, '{ fovDeg?, near?, far? }', 'Pass e.g. { fovDeg: 60 } or leave it out.');
      if (projection.fovDeg !== undefined) fov = readNumber(api, 'projection.fovDeg', projection.fovDeg);
      if (projection.near !== undefined) near = readNumber(api, 'projection.near', projection.near);
      if (projection.far !== undefined) far = readNumber(api, 'projection.far', projection.far);
    }
    const s = this.s;
    const id = s.cameraIds.allocate();
    const request = new RequestHandle(api, id, s.owner, s.cameraIds, callback, onError);
    if (id === 0) {
      s.pending.failLocally(request, LOGIC_CODES.ID_CAPACITY_EXHAUSTED.code, `${api}: no free camera id; got ${s.cameraIds.liveCount} live cameras, expected fewer than the capacity ${s.cameraIds.slotCapacity}. Destroy cameras you no longer need or start the app with a larger camera capacity.`);
      return request;
    }
    const callbackId = s.pending.register(request);
    const o = this.s.outbox;
    o.apiStyle = this.style;
    o.createCamera(id, callbackId, p3.a, p3.b, p3.c, o3.a, o3.b, o3.c, typeIndex, fov, near, far);
    return request;
  }

  /**
   * The seed's createCamera: returns the camera id at once; `callback(id)` runs when the engine
   * confirms, `onError(message)` (or `callback.errorHandler`) when it refuses.
   *
   * @example
   * ```js
   * const cam = CameraAPI.createCamera({ x: -10, y: 0, z: 3 }, { yaw: 0, pitch: 0, roll: 0 }, 'world');
   * CameraAPI.setActiveCamera(cam);
   * ```
   */
  createCamera(position: Vec3Like, orientation: OrientationLike, type?: 'world' | 'screen', callback?: (cameraId: number) => void, onError?: (message: string) => void): number {
    const api = this.nCreate;
    return this.create(position, orientation, type, undefined, readCallback(api, 'callback', callback), readErrorHandler(api, 'onError', onError)).id;
  }

  /** Sets a camera's position and orientation. */
  updateCamera(id: number | { readonly id: number }, position: Vec3Like, orientation: OrientationLike): void {
    const api = this.nUpdate;
    const c = readId(api, 'id', id);
    readVec3(api, 'position', position, p3);
    readOrientation(api, 'orientation', orientation, o3);
    const o = this.s.outbox;
    o.apiStyle = this.style;
    o.updateCamera(c, p3.a, p3.b, p3.c, o3.a, o3.b, o3.c);
  }

  /** Sets a camera's position. */
  updateCameraPosition(id: number | { readonly id: number }, position: Vec3Like): void {
    const api = this.nUpdatePosition;
    const c = readId(api, 'id', id);
    readVec3(api, 'position', position, p3);
    const o = this.s.outbox;
    o.apiStyle = this.style;
    o.updateCameraPosition(c, p3.a, p3.b, p3.c);
  }

  /** Sets a camera's orientation (degrees). */
  updateCameraOrientation(id: number | { readonly id: number }, orientation: OrientationLike): void {
    const api = this.nUpdateOrientation;
    const c = readId(api, 'id', id);
    readOrientation(api, 'orientation', orientation, o3);
    const o = this.s.outbox;
    o.apiStyle = this.style;
    o.updateCameraOrientation(c, o3.a, o3.b, o3.c);
  }

  /** Moves a camera by a delta. */
  moveCamera(id: number | { readonly id: number }, delta: Vec3Like): void {
    const api = this.nMove;
    const c = readId(api, 'id', id);
    readVec3(api, 'delta', delta, p3);
    const o = this.s.outbox;
    o.apiStyle = this.style;
    o.moveCamera(c, p3.a, p3.b, p3.c);
  }

  /** Turns a camera to look at a world point. */
  lookAt(id: number | { readonly id: number }, target: Vec3Like): void {
    const api = this.nLookAt;
    const c = readId(api, 'id', id);
    readVec3(api, 'target', target, p3);
    const o = this.s.outbox;
    o.apiStyle = this.style;
    o.cameraLookAt(c, p3.a, p3.b, p3.c);
  }

  /** Makes a camera the active one; `callback(id)` / `onError(message)` get the engine's answer. */
  setActiveCamera(id: number | { readonly id: number }, callback?: (cameraId: number) => void, onError?: (message: string) => void): void {
    const api = this.nSetActive;
    const c = readId(api, 'id', id);
    const o = this.s.outbox;
    o.apiStyle = this.style;
    o.setActiveCamera(c, this.callbackIdFor(api, c, readCallback(api, 'callback', callback), readErrorHandler(api, 'onError', onError)));
  }

  /** Changes a camera's type ('world' or 'screen'); `callback(id)` / `onError(message)` get the engine's answer. */
  updateCameraType(id: number | { readonly id: number }, type: 'world' | 'screen', callback?: (cameraId: number) => void, onError?: (message: string) => void): void {
    const api = this.nUpdateType;
    const c = readId(api, 'id', id);
    if (type === undefined) badArgument(api, 'type', type, '"world" or "screen"', 'Pass the new camera type.');
    const typeIndex = readType(api, type);
    const o = this.s.outbox;
    o.apiStyle = this.style;
    o.updateCameraType(c, typeIndex, this.callbackIdFor(api, c, readCallback(api, 'callback', callback), readErrorHandler(api, 'onError', onError)));
  }

  /** Destroys a camera; its id is given back at once. `callback(id)` / `onError(message)` get the engine's answer. */
  destroyCamera(id: number | { readonly id: number }, callback?: (cameraId: number) => void, onError?: (message: string) => void): void {
    const api = this.nDestroy;
    const c = readId(api, 'id', id);
    const o = this.s.outbox;
    o.apiStyle = this.style;
    o.destroyCamera(c, this.callbackIdFor(api, c, readCallback(api, 'callback', callback), readErrorHandler(api, 'onError', onError)));
    this.s.cameraIds.release(c);
  }

  /** Typed variants: the request for setActive / updateType / destroy, whose `ready` settles on the engine's answer. Allocates. */
  request(op: 'setActive' | 'updateType' | 'destroy', id: number | { readonly id: number }, type?: 'world' | 'screen'): RequestHandle {
    const api = op === 'setActive' ? this.nSetActive : op === 'updateType' ? this.nUpdateType : this.nDestroy;
    const c = readId(api, 'id', id);
    const typeIndex = op === 'updateType' ? readType(api, type ?? null) : 0;
    const s = this.s;
    const request = new RequestHandle(api, c, s.owner);
    const callbackId = s.pending.register(request);
    if (op === 'setActive') this.outbox().setActiveCamera(c, callbackId);
    else if (op === 'updateType') this.outbox().updateCameraType(c, typeIndex, callbackId);
    else {
      this.outbox().destroyCamera(c, callbackId);
      s.cameraIds.release(c);
    }
    return request;
  }

  /** Copies camera `id` of this frame's snapshot into `out` (new object when omitted: allocates), or undefined when not live. */
  get(id: number | { readonly id: number }, out?: CameraSnapshot): CameraSnapshot | undefined {
    const c = readId(this.nGet, 'id', id);
    const target = out ?? emptyCameraSnapshot();
    return readCamera(this.s.cameras, c, target) ? target : undefined;
  }

  /** Id of the active camera in this frame's snapshot, or 0. */
  get activeId(): number {
    return activeCameraId(this.s.cameras);
  }

  /** Cameras created on the logic side and not destroyed or refused. */
  get count(): number {
    return this.s.cameraIds.liveCount;
  }

  private callbackIdFor(api: string, id: number, callback: SeedCallback | undefined, onError: ((message: string) => void) | undefined): number {
    if (callback === undefined && onError === undefined) return 0;
    return this.s.pending.register(new RequestHandle(api, id, this.s.owner, undefined, callback, onError));
  }
}
