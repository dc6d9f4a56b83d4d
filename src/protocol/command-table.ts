/**
 * The RenderCommandQueue's command table: every command (logic -> engine) is declared once, here,
 * as data: its opcode, name, payload fields with their element types, how the engine validates
 * each field where it applies the command, and the script API names that emit it in each API style.
 * Opcodes, payload sizes, names, the docs' reference table and the names in refusals follow from
 * it (command-opcodes.ts, command-reference.ts); CommandWriter's encoders and CommandReader's
 * dispatch are hand-written for speed and a test (test/protocol/command-table.test.ts) fails when
 * either disagrees with this table.
 *
 * A command record's ring type is `opcode | apiStyle << 8`: the low byte is the opcode, bits 8-9
 * say which API style issued it (API_STYLES), so a refusal names the API the game actually called.
 * Opcodes are never reused.
 *
 * Fact records (target `facts`, opcodes TICK_FACTS.. CALLBACK_FACTS) are not game commands: while
 * recording (handshake `record: true`) the logic runtime writes them after a tick's commands and
 * before its FRAME_END, so the engine's recorder sees, in ring order, what the tick consumed (its
 * input, its callbacks); the tick's own facts (its raw dt, the published state it read, its
 * callback count) ride in the FRAME_END (32 bytes instead of 4; TICK_FACTS before format version
 * 4, kept so older recordings read). The engine applies nothing for them. docs/replay.md describes
 * their use.
 */
import { INPUT_STATE_SLOTS } from './input-state.ts';

/** Element type of a field: every field is one 4-byte word. */
export type CommandFieldType = 'i32' | 'u32' | 'f32';

/**
 * How the engine validates a field where it applies the command (the code it refuses with):
 * - `entityId` / `cameraId`: a live entity / camera (TF4001 / TF4005);
 * - `newEntityId` / `newCameraId`: a free id below the capacity (TF4002 / TF4006);
 * - `callbackId`: uint32 callback to answer, 0 = none (not validated; the answer settles it);
 * - `finite`: a finite number (TF4003);
 * - `scale`: a finite number >= 0 (TF4003);
 * - `colour`: a number in 0..255 (TF4003);
 * - `fov`: 0 < fov < 180; `near`: > 0; `far`: finite and > near (TF4003);
 * - `meshType`: a MESH_TYPES index (TF4004); `cameraType`: a CAMERA_TYPES index (TF4007);
 * - `tick`: the logic tick (FRAME_END only, not validated);
 * - audio (ProtogameJS3D `audio` native): `newSoundId` a sound id 1..MAX_SOUNDS (TF4020); `soundId` a
 *   sound whose path arrived (TF4020); `newPlaybackId` above every playback id started so far (TF4021);
 *   `playbackId` a playback id started so far (TF4021); `flag` 0 or 1, `volume` finite >= 0,
 *   `balance` -1..1, `speed` finite > 0 (TF4003); `pathLength` 1..MAX_SOUND_PATH_BYTES and
 *   `pathOffset` a multiple of SOUND_PATH_CHUNK_BYTES below it (TF4003); `pathBytes` four UTF-8
 *   bytes of a path, little-endian (not validated); `listenerCount` an integer 1..MAX_LISTENERS and
 *   `listenerIndex` an integer below the count sent with it (TF4003).
 * - `fact`: a word of a fact record (record/replay; not validated, never applied).
 *
 * Strings: a sound's path travels once, when the logic first names it (`createOrGetSound`), as
 * LOAD_SOUND records of SOUND_PATH_CHUNK_BYTES path bytes each (ceil(length / 32) records, offsets
 * 0, 32, ...); the engine assembles them and loads the sound at the last one. Every later command
 * names the sound by its id. Fixed-size records keep the reader's fast path and the ring's framing
 * unchanged.
 */
export type CommandFieldKind =
  | 'entityId' | 'newEntityId' | 'cameraId' | 'newCameraId' | 'callbackId'
  | 'finite' | 'scale' | 'colour' | 'fov' | 'near' | 'far' | 'meshType' | 'cameraType' | 'tick'
  | 'newSoundId' | 'soundId' | 'newPlaybackId' | 'playbackId' | 'flag' | 'volume' | 'balance' | 'speed'
  | 'pathLength' | 'pathOffset' | 'pathBytes' | 'listenerIndex' | 'listenerCount' | 'fact';

