/**
 * Debug lines for the three.js renderer (the renderer seam's beginDebug / debugLine / endDebug);
 * the layers are in three-debug-line-layer.ts (1-pixel) and three-wide-line-layer.ts:
 * 1-pixel lines (width <= 1) in three `LineSegments` objects, one per depth behaviour, each over a
 * growable `BufferGeometry` of positions and per-vertex colours (one draw call each, skipped when
 * empty); wide lines (width > 1 pixel: a protogame line's or arrow's thickness) in three more,
 * three.js's own `LineSegments2` with a `LineMaterial` (screen-space quads, three/examples/jsm/lines),
 * one per depth behaviour as well, batching every wide line of the set with its own width (a
 * per-segment `instanceWidth` attribute the material's vertex shader multiplies `linewidth` by):
 * - `depth`: mode USE_DEPTH, and X_RAY's visible part: hidden behind surfaces;
 * - `onTop`: mode ALWAYS: drawn over everything;
 * - `xray`: X_RAY's hidden part: drawn where a surface covers the line, at XRAY_DIM of its colour.
 * Ends arrive in seed coordinates and are mapped like `three-seed-matrix.ts`: seed (x, y, z) ->
 * three (-y, z, -x). Colours are sRGB bytes, drawn opaque; alpha 0 draws nothing. A wide line's
 * width is in CSS pixels (`setResolution`: the canvas size) and does not shrink with distance.
 *
 * A set replaces the previous one at `end()` and stays drawn until the next set. Allocates only
 * when a layer's capacity doubles (and, per new set, three.js's own update-range bookkeeping);
 * uploads only the used part of the buffers. Frames without a new set cost nothing here.
 */
import { GreaterDepth, LineBasicMaterial } from 'three';
import type { Scene } from 'three';
import { DebugLine, type DebugLineLook } from '../platform/renderer.ts';
import { DEBUG_MODE_ALWAYS, DEBUG_MODE_X_RAY } from '../protocol/debug-draw-state.ts';
import { SRGB_TO_LINEAR } from './three-instance-pool.ts';
import { DebugLineLayer, STAGE_DIM, STAGE_LENGTH, STAGE_WIDTH } from './three-debug-line-layer.ts';
import { WideLineLayer } from './three-wide-line-layer.ts';

/** Brightness of the hidden part of an X_RAY line (a factor on its linear colour). */
export const XRAY_DIM = 0.35;

/** Draw order of the layers that must come after the scene's surfaces. */
const AFTER_SURFACES = 1000;

/**
 * The debug lines of a ThreeRenderer: add to its scene once, then per set `begin()`, `line(...)`
 * per line, `end()`.
 *
 * @example
 * ```ts
 * const lines = new ThreeDebugLines(new Scene());
 * lines.begin();
 * lines.line(0, 0, 0, 10, 0, 0, 255, 0, 0, 255, DEBUG_MODE_ALWAYS); // red, seed +X (three -Z)
 * lines.end();
 * ```
 */
export class ThreeDebugLines {
  /** USE_DEPTH lines and the visible part of X_RAY lines. */
  readonly depth: DebugLineLayer;
  /** ALWAYS lines. */
  readonly onTop: DebugLineLayer;
  /** The hidden part of X_RAY lines, dimmed. */
  readonly xray: DebugLineLayer;
  /** Wide lines (width > 1 pixel), by the same depth behaviours: one LineSegments2 each. */
  readonly wideDepth: WideLineLayer;
  readonly wideOnTop: WideLineLayer;
  readonly wideXray: WideLineLayer;
  /** Lines in the current set (an X_RAY line counts once; alpha-0 lines are not counted). */
  lineCount = 0;
  private readonly scene: Scene;
  /** Every layer, in the order they were added to the scene. */
  private readonly layers: readonly (DebugLineLayer | WideLineLayer)[];
  /** The line being added, staged for the layers (see STAGE_LENGTH). */
  private readonly stage = new Float64Array(STAGE_LENGTH);
  /** What `line` fills for `add`. */
  private readonly scratch = new DebugLine();

