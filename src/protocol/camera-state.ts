/**
 * CameraStateBuffer: the seed's cameras as StateBuffer records. Same axes as entities (X forward,
 * Y left, Z up; yaw, pitch, roll in degrees). The active camera has FLAG_ACTIVE; at most one does.
 *
 * ```
 *  word  0 id     i32   generation << 20 | index; 0 = free slot
 *        1 x, 2 y, 3 z           f32 position
 *        4 yaw, 5 pitch, 6 roll  f32 degrees
 *        7 type   u32   index into CAMERA_TYPES ('world' perspective, 'screen' orthographic)
 *        8 fov    f32   vertical field of view in degrees (world cameras)
 *        9 near, 10 far f32 clip planes
 *       11 flags  u32   bit 0 active
 * ```
 */
import { defineStateSchema } from '../shared-memory/state-schema.ts';
import { createStateBuffer } from '../shared-memory/state-layout.ts';
import type { StateReader } from '../shared-memory/state-reader.ts';

export const CAMERA_SCHEMA = defineStateSchema('CameraState', [
  { name: 'position', type: 'f32', count: 3 },
  { name: 'orientation', type: 'f32', count: 3 },
  { name: 'type', type: 'u32' },
  { name: 'fov', type: 'f32' },
  { name: 'near', type: 'f32' },
  { name: 'far', type: 'f32' },
  { name: 'flags', type: 'u32' },
]);

export const C_ID = 0;
export const C_X = 1;
export const C_Y = 2;
export const C_Z = 3;
export const C_YAW = 4;
export const C_PITCH = 5;
export const C_ROLL = 6;
export const C_TYPE = 7;
export const C_FOV = 8;
export const C_NEAR = 9;
export const C_FAR = 10;
export const C_FLAGS = 11;
export const CAMERA_FLAG_ACTIVE = 1;

/** Default capacity of the camera buffer. */
export const DEFAULT_CAMERA_CAPACITY = 64;

/** Allocates a camera state buffer. */
export function createCameraStateBuffer(capacity: number = DEFAULT_CAMERA_CAPACITY): SharedArrayBuffer {
  return createStateBuffer(CAMERA_SCHEMA, capacity);
}

/** A camera as the logic reads it (reuse one object as `out`). */
export interface CameraSnapshot {
  id: number;
  x: number; y: number; z: number;
  yaw: number; pitch: number; roll: number;
  /** Index into CAMERA_TYPES. */
  type: number;
  fov: number; near: number; far: number;
  active: boolean;
}

/** A zeroed CameraSnapshot to reuse as an out object. */
export function emptyCameraSnapshot(): CameraSnapshot {
  return { id: 0, x: 0, y: 0, z: 0, yaw: 0, pitch: 0, roll: 0, type: 0, fov: 0, near: 0, far: 0, active: false };
}

/** Copies camera `id` of the snapshot into `out`; false when it is not live. Allocates nothing. */
export function readCamera(reader: StateReader, id: number, out: CameraSnapshot): boolean {
  const slot = reader.slotOf(id);
  if (slot < 0) return false;
  const o = reader.recordOffset(slot);
  const f = reader.f32;
  out.id = id;
  out.x = f[o + C_X]!; out.y = f[o + C_Y]!; out.z = f[o + C_Z]!;
  out.yaw = f[o + C_YAW]!; out.pitch = f[o + C_PITCH]!; out.roll = f[o + C_ROLL]!;
  out.type = reader.u32[o + C_TYPE]!;
  out.fov = f[o + C_FOV]!; out.near = f[o + C_NEAR]!; out.far = f[o + C_FAR]!;
  out.active = (reader.u32[o + C_FLAGS]! & CAMERA_FLAG_ACTIVE) !== 0;
  return true;
}

/** Id of the active camera in the snapshot, or 0. O(high). */
export function activeCameraId(reader: StateReader): number {
  const high = reader.high;
  for (let slot = 0; slot < high; slot++) {
    const o = reader.recordOffset(slot);
    if (reader.i32[o + C_ID] !== 0 && (reader.u32[o + C_FLAGS]! & CAMERA_FLAG_ACTIVE) !== 0) return reader.i32[o + C_ID]!;
  }
  return 0;
}
