/**
 * The seed's C++ CameraAPI: validates and applies camera commands to the engine's working copy of
 * CameraState, keeps at most one camera active (the first camera created becomes active when none
 * is, so a game that forgets setActiveCamera still sees something), answers requests through the
 * CallbackQueue, and gives the renderer the active camera when it changed.
 */
import { CAMERA_TYPES } from '../protocol/camera-types.ts';
import { CALLBACK_TYPES } from '../protocol/callback-queue.ts';
import { C_FAR, C_FLAGS, C_FOV, C_NEAR, C_PITCH, C_ROLL, C_TYPE, C_X, C_Y, C_YAW, C_Z, CAMERA_FLAG_ACTIVE } from '../protocol/camera-state.ts';
import { ID_INDEX_MASK } from '../protocol/entity-id.ts';
import { RECORD_STATUS, type StateWriter } from '../shared-memory/state-writer.ts';
import type { Renderer } from '../platform/renderer.ts';
import type { CallbackOutbox } from './callback-outbox.ts';
import { COMMAND_CODES } from './error-codes.ts';
import { DestroyedIds } from './destroyed-ids.ts';
import type { CommandRejections } from './command-rejections.ts';
import { formatValue as fmt } from '../protocol/value-format.ts';
import type { CameraCommandTarget } from '../protocol/command-targets.ts';

const CAMERA_CREATED = CALLBACK_TYPES.CAMERA_CREATED;
const GENERIC = CALLBACK_TYPES.GENERIC;
const TYPE_COUNT = CAMERA_TYPES.length;
const RAD_TO_DEG = 180 / Math.PI;

/**
 * Applies camera commands (the command table's `cameras` commands; CommandReader calls it
 * directly). Each method returns true when applied, false when refused. Engine thread only.
 */
export class CameraSystem implements CameraCommandTarget {
  tick = 0;
  /** Id of the active camera, 0 for none. */
  activeId = 0;
  private activeChanged = false;
  private readonly destroyedIds: DestroyedIds;
  private readonly f32: Float32Array;
  private readonly u32: Uint32Array;

  constructor(
    readonly state: StateWriter,
    private readonly renderer: Renderer,
    private readonly callbacks: CallbackOutbox,
    private readonly rejections: CommandRejections,
  ) {
    this.destroyedIds = new DestroyedIds(state.capacity);
    this.f32 = state.f32;
    this.u32 = state.u32;
  }

  createCamera(
    id: number, callbackId: number,
    x: number, y: number, z: number, yaw: number, pitch: number, roll: number,
    type: number, fov: number, near: number, far: number,
  ): boolean {
    if (!this.validType(type, callbackId, CAMERA_CREATED)) return false;
    if (!finite3(x, y, z) || !finite3(yaw, pitch, roll)) {
      this.rejections.reject(COMMAND_CODES.VALUE_INVALID.code, `position and orientation must be finite numbers; got (${fmt(x)}, ${fmt(y)}, ${fmt(z)}) and (${fmt(yaw)}, ${fmt(pitch)}, ${fmt(roll)}). Check the arithmetic that produced them.`, callbackId, CAMERA_CREATED);
      return false;
    }
    if (!(fov > 0 && fov < 180) || !(near > 0) || !(far > near) || far === Infinity) {
      this.rejections.reject(COMMAND_CODES.VALUE_INVALID.code, `projection must have 0 < fov < 180 and 0 < near < far (finite); got fov ${fmt(fov)}, near ${fmt(near)}, far ${fmt(far)}. Use e.g. fov 60, near 0.1, far 1000.`, callbackId, CAMERA_CREATED);
      return false;
    }
    const status = this.state.create(id);
    if (status !== RECORD_STATUS.OK) {
      this.rejections.reject(COMMAND_CODES.CAMERA_ID_INVALID.code, `cannot create camera ${id}: ${status === RECORD_STATUS.SLOT_IN_USE ? 'its slot holds a live camera' : `it is not an id below the camera capacity ${this.state.capacity}`}. Let CameraAPI issue ids; raise cameraCapacity if needed.`, callbackId, CAMERA_CREATED);
      return false;
    }
    const o = this.state.recordOffset(id & ID_INDEX_MASK);
    const f = this.f32;
    f[o + C_X] = x; f[o + C_Y] = y; f[o + C_Z] = z;
    f[o + C_YAW] = yaw; f[o + C_PITCH] = pitch; f[o + C_ROLL] = roll;
    this.u32[o + C_TYPE] = type;
    f[o + C_FOV] = fov; f[o + C_NEAR] = near; f[o + C_FAR] = far;
    if (this.activeId === 0) this.activate(id);
    if (callbackId !== 0) this.callbacks.send(callbackId, id, CAMERA_CREATED, '');
    return true;
  }