/** Most sounds an app defines (sound ids 1..MAX_SOUNDS). */
export const MAX_SOUNDS = 4096;
/** Longest sound path, in UTF-8 bytes. */
export const MAX_SOUND_PATH_BYTES = 1024;
/** The kinds of audio call an AudioSink receives, in the order of the engine's counters (`stats().audio.calls`). */
export const AUDIO_CALL_KINDS = ['load', 'start', 'stop', 'volume', 'balance', 'speed', 'position', 'listener'] as const;
/** Most audio listeners a script declares (`audio.setNumListeners`; FMOD's limit, which the original uses). */
export const MAX_LISTENERS = 8;
/** Path bytes one LOAD_SOUND record carries (8 words). */
export const SOUND_PATH_CHUNK_BYTES = 32;

/**
 * The code the engine refuses a bad value of each field kind with (null: not validated). Data for
 * the docs and for test/engine/command-validation.test.ts, which sends a bad value in every
 * validated field of every command through the real systems and expects this code.
 */
export const FIELD_KIND_CODES: Readonly<Record<CommandFieldKind, string | null>> = {
  entityId: 'TF4001', newEntityId: 'TF4002', cameraId: 'TF4005', newCameraId: 'TF4006', callbackId: null,
  finite: 'TF4003', scale: 'TF4003', colour: 'TF4003', fov: 'TF4003', near: 'TF4003', far: 'TF4003',
  meshType: 'TF4004', cameraType: 'TF4007', tick: null,
  newSoundId: 'TF4020', soundId: 'TF4020', newPlaybackId: 'TF4021', playbackId: 'TF4021',
  flag: 'TF4003', volume: 'TF4003', balance: 'TF4003', speed: 'TF4003', pathLength: 'TF4003', pathOffset: 'TF4003', pathBytes: null,
  listenerIndex: 'TF4003', listenerCount: 'TF4003', fact: null,
};

/** One payload field. */
export interface CommandFieldSpec {
  readonly name: string;
  readonly type: CommandFieldType;
  readonly kind: CommandFieldKind;
}

/** The script API names that emit a command, one per API style (null: that style never emits it). */
export interface CommandApiNames {
  /** Seed style: the globals `EntityAPI` / `CameraAPI` (audio commands, which the seed lacks: the protogame name). */
  readonly seed: string;
  /** Typed style: `ctx.entities` / `ctx.cameras` of defineGame. */
  readonly typed: string | null;
  /** ProtogameJS3D style: the `entity` / `camera` natives. */
  readonly protogame: string | null;
}

/** One command. */
export interface CommandSpec {
  readonly opcode: number;
  /** UPPER_SNAKE name (diagnostics, docs). */
  readonly name: string;
  /** Method name in CommandWriter and in the target's handler (command-targets.ts: EntityCommandTarget, ...). */
  readonly method: string;
  /** Which engine system applies it (`frame`: the reader's sink itself; `facts`: nothing, the recorder reads it). */
  readonly target: 'entities' | 'cameras' | 'audio' | 'frame' | 'facts';
  readonly fields: readonly CommandFieldSpec[];
  /**
   * The payload may carry bytes after its fields (CALLBACK_FACTS: the callback record's message);
   * its length is then at least the fields' bytes instead of exactly.
   */
  readonly variableTail?: boolean;
  /** API names that emit it; null for FRAME_END and the facts, which the runtime writes, not the game. */
  readonly api: CommandApiNames | null;
  /** One line for the reference table. */
  readonly summary: string;
}

/** Which script API style issued a command (bits 8-9 of the record type). */
export const API_STYLES = { SEED: 0, TYPED: 1, PROTOGAME: 2 } as const;
/** One API style value. */
export type ApiStyle = (typeof API_STYLES)[keyof typeof API_STYLES];
/** Number of API styles. */
export const API_STYLE_COUNT = 3;
/** Shift of the API style inside a record type. */
export const API_STYLE_SHIFT = 8;
/** Mask of the opcode inside a record type. */
export const OPCODE_MASK = 0xff;

