/**
 * Debug lines for the three.js renderer (the renderer seam's beginDebug / debugLine / endDebug):
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
import {
  BufferAttribute, BufferGeometry, DynamicDrawUsage, GreaterDepth, InstancedInterleavedBuffer,
  InterleavedBufferAttribute, LineBasicMaterial, LineSegments,
} from 'three';
import type { Mesh, Scene, ShaderMaterial } from 'three';
import { LineMaterial } from 'three/examples/jsm/lines/LineMaterial.js';
import { LineSegments2 } from 'three/examples/jsm/lines/LineSegments2.js';
import { LineSegmentsGeometry } from 'three/examples/jsm/lines/LineSegmentsGeometry.js';
import { DEBUG_MODE_ALWAYS, DEBUG_MODE_X_RAY } from '../protocol/debug-draw-state.ts';
import { SRGB_TO_LINEAR } from './three-instance-pool.ts';
import { THREE_RENDERER_CODES } from './error-codes.ts';
import { TwinframeError } from '../shared-memory/twinframe-error.ts';

/** Brightness of the hidden part of an X_RAY line (a factor on its linear colour). */
export const XRAY_DIM = 0.35;

/** Draw order of the layers that must come after the scene's surfaces. */
const AFTER_SURFACES = 1000;

/** An update range reused every set (three's `{start, count}` shape). */
interface UpdateRange {
  start: number;
  count: number;
}

/** The lines of one depth behaviour. */
export class DebugLineLayer {
  readonly object: LineSegments;
  private readonly material: LineBasicMaterial;
  private positions: Float32Array;
  private colors: Float32Array;
  private capacity: number;
  /** Lines written in the current set. */
  count = 0;
  private readonly positionRange: UpdateRange = { start: 0, count: 0 };
  private readonly colorRange: UpdateRange = { start: 0, count: 0 };

  constructor(name: string, material: LineBasicMaterial, renderOrder: number, capacity: number) {
    this.material = material;
    this.capacity = capacity;
    this.positions = new Float32Array(capacity * 6);
    this.colors = new Float32Array(capacity * 6);
    this.object = new LineSegments(this.createGeometry(), material);
    this.object.name = name;
    this.object.renderOrder = renderOrder;
    // The set changes as a whole: cached bounds would be stale, and debug lines span the world.
    this.object.frustumCulled = false;
    this.object.visible = false;
  }

  /** Lines the buffers hold before the next growth. */
  get lineCapacity(): number {
    return this.capacity;
  }

  /** The positions buffer (three coordinates, 6 floats per line); for tests. */
  get positionArray(): Float32Array {
    return this.positions;
  }

  /** The colours buffer (linear RGB, 6 floats per line); for tests. */
  get colorArray(): Float32Array {
    return this.colors;
  }

  /** Appends one line: seed ends, linear colour. */
  push(x0: number, y0: number, z0: number, x1: number, y1: number, z1: number, r: number, g: number, b: number): void {
    if (this.count === this.capacity) this.grow();
    const i = this.count * 6;
    const p = this.positions;
    p[i] = -y0; p[i + 1] = z0; p[i + 2] = -x0;
    p[i + 3] = -y1; p[i + 4] = z1; p[i + 5] = -x1;
    const c = this.colors;
    c[i] = r; c[i + 1] = g; c[i + 2] = b;
    c[i + 3] = r; c[i + 4] = g; c[i + 5] = b;
    this.count++;
  }

  /** Ends the set: draw range and upload of the used part. */
  end(): void {
    const geometry = this.object.geometry;
    const used = this.count * 6;
    geometry.setDrawRange(0, this.count * 2);
    this.object.visible = this.count > 0;
    if (used === 0) return;
    queueRange(geometry.getAttribute('position') as BufferAttribute, this.positionRange, used);
    queueRange(geometry.getAttribute('color') as BufferAttribute, this.colorRange, used);
  }

  dispose(): void {
    this.object.geometry.dispose();
    this.material.dispose();
  }

  /** Doubles the capacity: new buffers in a new geometry (the old one's GPU buffers are freed). */
  private grow(): void {
    this.capacity *= 2;
    const positions = new Float32Array(this.capacity * 6);
    positions.set(this.positions);
    const colors = new Float32Array(this.capacity * 6);
    colors.set(this.colors);
    this.positions = positions;
    this.colors = colors;
    const old = this.object.geometry;
    this.object.geometry = this.createGeometry();
    old.dispose();
  }

  private createGeometry(): BufferGeometry {
    const geometry = new BufferGeometry();
    geometry.setAttribute('position', new BufferAttribute(this.positions, 3).setUsage(DynamicDrawUsage));
    geometry.setAttribute('color', new BufferAttribute(this.colors, 3).setUsage(DynamicDrawUsage));
    geometry.setDrawRange(0, 0);
    return geometry;
  }
}

/** Depth settings of a wide-line layer's material. */
export interface WideMaterialOptions {
  readonly depthTest?: boolean;
  readonly depthWrite?: boolean;
  readonly depthFunc?: typeof GreaterDepth;
}

