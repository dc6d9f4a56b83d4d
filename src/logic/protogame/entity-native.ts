/**
 * The `entity` native of the ProtogameJS3D host: mesh entities over the RenderCommandQueue.
 * `createMesh` issues the entity id on the logic side and returns a callbackId at once; the engine
 * answers `{type: 'ENTITY_CREATED', resultId: entityId}` (or `resultId: 0` and an errorMessage).
 * The update methods are fire-and-forget; an unknown id is refused by the engine with a coded
 * diagnostic. Argument errors throw TF5500/TF5501 (see docs/protogame-host.md).
 */
import { MESH_TYPES, meshTypeIndex } from '../../protocol/mesh-types.ts';
import { REQUEST_KINDS } from './callback-registry.ts';
import type { NativeContext } from './native-context.ts';
import { NativeSignature, describeValue, param } from './native-signature.ts';

/** The `entity` object scripts see on globalThis. */
export interface EntityNative {
  createMesh(meshType: unknown, posX: unknown, posY: unknown, posZ: unknown, scale: unknown,
    r: unknown, g: unknown, b: unknown, a: unknown, callbackSentinel: unknown): number;
  updatePosition(entityId: unknown, x: unknown, y: unknown, z: unknown): void;
  moveBy(entityId: unknown, dx: unknown, dy: unknown, dz: unknown): void;
  updateOrientation(entityId: unknown, yaw: unknown, pitch: unknown, roll: unknown): void;
  updateColor(entityId: unknown, r: unknown, g: unknown, b: unknown, a: unknown): void;
  destroy(entityId: unknown): void;
}

const E = 'entity';
const ID = param('entityId');
/** Signatures of the `entity` methods (also listed in docs/protogame-host.md). */
export const ENTITY_SIGNATURES = {
  createMesh: new NativeSignature(E, 'createMesh', [
    param('meshType', 'string'), param('posX'), param('posY'), param('posZ'), param('scale'),
    param('r'), param('g'), param('b'), param('a'), param('callbackSentinel', '0'),
  ], 'Pass exactly 10 arguments; the last is a sentinel where the original took a callback (pass 0), the result arrives through callbackQueue.dequeueAll().'),
  updatePosition: new NativeSignature(E, 'updatePosition', [ID, param('x'), param('y'), param('z')]),
  moveBy: new NativeSignature(E, 'moveBy', [ID, param('dx'), param('dy'), param('dz')]),
  updateOrientation: new NativeSignature(E, 'updateOrientation', [ID, param('yaw'), param('pitch'), param('roll')]),
  updateColor: new NativeSignature(E, 'updateColor', [ID, param('r'), param('g'), param('b'), param('a')]),
  destroy: new NativeSignature(E, 'destroy', [ID]),
} as const;

const MESH_LIST = MESH_TYPES.map((m) => `'${m}'`).join(', ');

/** Builds the `entity` native over `ctx`. Allocates; install time only. */
export function createEntityNative(ctx: NativeContext): EntityNative {
  const S = ENTITY_SIGNATURES;
  const commands = ctx.deps.commands;
  return {
    createMesh(meshType, posX, posY, posZ, scale, r, g, b, a, _callbackSentinel) {
      const sig = S.createMesh;
      sig.count(arguments.length);
      const type = sig.string(0, meshType);
      const x = sig.finite(1, posX), y = sig.finite(2, posY), z = sig.finite(3, posZ);
      const s = sig.finite(4, scale);
      const cr = sig.finite(5, r), cg = sig.finite(6, g), cb = sig.finite(7, b), ca = sig.finite(8, a);
      const mesh = meshTypeIndex(type);
      const entityId = mesh < 0 ? 0 : ctx.deps.entityIds.allocate();
      if (entityId > 0) ctx.entities.add(entityId);
      const callbackId = ctx.callbacks.issue(REQUEST_KINDS.ENTITY_CREATE, entityId);
      if (mesh < 0) {
        ctx.callbacks.failLocally(callbackId, ctx.refusal(sig.qualifiedName, 'unknown mesh type', describeValue(type),
          `one of ${MESH_LIST}`, 'Use a mesh type the engine knows.'));
      } else if (entityId === 0) {
        ctx.callbacks.failLocally(callbackId, ctx.refusal(sig.qualifiedName, 'no free entity id', 'every entity slot in use',
          'a destroyed entity to reuse', 'Destroy entities you no longer need, or raise the entity capacity.'));
      } else if (!commands.createMesh(entityId, callbackId, mesh, x, y, z, s, cr, cg, cb, ca)) {
        ctx.callbacks.failLocally(callbackId, ctx.refusal(sig.qualifiedName, 'the RenderCommandQueue is full', 'no room',
          'room for the command', 'Create fewer entities per frame, or enlarge the command queue.'));
      }
      return callbackId;
    },
    updatePosition(entityId, x, y, z) {
      const sig = S.updatePosition;
      sig.count(arguments.length);
      const id = sig.id(0, entityId);
      if (!commands.updatePosition(id, sig.finite(1, x), sig.finite(2, y), sig.finite(3, z))) ctx.commandNotSent(sig.qualifiedName, id);
    },
    moveBy(entityId, dx, dy, dz) {
      const sig = S.moveBy;
      sig.count(arguments.length);
      const id = sig.id(0, entityId);
      if (!commands.moveBy(id, sig.finite(1, dx), sig.finite(2, dy), sig.finite(3, dz))) ctx.commandNotSent(sig.qualifiedName, id);
    },
    updateOrientation(entityId, yaw, pitch, roll) {
      const sig = S.updateOrientation;
      sig.count(arguments.length);
      const id = sig.id(0, entityId);
      if (!commands.updateOrientation(id, sig.finite(1, yaw), sig.finite(2, pitch), sig.finite(3, roll))) ctx.commandNotSent(sig.qualifiedName, id);
    },
    updateColor(entityId, r, g, b, a) {
      const sig = S.updateColor;
      sig.count(arguments.length);
      const id = sig.id(0, entityId);
      if (!commands.updateColor(id, sig.finite(1, r), sig.finite(2, g), sig.finite(3, b), sig.finite(4, a))) ctx.commandNotSent(sig.qualifiedName, id);
    },
    destroy(entityId) {
      const sig = S.destroy;
      sig.count(arguments.length);
      const id = sig.id(0, entityId);
      if (!commands.destroyEntity(id)) {
        ctx.commandNotSent(sig.qualifiedName, id);
        return;
      }
      if (ctx.entities.delete(id)) ctx.deps.entityIds.release(id);
    },
  };
}
