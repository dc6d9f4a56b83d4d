/**
 * The seed's JSGameLogicJob, on the engine thread: starts the logic worker through the platform's
 * WorkerHost with one handshake message carrying every SharedArrayBuffer, then paces and watches
 * it through the control block only (no postMessage after the handshake):
 * - lockstep: `trigger()` requests the next logic frame only when the last one is complete (the
 *   seed's TriggerNextFrame / IsFrameComplete); otherwise it counts a skipped frame and the engine
 *   renders on; free-running: the worker keeps its own rate and the engine only observes.
 * - watchdog: a worker inside a frame whose heartbeat has not moved for `hangTimeoutMs` is hung;
 *   a worker that errors or exits is crashed. Either is terminated and restarted under a
 *   restart-intensity policy (at most `maxRestarts` in `windowMs`, then it stays down with a
 *   fatal diagnostic). Each incarnation gets fresh queues and control block; the state buffers
 *   stay (the new reader is handed the buffer the dead one owned; for the debug-draw buffer, which
 *   the worker writes, the new writer is) and the app clears the world.
 * - shutdown: SHUTDOWN=1, wait up to `shutdownTimeoutMs` for the worker to exit by itself, then
 *   terminate it with a diagnostic. Nothing is left running.
 */
import { CommandReader } from '../protocol/command-reader.ts';
import { createCommandQueueBuffer } from '../protocol/command-writer.ts';
import { CallbackWriter, createCallbackQueueBuffer } from '../protocol/callback-queue.ts';
import { DiagnosticReader, createDiagnosticQueueBuffer, type Diagnostic } from '../protocol/diagnostic-queue.ts';
import {
  createControlBlock, FRAME_COMPLETED_SLOT, FRAME_REQUESTED_SLOT, HEARTBEAT_SLOT, LOGIC_FRAME_US_SLOT, LOGIC_PHASE_IDLE, LOGIC_PHASES,
  LOGIC_STATUS_FAILED, LOGIC_STATUS_RUNNING, LOGIC_TICK_SLOT, OVERFLOW_COMMANDS_SLOT, OVERFLOW_EVENTS_SLOT, PHASE_SLOT,
  QUIT_REQUESTED_SLOT, SHUTDOWN_SLOT, STATUS_SLOT, ENGINE_FRAME_SLOT,
} from '../protocol/control-block.ts';
import { HANDSHAKE_TYPE, PROTOCOL_VERSION, type HandshakeMessage, type LogicHostProfile, type LogicPacing } from '../protocol/handshake.ts';
import type { CommandSink } from '../protocol/command-reader.ts';
import type { StateWriter } from '../shared-memory/state-writer.ts';
import type { StateReader } from '../shared-memory/state-reader.ts';
import type { WorkerFailure, WorkerHandle, WorkerHost } from '../platform/worker-host.ts';
import type { DiagnosticHub } from './diagnostic-hub.ts';
import { FrameSampler } from './frame-sampler.ts';
import { RUNTIME_CODES } from './error-codes.ts';

/**
 * Restart intensity (like OTP's): at most `maxRestarts` restarts within `windowMs`; past that the
 * logic stays down. The first restart in a window is immediate; each further one waits
 * `backoffMs * 2^(n-1)` (capped at `backoffMaxMs`) so a crash loop does not spin.
 */
export interface RestartPolicy {
  readonly maxRestarts: number;
  readonly windowMs: number;
  /** Default 100 ms. */
  readonly backoffMs?: number;
  /** Default 2000 ms. */
  readonly backoffMaxMs?: number;
}

