/**
 * The layers ThreeDebugLines draws its lines with: `LineLayer`, what every layer shares (one scene
 * object of one depth behaviour, hidden while its set is empty, never culled, and a line capacity
 * that doubles when a set outgrows it), and `DebugLineLayer`, the 1-pixel lines of one depth
 * behaviour (three `LineSegments` over a growable geometry of positions and per-vertex colours).
 * The wide lines are `WideLineLayer` (three-wide-line-layer.ts). Ends arrive in seed coordinates and are
 * mapped like `three-seed-matrix.ts`: seed (x, y, z) -> three (-y, z, -x).
 */
import { BufferAttribute, BufferGeometry, DynamicDrawUsage, LineSegments } from 'three';
import type { LineBasicMaterial, Object3D } from 'three';

/** An update range reused every set (three's `{start, count}` shape). */
interface UpdateRange {
  start: number;
  count: number;
}

/** What both kinds of line layer share: the scene object, the set's line count and the capacity. */
export abstract class LineLayer<O extends Object3D> {
  /** The object in the scene (one draw call; invisible while the set is empty). */
  readonly object: O;
  /** Lines written in the current set. */
  count = 0;
  protected capacity: number;

  protected constructor(object: O, name: string, renderOrder: number, capacity: number) {
    this.capacity = capacity;
    // The set changes as a whole: cached bounds would be stale, and debug lines span the world.
    this.object = Object.assign(object, { name, renderOrder, frustumCulled: false, visible: false });
  }

  /** Lines the buffers hold before the next growth. */
  get lineCapacity(): number {
    return this.capacity;
  }

  /** Index of the next line, doubling the capacity first when the buffers are full (allocates then). */
  protected nextLine(): number {
    if (this.count === this.capacity) {
      this.capacity *= 2;
      this.grow();
    }
    return this.count++;
  }

  /** Ends the set: it is drawn from the next frame (the object is hidden while it is empty). */
  abstract end(): void;

  /** Frees the buffers and the material. */
  abstract dispose(): void;

  /** Replaces the buffers (and the geometry over them) with ones of `capacity` lines, keeping the set. */
  protected abstract grow(): void;
}

/**
 * The line being added, staged by ThreeDebugLines for its layers in one reused Float64Array (a
 * "LineStage", STAGE_LENGTH floats): a call that passes doubles boxes each one when V8 does not
 * inline it (CI saw 16 B a wide line), a call that passes the array does not.
 *
 *   [0..5]  ends in three.js coordinates: x0, y0, z0, x1, y1, z1
 *   [6..8]  linear colour: r, g, b
 *   [9]     dim: the factor the colour is multiplied by (1, or XRAY_DIM for a hidden part)
 *   [10]    width in pixels (wide lines only)
 */
export const STAGE_DIM = 9;
export const STAGE_WIDTH = 10;
export const STAGE_LENGTH = 11;

/** Floats per 1-pixel line in each buffer: two ends of three. */
const THIN_STRIDE = 6;

/** The 1-pixel lines of one depth behaviour. */
export class DebugLineLayer extends LineLayer<LineSegments> {
  private readonly material: LineBasicMaterial;
  private positions: Float32Array;
  private colors: Float32Array;
  private readonly positionRange: UpdateRange = { start: 0, count: 0 };
  private readonly colorRange: UpdateRange = { start: 0, count: 0 };

  constructor(name: string, material: LineBasicMaterial, renderOrder: number, capacity: number) {
    const positions = new Float32Array(capacity * THIN_STRIDE);
    const colors = new Float32Array(capacity * THIN_STRIDE);
    super(new LineSegments(lineGeometry(positions, colors), material), name, renderOrder, capacity);
    this.material = material;
    this.positions = positions;
    this.colors = colors;
  }

  /** The positions buffer (three coordinates, 6 floats per line); for tests. */
  get positionArray(): Float32Array {
    return this.positions;
  }

  /** The colours buffer (linear RGB, 6 floats per line); for tests. */
  get colorArray(): Float32Array {
    return this.colors;
  }

  /** Appends the line staged in `line` (see STAGE_LENGTH: ends, colour times dim). */
  push(line: Float64Array): void {
    const i = this.nextLine() * THIN_STRIDE;
    const p = this.positions;
    p[i] = line[0]!; p[i + 1] = line[1]!; p[i + 2] = line[2]!;
    p[i + 3] = line[3]!; p[i + 4] = line[4]!; p[i + 5] = line[5]!;
    const dim = line[STAGE_DIM]!;
    const r = line[6]! * dim, g = line[7]! * dim, b = line[8]! * dim;
    const c = this.colors;
    c[i] = r; c[i + 1] = g; c[i + 2] = b;
    c[i + 3] = r; c[i + 4] = g; c[i + 5] = b;
  }

  /** Ends the set: draw range and upload of the used part. */
  end(): void {
    const geometry = this.object.geometry;
    const used = this.count * THIN_STRIDE;
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

  /** New buffers in a new geometry (the old one's GPU buffers are freed). */
  protected grow(): void {
    const positions = new Float32Array(this.capacity * THIN_STRIDE);
    positions.set(this.positions);
    const colors = new Float32Array(this.capacity * THIN_STRIDE);
    colors.set(this.colors);
    this.positions = positions;
    this.colors = colors;
    const old = this.object.geometry;
    this.object.geometry = lineGeometry(positions, colors);
    old.dispose();
  }
}

function lineGeometry(positions: Float32Array, colors: Float32Array): BufferGeometry {
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new BufferAttribute(positions, 3).setUsage(DynamicDrawUsage));
  geometry.setAttribute('color', new BufferAttribute(colors, 3).setUsage(DynamicDrawUsage));
  geometry.setDrawRange(0, 0);
  return geometry;
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
