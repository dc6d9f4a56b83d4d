/**
 * KeyframeWorld: the engine's world rebuilt from a recording without a logic worker (issue 16's
 * viewer): the engine's own EntitySystem and CameraSystem on their own StateWriters, fed by the
 * engine's own command path (the recorded ring records are written into a private command ring and
 * drained by a CommandReader into the engine's CommandOutcomes), and restored from keyframes (raw
 * published state regions). What it draws goes to the Renderer it is given (three.js in the
 * viewer, the NullRenderer in tests and the bench).
 *
 * Not a hot path of the running engine: a scrub restores a keyframe and re-applies some frames
 * (the viewer's own code creates no objects per record; the engine's dispatch it calls is the
 * engine's own).
 */
import { COMMAND_OPCODES, COMMAND_PAYLOAD_BYTES } from '../protocol/command-opcodes.ts';
import { OPCODE_MASK } from '../protocol/command-table.ts';
import { CommandReader } from '../protocol/command-reader.ts';
import { createCommandQueueBuffer } from '../protocol/command-writer.ts';
import { CallbackReader, CallbackWriter, createCallbackQueueBuffer, type CallbackProcessor } from '../protocol/callback-queue.ts';
import { CAMERA_SCHEMA, createCameraStateBuffer, CAMERA_FLAG_ACTIVE, C_FAR, C_FLAGS, C_FOV, C_NEAR, C_PITCH, C_ROLL, C_TYPE, C_X, C_Y, C_YAW, C_Z } from '../protocol/camera-state.ts';
import { ENTITY_SCHEMA, createEntityStateBuffer, E_COLOR, E_MESH, E_PITCH, E_ROLL, E_SCALE, E_X, E_Y, E_YAW, E_Z } from '../protocol/entity-state.ts';
import { stateHashOfRecords } from '../protocol/state-hash.ts';
import { RingWriter } from '../shared-memory/ring-writer.ts';
import { ENGINE_FRAME_WORD, HIGH_WORD, LIVE_WORD, LOGIC_TICK_WORD, REGION_HEADER_WORDS, SEQ_WORD } from '../shared-memory/state-layout.ts';
import { RECORD_HEADER_BYTES, RECORD_TAG } from '../shared-memory/ring-layout.ts';
import { StateWriter } from '../shared-memory/state-writer.ts';
import type { Renderer } from '../platform/renderer.ts';
import type { Logger } from '../platform/logger.ts';
import { ApplyBudget } from './apply-budget.ts';
import { CallbackOutbox } from './callback-outbox.ts';
import { CommandOutcomes } from './command-outcomes.ts';
import { CameraSystem } from './camera-system.ts';
import { DiagnosticHub } from './diagnostic-hub.ts';
import { EntitySystem } from './entity-system.ts';
import { RenderResourceManager } from './render-resource-manager.ts';
import { KeyframeDrawing } from './keyframe-drawing.ts';

/** Options of KeyframeWorld. */
export interface KeyframeWorldOptions {
  readonly renderer: Renderer;
  /** The recording's capacities (RecordingHeader.entityCapacity / cameraCapacity). */
  readonly entityCapacity: number;
  readonly cameraCapacity: number;
  /** Where refusals of replayed commands are logged (default: nowhere; they are counted in `diagnostics`). */
  readonly logger?: Logger;
}

/** What applyRecords did with one frame's records. */
export interface AppliedRecords {
  /** Entity, camera and FRAME_END records applied through the command path. */
  commands: number;
  /** Records the viewer does not apply: the logic's facts, audio commands, ring padding. */
  skipped: number;
  /** Bytes that do not frame as ring records (the rest of the frame was not applied). */
  malformedBytes: number;
}

const LOAD_SOUND = COMMAND_OPCODES.LOAD_SOUND;
const SET_SOUND_POSITION = COMMAND_OPCODES.SET_SOUND_POSITION;
const PADDING_TYPE = 0xffff;
const NO_RECORDS = new Uint8Array(0);
/** Bytes of the private command ring (records of one frame beyond it go in several passes). */
const RING_BYTES = 1 << 20;

