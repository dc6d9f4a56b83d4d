/**
 * The seed's JSGameLogicJob, on the engine thread: the supervisor of the logic worker. It starts the
 * worker through the platform's WorkerHost with one handshake message carrying every
 * SharedArrayBuffer, then paces and watches it through the control block only (no postMessage
 * after the handshake), with two parts of its own:
 * - lockstep (`logic-trigger.ts`): `trigger()` requests the next logic frame only when the last one is complete (the
 *   seed's TriggerNextFrame / IsFrameComplete); otherwise it counts a skipped frame and the engine
 *   renders on; free-running: the worker keeps its own rate and the engine only observes.
 * - watchdog (`logic-watchdog.ts`): a worker inside a frame whose heartbeat has not moved for `hangTimeoutMs` is hung;
 *   a worker that errors or exits is crashed. Either is terminated and restarted under a
 *   restart-intensity policy (`restart-policy.ts`: at most `maxRestarts` in `windowMs`, then it stays down with a
 *   fatal diagnostic). Each incarnation gets fresh queues and control block; the state buffers
 *   stay (the new reader is handed the buffer the dead one owned; for the debug-draw buffer, which
 *   the worker writes, the new writer is) and the app clears the world.
 * - spare worker (`logic-spare.ts`): with a restart policy, each incarnation's first frame is
 *   followed by a standby worker that loads the running code and waits; a restart adopts it (no
 *   thread start, no import) instead of spawning.
 * - the current incarnation and how one begins (`logic-supervisor.ts`), crash and hang recovery
 *   (`logic-recovery.ts`), hot reload (`logic-reload-driver.ts`).
 * - shutdown: SHUTDOWN=1, wait up to `shutdownTimeoutMs` for the worker to exit by itself, then
 *   terminate it with a diagnostic. Nothing is left running: every timer it waits on goes through
 *   the clock seam and is cancelled when the wait ends (issue 13: a pending shutdown timer kept
 *   Node alive for `shutdownTimeoutMs` after the run).
 */
import type { Diagnostic } from '../protocol/diagnostic-queue.ts';
import type { CallbackWriter } from '../protocol/callback-queue.ts';
import type { CommandReader, CommandSink } from '../protocol/command-reader.ts';
import { FRAME_REQUESTED_SLOT, SHUTDOWN_SLOT } from '../protocol/control-block.ts';
import type { WorkerFailure } from '../platform/worker-host.ts';
import type { LogicHostConfig, LogicHostState } from './logic-host-config.ts';
import type { LogicObserver } from './logic-observer.ts';
import { drainCommandRing } from './command-drain.ts';
import type { ApplyBudget } from './apply-budget.ts';
import { WATCHDOG } from './logic-watchdog.ts';
import { SpareKeeper } from './logic-spare.ts';
import { LogicSupervisor, type LogicHostRecord, type WorkerEvents } from './logic-supervisor.ts';
import { LogicRecovery } from './logic-recovery.ts';
import { ReloadDriver } from './logic-reload-driver.ts';
import type { ReloadCounters, ReloadRequest } from './logic-reload.ts';
import { RUNTIME_CODES } from './error-codes.ts';

export type { RestartPolicy } from './restart-policy.ts';
export type { LogicHostConfig, LogicHostState } from './logic-host-config.ts';
export type { ReloadCounters, ReloadRequest } from './logic-reload.ts';

/** Starts, paces, watches, restarts and stops the logic worker. Engine thread only. */
export class LogicHost implements LogicHostRecord {
  state: LogicHostState = 'idle';
  incarnation = 0;
  /** The current incarnation's callback queue end (null before start). */
  callbacks: CallbackWriter | null = null;
  commands: CommandReader | null = null;
  /** The logic's tick, frame times, backpressure counters and quit request, as last observed. */
  readonly observed: LogicObserver;
  restarts = 0;
  crashes = 0;
  /** The current incarnation and how one begins (spawned, or a standby taken over). */
  private readonly s: LogicSupervisor;
  /** Engine answers left unread in a replaced incarnation's callback queue (dropped with it; docs/hot-reload.md). */
  callbacksDropped = 0;
  /** Worker threads started and not yet exited (the current one, plus a standby one during a reload); the restart spare is counted apart. */
  workersAlive = 0;
  /** The restart spare (`logic-spare.ts`). */
  private readonly spares: SpareKeeper;
  /** Spare worker threads (logic-spare.ts) started and not yet exited or adopted (0 or 1; a dropped one until its thread ended). */
  sparesAlive = 0;
  /** Crash, hang and load-failure handling (`logic-recovery.ts`). */
  private readonly recovery: LogicRecovery;
  /** Restarts that adopted the spare worker instead of spawning. */
  spareRestarts = 0;
  /** Hot reloads (`logic-reload-driver.ts`). */
  private readonly reloader: ReloadDriver;
  /** A drain of the logic's diagnostics is due after this frame (observe). */
  private drainScheduled = false;
  /** The diagnostics drain after the frame (long-lived: no closure per frame). */
  private readonly drainAfterFrame = (): void => {
    this.drainScheduled = false;
    this.s.drainDiagnostics();
  };

