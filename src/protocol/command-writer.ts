/**
 * Encoder side of the RenderCommandQueue (logic worker -> engine). One method per command of the
 * command table (command-table.ts; test/protocol/command-table.test.ts checks each encodes its
 * table entry). A refusing writer's methods return false when the ring is full and then write
 * nothing; a spilling writer (the logic's CommandOutbox) keeps such a command in the ring's spill
 * (shared-memory/ring-spill.ts) and never refuses (backpressure, never loss). Commands
 * become visible to the engine at `flush()`, once per logic frame. No method throws, and none
 * allocates except when a spill grows (under backpressure only).
 */
import { RingWriter } from '../shared-memory/ring-writer.ts';
import { SpillingRingWriter } from '../shared-memory/ring-spill.ts';
import { createRingBuffer, maxPayloadBytesFor } from '../shared-memory/ring-layout.ts';
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { COMMAND_OPCODES, COMMAND_PAYLOAD_BYTES, DEFAULT_COMMAND_RING_BYTES, MAX_COMMAND_OPCODE } from './command-opcodes.ts';
import { API_STYLE_SHIFT, COMMAND_SPECS, type ApiStyle } from './command-table.ts';
import { INPUT_STATE_SLOTS } from './input-state.ts';
import { PROTOCOL_CODES } from './error-codes.ts';
import { QUEUE_KINDS, checkQueueKind } from './queue-kind.ts';

/** Smallest command ring: the largest command must fit (a record is at most half the ring). */
export const MIN_COMMAND_RING_BYTES = 128;

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

// Module-local copies of the opcodes: V8 folds module-local consts into optimized code but does a
// property load on the imported object at every use.
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

// The largest game command sets the smallest ring; fact records (recording only) are larger and
// need a ring of at least MIN_RECORDING_RING_BYTES, which the engine checks when it records.
let largestCommand = 0;
for (let op = 1; op <= MAX_COMMAND_OPCODE; op++) if (COMMAND_SPECS[op]?.target !== 'facts') largestCommand = Math.max(largestCommand, COMMAND_PAYLOAD_BYTES[op]!);

/** Smallest command ring a recording logic can write its facts into (INPUT_FACTS is at most half of it). */
export const MIN_RECORDING_RING_BYTES = 16 * 1024;

/**
 * Writes commands into a RenderCommandQueue ring. Construct on the logic thread from the buffer of
 * createCommandQueueBuffer; throws TF1004/TF2006 for a wrong buffer.
 */
export class CommandWriter {
  /** The underlying ring end (counters: totalEnqueued, fullEvents, highWaterBytes, ...). */
  readonly ring: RingWriter;
  /**
   * The spill in front of the ring when constructed with `spill: true` (then no method refuses:
   * a command that does not fit waits in the spill, in ring framing, and `spill.drain()` copies it
   * raw into the ring as space frees, order kept); null for a refusing writer.
   */
  readonly spill: SpillingRingWriter | null;
  private i32: Int32Array;
  private u32: Uint32Array;
  private f32: Float32Array;
  private f64: Float64Array;
  private u8: Uint8Array;
  /** True while commands go straight into the ring (nothing waits in the spill). */
  private direct = true;
  /** The API style of the commands being written, already shifted into the record type. */
  private styleBits = 0;

  /**
   * `spill` false (default): each method returns false when the ring is full and writes nothing.
   * `spill` true: each method always writes (into the ring, or its spill when full or when earlier
   * commands wait there) and returns true; drain the spill with `spill.drain()` each frame.
   */
  constructor(sab: SharedArrayBuffer, spill = false) {
    this.ring = new RingWriter(sab);
    checkQueueKind('CommandWriter.constructor', this.ring.kind, QUEUE_KINDS.COMMANDS, 'createCommandQueueBuffer');
    if (maxPayloadBytesFor(this.ring.capacityBytes) < largestCommand) {
      throw new TwinframeError(
        PROTOCOL_CODES.QUEUE_CAPACITY_INVALID.code,
        `CommandWriter.constructor: ring too small for the largest command; got ${this.ring.capacityBytes} bytes, expected at least ${MIN_COMMAND_RING_BYTES}. Allocate it with createCommandQueueBuffer().`,
      );
    }
    this.spill = spill ? new SpillingRingWriter(this.ring) : null;
    this.i32 = this.ring.i32;
    this.u32 = this.ring.u32;
    this.f32 = this.ring.f32;
    this.f64 = this.ring.f64;
    this.u8 = this.ring.u8;
  }

