/**
 * The `entity` native of the ProtogameJS3D host: mesh entities over the RenderCommandQueue.
 * `createMesh` issues the entity id on the logic side and returns a callbackId at once; the engine
 * answers `{type: 'ENTITY_CREATED', resultId: entityId}` (or `resultId: 0` and an errorMessage).
 * The update methods are fire-and-forget; an unknown id or a non-finite value is refused by the
 * engine with a coded diagnostic naming `entity.<method>` (TF4001, TF4003). Argument count and type
 * errors throw TF5500/TF5501 (see docs/protogame-host.md). A full queue is backpressure in the
 * runtime's CommandOutbox: every command is kept and sent, in order.
 */
import { COMMAND_OPCODES } from '../../protocol/command-opcodes.ts';
import { API_STYLES, FIELD_KIND_CODES } from '../../protocol/command-table.ts';
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

const PROTOGAME = API_STYLES.PROTOGAME;
const { UPDATE_POSITION, MOVE_BY, UPDATE_ORIENTATION } = COMMAND_OPCODES;
const MESH_LIST = MESH_TYPES.map((m) => `'${m}'`).join(', ');

/**
 * Builds the `entity` native over `ctx`. Allocates; install time only. Commands carry the
 * protogame API style, so the engine's refusals name `entity.<method>`; number arguments are only
 * type-checked here (TF5501), their values are validated by the engine (TF4003).
 */
export function createEntityNative(ctx: NativeContext): EntityNative {
  const S = ENTITY_SIGNATURES;
  const commands = ctx.deps.commands;
  return {
    createMesh(meshType, posX, posY, posZ, scale, r, g, b, a, _callbackSentinel) {
      const sig = S.createMesh;
      sig.count(arguments.length);
      const type = sig.string(0, meshType);
      const x = sig.number(1, posX), y = sig.number(2, posY), z = sig.number(3, posZ);
      const s = sig.number(4, scale);
      const cr = sig.number(5, r), cg = sig.number(6, g), cb = sig.number(7, b), ca = sig.number(8, a);
      const mesh = meshTypeIndex(type);
      const entityId = mesh < 0 ? 0 : ctx.deps.entityIds.allocate();
      if (entityId > 0) ctx.entities.add(entityId);
      const callbackId = ctx.callbacks.issue(REQUEST_KINDS.ENTITY_CREATE, entityId);
      if (mesh < 0) {
        ctx.callbacks.failLocally(callbackId, ctx.refusal(sig.qualifiedName, 'unknown mesh type', describeValue(type),
          `one of ${MESH_LIST}`, 'Use a mesh type the engine knows.', FIELD_KIND_CODES.meshType!));
      } else if (entityId === 0) {
        ctx.callbacks.failLocally(callbackId, ctx.refusal(sig.qualifiedName, 'no free entity id', 'every entity slot in use',
          'a destroyed entity to reuse', 'Destroy entities you no longer need, or raise the entity capacity.'));
      } else {
        commands.apiStyle = PROTOGAME;
        commands.createMesh(entityId, callbackId, mesh, x, y, z, s, cr, cg, cb, ca);
      }
      return callbackId;
    },
    updatePosition: ctx.idAnd3Command(S.updatePosition, UPDATE_POSITION),
    moveBy: ctx.idAnd3Command(S.moveBy, MOVE_BY),
    updateOrientation: ctx.idAnd3Command(S.updateOrientation, UPDATE_ORIENTATION),
    updateColor(entityId, r, g, b, a) {
      const sig = S.updateColor;
      const id = sig.idCall(arguments.length, entityId);
      const cr = sig.number(1, r), cg = sig.number(2, g), cb = sig.number(3, b), ca = sig.number(4, a);
      commands.apiStyle = PROTOGAME;
      commands.updateColor(id, cr, cg, cb, ca);
    },
    destroy(entityId) {
      const id = S.destroy.idCall(arguments.length, entityId);
      commands.apiStyle = PROTOGAME;
      commands.destroyEntity(id);
      if (ctx.entities.delete(id)) ctx.deps.entityIds.release(id);
    },
  };
}
