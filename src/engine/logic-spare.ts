/**
 * The spare logic worker for restarts (issue 15): while an incarnation runs, a standby worker
 * (the hot reload's standby handshake) starts its thread and imports the running code, then waits
 * READY. A restart adopts it with the activation message instead of spawning, so it skips the
 * thread start and the game's import; the new incarnation's setup rebuilds the world as after any
 * restart. A spare that fails or is not READY when needed is dropped and the restart spawns as
 * before; a reload drops it (its code is about to be stale) and the next incarnation starts a new one.
 */
import { DiagnosticReader } from '../protocol/diagnostic-queue.ts';
import { LOGIC_STATUS_READY, STATUS_SLOT } from '../protocol/control-block.ts';
import type { HandshakeMessage } from '../protocol/handshake.ts';
import type { WorkerHandle } from '../platform/worker-host.ts';

/**
 * How long after an incarnation's first frame its spare starts (engine clock): the new incarnation
 * gets the machine to itself while it sets up, and a crash loop (restarted before this) spawns as
 * before instead of paying for spares it never uses.
 */
export const SPARE_DELAY_MS = 100;

/** A standby worker kept for the next restart. Engine thread only. */
export class SpareWorker {
  readonly control: Int32Array;
  /** Its diagnostics (what the game's import printed); drained once it is adopted. */
  readonly diagnostics: DiagnosticReader;
  worker: WorkerHandle | null = null;
  exited: Promise<void> = Promise.resolve();
  /** The thread failed or ended before it was adopted (or it was dropped). */
  dead = false;
  /** It became the current incarnation (its events are the host's from then on). */
  adopted = false;

  constructor(
    /** The incarnation it becomes when adopted (reserved, not issued: a dropped spare's number is reused). */
    readonly incarnation: number,
    /** The code it loaded (the host's running code when it started). */
    readonly gameUrl: string,
    readonly handshake: HandshakeMessage,
  ) {
    this.control = new Int32Array(handshake.buffers.control);
    this.diagnostics = new DiagnosticReader(handshake.buffers.diagnostics);
  }

  /** Whether it loaded its code and waits for the activation (READY, thread alive). */
  get ready(): boolean {
    // ORDERING: observe — the standby worker stores READY after its module loaded (and FAILED after it could not).
    return !this.dead && this.worker !== null && Atomics.load(this.control, STATUS_SLOT) === LOGIC_STATUS_READY;
  }
}
