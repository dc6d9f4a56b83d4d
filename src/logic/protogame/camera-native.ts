/**
 * The `camera` native of the ProtogameJS3D host: cameras over the RenderCommandQueue. `create`,
 * `setActive`, `updateType` and `destroy` return a callbackId at once (camera ids are issued on the
 * logic side); their results arrive through `callbackQueue.dequeueAll()` with `resultId` = the
 * camera id on success. The pose methods are fire-and-forget. `getHandle` answers from the host's
 * record of confirmed cameras. Argument count and type errors throw TF5500/TF5501 (see
 * docs/protogame-host.md); values (non-finite numbers, unknown ids) are validated by the engine,
 * whose refusals name `camera.<method>` (TF4003, TF4005). A full queue is backpressure in the
 * runtime's CommandOutbox: every command is kept and sent, in order.
 */
import { CAMERA_TYPES, cameraTypeIndex } from '../../protocol/camera-types.ts';
import { COMMAND_OPCODES } from '../../protocol/command-opcodes.ts';
import { API_STYLES, FIELD_KIND_CODES } from '../../protocol/command-table.ts';
import { REQUEST_KINDS, type RequestKind } from './callback-registry.ts';
import type { NativeContext } from './native-context.ts';
import { NativeSignature, describeValue, param } from './native-signature.ts';

/**
 * Projection of a camera made by `camera.create`, which has no projection arguments: a 60 degree
 * vertical field of view (`world`) and a depth range of 0.1 to 1000 (both types).
 */
export const PROTOGAME_CAMERA_PROJECTION = { fovDeg: 60, near: 0.1, far: 1000 } as const;

/** The `camera` object scripts see on globalThis. */
export interface CameraNative {
  create(posX: unknown, posY: unknown, posZ: unknown, yaw: unknown, pitch: unknown, roll: unknown,
    type: unknown, callbackSentinel: unknown): number;
  setActive(cameraId: unknown, callbackSentinel: unknown): number;
  updateType(cameraId: unknown, type: unknown, callbackSentinel: unknown): number;
  destroy(cameraId: unknown, callbackSentinel: unknown): number;
  update(cameraId: unknown, x: unknown, y: unknown, z: unknown, yaw: unknown, pitch: unknown, roll: unknown): void;
  updatePosition(cameraId: unknown, x: unknown, y: unknown, z: unknown): void;
  updateOrientation(cameraId: unknown, yaw: unknown, pitch: unknown, roll: unknown): void;
  moveBy(cameraId: unknown, dx: unknown, dy: unknown, dz: unknown): void;
  lookAt(cameraId: unknown, tx: unknown, ty: unknown, tz: unknown): void;
  getHandle(cameraId: unknown): number;
}

const C = 'camera';
const ID = param('cameraId');
const SENTINEL = param('callbackSentinel', '0');
const TYPE = param('type', "'world' | 'screen'");
const SENTINEL_REMEDY = 'the last is a sentinel where the original took a callback (pass 0), the result arrives through callbackQueue.dequeueAll().';
/** Signatures of the `camera` methods (also listed in docs/protogame-host.md). */
export const CAMERA_SIGNATURES = {
  create: new NativeSignature(C, 'create', [
    param('posX'), param('posY'), param('posZ'), param('yaw'), param('pitch'), param('roll'), TYPE, SENTINEL,
  ], `Pass exactly 8 arguments; ${SENTINEL_REMEDY}`),
  setActive: new NativeSignature(C, 'setActive', [ID, SENTINEL], `Pass exactly 2 arguments; ${SENTINEL_REMEDY}`),
  updateType: new NativeSignature(C, 'updateType', [ID, TYPE, SENTINEL], `Pass exactly 3 arguments; ${SENTINEL_REMEDY}`),
  destroy: new NativeSignature(C, 'destroy', [ID, SENTINEL], `Pass exactly 2 arguments; ${SENTINEL_REMEDY}`),
  update: new NativeSignature(C, 'update', [ID, param('x'), param('y'), param('z'), param('yaw'), param('pitch'), param('roll')]),
  updatePosition: new NativeSignature(C, 'updatePosition', [ID, param('x'), param('y'), param('z')]),
  updateOrientation: new NativeSignature(C, 'updateOrientation', [ID, param('yaw'), param('pitch'), param('roll')]),
  moveBy: new NativeSignature(C, 'moveBy', [ID, param('dx'), param('dy'), param('dz')]),
  lookAt: new NativeSignature(C, 'lookAt', [ID, param('tx'), param('ty'), param('tz')]),
  getHandle: new NativeSignature(C, 'getHandle', [ID]),
} as const;

const PROTOGAME = API_STYLES.PROTOGAME;
const { UPDATE_CAMERA_POSITION, UPDATE_CAMERA_ORIENTATION, MOVE_CAMERA, CAMERA_LOOK_AT, SET_ACTIVE_CAMERA, DESTROY_CAMERA } = COMMAND_OPCODES;
const TYPE_LIST = CAMERA_TYPES.map((t) => `'${t}'`).join(', ');
const P = PROTOGAME_CAMERA_PROJECTION;