  /**
   * Appends a record header of `type` with `payloadBytes` and returns the payload's byte offset
   * into `i32/u32/f32`, or -1 when a refusing writer's ring is full. While nothing waits in the
   * spill (`direct`) this is the ring's own tryAppend: kept this small so the per-command encoders
   * inline into the script APIs and pass their numbers unboxed (logic-heap.test.ts guards it).
   */
  private append(type: number, payloadBytes: number): number {
    if (this.direct) {
      const off = this.ring.tryAppend(type, payloadBytes);
      if (off >= 0) return off;
    }
    return this.appendSlow(type, payloadBytes);
  }

  /**
   * The ring was full or the spill holds records: -1 for a refusing writer; otherwise the record
   * goes into the spill (in order after the waiting ones) and the views point at it.
   */
  private appendSlow(type: number, payloadBytes: number): number {
    const spill = this.spill;
    if (spill === null) return -1;
    this.direct = false;
    const off = spill.append(type, payloadBytes);
    this.i32 = spill.i32;
    this.u32 = spill.u32;
    this.f32 = spill.f32;
    this.f64 = spill.f64;
    this.u8 = spill.u8;
    return off;
  }

  /**
   * Copies the spill's waiting records raw into the ring (order kept) and publishes them; returns
   * how many still wait (0 for a refusing writer). Once none wait, commands go straight into the
   * ring again. Call at the start of each logic frame and before publishing.
   */
  drainSpill(): number {
    const spill = this.spill;
    if (spill === null) return 0;
    const waiting = spill.drain();
    if (waiting === 0 && !this.direct) {
      this.direct = true;
      this.i32 = this.ring.i32;
      this.u32 = this.ring.u32;
      this.f32 = this.ring.f32;
      this.f64 = this.ring.f64;
      this.u8 = this.ring.u8;
    }
    return waiting;
  }

  /**
   * Which script API style issues the next commands (API_STYLES; default SEED): stored in each
   * record's type, so the engine's refusals name the API the game called. Set it before writing.
   */
  get apiStyle(): ApiStyle {
    return (this.styleBits >> API_STYLE_SHIFT) as ApiStyle;
  }
  set apiStyle(style: ApiStyle) {
    this.styleBits = style << API_STYLE_SHIFT;
  }

  /** Creates a mesh entity with a logic-issued id; the engine answers ENTITY_CREATED on callbackId. */
  createMesh(
    entityId: number, callbackId: number, meshTypeIndex: number,
    x: number, y: number, z: number, scale: number,
    r: number, g: number, b: number, a: number,
  ): boolean {
    const off = this.append(CREATE_MESH | this.styleBits, 44);
    if (off < 0) return false;
    const q = off >> 2;
    const f = this.f32;
    this.i32[q] = entityId;
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
    const off = this.append(UPDATE_COLOR | this.styleBits, 20);
    if (off < 0) return false;
    const q = off >> 2;
    const f = this.f32;
    this.i32[q] = id;
    f[q + 1] = r; f[q + 2] = g; f[q + 3] = b; f[q + 4] = a;
    return true;
  }

  /** Sets an entity's uniform scale. */
  updateScale(id: number, s: number): boolean {
    const off = this.append(UPDATE_SCALE | this.styleBits, 8);
    if (off < 0) return false;
    const q = off >> 2;
    this.i32[q] = id;
    this.f32[q + 1] = s;
    return true;
  }

  /** Destroys an entity. */
  destroyEntity(id: number): boolean {
    const off = this.append(DESTROY_ENTITY | this.styleBits, 4);
    if (off < 0) return false;
    this.i32[off >> 2] = id;
    return true;
  }

  /**
   * Marks the end of logic frame `tick`'s commands, so the engine knows which tick it has applied
   * (publishes are stamped with it). Written last in every logic frame's batch.
   */
  frameEnd(tick: number): boolean {
    const off = this.append(FRAME_END | this.styleBits, 4);
    if (off < 0) return false;
    this.i32[off >> 2] = tick;
    return true;
  }

  /**
   * Recording: what logic tick `tick` consumed (TICK_FACTS): its raw dt in seconds (f64), the
   * ENGINE_FRAME_WORD of the entity and camera snapshots it read, how many callback records it was
   * delivered, and the worker's incarnation. Written after the tick's commands, before FRAME_END.
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
    const off = this.append(CREATE_CAMERA | this.styleBits, 48);
    if (off < 0) return false;
    const q = off >> 2;
    const f = this.f32;
    this.i32[q] = cameraId;
    this.u32[q + 1] = callbackId;
    f[q + 2] = x; f[q + 3] = y; f[q + 4] = z;
    f[q + 5] = yaw; f[q + 6] = pitch; f[q + 7] = roll;
    this.i32[q + 8] = typeIndex;
    f[q + 9] = fovDeg; f[q + 10] = near; f[q + 11] = far;
    return true;
  }

  /** Sets a camera's position and orientation (degrees). */
  updateCamera(id: number, x: number, y: number, z: number, yaw: number, pitch: number, roll: number): boolean {
    const off = this.append(UPDATE_CAMERA | this.styleBits, 28);
    if (off < 0) return false;
    const q = off >> 2;
    const f = this.f32;
    this.i32[q] = id;
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
    const off = this.append(UPDATE_CAMERA_TYPE | this.styleBits, 12);
    if (off < 0) return false;
    const q = off >> 2;
    this.i32[q] = id;
    this.i32[q + 1] = typeIndex;
    this.u32[q + 2] = callbackId;
    return true;
  }

