/**
 * Decoder side of the RenderCommandQueue (engine thread). `drain` decodes each record in place and
 * calls one handler method with plain numbers, so a long-lived handler object makes draining
 * allocation-free. Every record is validated before dispatch:
 * - unknown opcode (TF2001) or a payload length that does not match the opcode (TF2002): the ring
 *   framing is intact, so only that record is skipped (resynchronised at the next record);
 * - broken framing (TF1005, from the ring): the reader resets, discarding every published record,
 *   and drain returns; the writer's later records are read normally.
 * Each is reported through `handler.onMalformed(code, type, length)`. drain never throws into the
 * caller's frame (unless the handler itself throws) and does at most `maxCommands` records of work,
 * and never more than one ring's worth (capacity / 16 records, the smallest command's size), so a
 * producer that keeps publishing cannot keep one drain call running.
 * Records are taken with RingReader.take (read + release in one call): each is released before its
 * handler method runs, so a throwing handler never sees it twice, and its fields are copied to
 * locals before the call, so the handler may do anything with the queue.
 */
import { RingReader } from '../shared-memory/ring-reader.ts';
import { RING_CORRUPT as RING_CORRUPT_IMPORTED } from '../shared-memory/ring-layout.ts';
import { SHARED_MEMORY_CODES } from '../shared-memory/error-codes.ts';
import { COMMAND_OPCODES, COMMAND_PAYLOAD_BYTES } from './command-opcodes.ts';
import { PROTOCOL_CODES } from './error-codes.ts';
import { QUEUE_KINDS, checkQueueKind } from './queue-kind.ts';

