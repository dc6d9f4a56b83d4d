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
 * - shutdown: SHUTDOWN=1, wait up to `shutdownTimeoutMs` for the worker to exit by itself, then
 *   terminate it with a diagnostic. Nothing is left running: every timer it waits on goes through
 *   the clock seam and is cancelled when the wait ends (issue 13: a pending shutdown timer kept
 *   Node alive for `shutdownTimeoutMs` after the run).
 */
import { CommandReader } from '../protocol/command-reader.ts';
import { CallbackWriter } from '../protocol/callback-queue.ts';
import { DiagnosticReader, type Diagnostic } from '../protocol/diagnostic-queue.ts';
import { FRAME_REQUESTED_SLOT, LOGIC_STATUS_FAILED, LOGIC_STATUS_READY, LOGIC_TICK_SLOT, SHUTDOWN_RELOAD, SHUTDOWN_SLOT, STATUS_SLOT } from '../protocol/control-block.ts';
import { HOT_ACTIVATE_TYPE, isHotHandover, type HotActivate } from '../protocol/hot-reload.ts';
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { ReloadJob, type ReloadCounters, type ReloadRequest } from './logic-reload.ts';
import type { CommandSink } from '../protocol/command-reader.ts';
import type { WorkerFailure, WorkerHandle } from '../platform/worker-host.ts';
import { incarnationHandshake, type LogicHostConfig, type LogicHostState } from './logic-host-config.ts';
import { LogicObserver } from './logic-observer.ts';
import { drainCommandRing } from './command-drain.ts';
import type { ApplyBudget } from './apply-budget.ts';
import { LogicTrigger } from './logic-trigger.ts';
import { LogicWatchdog, WATCHDOG } from './logic-watchdog.ts';
import { RestartBudget } from './restart-policy.ts';
import { SPARE_DELAY_MS, SpareWorker } from './logic-spare.ts';
import { RUNTIME_CODES } from './error-codes.ts';

export type { RestartPolicy } from './restart-policy.ts';
export type { LogicHostConfig, LogicHostState } from './logic-host-config.ts';
export type { ReloadCounters, ReloadRequest } from './logic-reload.ts';

/** Starts, paces, watches, restarts and stops the logic worker. Engine thread only. */
export class LogicHost {
  state: LogicHostState = 'idle';
  incarnation = 0;
  /** The current incarnation's callback queue end (null before start). */
  callbacks: CallbackWriter | null = null;
  commands: CommandReader | null = null;
  /** The logic's tick, frame times, backpressure counters and quit request, as last observed. */
  readonly observed = new LogicObserver();
  restarts = 0;
  crashes = 0;

  private control: Int32Array | null = null;
  private diagnosticsReader: DiagnosticReader | null = null;
  private worker: WorkerHandle | null = null;
  private exited: Promise<void> = Promise.resolve();
  private worldClearPending = false;
  /** Aborted by shutdown: every pending delay (hang re-check, restart back-off) is cleared. */
  private readonly stopping = new AbortController();
  private readonly restartBudget: RestartBudget;
  private readonly lockstep: LogicTrigger;
  private readonly watch: LogicWatchdog;
  /** The current incarnation's crash was already reported (its error event came before its exit). */
  private crashReported = false;
  /** When the current incarnation was spawned (for restart-to-first-frame timing). */
  private spawnedAt = 0;
  private readonly drainDiagnostic = (d: Diagnostic): void => {
    const job = this.job;
    // A new incarnation on trial fails its reload with its first error (setup or first frame).
    if (job !== null && job.stage === 'trial' && !job.rollback && job.failure === null && (d.severity === 'error' || d.severity === 'fatal')) job.failure = d;
    this.config.diagnostics.fromLogic(d);
  };
  private readonly drainJobDiagnostic = (d: Diagnostic): void => {
    const job = this.job;
    if (job !== null && job.failure === null && (d.severity === 'error' || d.severity === 'fatal')) job.failure = d;
    this.config.diagnostics.fromLogic(d);
  };
  /** The hot reload in progress (logic-reload.ts), or null. */
  private job: ReloadJob | null = null;
  /** A reload asked for while another was past loading: it starts when that one ends. */
  private queued: ReloadRequest | null = null;
  /** The last incarnation number issued (standby workers take theirs when they start). */
  private issued = 0;
  /** The code of the running incarnation (what a failed reload falls back to). */
  private goodUrl: string;
  /** Engine answers left unread in a replaced incarnation's callback queue (dropped with it; docs/hot-reload.md). */
  callbacksDropped = 0;
  /** Worker threads started and not yet exited (the current one, plus a standby one during a reload); the restart spare is counted apart. */
  workersAlive = 0;
  /** Spare worker threads (logic-spare.ts) started and not yet exited or adopted (0 or 1; a dropped one until its thread ended). */
  sparesAlive = 0;
  /** Restarts that adopted the spare worker instead of spawning. */
  spareRestarts = 0;
  /** The spare worker kept for the next restart, or null. */
  private spare: SpareWorker | null = null;
  /** The incarnation whose spare is due (its first frame was seen; 0: none). */
  private spareDueFor = 0;
  /** A spare's start is waiting out SPARE_DELAY_MS. */
  private sparePending = false;
  private reloadCount = 0;
  private reloadFailed = 0;
  private readonly reloadMs: number[] = [];