const f = (name: string, kind: CommandFieldKind = 'finite'): CommandFieldSpec => ({ name, type: 'f32', kind });
const i = (name: string, kind: CommandFieldKind): CommandFieldSpec => ({ name, type: 'i32', kind });
const u = (name: string, kind: CommandFieldKind): CommandFieldSpec => ({ name, type: 'u32', kind });
const api = (seed: string, typed: string | null, protogame: string | null): CommandApiNames => ({ seed, typed, protogame });
const ENTITY = i('id', 'entityId');
const CAMERA = i('id', 'cameraId');
const CALLBACK = u('callbackId', 'callbackId');
const PLAYBACK = u('playbackId', 'playbackId');
const PATH_BYTES = [0, 1, 2, 3, 4, 5, 6, 7].map((n) => u(`bytes${n}`, 'pathBytes'));
const fact = (name: string, type: CommandFieldType = 'i32'): CommandFieldSpec => ({ name, type, kind: 'fact' });
const INPUT_SLOTS = Array.from({ length: INPUT_STATE_SLOTS }, (_, n) => fact(`slot${n}`));

/** Every command, in opcode order. Append new commands at the end with the next opcode. */
export const COMMAND_TABLE = [
  { opcode: 1, name: 'CREATE_MESH', method: 'createMesh', target: 'entities',
    fields: [i('entityId', 'newEntityId'), CALLBACK, i('meshTypeIndex', 'meshType'), f('x'), f('y'), f('z'), f('scale', 'scale'),
      f('r', 'colour'), f('g', 'colour'), f('b', 'colour'), f('a', 'colour')],
    api: api('EntityAPI.createMesh', 'ctx.entities.createMesh', 'entity.createMesh'),
    summary: 'creates a mesh entity with a logic-issued id; answers ENTITY_CREATED' },
  { opcode: 2, name: 'UPDATE_POSITION', method: 'updatePosition', target: 'entities',
    fields: [ENTITY, f('x'), f('y'), f('z')],
    api: api('EntityAPI.updatePosition', 'ctx.entities.updatePosition', 'entity.updatePosition'),
    summary: 'sets an entity\'s position' },
  { opcode: 3, name: 'MOVE_BY', method: 'moveBy', target: 'entities',
    fields: [ENTITY, f('dx'), f('dy'), f('dz')],
    api: api('EntityAPI.moveBy', 'ctx.entities.moveBy', 'entity.moveBy'),
    summary: 'moves an entity by a delta' },
  { opcode: 4, name: 'UPDATE_ORIENTATION', method: 'updateOrientation', target: 'entities',
    fields: [ENTITY, f('yaw'), f('pitch'), f('roll')],
    api: api('EntityAPI.updateOrientation', 'ctx.entities.updateOrientation', 'entity.updateOrientation'),
    summary: 'sets an entity\'s orientation (degrees)' },
  { opcode: 5, name: 'UPDATE_COLOR', method: 'updateColor', target: 'entities',
    fields: [ENTITY, f('r', 'colour'), f('g', 'colour'), f('b', 'colour'), f('a', 'colour')],
    api: api('EntityAPI.updateColor', 'ctx.entities.updateColor', 'entity.updateColor'),
    summary: 'sets an entity\'s colour (RGBA8 scale, sent as given)' },
  { opcode: 6, name: 'UPDATE_SCALE', method: 'updateScale', target: 'entities',
    fields: [ENTITY, f('scale', 'scale')],
    api: api('EntityAPI.updateScale', 'ctx.entities.updateScale', null),
    summary: 'sets an entity\'s uniform scale' },
  { opcode: 7, name: 'DESTROY_ENTITY', method: 'destroyEntity', target: 'entities',
    fields: [ENTITY],
    api: api('EntityAPI.destroyEntity', 'ctx.entities.destroy', 'entity.destroy'),
    summary: 'destroys an entity' },
  { opcode: 8, name: 'CREATE_CAMERA', method: 'createCamera', target: 'cameras',
    fields: [i('cameraId', 'newCameraId'), CALLBACK, f('x'), f('y'), f('z'), f('yaw'), f('pitch'), f('roll'),
      i('typeIndex', 'cameraType'), f('fovDeg', 'fov'), f('near', 'near'), f('far', 'far')],
    api: api('CameraAPI.createCamera', 'ctx.cameras.create', 'camera.create'),
    summary: 'creates a camera with a logic-issued id; answers CAMERA_CREATED' },
  { opcode: 9, name: 'UPDATE_CAMERA', method: 'updateCamera', target: 'cameras',
    fields: [CAMERA, f('x'), f('y'), f('z'), f('yaw'), f('pitch'), f('roll')],
    api: api('CameraAPI.updateCamera', 'ctx.cameras.update', 'camera.update'),
    summary: 'sets a camera\'s position and orientation' },
  { opcode: 10, name: 'UPDATE_CAMERA_POSITION', method: 'updateCameraPosition', target: 'cameras',
    fields: [CAMERA, f('x'), f('y'), f('z')],
    api: api('CameraAPI.updateCameraPosition', 'ctx.cameras.updatePosition', 'camera.updatePosition'),
    summary: 'sets a camera\'s position' },
  { opcode: 11, name: 'UPDATE_CAMERA_ORIENTATION', method: 'updateCameraOrientation', target: 'cameras',
    fields: [CAMERA, f('yaw'), f('pitch'), f('roll')],
    api: api('CameraAPI.updateCameraOrientation', 'ctx.cameras.updateOrientation', 'camera.updateOrientation'),
    summary: 'sets a camera\'s orientation (degrees)' },
  { opcode: 12, name: 'MOVE_CAMERA', method: 'moveCamera', target: 'cameras',
    fields: [CAMERA, f('dx'), f('dy'), f('dz')],
    api: api('CameraAPI.moveCamera', 'ctx.cameras.moveBy', 'camera.moveBy'),
    summary: 'moves a camera by a delta' },
  { opcode: 13, name: 'CAMERA_LOOK_AT', method: 'cameraLookAt', target: 'cameras',
    fields: [CAMERA, f('tx'), f('ty'), f('tz')],
    api: api('CameraAPI.lookAt', 'ctx.cameras.lookAt', 'camera.lookAt'),
    summary: 'turns a camera to look at a world point' },
  { opcode: 14, name: 'SET_ACTIVE_CAMERA', method: 'setActiveCamera', target: 'cameras',
    fields: [CAMERA, CALLBACK],
    api: api('CameraAPI.setActiveCamera', 'ctx.cameras.setActive', 'camera.setActive'),
    summary: 'makes a camera the active one; answers on callbackId (0 = no answer)' },
  { opcode: 15, name: 'UPDATE_CAMERA_TYPE', method: 'updateCameraType', target: 'cameras',
    fields: [CAMERA, i('typeIndex', 'cameraType'), CALLBACK],
    api: api('CameraAPI.updateCameraType', 'ctx.cameras.setType', 'camera.updateType'),
    summary: 'changes a camera\'s projection type; answers on callbackId' },
  { opcode: 16, name: 'DESTROY_CAMERA', method: 'destroyCamera', target: 'cameras',
    fields: [CAMERA, CALLBACK],
    api: api('CameraAPI.destroyCamera', 'ctx.cameras.destroy', 'camera.destroy'),
    summary: 'destroys a camera; answers on callbackId' },
  { opcode: 17, name: 'FRAME_END', method: 'frameEnd', target: 'frame',
    fields: [i('tick', 'tick')],
    api: null,
    summary: 'ends logic frame `tick`\'s commands (written last in every batch; publishes are stamped with it); a recording worker\'s carries the tick\'s facts after the tick, a 32-byte payload (logic-facts.ts)' },
  { opcode: 18, name: 'LOAD_SOUND', method: 'loadSound', target: 'audio',
    fields: [u('soundId', 'newSoundId'), u('spatial', 'flag'), u('pathLength', 'pathLength'), u('pathOffset', 'pathOffset'), ...PATH_BYTES],
    api: api('audio.createOrGetSound', null, 'audio.createOrGetSound'),
    summary: 'carries 32 bytes of a sound\'s path (UTF-8, from the data root); the last chunk loads the sound (Sound2D or Sound3D)' },
  { opcode: 19, name: 'START_SOUND', method: 'startSound', target: 'audio',
    fields: [u('playbackId', 'newPlaybackId'), u('soundId', 'soundId'), u('looped', 'flag'), f('volume', 'volume'), f('balance', 'balance'),
      f('speed', 'speed'), u('paused', 'flag'), u('positioned', 'flag'), f('x'), f('y'), f('z')],
    api: api('audio.startSound', null, 'audio.startSound'),
    summary: 'starts a playback of a loaded sound (logic-issued playback id), at a position when `positioned`' },
  { opcode: 20, name: 'STOP_SOUND', method: 'stopSound', target: 'audio',
    fields: [PLAYBACK],
    api: api('audio.stopSound', null, 'audio.stopSound'),
    summary: 'stops a playback' },
  { opcode: 21, name: 'SET_SOUND_VOLUME', method: 'setSoundVolume', target: 'audio',
    fields: [PLAYBACK, f('volume', 'volume')],
    api: api('audio.setSoundVolume', null, 'audio.setSoundVolume'),
    summary: 'sets a playback\'s volume (1 = as recorded)' },
  { opcode: 22, name: 'SET_SOUND_BALANCE', method: 'setSoundBalance', target: 'audio',
    fields: [PLAYBACK, f('balance', 'balance')],
    api: api('audio.setSoundBalance', null, 'audio.setSoundBalance'),
    summary: 'sets a playback\'s stereo balance (-1 left .. 1 right)' },
  { opcode: 23, name: 'SET_SOUND_SPEED', method: 'setSoundSpeed', target: 'audio',
    fields: [PLAYBACK, f('speed', 'speed')],
    api: api('audio.setSoundSpeed', null, 'audio.setSoundSpeed'),
    summary: 'sets a playback\'s speed (playback rate, 1 = as recorded)' },
  { opcode: 24, name: 'SET_SOUND_POSITION', method: 'setSoundPosition', target: 'audio',
    fields: [PLAYBACK, f('x'), f('y'), f('z')],
    api: api('audio.setSoundPosition', null, 'audio.setSoundPosition'),
    summary: 'moves a 3D playback (seed coordinates)' },
  { opcode: 25, name: 'UPDATE_LISTENER', method: 'updateListener', target: 'audio',
    fields: [u('index', 'listenerIndex'), u('count', 'listenerCount'), f('x'), f('y'), f('z'),
      f('forwardX'), f('forwardY'), f('forwardZ'), f('upX'), f('upY'), f('upZ')],
    api: api('audio.updateListener', null, 'audio.updateListener'),
    summary: 'places listener `index` of `count` (seed coordinates: position, forward, up); listener 0 replaces the active camera as the ear' },
  { opcode: 26, name: 'TICK_FACTS', method: 'tickFacts', target: 'facts',
    fields: [fact('rawDtLo', 'u32'), fact('rawDtHi', 'u32'), fact('tick'), fact('entityFrame'), fact('cameraFrame'), fact('callbacks'), fact('incarnation')],
    api: null,
    summary: 'recording format 1-3 (no longer written: FRAME_END carries these facts): what logic tick `tick` consumed: its raw dt (f64 seconds in the first two words), the ENGINE_FRAME_WORD of the entity and camera snapshots it read, how many callback records it was delivered, its incarnation' },
  { opcode: 27, name: 'INPUT_FACTS', method: 'inputFacts', target: 'facts',
    fields: INPUT_SLOTS,
    api: null,
    summary: 'recording: the input state the tick read (INPUT_STATE_SLOTS words), only on ticks where it changed since the last one written' },
  { opcode: 28, name: 'CALLBACK_FACTS', method: 'callbackFacts', target: 'facts', variableTail: true,
    fields: [fact('callbackId', 'u32'), fact('type', 'u32'), fact('resultLo', 'u32'), fact('resultHi', 'u32'), fact('code', 'u32'), fact('reserved', 'u32')],
    api: null,
    summary: 'recording: one callback record delivered to the tick, its CallbackQueue payload copied raw (message bytes after the fields)' },
] as const satisfies readonly CommandSpec[];

