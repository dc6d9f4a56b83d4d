/**
 * TypeScript declarations of the seed-style globals the logic worker installs before a game
 * module runs (`JSEngine`, `EntityAPI`, `CameraAPI`, `Input`). A TypeScript game in the seed's
 * style gets completion and type errors with one line at its top,
 * `/// <reference types="twinframe/globals" />` (or, in a module, `import type {} from 'twinframe/globals';`;
 * JavaScript games need nothing). The types are the runtime's own classes, so they cannot drift.
 */
import type { JSEngineGlobal } from './script-globals.ts';
import type { EntityApi } from './entity-api.ts';
import type { CameraApi } from './camera-api.ts';
import type { GameInputApi } from './game-input.ts';

declare global {
  /** The seed's JSEngine: `JSEngine.registerSystem(id, { update(dt), render(), priority })`. */
  var JSEngine: JSEngineGlobal;
  /** The seed's EntityAPI: `EntityAPI.createMesh('cube', {x, y, z}, 1, {r, g, b, a}, (id) => ...)`. */
  var EntityAPI: EntityApi;
  /** The seed's CameraAPI: `CameraAPI.createCamera({x, y, z}, {yaw, pitch, roll}, 'world', (id) => ...)`. */
  var CameraAPI: CameraApi;
  /** Keyboard, mouse and gamepad state of this logic frame: `Input.isKeyDown('W')`, `Input.gamepad(0).axis('LeftX')`. */
  var Input: GameInputApi;
}

export {};
