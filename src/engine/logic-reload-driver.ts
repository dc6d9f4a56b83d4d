/**
 * The logic host's hot reloads (docs/hot-reload.md), one `ReloadJob` at a time through its stages
 * (`logic-reload.ts`). A request during a reload past loading waits for it; one during loading
 * replaces it (the newest save wins). Engine thread only.
 *
 * The engine frames of a reload only decide; what they decide runs in one task right after the
 * frame (`afterFrame`, the clock's yieldThen), between two frames: the old worker's stop request
 * and its wake-up, the swap itself (the standby adopted: its queues, the state buffers, the
 * recorder's and outbox's new incarnation), its activation message, the old worker's termination,
 * the TF4140 tally (`logic-reload-tally.ts`) and the start of a queued reload (the swap is made
 * sooner, in the old worker's hand-over message, when its commands were all applied: onHandover).
 * Measured on a 2-core machine, a wake-up alone held a frame for up to 4 ms of wall time, and the
 * adoption added 0.15-0.45 ms of work to its frame, against a frame's usual 0.15-0.2 ms. A
 * replaced world is still cleared inside the frame that applies the new code's first commands, so
 * the app's world (entityIds, the renderer, the published state) goes from the old to the new one
 * at once.
 */
import { FRAME_REQUESTED_SLOT, LOGIC_STATUS_FAILED, LOGIC_STATUS_READY, LOGIC_TICK_SLOT, SHUTDOWN_RELOAD, SHUTDOWN_SLOT, STATUS_SLOT } from '../protocol/control-block.ts';
import type { Diagnostic } from '../protocol/diagnostic-queue.ts';
import { isHotHandover } from '../protocol/hot-reload.ts';
import type { WorkerFailure, WorkerHandle } from '../platform/worker-host.ts';
import { incarnationHandshake } from './logic-host-config.ts';
import { buildFailure, ReloadJob, reloadFailure, type ReloadCounters, type ReloadRequest } from './logic-reload.ts';
import { ReloadTally } from './logic-reload-tally.ts';
import type { SpareKeeper } from './logic-spare.ts';
import type { LogicSupervisor, WorkerEvents } from './logic-supervisor.ts';
import { RUNTIME_CODES } from './error-codes.ts';

/** Runs the hot reloads of one logic host. */
export class ReloadDriver {
  /** The hot reload in progress, or null. */
  job: ReloadJob | null = null;
  /** A reload asked for while another was past loading: it starts when that one ends. */
  private queued: ReloadRequest | null = null;
  /** The queued request is due to start after this frame (its trial ended in it). */
  private queuedDue = false;
  private readonly tally: ReloadTally;
  /** A job whose acts are owed after the frame (its stop request, its activation). */
  private owing: ReloadJob | null = null;
  /** An old incarnation's worker to end after the frame. */
  private retired: WorkerHandle | null = null;
  private afterFrameScheduled = false;
  /** The reload's one-off acts, after the engine frame that made them due (long-lived: no closure per frame). */
  private readonly afterFrame = (): void => {
    this.afterFrameScheduled = false;
    this.settleOwed();
  };
  private readonly drainStandbyDiagnostic = (d: Diagnostic): void => {
    const job = this.job;
    if (job !== null && job.failure === null && (d.severity === 'error' || d.severity === 'fatal')) job.failure = d;
    this.s.config.diagnostics.fromLogic(d);
  };

  constructor(private readonly s: LogicSupervisor, private readonly spares: SpareKeeper, private readonly events: WorkerEvents) {
    this.tally = new ReloadTally(s.config.diagnostics);
  }

  /** `stats().reload`. */
  get counters(): ReloadCounters {
    return this.tally.counters;
  }

  /** A diagnostic of the current incarnation: the first error of a new incarnation on trial fails its reload. */
  onDiagnostic(d: Diagnostic): void {
    const job = this.job;
    if (job !== null && job.stage === 'trial' && !job.rollback && job.failure === null && (d.severity === 'error' || d.severity === 'fatal')) job.failure = d;
  }

  /** Whether a worker event belongs to the reload (the standby on trial, or the old incarnation it replaces); handles it if so. */
  claimsError(incarnation: number, f: WorkerFailure): boolean {
    const job = this.job;
    if (job === null) return false;
    if (job.stage === 'trial' && incarnation === this.s.pub.incarnation) {
      this.failTrial(job, { code: RUNTIME_CODES.LOGIC_CRASHED.code, severity: 'error', message: f.message, file: f.file, line: f.line, column: f.column, stack: f.stack, phase: 'worker', tick: 0 });
      return true;
    }
    return incarnation === job.oldIncarnation;
  }

