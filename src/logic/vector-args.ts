/**
 * Argument shapes the script APIs accept: `{x, y, z}` or `[x, y, z]` for positions and deltas,
 * `{yaw, pitch, roll}` or `[yaw, pitch, roll]` (degrees) for orientations, `{r, g, b, a}` or
 * `[r, g, b, a?]` (0-255, alpha defaults to 255) for colours. Readers copy into caller-owned out
 * objects, so reading allocates nothing. A wrong shape throws TF5010 naming the API, the argument
 * and the value; numeric ranges (NaN, colours outside 0-255) are the engine's to refuse.
 */
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { LOGIC_CODES } from './error-codes.ts';
import { formatValue } from '../protocol/value-format.ts';

/** A position or delta. */
export type Vec3Like = { readonly x: number; readonly y: number; readonly z: number } | readonly [number, number, number];
/** An orientation in degrees. */
export type OrientationLike = { readonly yaw: number; readonly pitch: number; readonly roll: number } | readonly [number, number, number];
/** A colour, channels 0-255. */
export type ColorLike = { readonly r: number; readonly g: number; readonly b: number; readonly a?: number } | readonly [number, number, number] | readonly [number, number, number, number];

/** Out object for three numbers. */
export interface Num3 { a: number; b: number; c: number }
/** Out object for four numbers. */
export interface Num4 { a: number; b: number; c: number; d: number }

/** Throws TF5010 for a bad argument. Allocates; error path. */
export function badArgument(api: string, name: string, value: unknown, expected: string, remedy: string): never {
  throw new TwinframeError(LOGIC_CODES.API_ARGUMENT_INVALID.code, `${api}: bad ${name}; got ${formatValue(value)}, expected ${expected}. ${remedy}`, { api, argument: name });
}

type Rec = Record<string, unknown>;

function num(v: unknown): boolean {
  return typeof v === 'number';
}

/**
 * Copies `[a, b, c]` (numbers) into `out`; false for any other array. The array half of the
 * three-number readers (positions, orientations).
 */
function readArray3(v: readonly unknown[], out: Num3): boolean {
  if (v.length < 3) return false;
  const a = v[0], b = v[1], c = v[2];
  if (typeof a !== 'number' || typeof b !== 'number' || typeof c !== 'number') return false;
  out.a = a; out.b = b; out.c = c;
  return true;
}

/** `{x, y, z}` as read: each property loaded once, by name. */
type XyzIn = { readonly x?: unknown; readonly y?: unknown; readonly z?: unknown };
/** `{yaw, pitch, roll}` as read. */
type YprIn = { readonly yaw?: unknown; readonly pitch?: unknown; readonly roll?: unknown };

/**
 * Reads `{x,y,z}` / `[x,y,z]` into `out` (a=x, b=y, c=z).
 *
 * The properties are loaded by constant name (`v.x`), not through a key variable: a keyed load
 * whose key varies between callers (x/y/z here, yaw/pitch/roll for orientations) is megamorphic
 * in V8 and was 40% of the logic thread's time at 100,000 moves per frame (issue 15); a named load
 * stays monomorphic for a game that passes one object shape.
 */
export function readVec3(api: string, name: string, v: unknown, out: Num3): Num3 {
  if (typeof v === 'object' && v !== null) {
    if (Array.isArray(v)) {
      if (readArray3(v, out)) return out;
    } else {
      const o = v as XyzIn;
      const x = o.x, y = o.y, z = o.z;
      if (typeof x === 'number' && typeof y === 'number' && typeof z === 'number') {
        out.a = x; out.b = y; out.c = z;
        return out;
      }
    }
  }
  return badArgument(api, name, v, '{x, y, z} or [x, y, z] with numbers', 'Pass e.g. {x: 0, y: 0, z: 1}.');
}

/** Reads `{yaw,pitch,roll}` / `[yaw,pitch,roll]` into `out`; named loads, as readVec3 says why. */
export function readOrientation(api: string, name: string, v: unknown, out: Num3): Num3 {
  if (typeof v === 'object' && v !== null) {
    if (Array.isArray(v)) {
      if (readArray3(v, out)) return out;
    } else {
      const o = v as YprIn;
      const yaw = o.yaw, pitch = o.pitch, roll = o.roll;
      if (typeof yaw === 'number' && typeof pitch === 'number' && typeof roll === 'number') {
        out.a = yaw; out.b = pitch; out.c = roll;
        return out;
      }
    }
  }
  return badArgument(api, name, v, '{yaw, pitch, roll} or [yaw, pitch, roll] in degrees', 'Pass e.g. {yaw: 90, pitch: 0, roll: 0}.');
}

/** Reads `{r,g,b,a?}` / `[r,g,b,a?]` into `out` (alpha 255 when absent). */
export function readColor(api: string, name: string, v: unknown, out: Num4): Num4 {
  if (Array.isArray(v)) {
    if (v.length >= 3 && num(v[0]) && num(v[1]) && num(v[2]) && (v.length < 4 || num(v[3]))) {
      out.a = v[0] as number; out.b = v[1] as number; out.c = v[2] as number; out.d = v.length >= 4 ? (v[3] as number) : 255;
      return out;
    }
  } else if (typeof v === 'object' && v !== null) {
    const o = v as Rec;
    if (num(o.r) && num(o.g) && num(o.b) && (o.a === undefined || num(o.a))) {
      out.a = o.r as number; out.b = o.g as number; out.c = o.b as number; out.d = o.a === undefined ? 255 : (o.a as number);
      return out;
    }
  }
  return badArgument(api, name, v, '{r, g, b, a?} or [r, g, b, a?] with numbers 0-255', 'Pass e.g. {r: 255, g: 128, b: 0, a: 255}.');
}

/** Checks a number argument (any number: the engine refuses NaN and ranges). */
export function readNumber(api: string, name: string, v: unknown): number {
  if (typeof v === 'number') return v;
  return badArgument(api, name, v, 'a number', `Pass a number for ${name}.`);
}

/** Checks an id argument: an integer (the engine refuses unknown and stale ids). */
export function readId(api: string, name: string, v: unknown): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'object' && v !== null && typeof (v as Rec).id === 'number') return (v as Rec).id as number;
  return badArgument(api, name, v, 'an integer id (or a handle with an id)', 'Use the id the create call returned or passed to its callback.');
}
