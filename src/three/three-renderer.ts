/**
 * The browser renderer: three.js on WebGL2 behind the renderer seam (`src/platform/renderer.ts`).
 *
 * One `InstancedMesh` per mesh type draws every entity of that type in one call; each instance
 * has its own matrix (rotation and scale), position (added by the vertex shader) and colour, and
 * only slots written since the last frame are uploaded (see `ThreeInstancePool`). Coordinates arrive in the seed's X-forward, Y-left, Z-up world and are
 * mapped onto three.js's Y-up inside this class (`three-seed-matrix.ts` documents the mapping).
 * Colours are sRGB bytes; with `shading: 'unlit'` a pixel shows exactly the colour given.
 */
import {
  Color, DirectionalLight, HemisphereLight, OrthographicCamera, PerspectiveCamera, Scene, SRGBColorSpace, WebGLRenderer,
} from 'three';
import type { BufferGeometry, Camera, Material } from 'three';
import type { DebugLineLook, InstanceLook, Renderer } from '../platform/renderer.ts';
import { CAMERA_TYPES } from '../protocol/camera-types.ts';
import { MESH_TYPES } from '../protocol/mesh-types.ts';
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { THREE_RENDERER_CODES } from './error-codes.ts';
import { createThreeGeometries } from './three-geometries.ts';
import { ThreeInstancePool } from './three-instance-pool.ts';
import { writeThreeSeedMatrix } from './three-seed-matrix.ts';
import { ThreeViewport } from './three-viewport.ts';
import { ThreeDebugLines } from './three-debug-lines.ts';
import { ThreeDebugText } from './three-debug-text.ts';
import { createInstanceMaterial } from './three-instance-material.ts';
import { readThreeRendererOptions, type ThreeRendererOptions } from './three-renderer-options.ts';

export type { ThreeShading } from './three-instance-material.ts';
export type { ThreeRendererOptions } from './three-renderer-options.ts';

function badArgument(op: string, what: string, got: number, expected: string): never {
  throw new TwinframeError(
    THREE_RENDERER_CODES.RENDERER_BAD_ARGUMENT.code,
    `ThreeRenderer.${op}: ${what} is invalid; got ${got}, expected ${expected}. The engine validates commands before drawing: this is an engine bug, report it.`,
    { op, what, value: got },
  );
}

/**
 * Draws the engine's entities with three.js on WebGL2: one instanced mesh per mesh type, the
 * active camera (perspective for `world`, orthographic for `screen`), resize and pixel ratio.
 * Per-frame methods allocate nothing; they throw only on an engine bug (`TF4502`).
 *
 * A `screen` camera is orthographic with the same pose mapping as a `world` camera; its view is
 * the canvas's CSS size in world units (1 unit = 1 CSS pixel), centred on the camera position.
 * A `world` camera's `fovDeg` is the vertical field of view. Alpha is not blended: an instance
 * with alpha 0 is hidden, any other alpha draws opaque.
 *
 * @example
 * ```ts
 * const renderer = new ThreeRenderer({ canvas: document.querySelector('canvas')!, shading: 'unlit' });
 * const slot = renderer.createInstance(MESH_TYPES.indexOf('cube'));
 * const look = { x: 5, y: 0, z: 0, yaw: 0, pitch: 0, roll: 0, scale: 1, r: 255, g: 0, b: 0, a: 255, visible: true };
 * renderer.setInstance(MESH_TYPES.indexOf('cube'), slot, look); // a red cube 5 ahead
 * renderer.setCamera(0, 0, 0, 0, 0, 0, 0, 60, 0.1, 1000); // at the origin, looking along +X
 * renderer.render();
 * ```
 */
export class ThreeRenderer implements Renderer {
  /** The three.js renderer (for tools such as debug drawing); do not render with it directly. */
  readonly webgl: WebGLRenderer;
  /** The scene holding the instanced meshes and lights. */
  readonly scene: Scene;
  /** The active camera's last pose in seed coordinates: x, y, z, yaw, pitch, roll (for overlays and tests). */
  readonly cameraPose = new Float64Array(6);
  private readonly pools: ThreeInstancePool[];
  private readonly geometries: BufferGeometry[];
  private readonly materials: Material[];
  private readonly perspective: PerspectiveCamera;
  private readonly orthographic: OrthographicCamera;
  private readonly viewport: ThreeViewport;
  private active: Camera;
  private projectionDirty = true;
  private disposed = false;
  /** The debug lines (beginDebug / debugLine / endDebug; see three-debug-lines.ts). */
  readonly debugLines: ThreeDebugLines;
  /** The debug texts (debugText; see three-debug-text.ts). */
  readonly debugTexts: ThreeDebugText;

