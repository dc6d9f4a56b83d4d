/**
 * Decoder side of the RenderCommandQueue (engine thread). `drain` decodes each record in place and
 * calls the entity, camera or audio system's method for it with plain numbers (the targets of
 * command-targets.ts; one case per payload shape of the command table, command-table.ts, and
 * test/protocol/command-table.test.ts checks they agree), so draining is allocation-free. Every record is validated before dispatch:
 * - unknown opcode (TF2001) or a payload length that does not match the opcode (TF2002): the ring
 *   framing is intact, so only that record is skipped (resynchronised at the next record);
 * - broken framing (TF1005, from the ring): the reader resets, discarding every published record,
 *   and drain returns; the writer's later records are read normally.
 * Each is reported through `sink.onMalformed(code, type, length)`. drain never throws into the
 * caller's frame (unless a target itself throws) and does at most `maxCommands` records of work,
 * and never more than one ring's worth (capacity / 16 records, the smallest command's size), so a
 * producer that keeps publishing cannot keep one drain call running.
 * Records are taken with RingReader.take (read + release in one call): each is released before its
 * target method runs, so a throwing target never sees it twice, and its fields are copied to
 * locals before the call, so the target may do anything with the queue.
 */
import { RingReader } from '../shared-memory/ring-reader.ts';
import { RING_CORRUPT as RING_CORRUPT_IMPORTED } from '../shared-memory/ring-layout.ts';
import { SHARED_MEMORY_CODES } from '../shared-memory/error-codes.ts';
import { COMMAND_OPCODES, COMMAND_PAYLOAD_BYTES } from './command-opcodes.ts';
import { OPCODE_MASK } from './command-table.ts';
import { PROTOCOL_CODES } from './error-codes.ts';
import { QUEUE_KINDS, checkQueueKind } from './queue-kind.ts';
import type { AudioCommandTarget, CameraCommandTarget, EntityCommandTarget } from './command-targets.ts';

/**
 * Sees every record `drain` takes from the ring, raw, before it is validated or dispatched (the
 * engine's recorder, while recording): `words` Int32 words of `i32` from `wordStart`, the record's
 * ring framing (header word, tag/type word, payload padded to 8 bytes). Copy them before returning:
 * the storage is reused once the reader publishes its index. Must not allocate per record.
 */
export interface CommandTap {
  record(i32: Int32Array, wordStart: number, words: number): void;
}

/**
 * Where drain sends commands: straight to the targets (command-targets.ts), counting each command
 * once as applied or rejected. `origin` is set to the record's type (`opcode | apiStyle << 8`)
 * before each dispatch, so a refusal can name the API the game called (commandApiName).
 */
export interface CommandSink {
  readonly entities: EntityCommandTarget;
  readonly cameras: CameraCommandTarget;
  /** Audio commands' target; without one (a benchmark's sink) they are refused as unknown (onMalformed). */
  readonly audio?: AudioCommandTarget | undefined;
  /** Type of the record being dispatched (set by drain). */
  origin: number;
  /** Game commands applied / refused (FRAME_END is neither). */
  applied: number;
  rejected: number;
  /** The logic frame `tick` ended: every command before this one belongs to ticks <= tick. */
  frameEnd(tick: number): void;
  /**
   * A record was rejected: `code` is TF2001 (unknown opcode), TF2002 (bad length) or TF1005 (broken
   * framing; the queue was reset), `type` the record type (or raw header word), `length` its length.
   */
  onMalformed(code: string, type: number, length: number): void;
}