/** The default logger: replayed refusals are counted, not printed (engine takes only types from platform). */
const SILENT: Logger = { log(): void {} };

/** A callback processor that drops what it is given: nobody waits for callbacks in a replayed world. */
const DROP_CALLBACKS: CallbackProcessor = { onCallback(): void {} };

/** Reads word `w` of a little-endian byte region. */
function wordAt(u8: Uint8Array, byte: number): number {
  return u8[byte]! | (u8[byte + 1]! << 8) | (u8[byte + 2]! << 16) | (u8[byte + 3]! << 24);
}

/** The engine's entity and camera world driven from recorded command records and keyframes. */
export class KeyframeWorld {
  readonly entityState: StateWriter;
  readonly cameraState: StateWriter;
  readonly entities: EntitySystem;
  readonly cameras: CameraSystem;
  /** The engine's command sink (its `lastLogicTick` is the tick of the last FRAME_END applied). */
  readonly outcomes: CommandOutcomes;
  /** Diagnostics of replayed commands (refusals reproduce the recorded run's). */
  readonly diagnostics: DiagnosticHub;
  /** Bulk positions and the debug-draw set (what the command ring does not carry). */
  readonly drawing: KeyframeDrawing;
  /** Engine frames ended so far (the number given to publish). */
  frame = 0;
  private readonly renderer: Renderer;
  private readonly ring: RingWriter;
  private readonly reader: CommandReader;
  private readonly callbacks: CallbackReader;
  private readonly outbox: CallbackOutbox;
  private readonly budget = new ApplyBudget(() => 0, 1e9);
  private readonly f32 = new Float32Array(1);
  private readonly f32Bits = new Int32Array(this.f32.buffer);

  constructor(options: KeyframeWorldOptions) {
    this.renderer = options.renderer;
    this.entityState = new StateWriter(createEntityStateBuffer(options.entityCapacity), ENTITY_SCHEMA);
    this.cameraState = new StateWriter(createCameraStateBuffer(options.cameraCapacity), CAMERA_SCHEMA);
    this.diagnostics = new DiagnosticHub(options.logger ?? SILENT);
    const callbackBuffer = createCallbackQueueBuffer();
    this.outbox = new CallbackOutbox(new CallbackWriter(callbackBuffer));
    this.callbacks = new CallbackReader(callbackBuffer);
    this.outcomes = new CommandOutcomes(this.diagnostics);
    this.entities = new EntitySystem(this.entityState, new RenderResourceManager(options.entityCapacity), this.renderer, this.outbox, this.outcomes);
    this.cameras = new CameraSystem(this.cameraState, this.renderer, this.outbox, this.outcomes);
    this.outcomes.attach(this.entities, this.cameras, this.outbox);
    this.drawing = new KeyframeDrawing(this.renderer, this.entities);
    this.outcomes.resetTick();
    const ringBuffer = createCommandQueueBuffer(RING_BYTES);
    this.ring = new RingWriter(ringBuffer);
    this.reader = new CommandReader(ringBuffer);
  }

  /** The logic tick of the last FRAME_END applied (or restored from a keyframe). */
  get tick(): number {
    return this.outcomes.lastLogicTick;
  }

  /** Empties the world (a logic restart: the new incarnation starts from nothing). */
  clear(): void {
    this.entities.clear();
    this.cameras.clear();
    this.drawing.setDebug(NO_RECORDS);
    this.outcomes.resetTick();
  }

  /** Applies a frame's bulk positions (BulkPositionsEvent.positions), after the frame's records. */
  applyBulk(positions: Uint8Array): void {
    this.drawing.applyBulk(positions);
  }

  /** The debug-draw set becomes `records` (DebugDrawEvent.records), drawn when the frame ends. */
  setDebug(records: Uint8Array): void {
    this.drawing.setDebug(records);
  }