  /** As claimsError, for a worker's exit. */
  claimsExit(incarnation: number, code: number): boolean {
    const job = this.job;
    if (job === null) return false;
    if (incarnation === job.oldIncarnation && job.stage !== 'trial') {
      // The old incarnation ended for the reload (or died meanwhile): the reload goes on without it.
      job.oldExited = true;
      return true;
    }
    if (job.stage === 'trial' && incarnation === this.s.pub.incarnation) {
      this.failTrial(job, job.failure ?? { code: RUNTIME_CODES.LOGIC_CRASHED.code, severity: 'error', message: `the new code's worker exited with code ${code} in its first frame`, file: '', line: 0, column: 0, stack: '', phase: 'worker', tick: 0 });
      return true;
    }
    return false;
  }

  /** The old incarnation's hand-over at a reload stop (its dispose data and id allocators). */
  onHandover(incarnation: number, m: unknown): void {
    const job = this.job;
    if (job === null || job.oldIncarnation !== incarnation || !isHotHandover(m)) return;
    job.handover = m;
    // The hand-over arrives between frames, the old incarnation's last act. When every command it
    // published was applied already (the usual case: its dispose hooks sent nothing), the swap is
    // made now instead of after the next frame, so the new code's setup and first frame run in
    // this frame interval: one logic frame less without a logic frame at a reload.
    const old = this.s.pub.commands;
    if (job.stage !== 'stopping' || job.dead || this.s.pub.state !== 'running' || (old !== null && old.ring.approximateSizeBytes > 0)) return;
    job.stage = 'draining';
    this.activate(job);
    const go = job.goOwed;
    job.goOwed = null;
    if (go !== null && job.worker !== null) job.worker.post!(go);
  }

  /** The watchdog found the current worker hung during the reload: the reload replaces it (no restart on top). */
  onHung(job: ReloadJob): void {
    if (job.stage !== 'trial') this.endOld(job);
    else this.failTrial(job, null);
  }

  /** Shutdown: the reload ends; returns its standby worker when it is not the current one (the caller terminates it). */
  cancel(): WorkerHandle | null {
    const job = this.job;
    this.job = null;
    this.queued = null;
    // What is owed settles now: the retired worker ends, a passed reload is counted; nothing is activated.
    this.owing = null;
    this.settleOwed();
    return job !== null && job.worker !== null && job.worker !== this.s.worker ? job.worker : null;
  }

