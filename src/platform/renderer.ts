/**
 * The renderer seam (style G9): the few numeric entry points the engine calls to draw.
 *
 * The engine owns entity state and the RenderResourceManager; a renderer only draws instances.
 * Per-frame methods take numbers, or (setInstance) one `InstanceLook` the engine fills and reuses
 * for every call, so the engine's frame allocates nothing.
 * Coordinates are the seed's: X forward, Y left, Z up; angles in degrees; colours RGBA8 (0-255).
 * A renderer that maps to another convention (three.js is Y-up) converts inside itself.
 *
 * Implementations: `NullRenderer` (draws nothing), `RecordingRenderer` (tests), `ThreeRenderer`
 * (browser). Adding a method here means adding it to the null and recording renderers in the
 * same change.
 */

// Mesh and camera types are interned indices shared with the command protocol, so they live in
// protocol/ (which platform may import); re-exported here for renderer implementations.
export { MESH_TYPES, meshTypeIndex } from '../protocol/mesh-types.ts';
export type { MeshType } from '../protocol/mesh-types.ts';
export { CAMERA_TYPES, cameraTypeIndex } from '../protocol/camera-types.ts';
export type { CameraType } from '../protocol/camera-types.ts';
export { DEBUG_DRAW_MODES, DEBUG_TEXT_KINDS } from '../protocol/debug-draw-state.ts';
// The slot free list every implementation hands instance slots out with (the three.js renderer
// may import only this file from platform/).
export { SlotAllocator } from './slot-allocator.ts';
export { DebugLine, type DebugLineLook } from '../protocol/debug-line-look.ts';
import type { DebugLineLook } from '../protocol/debug-line-look.ts';

/**
 * One instance's transform and colour as `setInstance` hands it over. The caller owns the object
 * and refills it for the next call: a renderer copies what it keeps, never the object itself. (The
 * engine passes its reused entity snapshot, `EntitySnapshot` plus `visible`.)
 */
export interface InstanceLook {
  /** Position, seed axes. */
  readonly x: number; readonly y: number; readonly z: number;
  /** Orientation in degrees: yaw about Z, pitch about Y, roll about X. */
  readonly yaw: number; readonly pitch: number; readonly roll: number;
  /** Uniform scale. */
  readonly scale: number;
  /** Colour, RGBA8 channels 0-255; alpha 0 hides the instance. */
  readonly r: number; readonly g: number; readonly b: number; readonly a: number;
  /** False hides the instance as alpha 0 does (no command sets it yet: the engine passes true). */
  readonly visible: boolean;
}

/** The per-frame drawing interface the engine calls. */
export interface Renderer {
  /** Allocates the GPU-side instance for one entity of a mesh type; returns an instance slot >= 0. */
  createInstance(meshTypeIndex: number): number;
  /** Sets one instance's transform and colour from `look` (read during the call only). Called only for dirty entities. */
  setInstance(meshTypeIndex: number, slot: number, look: InstanceLook): void;
  /** Frees an instance slot; the slot may be handed out again by a later createInstance. */
  removeInstance(meshTypeIndex: number, slot: number): void;
  /**
   * Optional bulk path (issue 15): moves `count` instances at once, instance `i` being slot
   * `slots[i]` of mesh type `meshTypes[i]`, to seed position `(xyz[3i], xyz[3i+1], xyz[3i+2])`;
   * rotation, scale, colour and visibility stay as the last setInstance left them (a hidden
   * instance stays hidden). The engine calls it once per frame for the entities only the bulk
   * transform path (`ctx.entities.setPositions`) moved; an entity a command changed in the same
   * frame still gets its setInstance. The arrays are the engine's and valid only during the call.
   * Without it, every bulk-moved entity gets a setInstance call.
   */
  setInstancePositions?(meshTypes: Uint8Array, slots: Int32Array, xyz: Float32Array, count: number): void;
  /** Sets the active camera; `cameraTypeIndex` indexes CAMERA_TYPES. */
  setCamera(
    x: number, y: number, z: number,
    yawDeg: number, pitchDeg: number, rollDeg: number,
    cameraTypeIndex: number,
    fovDeg: number, near: number, far: number,
  ): void;
  /**
   * Optional debug drawing (the ProtogameJS3D `debugRenderInterface` primitives, as lines): when a
   * new set arrives the engine calls `beginDebug()`, `debugLine` once per line, then `endDebug()`;
   * the set replaces the previous one and is drawn by every `render()` until the next set. `line`
   * (DebugLineLook, read during the call only): ends in seed coordinates; colour RGBA8 (alpha 0
   * draws nothing); `mode` indexes DEBUG_DRAW_MODES (0 ALWAYS on top, 1 USE_DEPTH hidden behind
   * surfaces, 2 X_RAY); `width` in pixels: at most 1 a 1-pixel line, above 1 a wide line (a
   * protogame line's or arrow's thickness). A renderer without them draws no debug lines.
   */
  beginDebug?(): void;
  debugLine?(line: DebugLineLook): void;
  /**
   * Optional debug text, called between `beginDebug` and `endDebug` once per text of the set (oldest
   * first). `kind` indexes DEBUG_TEXT_KINDS: 0 world text (at seed (x, y, z), facing -X, upright),
   * 1 billboard text (at (x, y, z), facing the camera), 2 screen text (at canvas pixel (x, y) from the
   * bottom-left; z is 0), 3 message (a line of the message list; positions 0). `height` is the
   * glyph height (world units; pixels for screen text and 0 for messages); `alignX`/`alignY` (0..1)
   * the point of the text's box placed at the position (0 left/bottom, 0.5 centre, 1 right/top).
   * Colour RGBA8; `mode` indexes DEBUG_DRAW_MODES (screen text and messages: 0). The string is
   * decoded once per set.
   */
  debugText?(
    kind: number, text: string,
    x: number, y: number, z: number,
    height: number, alignX: number, alignY: number,
    r: number, g: number, b: number, a: number,
    mode: number,
  ): void;
  endDebug?(): void;
  /** Draws one frame from what it was told so far. */
  render(): void;
  /** Releases every GPU resource; the renderer is unusable afterwards. */
  dispose(): void;
}
