/**
 * Debug lines for the three.js renderer (the renderer seam's beginDebug / debugLine / endDebug):
 * line segments in three `LineSegments` objects, one per depth behaviour, each over a growable
 * `BufferGeometry` of positions and per-vertex colours (one draw call each, skipped when empty):
 * - `depth`: mode USE_DEPTH, and X_RAY's visible part: hidden behind surfaces;
 * - `onTop`: mode ALWAYS: drawn over everything;
 * - `xray`: X_RAY's hidden part: drawn where a surface covers the line, at XRAY_DIM of its colour.
 * Ends arrive in seed coordinates and are mapped like `three-seed-matrix.ts`: seed (x, y, z) ->
 * three (-y, z, -x). Colours are sRGB bytes, drawn opaque; alpha 0 draws nothing. Lines are one
 * pixel wide (WebGL), so a primitive's thickness is not drawn.
 *
 * A set replaces the previous one at `end()` and stays drawn until the next set. Allocates only
 * when a layer's capacity doubles (and, per new set, three.js's own update-range bookkeeping);
 * uploads only the used part of the buffers. Frames without a new set cost nothing here.
 */
import { BufferAttribute, BufferGeometry, DynamicDrawUsage, GreaterDepth, LineBasicMaterial, LineSegments } from 'three';
import type { Scene } from 'three';
import { DEBUG_MODE_ALWAYS, DEBUG_MODE_X_RAY } from '../protocol/debug-draw-state.ts';
import { SRGB_TO_LINEAR } from './three-instance-pool.ts';

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
    scene.add(this.depth.object, this.xray.object, this.onTop.object);
  }

  /** Starts a new set (the previous one stays drawn until `end()`). */
  begin(): void {
    this.depth.count = 0;
    this.onTop.count = 0;
    this.xray.count = 0;
    this.lineCount = 0;
  }

  /** Adds one line (seed coordinates, sRGB bytes, a DEBUG_DRAW_MODES index). Allocates only when a layer grows. */
  line(
    x0: number, y0: number, z0: number,
    x1: number, y1: number, z1: number,
    r: number, g: number, b: number, a: number,
    mode: number,
  ): void {
    if (a === 0) return;
    // `& 255` keeps an out-of-range byte inside the table (the engine hands over bytes).
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
  }

  /** Removes the lines from the scene and frees their buffers and materials. */
  dispose(): void {
    this.scene.remove(this.depth.object, this.xray.object, this.onTop.object);
    this.depth.dispose();
    this.onTop.dispose();
    this.xray.dispose();
  }
}
