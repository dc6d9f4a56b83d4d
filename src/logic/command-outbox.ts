/**
 * The logic side of the RenderCommandQueue with backpressure (non-negotiable 2): every command
 * goes straight into the ring while it has room; once a command does not fit, it and every later
 * command wait in a logic-side overflow, in order, and go first in the next frames. Nothing is
 * dropped, and every method returns true (accepted).
 *
 * The overflow stores each command like its ring record (opcode, then its 4-byte fields), so a
 * flood of a million commands costs ~20 MB, not a million objects. It grows by doubling (an
 * allocation only under backpressure); in a steady frame nothing allocates.
 */
import { CommandWriter } from '../protocol/command-writer.ts';
import { COMMAND_OPCODES, COMMAND_PAYLOAD_BYTES } from '../protocol/command-opcodes.ts';
import { API_STYLE_SHIFT, OPCODE_MASK, type ApiStyle } from '../protocol/command-table.ts';

const {
  CREATE_MESH, UPDATE_POSITION, MOVE_BY, UPDATE_ORIENTATION, UPDATE_COLOR, UPDATE_SCALE,
  DESTROY_ENTITY, CREATE_CAMERA, UPDATE_CAMERA, UPDATE_CAMERA_POSITION, UPDATE_CAMERA_ORIENTATION, MOVE_CAMERA,
  CAMERA_LOOK_AT, SET_ACTIVE_CAMERA, UPDATE_CAMERA_TYPE, DESTROY_CAMERA, FRAME_END,
} = COMMAND_OPCODES;

/** Counters of the outbox. */
export interface CommandOutboxStats {
  /** Commands accepted from the game (ring + overflow). */
  readonly accepted: number;
  /** Commands waiting in the overflow now. */
  readonly overflowCommands: number;
  /** Times a command found the ring full and went to the overflow (or the overflow was already in use). */
  readonly overflowEvents: number;
  /** Largest overflow so far, in commands. */
  readonly overflowHighWater: number;
}

/** The RenderCommandQueue's producer end plus the overflow. Logic thread only. */
export class CommandOutbox {
  readonly writer: CommandWriter;
  private buf = new ArrayBuffer(4096);
  private i32 = new Int32Array(this.buf);
  private f32 = new Float32Array(this.buf);
  /** Read and write positions in the overflow, in 4-byte words. */
  private head = 0;
  private tail = 0;
  private pending = 0;
  private accepted = 0;
  private overflowEvents = 0;
  private overflowHighWater = 0;

  constructor(writer: CommandWriter) {
    this.writer = writer;
  }

  /** Commands waiting in the overflow. */
  get overflowCount(): number {
    return this.pending;
  }

  /** Commands that went to the overflow so far (a counter; mirrored to the control block's OVERFLOW_EVENTS). */
  get overflowEventCount(): number {
    return this.overflowEvents;
  }

  /** A snapshot of the counters. Allocates. */
  stats(): CommandOutboxStats {
    return { accepted: this.accepted, overflowCommands: this.pending, overflowEvents: this.overflowEvents, overflowHighWater: this.overflowHighWater };
  }

