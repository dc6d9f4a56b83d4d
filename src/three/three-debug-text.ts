/**
 * Debug text for the three.js renderer (the renderer seam's `debugText`): the ProtogameJS3D
 * `addWorldText`, `addBillboardText`, `addScreenText` and `addMessage` primitives, drawn with a
 * monospace glyph atlas generated once with canvas 2D (printable ASCII; any other character is
 * drawn as `?`). Each text is one merged BufferGeometry of glyph quads (positions, atlas uvs,
 * per-vertex RGBA), built when a new set arrives and freed when the next replaces it, so frames
 * without a new set allocate nothing here:
 * - world text: in the scene at seed (x, y, z), in the plane facing -X (readable from a camera
 *   looking along +X), upright (+Z), `height` world units tall;
 * - billboard text: the same, turned every frame to face the active camera (its rotation);
 * - screen text: in an overlay drawn after the scene, at canvas pixel (x, y) from the bottom-left,
 *   `height` pixels tall;
 * - messages: the overlay's list at the top-left, oldest first, MESSAGE_PIXELS tall each.
 * `alignX`/`alignY` place the text's box: 0 puts its left / bottom edge at the position, 0.5 its
 * centre, 1 its right / top edge. Depth modes as the debug lines (three-debug-lines.ts): ALWAYS over
 * everything, USE_DEPTH hidden behind surfaces, X_RAY depth-tested where visible and dimmed where
 * covered. Colours are sRGB bytes; alpha blends (0 draws nothing).
 */
import {
  BufferAttribute, BufferGeometry, CanvasTexture, DoubleSide, GreaterDepth, Group, LinearFilter, Mesh,
  MeshBasicMaterial, OrthographicCamera, SRGBColorSpace, Scene,
} from 'three';
import type { Camera, WebGLRenderer } from 'three';
import { DEBUG_MODE_ALWAYS, DEBUG_MODE_X_RAY } from '../protocol/debug-draw-state.ts';
import { SRGB_TO_LINEAR } from './three-instance-pool.ts';
import { XRAY_DIM } from './three-debug-lines.ts';

/** First and last character code in the atlas; others draw as '?'. */
const FIRST_CHAR = 32;
const LAST_CHAR = 126;
const COLS = 16;
const ROWS = 6;
/** Atlas cell in pixels; a glyph is CELL_W / CELL_H as wide as it is tall. */
const CELL_W = 32;
const CELL_H = 48;
const FONT_PX = 40;
/** Height of a message line, and the list's margin, in CSS pixels. */
export const MESSAGE_PIXELS = 18;
const MESSAGE_MARGIN = 8;
/** Draw order after the scene's surfaces and the debug lines. */
const AFTER_LINES = 1001;

/** Kinds of text, as the seam's `debugText` numbers them (DEBUG_TEXT_KINDS). */
const WORLD = 0;
const BILLBOARD = 1;
const SCREEN = 2;

/** Builds the glyph atlas (white glyphs on transparent) on a canvas. Allocates; once per renderer. */
function createAtlas(): CanvasTexture<HTMLCanvasElement | OffscreenCanvas> {
  const width = COLS * CELL_W;
  const height = ROWS * CELL_H;
  const canvas: HTMLCanvasElement | OffscreenCanvas = typeof document !== 'undefined'
    ? Object.assign(document.createElement('canvas'), { width, height })
    : new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
  if (ctx !== null) {
    ctx.clearRect(0, 0, width, height);
    ctx.fillStyle = '#ffffff';
    ctx.font = `bold ${FONT_PX}px monospace`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (let c = FIRST_CHAR; c <= LAST_CHAR; c++) {
      const i = c - FIRST_CHAR;
      ctx.fillText(String.fromCharCode(c), (i % COLS) * CELL_W + CELL_W / 2, Math.floor(i / COLS) * CELL_H + CELL_H / 2);
    }
  }
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  texture.minFilter = LinearFilter;
  texture.generateMipmaps = false;
  return texture;
}

