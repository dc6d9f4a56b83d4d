/**
 * Encoder side of the RenderCommandQueue (logic worker -> engine): the ring's allocation, and one
 * named method per command of the command table (command-table.ts; test/protocol/command-table.test.ts
 * checks each encodes its table entry) on top of CommandRecordWriter (command-record-writer.ts: the
 * ring or its spill, the API style, flush, the payload shapes several commands share, and the
 * refusing / spilling contract). Commands become visible to the engine at `flush()`.
 */
import { createRingBuffer } from '../shared-memory/ring-layout.ts';
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { COMMAND_OPCODES, DEFAULT_COMMAND_RING_BYTES } from './command-opcodes.ts';
import { CommandRecordWriter, MIN_COMMAND_RING_BYTES } from './command-record-writer.ts';
import { INPUT_STATE_SLOTS } from './input-state.ts';
import { FRAME_END_FACTS_BYTES, type TickFacts } from './logic-facts.ts';
import { PROTOCOL_CODES } from './error-codes.ts';
import { QUEUE_KINDS } from './queue-kind.ts';

/** Smallest command ring a recording logic can write its facts into (INPUT_FACTS is at most half of it). */
export const MIN_RECORDING_RING_BYTES = 16 * 1024;

/**
 * Allocates a RenderCommandQueue ring of `capacityBytes` (a power of two >= 128). Allocates;
 * startup only. Throws TF2005 below the minimum, TF1001 for a capacity that is not a power of two.
 */
export function createCommandQueueBuffer(capacityBytes: number = DEFAULT_COMMAND_RING_BYTES): SharedArrayBuffer {
  if (capacityBytes < MIN_COMMAND_RING_BYTES) {
    throw new TwinframeError(
      PROTOCOL_CODES.QUEUE_CAPACITY_INVALID.code,
      `createCommandQueueBuffer: ring too small for the largest command; got ${capacityBytes} bytes, expected at least ${MIN_COMMAND_RING_BYTES}. Use ${DEFAULT_COMMAND_RING_BYTES}.`,
      { capacityBytes },
    );
  }
  return createRingBuffer(capacityBytes, { kind: QUEUE_KINDS.COMMANDS });
}

// Module-local copies of the opcodes (why: command-reader.ts); the table test checks every encoder's
// opcode against the table.
const {
  CREATE_MESH, UPDATE_POSITION, MOVE_BY, UPDATE_ORIENTATION, UPDATE_COLOR, UPDATE_SCALE,
  DESTROY_ENTITY, CREATE_CAMERA, UPDATE_CAMERA, UPDATE_CAMERA_POSITION, UPDATE_CAMERA_ORIENTATION, MOVE_CAMERA,
  CAMERA_LOOK_AT, SET_ACTIVE_CAMERA, UPDATE_CAMERA_TYPE, DESTROY_CAMERA, FRAME_END,
  LOAD_SOUND, START_SOUND, STOP_SOUND, SET_SOUND_VOLUME, SET_SOUND_BALANCE, SET_SOUND_SPEED, SET_SOUND_POSITION, UPDATE_LISTENER,
  TICK_FACTS, INPUT_FACTS, CALLBACK_FACTS,
} = COMMAND_OPCODES;

/** Payload bytes of TICK_FACTS and INPUT_FACTS. */
const TICK_FACTS_BYTES = 28;
const INPUT_FACTS_BYTES = INPUT_STATE_SLOTS * 4;

/**
 * Writes commands into a RenderCommandQueue ring, one method per table command. Construct on the
 * logic thread from the buffer of createCommandQueueBuffer; throws TF1004/TF2006 for a wrong buffer.
 */
