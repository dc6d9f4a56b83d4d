/**
 * The state the ProtogameJS3D natives share: the runtime's endpoints, the callback registry and
 * the ids the host handed out.
 */
import { API_STYLES } from '../../protocol/command-table.ts';
import { PROTOGAME_CODES } from '../error-codes.ts';
import { CallbackRegistry } from './callback-registry.ts';
import type { NativeSignature } from './native-signature.ts';
import type { ProtogameHostDeps } from './protogame-host-deps.ts';

const PROTOGAME = API_STYLES.PROTOGAME;

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

  /**
   * A fire-and-forget native `(id, a, b, c)` (the pose methods of `entity` and `camera`): checks
   * its arguments against `sig` (TF5500/TF5501) and sends command `op` on the id with the three
   * numbers in the protogame style; the engine validates the values. Allocates the function;
   * install time only (a call allocates nothing).
   */
  idAnd3Command(sig: NativeSignature, op: number): (id: unknown, a: unknown, b: unknown, c: unknown) => void {
    const commands = this.deps.commands;
    return function idAnd3Command(id: unknown, a: unknown, b: unknown, c: unknown): void {
      const checked = sig.idAnd3(arguments.length, id, a, b, c);
      commands.apiStyle = PROTOGAME;
      commands.idVec3(op, checked, a as number, b as number, c as number);
    };
  }

  /**
   * The message of a local failure: TF5502 (the request could not be sent), or `code` when the
   * fault is one the engine would refuse with that code (an unknown mesh or camera type: the same
   * code whichever API met it, only earlier and naming the value). Allocates; error path only.
   */
  refusal(qualifiedName: string, what: string, got: string, expected: string, remedy: string, code: string = PROTOGAME_CODES.REQUEST_REFUSED.code): string {
    return `[${code}] ${qualifiedName}: ${what}; got ${got}, expected ${expected}. ${remedy}`;
  }
}