/** What the logic host needs; the App builds it. */
export interface LogicHostConfig {
  readonly workerHost: WorkerHost;
  readonly gameUrl: string;
  readonly profile: LogicHostProfile;
  readonly pacing: LogicPacing;
  readonly seed: number;
  readonly gameOptions: Readonly<Record<string, string | number | boolean>>;
  readonly entities: StateWriter;
  readonly cameras: StateWriter;
  readonly entityBuffer: SharedArrayBuffer;
  readonly cameraBuffer: SharedArrayBuffer;
  readonly inputBuffer: SharedArrayBuffer;
  /** The debug-draw buffer (the worker writes it) and the engine's reader of it. */
  readonly debugDrawBuffer: SharedArrayBuffer;
  readonly debugDraw: StateReader;
  readonly commandQueueBytes: number;
  readonly callbackCapacity: number;
  readonly diagnosticQueueBytes: number;
  readonly hangTimeoutMs: number;
  readonly restart: RestartPolicy | null;
  readonly shutdownTimeoutMs: number;
  readonly now: () => number;
  readonly delay: (ms: number) => Promise<void>;
  readonly diagnostics: DiagnosticHub;
  /** A new incarnation is about to start (not called for the first): retarget callbacks. */
  readonly onIncarnation: (incarnation: number, callbacks: CallbackWriter) => void;
  /**
   * The new incarnation is about to change the world (its first commands arrived, or its first
   * frame completed): clear the previous incarnation's entities and cameras, which were drawn
   * until now.
   */
  readonly onWorldClear: () => void;
  /** A worker inside a frame with no heartbeat for this long is reported as stalled (warning). */
  readonly stallTimeoutMs: number;
}

/** Life of the logic worker as the engine sees it. */
export type LogicHostState = 'idle' | 'running' | 'restarting' | 'down' | 'stopping' | 'stopped';

const EMPTY_COMMANDS_LIMIT = 1 << 22;

/** Where a stalled or hung worker is stuck, for messages (allocates; error path only). */
function whereHung(phase: number): string {
  return phase === LOGIC_PHASE_IDLE
    ? 'between frames (outside every phase: a promise continuation or a timer callback that does not return)'
    : `in phase ${LOGIC_PHASES[phase] ?? phase}`;
}

/** Starts, paces, watches, restarts and stops the logic worker. Engine thread only. */
export class LogicHost {
  state: LogicHostState = 'idle';
  incarnation = 0;
  /** The current incarnation's callback queue end (null before start). */
  callbacks: CallbackWriter | null = null;
  commands: CommandReader | null = null;
  /** Logic frames completed, over every incarnation. */
  logicFrames = 0;
  readonly logicFrameMs = new FrameSampler();
  skippedFrames = 0;
  triggered = 0;
  restarts = 0;
  hangs = 0;
  crashes = 0;
  /** Commands waiting in the logic-side overflow (backpressure), as the worker last said. */
  logicOverflowCommands = 0;
  logicOverflowEvents = 0;
  quitRequested = false;

  private control: Int32Array | null = null;
  private diagnosticsReader: DiagnosticReader | null = null;
  private worker: WorkerHandle | null = null;
  private exited: Promise<void> = Promise.resolve();
  private requested = 0;
  private lastTick = 0;
  private lastHeartbeat = -1;
  private heartbeatChangedAt = 0;
  private readonly restartTimes: number[] = [];
  private worldClearPending = false;
  private stallReported = false;
  /** When the last lockstep frame was requested (the worker owes progress from then on). */
  private requestedAt = 0;
  /** A check at the stalled worker's hang deadline is pending. */
  private hangCheckArmed = false;
  /** The current incarnation's crash was already reported (its error event came before its exit). */
  private crashReported = false;
  /** When the current incarnation was spawned (for restart-to-first-frame timing). */
  spawnedAt = 0;
  /** Milliseconds from the last restart's spawn to its first completed logic frame (0 before). */
  lastRestartToFirstFrameMs = 0;
  /** Milliseconds from the last hang's start (heartbeat stop) to its detection. */
  lastHangDetectMs = 0;
  private readonly drainDiagnostic = (d: Diagnostic): void => this.config.diagnostics.fromLogic(d);

  constructor(private readonly config: LogicHostConfig) {}

  /** Starts the first worker. Throws TF3002 when the platform cannot start a thread. */
  start(): void {
    if (this.state !== 'idle') return;
    this.spawn();
  }

  /** Whether a worker is running (not restarting, down or stopped). */
  get running(): boolean {
    return this.state === 'running';
  }