  constructor(private readonly config: LogicHostConfig) {
    this.goodUrl = config.gameUrl;
    this.restartBudget = new RestartBudget(config.restart);
    this.lockstep = new LogicTrigger(config.diagnostics, () => config.clock.now());
    this.watch = new LogicWatchdog({
      clock: config.clock, pacing: config.pacing, diagnostics: config.diagnostics,
      stallTimeoutMs: config.stallTimeoutMs, hangTimeoutMs: config.hangTimeoutMs,
      stopSignal: this.stopping.signal,
      recheck: (incarnation) => { if (incarnation === this.incarnation) this.watchdog(); },
    });
  }

  /** Engine frames that found the last lockstep logic frame incomplete. */
  get skippedFrames(): number {
    return this.lockstep.skippedFrames;
  }

  /** Lockstep logic frames requested. */
  get triggered(): number {
    return this.lockstep.triggered;
  }

  /**
   * Lockstep: whether the worker has not yet completed the last logic frame requested of it (false
   * when no worker runs). Lets a test driver (`runHeadless`) step the engine only once the logic
   * caught up, so every engine frame gets its logic frame.
   */
  frameOwed(): boolean {
    const control = this.control;
    return control !== null && this.state === 'running' && this.lockstep.owed(control);
  }

  /** Workers declared hung. */
  get hangs(): number {
    return this.watch.hangs;
  }

  /** Milliseconds from the last hang's start (heartbeat stop) to its detection. */
  get lastHangDetectMs(): number {
    return this.watch.lastHangDetectMs;
  }

  /** Starts the first worker. Throws TF3002 when the platform cannot start a thread. */
  start(): void {
    if (this.state !== 'idle') return;
    this.spawn();
  }

  /** Whether a worker is running (not restarting, down or stopped). */
  get running(): boolean {
    return this.state === 'running';
  }

  /** Phase 2: applies up to `max` commands of the current worker within `budget`; returns how many were read. */
  drainCommands(handler: CommandSink, max: number, budget: ApplyBudget): number {
    const reader = this.commands;
    if (reader === null || this.state !== 'running') return 0;
    // The new code's first frame is on trial: its commands wait until it passed (or are dropped with it).
    if (this.job !== null && this.job.stage === 'trial') return 0;
    if (this.worldClearPending && reader.ring.approximateSizeBytes > 0) this.clearWorld();
    return drainCommandRing(reader, handler, max, budget);
  }

  /** Phase 4: drains the logic's diagnostics and observes its counters; returns diagnostics drained. */
  observe(engineFrame: number): number {
    const control = this.control;
    if (control === null) return 0;
    const n = this.diagnosticsReader === null ? 0 : this.diagnosticsReader.drain(this.drainDiagnostic);
    if (this.observed.observe(control, engineFrame, this.incarnation, this.spawnedAt, this.config.clock.now()) && this.worldClearPending && this.job === null) this.clearWorld();
    if (this.job !== null) this.stepReload(this.job);
    else if (this.spareDueFor === this.incarnation && this.observed.lastTick > 0) this.scheduleSpare();
    return n;
  }

  /** Phase 4: the watchdog (`logic-watchdog.ts`); a hung worker is terminated and restarted, one that failed to load is down. */
  watchdog(): void {
    const control = this.control;
    if (control === null || this.state !== 'running') return;
    const job = this.job;
    // The old incarnation was asked to stop for a reload: a late frame is expected, its stop is timed by the reload.
    if (job !== null && (job.stage === 'draining' || job.oldExited)) return;
    const verdict = this.watch.check(control, this.lockstep, this.incarnation, this.observed.lastTick);
    if (verdict === WATCHDOG.LOAD_FAILED) {
      this.loadFailed();
    } else if (verdict === WATCHDOG.HUNG) {
      // A reload is under way: it replaces the hung worker itself (no restart on top of it).
      if (job !== null && job.stage !== 'trial') this.endOldForReload(job);
      else if (job !== null) this.failTrial(job, null);
      else void this.recover();
    }
  }