/**
 * A merged geometry for `text`: one quad per visible glyph, lines split at '\n', glyphs `height`
 * tall, the box placed by the alignment, vertex colours linear RGB plus alpha. Allocates.
 */
export function buildTextGeometry(text: string, height: number, alignX: number, alignY: number, r: number, g: number, b: number, a: number): BufferGeometry {
  const lines = text.split('\n');
  let columns = 0;
  let glyphs = 0;
  for (const line of lines) {
    columns = Math.max(columns, line.length);
    for (let i = 0; i < line.length; i++) if (line.charCodeAt(i) !== 32) glyphs++;
  }
  const glyphWidth = (height * CELL_W) / CELL_H;
  const originX = -alignX * columns * glyphWidth;
  const originY = -alignY * lines.length * height;
  const positions = new Float32Array(glyphs * 12);
  const uvs = new Float32Array(glyphs * 8);
  const colors = new Float32Array(glyphs * 16);
  const index = new Uint32Array(glyphs * 6);
  const lr = SRGB_TO_LINEAR[r & 255]!, lg = SRGB_TO_LINEAR[g & 255]!, lb = SRGB_TO_LINEAR[b & 255]!, la = (a & 255) / 255;
  let q = 0;
  for (let l = 0; l < lines.length; l++) {
    const line = lines[l]!;
    const y0 = originY + (lines.length - 1 - l) * height;
    for (let i = 0; i < line.length; i++) {
      const code = line.charCodeAt(i);
      if (code === 32) continue;
      const cell = (code >= FIRST_CHAR && code <= LAST_CHAR ? code : 63) - FIRST_CHAR;
      const x0 = originX + i * glyphWidth;
      const x1 = x0 + glyphWidth;
      const y1 = y0 + height;
      positions.set([x0, y0, 0, x1, y0, 0, x1, y1, 0, x0, y1, 0], q * 12);
      const u0 = ((cell % COLS) * CELL_W) / (COLS * CELL_W);
      const u1 = u0 + 1 / COLS;
      const v1 = 1 - Math.floor(cell / COLS) / ROWS;
      const v0 = v1 - 1 / ROWS;
      uvs.set([u0, v0, u1, v0, u1, v1, u0, v1], q * 8);
      for (let v = 0; v < 4; v++) colors.set([lr, lg, lb, la], q * 16 + v * 4);
      const base = q * 4;
      index.set([base, base + 1, base + 2, base, base + 2, base + 3], q * 6);
      q++;
    }
  }
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new BufferAttribute(positions, 3));
  geometry.setAttribute('uv', new BufferAttribute(uvs, 2));
  geometry.setAttribute('color', new BufferAttribute(colors, 4));
  geometry.setIndex(new BufferAttribute(index, 1));
  return geometry;
}

/** The debug texts of the current set, in the scene and in the screen overlay. */
export class ThreeDebugText {
  /** Texts of the current set by kind (world, billboard, screen, message). */
  readonly counts = new Int32Array(4);
  private atlas: CanvasTexture<HTMLCanvasElement | OffscreenCanvas> | null = null;
  private materials: MeshBasicMaterial[] | null = null;
  private readonly world = new Group();
  private readonly overlay = new Scene();
  private readonly messages = new Group();
  private readonly overlayCamera = new OrthographicCamera(0, 1, 1, 0, -1, 1);
  private readonly billboards: Mesh[] = [];
  private readonly geometries: BufferGeometry[] = [];
  private overlayWidth = -1;
  private overlayHeight = -1;

  constructor(private readonly scene: Scene) {
    this.world.name = 'twinframe:debug-text';
    this.scene.add(this.world);
    this.overlay.add(this.messages);
  }

  /** Starts a new set: frees the previous set's geometries. */
  begin(): void {
    this.world.clear();
    this.messages.clear();
    for (const child of [...this.overlay.children]) if (child !== this.messages) this.overlay.remove(child);
    for (const geometry of this.geometries) geometry.dispose();
    this.geometries.length = 0;
    this.billboards.length = 0;
    this.counts.fill(0);
  }