  /** Phase 2: applies up to `max` commands of the current worker; returns how many were read. */
  drainCommands(handler: CommandSink, max: number): number {
    const reader = this.commands;
    if (reader === null || this.state !== 'running') return 0;
    if (this.worldClearPending && reader.ring.approximateSizeBytes > 0) this.clearWorld();
    let total = 0;
    // Only the records published when this phase began: a logic that keeps publishing while the
    // engine drains (a flood of commands in one update) must not hold the engine's frame; what it
    // publishes from now on is applied, in order, next frame.
    const limit = Math.min(max, EMPTY_COMMANDS_LIMIT, reader.ring.approximateSizeRecords);
    while (total < limit) {
      const n = reader.drain(handler, limit - total);
      if (n === 0) break;
      total += n;
    }
    // Give the logic all the room back now: the reader publishes its index lazily, and a logic that
    // fills most of the ring each frame would otherwise see up to a quarter of it as still in use.
    reader.ring.flush();
    return total;
  }

  /** Phase 4: drains the logic's diagnostics and observes its counters; returns diagnostics drained. */
  observe(engineFrame: number): number {
    const control = this.control;
    if (control === null) return 0;
    const n = this.diagnosticsReader === null ? 0 : this.diagnosticsReader.drain(this.drainDiagnostic);
    // ORDERING: observe — information only for the worker (engine frame counter).
    Atomics.store(control, ENGINE_FRAME_SLOT, engineFrame);
    // ORDERING: observe — LOGIC_TICK and LOGIC_FRAME_US are single counters; a late value is only late.
    const tick = Atomics.load(control, LOGIC_TICK_SLOT);
    if (tick !== this.lastTick) {
      if (this.lastTick === 0 && tick > 0 && this.incarnation > 1) this.lastRestartToFirstFrameMs = this.config.now() - this.spawnedAt;
      if (this.worldClearPending) this.clearWorld();
      if (tick > this.lastTick) this.logicFrames += tick - this.lastTick;
      this.lastTick = tick;
      // ORDERING: observe — duration of the frame that just ended.
      this.logicFrameMs.add(Atomics.load(control, LOGIC_FRAME_US_SLOT) / 1000);
    }
    // ORDERING: observe — backpressure counters mirrored by the worker.
    this.logicOverflowCommands = Atomics.load(control, OVERFLOW_COMMANDS_SLOT);
    // ORDERING: observe — as above.
    this.logicOverflowEvents = Atomics.load(control, OVERFLOW_EVENTS_SLOT);
    // ORDERING: observe — the game asked to quit.
    if (Atomics.load(control, QUIT_REQUESTED_SLOT) === 1) this.quitRequested = true;
    return n;
  }

  /** Phase 4: the watchdog. A worker inside a frame whose heartbeat has not moved for the timeout is hung. */
  watchdog(): void {
    const control = this.control;
    if (control === null || this.state !== 'running') return;
    const now = this.config.now();
    // ORDERING: observe — the heartbeat only has to move; any newer value proves progress.
    const hb = Atomics.load(control, HEARTBEAT_SLOT);
    if (hb !== this.lastHeartbeat) {
      this.lastHeartbeat = hb;
      this.heartbeatChangedAt = now;
      this.stallReported = false;
      return;
    }
    // ORDERING: observe — the phase the worker is in; IDLE between frames is not hung by itself.
    const phase = Atomics.load(control, PHASE_SLOT);
    // ORDERING: observe — a worker that failed to load is down, not hung.
    const status = Atomics.load(control, STATUS_SLOT);
    if (status === LOGIC_STATUS_FAILED) {
      this.loadFailed();
      return;
    }
    // Since when the worker owes a heartbeat: inside a phase, since its last beat; idle, only once
    // it has a frame to run (lockstep: a request it has not completed, counted from the later of
    // the request and the last beat; free-running: one period after the last beat). An idle worker
    // that never picks its frame up is stuck outside the frame (a promise continuation or a timer
    // callback that never returns) and is as hung as one inside it.
    let owedSince = -1;
    if (phase !== LOGIC_PHASE_IDLE) {
      owedSince = this.heartbeatChangedAt;
    } else if (status === LOGIC_STATUS_RUNNING) {
      const pacing = this.config.pacing;
      if (pacing.mode !== 'lockstep') {
        owedSince = this.heartbeatChangedAt + 1000 / pacing.hz;
      } else {
        // ORDERING: acquire — FRAME_COMPLETED is stored after the worker's frame; behind the request means a frame is owed.
        const completed = Atomics.load(control, FRAME_COMPLETED_SLOT);
        if (completed !== this.requested) owedSince = Math.max(this.heartbeatChangedAt, this.requestedAt);
      }
    }
    if (owedSince < 0) return;
    if (!this.stallReported && now - owedSince > this.config.stallTimeoutMs) {
      this.stallReported = true;
      this.config.diagnostics.report(RUNTIME_CODES.LOGIC_STALLED.code, 'warning', `logic worker ${this.incarnation} is stalled: no heartbeat for ${Math.round(now - this.heartbeatChangedAt)} ms ${whereHung(phase)} at tick ${this.lastTick + 1}; it is declared hung at ${this.config.hangTimeoutMs} ms. The engine keeps rendering.`, 'watchdog', this.lastTick + 1);
    }
    if (this.stallReported && !this.hangCheckArmed && now - owedSince <= this.config.hangTimeoutMs) {
      // A stalled worker is checked again right at its hang deadline, not only at the next engine
      // frame: detection lands within the timeout plus the timer's slack instead of up to a frame
      // later (a timer that fires a little early re-arms itself here).
      this.armHangCheck(owedSince + this.config.hangTimeoutMs - now);
    }
    if (now - owedSince > this.config.hangTimeoutMs) {
      this.hangs++;
      this.lastHangDetectMs = now - this.heartbeatChangedAt;
      this.config.diagnostics.report(
        RUNTIME_CODES.LOGIC_HUNG.code, 'error',
        `logic worker ${this.incarnation} is hung: its heartbeat has not moved for ${Math.round(now - this.heartbeatChangedAt)} ms (timeout ${this.config.hangTimeoutMs} ms) ${whereHung(phase)} at tick ${this.lastTick + 1}; it was terminated. Look for an endless loop there, or raise hangTimeoutMs for long frames.`,
        'watchdog', this.lastTick + 1,
      );
      void this.recover();
    }
  }