// Module-local copies: V8 folds module-local consts into optimized code but loads and hole-checks
// imported bindings (and property loads on imported objects) on every use, in every switch case.
const {
  CREATE_MESH, UPDATE_POSITION, MOVE_BY, UPDATE_ORIENTATION, UPDATE_COLOR, UPDATE_SCALE,
  DESTROY_ENTITY, CREATE_CAMERA, UPDATE_CAMERA, UPDATE_CAMERA_POSITION, UPDATE_CAMERA_ORIENTATION, MOVE_CAMERA,
  CAMERA_LOOK_AT, SET_ACTIVE_CAMERA, UPDATE_CAMERA_TYPE, DESTROY_CAMERA, FRAME_END,
  LOAD_SOUND, START_SOUND, STOP_SOUND, SET_SOUND_VOLUME, SET_SOUND_BALANCE, SET_SOUND_SPEED, SET_SOUND_POSITION, UPDATE_LISTENER,
  TICK_FACTS, INPUT_FACTS, CALLBACK_FACTS,
} = COMMAND_OPCODES;
const PAYLOAD_BYTES = COMMAND_PAYLOAD_BYTES;
const OPCODE_BITS = OPCODE_MASK;
const RING_CORRUPT = RING_CORRUPT_IMPORTED;

/** Bytes of the smallest command record (8-byte header + 8-byte padded payload). */
const MIN_COMMAND_RECORD_BYTES = 16;
const CODE_UNKNOWN = PROTOCOL_CODES.COMMAND_OPCODE_UNKNOWN.code;
const CODE_LENGTH = PROTOCOL_CODES.COMMAND_LENGTH_INVALID.code;
const CODE_FRAMING = SHARED_MEMORY_CODES.RING_FRAMING_CORRUPT.code;

/** Reads commands from a RenderCommandQueue ring. Construct on the engine thread. */
export class CommandReader {
  /** The underlying ring end (counters, waitForData, corruptResets). */
  readonly ring: RingReader;
  /** Records rejected so far (unknown opcode, bad length, or framing resets). */
  malformedRecords = 0;
  /** Sees every record taken, raw (recording); null: no copy at all. */
  tap: CommandTap | null = null;
  private readonly i32: Int32Array;
  private readonly u32: Uint32Array;
  private readonly f32: Float32Array;
  private readonly maxPerDrain: number;

  /** Throws TF1004/TF2006 for a buffer that is not a command queue. */
  constructor(sab: SharedArrayBuffer) {
    this.ring = new RingReader(sab);
    checkQueueKind('CommandReader.constructor', this.ring.kind, QUEUE_KINDS.COMMANDS, 'createCommandQueueBuffer');
    this.i32 = this.ring.i32;
    this.u32 = this.ring.u32;
    this.f32 = this.ring.f32;
    this.maxPerDrain = this.ring.capacityBytes / MIN_COMMAND_RECORD_BYTES;
  }