/** Builds the `camera` native over `ctx`. Allocates; install time only. */
export function createCameraNative(ctx: NativeContext): CameraNative {
  const S = CAMERA_SIGNATURES;
  const commands = ctx.deps.commands;
  const unknownType = (sig: NativeSignature, callbackId: number, type: string): void => {
    ctx.callbacks.failLocally(callbackId, ctx.refusal(sig.qualifiedName, 'unknown camera type', describeValue(type),
      `one of ${TYPE_LIST}`, "Use 'world' (3D perspective) or 'screen' (2D orthographic).", FIELD_KIND_CODES.cameraType!));
  };
  /** Sends command `op` on camera `id` with a callback of `kind` for the engine's answer (setActive, destroy); returns the callback id. */
  const answered = (kind: RequestKind, op: number, id: number): number => {
    const callbackId = ctx.callbacks.issue(kind, id);
    commands.apiStyle = PROTOGAME;
    commands.idCallback(op, id, callbackId);
    return callbackId;
  };

  return {
    create(posX, posY, posZ, yaw, pitch, roll, type, _callbackSentinel) {
      const sig = S.create;
      sig.count(arguments.length);
      const x = sig.number(0, posX), y = sig.number(1, posY), z = sig.number(2, posZ);
      const cy = sig.number(3, yaw), cp = sig.number(4, pitch), cr = sig.number(5, roll);
      const typeName = sig.string(6, type);
      const typeIndex = cameraTypeIndex(typeName);
      const cameraId = typeIndex < 0 ? 0 : ctx.deps.cameraIds.allocate();
      if (cameraId > 0) ctx.cameras.add(cameraId);
      const callbackId = ctx.callbacks.issue(REQUEST_KINDS.CAMERA_CREATE, cameraId);
      if (typeIndex < 0) {
        unknownType(sig, callbackId, typeName);
      } else if (cameraId === 0) {
        ctx.callbacks.failLocally(callbackId, ctx.refusal(sig.qualifiedName, 'no free camera id', 'every camera slot in use',
          'a destroyed camera to reuse', 'Destroy cameras you no longer need, or raise the camera capacity.'));
      } else {
        commands.apiStyle = PROTOGAME;
        commands.createCamera(cameraId, callbackId, x, y, z, cy, cp, cr, typeIndex, P.fovDeg, P.near, P.far);
      }
      return callbackId;
    },
    setActive(cameraId, _callbackSentinel) {
      return answered(REQUEST_KINDS.CAMERA_SET_ACTIVE, SET_ACTIVE_CAMERA, S.setActive.idCall(arguments.length, cameraId));
    },
    updateType(cameraId, type, _callbackSentinel) {
      const sig = S.updateType;
      const id = sig.idCall(arguments.length, cameraId);
      const typeName = sig.string(1, type);
      const typeIndex = cameraTypeIndex(typeName);
      if (typeIndex < 0) {
        const callbackId = ctx.callbacks.issue(REQUEST_KINDS.CAMERA_UPDATE_TYPE, id);
        unknownType(sig, callbackId, typeName);
        return callbackId;
      }
      const callbackId = ctx.callbacks.issue(REQUEST_KINDS.CAMERA_UPDATE_TYPE, id);
      commands.apiStyle = PROTOGAME;
      commands.updateCameraType(id, typeIndex, callbackId);
      return callbackId;
    },
    destroy(cameraId, _callbackSentinel) {
      const id = S.destroy.idCall(arguments.length, cameraId);
      const callbackId = answered(REQUEST_KINDS.CAMERA_DESTROY, DESTROY_CAMERA, id);
      ctx.liveCameras.delete(id);
      if (ctx.cameras.delete(id)) ctx.deps.cameraIds.release(id);
      return callbackId;
    },
    update(cameraId, x, y, z, yaw, pitch, roll) {
      const sig = S.update;
      const id = sig.idAnd3(arguments.length, cameraId, x, y, z);
      const oy = sig.number(4, yaw), op = sig.number(5, pitch), or = sig.number(6, roll);
      commands.apiStyle = PROTOGAME;
      commands.updateCamera(id, x as number, y as number, z as number, oy, op, or);
    },
    updatePosition: ctx.idAnd3Command(S.updatePosition, UPDATE_CAMERA_POSITION),
    updateOrientation: ctx.idAnd3Command(S.updateOrientation, UPDATE_CAMERA_ORIENTATION),
    moveBy: ctx.idAnd3Command(S.moveBy, MOVE_CAMERA),
    lookAt: ctx.idAnd3Command(S.lookAt, CAMERA_LOOK_AT),
    getHandle(cameraId) {
      const sig = S.getHandle;
      const id = sig.idCall(arguments.length, cameraId);
      return ctx.liveCameras.has(id) ? id : 0;
    },
  };
}