  /** Phase 7 (lockstep): requests the next logic frame if the last one is complete, else counts a skip. */
  trigger(): void {
    const control = this.control;
    if (control === null || this.state !== 'running' || this.config.pacing.mode !== 'lockstep') return;
    this.lockstep.trigger(control, this.observed.lastTick);
  }

  /**
   * Graceful stop: asks the worker to finish (SHUTDOWN), waits up to the timeout for it to exit by
   * itself, else terminates it with a diagnostic. Resolves once the thread is gone.
   */
  async shutdown(): Promise<void> {
    if (this.state === 'stopped' || this.state === 'idle') {
      // A pre-started thread (the first spawn's, node-app) is ended even when nothing ran.
      if (this.state === 'idle') await this.config.workerHost.dispose?.();
      this.state = 'stopped';
      return;
    }
    this.state = 'stopping';
    const job = this.job;
    this.job = null;
    this.queued = null;
    const spare = this.spare;
    if (spare !== null) await this.dropSpare(spare);
    if (job !== null && job.worker !== null && job.worker !== this.worker) await job.worker.terminate();
    const control = this.control;
    if (control !== null) {
      // ORDERING: release — the request to stop; the worker checks it after every wake-up and frame.
      Atomics.store(control, SHUTDOWN_SLOT, 1);
      // ORDERING: wake the worker if it waits for a trigger.
      Atomics.notify(control, FRAME_REQUESTED_SLOT);
    }
    const worker = this.worker;
    if (worker !== null) {
      // The timeout is raced with the exit and cleared when the exit wins (the stop signal): a
      // pending timer would keep a Node process alive for up to shutdownTimeoutMs after the run.
      const signal = this.stopping.signal;
      let timedOut = false;
      await Promise.race([this.exited, this.config.clock.delay(this.config.shutdownTimeoutMs, signal).then(() => { timedOut = !signal.aborted; })]);
      this.stopping.abort();
      if (timedOut) {
        this.config.diagnostics.report(RUNTIME_CODES.SHUTDOWN_TIMEOUT.code, 'warning', `logic worker ${this.incarnation} did not stop within ${this.config.shutdownTimeoutMs} ms of the shutdown request; it was terminated. A game should not block its frame; check for long loops.`, 'shutdown', this.observed.lastTick);
      }
      await worker.terminate();
    }
    this.stopping.abort();
    if (this.diagnosticsReader !== null) this.diagnosticsReader.drain(this.drainDiagnostic);
    this.worker = null;
    await this.config.workerHost.dispose?.();
    this.state = 'stopped';
  }

  /** The reload counters (`stats().reload`). */
  get reloads(): ReloadCounters {
    return { count: this.reloadCount, failed: this.reloadFailed, ms: this.reloadMs };
  }

  /** Whether a reload is in progress (a standby worker exists). */
  get reloading(): boolean {
    return this.job !== null;
  }

  /**
   * Hot reload (docs/hot-reload.md): starts a standby worker on `request.gameUrl` while the current
   * one runs, and swaps at a frame boundary once it loaded; a request carrying an `error` (the new
   * code did not bundle) is reported as a failed reload and changes nothing. A request during a
   * reload past loading waits for it; one during loading replaces it (the newest save wins).
   */
  reload(request: ReloadRequest): void {
    if (this.state === 'idle' || this.state === 'stopping' || this.state === 'stopped') return;
    if ('error' in request) {
      this.reloadFailed++;
      const e = request.error;
      const at = e instanceof TwinframeError ? (e.details as { file?: unknown; line?: unknown; column?: unknown } | undefined) : undefined;
      this.config.diagnostics.fromLogic({
        code: e instanceof TwinframeError ? e.code : RUNTIME_CODES.RELOAD_FAILED.code, severity: 'error',
        message: `reload: the new code did not build, so the running code stays; ${e instanceof Error ? e.message : String(e)}`,
        file: typeof at?.file === 'string' ? at.file : '', line: typeof at?.line === 'number' ? at.line : 0, column: typeof at?.column === 'number' ? at.column : 0,
        stack: '', phase: 'load', tick: this.observed.lastTick,
      });
      return;
    }
    const job = this.job;
    if (job !== null) {
      if (job.stage !== 'loading' || job.rollback) {
        this.queued = request;
        return;
      }
      this.dropJob(job);
    }
    this.startJob(request.gameUrl, request.savedAt, false);
  }