  /**
   * Runs the watchdog again in `ms` (outside the frame loop). A method of its own: a closure in
   * watchdog() would make V8 allocate a context on every call, and watchdog runs every frame.
   */
  private armHangCheck(ms: number): void {
    this.hangCheckArmed = true;
    const incarnation = this.incarnation;
    void this.config.delay(Math.max(0, ms)).then(() => {
      this.hangCheckArmed = false;
      if (incarnation === this.incarnation) this.watchdog();
    });
  }

  /** Phase 7 (lockstep): requests the next logic frame if the last one is complete, else counts a skip. */
  trigger(): void {
    const control = this.control;
    if (control === null || this.state !== 'running' || this.config.pacing.mode !== 'lockstep') return;
    // ORDERING: observe — only a running worker is waiting for triggers.
    if (Atomics.load(control, STATUS_SLOT) !== LOGIC_STATUS_RUNNING) return;
    // ORDERING: acquire — FRAME_COMPLETED is stored after the worker published its frame's commands.
    if (Atomics.load(control, FRAME_COMPLETED_SLOT) !== this.requested) {
      this.skippedFrames++;
      if (this.skippedFrames % 60 === 0) {
        this.config.diagnostics.report(RUNTIME_CODES.LOGIC_FRAMES_SKIPPED.code, 'warning', `logic frame ${this.lastTick + 1} was not complete at trigger time; ${this.skippedFrames} engine frames skipped triggering so far and kept rendering. The game's update is slower than the engine frame: lighten it or run the logic at its own rate (logic: { hz }).`, 'trigger', this.lastTick + 1);
      }
      return;
    }
    this.requested++;
    this.triggered++;
    this.requestedAt = this.config.now();
    // ORDERING: release — the request is published; the worker's waitAsync on this slot wakes.
    Atomics.store(control, FRAME_REQUESTED_SLOT, this.requested);
    // ORDERING: wake the worker waiting on FRAME_REQUESTED.
    Atomics.notify(control, FRAME_REQUESTED_SLOT);
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
      let timedOut = false;
      await Promise.race([this.exited, this.config.delay(this.config.shutdownTimeoutMs).then(() => { timedOut = true; })]);
      if (timedOut) {
        this.config.diagnostics.report(RUNTIME_CODES.SHUTDOWN_TIMEOUT.code, 'warning', `logic worker ${this.incarnation} did not stop within ${this.config.shutdownTimeoutMs} ms of the shutdown request; it was terminated. A game should not block its frame; check for long loops.`, 'shutdown', this.lastTick);
      }
      await worker.terminate();
    }
    if (this.diagnosticsReader !== null) this.diagnosticsReader.drain(this.drainDiagnostic);
    this.worker = null;
    this.state = 'stopped';
  }

  private spawn(): void {
    const c = this.config;
    this.incarnation++;
    c.diagnostics.incarnation = this.incarnation;
    const control = createControlBlock(this.incarnation);
    const commands = createCommandQueueBuffer(c.commandQueueBytes);
    const callbacks = createCallbackQueueBuffer(c.callbackCapacity);
    const diagnostics = createDiagnosticQueueBuffer(c.diagnosticQueueBytes);
    const first = this.incarnation === 1;
    let debugDrawBack = 0;
    if (!first) {
      // The dead worker's last debug-draw publish, if not taken yet, is taken (and dropped) now so it
      // cannot surface after the world is cleared; the new writer gets the buffer the dead one held.
      c.debugDraw.refresh();
      debugDrawBack = c.debugDraw.orphanedBack();
    }
    const handshake: HandshakeMessage = {
      type: HANDSHAKE_TYPE,
      protocolVersion: PROTOCOL_VERSION,
      incarnation: this.incarnation,
      buffers: { control, commands, callbacks, diagnostics, entities: c.entityBuffer, cameras: c.cameraBuffer, input: c.inputBuffer, debugDraw: c.debugDrawBuffer },
      entityCapacity: c.entities.capacity,
      cameraCapacity: c.cameras.capacity,
      entityFront: first ? 2 : c.entities.orphanedFront(),
      cameraFront: first ? 2 : c.cameras.orphanedFront(),
      debugDrawBack,
      pacing: c.pacing,
      seed: c.seed,
      host: c.profile,
      gameUrl: c.gameUrl,
      gameOptions: c.gameOptions,
    };
    this.control = new Int32Array(control);
    this.commands = new CommandReader(commands);
    this.callbacks = new CallbackWriter(callbacks);
    this.diagnosticsReader = new DiagnosticReader(diagnostics);
    this.requested = 0;
    this.lastTick = 0;
    this.lastHeartbeat = -1;
    this.heartbeatChangedAt = c.now();
    this.spawnedAt = this.heartbeatChangedAt;
    this.stallReported = false;
    this.crashReported = false;
    if (!first) {
      c.onIncarnation(this.incarnation, this.callbacks);
      this.worldClearPending = true;
    }
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
      file: f.file, line: f.line, column: f.column, stack: f.stack, phase: 'worker', tick: this.lastTick + 1,
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
    await this.config.delay(0);
    if (!this.crashReported) {
      this.crashReported = true;
      this.crashes++;
      this.config.diagnostics.report(RUNTIME_CODES.LOGIC_CRASHED.code, 'error', `logic worker ${incarnation} exited unexpectedly with code ${code} at tick ${this.lastTick}. The engine keeps rendering the last good state.`, 'worker', this.lastTick);
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
    const now = this.config.now();
    while (this.restartTimes.length > 0 && policy !== null && now - this.restartTimes[0]! > policy.windowMs) this.restartTimes.shift();
    if (policy === null || this.restartTimes.length >= policy.maxRestarts) {
      this.state = 'down';
      this.config.diagnostics.report(
        RUNTIME_CODES.LOGIC_RESTART_LIMIT.code, 'fatal',
        policy === null
          ? `logic worker ${this.incarnation} failed and restarting is off; the logic stays down and the engine keeps rendering the last good state. Fix the failure above, or pass restart: { maxRestarts, windowMs }.`
          : `logic worker failed ${this.restartTimes.length + 1} times within ${policy.windowMs} ms (policy: at most ${policy.maxRestarts} restarts); it stays down and the engine keeps rendering the last good state. Fix the failure above and restart the app.`,
        'watchdog', this.lastTick,
      );
      return;
    }
    const recent = this.restartTimes.length;
    this.restartTimes.push(now);
    this.restarts++;
    if (recent > 0) {
      const backoff = Math.min(policy.backoffMaxMs ?? 2000, (policy.backoffMs ?? 100) * 2 ** (recent - 1));
      await this.config.delay(backoff);
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