export class CommandWriter extends CommandRecordWriter {
  /** Creates a mesh entity with a logic-issued id; the engine answers ENTITY_CREATED on callbackId. */
  createMesh(
    entityId: number, callbackId: number, meshTypeIndex: number,
    x: number, y: number, z: number, scale: number,
    r: number, g: number, b: number, a: number,
  ): boolean {
    const q = this.appendWithId(CREATE_MESH, entityId, 44);
    if (q < 0) return false;
    const f = this.f32;
    this.u32[q + 1] = callbackId;
    this.i32[q + 2] = meshTypeIndex;
    f[q + 3] = x; f[q + 4] = y; f[q + 5] = z; f[q + 6] = scale;
    f[q + 7] = r; f[q + 8] = g; f[q + 9] = b; f[q + 10] = a;
    return true;
  }

  /** Sets an entity's position. */
  updatePosition(id: number, x: number, y: number, z: number): boolean {
    return this.idVec3(UPDATE_POSITION, id, x, y, z);
  }

  /** Moves an entity by a delta. */
  moveBy(id: number, dx: number, dy: number, dz: number): boolean {
    return this.idVec3(MOVE_BY, id, dx, dy, dz);
  }

  /** Sets an entity's orientation in degrees. */
  updateOrientation(id: number, yaw: number, pitch: number, roll: number): boolean {
    return this.idVec3(UPDATE_ORIENTATION, id, yaw, pitch, roll);
  }

  /** Sets an entity's colour (RGBA8 scale; sent as given, validated by the engine). */
  updateColor(id: number, r: number, g: number, b: number, a: number): boolean {
    const q = this.appendWithId(UPDATE_COLOR, id, 20);
    if (q < 0) return false;
    const f = this.f32;
    f[q + 1] = r; f[q + 2] = g; f[q + 3] = b; f[q + 4] = a;
    return true;
  }

  /** Sets an entity's uniform scale. */
  updateScale(id: number, s: number): boolean {
    return this.idValue(UPDATE_SCALE, id, s);
  }

  /** Destroys an entity. */
  destroyEntity(id: number): boolean {
    return this.oneWord(DESTROY_ENTITY, id);
  }

  /**
   * Marks the end of logic frame `tick`'s commands, so the engine knows which tick it has applied
   * (publishes are stamped with it). Written last in every logic frame's batch. Recording: `facts`
   * (what the tick consumed; its `tick` is not read, `tick` is) rides in the same record, a payload
   * of FRAME_END_FACTS_BYTES (logic-facts.ts) instead of one word: one record per tick, not a
   * TICK_FACTS record besides it (format version 4).
   */
  frameEnd(tick: number, facts: TickFacts | null = null): boolean {
    if (facts === null) return this.oneWord(FRAME_END, tick);
    const q = this.appendWithId(FRAME_END, tick, FRAME_END_FACTS_BYTES);
    if (q < 0) return false;
    const i = this.i32;
    // q is even (a payload starts 8-aligned): the f64 at word q + 2 is aligned.
    i[q + 1] = 0;
    this.f64[(q + 2) >> 1] = facts.rawDt;
    i[q + 4] = facts.entityFrame; i[q + 5] = facts.cameraFrame; i[q + 6] = facts.callbacks; i[q + 7] = facts.incarnation;
    return true;
  }

  /**
   * Recording format versions 1 to 3: what logic tick `tick` consumed (TICK_FACTS): its raw dt in
   * seconds (f64), the ENGINE_FRAME_WORD of the entity and camera snapshots it read, how many
   * callback records it was delivered, and the worker's incarnation, after the tick's commands and
   * before its FRAME_END. The runtime no longer writes it (its FRAME_END carries the facts); kept
   * so the table has its encoder and tests can build the older files' records.
   */
  tickFacts(rawDt: number, tick: number, entityFrame: number, cameraFrame: number, callbacks: number, incarnation: number): boolean {
    const off = this.append(TICK_FACTS, TICK_FACTS_BYTES);
    if (off < 0) return false;
    this.f64[off >> 3] = rawDt;
    const q = off >> 2;
    const i = this.i32;
    i[q + 2] = tick; i[q + 3] = entityFrame; i[q + 4] = cameraFrame; i[q + 5] = callbacks; i[q + 6] = incarnation;
    return true;
  }

