/**
 * Debug primitives as line segments, for renderers that draw lines only (the renderer seam's
 * `debugLine`). All in seed coordinates (X forward, Y left, Z up):
 * - point: a 3-axis cross through the point, half-length `radius` (POINT_MIN_HALF when radius <= 0);
 * - line: the segment, `radius` pixels wide (its thickness: a wide line above 1, else 1 pixel);
 * - wire sphere: three great circles (in the XY, XZ and YZ planes) of SPHERE_SEGMENTS segments each;
 * - arrow: the shaft plus a four-line head at the end, ARROW_HEAD_FRACTION of the length long (at
 *   least 3 x radius, at most half the length), half as wide as long; all five `radius` pixels wide.
 * Points and wire spheres are 1 pixel wide (their radius is their size).
 * Pure math, allocation-free; a null sink only counts. Values arrive as float32 (the record), so
 * `emitDebugPrimitiveLines` rounds its numbers to float32 first.
 */
import {
  D_AX, D_AY, D_AZ, D_BX, D_BY, D_BZ, D_COLOR, D_KIND, D_MODE, D_RADIUS, DEBUG_DRAW_SCHEMA,
  DEBUG_KIND_ARROW, DEBUG_KIND_LINE, DEBUG_KIND_POINT, DEBUG_KIND_WIRE_SPHERE,
} from '../protocol/debug-draw-state.ts';
import { packColor } from '../protocol/entity-state.ts';
import { DebugLine, type DebugLineLook } from '../protocol/debug-line-look.ts';

/** Where lines go: the renderer's `debugLine`. */
export interface DebugLineSink {
  /** One line, `line` read during the call only (the emitter refills it for the next). */
  debugLine(line: DebugLineLook): void;
}

/** The line every emitted line is written into (one thread per module instance; reused). */
const LINE = new DebugLine();

/** Segments of each great circle of a wire sphere. */
export const SPHERE_SEGMENTS = 24;
/** Half-length of a point's cross when its radius is not positive. */
export const POINT_MIN_HALF = 0.05;
/** Arrow head length as a fraction of the arrow's length (before the radius and length bounds). */
export const ARROW_HEAD_FRACTION = 0.2;

/** Lines drawn for each kind (DEBUG_DRAW_KINDS order). */
export const DEBUG_LINES_PER_KIND: readonly number[] = [3, 1, 3 * SPHERE_SEGMENTS, 5];

const COS = new Float64Array(SPHERE_SEGMENTS + 1);
const SIN = new Float64Array(SPHERE_SEGMENTS + 1);
for (let i = 0; i <= SPHERE_SEGMENTS; i++) {
  const t = (i / SPHERE_SEGMENTS) * 2 * Math.PI;
  COS[i] = i === SPHERE_SEGMENTS ? 1 : Math.cos(t);
  SIN[i] = i === SPHERE_SEGMENTS ? 0 : Math.sin(t);
}

/** A scratch record for `emitDebugPrimitiveLines` (numbers in, one record's words out). */
const SCRATCH = new ArrayBuffer(DEBUG_DRAW_SCHEMA.strideWords * 4);
const SCRATCH_F32 = new Float32Array(SCRATCH);
const SCRATCH_U32 = new Uint32Array(SCRATCH);

/**
 * Emits the lines of the debug-draw record at word offset `o` of `f32`/`u32` (views of one buffer,
 * e.g. a StateReader's) into `sink`, or only counts them when `sink` is null. Returns the lines
 * emitted: 0 for an unknown kind or a non-finite value (nothing drawn), 1 for a zero-length arrow
 * (its head is left out). Takes the record, not its fields, so no float is boxed on the way in;
 * allocates nothing.
 */
