/**
 * What the logic host does when the current incarnation fails outside a hot reload: a worker that
 * errors or exits is crashed (one TF4103 per crash), one that could not load its game is down
 * (restarting would fail the same way), a hung one (the watchdog's verdict) is terminated; a
 * crashed or hung one is restarted under the restart-intensity policy (`restart-policy.ts`), on
 * the restart spare when one is ready (`logic-spare.ts`), else on a spawned worker. Engine thread only.
 */
import { LOGIC_STATUS_FAILED, STATUS_SLOT } from '../protocol/control-block.ts';
import type { WorkerFailure } from '../platform/worker-host.ts';
import type { LogicSupervisor } from './logic-supervisor.ts';
import type { SpareKeeper } from './logic-spare.ts';
import { RestartBudget } from './restart-policy.ts';
import { RUNTIME_CODES } from './error-codes.ts';

/** Crash and hang handling, and the restarts they lead to. */
export class LogicRecovery {
  private readonly budget: RestartBudget;

  /** `reloading`: a hot reload is under way (it replaces the failed worker itself; no restart on top). */
  constructor(private readonly s: LogicSupervisor, private readonly spares: SpareKeeper, private readonly reloading: () => boolean) {
    this.budget = new RestartBudget(s.config.restart);
  }

  /** A worker's error event (not a reload's): reported once as TF4103 (its exit restarts it). */
  onWorkerError(incarnation: number, f: WorkerFailure): void {
    const s = this.s;
    if (incarnation !== s.pub.incarnation || s.pub.state === 'stopping' || s.pub.state === 'stopped' || s.crashReported) return;
    s.crashReported = true;
    // Counted with its report, so crashes always equals the TF4103 reports.
    this.s.pub.crashes++;
    s.config.diagnostics.fromLogic({
      code: RUNTIME_CODES.LOGIC_CRASHED.code, severity: 'error',
      message: `logic worker ${incarnation} crashed: ${f.message}. The engine keeps rendering the last good state${s.config.restart ? ' and restarts the logic' : ''}.`,
      file: f.file, line: f.line, column: f.column, stack: f.stack, phase: 'worker', tick: s.observed.lastTick + 1,
    });
  }

  /** A worker's exit (not a reload's): a load failure, or a crash that is reported and recovered from. */
  onWorkerExit(incarnation: number, code: number): void {
    const s = this.s;
    if (incarnation !== s.pub.incarnation || s.pub.state !== 'running') return;
    // A worker that failed to load closes itself; its exit can arrive before the watchdog reads
    // STATUS, and it is a load failure, not a crash.
    // ORDERING: observe — STATUS was stored before the worker closed.
    if (s.control !== null && Atomics.load(s.control, STATUS_SLOT) === LOGIC_STATUS_FAILED) {
      this.loadFailed();
      return;
    }
    void this.reportExitThenRecover(incarnation, code);
  }

  /** The worker reported STATUS FAILED (the game could not load): restarting would fail the same way. */
  loadFailed(): void {
    const s = this.s;
    s.pub.state = 'down';
    void this.spares.drop();
    // The worker's own report (TF5041 with file and line) goes first.
    s.drainDiagnostics();
    s.config.diagnostics.report(RUNTIME_CODES.LOGIC_LOAD_FAILED.code, 'fatal', `logic worker ${s.pub.incarnation}: the game ${s.config.gameUrl} could not be loaded (see the diagnostic before this one); the engine runs on with an empty world. Fix the game and start again.`, 'watchdog', 0);
    void s.worker?.terminate();
  }

  /** Terminates the current worker and starts the next one if the policy allows. */
  async recover(): Promise<void> {
    const s = this.s;
    if (s.pub.state !== 'running') return;
    s.pub.state = 'restarting';
    const worker = s.worker;
    s.worker = null;
    if (worker !== null) await worker.terminate();
    s.drainDiagnostics();
    // The engine may have been stopped while we waited, or a reload took over.
    if (s.pub.state !== 'restarting' || this.reloading()) return;
    const c = s.config;
    const policy = c.restart;
    const now = c.clock.now();
    if (policy === null || !this.budget.allows(now)) {
      s.pub.state = 'down';
      void this.spares.drop();
      c.diagnostics.report(
        RUNTIME_CODES.LOGIC_RESTART_LIMIT.code, 'fatal',
        policy === null
          ? `logic worker ${s.pub.incarnation} failed and restarting is off; the logic stays down and the engine keeps rendering the last good state. Fix the failure above, or pass restart: { maxRestarts, windowMs }.`
          : `logic worker failed ${this.budget.recent(now) + 1} times within ${policy.windowMs} ms (policy: at most ${policy.maxRestarts} restarts); it stays down and the engine keeps rendering the last good state. Fix the failure above and restart the app.`,
        'watchdog', s.observed.lastTick,
      );
      return;
    }
    const backoff = this.budget.take(now);
    this.s.pub.restarts++;
    if (backoff > 0) {
      await c.clock.delay(backoff, s.stopping.signal);
      if (s.pub.state !== 'restarting' || this.reloading()) return;
    }
    const spare = this.spares.take();
    try {
      if (spare !== null) this.spares.adopt(spare);
      else s.spawn();
    } catch (e) {
      s.pub.state = 'down';
      c.diagnostics.report(RUNTIME_CODES.LOGIC_RESTART_LIMIT.code, 'fatal', `logic worker could not be restarted: ${e instanceof Error ? e.message : String(e)}; the logic stays down and the engine keeps rendering the last good state.`, 'watchdog', 0);
      return;
    }
    c.diagnostics.report(RUNTIME_CODES.LOGIC_RESTARTED.code, 'info', `logic worker restarted as incarnation ${s.pub.incarnation} (restart ${this.s.pub.restarts}${spare !== null ? ', on the spare worker' : ''}); the previous world was cleared and the game starts again.`, 'watchdog', 0);
  }

  /**
   * One crash, one TF4103: the error event that usually comes with an exit (Node ends a worker
   * after an uncaught error or out of memory) says more, so the exit waits one macrotask for it
   * (under load the two events can arrive in either order) and is reported only without it.
   */
  private async reportExitThenRecover(incarnation: number, code: number): Promise<void> {
    const s = this.s;
    await s.config.clock.delay(0, s.stopping.signal);
    if (!s.crashReported) {
      s.crashReported = true;
      this.s.pub.crashes++;
      s.config.diagnostics.report(RUNTIME_CODES.LOGIC_CRASHED.code, 'error', `logic worker ${incarnation} exited unexpectedly with code ${code} at tick ${s.observed.lastTick}. The engine keeps rendering the last good state.`, 'worker', s.observed.lastTick);
    }
    if (incarnation === s.pub.incarnation) await this.recover();
  }
}
