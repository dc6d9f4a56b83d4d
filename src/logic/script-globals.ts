/**
 * The seed-style globals of the 'twinframe' host profile, installed on the worker's `globalThis`
 * before the game module is evaluated: `JSEngine` (systems), `EntityAPI`, `CameraAPI` and `Input`.
 * Their methods are bound, so `const { createMesh } = EntityAPI` works too.
 */
import { API_STYLES } from '../protocol/command-table.ts';
import { CameraApi } from './camera-api.ts';
import { EntityApi } from './entity-api.ts';
import { GameInputApi } from './game-input.ts';
import type { SystemDefinition } from './js-engine.ts';
import type { LogicServices } from './logic-services.ts';

/** Names of the globals this profile installs. */
export const SCRIPT_GLOBAL_NAMES = ['JSEngine', 'EntityAPI', 'CameraAPI', 'Input'] as const;

/** The `JSEngine` global. */
export interface JSEngineGlobal {
  /** Registers (or replaces) a system: `{ update(dt), render(), priority (0-100, lower first), enabled }`. */
  registerSystem(id: string, definition: SystemDefinition): void;
  unregisterSystem(id: string): boolean;
  setSystemEnabled(id: string, enabled: boolean): boolean;
  hasSystem(id: string): boolean;
  /** Ids in run order. Allocates. */
  systemIds(): string[];
  /** Asks the app to stop cleanly. */
  requestQuit(): void;
}

function bindAll<T extends object>(target: T, names: readonly (keyof T & string)[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const n of names) {
    const fn = target[n];
    if (typeof fn === 'function') out[n] = (fn as (...a: unknown[]) => unknown).bind(target);
  }
  return out;
}

/** Installs the globals on `target` and returns a function that removes them. Allocates; once per worker. */
export function installScriptGlobals(target: object, services: LogicServices): () => void {
  const systems = services.systems;
  const control = services.control;
  const jsEngine: JSEngineGlobal = {
    registerSystem: (id, definition) => systems.registerSystem(id, definition),
    unregisterSystem: (id) => systems.unregisterSystem(id),
    setSystemEnabled: (id, enabled) => systems.setSystemEnabled(id, enabled),
    hasSystem: (id) => systems.hasSystem(id),
    systemIds: () => systems.systemIds(),
    requestQuit: () => control.requestQuit(),
  };
  const entities = new EntityApi(services, API_STYLES.SEED);
  const entityApi = bindAll(entities, ['createMesh', 'updatePosition', 'updatePositions', 'moveBy', 'updateOrientation', 'updateColor', 'updateScale', 'destroyEntity', 'get', 'has']);
  Object.defineProperty(entityApi, 'count', { get: () => entities.count, enumerable: true });
  const cameras = new CameraApi(services, API_STYLES.SEED);
  const cameraApi = bindAll(cameras, ['createCamera', 'updateCamera', 'updateCameraPosition', 'updateCameraOrientation', 'moveCamera', 'lookAt', 'setActiveCamera', 'updateCameraType', 'destroyCamera', 'get']);
  Object.defineProperty(cameraApi, 'activeId', { get: () => cameras.activeId, enumerable: true });
  const globals: Record<(typeof SCRIPT_GLOBAL_NAMES)[number], object> = {
    JSEngine: Object.freeze(jsEngine),
    EntityAPI: Object.freeze(entityApi),
    CameraAPI: Object.freeze(cameraApi),
    Input: new GameInputApi(services.input, 'Input'),
  };
  for (const name of SCRIPT_GLOBAL_NAMES) {
    Object.defineProperty(target, name, { value: globals[name], writable: true, configurable: true, enumerable: false });
  }
  return () => {
    for (const name of SCRIPT_GLOBAL_NAMES) delete (target as Record<string, unknown>)[name];
  };
}
