/**
 * EntityStateBuffer: the seed's entity game data as StateBuffer records (no render handles; those
 * are the engine's RenderResourceManager). Coordinates follow the seed: X forward, Y left, Z up,
 * right-handed; orientation is yaw (about Z), pitch (about Y), roll (about X) in degrees.
 *
 * ```
 *  word  0 id        i32  generation << 20 | index (entity-id.ts); 0 = free slot
 *        1 x, 2 y, 3 z          f32  position, world units
 *        4 yaw, 5 pitch, 6 roll f32  degrees
 *        7 color     u32  RGBA8: r | g << 8 | b << 16 | a << 24, channels 0-255
 *        8 scale     f32  uniform scale (the seed's radius)
 *        9 mesh      u32  index into MESH_TYPES (mesh-types.ts)
 *       10 flags     u32  bit 0 active (bit 1 was 'visible': set at creation, never cleared, so removed)
 * ```
 */
import { defineStateSchema } from '../shared-memory/state-schema.ts';
import { createStateBuffer } from '../shared-memory/state-layout.ts';
import type { StateReader } from '../shared-memory/state-reader.ts';

/** The entity record schema. */
export const ENTITY_SCHEMA = defineStateSchema('EntityState', [
  { name: 'position', type: 'f32', count: 3 },
  { name: 'orientation', type: 'f32', count: 3 },
  { name: 'color', type: 'u32' },
  { name: 'scale', type: 'f32' },
  { name: 'mesh', type: 'u32' },
  { name: 'flags', type: 'u32' },
]);

/** Word offsets inside an entity record. */
export const E_ID = 0;
export const E_X = 1;
export const E_Y = 2;
export const E_Z = 3;
export const E_YAW = 4;
export const E_PITCH = 5;
export const E_ROLL = 6;
export const E_COLOR = 7;
export const E_SCALE = 8;
export const E_MESH = 9;
export const E_FLAGS = 10;

/** Flag bits. */
export const FLAG_ACTIVE = 1;

/** Default capacity of the entity buffer. */
export const DEFAULT_ENTITY_CAPACITY = 16384;

/**
 * Allocates an entity state buffer for `capacity` entities; `copyable`: its writer on this thread
 * copies it at memcpy speed (the engine's, whose full publishes stream the whole live range; shared-copy.ts).
 */
export function createEntityStateBuffer(capacity: number = DEFAULT_ENTITY_CAPACITY, copyable = false): SharedArrayBuffer {
  return createStateBuffer(ENTITY_SCHEMA, capacity, copyable);
}

/** Packs 0-255 channels (already validated) into RGBA8. */
export function packColor(r: number, g: number, b: number, a: number): number {
  return ((r & 255) | ((g & 255) << 8) | ((b & 255) << 16) | ((a & 255) << 24)) >>> 0;
}

/** An entity as the logic reads it; pass one long-lived object to `readEntity` to allocate nothing. */
export interface EntitySnapshot {
  id: number;
  x: number; y: number; z: number;
  yaw: number; pitch: number; roll: number;
  /** Colour channels 0-255. */
  r: number; g: number; b: number; a: number;
  scale: number;
  /** Index into MESH_TYPES. */
  mesh: number;
  active: boolean;
}

/** A zeroed EntitySnapshot to reuse as an out object. */
export function emptyEntitySnapshot(): EntitySnapshot {
  return { id: 0, x: 0, y: 0, z: 0, yaw: 0, pitch: 0, roll: 0, r: 0, g: 0, b: 0, a: 0, scale: 0, mesh: 0, active: false };
}

/** The record access readEntity needs: a StateReader, or the engine's own StateWriter (its latest state). */
export type EntityRecords = Pick<StateReader, 'slotOf' | 'recordOffset' | 'i32' | 'u32' | 'f32'>;

/** Copies entity `id` of the reader's snapshot into `out`; false (out untouched) when it is not live. Allocates nothing. */
export function readEntity(reader: EntityRecords, id: number, out: EntitySnapshot): boolean {
  const slot = reader.slotOf(id);
  if (slot < 0) return false;
  readEntityAt(reader, slot, out);
  return true;
}

/** Copies the entity in `slot` (live or not) into `out`. */
export function readEntityAt(reader: EntityRecords, slot: number, out: EntitySnapshot): void {
  const o = reader.recordOffset(slot);
  const u = reader.u32;
  out.id = reader.i32[o + E_ID]!;
  readEntityLook(reader.f32, u, o, out);
  out.mesh = u[o + E_MESH]!;
  const flags = u[o + E_FLAGS]!;
  out.active = (flags & FLAG_ACTIVE) !== 0;
}

/** An entity's transform and colour (the part of EntitySnapshot a renderer draws). */
export type EntityLook = Pick<EntitySnapshot, 'x' | 'y' | 'z' | 'yaw' | 'pitch' | 'roll' | 'scale' | 'r' | 'g' | 'b' | 'a'>;

/**
 * Copies the transform and colour of the record at word offset `o` of `f`/`u` (a state buffer's
 * views) into `out`, colour unpacked to 0-255 channels. The engine's render sync uses it per dirty
 * entity with its own views, so it allocates nothing and reads nothing else.
 */
export function readEntityLook(f: Float32Array, u: Uint32Array, o: number, out: EntityLook): void {
  out.x = f[o + E_X]!; out.y = f[o + E_Y]!; out.z = f[o + E_Z]!;
  out.yaw = f[o + E_YAW]!; out.pitch = f[o + E_PITCH]!; out.roll = f[o + E_ROLL]!;
  const c = u[o + E_COLOR]!;
  out.r = c & 255; out.g = (c >>> 8) & 255; out.b = (c >>> 16) & 255; out.a = c >>> 24;
  out.scale = f[o + E_SCALE]!;
}
