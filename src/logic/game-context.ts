/**
 * Builds the typed game's context (`ctx`) over the runtime's services: `ctx.entities` and
 * `ctx.cameras` are the seed APIs with handle-returning creation, `ctx.input` the frame's input,
 * `ctx.time` the runtime's LogicTime, `ctx.random` the seeded generator. Allocates once per run;
 * the methods allocate nothing on their fire-and-forget paths.
 */
import { API_STYLES } from '../protocol/command-table.ts';
import { CameraApi } from './camera-api.ts';
import type { GameCameras, GameContext, GameEntities } from './define-game.ts';
import { EntityApi } from './entity-api.ts';
import { GameInputApi } from './game-input.ts';
import type { LogicServices } from './logic-services.ts';
import { createSeededRandom } from './seeded-random.ts';

/** Creates the context passed to a typed game's setup, update and render. Allocates; once per run. */
export function createGameContext(services: LogicServices): GameContext {
  // Their message names, and the names the engine's refusals use, come from the command table's
  // typed-style names (ctx.entities.destroy, ctx.cameras.setType, ...).
  const e = new EntityApi(services, API_STYLES.TYPED);
  const c = new CameraApi(services, API_STYLES.TYPED);
  const entities: GameEntities = {
    createMesh: (type, position, scale, color) => e.create(type, position, scale, color),
    updatePosition: (id, position) => e.updatePosition(id, position),
    setPositions: (ids, xyz, count) => e.setPositions(ids, xyz, count),
    moveBy: (id, delta) => e.moveBy(id, delta),
    updateOrientation: (id, orientation) => e.updateOrientation(id, orientation),
    updateColor: (id, color) => e.updateColor(id, color),
    updateScale: (id, scale) => e.updateScale(id, scale),
    destroy: (id) => e.destroyEntity(id),
    get: (id, out) => e.get(id, out),
    has: (id) => e.has(id),
    ids: (out) => e.ids(out),
    get count() {
      return e.count;
    },
  };
  const cameras: GameCameras = {
    create: (position, orientation, type, projection) => c.create(position, orientation, type, projection),
    update: (id, position, orientation) => c.updateCamera(id, position, orientation),
    updatePosition: (id, position) => c.updateCameraPosition(id, position),
    updateOrientation: (id, orientation) => c.updateCameraOrientation(id, orientation),
    moveBy: (id, delta) => c.moveCamera(id, delta),
    lookAt: (id, target) => c.lookAt(id, target),
    setActive: (id) => c.request('setActive', id).ready,
    setType: (id, type) => c.request('updateType', id, type).ready,
    destroy: (id) => c.request('destroy', id).ready,
    get: (id, out) => c.get(id, out),
    get activeId() {
      return c.activeId;
    },
    get count() {
      return c.count;
    },
  };
  const control = services.control;
  return Object.freeze({
    entities: Object.freeze(entities),
    cameras: Object.freeze(cameras),
    input: new GameInputApi(services.input, 'ctx.input'),
    time: services.time,
    options: services.options,
    random: createSeededRandom(services.seed),
    quit: () => control.requestQuit(),
    hot: services.hot,
  });
}