  /** Adds one text of the set (see Renderer.debugText). Allocates its geometry. */
  text(kind: number, text: string, x: number, y: number, z: number, height: number, alignX: number, alignY: number,
    r: number, g: number, b: number, a: number, mode: number): void {
    if (kind < 0 || kind > 3 || a === 0 || text.length === 0) return;
    const m = this.ensureMaterials();
    this.counts[kind]!++;
    if (kind === WORLD || kind === BILLBOARD) {
      const geometry = buildTextGeometry(text, height > 0 ? height : 0.1, alignX, alignY, r, g, b, a);
      this.geometries.push(geometry);
      const meshes = mode === DEBUG_MODE_X_RAY ? [new Mesh(geometry, m[1]), new Mesh(geometry, m[2])]
        : [new Mesh(geometry, mode === DEBUG_MODE_ALWAYS ? m[0] : m[1])];
      for (const mesh of meshes) {
        mesh.position.set(-y, z, -x); // seed (x, y, z) -> three (-y, z, -x)
        mesh.renderOrder = AFTER_LINES;
        mesh.frustumCulled = false;
        this.world.add(mesh);
        if (kind === BILLBOARD) this.billboards.push(mesh);
      }
      return;
    }
    const pixels = kind === SCREEN ? (height > 0 ? height : MESSAGE_PIXELS) : MESSAGE_PIXELS - 2;
    const geometry = buildTextGeometry(text, pixels, kind === SCREEN ? alignX : 0, kind === SCREEN ? alignY : 1, r, g, b, a);
    this.geometries.push(geometry);
    const mesh = new Mesh(geometry, m[0]);
    mesh.frustumCulled = false;
    if (kind === SCREEN) {
      mesh.position.set(x, y, 0);
      this.overlay.add(mesh);
    } else {
      mesh.position.set(MESSAGE_MARGIN, -MESSAGE_MARGIN - this.messages.children.length * MESSAGE_PIXELS, 0);
      this.messages.add(mesh);
    }
  }

  /** Ends the set (nothing to upload: three uploads a geometry when first drawn). */
  end(): void {}

  /** Turns the billboards to face `camera` (its world matrix as set by the renderer). Allocates nothing. */
  faceCamera(camera: Camera): void {
    const list = this.billboards;
    for (let i = 0; i < list.length; i++) list[i]!.quaternion.setFromRotationMatrix(camera.matrix);
  }

  /** Draws the overlay (screen text, messages) over the frame just rendered, in CSS pixels. */
  renderOverlay(webgl: WebGLRenderer, width: number, height: number): void {
    if (this.counts[2] === 0 && this.counts[3] === 0) return;
    if (width !== this.overlayWidth || height !== this.overlayHeight) {
      this.overlayWidth = width;
      this.overlayHeight = height;
      const c = this.overlayCamera;
      c.left = 0; c.right = width; c.top = height; c.bottom = 0;
      c.updateProjectionMatrix();
      this.messages.position.set(0, height, 0);
    }
    const autoClear = webgl.autoClear;
    webgl.autoClear = false;
    webgl.render(this.overlay, this.overlayCamera);
    webgl.autoClear = autoClear;
  }

  /** Removes the texts and frees the atlas, materials and geometries. */
  dispose(): void {
    this.begin();
    this.scene.remove(this.world);
    this.atlas?.dispose();
    for (const material of this.materials ?? []) material.dispose();
  }

  /** [on top, depth-tested, X_RAY hidden part]: made with the atlas at the first text. */
  private ensureMaterials(): MeshBasicMaterial[] {
    if (this.materials !== null) return this.materials;
    const map = (this.atlas = createAtlas());
    const base = { map, vertexColors: true, transparent: true, depthWrite: false, side: DoubleSide } as const;
    const dim = new MeshBasicMaterial({ ...base, depthFunc: GreaterDepth });
    dim.color.setScalar(XRAY_DIM);
    this.materials = [new MeshBasicMaterial({ ...base, depthTest: false }), new MeshBasicMaterial(base), dim];
    return this.materials;
  }
}