  /**
   * Decodes up to `maxCommands` records (valid or not; at most capacity / 16), dispatches each valid
   * one straight to its target (counted in `sink.applied` or `sink.rejected`) or to `sink.frameEnd`,
   * and returns how many valid records were dispatched.
   * Ends with the ring's flushLazy (released space goes back to the writer when a sixteenth of the
   * ring is unpublished or the writer is starved). Allocates nothing.
   */
  drain(sink: CommandSink, maxCommands: number): number {
    const ring = this.ring;
    const i32 = this.i32;
    const u32 = this.u32;
    const f = this.f32;
    const e = sink.entities;
    const c = sink.cameras;
    const audio = sink.audio;
    let done = 0;
    // Counted in locals and added to the sink once (also when a target throws): a register
    // increment per command instead of a field store.
    let applied = 0;
    let refused = 0;
    const limit = maxCommands < this.maxPerDrain ? maxCommands : this.maxPerDrain;
    const tap = this.tap;
    try {
      for (let n = 0; n < limit; n++) {
        const type = ring.take();
        if (type < 0) {
          if (type === RING_CORRUPT) this.malformed(sink, CODE_FRAMING, ring.lastCorruptType, ring.lastCorruptLength);
          break;
        }
        const len = ring.length;
        // The record's framing starts 8 bytes before its payload; its payload is padded to 8.
        if (tap !== null) tap.record(i32, (ring.offset >> 2) - 2, 2 + (((len + 7) & -8) >> 2));
        const expected = PAYLOAD_BYTES[type]!;
        const op = type & OPCODE_BITS;
        // (A CALLBACK_FACTS payload carries its callback's message after the fields: only at least as long.)
        if (expected !== len && !(len > expected && expected >= 0 && op === CALLBACK_FACTS)) {
          this.malformed(sink, expected < 0 ? CODE_UNKNOWN : CODE_LENGTH, type, len);
          continue;
        }
        const q = ring.offset >> 2;
        const id = i32[q]!;
        sink.origin = type;
        let ok: boolean;
        // Commands of one payload shape (the writer's idVec3, idCallback) are decoded by one case
        // and handed to their own method.
        switch (op) {
          case UPDATE_POSITION:
          case MOVE_BY:
          case UPDATE_ORIENTATION: {
            const x = f[q + 1]!, y = f[q + 2]!, z = f[q + 3]!;
            ok = op === UPDATE_POSITION ? e.updatePosition(id, x, y, z) : op === MOVE_BY ? e.moveBy(id, x, y, z) : e.updateOrientation(id, x, y, z);
            break;
          }
          case CREATE_MESH: {
            const cb = u32[q + 1]!, mesh = i32[q + 2]!;
            const x = f[q + 3]!, y = f[q + 4]!, z = f[q + 5]!, s = f[q + 6]!;
            const r = f[q + 7]!, g = f[q + 8]!, b = f[q + 9]!, a = f[q + 10]!;
            ok = e.createMesh(id, cb, mesh, x, y, z, s, r, g, b, a);
            break;
          }
          case UPDATE_COLOR: {
            const r = f[q + 1]!, g = f[q + 2]!, b = f[q + 3]!, a = f[q + 4]!;
            ok = e.updateColor(id, r, g, b, a);
            break;
          }
          case UPDATE_SCALE:
            ok = e.updateScale(id, f[q + 1]!);
            break;
          case DESTROY_ENTITY:
            ok = e.destroyEntity(id);
            break;
          case FRAME_END:
            done++;
            sink.frameEnd(id);
            continue;
          case TICK_FACTS:
          case INPUT_FACTS:
          case CALLBACK_FACTS:
            // Recording facts: nothing to apply (the tap, when recording, copied them).
            done++;
            continue;
          case CREATE_CAMERA: {
            const cb = u32[q + 1]!;
            const x = f[q + 2]!, y = f[q + 3]!, z = f[q + 4]!;
            const yaw = f[q + 5]!, pitch = f[q + 6]!, roll = f[q + 7]!;
            const ct = i32[q + 8]!, fov = f[q + 9]!, near = f[q + 10]!, far = f[q + 11]!;
            ok = c.createCamera(id, cb, x, y, z, yaw, pitch, roll, ct, fov, near, far);
            break;
          }
          case UPDATE_CAMERA: {
            const x = f[q + 1]!, y = f[q + 2]!, z = f[q + 3]!;
            const yaw = f[q + 4]!, pitch = f[q + 5]!, roll = f[q + 6]!;
            ok = c.updateCamera(id, x, y, z, yaw, pitch, roll);
            break;
          }
          case UPDATE_CAMERA_POSITION:
          case UPDATE_CAMERA_ORIENTATION:
          case MOVE_CAMERA:
          case CAMERA_LOOK_AT: {
            const x = f[q + 1]!, y = f[q + 2]!, z = f[q + 3]!;
            ok = op === UPDATE_CAMERA_POSITION ? c.updateCameraPosition(id, x, y, z)
              : op === UPDATE_CAMERA_ORIENTATION ? c.updateCameraOrientation(id, x, y, z)
                : op === MOVE_CAMERA ? c.moveCamera(id, x, y, z) : c.cameraLookAt(id, x, y, z);
            break;
          }
          case SET_ACTIVE_CAMERA:
          case DESTROY_CAMERA: {
            const cb = u32[q + 1]!;
            ok = op === SET_ACTIVE_CAMERA ? c.setActiveCamera(id, cb) : c.destroyCamera(id, cb);
            break;
          }
          case UPDATE_CAMERA_TYPE: {
            const ct = i32[q + 1]!, cb = u32[q + 2]!;
            ok = c.updateCameraType(id, ct, cb);
            break;
          }
          default: {
            // Audio (rare: decoded out of the loop). Refused as unknown: audio for a sink without an
            // audio target (a benchmark's), or an opcode COMMAND_PAYLOAD_BYTES knows and no case
            // does (a table/switch mismatch the table-agreement test catches).
            const outcome = audio === undefined ? -1 : this.applyAudio(audio, op, q);
            if (outcome < 0) {
              this.malformed(sink, CODE_UNKNOWN, type, len);
              continue;
            }
            ok = outcome === 1;
          }
        }
        done++;
        if (ok) applied++;
        else refused++;
      }
    } finally {
      sink.applied += applied;
      sink.rejected += refused;
    }
    ring.flushLazy();
    return done;
  }