  /** Creates the layers and adds them to `scene`. Allocates; setup only. */
  constructor(scene: Scene, initialLines = 256) {
    this.scene = scene;
    this.depth = new DebugLineLayer('twinframe:debug-depth', new LineBasicMaterial({ vertexColors: true }), 0, initialLines);
    this.onTop = new DebugLineLayer(
      'twinframe:debug-always',
      new LineBasicMaterial({ vertexColors: true, depthTest: false, depthWrite: false }),
      AFTER_SURFACES + 1, initialLines,
    );
    this.xray = new DebugLineLayer(
      'twinframe:debug-xray',
      new LineBasicMaterial({ vertexColors: true, depthFunc: GreaterDepth, depthWrite: false }),
      AFTER_SURFACES, initialLines,
    );
    const wideCapacity = Math.max(16, initialLines >> 4);
    this.wideDepth = new WideLineLayer('twinframe:debug-wide-depth', {}, 0, wideCapacity);
    this.wideOnTop = new WideLineLayer('twinframe:debug-wide-always', { depthTest: false, depthWrite: false }, AFTER_SURFACES + 1, wideCapacity);
    this.wideXray = new WideLineLayer('twinframe:debug-wide-xray', { depthFunc: GreaterDepth, depthWrite: false }, AFTER_SURFACES, wideCapacity);
    this.layers = [this.depth, this.xray, this.onTop, this.wideDepth, this.wideXray, this.wideOnTop];
    for (const layer of this.layers) scene.add(layer.object);
  }

  /** The canvas size in CSS pixels, which wide lines' widths are measured in (the renderer sets it each frame). */
  setResolution(cssWidth: number, cssHeight: number): void {
    this.wideDepth.setResolution(cssWidth, cssHeight);
    this.wideOnTop.setResolution(cssWidth, cssHeight);
    this.wideXray.setResolution(cssWidth, cssHeight);
  }

  /** Starts a new set (the previous one stays drawn until `end()`). */
  begin(): void {
    for (let i = 0; i < this.layers.length; i++) this.layers[i]!.count = 0;
    this.lineCount = 0;
  }

  /**
   * Adds one line (seed coordinates, sRGB bytes, a DEBUG_DRAW_MODES index; `width` in pixels, a
   * wide line when above 1; read during the call only). Allocates only when a layer grows.
   */
  add(l: DebugLineLook): void {
    if (l.a === 0) return;
    const stage = this.stage;
    stage[0] = -l.y0; stage[1] = l.z0; stage[2] = -l.x0;
    stage[3] = -l.y1; stage[4] = l.z1; stage[5] = -l.x1;
    // `& 255` keeps an out-of-range byte inside the table (the engine hands over bytes).
    stage[6] = SRGB_TO_LINEAR[l.r & 255]!; stage[7] = SRGB_TO_LINEAR[l.g & 255]!; stage[8] = SRGB_TO_LINEAR[l.b & 255]!;
    stage[STAGE_DIM] = 1;
    const width = l.width;
    const wide = width > 1 && width < Infinity;
    if (wide) stage[STAGE_WIDTH] = width;
    const mode = l.mode;
    if (mode === DEBUG_MODE_ALWAYS) {
      if (wide) this.wideOnTop.push(stage);
      else this.onTop.push(stage);
    } else {
      if (wide) this.wideDepth.push(stage);
      else this.depth.push(stage);
      if (mode === DEBUG_MODE_X_RAY) {
        stage[STAGE_DIM] = XRAY_DIM;
        if (wide) this.wideXray.push(stage);
        else this.xray.push(stage);
      }
    }
    this.lineCount++;
  }

  /** `add` for a line given as numbers (tools and tests). */
  line(
    x0: number, y0: number, z0: number,
    x1: number, y1: number, z1: number,
    r: number, g: number, b: number, a: number,
    mode: number, width = 1,
  ): void {
    const l = this.scratch;
    l.x0 = x0; l.y0 = y0; l.z0 = z0;
    l.x1 = x1; l.y1 = y1; l.z1 = z1;
    l.r = r; l.g = g; l.b = b; l.a = a;
    l.mode = mode; l.width = width;
    this.add(l);
  }

  /** Ends the set: it replaces the previous one from the next frame drawn. */
  end(): void {
    for (let i = 0; i < this.layers.length; i++) this.layers[i]!.end();
  }

  /** Removes the lines from the scene and frees their buffers and materials. */
  dispose(): void {
    for (const layer of this.layers) {
      this.scene.remove(layer.object);
      layer.dispose();
    }
  }
}
