/**
 * The current logic incarnation as the engine holds it, and the two ways one begins: a spawned
 * worker (`spawn`) or a loaded standby worker taken over (`takeOverStandby`: a hot reload's, or the
 * restart spare). Each incarnation gets fresh queues and control block; the state buffers stay
 * (the new reader is handed the buffer the previous one owned). The parts of the logic host
 * (`logic-host.ts`: recovery, reload, spare) share this one record. Engine thread only.
 */
import { CommandReader } from '../protocol/command-reader.ts';
import { CallbackWriter } from '../protocol/callback-queue.ts';
import { DiagnosticReader, type Diagnostic } from '../protocol/diagnostic-queue.ts';
import { HOT_ACTIVATE_TYPE, type HotActivate } from '../protocol/hot-reload.ts';
import type { HandshakeMessage } from '../protocol/handshake.ts';
import type { WorkerFailure, WorkerHandle } from '../platform/worker-host.ts';
import { incarnationHandshake, type LogicHostConfig, type LogicHostState } from './logic-host-config.ts';
import { LogicObserver } from './logic-observer.ts';
import { LogicTrigger } from './logic-trigger.ts';
import { LogicWatchdog } from './logic-watchdog.ts';

/** Where a worker's events go (the host routes them to the reload, the spare or the recovery). */
export interface WorkerEvents {
  onError(incarnation: number, failure: WorkerFailure): void;
  onExit(incarnation: number, code: number): void;
  onMessage(incarnation: number, message: unknown): void;
}

/** A loaded standby worker about to become the current incarnation (a reload's job or the restart spare). */
export interface Standby {
  readonly incarnation: number;
  readonly handshake: HandshakeMessage;
  readonly control: Int32Array;
  readonly diagnostics: DiagnosticReader;
  /** Its queue ends (made when it started, not in the frame that adopts it). */
  readonly commands: CommandReader;
  readonly callbacks: CallbackWriter;
  readonly worker: WorkerHandle | null;
  readonly exited: Promise<void>;
}

/**
 * What the logic host shows of its incarnations: its public fields, which the parts keep current
 * (counters run over every incarnation).
 */
export interface LogicHostRecord {
  state: LogicHostState;
  incarnation: number;
  callbacks: CallbackWriter | null;
  commands: CommandReader | null;
  restarts: number;
  crashes: number;
  callbacksDropped: number;
  workersAlive: number;
  sparesAlive: number;
  spareRestarts: number;
}

/** The current incarnation, as the parts of the logic host share it. */
export class LogicSupervisor {
  /** The last incarnation number issued (standby workers take theirs when they start). */
  issued = 0;
  control: Int32Array | null = null;
  diagnosticsReader: DiagnosticReader | null = null;
  worker: WorkerHandle | null = null;
  exited: Promise<void> = Promise.resolve();
  /** The new incarnation's world replaces the old one with its first commands (or first frame). */
  worldClearPending = false;
  /** The current incarnation's crash was already reported (its error event came before its exit). */
  crashReported = false;
  /** When the current incarnation began (restart-to-first-frame timing, watchdog). */
  spawnedAt = 0;
  /** The code of the running incarnation (what a restart runs and a failed reload falls back to). */
  goodUrl: string;
  /** The incarnation whose restart spare is due (its first frame was seen; 0: none). */
  spareDueFor = 0;
  /** That incarnation was started by a hot reload (its spare waits RELOAD_SPARE_DELAY_MS, logic-spare.ts). */
  spareAfterReload = false;
  readonly observed = new LogicObserver();
  /** Aborted by shutdown: every pending delay (hang re-check, restart back-off, spare start) is cleared. */
  readonly stopping = new AbortController();
  readonly lockstep: LogicTrigger;
  readonly watch: LogicWatchdog;

  constructor(
    /** The host's public record (state, incarnation, queues, counters). */
    readonly pub: LogicHostRecord,
    readonly config: LogicHostConfig,
    private readonly events: WorkerEvents,
    /** Each diagnostic the current incarnation wrote (the host checks a reload's trial, then reports it). */
    readonly drainDiagnostic: (d: Diagnostic) => void,
    recheck: (incarnation: number) => void,
  ) {
    this.goodUrl = config.gameUrl;
    this.lockstep = new LogicTrigger(config.diagnostics, () => config.clock.now());
    this.watch = new LogicWatchdog({
      clock: config.clock, pacing: config.pacing, diagnostics: config.diagnostics,
      stallTimeoutMs: config.stallTimeoutMs, hangTimeoutMs: config.hangTimeoutMs,
      stopSignal: this.stopping.signal, recheck,
    });
  }