  /**
   * Moves as many waiting commands as fit into the ring, in order; returns how many remain. Call
   * at the start of a logic frame and before publishing.
   */
  drainOverflow(): number {
    if (this.pending === 0) return 0;
    const w = this.writer;
    const i = this.i32;
    const f = this.f32;
    let h = this.head;
    const style = w.apiStyle;
    while (this.pending > 0) {
      const type = i[h]!;
      const op = type & OPCODE_MASK;
      const q = h + 1;
      let ok: boolean;
      w.apiStyle = (type >> API_STYLE_SHIFT) as ApiStyle;
      switch (op) {
        case CREATE_MESH: ok = w.createMesh(i[q]!, i[q + 1]! >>> 0, i[q + 2]!, f[q + 3]!, f[q + 4]!, f[q + 5]!, f[q + 6]!, f[q + 7]!, f[q + 8]!, f[q + 9]!, f[q + 10]!); break;
        case UPDATE_POSITION: ok = w.updatePosition(i[q]!, f[q + 1]!, f[q + 2]!, f[q + 3]!); break;
        case MOVE_BY: ok = w.moveBy(i[q]!, f[q + 1]!, f[q + 2]!, f[q + 3]!); break;
        case UPDATE_ORIENTATION: ok = w.updateOrientation(i[q]!, f[q + 1]!, f[q + 2]!, f[q + 3]!); break;
        case UPDATE_COLOR: ok = w.updateColor(i[q]!, f[q + 1]!, f[q + 2]!, f[q + 3]!, f[q + 4]!); break;
        case UPDATE_SCALE: ok = w.updateScale(i[q]!, f[q + 1]!); break;
        case DESTROY_ENTITY: ok = w.destroyEntity(i[q]!); break;
        case CREATE_CAMERA: ok = w.createCamera(i[q]!, i[q + 1]! >>> 0, f[q + 2]!, f[q + 3]!, f[q + 4]!, f[q + 5]!, f[q + 6]!, f[q + 7]!, i[q + 8]!, f[q + 9]!, f[q + 10]!, f[q + 11]!); break;
        case UPDATE_CAMERA: ok = w.updateCamera(i[q]!, f[q + 1]!, f[q + 2]!, f[q + 3]!, f[q + 4]!, f[q + 5]!, f[q + 6]!); break;
        case UPDATE_CAMERA_POSITION: ok = w.updateCameraPosition(i[q]!, f[q + 1]!, f[q + 2]!, f[q + 3]!); break;
        case UPDATE_CAMERA_ORIENTATION: ok = w.updateCameraOrientation(i[q]!, f[q + 1]!, f[q + 2]!, f[q + 3]!); break;
        case MOVE_CAMERA: ok = w.moveCamera(i[q]!, f[q + 1]!, f[q + 2]!, f[q + 3]!); break;
        case CAMERA_LOOK_AT: ok = w.cameraLookAt(i[q]!, f[q + 1]!, f[q + 2]!, f[q + 3]!); break;
        case SET_ACTIVE_CAMERA: ok = w.setActiveCamera(i[q]!, i[q + 1]! >>> 0); break;
        case UPDATE_CAMERA_TYPE: ok = w.updateCameraType(i[q]!, i[q + 1]!, i[q + 2]! >>> 0); break;
        case DESTROY_CAMERA: ok = w.destroyCamera(i[q]!, i[q + 1]! >>> 0); break;
        default: ok = w.frameEnd(i[q]!); break;
      }
      if (!ok) break;
      h = q + (COMMAND_PAYLOAD_BYTES[op]! >> 2);
      this.pending--;
    }
    w.apiStyle = style;
    if (this.pending === 0) {
      h = 0;
      this.tail = 0;
    }
    this.head = h;
    return this.pending;
  }

  /**
   * Which script API style issues the next commands (API_STYLES): kept with each command, in the
   * ring or the overflow, so the engine's refusals name the API the game called.
   */
  get apiStyle(): ApiStyle {
    return this.writer.apiStyle;
  }
  set apiStyle(style: ApiStyle) {
    this.writer.apiStyle = style;
  }

  /** Publishes what the ring holds (the overflow stays for the next frame). */
  flush(): void {
    this.writer.flush();
  }

  createMesh(entityId: number, callbackId: number, meshTypeIndex: number, x: number, y: number, z: number, scale: number, r: number, g: number, b: number, a: number): boolean {
    this.accepted++;
    if (this.pending === 0 && this.writer.createMesh(entityId, callbackId, meshTypeIndex, x, y, z, scale, r, g, b, a)) return true;
    const q = this.reserve(CREATE_MESH);
    const i = this.i32, f = this.f32;
    i[q] = entityId; i[q + 1] = callbackId | 0; i[q + 2] = meshTypeIndex;
    f[q + 3] = x; f[q + 4] = y; f[q + 5] = z; f[q + 6] = scale; f[q + 7] = r; f[q + 8] = g; f[q + 9] = b; f[q + 10] = a;
    return true;
  }

