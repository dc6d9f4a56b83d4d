/**
 * What the ProtogameJS3D host profile needs from the logic runtime: small interfaces over the
 * RenderCommandQueue, the CallbackQueue, the logic-side id allocators, the input state and the
 * control block. The real implementations are the runtime's `CommandOutbox`, `CallbackReader`,
 * the runtime's id allocators and `InputReader`; tests may pass fakes
 * of the queue endpoints, but the end-to-end tests run on the real ones.
 */
import type { CallbackProcessor } from '../../protocol/callback-queue.ts';
import type { CommandWriter } from '../../protocol/command-writer.ts';
import type { AudioCommandSink } from './audio-native.ts';
import type { Severity } from '../../shared-memory/twinframe-error.ts';

/**
 * The RenderCommandQueue methods the natives use: CommandWriter's own signatures (the runtime's
 * CommandOutbox is one), picked rather than restated (the pose commands go through `idVec3`, setActive and destroy through
 * `idCallback`). Every command is accepted: a full queue is
 * backpressure inside the sink (the command waits and is sent, in order, in a later frame), so the
 * natives ignore the results. The natives set `apiStyle` to API_STYLES.PROTOGAME before each
 * command, so the engine's refusals name `entity.*` / `camera.*`.
 */
export type ProtogameCommandSink = AudioCommandSink & Pick<CommandWriter,
  | 'apiStyle' | 'idVec3' | 'idCallback' | 'createMesh' | 'updateColor' | 'destroyEntity'
  | 'createCamera' | 'updateCamera' | 'updateCameraType'
>;

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
