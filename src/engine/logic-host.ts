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
 * - shutdown: SHUTDOWN=1, wait up to `shutdownTimeoutMs` for the worker to exit by itself, then
 *   terminate it with a diagnostic. Nothing is left running: every timer it waits on goes through
 *   the clock seam and is cancelled when the wait ends (issue 13: a pending shutdown timer kept
 *   Node alive for `shutdownTimeoutMs` after the run).
 */
import { CommandReader } from '../protocol/command-reader.ts';
import { CallbackWriter } from '../protocol/callback-queue.ts';
import { DiagnosticReader, type Diagnostic } from '../protocol/diagnostic-queue.ts';
import { FRAME_REQUESTED_SLOT, LOGIC_STATUS_FAILED, SHUTDOWN_SLOT, STATUS_SLOT } from '../protocol/control-block.ts';
import type { CommandSink } from '../protocol/command-reader.ts';
import type { WorkerFailure, WorkerHandle } from '../platform/worker-host.ts';
import { incarnationHandshake, type LogicHostConfig, type LogicHostState } from './logic-host-config.ts';
import { LogicObserver } from './logic-observer.ts';
import { drainCommandRing } from './command-drain.ts';
import type { ApplyBudget } from './apply-budget.ts';
import { LogicTrigger } from './logic-trigger.ts';
import { LogicWatchdog, WATCHDOG } from './logic-watchdog.ts';
import { RestartBudget } from './restart-policy.ts';
import { RUNTIME_CODES } from './error-codes.ts';

export type { RestartPolicy } from './restart-policy.ts';
export type { LogicHostConfig, LogicHostState } from './logic-host-config.ts';

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
  private readonly drainDiagnostic = (d: Diagnostic): void => this.config.diagnostics.fromLogic(d);

  constructor(private readonly config: LogicHostConfig) {
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
    if (this.worldClearPending && reader.ring.approximateSizeBytes > 0) this.clearWorld();
    return drainCommandRing(reader, handler, max, budget);
  }

  /** Phase 4: drains the logic's diagnostics and observes its counters; returns diagnostics drained. */
  observe(engineFrame: number): number {
    const control = this.control;
    if (control === null) return 0;
    const n = this.diagnosticsReader === null ? 0 : this.diagnosticsReader.drain(this.drainDiagnostic);
    if (this.observed.observe(control, engineFrame, this.incarnation, this.spawnedAt, this.config.clock.now()) && this.worldClearPending) this.clearWorld();
    return n;
  }

  /** Phase 4: the watchdog (`logic-watchdog.ts`); a hung worker is terminated and restarted, one that failed to load is down. */
  watchdog(): void {
    const control = this.control;
    if (control === null || this.state !== 'running') return;
    const verdict = this.watch.check(control, this.lockstep, this.incarnation, this.observed.lastTick);
    if (verdict === WATCHDOG.LOAD_FAILED) this.loadFailed();
    else if (verdict === WATCHDOG.HUNG) void this.recover();
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
      this.state = 'stopped';
      return;
    }
    this.state = 'stopping';
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
    this.state = 'stopped';
  }

  private spawn(): void {
    const c = this.config;
    this.incarnation++;
    c.diagnostics.incarnation = this.incarnation;
    const first = this.incarnation === 1;
    const handshake = incarnationHandshake(c, this.incarnation);
    const { control, commands, callbacks, diagnostics } = handshake.buffers;
    this.control = new Int32Array(control);
    const previousCommands = this.commands;
    this.commands = new CommandReader(commands);
    this.callbacks = new CallbackWriter(callbacks);
    this.diagnosticsReader = new DiagnosticReader(diagnostics);
    this.observed.reset();
    this.spawnedAt = c.clock.now();
    this.lockstep.reset();
    this.watch.reset(this.spawnedAt);
    this.crashReported = false;
    if (!first) c.onIncarnation(this.incarnation, this.callbacks, previousCommands);
    this.worldClearPending = !first;
    const incarnation = this.incarnation;
    let resolveExit!: () => void;
    this.exited = new Promise<void>((resolve) => { resolveExit = resolve; });
    this.state = 'running';
    this.worker = c.workerHost.spawn(handshake, {
      onError: (f) => this.onWorkerError(incarnation, f),
      onExit: (code) => {
        resolveExit();
        this.onWorkerExit(incarnation, code);
      },
    });
  }

  private clearWorld(): void {
    this.worldClearPending = false;
    this.config.onWorldClear();
  }

  private onWorkerError(incarnation: number, f: WorkerFailure): void {
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
    // The worker's own report (TF5041 with file and line) goes first.
    if (this.diagnosticsReader !== null) this.diagnosticsReader.drain(this.drainDiagnostic);
    this.config.diagnostics.report(RUNTIME_CODES.LOGIC_LOAD_FAILED.code, 'fatal', `logic worker ${this.incarnation}: the game ${this.config.gameUrl} could not be loaded (see the diagnostic before this one); the engine runs on with an empty world. Fix the game and start again.`, 'watchdog', 0);
    void this.worker?.terminate();
  }

  private onWorkerExit(incarnation: number, code: number): void {
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
    // The engine may have been stopped while we waited.
    if (this.state !== 'restarting') return;
    const policy = this.config.restart;
    const now = this.config.clock.now();
    if (policy === null || !this.restartBudget.allows(now)) {
      this.state = 'down';
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
      if (this.state !== 'restarting') return;
    }
    try {
      this.spawn();
    } catch (e) {
      this.state = 'down';
      this.config.diagnostics.report(RUNTIME_CODES.LOGIC_RESTART_LIMIT.code, 'fatal', `logic worker could not be restarted: ${e instanceof Error ? e.message : String(e)}; the logic stays down and the engine keeps rendering the last good state.`, 'watchdog', 0);
      return;
    }
    this.config.diagnostics.report(RUNTIME_CODES.LOGIC_RESTARTED.code, 'info', `logic worker restarted as incarnation ${this.incarnation} (restart ${this.restarts}); the previous world was cleared and the game starts again.`, 'watchdog', 0);
  }
}