/** Receives decoded commands; one method per command, numbers only (see command-opcodes.ts). */
export interface CommandHandler {
  createMesh(
    entityId: number, callbackId: number, meshTypeIndex: number,
    x: number, y: number, z: number, scale: number,
    r: number, g: number, b: number, a: number,
  ): void;
  updatePosition(id: number, x: number, y: number, z: number): void;
  moveBy(id: number, dx: number, dy: number, dz: number): void;
  updateOrientation(id: number, yaw: number, pitch: number, roll: number): void;
  updateColor(id: number, r: number, g: number, b: number, a: number): void;
  updateScale(id: number, s: number): void;
  destroyEntity(id: number): void;
  createCamera(
    cameraId: number, callbackId: number,
    x: number, y: number, z: number, yaw: number, pitch: number, roll: number,
    typeIndex: number, fovDeg: number, near: number, far: number,
  ): void;
  updateCamera(id: number, x: number, y: number, z: number, yaw: number, pitch: number, roll: number): void;
  updateCameraPosition(id: number, x: number, y: number, z: number): void;
  updateCameraOrientation(id: number, yaw: number, pitch: number, roll: number): void;
  moveCamera(id: number, dx: number, dy: number, dz: number): void;
  cameraLookAt(id: number, tx: number, ty: number, tz: number): void;
  setActiveCamera(id: number, callbackId: number): void;
  updateCameraType(id: number, typeIndex: number, callbackId: number): void;
  destroyCamera(id: number, callbackId: number): void;
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
} = COMMAND_OPCODES;
const PAYLOAD_BYTES = COMMAND_PAYLOAD_BYTES;
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
   * Decodes and dispatches up to `maxCommands` records (valid or not; at most capacity / 16) and returns how many valid
   * commands were dispatched. Ends with the ring's flushLazy (released space goes back to the writer
   * when a sixteenth of the ring is unpublished or the writer is starved). Allocates nothing.
   */
  drain(handler: CommandHandler, maxCommands: number): number {
    const ring = this.ring;
    const i32 = this.i32;
    const f = this.f32;
    let done = 0;
    const limit = maxCommands < this.maxPerDrain ? maxCommands : this.maxPerDrain;
    for (let n = 0; n < limit; n++) {
      const op = ring.take();
      if (op < 0) {
        if (op === RING_CORRUPT) {
          this.malformedRecords++;
          handler.onMalformed(CODE_FRAMING, ring.lastCorruptType, ring.lastCorruptLength);
        }
        break;
      }
      const len = ring.length;
      const expected = PAYLOAD_BYTES[op]!;
      if (expected !== len) {
        this.malformedRecords++;
        handler.onMalformed(expected < 0 ? CODE_UNKNOWN : CODE_LENGTH, op, len);
        continue;
      }
      const q = ring.offset >> 2;
      const id = i32[q]!;
      done++;
      switch (op) {
        case CREATE_MESH: {
          const cb = this.u32[q + 1]!, mesh = i32[q + 2]!;
          const x = f[q + 3]!, y = f[q + 4]!, z = f[q + 5]!, s = f[q + 6]!;
          const r = f[q + 7]!, g = f[q + 8]!, b = f[q + 9]!, a = f[q + 10]!;
          handler.createMesh(id, cb, mesh, x, y, z, s, r, g, b, a);
          break;
        }
        case UPDATE_POSITION: {
          const x = f[q + 1]!, y = f[q + 2]!, z = f[q + 3]!;
          handler.updatePosition(id, x, y, z);
          break;
        }
        case MOVE_BY: {
          const x = f[q + 1]!, y = f[q + 2]!, z = f[q + 3]!;
          handler.moveBy(id, x, y, z);
          break;
        }
        case UPDATE_ORIENTATION: {
          const x = f[q + 1]!, y = f[q + 2]!, z = f[q + 3]!;
          handler.updateOrientation(id, x, y, z);
          break;
        }
        case UPDATE_COLOR: {
          const r = f[q + 1]!, g = f[q + 2]!, b = f[q + 3]!, a = f[q + 4]!;
          handler.updateColor(id, r, g, b, a);
          break;
        }
        case UPDATE_SCALE: {
          const s = f[q + 1]!;
          handler.updateScale(id, s);
          break;
        }
        case DESTROY_ENTITY:
          handler.destroyEntity(id);
          break;
        case FRAME_END:
          handler.frameEnd(id);
          break;
        case CREATE_CAMERA: {
          const cb = this.u32[q + 1]!;
          const x = f[q + 2]!, y = f[q + 3]!, z = f[q + 4]!;
          const yaw = f[q + 5]!, pitch = f[q + 6]!, roll = f[q + 7]!;
          const type = i32[q + 8]!, fov = f[q + 9]!, near = f[q + 10]!, far = f[q + 11]!;
          handler.createCamera(id, cb, x, y, z, yaw, pitch, roll, type, fov, near, far);
          break;
        }
        case UPDATE_CAMERA: {
          const x = f[q + 1]!, y = f[q + 2]!, z = f[q + 3]!;
          const yaw = f[q + 4]!, pitch = f[q + 5]!, roll = f[q + 6]!;
          handler.updateCamera(id, x, y, z, yaw, pitch, roll);
          break;
        }
        case UPDATE_CAMERA_POSITION: {
          const x = f[q + 1]!, y = f[q + 2]!, z = f[q + 3]!;
          handler.updateCameraPosition(id, x, y, z);
          break;
        }
        case UPDATE_CAMERA_ORIENTATION: {
          const x = f[q + 1]!, y = f[q + 2]!, z = f[q + 3]!;
          handler.updateCameraOrientation(id, x, y, z);
          break;
        }
        case MOVE_CAMERA: {
          const x = f[q + 1]!, y = f[q + 2]!, z = f[q + 3]!;
          handler.moveCamera(id, x, y, z);
          break;
        }
        case CAMERA_LOOK_AT: {
          const x = f[q + 1]!, y = f[q + 2]!, z = f[q + 3]!;
          handler.cameraLookAt(id, x, y, z);
          break;
        }
        case SET_ACTIVE_CAMERA: {
          const cb = this.u32[q + 1]!;
          handler.setActiveCamera(id, cb);
          break;
        }
        case UPDATE_CAMERA_TYPE: {
          const type = i32[q + 1]!, cb = this.u32[q + 2]!;
          handler.updateCameraType(id, type, cb);
          break;
        }
        case DESTROY_CAMERA: {
          const cb = this.u32[q + 1]!;
          handler.destroyCamera(id, cb);
          break;
        }
        default:
          // COMMAND_PAYLOAD_BYTES knows an opcode this switch does not: a table/switch mismatch.
          done--;
          this.malformedRecords++;
          handler.onMalformed(CODE_UNKNOWN, op, len);
      }
    }
    ring.flushLazy();
    return done;
  }
}
