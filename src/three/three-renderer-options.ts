/**
 * The options of `new ThreeRenderer(...)` and their checks (TF4501 names the option, what it got
 * and what it takes). The pixel-ratio options are checked by `ThreeViewport`.
 */
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { THREE_RENDERER_CODES } from './error-codes.ts';
import type { ThreeShading } from './three-instance-material.ts';

/** Options of `new ThreeRenderer(...)`. */
export interface ThreeRendererOptions {
  /** The canvas to draw into; it must be able to give a WebGL2 context. Its CSS size is tracked. */
  readonly canvas: HTMLCanvasElement;
  /** Surface shading; default `lit`. Use `unlit` when pixels must equal the entity colours. */
  readonly shading?: ThreeShading;
  /** Clear colour, sRGB bytes; default `[16, 20, 28]`. */
  readonly background?: readonly [number, number, number];
  /** A fixed device pixel ratio; default: follow `devicePixelRatio` as it changes (zoom, monitor). */
  readonly pixelRatio?: number;
  /** Upper bound of the pixel ratio used, to bound fill cost on dense screens; default 2. */
  readonly maxPixelRatio?: number;
  /** Multisampling; default true. */
  readonly antialias?: boolean;
  /** Instance slots per mesh type before the first growth (doubling); default 256. */
  readonly initialCapacity?: number;
  /** Follow the canvas's CSS size with a ResizeObserver; default true. */
  readonly autoResize?: boolean;
}

function badOption(what: string, got: unknown, expected: string, remedy: string): TwinframeError {
  return new TwinframeError(
    THREE_RENDERER_CODES.RENDERER_BAD_OPTION.code,
    `ThreeRenderer.constructor: ${what} is invalid; got ${String(got)}, expected ${expected}. ${remedy}`,
    { option: what, value: String(got) },
  );
}

function isByte(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 255;
}

/** The options the renderer's constructor uses, checked and with their defaults. */
export interface CheckedThreeRendererOptions {
  readonly canvas: HTMLCanvasElement;
  readonly shading: ThreeShading;
  readonly background: readonly [number, number, number];
  readonly initialCapacity: number;
  readonly antialias: boolean;
}

/** Checks `options` (TF4501 on the first bad one) and fills in the defaults. */
export function readThreeRendererOptions(options: ThreeRendererOptions): CheckedThreeRendererOptions {
  const canvas = options?.canvas;
  if (canvas === null || typeof canvas !== 'object' || typeof canvas.getContext !== 'function') {
    throw badOption('canvas', canvas, 'an HTMLCanvasElement', 'Pass the <canvas> element to draw into.');
  }
  const shading = options.shading ?? 'lit';
  if (shading !== 'lit' && shading !== 'unlit') throw badOption('shading', shading, "'lit' or 'unlit'", 'Pick one of the two.');
  const background = options.background ?? [16, 20, 28];
  if (!Array.isArray(background) || background.length !== 3 || !background.every(isByte)) {
    throw badOption('background', JSON.stringify(background), 'three integers 0-255 (sRGB)', 'Give the clear colour as [r, g, b].');
  }
  const initialCapacity = options.initialCapacity ?? 256;
  if (!Number.isInteger(initialCapacity) || initialCapacity < 1 || initialCapacity > 1 << 24) {
    throw badOption('initialCapacity', initialCapacity, 'an integer 1..16777216', 'Use the expected number of entities per mesh type; it doubles as needed.');
  }
  const antialias = options.antialias ?? true;
  return { canvas, shading, background, initialCapacity, antialias };
}