  constructor(config: LogicHostConfig) {
    // A worker's events go to the reload when they are about it, else to the recovery.
    const events: WorkerEvents = {
      onError: (incarnation: number, f: WorkerFailure) => { if (!this.reloader.claimsError(incarnation, f)) this.recovery.onWorkerError(incarnation, f); },
      onExit: (incarnation: number, code: number) => { if (!this.reloader.claimsExit(incarnation, code)) this.recovery.onWorkerExit(incarnation, code); },
      onMessage: (incarnation: number, m: unknown) => { this.reloader.onHandover(incarnation, m); },
    };
    const drainDiagnostic = (d: Diagnostic): void => {
      // A new incarnation on trial fails its reload with its first error (setup or first frame).
      this.reloader.onDiagnostic(d);
      config.diagnostics.fromLogic(d);
    };
    this.s = new LogicSupervisor(this, config, events, drainDiagnostic, (incarnation) => { if (incarnation === this.incarnation) this.watchdog(); });
    this.observed = this.s.observed;
    this.spares = new SpareKeeper(this.s, events, () => this.reloader.job === null);
    this.recovery = new LogicRecovery(this.s, this.spares, () => this.reloader.job !== null);
    this.reloader = new ReloadDriver(this.s, this.spares, events);
  }

  /** Engine frames that found the last lockstep logic frame incomplete. */
  get skippedFrames(): number {
    return this.s.lockstep.skippedFrames;
  }

  /** Lockstep logic frames requested. */
  get triggered(): number {
    return this.s.lockstep.triggered;
  }

  /**
   * Lockstep: whether the worker has not yet completed the last logic frame requested of it (false
   * when no worker runs). Lets a test driver (`runHeadless`) step the engine only once the logic
   * caught up, so every engine frame gets its logic frame.
   */
  frameOwed(): boolean {
    const control = this.s.control;
    return control !== null && this.state === 'running' && this.s.lockstep.owed(control);
  }

  /** Workers declared hung. */
  get hangs(): number {
    return this.s.watch.hangs;
  }

  /** Milliseconds from the last hang's start (heartbeat stop) to its detection. */
  get lastHangDetectMs(): number {
    return this.s.watch.lastHangDetectMs;
  }

  /** Starts the first worker. Throws TF3002 when the platform cannot start a thread. */
  start(): void {
    if (this.state !== 'idle') return;
    this.s.spawn();
  }

  /** Whether a worker is running (not restarting, down or stopped). */
  get running(): boolean {
    return this.state === 'running';
  }

  /** Phase 2: applies up to `max` commands of the current worker within `budget`; returns how many were read. */
  drainCommands(handler: CommandSink, max: number, budget: ApplyBudget): number {
    const s = this.s;
    const reader = this.commands;
    if (reader === null || this.state !== 'running') return 0;
    // The new code's first frame is on trial: its commands wait until it passed (or are dropped with it).
    const job = this.reloader.job;
    if (job !== null && job.stage === 'trial') return 0;
    // The world clear of a new incarnation (about 1 ms for 1000 entities) is part of the apply
    // phase's budget: the rebuild that follows it stops at the same deadline.
    budget.begin();
    if (s.worldClearPending && reader.ring.approximateSizeBytes > 0) s.clearWorld();
    return drainCommandRing(reader, handler, max, budget);
  }

  /**
   * Phase 4: observes the logic's counters and drives a reload; the logic's diagnostics are drained
   * right after the frame (`drainAfterFrame`), or in it when a reload's trial needs them to decide.
   */
  observe(engineFrame: number): void {
    const s = this.s;
    const control = s.control;
    if (control === null) return;
    const ticked = s.observed.observe(control, engineFrame, this.incarnation, s.spawnedAt, s.config.clock.now());
    // Decoding a diagnostic's strings, logging it and calling the listeners took 0.1-0.4 ms of a
    // frame for two console lines (measured at each hot reload of the spawner, whose new code logs
    // at once; a frame's usual work is 0.15-0.25 ms). Nothing in the frame needs them: they go
    // between this frame and the next, stamped with this frame. One task per frame at most. Looked
    // at after the tick: a frame's diagnostics are written before its tick, so the drain takes
    // everything of the frames observed.
    if (!this.drainScheduled && s.diagnosticsWaiting()) {
      this.drainScheduled = true;
      s.config.clock.yieldThen(this.drainAfterFrame);
    }
    const job = this.reloader.job;
    if (ticked && s.worldClearPending && job === null) s.clearWorld();
    if (job !== null) this.reloader.step(job);
    else if (s.spareDueFor === this.incarnation && s.observed.lastTick > 0) this.spares.schedule(s.spareAfterReload);
  }