  /** Recording: the input state a tick read (INPUT_FACTS): INPUT_STATE_SLOTS words of `state`. */
  inputFacts(state: Int32Array): boolean {
    const off = this.append(INPUT_FACTS, INPUT_FACTS_BYTES);
    if (off < 0) return false;
    const q = off >> 2;
    const i = this.i32;
    for (let k = 0; k < INPUT_STATE_SLOTS; k++) i[q + k] = state[k]!;
    return true;
  }

  /**
   * Recording: one callback record delivered to the tick (CALLBACK_FACTS): `payloadBytes` bytes of
   * its CallbackQueue payload, copied raw from `bytes` at `start`.
   */
  callbackFacts(bytes: Uint8Array, start: number, payloadBytes: number): boolean {
    const off = this.append(CALLBACK_FACTS, payloadBytes);
    if (off < 0) return false;
    const u8 = this.u8;
    for (let k = 0; k < payloadBytes; k++) u8[off + k] = bytes[start + k]!;
    return true;
  }

  /** Creates a camera with a logic-issued id; the engine answers CAMERA_CREATED on callbackId. */
  createCamera(
    cameraId: number, callbackId: number,
    x: number, y: number, z: number, yaw: number, pitch: number, roll: number,
    typeIndex: number, fovDeg: number, near: number, far: number,
  ): boolean {
    const q = this.appendWithId(CREATE_CAMERA, cameraId, 48);
    if (q < 0) return false;
    const f = this.f32;
    this.u32[q + 1] = callbackId;
    f[q + 2] = x; f[q + 3] = y; f[q + 4] = z;
    f[q + 5] = yaw; f[q + 6] = pitch; f[q + 7] = roll;
    this.i32[q + 8] = typeIndex;
    f[q + 9] = fovDeg; f[q + 10] = near; f[q + 11] = far;
    return true;
  }

  /** Sets a camera's position and orientation (degrees). */
  updateCamera(id: number, x: number, y: number, z: number, yaw: number, pitch: number, roll: number): boolean {
    const q = this.appendWithId(UPDATE_CAMERA, id, 28);
    if (q < 0) return false;
    const f = this.f32;
    f[q + 1] = x; f[q + 2] = y; f[q + 3] = z;
    f[q + 4] = yaw; f[q + 5] = pitch; f[q + 6] = roll;
    return true;
  }

  /** Sets a camera's position. */
  updateCameraPosition(id: number, x: number, y: number, z: number): boolean {
    return this.idVec3(UPDATE_CAMERA_POSITION, id, x, y, z);
  }

  /** Sets a camera's orientation (degrees). */
  updateCameraOrientation(id: number, yaw: number, pitch: number, roll: number): boolean {
    return this.idVec3(UPDATE_CAMERA_ORIENTATION, id, yaw, pitch, roll);
  }

  /** Moves a camera by a delta. */
  moveCamera(id: number, dx: number, dy: number, dz: number): boolean {
    return this.idVec3(MOVE_CAMERA, id, dx, dy, dz);
  }

  /** Turns a camera to look at a world point. */
  cameraLookAt(id: number, tx: number, ty: number, tz: number): boolean {
    return this.idVec3(CAMERA_LOOK_AT, id, tx, ty, tz);
  }

  /** Makes a camera the active one; the engine answers on callbackId (0 = no answer). */
  setActiveCamera(id: number, callbackId: number): boolean {
    return this.idCallback(SET_ACTIVE_CAMERA, id, callbackId);
  }

  /** Changes a camera's projection type (CAMERA_TYPES index); the engine answers on callbackId. */
  updateCameraType(id: number, typeIndex: number, callbackId: number): boolean {
    const q = this.appendWithId(UPDATE_CAMERA_TYPE, id, 12);
    if (q < 0) return false;
    this.i32[q + 1] = typeIndex;
    this.u32[q + 2] = callbackId;
    return true;
  }

