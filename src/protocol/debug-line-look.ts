/**
 * One debug line as the renderer seam's `debugLine` hands it over (platform/renderer.ts), and the
 * mutable object callers fill and reuse for it; in protocol/ so that the engine, which takes only
 * types from platform/, can make one.
 *
 * Why an object and not a dozen numbers: a call that passes doubles boxes each one whenever V8
 * does not inline the callee (the engine's emitter into ThreeRenderer measured about 10 bytes a
 * line, 5.8 MB over 1000 sets of 486 lines). A reused object's number fields are stored in place,
 * as with `InstanceLook` for `setInstance`.
 */

/**
 * One debug line: ends in seed coordinates, colour RGBA8 (alpha 0 draws nothing), `mode` a
 * DEBUG_DRAW_MODES index, `width` in pixels (at most 1: a 1-pixel line, above 1 a wide line). The
 * caller owns the object and refills it for the next line: a renderer copies what it keeps.
 */
export interface DebugLineLook {
  readonly x0: number; readonly y0: number; readonly z0: number;
  readonly x1: number; readonly y1: number; readonly z1: number;
  readonly r: number; readonly g: number; readonly b: number; readonly a: number;
  readonly mode: number;
  readonly width: number;
}

/** A DebugLineLook to fill and reuse (every field a number from the start, so stores allocate nothing). */
export class DebugLine implements DebugLineLook {
  x0 = 0.5; y0 = 0.5; z0 = 0.5;
  x1 = 0.5; y1 = 0.5; z1 = 0.5;
  r = 0; g = 0; b = 0; a = 0;
  mode = 0;
  width = 1.5;
}