  updateCamera(id: number, x: number, y: number, z: number, yaw: number, pitch: number, roll: number): boolean {
    const o = this.liveOffset(id, 0);
    if (o < 0) return false;
    if (!finite3(x, y, z) || !finite3(yaw, pitch, roll)) {
      this.rejections.reject(COMMAND_CODES.VALUE_INVALID.code, `position and orientation must be finite numbers; got (${fmt(x)}, ${fmt(y)}, ${fmt(z)}) and (${fmt(yaw)}, ${fmt(pitch)}, ${fmt(roll)}) for camera ${id}. Check the arithmetic that produced them.`, 0, GENERIC);
      return false;
    }
    const f = this.f32;
    f[o + C_X] = x; f[o + C_Y] = y; f[o + C_Z] = z;
    f[o + C_YAW] = yaw; f[o + C_PITCH] = pitch; f[o + C_ROLL] = roll;
    this.state.markDirty(id);
    return true;
  }

  updateCameraPosition(id: number, x: number, y: number, z: number): boolean {
    return this.set3(id, x, y, z, C_X);
  }

  updateCameraOrientation(id: number, yaw: number, pitch: number, roll: number): boolean {
    return this.set3(id, yaw, pitch, roll, C_YAW);
  }

  /**
   * Sets the three consecutive fields from `field` (C_X: x, y, z; C_YAW: yaw, pitch, roll) of a
   * live camera to finite (a, b, c), or adds them when `relative`, or refuses as live3 does.
   */
  private set3(id: number, a: number, b: number, c: number, field: number, relative = false): boolean {
    const o = this.live3(id, a, b, c);
    if (o < 0) return false;
    const f = this.f32;
    const i = o + field;
    f[i] = relative ? f[i]! + a : a; f[i + 1] = relative ? f[i + 1]! + b : b; f[i + 2] = relative ? f[i + 2]! + c : c;
    this.state.markDirty(id);
    return true;
  }

  moveCamera(id: number, dx: number, dy: number, dz: number): boolean {
    return this.set3(id, dx, dy, dz, C_X, true);
  }

  /** Turns the camera to face a point (seed axes: yaw about Z, positive pitch looks down); roll is kept. */
  cameraLookAt(id: number, tx: number, ty: number, tz: number): boolean {
    const o = this.live3(id, tx, ty, tz);
    if (o < 0) return false;
    const f = this.f32;
    const dx = tx - f[o + C_X]!, dy = ty - f[o + C_Y]!, dz = tz - f[o + C_Z]!;
    if (dx === 0 && dy === 0 && dz === 0) return true;
    f[o + C_YAW] = Math.atan2(dy, dx) * RAD_TO_DEG;
    f[o + C_PITCH] = -Math.atan2(dz, Math.sqrt(dx * dx + dy * dy)) * RAD_TO_DEG;
    this.state.markDirty(id);
    return true;
  }

  setActiveCamera(id: number, callbackId: number): boolean {
    if (this.liveOffset(id, callbackId) < 0) return false;
    this.activate(id);
    if (callbackId !== 0) this.callbacks.send(callbackId, id, GENERIC, '');
    return true;
  }