/** A command's UPPER_SNAKE name. */
export type CommandName = (typeof COMMAND_TABLE)[number]['name'];

/** The spec of each opcode, indexed by opcode (undefined for 0 and unused opcodes). */
export const COMMAND_SPECS: readonly (CommandSpec | undefined)[] = (() => {
  const t: (CommandSpec | undefined)[] = [];
  for (const spec of COMMAND_TABLE) t[spec.opcode] = spec;
  return t;
})();

/**
 * The API name a game called to issue a record of ring type `type` (`opcode | style << 8`), e.g.
 * `ctx.entities.moveBy`; the seed name when the style has none. Allocates nothing (the names are
 * table constants); error path anyway.
 */
export function commandApiName(type: number): string {
  const spec = COMMAND_SPECS[type & OPCODE_MASK];
  if (spec === undefined) return `RenderCommandQueue(type ${type})`;
  if (spec.api === null) return `RenderCommandQueue.${spec.name}`;
  const style = type >> API_STYLE_SHIFT;
  const name = style === API_STYLES.TYPED ? spec.api.typed : style === API_STYLES.PROTOGAME ? spec.api.protogame : spec.api.seed;
  return name ?? spec.api.seed;
}

/** The API name of `opcode` in `style` (startup: the script APIs build their message names from it). */
export function apiNameOf(opcode: number, style: ApiStyle): string {
  return commandApiName(opcode | (style << API_STYLE_SHIFT));
}
