/**
 * The state the ProtogameJS3D natives share: the runtime's endpoints, the callback registry, the
 * ids the host handed out, and the counters of commands that could not be sent.
 */
import { PROTOGAME_CODES } from '../error-codes.ts';
import { CallbackRegistry } from './callback-registry.ts';
import type { ProtogameHostDeps } from './protogame-host-deps.ts';

/** Most TF5503 diagnostics reported per logic frame (the rest are only counted). */
const NOT_SENT_REPORTS_PER_FRAME = 1;

/** Shared state of one installed host. Logic thread only. */
export class NativeContext {
  readonly deps: ProtogameHostDeps;
  readonly callbacks: CallbackRegistry;
  /** Entity ids allocated by `entity.createMesh` and not yet destroyed or refused. */
  readonly entities = new Set<number>();
  /** Camera ids allocated by `camera.create` and not yet destroyed or refused. */
  readonly cameras = new Set<number>();
  /** Camera ids the engine confirmed and the script has not destroyed (for `camera.getHandle`). */
  readonly liveCameras = new Set<number>();
  /** Fire-and-forget commands that did not fit the queue (TF5503). */
  commandsNotSent = 0;
  private notSentReportsThisFrame = 0;

  constructor(deps: ProtogameHostDeps) {
    this.deps = deps;
    const entityIds = deps.entityIds;
    const cameraIds = deps.cameraIds;
    const entities = this.entities;
    const cameras = this.cameras;
    // The registry gives refused ids back through these wrappers, so an id is released once.
    const bookkeeping: ProtogameHostDeps = {
      ...deps,
      entityIds: { allocate: () => entityIds.allocate(), release: (id) => { if (entities.delete(id)) entityIds.release(id); } },
      cameraIds: { allocate: () => cameraIds.allocate(), release: (id) => { if (cameras.delete(id)) cameraIds.release(id); } },
    };
    this.callbacks = new CallbackRegistry(bookkeeping, this.liveCameras);
  }

  /** Starts a logic frame's reporting budget. */
  beginFrame(): void {
    this.notSentReportsThisFrame = 0;
  }

  /** Counts a fire-and-forget command the queue refused and reports the first one of the frame (TF5503). */
  commandNotSent(qualifiedName: string, id: number): void {
    this.commandsNotSent++;
    if (this.notSentReportsThisFrame >= NOT_SENT_REPORTS_PER_FRAME) return;
    this.notSentReportsThisFrame++;
    this.deps.report(
      PROTOGAME_CODES.COMMAND_NOT_SENT.code,
      'warning',
      `${qualifiedName}: the RenderCommandQueue is full and the command was not sent; got id ${id}, expected room in the queue (${this.commandsNotSent} not sent so far). Send fewer commands per frame or enlarge the command queue.`,
    );
  }

  /** The message of a TF5502 local failure. Allocates; error path only. */
  refusal(qualifiedName: string, what: string, got: string, expected: string, remedy: string): string {
    return `[${PROTOGAME_CODES.REQUEST_REFUSED.code}] ${qualifiedName}: ${what}; got ${got}, expected ${expected}. ${remedy}`;
  }
}