  updateCameraType(id: number, type: number, callbackId: number): boolean {
    const o = this.liveOffset(id, callbackId);
    if (o < 0 || !this.validType(type, callbackId, GENERIC)) return false;
    this.u32[o + C_TYPE] = type;
    this.state.markDirty(id);
    if (callbackId !== 0) this.callbacks.send(callbackId, id, GENERIC, '');
    return true;
  }

  destroyCamera(id: number, callbackId: number): boolean {
    if (this.liveOffset(id, callbackId) < 0) return false;
    this.release(id);
    if (callbackId !== 0) this.callbacks.send(callbackId, id, GENERIC, '');
    return true;
  }

  /** Destroys every camera (restart). */
  clear(): void {
    this.state.forEachLive((id) => this.release(id));
  }

  /** Render phase: gives the renderer the active camera when it or its record changed. */
  syncRenderer(): void {
    if (this.activeId === 0) return;
    const state = this.state;
    const slot = state.slotOf(this.activeId);
    if (slot < 0) return;
    if (!this.activeChanged) {
      let dirty = false;
      for (let i = 0; i < state.pendingDirty; i++) {
        if (state.dirtySlotAt(i) === slot) { dirty = true; break; }
      }
      if (!dirty) return;
    }
    this.activeChanged = false;
    const o = state.recordOffset(slot);
    const f = this.f32;
    this.renderer.setCamera(
      f[o + C_X]!, f[o + C_Y]!, f[o + C_Z]!, f[o + C_YAW]!, f[o + C_PITCH]!, f[o + C_ROLL]!,
      this.u32[o + C_TYPE]!, f[o + C_FOV]!, f[o + C_NEAR]!, f[o + C_FAR]!,
    );
  }

  private activate(id: number): void {
    const state = this.state;
    if (this.activeId !== 0 && this.activeId !== id) {
      const old = state.slotOf(this.activeId);
      if (old >= 0) {
        this.u32[state.recordOffset(old) + C_FLAGS] = 0;
        state.markDirty(this.activeId);
      }
    }
    const slot = state.slotOf(id);
    this.u32[state.recordOffset(slot) + C_FLAGS] = CAMERA_FLAG_ACTIVE;
    state.markDirty(id);
    this.activeId = id;
    this.activeChanged = true;
  }

  private release(id: number): void {
    this.state.destroy(id);
    this.destroyedIds.note(id, this.tick);
    if (this.activeId === id) this.activeId = 0;
  }

  private validType(type: number, callbackId: number, callbackType: number): boolean {
    if (Number.isInteger(type) && type >= 0 && type < TYPE_COUNT) return true;
    this.rejections.reject(COMMAND_CODES.CAMERA_TYPE_UNKNOWN.code, `unknown camera type; got ${type === -1 ? 'a name that is neither (index -1)' : `index ${fmt(type)}`}, expected ${CAMERA_TYPES.join(' or ')}. Use 'world' (perspective) or 'screen' (orthographic).`, callbackId, callbackType);
    return false;
  }

  private liveOffset(id: number, callbackId: number): number {
    const slot = this.state.slotOf(id);
    if (slot >= 0) return this.state.recordOffset(slot);
    this.rejections.reject(COMMAND_CODES.CAMERA_NOT_FOUND.code, `camera ${id} does not exist (${this.destroyedIds.why(id)}); got id ${id}. Create it with CameraAPI.createCamera first or check the id.`, callbackId, GENERIC);
    return -1;
  }

  private live3(id: number, a: number, b: number, c: number): number {
    const o = this.liveOffset(id, 0);
    if (o < 0) return -1;
    if (!finite3(a, b, c)) {
      this.rejections.reject(COMMAND_CODES.VALUE_INVALID.code, `expected three finite numbers; got (${fmt(a)}, ${fmt(b)}, ${fmt(c)}) for camera ${id}. Check the arithmetic that produced them.`, 0, GENERIC);
      return -1;
    }
    return o;
  }
}

function finite3(a: number, b: number, c: number): boolean {
  return Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(c);
}
