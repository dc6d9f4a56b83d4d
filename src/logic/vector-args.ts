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
 * Copies `[a, b, c]` or `{[ka]: a, [kb]: b, [kc]: c}` (numbers) into `out`; false for any other
 * shape. The one reader behind the three-number shapes (positions, orientations).
 */
function readTriple(v: unknown, ka: string, kb: string, kc: string, out: Num3): boolean {
  if (Array.isArray(v)) {
    if (v.length < 3 || !num(v[0]) || !num(v[1]) || !num(v[2])) return false;
    out.a = v[0] as number; out.b = v[1] as number; out.c = v[2] as number;
    return true;
  }
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Rec;
  if (!num(o[ka]) || !num(o[kb]) || !num(o[kc])) return false;
  out.a = o[ka] as number; out.b = o[kb] as number; out.c = o[kc] as number;
  return true;
}

/** Reads `{x,y,z}` / `[x,y,z]` into `out` (a=x, b=y, c=z). */
export function readVec3(api: string, name: string, v: unknown, out: Num3): Num3 {
  if (readTriple(v, 'x', 'y', 'z', out)) return out;
  return badArgument(api, name, v, '{x, y, z} or [x, y, z] with numbers', 'Pass e.g. {x: 0, y: 0, z: 1}.');
}

/** Reads `{yaw,pitch,roll}` / `[yaw,pitch,roll]` into `out`. */
export function readOrientation(api: string, name: string, v: unknown, out: Num3): Num3 {
  if (readTriple(v, 'yaw', 'pitch', 'roll', out)) return out;
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