  private startJob(gameUrl: string, savedAt: number, rollback: boolean): void {
    const c = this.config;
    // The spare loaded the code being replaced, and its reserved incarnation number is the job's.
    if (this.spare !== null) void this.dropSpare(this.spare);
    const incarnation = ++this.issued;
    const job = new ReloadJob(incarnation, gameUrl, savedAt, incarnationHandshake(c, incarnation, gameUrl), rollback, this.incarnation);
    this.job = job;
    let resolveExit!: () => void;
    job.exited = new Promise<void>((resolve) => { resolveExit = resolve; });
    try {
      job.worker = c.workerHost.spawn(job.handshake, {
        onError: (f) => {
          if (this.job === job && job.stage === 'loading') {
            job.failure ??= { code: RUNTIME_CODES.LOGIC_CRASHED.code, severity: 'error', message: f.message, file: f.file, line: f.line, column: f.column, stack: f.stack, phase: 'load', tick: 0 };
            job.dead = true;
          } else {
            this.onWorkerError(incarnation, f);
          }
        },
        onExit: (code) => {
          resolveExit();
          this.workersAlive--;
          if (this.job === job && job.stage !== 'trial') job.dead = true;
          else this.onWorkerExit(incarnation, code);
        },
        // A standby worker posts its own hand-over only once it is current and stops for a reload.
        onMessage: (m) => this.onHandover(incarnation, m),
      });
    } catch (e) {
      this.job = null;
      this.failReload(job, null, `the new logic worker could not start: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    this.workersAlive++;
    if (job.worker.post === undefined) {
      this.dropJob(job);
      this.failReload(job, null, 'this platform\'s worker host cannot post the activation message, so it cannot hot-reload');
    }
  }

  /** Advances the reload once per engine frame (observe phase). */
  private stepReload(job: ReloadJob): void {
    const c = this.config;
    if (job.stage === 'loading') {
      job.diagnostics.drain(this.drainJobDiagnostic);
      // ORDERING: observe — the standby worker stores READY after its module loaded, FAILED after it could not.
      const status = Atomics.load(job.control, STATUS_SLOT);
      if (status === LOGIC_STATUS_FAILED || job.dead) {
        this.dropJob(job);
        this.failReload(job, job.failure, 'the new code could not be loaded');
        return;
      }
      if (status !== LOGIC_STATUS_READY) return;
      if (this.state !== 'running' || this.control === null) {
        // No old incarnation to stop (down after a failure, or restarting): the new code takes over now.
        job.oldExited = true;
        job.stage = 'draining';
      } else if (job.rollback) {
        job.stage = 'draining';
      } else {
        job.stage = 'stopping';
        job.stopAskedAt = c.clock.now();
        // ORDERING: release — asks the old worker to stop for a reload (dispose hooks, hand-over); it checks after every wake-up and frame.
        Atomics.store(this.control, SHUTDOWN_SLOT, SHUTDOWN_RELOAD);
        // ORDERING: wake the old worker if it waits for a trigger.
        Atomics.notify(this.control, FRAME_REQUESTED_SLOT);
        return;
      }
    }
    if (job.stage === 'stopping') {
      if (job.dead) {
        // The standby worker died while the old one stopped: bring the old code back with its hand-over.
        this.failTrial(job, job.failure);
        return;
      }
      // The hand-over is the old worker's last act on shared memory (STATUS = STOPPED came before it):
      // the swap need not wait for its thread to end.
      if (job.handover !== null) {
        job.stage = 'draining';
      } else if (!job.oldExited) {
        if (c.clock.now() - job.stopAskedAt > c.shutdownTimeoutMs) {
          c.diagnostics.report(RUNTIME_CODES.SHUTDOWN_TIMEOUT.code, 'warning', `logic worker ${this.incarnation} did not stop within ${c.shutdownTimeoutMs} ms of the reload's stop request; it was terminated and the new code starts with a rebuilt world.`, 'shutdown', this.observed.lastTick);
          this.endOldForReload(job);
        }
        return;
      } else {
        // Ended without a hand-over yet: one more engine frame for a message posted just before the end.
        job.stage = 'draining';
        return;
      }
    }
    if (job.stage === 'draining') {
      if (job.dead) {
        this.failTrial(job, job.failure);
        return;
      }
      // Every command the old incarnation published is applied before the new one's (apply phase).
      const old = this.commands;
      if (old !== null && this.state === 'running' && !job.rollback && old.ring.approximateSizeBytes > 0) return;
      this.activate(job);
      return;
    }
    // Trial: the first frame of the new code. Read its tick before draining its diagnostics, so an
    // error of that frame (written before the tick) is seen before the frame counts as passed.
    const control = this.control!;
    // ORDERING: observe — LOGIC_TICK is stored after the frame's diagnostics were written.
    const tick = Atomics.load(control, LOGIC_TICK_SLOT);
    if (this.diagnosticsReader !== null) this.diagnosticsReader.drain(this.drainDiagnostic);
    if (job.failure !== null) {
      this.failTrial(job, job.failure);
      return;
    }
    if (tick < 1) return;
    this.job = null;
    this.spareDueFor = this.incarnation;
    if (!job.rollback) {
      this.goodUrl = job.gameUrl;
      this.reloadCount++;
      const ms = c.clock.now() - job.savedAt;
      this.reloadMs.push(ms);
      c.diagnostics.report(RUNTIME_CODES.LOGIC_RELOADED.code, 'info', `logic reloaded as incarnation ${this.incarnation} in ${ms.toFixed(1)} ms (save to first frame of the new code); ${this.worldClearPending ? 'the game did not opt in (ctx.hot), so its setup rebuilt the world' : 'the world was kept'}.`, 'watchdog', tick);
    }
    // A new code that sent nothing yet still replaces the old world (otherwise the apply phase clears it with its first commands).
    if (this.worldClearPending && this.commands !== null && this.commands.ring.approximateSizeBytes === 0) this.clearWorld();
    this.runQueued();
  }

  /** The old incarnation is gone (hung, or not stopping): terminate it; the reload goes on without a hand-over. */
  private endOldForReload(job: ReloadJob): void {
    const worker = this.worker;
    job.handover = null;
    if (job.stage === 'loading' || job.stage === 'stopping') {
      job.stage = job.stage === 'loading' ? 'loading' : 'draining';
    }
    // Marked gone now: its exit event is not a crash.
    job.oldExited = true;
    this.worker = null;
    if (worker !== null) void worker.terminate();
    if (job.stage === 'loading') this.state = 'restarting';
  }

  /** Activates the standby worker and makes it the current incarnation; its first frame is on trial. */
  private activate(job: ReloadJob): void {
    const c = this.config;
    const previousCommands = this.commands;
    if (this.diagnosticsReader !== null) this.diagnosticsReader.drain(this.drainDiagnostic);
    const old = this.worker;
    if (old !== null && old !== job.worker) void old.terminate();
    // The old reader is gone: hand its buffers to the new one.
    c.debugDraw.refresh();
    const handover = job.handover !== null && job.handover.accepted && c.profile === 'twinframe' ? job.handover : null;
    const go = this.takeOverStandby(job, handover, previousCommands, 'reload');
    this.worldClearPending = handover === null;
    this.state = 'running';
    job.stage = 'trial';
    this.requestFirstFrame();
    job.worker!.post!(go);
  }

  /** The new code failed its first frame: it is terminated unapplied and the previous code comes back with the same hand-over. */
  private failTrial(job: ReloadJob, failure: Diagnostic | null): void {
    if (this.job !== job) return;
    const worker = this.worker;
    this.worker = null;
    if (worker !== null) void worker.terminate();
    this.job = null;
    this.failReload(job, failure, 'the new code failed in its first frame (setup or update); its commands were dropped and the previous code runs again');
    // Nothing the failed incarnation sent was applied; the previous code takes over the same world.
    this.state = 'restarting';
    this.startJob(this.goodUrl, job.savedAt, true);
    const back = this.job as ReloadJob | null;
    if (back !== null) back.handover = job.handover;
  }

  private dropJob(job: ReloadJob): void {
    if (this.job === job) this.job = null;
    if (job.worker !== null) void job.worker.terminate();
  }

  /** Counts and reports a failed reload (TF4141) naming the first error's file:line:column. */
  private failReload(job: ReloadJob, failure: Diagnostic | null, why: string): void {
    this.reloadFailed++;
    const where = failure !== null && failure.file !== '' ? ` at ${failure.file}:${failure.line}:${failure.column}` : '';
    this.config.diagnostics.fromLogic({
      code: RUNTIME_CODES.RELOAD_FAILED.code, severity: 'error',
      message: `reload: ${why}${where}${failure !== null ? ` (${failure.code}: ${failure.message.split('\n')[0]})` : ''}; the running code and its world are unchanged. Fix the error and save again.`,
      file: failure?.file ?? '', line: failure?.line ?? 0, column: failure?.column ?? 0, stack: failure?.stack ?? '', phase: 'load', tick: this.observed.lastTick,
    });
    if (job.rollback) return;
    this.runQueued();
  }

  private runQueued(): void {
    const next = this.queued;
    if (next === null || this.job !== null) return;
    this.queued = null;
    this.reload(next);
  }

  private spawn(): void {
    const c = this.config;
    this.incarnation = ++this.issued;
    c.diagnostics.incarnation = this.incarnation;
    const first = this.incarnation === 1;
    // A restart runs the code that runs now (after a hot reload, the reloaded code).
    const handshake = incarnationHandshake(c, this.incarnation, undefined, this.goodUrl);
    const { control, commands, callbacks, diagnostics } = handshake.buffers;
    this.control = new Int32Array(control);
    const previousCommands = this.commands;
    if (!first) this.callbacksDropped += this.callbacks?.approximateSize() ?? 0;
    this.commands = new CommandReader(commands);
    this.callbacks = new CallbackWriter(callbacks);
    this.diagnosticsReader = new DiagnosticReader(diagnostics);
    this.observed.reset();
    this.spawnedAt = c.clock.now();
    this.lockstep.reset();
    this.watch.reset(this.spawnedAt);
    this.crashReported = false;
    if (!first) c.onIncarnation(this.incarnation, this.callbacks, previousCommands, 'restart');
    this.worldClearPending = !first;
    this.spareDueFor = this.incarnation;
    const incarnation = this.incarnation;
    let resolveExit!: () => void;
    this.exited = new Promise<void>((resolve) => { resolveExit = resolve; });
    this.state = 'running';
    this.worker = c.workerHost.spawn(handshake, {
      onError: (f) => this.onWorkerError(incarnation, f),
      onExit: (code) => {
        resolveExit();
        this.workersAlive--;
        this.onWorkerExit(incarnation, code);
      },
      onMessage: (m) => this.onHandover(incarnation, m),
    });
    this.workersAlive++;
  }

  /** Lockstep: the activated standby's first frame is requested with its activation (it runs at once). */
  private requestFirstFrame(): void {
    if (this.config.pacing.mode === 'lockstep' && this.control !== null) this.lockstep.requestFirst(this.control);
  }

  /** The old incarnation's hand-over at a reload stop (its dispose data and id allocators). */
  private onHandover(incarnation: number, m: unknown): void {
    const job = this.job;
    if (job !== null && job.oldIncarnation === incarnation && isHotHandover(m)) job.handover = m;
  }

  private clearWorld(): void {
    this.worldClearPending = false;
    this.config.onWorldClear();
  }

  private onWorkerError(incarnation: number, f: WorkerFailure): void {
    const job = this.job;
    if (job !== null && job.stage === 'trial' && incarnation === this.incarnation) {
      this.failTrial(job, { code: RUNTIME_CODES.LOGIC_CRASHED.code, severity: 'error', message: f.message, file: f.file, line: f.line, column: f.column, stack: f.stack, phase: 'worker', tick: 0 });
      return;
    }
    if (job !== null && incarnation === job.oldIncarnation) return;
    if (incarnation !== this.incarnation || this.state === 'stopping' || this.state === 'stopped' || this.crashReported) return;
    this.crashReported = true;
    // Counted with its report, so crashes always equals the TF4103 reports.
    this.crashes++;
    this.config.diagnostics.fromLogic({
      code: RUNTIME_CODES.LOGIC_CRASHED.code, severity: 'error',
      message: `logic worker ${incarnation} crashed: ${f.message}. The engine keeps rendering the last good state${this.config.restart ? ' and restarts the logic' : ''}.`,
      file: f.file, line: f.line, column: f.column, stack: f.stack, phase: 'worker', tick: this.observed.lastTick + 1,
    });
  }

  /** The worker reported STATUS FAILED (the game could not load): restarting would fail the same way. */
  private loadFailed(): void {
    this.state = 'down';
    if (this.spare !== null) void this.dropSpare(this.spare);
    // The worker's own report (TF5041 with file and line) goes first.
    if (this.diagnosticsReader !== null) this.diagnosticsReader.drain(this.drainDiagnostic);
    this.config.diagnostics.report(RUNTIME_CODES.LOGIC_LOAD_FAILED.code, 'fatal', `logic worker ${this.incarnation}: the game ${this.config.gameUrl} could not be loaded (see the diagnostic before this one); the engine runs on with an empty world. Fix the game and start again.`, 'watchdog', 0);
    void this.worker?.terminate();
  }

  private onWorkerExit(incarnation: number, code: number): void {
    const job = this.job;
    if (job !== null && incarnation === job.oldIncarnation && job.stage !== 'trial') {
      // The old incarnation ended for the reload (or died meanwhile): the reload goes on without it.
      job.oldExited = true;
      return;
    }
    if (job !== null && job.stage === 'trial' && incarnation === this.incarnation) {
      this.failTrial(job, job.failure ?? { code: RUNTIME_CODES.LOGIC_CRASHED.code, severity: 'error', message: `the new code's worker exited with code ${code} in its first frame`, file: '', line: 0, column: 0, stack: '', phase: 'worker', tick: 0 });
      return;
    }
    if (incarnation !== this.incarnation || this.state !== 'running') return;
    // A worker that failed to load closes itself; its exit can arrive before the watchdog reads
    // STATUS, and it is a load failure, not a crash.
    // ORDERING: observe — STATUS was stored before the worker closed.
    if (this.control !== null && Atomics.load(this.control, STATUS_SLOT) === LOGIC_STATUS_FAILED) {
      this.loadFailed();
      return;
    }
    void this.reportExitThenRecover(incarnation, code);
  }

  /**
   * One crash, one TF4103: the error event that usually comes with an exit (Node ends a worker
   * after an uncaught error or out of memory) says more, so the exit waits one macrotask for it
   * (under load the two events can arrive in either order) and is reported only without it.
   */
  private async reportExitThenRecover(incarnation: number, code: number): Promise<void> {
    await this.config.clock.delay(0, this.stopping.signal);
    if (!this.crashReported) {
      this.crashReported = true;
      this.crashes++;
      this.config.diagnostics.report(RUNTIME_CODES.LOGIC_CRASHED.code, 'error', `logic worker ${incarnation} exited unexpectedly with code ${code} at tick ${this.observed.lastTick}. The engine keeps rendering the last good state.`, 'worker', this.observed.lastTick);
    }
    if (incarnation === this.incarnation) await this.recover();
  }

  /** Terminates the current worker and starts the next one if the policy allows. */
  private async recover(): Promise<void> {
    if (this.state !== 'running') return;
    this.state = 'restarting';
    const worker = this.worker;
    this.worker = null;
    if (worker !== null) await worker.terminate();
    if (this.diagnosticsReader !== null) this.diagnosticsReader.drain(this.drainDiagnostic);
    // The engine may have been stopped while we waited, or a reload took over.
    if (this.state !== 'restarting' || this.job !== null) return;
    const policy = this.config.restart;
    const now = this.config.clock.now();
    if (policy === null || !this.restartBudget.allows(now)) {
      this.state = 'down';
      if (this.spare !== null) void this.dropSpare(this.spare);
      this.config.diagnostics.report(
        RUNTIME_CODES.LOGIC_RESTART_LIMIT.code, 'fatal',
        policy === null
          ? `logic worker ${this.incarnation} failed and restarting is off; the logic stays down and the engine keeps rendering the last good state. Fix the failure above, or pass restart: { maxRestarts, windowMs }.`
          : `logic worker failed ${this.restartBudget.recent(now) + 1} times within ${policy.windowMs} ms (policy: at most ${policy.maxRestarts} restarts); it stays down and the engine keeps rendering the last good state. Fix the failure above and restart the app.`,
        'watchdog', this.observed.lastTick,
      );
      return;
    }
    const backoff = this.restartBudget.take(now);
    this.restarts++;
    if (backoff > 0) {
      await this.config.clock.delay(backoff, this.stopping.signal);
      if (this.state !== 'restarting' || this.job !== null) return;
    }
    const spare = this.takeSpare();
    try {
      if (spare !== null) this.adoptSpare(spare);
      else this.spawn();
    } catch (e) {
      this.state = 'down';
      this.config.diagnostics.report(RUNTIME_CODES.LOGIC_RESTART_LIMIT.code, 'fatal', `logic worker could not be restarted: ${e instanceof Error ? e.message : String(e)}; the logic stays down and the engine keeps rendering the last good state.`, 'watchdog', 0);
      return;
    }
    this.config.diagnostics.report(RUNTIME_CODES.LOGIC_RESTARTED.code, 'info', `logic worker restarted as incarnation ${this.incarnation} (restart ${this.restarts}${spare !== null ? ', on the spare worker' : ''}); the previous world was cleared and the game starts again.`, 'watchdog', 0);
  }

  /** The incarnation number the spare worker would take at the next restart (0: no spare). */
  get spareIncarnation(): number {
    return this.spare?.incarnation ?? 0;
  }

  /** Whether a spare worker loaded the running code and waits for the next restart. */
  get spareReady(): boolean {
    return this.spare !== null && this.spare.ready;
  }

  /**
   * The current incarnation ran its first frame: start its spare after SPARE_DELAY_MS, if the
   * restart policy wants one (`spare` not false, restarts allowed) and the host can activate a standby.
   */
  private scheduleSpare(): void {
    this.spareDueFor = 0;
    const policy = this.config.restart;
    if (policy === null || policy.spare === false || policy.maxRestarts <= 0 || this.sparePending || this.spare !== null) return;
    if (this.worker === null || this.worker.post === undefined) return;
    const incarnation = this.incarnation;
    this.sparePending = true;
    void this.config.clock.delay(SPARE_DELAY_MS, this.stopping.signal).then(() => {
      this.sparePending = false;
      if (this.stopping.signal.aborted || this.state !== 'running' || this.job !== null || this.spare !== null) return;
      // Restarted meanwhile: the new incarnation schedules its own spare after its first frame.
      if (incarnation !== this.incarnation) return;
      this.startSpare();
    });
  }

  /** Starts the spare: a standby worker on the running code, reserving the next incarnation number. */
  private startSpare(): void {
    const c = this.config;
    const incarnation = this.issued + 1;
    const spare = new SpareWorker(incarnation, this.goodUrl, incarnationHandshake(c, incarnation, this.goodUrl));
    let resolveExit!: () => void;
    spare.exited = new Promise<void>((resolve) => { resolveExit = resolve; });
    try {
      spare.worker = c.workerHost.spawn(spare.handshake, {
        // Until adopted, a failure only drops the spare (a restart then spawns); afterwards it is the current incarnation's.
        onError: (f) => {
          if (spare.adopted) this.onWorkerError(incarnation, f);
          else this.spareGone(spare);
        },
        onExit: (code) => {
          resolveExit();
          if (spare.adopted) {
            this.workersAlive--;
            this.onWorkerExit(incarnation, code);
          } else {
            this.sparesAlive--;
            this.spareGone(spare);
          }
        },
        onMessage: (m) => { if (spare.adopted) this.onHandover(incarnation, m); },
      });
    } catch {
      return; // the next restart spawns, and reports why a thread cannot start
    }
    this.sparesAlive++;
    this.spare = spare;
  }

  /** The spare failed or ended before it was adopted: it is forgotten (the next restart spawns). */
  private spareGone(spare: SpareWorker): void {
    spare.dead = true;
    if (this.spare === spare) this.spare = null;
  }

  /** Ends the spare (a reload, a stop, the logic down). */
  private dropSpare(spare: SpareWorker): Promise<void> {
    if (this.spare === spare) this.spare = null;
    spare.dead = true;
    return spare.worker?.terminate() ?? Promise.resolve();
  }

  /** The spare, if it loaded the running code and waits; a spare that is not ready (or stale) is dropped. */
  private takeSpare(): SpareWorker | null {
    const spare = this.spare;
    if (spare === null) return null;
    if (spare.ready && spare.gameUrl === this.goodUrl) {
      this.spare = null;
      return spare;
    }
    void this.dropSpare(spare);
    return null;
  }

  /**
   * A restart on the spare: it becomes the current incarnation (the number it reserved), takes
   * over the state buffers the dead one held, as a spawned one would through its handshake, and
   * is activated with no hand-over, so its setup rebuilds the world.
   */
  private adoptSpare(spare: SpareWorker): void {
    const c = this.config;
    spare.adopted = true;
    this.sparesAlive--;
    this.workersAlive++;
    this.spareRestarts++;
    this.issued = spare.incarnation;
    // As incarnationHandshake does for a spawned restart: the dead writer's last debug-draw publish is dropped.
    c.debugDraw.refresh();
    const go = this.takeOverStandby(spare, null, this.commands, 'restart');
    this.worldClearPending = true;
    this.spareDueFor = this.incarnation;
    this.state = 'running';
    this.requestFirstFrame();
    spare.worker!.post!(go);
  }

  /**
   * Makes a loaded standby worker (a reload's or the restart spare) the current incarnation: it
   * takes the queues and diagnostics of `standby`, the state buffers the previous writer held
   * and `handover`; returns the activation message to post. The caller drops stale debug draw first.
   */
  private takeOverStandby(
    standby: ReloadJob | SpareWorker, handover: HotActivate['handover'], previousCommands: CommandReader | null, reason: 'restart' | 'reload',
  ): HotActivate {
    const c = this.config;
    const go: HotActivate = {
      type: HOT_ACTIVATE_TYPE,
      entityFront: c.entities.orphanedFront(),
      cameraFront: c.cameras.orphanedFront(),
      debugDrawBack: c.debugDraw.orphanedBack(),
      bulkTransformBack: c.bulkTransforms?.takeOver() ?? 0,
      handover,
    };
    this.callbacksDropped += this.callbacks?.approximateSize() ?? 0;
    this.incarnation = standby.incarnation;
    c.diagnostics.incarnation = standby.incarnation;
    this.control = standby.control;
    this.commands = new CommandReader(standby.handshake.buffers.commands);
    this.callbacks = new CallbackWriter(standby.handshake.buffers.callbacks);
    this.diagnosticsReader = standby.diagnostics;
    this.worker = standby.worker;
    this.exited = standby.exited;
    this.observed.reset();
    this.spawnedAt = c.clock.now();
    this.lockstep.reset();
    this.watch.reset(this.spawnedAt);
    this.crashReported = false;
    c.onIncarnation(this.incarnation, this.callbacks, previousCommands, reason);
    return go;
  }
}