  updatePosition(id: number, x: number, y: number, z: number): boolean {
    this.accepted++;
    if (this.pending === 0 && this.writer.updatePosition(id, x, y, z)) return true;
    return this.idVec3(UPDATE_POSITION, id, x, y, z);
  }

  moveBy(id: number, dx: number, dy: number, dz: number): boolean {
    this.accepted++;
    if (this.pending === 0 && this.writer.moveBy(id, dx, dy, dz)) return true;
    return this.idVec3(MOVE_BY, id, dx, dy, dz);
  }

  updateOrientation(id: number, yaw: number, pitch: number, roll: number): boolean {
    this.accepted++;
    if (this.pending === 0 && this.writer.updateOrientation(id, yaw, pitch, roll)) return true;
    return this.idVec3(UPDATE_ORIENTATION, id, yaw, pitch, roll);
  }

  updateColor(id: number, r: number, g: number, b: number, a: number): boolean {
    this.accepted++;
    if (this.pending === 0 && this.writer.updateColor(id, r, g, b, a)) return true;
    const q = this.reserve(UPDATE_COLOR);
    this.i32[q] = id;
    const f = this.f32;
    f[q + 1] = r; f[q + 2] = g; f[q + 3] = b; f[q + 4] = a;
    return true;
  }

  updateScale(id: number, s: number): boolean {
    this.accepted++;
    if (this.pending === 0 && this.writer.updateScale(id, s)) return true;
    const q = this.reserve(UPDATE_SCALE);
    this.i32[q] = id;
    this.f32[q + 1] = s;
    return true;
  }

  destroyEntity(id: number): boolean {
    this.accepted++;
    if (this.pending === 0 && this.writer.destroyEntity(id)) return true;
    this.i32[this.reserve(DESTROY_ENTITY)] = id;
    return true;
  }

  createCamera(cameraId: number, callbackId: number, x: number, y: number, z: number, yaw: number, pitch: number, roll: number, typeIndex: number, fovDeg: number, near: number, far: number): boolean {
    this.accepted++;
    if (this.pending === 0 && this.writer.createCamera(cameraId, callbackId, x, y, z, yaw, pitch, roll, typeIndex, fovDeg, near, far)) return true;
    const q = this.reserve(CREATE_CAMERA);
    const i = this.i32, f = this.f32;
    i[q] = cameraId; i[q + 1] = callbackId | 0;
    f[q + 2] = x; f[q + 3] = y; f[q + 4] = z; f[q + 5] = yaw; f[q + 6] = pitch; f[q + 7] = roll;
    i[q + 8] = typeIndex; f[q + 9] = fovDeg; f[q + 10] = near; f[q + 11] = far;
    return true;
  }

  updateCamera(id: number, x: number, y: number, z: number, yaw: number, pitch: number, roll: number): boolean {
    this.accepted++;
    if (this.pending === 0 && this.writer.updateCamera(id, x, y, z, yaw, pitch, roll)) return true;
    const q = this.reserve(UPDATE_CAMERA);
    this.i32[q] = id;
    const f = this.f32;
    f[q + 1] = x; f[q + 2] = y; f[q + 3] = z; f[q + 4] = yaw; f[q + 5] = pitch; f[q + 6] = roll;
    return true;
  }

  updateCameraPosition(id: number, x: number, y: number, z: number): boolean {
    this.accepted++;
    if (this.pending === 0 && this.writer.updateCameraPosition(id, x, y, z)) return true;
    return this.idVec3(UPDATE_CAMERA_POSITION, id, x, y, z);
  }