  /** Drains what the current incarnation wrote to its diagnostic queue. */
  drainDiagnostics(): number {
    return this.diagnosticsReader === null ? 0 : this.diagnosticsReader.drain(this.drainDiagnostic);
  }

  /** Whether the current incarnation's diagnostic queue holds published records (may be late by a record). */
  diagnosticsWaiting(): boolean {
    return this.diagnosticsReader !== null && this.diagnosticsReader.ring.approximateSizeBytes > 0;
  }

  /** Starts the next incarnation on a new worker thread running the code that runs now. Throws TF3002 when no thread can start. */
  spawn(): void {
    const c = this.config;
    this.pub.incarnation = ++this.issued;
    c.diagnostics.incarnation = this.pub.incarnation;
    const first = this.pub.incarnation === 1;
    // A restart runs the code that runs now (after a hot reload, the reloaded code).
    const handshake = incarnationHandshake(c, this.pub.incarnation, undefined, this.goodUrl);
    const { control, commands, callbacks, diagnostics } = handshake.buffers;
    this.control = new Int32Array(control);
    const previousCommands = this.pub.commands;
    if (!first) this.pub.callbacksDropped += this.pub.callbacks?.approximateSize() ?? 0;
    this.pub.commands = new CommandReader(commands);
    this.pub.callbacks = new CallbackWriter(callbacks);
    this.diagnosticsReader = new DiagnosticReader(diagnostics);
    this.begin();
    if (!first) c.onIncarnation(this.pub.incarnation, this.pub.callbacks, previousCommands, 'restart', handshake.gameUrl ?? this.goodUrl);
    this.worldClearPending = !first;
    this.spareDueFor = this.pub.incarnation;
    this.spareAfterReload = false;
    const incarnation = this.pub.incarnation;
    let resolveExit!: () => void;
    this.exited = new Promise<void>((resolve) => { resolveExit = resolve; });
    this.pub.state = 'running';
    const events = this.events;
    this.worker = c.workerHost.spawn(handshake, {
      onError: (f) => events.onError(incarnation, f),
      onExit: (code) => {
        resolveExit();
        this.pub.workersAlive--;
        events.onExit(incarnation, code);
      },
      onMessage: (m) => events.onMessage(incarnation, m),
    });
    this.pub.workersAlive++;
  }

  /**
   * Makes a loaded standby worker (a reload's or the restart spare) the current incarnation: it
   * takes the queues and diagnostics of `standby`, the state buffers the previous writer held
   * and `handover`; returns the activation message to post. The caller drops stale debug draw first.
   */
  takeOverStandby(standby: Standby, handover: HotActivate['handover'], previousCommands: CommandReader | null, reason: 'restart' | 'reload'): HotActivate {
    const c = this.config;
    const go: HotActivate = {
      type: HOT_ACTIVATE_TYPE,
      entityFront: c.entities.orphanedFront(),
      cameraFront: c.cameras.orphanedFront(),
      debugDrawBack: c.debugDraw.orphanedBack(),
      bulkTransformBack: c.bulkTransforms?.takeOver() ?? 0,
      handover,
    };
    this.pub.callbacksDropped += this.pub.callbacks?.approximateSize() ?? 0;
    this.pub.incarnation = standby.incarnation;
    c.diagnostics.incarnation = standby.incarnation;
    this.control = standby.control;
    this.pub.commands = standby.commands;
    this.pub.callbacks = standby.callbacks;
    this.diagnosticsReader = standby.diagnostics;
    this.worker = standby.worker;
    this.exited = standby.exited;
    this.begin();
    c.onIncarnation(this.pub.incarnation, this.pub.callbacks, previousCommands, reason, standby.handshake.gameUrl ?? '');
    return go;
  }

  /**
   * Lockstep: the activated standby's first frame is requested with its activation (stored before
   * the go is posted), so it runs its setup and that frame at once instead of waiting for the
   * next trigger phase: one engine frame less without a logic frame at a swap or a spare restart.
   */
  requestFirstFrame(): void {
    if (this.config.pacing.mode === 'lockstep' && this.control !== null) this.lockstep.requestFirst(this.control);
  }

  /** The previous incarnation's world goes now (the app clears entities, cameras, debug draw, audio). */
  clearWorld(): void {
    this.worldClearPending = false;
    this.config.onWorldClear();
  }

  /** Per-incarnation observation restarts: tick, lockstep requests, heartbeat, crash report. */
  private begin(): void {
    this.observed.reset();
    this.spawnedAt = this.config.clock.now();
    this.lockstep.reset();
    this.watch.reset(this.spawnedAt);
    this.crashReported = false;
  }
}
