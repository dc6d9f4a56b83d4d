/**
 * The spare logic worker for restarts (issue 15): while an incarnation runs, a standby worker
 * (the hot reload's standby handshake) starts its thread and imports the running code, then waits
 * READY. A restart adopts it with the activation message instead of spawning, so it skips the
 * thread start and the game's import; the new incarnation's setup rebuilds the world as after any
 * restart. It is spawned in the background (WorkerSpawnOptions.background: at the logic's lowered
 * priority from its start, where the platform has one). A spare that fails or is not READY when needed is dropped and the restart spawns as
 * before; a reload drops it (its code is about to be stale) and the next incarnation starts a new one.
 */
import { CallbackWriter } from '../protocol/callback-queue.ts';
import { CommandReader } from '../protocol/command-reader.ts';
import { DiagnosticReader } from '../protocol/diagnostic-queue.ts';
import { LOGIC_STATUS_READY, STATUS_SLOT } from '../protocol/control-block.ts';
import type { HandshakeMessage } from '../protocol/handshake.ts';
import type { WorkerHandle } from '../platform/worker-host.ts';
import { incarnationHandshake } from './logic-host-config.ts';
import type { LogicSupervisor, WorkerEvents } from './logic-supervisor.ts';

/**
 * How long after an incarnation's first frame its spare starts (engine clock): the new incarnation
 * gets the machine to itself while it sets up, and a crash loop (restarted before this) spawns as
 * before instead of paying for spares it never uses.
 */
export const SPARE_DELAY_MS = 100;

/**
 * The same delay for an incarnation a hot reload started: its spare starts once the new code ran
 * this long without another save. A spare loads the code that runs, so a save drops it; while an
 * author saves every few seconds, a spare after every reload was a thread start and a game import
 * (about 110 ms of CPU on a 2-core machine, 40% of a reload's) thrown away at the next save. A
 * crash within it restarts by a spawn (60-120 ms instead of ~2 frames).
 */
export const RELOAD_SPARE_DELAY_MS = 2000;

/** A standby worker kept for the next restart. Engine thread only. */
export class SpareWorker {
  readonly control: Int32Array;
  /** Its diagnostics (what the game's import printed); drained once it is adopted. */
  readonly diagnostics: DiagnosticReader;
  /** Its queue ends, made when it starts so the restart that adopts it only takes them over. */
  readonly commands: CommandReader;
  readonly callbacks: CallbackWriter;
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
    this.commands = new CommandReader(handshake.buffers.commands);
    this.callbacks = new CallbackWriter(handshake.buffers.callbacks);
  }

  /** Whether it loaded its code and waits for the activation (READY, thread alive). */
  get ready(): boolean {
    // ORDERING: observe — the standby worker stores READY after its module loaded (and FAILED after it could not).
    return !this.dead && this.worker !== null && Atomics.load(this.control, STATUS_SLOT) === LOGIC_STATUS_READY;
  }
}

/**
 * Keeps the restart spare of the running incarnation: starts it SPARE_DELAY_MS after the
 * incarnation's first frame (when the restart policy wants one and the host can activate a
 * standby), drops it when its code goes stale, and hands it to a restart. Engine thread only.
 */
export class SpareKeeper {
  /** The spare worker kept for the next restart, or null. */
  private spare: SpareWorker | null = null;
  /** The incarnation whose spare's start waits out its delay (0: none). */
  private pendingFor = 0;

  /** `canStart`: no reload runs (a spare of code about to be replaced is wasted). */
  constructor(private readonly s: LogicSupervisor, private readonly events: WorkerEvents, private readonly canStart: () => boolean) {}

  /** The incarnation number the spare would take at the next restart (0: none). */
  get incarnation(): number {
    return this.spare?.incarnation ?? 0;
  }

  /** Whether a spare loaded the running code and waits for the next restart. */
  get ready(): boolean {
    return this.spare !== null && this.spare.ready;
  }

  /**
   * The current incarnation ran its first frame: start its spare after SPARE_DELAY_MS
   * (RELOAD_SPARE_DELAY_MS when `afterReload`), if the restart policy wants one (`spare` not false,
   * restarts allowed) and the host can activate a standby.
   */
  schedule(afterReload = false): void {
    const s = this.s;
    s.spareDueFor = 0;
    const policy = s.config.restart;
    const incarnation = s.pub.incarnation;
    if (policy === null || policy.spare === false || policy.maxRestarts <= 0 || this.pendingFor === incarnation || this.spare !== null) return;
    if (s.worker === null || s.worker.post === undefined) return;
    // A delay still pending for an earlier incarnation ends without a start (its incarnation check below).
    this.pendingFor = incarnation;
    this.armedFor = incarnation;
    this.armedAfterReload = afterReload;
    // The delay (a timer, an abort listener, a promise: 0.1-0.5 ms of cold work measured) is made
    // after the frame, not in the observe phase that decided it.
    s.config.clock.yieldThen(this.arm);
  }

