/**
 * One replayed logic incarnation's worker (replay-session.ts): the real Node logic worker started
 * with the incarnation's handshake, its queues, and the waits of a tick (attach, completion, death),
 * which sleep on the command ring while the tick runs.
 */
import { FRAME_COMPLETED_SLOT, FRAME_REQUESTED_SLOT, LOGIC_STATUS_FAILED, LOGIC_STATUS_STARTING, replayDtView, SHUTDOWN_SLOT, STATUS_SLOT } from '../protocol/control-block.ts';
import { DiagnosticReader, type Diagnostic } from '../protocol/diagnostic-queue.ts';
import type { HandshakeMessage } from '../protocol/handshake.ts';
import { RingReader } from '../shared-memory/ring-reader.ts';
import { RingWriter } from '../shared-memory/ring-writer.ts';
import type { WorkerHandle, WorkerHost } from '../platform/worker-host.ts';
import { RUNTIME_CODES } from '../engine/error-codes.ts';
import type { CommandStaging } from './replay-staging.ts';
import type { PlannedIncarnation } from './replay-plan.ts';
import type { ReplayError } from './replay-report.ts';

/**
 * Wall milliseconds of a tick during which the driver sleeps synchronously on the command ring
 * (Atomics.wait on Node's main thread: the fastest wake-up) before it yields to the event loop.
 */
const SYNC_WAIT_MS = 20;

export type Outcome = { kind: 'done' } | { kind: 'crashed'; code: number; message: string; error: boolean } | { kind: 'hung' } | { kind: 'load-failed' };
/** The outcome of a tick that completed (one object: a tick allocates none of its own). */
const DONE: Outcome = { kind: 'done' };

/** One replayed incarnation's worker and its queues. */
export class ReplayWorker {
  readonly control: Int32Array;
  readonly dt: Float64Array;
  readonly commands: RingReader;
  readonly callbacks: RingWriter;
  readonly diagnostics: DiagnosticReader;
  handle: WorkerHandle | null = null;
  requested = 0;
  completedTick = 0;
  dead: { code: number; message: string; error: boolean } | null = null;
  private wake: (() => void) | null = null;
  exited: Promise<void>;
  private resolveExit!: () => void;

  constructor(readonly handshake: HandshakeMessage) {
    const b = handshake.buffers;
    this.control = new Int32Array(b.control);
    this.dt = replayDtView(b.control);
    this.commands = new RingReader(b.commands);
    this.callbacks = new RingWriter(b.callbacks);
    this.diagnostics = new DiagnosticReader(b.diagnostics);
    this.exited = new Promise((r) => { this.resolveExit = r; });
  }

  start(host: WorkerHost): void {
    this.handle = host.spawn(this.handshake, {
      onError: (f) => {
        this.dead ??= { code: 1, message: f.message, error: true };
        this.wake?.();
      },
      onExit: (code) => {
        this.dead ??= { code, message: `exited with code ${code}`, error: false };
        this.resolveExit();
        this.wake?.();
      },
    });
  }

