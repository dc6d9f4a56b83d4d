/**
 * The public logic API for game authors: `defineGame` and the types of the typed game style
 * (context, handles, input, time). Seed-style games use the worker's globals (JSEngine,
 * EntityAPI, CameraAPI, Input) and need no import.
 */
export { defineGame } from './define-game.ts';
export type {
  CameraHandle, CameraProjection, CameraSnapshot, CameraType, ColorLike, EntityHandle, EntitySnapshot,
  GameCameras, GameContext, GameDefinition, GameEntities, GameHot, GameInput, GameTime, HotData, IdRef, Key, MeshType,
  OrientationLike, Vec3Like,
} from './define-game.ts';
export { PAD_AXIS, PAD_BUTTON } from './gamepad-view.ts';
export type { GamepadView, PadAxisName, PadButtonName } from './gamepad-view.ts';
export type { SystemDefinition } from './js-engine.ts';
export type { JSEngineGlobal } from './script-globals.ts';
export { TwinframeError, isTwinframeError } from '../shared-memory/twinframe-error.ts';
export type { Severity } from '../shared-memory/twinframe-error.ts';