  /** The incarnation whose delay `arm` makes next (0: none), and whether it is the longer one after a hot reload. */
  private armedFor = 0;
  private armedAfterReload = false;

  /** Starts the delay `schedule` decided, between frames (long-lived: no closure per schedule). */
  private readonly arm = (): void => {
    const s = this.s;
    const incarnation = this.armedFor;
    this.armedFor = 0;
    if (incarnation === 0 || s.stopping.signal.aborted) return;
    void s.config.clock.delay(this.armedAfterReload ? RELOAD_SPARE_DELAY_MS : SPARE_DELAY_MS, s.stopping.signal).then(() => {
      if (this.pendingFor === incarnation) this.pendingFor = 0;
      if (s.stopping.signal.aborted || s.pub.state !== 'running' || !this.canStart() || this.spare !== null) return;
      // Restarted meanwhile: the new incarnation schedules its own spare after its first frame.
      if (incarnation !== s.pub.incarnation) return;
      this.start();
    });
  };

  /** Ends the spare, if any (a reload, a stop, the logic down). */
  drop(): Promise<void> {
    const spare = this.spare;
    if (spare === null) return Promise.resolve();
    this.spare = null;
    spare.dead = true;
    return spare.worker?.terminate() ?? Promise.resolve();
  }

  /** The spare, if it loaded the running code and waits; a spare that is not ready (or stale) is dropped. */
  take(): SpareWorker | null {
    const spare = this.spare;
    if (spare === null) return null;
    if (spare.ready && spare.gameUrl === this.s.goodUrl) {
      this.spare = null;
      return spare;
    }
    void this.drop();
    return null;
  }

  /**
   * A restart on the spare: it becomes the current incarnation (the number it reserved), takes
   * over the state buffers the dead one held, as a spawned one would through its handshake, and
   * is activated with no hand-over, so its setup rebuilds the world.
   */
  adopt(spare: SpareWorker): void {
    const s = this.s;
    spare.adopted = true;
    this.s.pub.sparesAlive--;
    s.pub.workersAlive++;
    this.s.pub.spareRestarts++;
    s.issued = spare.incarnation;
    // As incarnationHandshake does for a spawned restart: the dead writer's last debug-draw publish is dropped.
    s.config.debugDraw.refresh();
    const go = s.takeOverStandby(spare, null, s.pub.commands, 'restart');
    s.worldClearPending = true;
    s.spareDueFor = s.pub.incarnation;
    s.spareAfterReload = false;
    s.pub.state = 'running';
    s.requestFirstFrame();
    spare.worker!.post!(go);
  }

  /** Starts the spare: a standby worker on the running code, reserving the next incarnation number. */
  private start(): void {
    const s = this.s;
    const c = s.config;
    const incarnation = s.issued + 1;
    const spare = new SpareWorker(incarnation, s.goodUrl, incarnationHandshake(c, incarnation, s.goodUrl));
    let resolveExit!: () => void;
    spare.exited = new Promise<void>((resolve) => { resolveExit = resolve; });
    const events = this.events;
    try {
      spare.worker = c.workerHost.spawn(spare.handshake, {
        // Until adopted, a failure only drops the spare (a restart then spawns); afterwards it is the current incarnation's.
        onError: (f) => {
          if (spare.adopted) events.onError(incarnation, f);
          else this.gone(spare);
        },
        onExit: (code) => {
          resolveExit();
          if (spare.adopted) {
            s.pub.workersAlive--;
            events.onExit(incarnation, code);
          } else {
            this.s.pub.sparesAlive--;
            this.gone(spare);
          }
        },
        onMessage: (m) => { if (spare.adopted) events.onMessage(incarnation, m); },
        // Nobody waits for it: it loads at the logic's lowered priority (the app's logicNice), so
        // its thread start and import never take a contended core from the engine thread.
      }, { background: true });
    } catch {
      return; // the next restart spawns, and reports why a thread cannot start
    }
    this.s.pub.sparesAlive++;
    this.spare = spare;
  }

  /** The spare failed or ended before it was adopted: it is forgotten (the next restart spawns). */
  private gone(spare: SpareWorker): void {
    spare.dead = true;
    if (this.spare === spare) this.spare = null;
  }
}
