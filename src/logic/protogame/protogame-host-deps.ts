/**
 * What the ProtogameJS3D host profile needs from the logic runtime: small interfaces over the
 * RenderCommandQueue, the CallbackQueue, the logic-side id allocators, the input state and the
 * control block. The real implementations are `CommandWriter` (or the runtime's overflow-backed
 * writer), `CallbackReader`, the runtime's id allocators and `InputReader`; tests may pass fakes
 * of the queue endpoints, but the end-to-end tests run on the real ones.
 */
import type { CallbackProcessor } from '../../protocol/callback-queue.ts';
import type { Severity } from '../../shared-memory/twinframe-error.ts';

/**
 * The RenderCommandQueue methods the natives use (CommandWriter's signatures). Each returns false
 * when the command was not accepted (queue full and no overflow); the natives then count it, report
 * TF5503 and, for a command that has a callback, settle that callback with an error.
 */
export interface ProtogameCommandSink {
  createMesh(
    entityId: number, callbackId: number, meshTypeIndex: number,
    x: number, y: number, z: number, scale: number,
    r: number, g: number, b: number, a: number,
  ): boolean;
  updatePosition(id: number, x: number, y: number, z: number): boolean;
  moveBy(id: number, dx: number, dy: number, dz: number): boolean;
  updateOrientation(id: number, yaw: number, pitch: number, roll: number): boolean;
  updateColor(id: number, r: number, g: number, b: number, a: number): boolean;
  destroyEntity(id: number): boolean;
  createCamera(
    cameraId: number, callbackId: number,
    x: number, y: number, z: number, yaw: number, pitch: number, roll: number,
    typeIndex: number, fovDeg: number, near: number, far: number,
  ): boolean;
  updateCamera(id: number, x: number, y: number, z: number, yaw: number, pitch: number, roll: number): boolean;
  updateCameraPosition(id: number, x: number, y: number, z: number): boolean;
  updateCameraOrientation(id: number, yaw: number, pitch: number, roll: number): boolean;
  moveCamera(id: number, dx: number, dy: number, dz: number): boolean;
  cameraLookAt(id: number, tx: number, ty: number, tz: number): boolean;
  setActiveCamera(id: number, callbackId: number): boolean;
  updateCameraType(id: number, typeIndex: number, callbackId: number): boolean;
  destroyCamera(id: number, callbackId: number): boolean;
}

/** A logic-side id allocator (entity or camera ids, entity-id.ts format). */
export interface ProtogameIdAllocator {
  /** A fresh id (> 0), or 0 when every slot is in use. */
  allocate(): number;
  /** Gives an id back (after destroy, or after the engine refused its creation). */
  release(id: number): void;
}

/** The CallbackQueue's consumer end (CallbackReader). */
export interface ProtogameCallbackSource {
  /** Delivers every available callback to `processor`, in order; returns how many. */
  dequeueAll(processor: CallbackProcessor): number;
}

/** The logic side of the input state (InputReader), already advanced to this logic frame. */
export interface ProtogameInputSource {
  isKeyDown(vk: number): boolean;
  wasKeyJustPressed(vk: number): boolean;
  wasKeyJustReleased(vk: number): boolean;
  readonly mouseX: number;
  readonly mouseY: number;
  readonly mouseDeltaX: number;
  readonly mouseDeltaY: number;
  /** Cursor movement in client pixels while the pointer is locked (0 while free). */
  readonly clientDeltaX: number;
  readonly clientDeltaY: number;
  /** Button index in DOM order: 0 left, 1 middle, 2 right. */
  isMouseButtonDown(button: number): boolean;
  wasMouseButtonJustPressed(button: number): boolean;
  isPadConnected(pad: number): boolean;
  padAxis(pad: number, axis: number): number;
  /** Pad buttons and axes in the W3C standard mapping (the native maps them to XInput order). */
  isPadButtonDown(pad: number, button: number): boolean;
  padButtonValue(pad: number, button: number): number;
}

/** Everything the host profile is built on. */
export interface ProtogameHostDeps {
  readonly commands: ProtogameCommandSink;
  readonly entityIds: ProtogameIdAllocator;
  readonly cameraIds: ProtogameIdAllocator;
  readonly callbacks: ProtogameCallbackSource;
  readonly input: ProtogameInputSource;
  /** Asks the engine to stop cleanly (the control block's QUIT_REQUESTED). */
  requestQuit(): void;
  /** Reports a host-level diagnostic (a malformed callback record, a refused command). */
  report(code: string, severity: Severity, message: string): void;
  /**
   * Issues the next callback id (> 0, unique among pending callbacks). Optional: the host counts
   * from 1 itself when the runtime does not share its counter.
   */
  nextCallbackId?(): number;
}