  updateCameraOrientation(id: number, yaw: number, pitch: number, roll: number): boolean {
    this.accepted++;
    if (this.pending === 0 && this.writer.updateCameraOrientation(id, yaw, pitch, roll)) return true;
    return this.idVec3(UPDATE_CAMERA_ORIENTATION, id, yaw, pitch, roll);
  }

  moveCamera(id: number, dx: number, dy: number, dz: number): boolean {
    this.accepted++;
    if (this.pending === 0 && this.writer.moveCamera(id, dx, dy, dz)) return true;
    return this.idVec3(MOVE_CAMERA, id, dx, dy, dz);
  }

  cameraLookAt(id: number, tx: number, ty: number, tz: number): boolean {
    this.accepted++;
    if (this.pending === 0 && this.writer.cameraLookAt(id, tx, ty, tz)) return true;
    return this.idVec3(CAMERA_LOOK_AT, id, tx, ty, tz);
  }

  setActiveCamera(id: number, callbackId: number): boolean {
    this.accepted++;
    if (this.pending === 0 && this.writer.setActiveCamera(id, callbackId)) return true;
    return this.idInts(SET_ACTIVE_CAMERA, id, callbackId | 0, 0);
  }

  updateCameraType(id: number, typeIndex: number, callbackId: number): boolean {
    this.accepted++;
    if (this.pending === 0 && this.writer.updateCameraType(id, typeIndex, callbackId)) return true;
    return this.idInts(UPDATE_CAMERA_TYPE, id, typeIndex, callbackId | 0);
  }

  destroyCamera(id: number, callbackId: number): boolean {
    this.accepted++;
    if (this.pending === 0 && this.writer.destroyCamera(id, callbackId)) return true;
    return this.idInts(DESTROY_CAMERA, id, callbackId | 0, 0);
  }

  /** Ends logic frame `tick`'s batch (not counted as a game command). */
  frameEnd(tick: number): boolean {
    if (this.pending === 0 && this.writer.frameEnd(tick)) return true;
    this.i32[this.reserve(FRAME_END)] = tick;
    return true;
  }

  private idVec3(op: number, id: number, a: number, b: number, c: number): boolean {
    const q = this.reserve(op);
    this.i32[q] = id;
    const f = this.f32;
    f[q + 1] = a; f[q + 2] = b; f[q + 3] = c;
    return true;
  }

  private idInts(op: number, id: number, a: number, b: number): boolean {
    const q = this.reserve(op);
    const i = this.i32;
    i[q] = id; i[q + 1] = a; i[q + 2] = b;
    return true;
  }

  /** Appends an overflow record for `op`; returns the word index of its first field. */
  private reserve(op: number): number {
    this.overflowEvents++;
    const words = 1 + (COMMAND_PAYLOAD_BYTES[op]! >> 2);
    if (this.tail + words > this.i32.length) this.grow(words);
    const at = this.tail;
    this.i32[at] = op | (this.writer.apiStyle << API_STYLE_SHIFT);
    this.tail = at + words;
    this.pending++;
    if (this.pending > this.overflowHighWater) this.overflowHighWater = this.pending;
    return at + 1;
  }

  /** Compacts the live part to the front, doubling the buffer when that is not enough. Allocates. */
  private grow(words: number): void {
    const used = this.tail - this.head;
    let size = this.i32.length;
    while (used + words > size / 2) size *= 2;
    const buf = size === this.i32.length ? this.buf : new ArrayBuffer(size * 4);
    const i32 = buf === this.buf ? this.i32 : new Int32Array(buf);
    if (buf === this.buf) this.i32.copyWithin(0, this.head, this.tail);
    else i32.set(this.i32.subarray(this.head, this.tail));
    this.buf = buf;
    this.i32 = i32;
    this.f32 = new Float32Array(buf);
    this.head = 0;
    this.tail = used;
  }
}