/**
 * A LineMaterial whose width is per segment: `linewidth` stays 1 and the vertex shader multiplies
 * it by the segment's `instanceWidth` attribute (pixels). Allocates; setup only.
 */
function createWideLineMaterial(options: WideMaterialOptions): LineMaterial {
  const material = new LineMaterial({ vertexColors: true, linewidth: 1, ...options });
  const shader = material.vertexShader;
  const patched = shader
    .replace('attribute vec3 instanceColorEnd;', 'attribute vec3 instanceColorEnd;\n\t\tattribute float instanceWidth;')
    .replace('offset *= linewidth;', 'offset *= linewidth * instanceWidth;');
  // three's shader changed: fail loudly at setup rather than draw every wide line 1 pixel wide.
  if (!patched.includes('attribute float instanceWidth;') || !patched.includes('linewidth * instanceWidth')) {
    throw new TwinframeError(THREE_RENDERER_CODES.WIDE_LINES_UNAVAILABLE.code, 'ThreeDebugLines: three\'s LineMaterial vertex shader no longer has the lines the per-segment width patches; got an unknown three.js version. Install the three.js version twinframe declares.');
  }
  material.vertexShader = patched;
  return material;
}

/** Floats per wide line in its layer's one buffer: start xyz, end xyz, linear rgb, width. */
const WIDE_STRIDE = 10;

/**
 * The wide lines of one depth behaviour: one LineSegments2, one instance per line, all its
 * attributes interleaved in one buffer (start, end, colour for both ends, width), uploaded whole
 * (no update ranges: three's range bookkeeping would allocate per set; the buffer grows with use).
 * Its public members use three's core types only, so twinframe's declarations never pull in the
 * `three/examples` typings (which do not pass a consumer's `exactOptionalPropertyTypes`).
 */
export class WideLineLayer {
  /** The LineSegments2 (a Mesh) in the scene. */
  readonly object: Mesh;
  private readonly segments: LineSegments2;
  private readonly lineMaterial: LineMaterial;
  private data: Float32Array;
  private buffer!: InstancedInterleavedBuffer;
  private capacity: number;
  /** Lines written in the current set. */
  count = 0;

  /** Creates the layer and its material (`options`: depth settings). Allocates; setup only. Throws TF4503 for an unsupported three.js. */
  constructor(name: string, options: WideMaterialOptions, renderOrder: number, capacity: number) {
    this.lineMaterial = createWideLineMaterial(options);
    this.capacity = capacity;
    this.data = new Float32Array(capacity * WIDE_STRIDE);
    this.segments = new LineSegments2(this.createGeometry(), this.lineMaterial);
    this.object = this.segments;
    this.object.name = name;
    this.object.renderOrder = renderOrder;
    this.object.frustumCulled = false;
    this.object.visible = false;
  }

  /** Lines the buffer holds before the next growth. */
  get lineCapacity(): number {
    return this.capacity;
  }

  /** The material (a LineMaterial: its shader and uniforms, e.g. `resolution`). */
  get material(): ShaderMaterial {
    return this.lineMaterial;
  }

  /** Lines drawn by the set (the geometry's instance count). */
  get drawnLines(): number {
    return this.segments.geometry.instanceCount;
  }

  /** The canvas size in CSS pixels the widths are measured in. */
  setResolution(cssWidth: number, cssHeight: number): void {
    this.lineMaterial.resolution.set(cssWidth, cssHeight);
  }

  /** The width of line `i` of the set (pixels); for tests. */
  widthOf(i: number): number {
    return this.data[i * WIDE_STRIDE + 9]!;
  }

  /**
   * Appends one line: seed ends, sRGB bytes (made linear here, times `dim`), width in pixels. Takes
   * the bytes rather than linear floats so no double is passed (and boxed) per call.
   */
  push(x0: number, y0: number, z0: number, x1: number, y1: number, z1: number, r: number, g: number, b: number, dim: number, width: number): void {
    if (this.count === this.capacity) this.grow();
    const i = this.count * WIDE_STRIDE;
    const d = this.data;
    d[i] = -y0; d[i + 1] = z0; d[i + 2] = -x0;
    d[i + 3] = -y1; d[i + 4] = z1; d[i + 5] = -x1;
    d[i + 6] = SRGB_TO_LINEAR[r]! * dim; d[i + 7] = SRGB_TO_LINEAR[g]! * dim; d[i + 8] = SRGB_TO_LINEAR[b]! * dim;
    d[i + 9] = width;
    this.count++;
  }

  /** Ends the set: instance count and upload. */
  end(): void {
    this.segments.geometry.instanceCount = this.count;
    this.object.visible = this.count > 0;
    if (this.count > 0) this.buffer.needsUpdate = true;
  }

  dispose(): void {
    this.segments.geometry.dispose();
    this.lineMaterial.dispose();
  }

  private grow(): void {
    this.capacity *= 2;
    const data = new Float32Array(this.capacity * WIDE_STRIDE);
    data.set(this.data);
    this.data = data;
    const old = this.segments.geometry;
    this.segments.geometry = this.createGeometry();
    old.dispose();
  }