  /**
   * Applies `records[start..end)`, ring records framed as in the command ring (length word,
   * tag/type word, payload padded to 8 bytes), through the engine's command path: entity, camera
   * and FRAME_END records are applied in order; the logic's fact records, audio commands and
   * padding are skipped. Creates no objects of its own.
   */
  applyRecords(records: Uint8Array, start = 0, end = records.byteLength, out?: AppliedRecords): void {
    let p = start;
    let commands = 0;
    let skipped = 0;
    const ring = this.ring;
    while (end - p >= RECORD_HEADER_BYTES) {
      const length = wordAt(records, p);
      const tagType = wordAt(records, p + 4);
      const next = p + RECORD_HEADER_BYTES + ((length + 7) & -8);
      if (tagType >>> 16 !== RECORD_TAG || length < 0 || next > end) break;
      const type = tagType & 0xffff;
      const op = type & OPCODE_MASK;
      if (type === PADDING_TYPE || COMMAND_PAYLOAD_BYTES[type] !== length || (op >= LOAD_SOUND && op <= SET_SOUND_POSITION)) {
        skipped++;
        p = next;
        continue;
      }
      let at = ring.tryAppend(type, length);
      if (at < 0) {
        this.drain();
        at = ring.tryAppend(type, length);
      }
      const u8 = ring.u8;
      const payload = p + RECORD_HEADER_BYTES;
      for (let i = 0; i < length; i++) u8[at + i] = records[payload + i]!;
      commands++;
      p = next;
    }
    this.drain();
    if (out !== undefined) {
      out.commands += commands;
      out.skipped += skipped;
      out.malformedBytes += end - p;
    }
  }

  /**
   * Ends an engine frame as the engine does: hands the changed entities and the active camera to
   * the renderer, publishes the entity and camera state, drops the callbacks the commands sent.
   */
  endFrame(): void {
    this.frame++;
    this.entities.syncRenderer();
    this.cameras.syncRenderer();
    this.drawing.flush();
    this.entityState.publish(this.frame, this.outcomes.lastLogicTick);
    this.cameraState.publish(this.frame, this.outcomes.lastLogicTick);
    this.outbox.flush(this.budget);
    this.callbacks.dequeueAll(DROP_CALLBACKS);
  }

  /**
   * Replaces the world with a keyframe's published regions (KeyframeEvent.entities / cameras) and
   * debug-draw set (KeyframeEvent.debug; absent in a version-1 recording: none drawn):
   * every live record is re-created through the systems' own commands (so the renderer gets its
   * instances), the active camera re-activated, the tick set to the region's LOGIC_TICK; then the
   * frame is ended (endFrame). The world's stateHash equals stateHash(entities, cameras) afterwards.
   * Records a system refuses (none, for a region the engine published) are counted in `refused`.
   */
  restore(entities: Uint8Array, cameras: Uint8Array, debug: Uint8Array = NO_RECORDS): { refused: number } {
    this.clear();
    this.drawing.setDebug(debug);
    let refused = 0;
    const e = this.entities;
    const eStride = ENTITY_SCHEMA.strideWords * 4;
    for (let o = REGION_HEADER_WORDS * 4, n = this.records(entities, eStride); n > 0; n--, o += eStride) {
      const id = wordAt(entities, o);
      if (id === 0) continue;
      const c = wordAt(entities, o + E_COLOR * 4) >>> 0;
      const ok = e.createMesh(id, 0, wordAt(entities, o + E_MESH * 4),
        this.f(entities, o, E_X), this.f(entities, o, E_Y), this.f(entities, o, E_Z), this.f(entities, o, E_SCALE),
        c & 255, (c >>> 8) & 255, (c >>> 16) & 255, c >>> 24)
        && e.updateOrientation(id, this.f(entities, o, E_YAW), this.f(entities, o, E_PITCH), this.f(entities, o, E_ROLL));
      if (!ok) refused++;
    }
    const cam = this.cameras;
    const cStride = CAMERA_SCHEMA.strideWords * 4;
    let active = 0;
    for (let o = REGION_HEADER_WORDS * 4, n = this.records(cameras, cStride); n > 0; n--, o += cStride) {
      const id = wordAt(cameras, o);
      if (id === 0) continue;
      const ok = cam.createCamera(id, 0,
        this.f(cameras, o, C_X), this.f(cameras, o, C_Y), this.f(cameras, o, C_Z),
        this.f(cameras, o, C_YAW), this.f(cameras, o, C_PITCH), this.f(cameras, o, C_ROLL),
        wordAt(cameras, o + C_TYPE * 4), this.f(cameras, o, C_FOV), this.f(cameras, o, C_NEAR), this.f(cameras, o, C_FAR));
      if (!ok) refused++;
      else if ((wordAt(cameras, o + C_FLAGS * 4) & CAMERA_FLAG_ACTIVE) !== 0) active = id;
    }
    // createCamera activates the first camera; the keyframe names the one that was active.
    if (active !== 0 && cam.activeId !== active) cam.setActiveCamera(active, 0);
    if (entities.byteLength >= REGION_HEADER_WORDS * 4) this.outcomes.frameEnd(wordAt(entities, LOGIC_TICK_WORD * 4));
    this.endFrame();
    return { refused };
  }

