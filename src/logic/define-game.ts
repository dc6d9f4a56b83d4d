/**
 * The typed game style: a game module's default export made with `defineGame({ setup, update,
 * render })` runs as the system "game" (priority 50 unless given) on the logic worker, with a
 * context giving entities, cameras, input, time, options, a seeded random source and quit.
 * Creation returns a handle usable in the same frame, whose `ready` promise settles when the
 * engine confirms or refuses it.
 */
import type { CameraSnapshot } from '../protocol/camera-state.ts';
import type { CameraType } from '../protocol/camera-types.ts';
import type { EntitySnapshot } from '../protocol/entity-state.ts';
import type { MeshType } from '../protocol/mesh-types.ts';
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import type { CameraProjection } from './camera-api.ts';
import { LOGIC_CODES } from './error-codes.ts';
import type { GameInput } from './game-input.ts';
import type { GameTime } from './logic-time.ts';
import type { GameHot } from './hot-module.ts';
import { formatValue } from '../protocol/value-format.ts';
import type { ColorLike, OrientationLike, Vec3Like } from './vector-args.ts';

export type { GameInput, Key } from './game-input.ts';
export type { GamepadView, PadAxisName, PadButtonName } from './gamepad-view.ts';
export type { GameTime } from './logic-time.ts';
export type { GameHot, HotData } from './hot-module.ts';
export type { CameraProjection } from './camera-api.ts';
export type { ColorLike, OrientationLike, Vec3Like } from './vector-args.ts';
export type { EntitySnapshot } from '../protocol/entity-state.ts';
export type { CameraSnapshot } from '../protocol/camera-state.ts';
export type { MeshType } from '../protocol/mesh-types.ts';
export type { CameraType } from '../protocol/camera-types.ts';

/** An entity created by `ctx.entities.createMesh`: `id` is usable at once. */
export interface EntityHandle {
  readonly id: number;
  /** Resolves with the id when the engine confirms; rejects with a TwinframeError (the engine's code) when it refuses. */
  readonly ready: Promise<number>;
}

/** A camera created by `ctx.cameras.create`: `id` is usable at once. */
export interface CameraHandle {
  readonly id: number;
  /** Resolves with the id when the engine confirms; rejects with a TwinframeError when it refuses. */
  readonly ready: Promise<number>;
}

/** An entity or camera named by its id or its handle. */
export type IdRef = number | { readonly id: number };

/** `ctx.entities`. Fire-and-forget calls allocate nothing when their vector arguments are reused objects. */
export interface GameEntities {
  /** Creates a mesh entity; the handle's id is usable in the same frame. */
  createMesh(type: MeshType, position: Vec3Like, scale: number, color: ColorLike): EntityHandle;
  updatePosition(entity: IdRef, position: Vec3Like): void;
  /**
   * The bulk path for many moving entities: sets the positions of `ids[0..count-1]` to
   * `xyz[3i], xyz[3i+1], xyz[3i+2]` with no command and no object per entity (count defaults to
   * `ids.length`); applied by the engine after this frame's commands. Dead or stale ids and
   * non-finite values are refused there (TF4001, TF4003), counted, and the entity keeps its last
   * good position. Returns how many were written. See docs/guide.md "Moving many entities".
   */
  setPositions(ids: Int32Array | readonly number[], xyz: Float32Array | readonly number[], count?: number): number;
  moveBy(entity: IdRef, delta: Vec3Like): void;
  /** Degrees. */
  updateOrientation(entity: IdRef, orientation: OrientationLike): void;
  /** Channels 0-255. */
  updateColor(entity: IdRef, color: ColorLike): void;
  updateScale(entity: IdRef, scale: number): void;
  destroy(entity: IdRef): void;
  /** The entity in this frame's published snapshot (copied into `out` when given), or undefined when it is not live there. */
  get(entity: IdRef, out?: EntitySnapshot): EntitySnapshot | undefined;
  /** True when the entity is live in this frame's published snapshot. */
  has(entity: IdRef): boolean;
  /** Ids of the entities live in this frame's published snapshot (into `out`, cleared first, when given): after a hot reload, the kept world. */
  ids(out?: number[]): number[];
  /** Entities created and not destroyed or refused (confirmed or not). */
  readonly count: number;
}