  /**
   * Hot reload: starts a standby worker on `request.gameUrl` while the current one runs; a request
   * carrying an `error` (the new code did not bundle) is reported as a failed reload.
   */
  reload(request: ReloadRequest): void {
    if (this.s.pub.state === 'idle' || this.s.pub.state === 'stopping' || this.s.pub.state === 'stopped') return;
    if ('error' in request) {
      this.tally.failed();
      this.s.config.diagnostics.fromLogic(buildFailure(request.error, this.s.observed.lastTick));
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
    const c = this.s.config;
    // The spare loaded the code being replaced, and its reserved incarnation number is the job's.
    void this.spares.drop();
    const incarnation = ++this.s.issued;
    const job = new ReloadJob(incarnation, gameUrl, savedAt, incarnationHandshake(c, incarnation, gameUrl), rollback, this.s.pub.incarnation);
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
            this.events.onError(incarnation, f);
          }
        },
        onExit: (code) => {
          resolveExit();
          this.s.pub.workersAlive--;
          if (this.job === job && job.stage !== 'trial') job.dead = true;
          else this.events.onExit(incarnation, code);
        },
        // A standby worker posts its own hand-over only once it is current and stops for a reload.
        onMessage: (m) => this.events.onMessage(incarnation, m),
      });
    } catch (e) {
      this.job = null;
      this.failReload(job, null, `the new logic worker could not start: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    this.s.pub.workersAlive++;
    if (job.worker.post === undefined) {
      this.dropJob(job);
      this.failReload(job, null, 'this platform\'s worker host cannot post the activation message, so it cannot hot-reload');
    }
  }

  /** Advances the reload once per engine frame (observe phase). */
  step(job: ReloadJob): void {
    const c = this.s.config;
    if (job.stage === 'loading') {
      job.diagnostics.drain(this.drainStandbyDiagnostic);
      // ORDERING: observe — the standby worker stores READY after its module loaded, FAILED after it could not.
      const status = Atomics.load(job.control, STATUS_SLOT);
      if (status === LOGIC_STATUS_FAILED || job.dead) {
        this.dropJob(job);
        this.failReload(job, job.failure, 'the new code could not be loaded');
        return;
      }
      if (status !== LOGIC_STATUS_READY) return;
      if (this.s.pub.state !== 'running' || this.s.control === null) {
        // No old incarnation to stop (down after a failure, or restarting): the new code takes over now.
        job.oldExited = true;
        job.stage = 'draining';
      } else if (job.rollback) {
        job.stage = 'draining';
      } else {
        job.stage = 'stopping';
        job.stopAskedAt = c.clock.now();
        // Asked right after this frame (the stop's timeout counts from now).
        job.stopOwed = this.s.control;
        this.owe(job);
        return;
      }
    }
    if (job.stage === 'stopping') {
      // The standby worker died while the old one stopped: bring the old code back with its hand-over.
      if (job.dead) return this.failTrial(job, job.failure);
      // The hand-over is the old worker's last act on shared memory (STATUS = STOPPED came before it):
      // the swap need not wait for its thread to end.
      if (job.handover !== null) {
        job.stage = 'draining';
      } else if (!job.oldExited) {
        if (c.clock.now() - job.stopAskedAt > c.shutdownTimeoutMs) {
          c.diagnostics.report(RUNTIME_CODES.SHUTDOWN_TIMEOUT.code, 'warning', `logic worker ${this.s.pub.incarnation} did not stop within ${c.shutdownTimeoutMs} ms of the reload's stop request; it was terminated and the new code starts with a rebuilt world.`, 'shutdown', this.s.observed.lastTick);
          this.endOld(job);
        }
        return;
      } else {
        // Ended without a hand-over yet: one more engine frame for a message posted just before the end.
        job.stage = 'draining';
        return;
      }
    }
    if (job.stage === 'draining') {
      // The standby worker died before it was activated: the old code comes back (failTrial).
      if (job.dead) return this.failTrial(job, job.failure);
      // Every command the old incarnation published is applied before the new one's (apply phase).
      const old = this.s.pub.commands;
      if (old !== null && this.s.pub.state === 'running' && !job.rollback && old.ring.approximateSizeBytes > 0) return;
      // Swapped in after this frame, between two frames (settleOwed checks the stage again).
      job.activateOwed = true;
      this.owe(job);
      return;
    }
    // Trial: the first frame of the new code. Read its tick before draining its diagnostics, so an
    // error of that frame (written before the tick) is seen before the frame counts as passed.
    const control = this.s.control!;
    // ORDERING: observe — LOGIC_TICK is stored after the frame's diagnostics were written.
    const tick = Atomics.load(control, LOGIC_TICK_SLOT);
    this.s.drainDiagnostics();
    if (job.failure !== null) {
      this.failTrial(job, job.failure);
      return;
    }
    if (tick < 1) return;
    this.job = null;
    this.s.spareDueFor = this.s.pub.incarnation;
    this.s.spareAfterReload = true;
    if (!job.rollback) {
      this.s.goodUrl = job.gameUrl;
      // Counted and reported (TF4140) after this frame.
      this.tally.passed(this.s.pub.incarnation, c.clock.now() - job.savedAt, !this.s.worldClearPending, tick);
    }
    // A new code that sent nothing yet still replaces the old world (otherwise the apply phase clears it with its first commands).
    if (this.s.worldClearPending && this.s.pub.commands !== null && this.s.pub.commands.ring.approximateSizeBytes === 0) this.s.clearWorld();
    // A queued reload starts its standby worker after this frame.
    this.queuedDue = this.queued !== null;
    this.owe(null);
  }

  /** The old incarnation is gone (hung, or not stopping): terminate it; the reload goes on without a hand-over. */
  endOld(job: ReloadJob): void {
    const worker = this.s.worker;
    job.handover = null;
    if (job.stage === 'stopping') job.stage = 'draining';
    // Marked gone now: its exit event is not a crash.
    job.oldExited = true;
    this.s.worker = null;
    if (worker !== null) void worker.terminate();
    if (job.stage === 'loading') this.s.pub.state = 'restarting';
  }

  /** Activates the standby worker and makes it the current incarnation (between frames); its first frame is on trial. */
  private activate(job: ReloadJob): void {
    const c = this.s.config;
    const previousCommands = this.s.pub.commands;
    this.s.drainDiagnostics();
    const old = this.s.worker;
    // Ended after this frame: it published its last commands and stopped (or was declared gone).
    if (old !== null && old !== job.worker) this.retire(old);
    // The old reader is gone: hand its buffers to the new one.
    c.debugDraw.refresh();
    const handover = job.handover !== null && job.handover.accepted && c.profile === 'twinframe' ? job.handover : null;
    const go = this.s.takeOverStandby(job, handover, previousCommands, 'reload');
    this.s.worldClearPending = handover === null;
    this.s.pub.state = 'running';
    job.stage = 'trial';
    // Stored now (before the activation is posted): the standby runs setup and its first frame at once.
    this.s.requestFirstFrame();
    job.goOwed = go;
  }

  /** Schedules the one-off acts after this engine frame (`job`: the one whose stop or activation is owed). */
  private owe(job: ReloadJob | null): void {
    if (job !== null) this.owing = job;
    if (this.afterFrameScheduled) return;
    this.afterFrameScheduled = true;
    this.s.config.clock.yieldThen(this.afterFrame);
  }

  /** An old incarnation's worker, ended after the frame (a second one before that ends the first now). */
  private retire(worker: WorkerHandle): void {
    if (this.retired !== null && this.retired !== worker) void this.retired.terminate();
    this.retired = worker;
    this.owe(null);
  }

  /**
   * The acts owed after the frame: the stop request and wake-up of the old worker, the swap and
   * the standby's activation, the old worker's end, the TF4140 tally, a queued reload. Each checks
   * the job is still at the stage that owed it (an event between the frame and this task may have
   * ended it).
   */
  private settleOwed(): void {
    const job = this.owing;
    this.owing = null;
    if (job !== null && this.job === job && job.activateOwed && job.stage === 'draining') {
      // The standby died after the frame that chose to swap it in: the old code comes back.
      if (job.dead) this.failTrial(job, job.failure);
      else this.activate(job);
    }
    if (job !== null && this.job === job) {
      const control = job.stopOwed;
      if (control !== null && job.stage === 'stopping' && control === this.s.control) {
        // ORDERING: release — asks the old worker to stop for a reload (dispose hooks, hand-over); it checks after every wake-up and frame.
        Atomics.store(control, SHUTDOWN_SLOT, SHUTDOWN_RELOAD);
        // ORDERING: wake the old worker if it waits for a trigger.
        Atomics.notify(control, FRAME_REQUESTED_SLOT);
      }
      const go = job.goOwed;
      if (go !== null && job.stage === 'trial' && job.worker !== null && job.worker === this.s.worker) job.worker.post!(go);
    }
    if (job !== null) {
      job.stopOwed = null;
      job.goOwed = null;
      job.activateOwed = false;
    }
    const retired = this.retired;
    this.retired = null;
    if (retired !== null) void retired.terminate();
    this.tally.settle();
    if (this.queuedDue) {
      this.queuedDue = false;
      this.runQueued();
    }
  }

  /** The new code failed its first frame: it is terminated unapplied and the previous code comes back with the same hand-over. */
  failTrial(job: ReloadJob, failure: Diagnostic | null): void {
    if (this.job !== job) return;
    const worker = this.s.worker;
    this.s.worker = null;
    if (worker !== null) void worker.terminate();
    this.job = null;
    this.failReload(job, failure, 'the new code failed in its first frame (setup or update); its commands were dropped and the previous code runs again');
    // Nothing the failed incarnation sent was applied; the previous code takes over the same world.
    this.s.pub.state = 'restarting';
    this.startJob(this.s.goodUrl, job.savedAt, true);
    const back = this.job as ReloadJob | null;
    if (back !== null) back.handover = job.handover;
  }

  /** Ends a job whose standby never became current. */
  private dropJob(job: ReloadJob): void {
    if (this.job === job) this.job = null;
    if (job.worker !== null) void job.worker.terminate();
  }

  /** Counts and reports a failed reload (TF4141) naming the first error's file:line:column. */
  private failReload(job: ReloadJob, failure: Diagnostic | null, why: string): void {
    this.tally.failed();
    this.s.config.diagnostics.fromLogic(reloadFailure(why, failure, this.s.observed.lastTick));
    if (job.rollback) return;
    this.runQueued();
  }

  private runQueued(): void {
    const next = this.queued;
    if (next === null || this.job !== null) return;
    this.queued = null;
    this.reload(next);
  }
}