export function emitDebugRecordLines(f32: Float32Array, u32: Uint32Array, o: number, sink: DebugLineSink | null): number {
  const kind = u32[o + D_KIND]!;
  const ax = f32[o + D_AX]!, ay = f32[o + D_AY]!, az = f32[o + D_AZ]!;
  const bx = f32[o + D_BX]!, by = f32[o + D_BY]!, bz = f32[o + D_BZ]!;
  const radius = f32[o + D_RADIUS]!;
  // The sum is finite exactly when every term is (f32 values cannot overflow a double sum).
  if (!Number.isFinite(ax + ay + az + bx + by + bz + radius)) return 0;
  const c = u32[o + D_COLOR]!;
  const l = LINE;
  l.r = c & 255; l.g = (c >>> 8) & 255; l.b = (c >>> 16) & 255; l.a = c >>> 24;
  l.mode = u32[o + D_MODE]!;
  // The line's fields are stored here, site by site: a helper taking the ends would box them
  // whenever it is not inlined, which is what the object avoids.
  if (kind === DEBUG_KIND_LINE) {
    if (sink !== null) {
      l.x0 = ax; l.y0 = ay; l.z0 = az; l.x1 = bx; l.y1 = by; l.z1 = bz; l.width = radius;
      sink.debugLine(l);
    }
    return 1;
  }
  if (kind === DEBUG_KIND_POINT) {
    const h = radius > 0 ? radius : POINT_MIN_HALF;
    if (sink !== null) {
      l.width = 1;
      l.x0 = ax - h; l.y0 = ay; l.z0 = az; l.x1 = ax + h; l.y1 = ay; l.z1 = az;
      sink.debugLine(l);
      l.x0 = ax; l.y0 = ay - h; l.z0 = az; l.x1 = ax; l.y1 = ay + h; l.z1 = az;
      sink.debugLine(l);
      l.x0 = ax; l.y0 = ay; l.z0 = az - h; l.x1 = ax; l.y1 = ay; l.z1 = az + h;
      sink.debugLine(l);
    }
    return 3;
  }
  if (kind === DEBUG_KIND_WIRE_SPHERE) {
    if (sink !== null) {
      l.width = 1;
      for (let i = 0; i < SPHERE_SEGMENTS; i++) {
        const c0 = COS[i]! * radius, s0 = SIN[i]! * radius, c1 = COS[i + 1]! * radius, s1 = SIN[i + 1]! * radius;
        l.x0 = ax + c0; l.y0 = ay + s0; l.z0 = az; l.x1 = ax + c1; l.y1 = ay + s1; l.z1 = az;
        sink.debugLine(l); // XY (horizontal)
        l.x0 = ax + c0; l.y0 = ay; l.z0 = az + s0; l.x1 = ax + c1; l.y1 = ay; l.z1 = az + s1;
        sink.debugLine(l); // XZ
        l.x0 = ax; l.y0 = ay + c0; l.z0 = az + s0; l.x1 = ax; l.y1 = ay + c1; l.z1 = az + s1;
        sink.debugLine(l); // YZ
      }
    }
    return 3 * SPHERE_SEGMENTS;
  }
  if (kind === DEBUG_KIND_ARROW) {
    if (sink !== null) {
      l.x0 = ax; l.y0 = ay; l.z0 = az; l.x1 = bx; l.y1 = by; l.z1 = bz; l.width = radius;
      sink.debugLine(l);
    }
    const dx = bx - ax, dy = by - ay, dz = bz - az;
    const len = Math.sqrt(dx * dx + dy * dy + dz * dz);
    if (!(len > 0)) return 1;
    if (sink === null) return 5;
    const fx = dx / len, fy = dy / len, fz = dz / len;
    const head = Math.min(0.5 * len, Math.max(ARROW_HEAD_FRACTION * len, 3 * radius));
    const w = 0.5 * head;
    // u = normalize(f x up), up = Z unless the arrow is nearly vertical (then X); v = f x u.
    let ux: number, uy: number, uz: number;
    if (Math.abs(fz) < 0.9) {
      ux = fy; uy = -fx; uz = 0;
    } else {
      ux = 0; uy = fz; uz = -fy;
    }
    const ul = Math.sqrt(ux * ux + uy * uy + uz * uz);
    ux /= ul; uy /= ul; uz /= ul;
    const vx = fy * uz - fz * uy, vy = fz * ux - fx * uz, vz = fx * uy - fy * ux;
    const cx = bx - fx * head, cy = by - fy * head, cz = bz - fz * head;
    // The head's four strokes start at the tip (b); width stays the arrow's.
    l.x0 = bx; l.y0 = by; l.z0 = bz;
    l.x1 = cx + ux * w; l.y1 = cy + uy * w; l.z1 = cz + uz * w;
    sink.debugLine(l);
    l.x1 = cx - ux * w; l.y1 = cy - uy * w; l.z1 = cz - uz * w;
    sink.debugLine(l);
    l.x1 = cx + vx * w; l.y1 = cy + vy * w; l.z1 = cz + vz * w;
    sink.debugLine(l);
    l.x1 = cx - vx * w; l.y1 = cy - vy * w; l.z1 = cz - vz * w;
    sink.debugLine(l);
    return 5;
  }
  return 0;
}

/**
 * `emitDebugRecordLines` for a primitive given as numbers (`kind` indexes DEBUG_DRAW_KINDS; `a` is
 * the point, centre or start, `b` the end; colour channels 0-255). For tools and tests: the engine
 * passes records.
 *
 * @example
 * ```ts
 * const renderer = new RecordingRenderer();
 * renderer.beginDebug();
 * const n = emitDebugPrimitiveLines(DEBUG_KIND_POINT, 1, 2, 3, 0, 0, 0, 0.5, 255, 0, 0, 255, 0, renderer);
 * renderer.endDebug();
 * // n === 3; renderer.debugLines: (0.5,2,3)-(1.5,2,3), (1,1.5,3)-(1,2.5,3), (1,2,2.5)-(1,2,3.5)
 * ```
 */
export function emitDebugPrimitiveLines(
  kind: number,
  ax: number, ay: number, az: number,
  bx: number, by: number, bz: number,
  radius: number,
  r: number, g: number, b: number, a: number,
  mode: number,
  sink: DebugLineSink | null,
): number {
  const f = SCRATCH_F32;
  SCRATCH_U32[D_KIND] = kind;
  f[D_AX] = ax; f[D_AY] = ay; f[D_AZ] = az;
  f[D_BX] = bx; f[D_BY] = by; f[D_BZ] = bz;
  f[D_RADIUS] = radius;
  SCRATCH_U32[D_COLOR] = packColor(r, g, b, a);
  SCRATCH_U32[D_MODE] = mode;
  return emitDebugRecordLines(f, SCRATCH_U32, 0, sink);
}