/** `ctx.cameras`. */
export interface GameCameras {
  /** Creates a camera ('world' by default); the handle's id is usable in the same frame. */
  create(position: Vec3Like, orientation: OrientationLike, type?: CameraType, projection?: CameraProjection): CameraHandle;
  update(camera: IdRef, position: Vec3Like, orientation: OrientationLike): void;
  updatePosition(camera: IdRef, position: Vec3Like): void;
  updateOrientation(camera: IdRef, orientation: OrientationLike): void;
  moveBy(camera: IdRef, delta: Vec3Like): void;
  lookAt(camera: IdRef, target: Vec3Like): void;
  /** Makes the camera active; settles on the engine's answer. Allocates a promise. */
  setActive(camera: IdRef): Promise<number>;
  /** Changes the camera's type; settles on the engine's answer. Allocates a promise. */
  setType(camera: IdRef, type: CameraType): Promise<number>;
  /** Destroys the camera; settles on the engine's answer. Allocates a promise. */
  destroy(camera: IdRef): Promise<number>;
  get(camera: IdRef, out?: CameraSnapshot): CameraSnapshot | undefined;
  /** The active camera's id in this frame's snapshot, or 0. */
  readonly activeId: number;
  readonly count: number;
}

/** Everything a typed game gets. One object for the whole run. */
export interface GameContext<Options extends Readonly<Record<string, string | number | boolean>> = Readonly<Record<string, string | number | boolean>>> {
  readonly entities: GameEntities;
  readonly cameras: GameCameras;
  readonly input: GameInput;
  readonly time: GameTime;
  /** Options the host passed (e.g. the CLI's `-- --entities 1000`). */
  readonly options: Options;
  /** A number in [0, 1) from the run's seeded generator (same seed, same sequence). */
  random(): number;
  /** Asks the app to stop cleanly. */
  quit(): void;
  /** Hot reload (`twinframe run --watch`): opt in, hand state to the next incarnation, learn that the world was kept (docs/hot-reload.md). */
  readonly hot: GameHot;
}

/** A typed game. */
export interface GameDefinition<Options extends Readonly<Record<string, string | number | boolean>> = Readonly<Record<string, string | number | boolean>>> {
  /** Runs once before the first update; may be async (update and render start after it settles). */
  setup?(ctx: GameContext<Options>): void | Promise<void>;
  /** Runs once per logic frame with the frame's game-time delta in seconds. */
  update?(ctx: GameContext<Options>, dt: number): void;
  /** Runs once per logic frame after every system's update. */
  render?(ctx: GameContext<Options>): void;
  /** System priority 0-100 (lower first); default 50. */
  priority?: number;
}

/** Marks an object made by defineGame (Symbol.for: the game may bundle its own copy of this module). */
export const GAME_DEFINITION_BRAND: unique symbol = Symbol.for('twinframe.gameDefinition') as never;

/** True when `value` is a game definition (made by defineGame, or an object with setup/update/render functions). */
export function isGameDefinition(value: unknown): value is GameDefinition {
  if (typeof value !== 'object' || value === null) return false;
  if ((value as Record<symbol, unknown>)[GAME_DEFINITION_BRAND] === true) return true;
  const d = value as Record<string, unknown>;
  return typeof d.update === 'function' || typeof d.setup === 'function' || typeof d.render === 'function';
}

/**
 * Declares a typed game; make it the game module's default export. Throws TF5010 when a hook is
 * not a function or the priority is outside 0-100.
 *
 * @example
 * ```ts
 * import { defineGame } from 'twinframe/logic';
 * export default defineGame({
 *   setup(ctx) {
 *     const cube = ctx.entities.createMesh('cube', { x: 0, y: 0, z: 0 }, 1, { r: 255, g: 0, b: 0, a: 255 });
 *     cube.ready.then((id) => console.log('cube', id));
 *   },
 *   update(ctx, dt) {
 *     if (ctx.input.isKeyDown('Space')) ctx.quit();
 *   },
 * });
 * ```
 */
export function defineGame<Options extends Readonly<Record<string, string | number | boolean>> = Readonly<Record<string, string | number | boolean>>>(
  definition: GameDefinition<Options>,
): GameDefinition<Options> {
  if (typeof definition !== 'object' || definition === null) {
    throw new TwinframeError(LOGIC_CODES.API_ARGUMENT_INVALID.code, `defineGame: bad definition; got ${formatValue(definition)}, expected an object { setup?, update?, render? }. Pass e.g. defineGame({ update(ctx, dt) { ... } }).`);
  }
  for (const hook of ['setup', 'update', 'render'] as const) {
    const fn = definition[hook];
    if (fn !== undefined && typeof fn !== 'function') {
      throw new TwinframeError(LOGIC_CODES.API_ARGUMENT_INVALID.code, `defineGame: bad ${hook}; got ${formatValue(fn)}, expected a function or nothing. Write ${hook}(ctx${hook === 'update' ? ', dt' : ''}) { ... }.`);
    }
  }
  const p = definition.priority;
  if (p !== undefined && !(typeof p === 'number' && p >= 0 && p <= 100)) {
    throw new TwinframeError(LOGIC_CODES.API_ARGUMENT_INVALID.code, `defineGame: bad priority; got ${formatValue(p)}, expected a number from 0 to 100 (lower runs first). Leave it out for 50.`);
  }
  Object.defineProperty(definition, GAME_DEFINITION_BRAND, { value: true, enumerable: false });
  return definition;
}