  /** Creates the WebGL2 context, scene and meshes. Allocates; throws `TF4500` without WebGL2, `TF4501` on a bad option. */
  constructor(options: ThreeRendererOptions) {
    const { canvas, shading, background, initialCapacity, antialias } = readThreeRendererOptions(options);
    const gl = canvas.getContext('webgl2', { antialias, alpha: false, depth: true, stencil: false, powerPreference: 'high-performance' });
    if (gl === null) {
      throw new TwinframeError(
        THREE_RENDERER_CODES.WEBGL2_UNAVAILABLE.code,
        "ThreeRenderer.constructor: the canvas gave no WebGL2 context; got null from canvas.getContext('webgl2'), expected a WebGL2RenderingContext. " +
          'Enable hardware acceleration (or run Chromium with --use-angle=swiftshader --enable-unsafe-swiftshader), and use a canvas that has no other context yet.',
      );
    }
    this.viewport = new ThreeViewport(canvas, options); // validates pixelRatio and maxPixelRatio

    this.webgl = new WebGLRenderer({ canvas, context: gl, antialias });
    this.webgl.outputColorSpace = SRGBColorSpace;
    this.scene = new Scene();
    this.scene.background = new Color().setRGB(background[0] / 255, background[1] / 255, background[2] / 255, SRGBColorSpace);
    if (shading === 'lit') {
      // Sky light from above plus a sun from behind-left-above (seed (-3, 2, 5) -> three (-2, 5, 3)).
      this.scene.add(new HemisphereLight(0xe8eeff, 0x40382f, 1.6));
      const sun = new DirectionalLight(0xffffff, 1.9);
      sun.position.set(-2, 5, 3);
      this.scene.add(sun);
    }
    this.geometries = createThreeGeometries();
    this.materials = MESH_TYPES.map((type) => createInstanceMaterial(type, shading));
    this.pools = MESH_TYPES.map((type, i) => new ThreeInstancePool(type, this.geometries[i]!, this.materials[i]!, this.scene, initialCapacity));

    this.perspective = new PerspectiveCamera(60, 1, 0.1, 1000);
    this.orthographic = new OrthographicCamera(-1, 1, 1, -1, -1000, 1000);
    for (const camera of [this.perspective, this.orthographic]) {
      camera.matrixAutoUpdate = false;
      writeThreeSeedMatrix(camera.matrix.elements, 0, 0, 0, 0, 0, 0, 0, 1);
      camera.matrixWorldNeedsUpdate = true;
    }
    this.active = this.perspective;
    this.debugLines = new ThreeDebugLines(this.scene);
    this.debugTexts = new ThreeDebugText(this.scene);
  }

  /** {@inheritDoc Renderer.beginDebug} */
  beginDebug(): void {
    this.debugLines.begin();
    this.debugTexts.begin();
  }

  /** {@inheritDoc Renderer.debugText} */
  debugText(kind: number, text: string, x: number, y: number, z: number, height: number, alignX: number, alignY: number,
    r: number, g: number, b: number, a: number, mode: number): void {
    this.debugTexts.text(kind, text, x, y, z, height, alignX, alignY, r, g, b, a, mode);
  }

  /** {@inheritDoc Renderer.debugLine} */
  debugLine(line: DebugLineLook): void {
    this.debugLines.add(line);
  }

  /** {@inheritDoc Renderer.endDebug} */
  endDebug(): void {
    this.debugLines.end();
    this.debugTexts.end();
  }

  /** {@inheritDoc Renderer.createInstance} Allocates only when a mesh type's capacity doubles. */
  createInstance(meshTypeIndex: number): number {
    return this.pool('createInstance', meshTypeIndex).allocate();
  }

  /** {@inheritDoc Renderer.setInstance} */
  setInstance(meshTypeIndex: number, slot: number, look: InstanceLook): void {
    this.pool('setInstance', meshTypeIndex).write(slot, look);
  }

  /** {@inheritDoc Renderer.setInstancePositions} */
  setInstancePositions(meshTypes: Uint8Array, slots: Int32Array, xyz: Float32Array, count: number): void {
    const pools = this.pools;
    if (this.disposed && count > 0) this.pool('setInstancePositions', meshTypes[0]!);
    for (let i = 0, k = 0; i < count; i++, k += 3) {
      const pool = pools[meshTypes[i]!] ?? this.pool('setInstancePositions', meshTypes[i]!);
      pool.move(slots[i]!, xyz[k]!, xyz[k + 1]!, xyz[k + 2]!);
    }
  }