  /**
   * Decodes audio command `op` at word `q` (a record drain has validated) and applies it: 1 when
   * applied, 0 when refused, -1 when `op` is no audio command.
   */
  private applyAudio(audio: AudioCommandTarget, op: number, q: number): number {
    const u32 = this.u32;
    const f = this.f32;
    const id = u32[q]!;
    let ok: boolean;
    switch (op) {
      case LOAD_SOUND: {
        const spatial = u32[q + 1]!, length = u32[q + 2]!, offset = u32[q + 3]!;
        const b0 = u32[q + 4]!, b1 = u32[q + 5]!, b2 = u32[q + 6]!, b3 = u32[q + 7]!;
        const b4 = u32[q + 8]!, b5 = u32[q + 9]!, b6 = u32[q + 10]!, b7 = u32[q + 11]!;
        ok = audio.loadSound(id, spatial, length, offset, b0, b1, b2, b3, b4, b5, b6, b7);
        break;
      }
      case START_SOUND: {
        const sound = u32[q + 1]!, looped = u32[q + 2]!;
        const volume = f[q + 3]!, balance = f[q + 4]!, speed = f[q + 5]!;
        const paused = u32[q + 6]!, positioned = u32[q + 7]!;
        const x = f[q + 8]!, y = f[q + 9]!, z = f[q + 10]!;
        ok = audio.startSound(id, sound, looped, volume, balance, speed, paused, positioned, x, y, z);
        break;
      }
      case STOP_SOUND:
        ok = audio.stopSound(id);
        break;
      case SET_SOUND_VOLUME:
        ok = audio.setSoundVolume(id, f[q + 1]!);
        break;
      case SET_SOUND_BALANCE:
        ok = audio.setSoundBalance(id, f[q + 1]!);
        break;
      case SET_SOUND_SPEED:
        ok = audio.setSoundSpeed(id, f[q + 1]!);
        break;
      case SET_SOUND_POSITION:
        ok = audio.setSoundPosition(id, f[q + 1]!, f[q + 2]!, f[q + 3]!);
        break;
      case UPDATE_LISTENER: {
        const count = u32[q + 1]!, x = f[q + 2]!, y = f[q + 3]!, z = f[q + 4]!;
        const fx = f[q + 5]!, fy = f[q + 6]!, fz = f[q + 7]!, ux = f[q + 8]!, uy = f[q + 9]!, uz = f[q + 10]!;
        ok = audio.updateListener(id, count, x, y, z, fx, fy, fz, ux, uy, uz);
        break;
      }
      default:
        return -1;
    }
    return ok ? 1 : 0;
  }

  /** Counts and reports a record drain refuses (the sink's onMalformed says which and why). */
  private malformed(sink: CommandSink, code: string, type: number, length: number): void {
    this.malformedRecords++;
    sink.onMalformed(code, type, length);
  }
}