  /** Phase 4: the watchdog (`logic-watchdog.ts`); a hung worker is terminated and restarted, one that failed to load is down. */
  watchdog(): void {
    const s = this.s;
    const control = s.control;
    if (control === null || this.state !== 'running') return;
    const job = this.reloader.job;
    // The old incarnation was asked to stop for a reload: a late frame is expected, its stop is timed by the reload.
    if (job !== null && (job.stage === 'draining' || job.oldExited)) return;
    const verdict = s.watch.check(control, s.lockstep, this.incarnation, s.observed.lastTick);
    if (verdict === WATCHDOG.LOAD_FAILED) this.recovery.loadFailed();
    // A reload is under way: it replaces the hung worker itself (no restart on top of it).
    else if (verdict === WATCHDOG.HUNG && job !== null) this.reloader.onHung(job);
    else if (verdict === WATCHDOG.HUNG) void this.recovery.recover();
  }

  /** After the frame is timed: wakes the worker for the frame `trigger` requested (LogicTrigger.wake). */
  wakeLogic(): void {
    this.s.lockstep.wake();
  }

  /** Phase 7 (lockstep): requests the next logic frame if the last one is complete, else counts a skip. */
  trigger(): void {
    const s = this.s;
    const control = s.control;
    if (control === null || this.state !== 'running' || s.config.pacing.mode !== 'lockstep') return;
    s.lockstep.trigger(control, s.observed.lastTick);
  }

  /**
   * Graceful stop: asks the worker to finish (SHUTDOWN), waits up to the timeout for it to exit by
   * itself, else terminates it with a diagnostic. Resolves once the thread is gone.
   */
  async shutdown(): Promise<void> {
    const s = this.s;
    const c = s.config;
    if (this.state === 'stopped' || this.state === 'idle') {
      // A pre-started thread (the first spawn's, node-app) is ended even when nothing ran.
      if (this.state === 'idle') await c.workerHost.dispose?.();
      this.state = 'stopped';
      return;
    }
    this.state = 'stopping';
    const standby = this.reloader.cancel();
    await this.spares.drop();
    if (standby !== null) await standby.terminate();
    const control = s.control;
    if (control !== null) {
      // ORDERING: release — the request to stop; the worker checks it after every wake-up and frame.
      Atomics.store(control, SHUTDOWN_SLOT, 1);
      // ORDERING: wake the worker if it waits for a trigger.
      Atomics.notify(control, FRAME_REQUESTED_SLOT);
    }
    const worker = s.worker;
    if (worker !== null) {
      // The timeout is raced with the exit and cleared when the exit wins (the stop signal): a
      // pending timer would keep a Node process alive for up to shutdownTimeoutMs after the run.
      const signal = s.stopping.signal;
      let timedOut = false;
      await Promise.race([s.exited, c.clock.delay(c.shutdownTimeoutMs, signal).then(() => { timedOut = !signal.aborted; })]);
      s.stopping.abort();
      if (timedOut) {
        c.diagnostics.report(RUNTIME_CODES.SHUTDOWN_TIMEOUT.code, 'warning', `logic worker ${this.incarnation} did not stop within ${c.shutdownTimeoutMs} ms of the shutdown request; it was terminated. A game should not block its frame; check for long loops.`, 'shutdown', s.observed.lastTick);
      }
      await worker.terminate();
    }
    s.stopping.abort();
    s.drainDiagnostics();
    s.worker = null;
    await c.workerHost.dispose?.();
    this.state = 'stopped';
  }

  /** The reload counters (`stats().reload`). */
  get reloads(): ReloadCounters {
    return this.reloader.counters;
  }

  /** Whether a reload is in progress (a standby worker exists). */
  get reloading(): boolean {
    return this.reloader.job !== null;
  }

  /**
   * Hot reload (docs/hot-reload.md): starts a standby worker on `request.gameUrl` while the current
   * one runs, and swaps at a frame boundary once it loaded; a request carrying an `error` (the new
   * code did not bundle) is reported as a failed reload and changes nothing. A request during a
   * reload past loading waits for it; one during loading replaces it (the newest save wins).
   */
  reload(request: ReloadRequest): void {
    this.reloader.reload(request);
  }

  /** The incarnation number the spare worker would take at the next restart (0: no spare). */
  get spareIncarnation(): number {
    return this.spares.incarnation;
  }

  /** Whether a spare worker loaded the running code and waits for the next restart. */
  get spareReady(): boolean {
    return this.spares.ready;
  }
}