  /** {@inheritDoc Renderer.removeInstance} */
  removeInstance(meshTypeIndex: number, slot: number): void {
    this.pool('removeInstance', meshTypeIndex).release(slot);
  }

  /** {@inheritDoc Renderer.setCamera} `fovDeg` is vertical; a `screen` camera ignores it. */
  setCamera(
    x: number, y: number, z: number,
    yawDeg: number, pitchDeg: number, rollDeg: number,
    cameraTypeIndex: number,
    fovDeg: number, near: number, far: number,
  ): void {
    if (cameraTypeIndex !== 0 && cameraTypeIndex !== 1) badArgument('setCamera', 'cameraTypeIndex', cameraTypeIndex, `an index into CAMERA_TYPES (0..${CAMERA_TYPES.length - 1})`);
    const camera = cameraTypeIndex === 0 ? this.perspective : this.orthographic;
    if (cameraTypeIndex === 0) {
      if (!(fovDeg > 0 && fovDeg < 180)) badArgument('setCamera', 'fovDeg', fovDeg, 'degrees in (0, 180)');
      if (!(near > 0 && near < Infinity)) badArgument('setCamera', 'near', near, 'a finite distance > 0');
      if (!(far > near && far < Infinity)) badArgument('setCamera', 'far', far, `a finite distance > near (${near})`);
      if (this.perspective.fov !== fovDeg) {
        this.perspective.fov = fovDeg;
        this.projectionDirty = true;
      }
    } else if (!(far > near && near > -Infinity && far < Infinity)) {
      badArgument('setCamera', 'far', far, `a finite value > near (${near})`);
    }
    if (camera.near !== near || camera.far !== far) {
      camera.near = near;
      camera.far = far;
      this.projectionDirty = true;
    }
    writeThreeSeedMatrix(camera.matrix.elements, 0, x, y, z, yawDeg, pitchDeg, rollDeg, 1);
    camera.matrixWorldNeedsUpdate = true;
    this.active = camera;
    const pose = this.cameraPose;
    pose[0] = x; pose[1] = y; pose[2] = z; pose[3] = yawDeg; pose[4] = pitchDeg; pose[5] = rollDeg;
  }

  /** {@inheritDoc Renderer.render} Skips drawing while the canvas has no area (e.g. `display: none`). */
  render(): void {
    if (this.disposed) return;
    if (this.viewport.apply(this.webgl)) this.projectionDirty = true;
    const width = this.viewport.cssWidth;
    const height = this.viewport.cssHeight;
    if (width <= 0 || height <= 0) return;
    if (this.projectionDirty) {
      this.projectionDirty = false;
      this.perspective.aspect = width / height;
      this.perspective.updateProjectionMatrix();
      this.orthographic.left = -width / 2;
      this.orthographic.right = width / 2;
      this.orthographic.top = height / 2;
      this.orthographic.bottom = -height / 2;
      this.orthographic.updateProjectionMatrix();
    }
    for (let i = 0; i < this.pools.length; i++) this.pools[i]!.flush();
    this.debugTexts.faceCamera(this.active);
    this.debugLines.setResolution(width, height);
    this.webgl.render(this.scene, this.active);
    this.debugTexts.renderOverlay(this.webgl, width, height);
  }

  /**
   * Sets the drawing size in CSS pixels (and optionally a fixed pixel ratio), applied at the next
   * `render`. Only needed with `autoResize: false`; otherwise the canvas's CSS size is followed.
   */
  setSize(cssWidth: number, cssHeight: number, pixelRatio?: number): void {
    this.viewport.set(cssWidth, cssHeight, pixelRatio);
  }

  /** Live instances of a mesh type (for overlays and tests). */
  liveInstances(meshTypeIndex: number): number {
    return this.pool('liveInstances', meshTypeIndex).size;
  }

  /** Draw calls of the last frame (three.js `info.render.calls`). */
  get drawCalls(): number {
    return this.webgl.info.render.calls;
  }

  /** {@inheritDoc Renderer.dispose} Idempotent; `render` does nothing afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.viewport.dispose();
    for (const pool of this.pools) pool.dispose();
    for (const geometry of this.geometries) geometry.dispose();
    for (const material of this.materials) material.dispose();
    this.debugLines.dispose();
    this.debugTexts.dispose();
    this.webgl.dispose();
  }

  private pool(op: string, meshTypeIndex: number): ThreeInstancePool {
    const pool = this.pools[meshTypeIndex];
    if (pool === undefined || this.disposed) {
      badArgument(op, this.disposed ? 'the renderer (disposed)' : 'meshTypeIndex', meshTypeIndex, `an index into MESH_TYPES (0..${MESH_TYPES.length - 1}) on a live renderer`);
    }
    return pool;
  }
}