  /** Resolves after at most `ms`, or earlier when records arrive or the worker dies. */
  async idle(ms: number): Promise<void> {
    if (this.dead !== null) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      this.commands.waitForDataAsync(ms),
      new Promise<void>((r) => { this.wake = r; timer = setTimeout(r, ms + 1); }),
    ]);
    clearTimeout(timer);
    this.wake = null;
  }

  async stop(): Promise<void> {
    const h = this.handle;
    if (h === null) return;
    this.handle = null;
    if (this.dead === null) {
      // ORDERING: release — the request to stop; the worker checks it after every wake-up and frame.
      Atomics.store(this.control, SHUTDOWN_SLOT, 1);
      // ORDERING: wakes the worker waiting for a trigger.
      Atomics.notify(this.control, FRAME_REQUESTED_SLOT);
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([this.exited, new Promise<void>((r) => { timer = setTimeout(r, 1000); })]);
      clearTimeout(timer);
    }
    await h.terminate();
  }

  /** Waits until the worker attached to the shared buffers (STATUS past STARTING); false when it died or failed first. */
  async attached(loadTimeoutMs: number): Promise<boolean> {
    const started = performance.now();
    for (;;) {
      // ORDERING: observe — STATUS LOADING is stored after the runtime (and its input reader) attached.
      const status = Atomics.load(this.control, STATUS_SLOT);
      if (status === LOGIC_STATUS_FAILED || this.dead !== null) return false;
      if (status !== LOGIC_STATUS_STARTING) return true;
      if (performance.now() - started > loadTimeoutMs) return false;
      await new Promise<void>((r) => setTimeout(r, 1));
    }
  }

  /** Waits for tick `requested` to complete, staging the records the worker writes meanwhile; the outcome. */
  async waitTick(requested: number, timeoutMs: number, staging: CommandStaging, inc: PlannedIncarnation): Promise<Outcome> {
    const started = performance.now();
    for (;;) {
      staging.stage(this.commands, inc, this.completedTick + 1);
      // ORDERING: acquire — FRAME_COMPLETED is the worker's last store of the tick, after its records were flushed.
      if (Atomics.load(this.control, FRAME_COMPLETED_SLOT) === requested) {
        staging.stage(this.commands, inc, this.completedTick + 1);
        return DONE;
      }
      if (this.dead !== null) return { kind: 'crashed', ...this.dead };
      // ORDERING: observe — STATUS FAILED is stored before the worker closes (the game did not load).
      if (Atomics.load(this.control, STATUS_SLOT) === LOGIC_STATUS_FAILED) return { kind: 'load-failed' };
      const waited = performance.now() - started;
      if (waited > timeoutMs) return { kind: 'hung' };
      // The tick's FRAME_END came: FRAME_COMPLETED follows within microseconds, spin for it briefly.
      if (staging.frameEndTick === this.completedTick + 1) {
        const spinEnd = performance.now() + 2;
        // ORDERING: acquire — as above.
        while (Atomics.load(this.control, FRAME_COMPLETED_SLOT) !== requested && performance.now() < spinEnd) { /* spin */ }
        // ORDERING: acquire — as above.
        if (Atomics.load(this.control, FRAME_COMPLETED_SLOT) === requested) continue;
      }
      // Sleep on the ring (a futex: the worker's flush wakes it at once) for the first milliseconds
      // of a tick; past them, wait on the event loop, where a dying worker's exit event arrives.
      if (waited < SYNC_WAIT_MS) this.commands.waitForData(1);
      else await this.idle(Math.min(20, Math.max(1, timeoutMs - waited)));
    }
  }

  /** Requests the next tick with raw dt `dt` (after its input and callbacks were written); returns its number. */
  request(dt: number): number {
    this.dt[0] = dt;
    const requested = ++this.requested;
    // ORDERING: release — REPLAY_DT, the input and the callbacks written before are published by this store; the worker reads them after observing it.
    Atomics.store(this.control, FRAME_REQUESTED_SLOT, requested);
    // ORDERING: wakes the worker waiting on FRAME_REQUESTED.
    Atomics.notify(this.control, FRAME_REQUESTED_SLOT);
    return requested;
  }

  /**
   * The error a failed tick (`o`: crashed, hung or the game did not load) is reported as, the way
   * the engine's logic host reports it; a hung worker is terminated.
   */
  failure(o: Outcome, incarnation: number, hangTimeoutMs: number): ReplayError {
    const last = this.completedTick;
    if (o.kind === 'crashed') {
      // The tick that was running when the worker died (the logic host may name the last one it observed finished).
      return { incarnation, tick: last + 1, code: RUNTIME_CODES.LOGIC_CRASHED.code, severity: 'error', message: `logic worker ${incarnation} crashed: ${o.message}` };
    }
    if (o.kind === 'hung') {
      void this.handle?.terminate();
      return { incarnation, tick: last + 1, code: RUNTIME_CODES.LOGIC_HUNG.code, severity: 'error', message: `logic worker ${incarnation} is hung: tick ${last + 1} did not complete within ${hangTimeoutMs} ms` };
    }
    // 'load-failed' (a completed tick is no failure and never passed here).
    return { incarnation, tick: 0, code: RUNTIME_CODES.LOGIC_LOAD_FAILED.code, severity: 'fatal', message: `logic worker ${incarnation}: the game could not be loaded` };
  }

  /** Appends the worker's error and fatal diagnostics to `errors`. */
  drainErrors(errors: ReplayError[], incarnation: number): void {
    this.diagnostics.drain((d: Diagnostic) => {
      if (d.severity === 'error' || d.severity === 'fatal') errors.push({ incarnation, tick: d.tick, code: d.code, severity: d.severity, message: d.message });
    });
  }
}