  /** The state hash of the world now (stateHash over the working copies the last endFrame published). */
  stateHash(): number {
    return stateHashOfRecords(this.entityState, this.cameraState);
  }

  /** Live entities now. */
  get liveEntities(): number {
    return this.entityState.live;
  }

  /** The world now as a keyframe's two regions (see captureStateRegion). */
  capture(): { entities: Uint8Array; cameras: Uint8Array } {
    return {
      entities: captureStateRegion(this.entityState, this.frame, this.outcomes.lastLogicTick),
      cameras: captureStateRegion(this.cameraState, this.frame, this.outcomes.lastLogicTick),
    };
  }

  /** Applies what the private ring holds (commands of this frame, in order). */
  private drain(): void {
    this.ring.publish();
    for (;;) {
      const n = this.reader.drain(this.outcomes, 1 << 16);
      if (n === 0) break;
    }
    this.reader.ring.flush();
  }

  /** The f32 field `field` of the record at byte `o`, read little-endian. */
  private f(u8: Uint8Array, o: number, field: number): number {
    this.f32Bits[0] = wordAt(u8, o + field * 4);
    return this.f32[0]!;
  }

  /** Records of `region` to visit: the slots its bytes hold, at most HIGH. */
  private records(region: Uint8Array, strideBytes: number): number {
    if (region.byteLength < REGION_HEADER_WORDS * 4) return 0;
    const present = Math.floor((region.byteLength - REGION_HEADER_WORDS * 4) / strideBytes);
    return Math.max(0, Math.min(present, wordAt(region, HIGH_WORD * 4)));
  }
}


/**
 * A copy of `writer`'s state as a KeyframeEvent carries it: the region header (SEQ = the writer's
 * publish number, ENGINE_FRAME, LOGIC_TICK, LIVE, HIGH) then the records of slots 0..HIGH-1 of
 * the working copy (which the last publish made the published state). Allocates the copy.
 */
export function captureStateRegion(writer: StateWriter, engineFrame: number, logicTick: number): Uint8Array {
  const words = REGION_HEADER_WORDS + writer.high * writer.strideWords;
  const out = new Int32Array(words);
  out[SEQ_WORD] = writer.seq;
  out[ENGINE_FRAME_WORD] = engineFrame;
  out[LOGIC_TICK_WORD] = logicTick;
  out[LIVE_WORD] = writer.live;
  out[HIGH_WORD] = writer.high;
  out.set(writer.i32.subarray(writer.workBase, writer.workBase + writer.high * writer.strideWords), REGION_HEADER_WORDS);
  return new Uint8Array(out.buffer);
}
