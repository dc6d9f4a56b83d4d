/**
 * The wide debug lines of one depth behaviour (width > 1 pixel: a protogame line's or arrow's
 * thickness): three.js's own `LineSegments2` with a `LineMaterial` (screen-space quads,
 * three/examples/jsm/lines), batching every wide line of the set with its own width (a per-segment
 * `instanceWidth` attribute the material's vertex shader multiplies `linewidth` by). A width is in
 * CSS pixels (`setResolution`: the canvas size) and does not shrink with distance.
 */
import { DynamicDrawUsage, InstancedInterleavedBuffer, InterleavedBufferAttribute } from 'three';
import type { GreaterDepth, Mesh, ShaderMaterial } from 'three';
import { LineMaterial } from 'three/examples/jsm/lines/LineMaterial.js';
import { LineSegments2 } from 'three/examples/jsm/lines/LineSegments2.js';
import { LineSegmentsGeometry } from 'three/examples/jsm/lines/LineSegmentsGeometry.js';
import { THREE_RENDERER_CODES } from './error-codes.ts';
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { LineLayer, STAGE_DIM, STAGE_WIDTH } from './three-debug-line-layer.ts';

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
export class WideLineLayer extends LineLayer<Mesh> {
  private readonly segments: LineSegments2;
  private readonly lineMaterial: LineMaterial;
  private data: Float32Array;
  private buffer: InstancedInterleavedBuffer;

  /** Creates the layer and its material (`options`: depth settings). Allocates; setup only. Throws TF4503 for an unsupported three.js. */
  constructor(name: string, options: WideMaterialOptions, renderOrder: number, capacity: number) {
    const material = createWideLineMaterial(options);
    const data = new Float32Array(capacity * WIDE_STRIDE);
    const buffer = interleaved(data);
    const segments = new LineSegments2(wideGeometry(buffer), material);
    super(segments, name, renderOrder, capacity);
    this.segments = segments;
    this.lineMaterial = material;
    this.data = data;
    this.buffer = buffer;
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
   * Appends the line staged in `line` (a LineStage: three.js ends, linear colour, dim, width). The
   * values come in a reused array so that no double is passed, and boxed, per call when this call
   * is not inlined.
   */
  push(line: Float64Array): void {
    const i = this.nextLine() * WIDE_STRIDE;
    const d = this.data;
    d[i] = line[0]!; d[i + 1] = line[1]!; d[i + 2] = line[2]!;
    d[i + 3] = line[3]!; d[i + 4] = line[4]!; d[i + 5] = line[5]!;
    const dim = line[STAGE_DIM]!;
    d[i + 6] = line[6]! * dim; d[i + 7] = line[7]! * dim; d[i + 8] = line[8]! * dim;
    d[i + 9] = line[STAGE_WIDTH]!;
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

  protected grow(): void {
    const data = new Float32Array(this.capacity * WIDE_STRIDE);
    data.set(this.data);
    this.data = data;
    this.buffer = interleaved(data);
    const old = this.segments.geometry;
    this.segments.geometry = wideGeometry(this.buffer);
    old.dispose();
  }
}

function interleaved(data: Float32Array): InstancedInterleavedBuffer {
  return new InstancedInterleavedBuffer(data, WIDE_STRIDE, 1).setUsage(DynamicDrawUsage);
}

function wideGeometry(b: InstancedInterleavedBuffer): LineSegmentsGeometry {
  const geometry = new LineSegmentsGeometry();
  geometry.setAttribute('instanceStart', new InterleavedBufferAttribute(b, 3, 0));
  geometry.setAttribute('instanceEnd', new InterleavedBufferAttribute(b, 3, 3));
  geometry.setAttribute('instanceColorStart', new InterleavedBufferAttribute(b, 3, 6));
  geometry.setAttribute('instanceColorEnd', new InterleavedBufferAttribute(b, 3, 6));
  geometry.setAttribute('instanceWidth', new InterleavedBufferAttribute(b, 1, 9));
  geometry.instanceCount = 0;
  return geometry;
}
