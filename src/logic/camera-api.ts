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
import type { ApiStyle } from '../protocol/command-table.ts';
import type { LogicServices } from './logic-services.ts';
import { RequestHandle } from './request-handle.ts';
import type { SeedCallback } from './request-handle.ts';
import { ScriptApi, readCallback, readErrorHandler } from './script-api.ts';
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
export class CameraApi extends ScriptApi {
  /** This style's API names of the camera commands, built once so the hot path never builds a string. */
  private readonly n;

  /** `style`: see ScriptApi (API_STYLES.SEED for the global `CameraAPI`, TYPED for `ctx.cameras`). */
  constructor(services: LogicServices, style: ApiStyle) {
    super(services, style, CREATE_CAMERA);
    this.n = this.namesOf({
      create: CREATE_CAMERA, update: UPDATE_CAMERA, updatePosition: UPDATE_CAMERA_POSITION, updateOrientation: UPDATE_CAMERA_ORIENTATION,
      move: MOVE_CAMERA, lookAt: CAMERA_LOOK_AT, setActive: SET_ACTIVE_CAMERA, updateType: UPDATE_CAMERA_TYPE, destroy: DESTROY_CAMERA,
    });
  }

  /** Creates a camera and returns its request at once (`id` usable now; 0 when none is free: a TF5011 refusal). Allocates. */
  create(position: unknown, orientation: unknown, type: unknown, projection?: CameraProjection, callback?: SeedCallback, onError?: (message: string) => void): RequestHandle {
    const api = this.n.create;
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
    const request = this.newRequest(api, this.s.cameraIds, 'camera', callback, onError);
    if (request.id === 0) return request;
    const callbackId = this.s.pending.register(request);
    this.outbox().createCamera(request.id, callbackId, p3.a, p3.b, p3.c, o3.a, o3.b, o3.c, typeIndex, fov, near, far);
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
    const api = this.n.create;
    return this.create(position, orientation, type, undefined, readCallback(api, 'callback', callback), readErrorHandler(api, 'onError', onError)).id;
  }

  /** Sets a camera's position and orientation. */
  updateCamera(id: number | { readonly id: number }, position: Vec3Like, orientation: OrientationLike): void {
    const c = this.idWith3(this.n.update, id, 'position', position, readVec3, p3);
    readOrientation(this.n.update, 'orientation', orientation, o3);
    this.s.outbox.updateCamera(c, p3.a, p3.b, p3.c, o3.a, o3.b, o3.c);
  }

  /** Sets a camera's position. */
  updateCameraPosition(id: number | { readonly id: number }, position: Vec3Like): void {
    this.send3(UPDATE_CAMERA_POSITION, this.n.updatePosition, id, 'position', position, readVec3, p3);
  }

  /** Sets a camera's orientation (degrees). */
  updateCameraOrientation(id: number | { readonly id: number }, orientation: OrientationLike): void {
    this.send3(UPDATE_CAMERA_ORIENTATION, this.n.updateOrientation, id, 'orientation', orientation, readOrientation, o3);
  }

  /** Moves a camera by a delta. */
  moveCamera(id: number | { readonly id: number }, delta: Vec3Like): void {
    this.send3(MOVE_CAMERA, this.n.move, id, 'delta', delta, readVec3, p3);
  }

  /** Turns a camera to look at a world point. */
  lookAt(id: number | { readonly id: number }, target: Vec3Like): void {
    this.send3(CAMERA_LOOK_AT, this.n.lookAt, id, 'target', target, readVec3, p3);
  }

  /** Makes a camera the active one; `callback(id)` / `onError(message)` get the engine's answer. */
  setActiveCamera(id: number | { readonly id: number }, callback?: (cameraId: number) => void, onError?: (message: string) => void): void {
    const api = this.n.setActive;
    const c = readId(api, 'id', id);
    this.outbox().setActiveCamera(c, this.callbackIdFor(api, c, callback, onError));
  }

  /** Changes a camera's type ('world' or 'screen'); `callback(id)` / `onError(message)` get the engine's answer. */
  updateCameraType(id: number | { readonly id: number }, type: 'world' | 'screen', callback?: (cameraId: number) => void, onError?: (message: string) => void): void {
    const api = this.n.updateType;
    const c = readId(api, 'id', id);
    if (type === undefined) badArgument(api, 'type', type, '"world" or "screen"', 'Pass the new camera type.');
    const typeIndex = readType(api, type);
    this.outbox().updateCameraType(c, typeIndex, this.callbackIdFor(api, c, callback, onError));
  }

  /** Destroys a camera; its id is given back at once. `callback(id)` / `onError(message)` get the engine's answer. */
  destroyCamera(id: number | { readonly id: number }, callback?: (cameraId: number) => void, onError?: (message: string) => void): void {
    const api = this.n.destroy;
    const c = readId(api, 'id', id);
    this.outbox().destroyCamera(c, this.callbackIdFor(api, c, callback, onError));
    this.s.cameraIds.release(c);
  }

  /** Typed variants: the request for setActive / updateType / destroy, whose `ready` settles on the engine's answer. Allocates. */
  request(op: 'setActive' | 'updateType' | 'destroy', id: number | { readonly id: number }, type?: 'world' | 'screen'): RequestHandle {
    const api = op === 'setActive' ? this.n.setActive : op === 'updateType' ? this.n.updateType : this.n.destroy;
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
}