  /** Destroys a camera; the engine answers on callbackId (0 = no answer). */
  destroyCamera(id: number, callbackId: number): boolean {
    return this.idCallback(DESTROY_CAMERA, id, callbackId);
  }

  /**
   * Carries SOUND_PATH_CHUNK_BYTES bytes of sound `soundId`'s path (eight words of UTF-8, little-endian);
   * the chunk at the last offset makes the engine load it. `spatial` 1 for Sound3D.
   */
  loadSound(
    soundId: number, spatial: number, pathLength: number, pathOffset: number,
    bytes0: number, bytes1: number, bytes2: number, bytes3: number, bytes4: number, bytes5: number, bytes6: number, bytes7: number,
  ): boolean {
    const q = this.appendWithId(LOAD_SOUND, soundId, 48);
    if (q < 0) return false;
    const u = this.u32;
    u[q + 1] = spatial; u[q + 2] = pathLength; u[q + 3] = pathOffset;
    u[q + 4] = bytes0; u[q + 5] = bytes1; u[q + 6] = bytes2; u[q + 7] = bytes3;
    u[q + 8] = bytes4; u[q + 9] = bytes5; u[q + 10] = bytes6; u[q + 11] = bytes7;
    return true;
  }

  /** Starts playback `playbackId` (logic-issued) of a loaded sound; at (x, y, z) when `positioned` is 1. */
  startSound(
    playbackId: number, soundId: number, looped: number, volume: number, balance: number, speed: number,
    paused: number, positioned: number, x: number, y: number, z: number,
  ): boolean {
    const q = this.appendWithId(START_SOUND, playbackId, 44);
    if (q < 0) return false;
    const u = this.u32;
    const f = this.f32;
    u[q + 1] = soundId; u[q + 2] = looped;
    f[q + 3] = volume; f[q + 4] = balance; f[q + 5] = speed;
    u[q + 6] = paused; u[q + 7] = positioned;
    f[q + 8] = x; f[q + 9] = y; f[q + 10] = z;
    return true;
  }

  /** Stops a playback. */
  stopSound(playbackId: number): boolean {
    return this.oneWord(STOP_SOUND, playbackId);
  }

  /** Sets a playback's volume. */
  setSoundVolume(playbackId: number, volume: number): boolean {
    return this.idValue(SET_SOUND_VOLUME, playbackId, volume);
  }

  /** Sets a playback's stereo balance (-1..1). */
  setSoundBalance(playbackId: number, balance: number): boolean {
    return this.idValue(SET_SOUND_BALANCE, playbackId, balance);
  }

  /** Sets a playback's speed (playback rate). */
  setSoundSpeed(playbackId: number, speed: number): boolean {
    return this.idValue(SET_SOUND_SPEED, playbackId, speed);
  }

  /** Moves a 3D playback. */
  setSoundPosition(playbackId: number, x: number, y: number, z: number): boolean {
    return this.idVec3(SET_SOUND_POSITION, playbackId, x, y, z);
  }

  /** Places listener `index` of `count`: position, forward and up vectors (seed coordinates). */
  updateListener(
    index: number, count: number, x: number, y: number, z: number,
    forwardX: number, forwardY: number, forwardZ: number, upX: number, upY: number, upZ: number,
  ): boolean {
    const q = this.appendWithId(UPDATE_LISTENER, index, 44);
    if (q < 0) return false;
    const f = this.f32;
    this.u32[q + 1] = count;
    f[q + 2] = x; f[q + 3] = y; f[q + 4] = z;
    f[q + 5] = forwardX; f[q + 6] = forwardY; f[q + 7] = forwardZ;
    f[q + 8] = upX; f[q + 9] = upY; f[q + 10] = upZ;
    return true;
  }
}