  /** Destroys a camera; the engine answers on callbackId (0 = no answer). */
  destroyCamera(id: number, callbackId: number): boolean {
    return this.idCallback(DESTROY_CAMERA, id, callbackId);
  }

  /** Publishes every command written since the last flush (one atomic store); call once per frame. */
  /**
   * Carries SOUND_PATH_CHUNK_BYTES bytes of sound `soundId`'s path (eight words of UTF-8, little-endian);
   * the chunk at the last offset makes the engine load it. `spatial` 1 for Sound3D.
   */
  loadSound(
    soundId: number, spatial: number, pathLength: number, pathOffset: number,
    bytes0: number, bytes1: number, bytes2: number, bytes3: number, bytes4: number, bytes5: number, bytes6: number, bytes7: number,
  ): boolean {
    const off = this.append(LOAD_SOUND | this.styleBits, 48);
    if (off < 0) return false;
    const q = off >> 2;
    const u = this.u32;
    u[q] = soundId; u[q + 1] = spatial; u[q + 2] = pathLength; u[q + 3] = pathOffset;
    u[q + 4] = bytes0; u[q + 5] = bytes1; u[q + 6] = bytes2; u[q + 7] = bytes3;
    u[q + 8] = bytes4; u[q + 9] = bytes5; u[q + 10] = bytes6; u[q + 11] = bytes7;
    return true;
  }

  /** Starts playback `playbackId` (logic-issued) of a loaded sound; at (x, y, z) when `positioned` is 1. */
  startSound(
    playbackId: number, soundId: number, looped: number, volume: number, balance: number, speed: number,
    paused: number, positioned: number, x: number, y: number, z: number,
  ): boolean {
    const off = this.append(START_SOUND | this.styleBits, 44);
    if (off < 0) return false;
    const q = off >> 2;
    const u = this.u32;
    const f = this.f32;
    u[q] = playbackId; u[q + 1] = soundId; u[q + 2] = looped;
    f[q + 3] = volume; f[q + 4] = balance; f[q + 5] = speed;
    u[q + 6] = paused; u[q + 7] = positioned;
    f[q + 8] = x; f[q + 9] = y; f[q + 10] = z;
    return true;
  }

  /** Stops a playback. */
  stopSound(playbackId: number): boolean {
    const off = this.append(STOP_SOUND | this.styleBits, 4);
    if (off < 0) return false;
    this.u32[off >> 2] = playbackId;
    return true;
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
    const off = this.append(UPDATE_LISTENER | this.styleBits, 44);
    if (off < 0) return false;
    const q = off >> 2;
    const f = this.f32;
    this.u32[q] = index; this.u32[q + 1] = count;
    f[q + 2] = x; f[q + 3] = y; f[q + 4] = z;
    f[q + 5] = forwardX; f[q + 6] = forwardY; f[q + 7] = forwardZ;
    f[q + 8] = upX; f[q + 9] = upY; f[q + 10] = upZ;
    return true;
  }

  private idValue(op: number, id: number, value: number): boolean {
    const off = this.append(op | this.styleBits, 8);
    if (off < 0) return false;
    const q = off >> 2;
    this.u32[q] = id;
    this.f32[q + 1] = value;
    return true;
  }

  flush(): void {
    this.ring.publish();
  }

  private idVec3(op: number, id: number, a: number, b: number, c: number): boolean {
    const off = this.append(op | this.styleBits, 16);
    if (off < 0) return false;
    const q = off >> 2;
    const f = this.f32;
    this.i32[q] = id;
    f[q + 1] = a; f[q + 2] = b; f[q + 3] = c;
    return true;
  }

  private idCallback(op: number, id: number, callbackId: number): boolean {
    const off = this.append(op | this.styleBits, 8);
    if (off < 0) return false;
    const q = off >> 2;
    this.i32[q] = id;
    this.u32[q + 1] = callbackId;
    return true;
  }
}