  private createGeometry(): LineSegmentsGeometry {
    const geometry = new LineSegmentsGeometry();
    const b = new InstancedInterleavedBuffer(this.data, WIDE_STRIDE, 1).setUsage(DynamicDrawUsage);
    this.buffer = b;
    geometry.setAttribute('instanceStart', new InterleavedBufferAttribute(b, 3, 0));
    geometry.setAttribute('instanceEnd', new InterleavedBufferAttribute(b, 3, 3));
    geometry.setAttribute('instanceColorStart', new InterleavedBufferAttribute(b, 3, 6));
    geometry.setAttribute('instanceColorEnd', new InterleavedBufferAttribute(b, 3, 6));
    geometry.setAttribute('instanceWidth', new InterleavedBufferAttribute(b, 1, 9));
    geometry.instanceCount = 0;
    return geometry;
  }
}

/**
 * Queues [0, used) of `attribute` for upload through the reused `range` object. While the range is
 * still queued (not uploaded yet) it is only widened; once three.js has uploaded and emptied
 * `updateRanges`, pushing it again is three's array growing back (a few bytes per new set).
 */
function queueRange(attribute: BufferAttribute, range: UpdateRange, used: number): void {
  const ranges = attribute.updateRanges as UpdateRange[];
  range.start = 0;
  range.count = used;
  if (ranges.length !== 1 || ranges[0] !== range) {
    attribute.clearUpdateRanges();
    ranges.push(range);
  }
  attribute.needsUpdate = true;
}

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
    scene.add(this.depth.object, this.xray.object, this.onTop.object, this.wideDepth.object, this.wideXray.object, this.wideOnTop.object);
  }

  /** The canvas size in CSS pixels, which wide lines' widths are measured in (the renderer sets it each frame). */
  setResolution(cssWidth: number, cssHeight: number): void {
    this.wideDepth.setResolution(cssWidth, cssHeight);
    this.wideOnTop.setResolution(cssWidth, cssHeight);
    this.wideXray.setResolution(cssWidth, cssHeight);
  }

  /** Starts a new set (the previous one stays drawn until `end()`). */
  begin(): void {
    this.depth.count = 0;
    this.onTop.count = 0;
    this.xray.count = 0;
    this.wideDepth.count = 0;
    this.wideOnTop.count = 0;
    this.wideXray.count = 0;
    this.lineCount = 0;
  }

  /**
   * Adds one line (seed coordinates, sRGB bytes, a DEBUG_DRAW_MODES index; `width` in pixels, a
   * wide line when above 1). Allocates only when a layer grows.
   */
  line(
    x0: number, y0: number, z0: number,
    x1: number, y1: number, z1: number,
    r: number, g: number, b: number, a: number,
    mode: number, width = 1,
  ): void {
    if (a === 0) return;
    if (width > 1 && width < Infinity) {
      // `& 255` keeps an out-of-range byte inside the table (the engine hands over bytes).
      const rb = r & 255, gb = g & 255, bb = b & 255;
      if (mode === DEBUG_MODE_ALWAYS) {
        this.wideOnTop.push(x0, y0, z0, x1, y1, z1, rb, gb, bb, 1, width);
      } else {
        this.wideDepth.push(x0, y0, z0, x1, y1, z1, rb, gb, bb, 1, width);
        if (mode === DEBUG_MODE_X_RAY) this.wideXray.push(x0, y0, z0, x1, y1, z1, rb, gb, bb, XRAY_DIM, width);
      }
      this.lineCount++;
      return;
    }
    const lr = SRGB_TO_LINEAR[r & 255]!, lg = SRGB_TO_LINEAR[g & 255]!, lb = SRGB_TO_LINEAR[b & 255]!;
    if (mode === DEBUG_MODE_ALWAYS) {
      this.onTop.push(x0, y0, z0, x1, y1, z1, lr, lg, lb);
    } else {
      this.depth.push(x0, y0, z0, x1, y1, z1, lr, lg, lb);
      if (mode === DEBUG_MODE_X_RAY) this.xray.push(x0, y0, z0, x1, y1, z1, lr * XRAY_DIM, lg * XRAY_DIM, lb * XRAY_DIM);
    }
    this.lineCount++;
  }

  /** Ends the set: it replaces the previous one from the next frame drawn. */
  end(): void {
    this.depth.end();
    this.onTop.end();
    this.xray.end();
    this.wideDepth.end();
    this.wideOnTop.end();
    this.wideXray.end();
  }

  /** Removes the lines from the scene and frees their buffers and materials. */
  dispose(): void {
    this.scene.remove(this.depth.object, this.xray.object, this.onTop.object, this.wideDepth.object, this.wideXray.object, this.wideOnTop.object);
    this.depth.dispose();
    this.onTop.dispose();
    this.xray.dispose();
    this.wideDepth.dispose();
    this.wideOnTop.dispose();
    this.wideXray.dispose();
  }
}
