/**
 * Replay (docs/replay.md): re-runs a recorded game in a real logic worker, one tick at a time, as
 * fast as it goes, and with verification compares it with the recording tick by tick.
 *
 * The worker is the normal one (the Node worker entry and the game's bundle), started with the
 * recording's host, options, capacities and seed, in lockstep, with `replay: true` (each tick's raw
 * dt comes from the control block's REPLAY_DT) and `deterministic` (seeded randomness, virtual
 * clocks). Before tick T the driver gives it exactly what tick T consumed when it was recorded:
 * 1. the engine state it read: the replayed logic's own commands applied (engine/replay-commands.ts,
 *    by the engine's EntitySystem and CameraSystem) up to the position the recorded snapshot of tick
 *    T had, published stamped with that snapshot's engine frame;
 * 2. its input: the recorded input state written into the input buffer;
 * 3. its callbacks: the recorded callback records written into the callback queue (the replay's
 *    own engine answers are dropped);
 * 4. its raw dt, in REPLAY_DT; then it requests the tick and waits for it.
 * Verification: every replayed game command is compared with the recorded one at the same
 * position, each tick's command count with the recorded count, and at every recorded engine frame
 * the state hash with the recorded hash. At the first divergence it stops, rebuilds the recorded
 * world at that frame (the last keyframe plus the recorded commands) and diffs it field by field
 * with the replayed world. A recorded restart restarts the logic at the same point; a crash or a
 * hang of the replayed worker is reported with its code and tick (to compare with the recording's).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CALLBACK_RECORD_TYPE } from '../protocol/callback-queue.ts';
import { createDebugDrawBuffer, DEBUG_DRAW_SCHEMA } from '../protocol/debug-draw-state.ts';
import { createBulkTransformBuffer } from '../protocol/bulk-transform-state.ts';
import {
  FRAME_COMPLETED_SLOT, FRAME_REQUESTED_SLOT, LOGIC_STATUS_FAILED, LOGIC_STATUS_STARTING, LOGIC_TICK_SLOT, replayDtView, SHUTDOWN_SLOT, STATUS_SLOT,
} from '../protocol/control-block.ts';
import { DiagnosticReader, type Diagnostic } from '../protocol/diagnostic-queue.ts';
import type { HandshakeMessage } from '../protocol/handshake.ts';
import { createInputStateBuffer, InputWriter } from '../protocol/input-writer.ts';
import { RingReader } from '../shared-memory/ring-reader.ts';
import { RingWriter } from '../shared-memory/ring-writer.ts';
import { StateReader } from '../shared-memory/state-reader.ts';
import { RECORD_ALIGN_BYTES, RECORD_TAG } from '../shared-memory/ring-layout.ts';
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { BulkTransformSync } from '../engine/bulk-transform-sync.ts';
import { RUNTIME_CODES } from '../engine/error-codes.ts';
import { incarnationHandshake, type LogicHostConfig } from '../engine/logic-host-config.ts';
import { describeRecord, isFrameEnd, isGameCommand, recordType, recordWords } from '../engine/replay-commands.ts';
import { formatStateDiff, type RecordDifference } from '../engine/state-diff.ts';
import type { Logger } from '../platform/logger.ts';
import { silentLogger } from '../platform/logger.ts';
import { ManualClock } from '../platform/manual-clock.ts';
import { bundleForNodeWorker } from '../platform/node-bundle.ts';
import { createNodeWorkerHost } from '../platform/node-worker-host.ts';
import type { WorkerHandle, WorkerHost } from '../platform/worker-host.ts';
import { bundleLogicRuntime, gameBundleHash } from './node-app.ts';
import type { RecordingEvent, RecordingHeader } from './replay-model.ts';
import { decodeRecording } from '../protocol/recording-decoder.ts';
import { forEachRecord } from '../protocol/logic-facts.ts';
import { COMMAND_OPCODES } from '../protocol/command-opcodes.ts';
import { planReplay, type PlannedFrame, type PlannedIncarnation, type PlannedTick, type ReplayPlan } from './replay-plan.ts';
import { ReplayWorld } from './replay-world.ts';
import { KeyframeWorld } from '../engine/keyframe-world.ts';
import { NullRenderer } from '../platform/null-renderer.ts';

/** A decoded recording (what recfile's decodeRecording returns; only the header and the events are read). */
export interface DecodedRecording {
  readonly header: RecordingHeader;
  readonly events: readonly RecordingEvent[];
  readonly truncatedAt?: number | null;
}

/** Options of replayRecording. */
export interface ReplayOptions {
  /** The game to run (default: the recording's gamePath). */
  readonly game?: string;
  /** Compare with the recording and stop at the first divergence (default true). */
  readonly verify?: boolean;
  /** Stop once this many logic ticks (over every incarnation) were replayed. */
  readonly untilTick?: number;
  /** A replayed tick that does not complete within this many wall milliseconds is a hang (TF4102). Default 2000. */
  readonly hangTimeoutMs?: number;
  /** Wall milliseconds the worker may take to load the game before its first tick. Default 30,000. */
  readonly loadTimeoutMs?: number;
  /** Where the replay's own diagnostics go (default: nowhere; they are in the report). */
  readonly logger?: Logger;
}

/** An error the replayed logic raised, or a crash or hang of its worker. */
export interface ReplayError {
  readonly incarnation: number;
  readonly tick: number;
  readonly code: string;
  readonly severity: string;
  readonly message: string;
}

/** Where and how a replay first differed from its recording. */
export interface ReplayDivergence {
  readonly incarnation: number;
  /** The first logic tick whose result differs (its commands, or the state they made). */
  readonly tick: number;
  /** The recorded engine frame at which the worlds were compared. */
  readonly frame: number;
  /** `commands`: the tick wrote other commands; `state`: the state hash differs; `error`: the logic failed where the recording did not (or the reverse). */
  readonly reason: 'commands' | 'state' | 'error';
  readonly detail: string;
  /** Entities and cameras whose records differ, field by field (recorded -> replayed). */
  readonly entities: readonly RecordDifference[];
  readonly cameras: readonly RecordDifference[];
  /** One line per differing record. */
  readonly lines: readonly string[];
}

/** What a replay did and found. */
export interface ReplayReport {
  /** Logic ticks replayed (over every incarnation). */
  readonly ticks: number;
  /** Engine frames of the recording replayed. */
  readonly frames: number;
  /** Ticks in the recording. */
  readonly recordedTicks: number;
  /** Recorded seconds replayed (the sum of the replayed ticks' raw dts). */
  readonly recordedSeconds: number;
  /** Wall seconds of the replay, from the first worker's start to the last tick (bundling excluded). */
  readonly wallSeconds: number;
  /** Of wallSeconds, what the workers took to start and load the game (each incarnation's first tick). */
  readonly loadSeconds: number;
  /** Recorded seconds replayed per wall second once the game was loaded: recordedSeconds / (wallSeconds - loadSeconds). */
  readonly speedX: number;
  readonly verified: boolean;
  /** The first divergence, or null when the replay matched the recording (or was not verified). */
  readonly divergence: ReplayDivergence | null;
  readonly recordedBundleHash: string;
  readonly bundleHash: string;
  /** True when the recording's bundle hash is unknown ('') or equals the replayed game's. */
  readonly bundleHashMatches: boolean;
  /** Errors of the replayed logic (script errors, crashes TF4103, hangs TF4102), in order. */
  readonly errors: readonly ReplayError[];
  /** The recording's diagnostics of severity error or fatal, in order. */
  readonly recordedErrors: readonly ReplayError[];
  readonly incarnations: number;
}

/**
 * Wall milliseconds of a tick during which the driver sleeps synchronously on the command ring
 * (Atomics.wait on Node's main thread: the fastest wake-up) before it yields to the event loop.
 */
const SYNC_WAIT_MS = 20;
const CRASHED = RUNTIME_CODES.LOGIC_CRASHED.code;
const HUNG = RUNTIME_CODES.LOGIC_HUNG.code;

function optionError(what: string, value: unknown, remedy: string): TwinframeError {
  return new TwinframeError(RUNTIME_CODES.APP_OPTION_INVALID.code, `replayRecording: ${what}; got ${JSON.stringify(value) ?? String(value)}. ${remedy}`);
}

/** A growable log of ring-framed records (the replayed worker's output, staged before it is applied). */
class StagedRecords {
  words = new Int32Array(1 << 14);
  length = 0;
  /** Word offset of the next record to apply. */
  read = 0;

  ensure(extra: number): void {
    if (this.length + extra <= this.words.length) return;
    // Applied records are dropped first; the buffer doubles only when that is not enough.
    if (this.read > 0) {
      this.words.copyWithin(0, this.read, this.length);
      this.length -= this.read;
      this.read = 0;
    }
    if (this.length + extra > this.words.length) {
      const grown = new Int32Array(Math.max(this.words.length * 2, this.length + extra));
      grown.set(this.words.subarray(0, this.length));
      this.words = grown;
    }
  }
}

type Outcome = { kind: 'done' } | { kind: 'crashed'; code: number; message: string; error: boolean } | { kind: 'hung' } | { kind: 'load-failed' };
/** The outcome of a tick that completed (one object: a tick allocates none of its own). */
const DONE: Outcome = { kind: 'done' };

/** One replayed incarnation's worker and its queues. */
class ReplayWorker {
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
}

/** The replay of one recording (replayRecording's state). */
class ReplaySession {
  readonly world: ReplayWorld;
  private readonly plan: ReplayPlan;
  private readonly staged = new StagedRecords();
  private readonly input: InputWriter;
  private readonly config: LogicHostConfig;
  private readonly bulk: BulkTransformSync;
  private worker: ReplayWorker | null = null;
  private inc!: PlannedIncarnation;
  /** Game commands of the current incarnation staged (compared) and applied so far. */
  private stagedCommands = 0;
  private appliedCommands = 0;
  private appliedFrameEnds = 0;
  private lastDt = 1 / 60;
  /** The tick of the last FRAME_END staged (the worker's tick is complete a few stores later). */
  private frameEndTick = -1;
  private worldClearPending = false;
  private readonly emptyHash: number;
  ticks = 0;
  frames = 0;
  seconds = 0;
  /** Wall seconds the workers took to start and load the game (their first ticks). */
  loadSeconds = 0;
  divergence: ReplayDivergence | null = null;
  /** A divergence seen in a tick's commands (reported once the tick completed). */
  private pending: { tick: number; detail: string } | null = null;
  stopped = false;
  readonly errors: ReplayError[] = [];

  constructor(
    readonly header: RecordingHeader, plan: ReplayPlan, private readonly host: WorkerHost, gameUrl: string,
    private readonly options: { verify: boolean; untilTick: number; hangTimeoutMs: number; loadTimeoutMs: number; logger: Logger },
  ) {
    this.plan = plan;
    this.world = new ReplayWorld(header.entityCapacity, header.cameraCapacity, options.logger);
    const empty = new ReplayWorld(1, 1, silentLogger);
    this.emptyHash = empty.hash();
    const inputBuffer = createInputStateBuffer();
    this.input = new InputWriter(inputBuffer);
    const debugDrawBuffer = createDebugDrawBuffer();
    this.bulk = new BulkTransformSync(createBulkTransformBuffer(header.entityCapacity), this.world.diagnostics);
    this.world.diagnostics.on((d) => {
      if (d.severity === 'error' || d.severity === 'fatal') this.errors.push({ incarnation: this.inc?.incarnation ?? 0, tick: d.tick, code: d.code, severity: d.severity, message: d.message });
    });
    this.config = {
      workerHost: host, gameUrl, profile: header.host, pacing: { mode: 'lockstep' }, seed: header.seed, gameOptions: header.gameOptions,
      entities: this.world.entities, cameras: this.world.cameras, entityBuffer: this.world.entityBuffer, cameraBuffer: this.world.cameraBuffer,
      inputBuffer, debugDrawBuffer, debugDraw: new StateReader(debugDrawBuffer, DEBUG_DRAW_SCHEMA),
      bulkTransforms: { buffer: this.bulk.buffer, takeOver: () => this.bulk.takeOver() },
      // Room for the most callbacks the recording delivered to one tick (they are all written before it).
      commandQueueBytes: 1 << 20, callbackCapacity: Math.min(1 << 16, Math.max(1024, 2 * maxCallbacksPerTick(plan))), diagnosticQueueBytes: 1 << 16,
      hangTimeoutMs: options.hangTimeoutMs, stallTimeoutMs: options.hangTimeoutMs, restart: null, shutdownTimeoutMs: 1000,
      clock: new ManualClock(), diagnostics: this.world.diagnostics, onIncarnation: () => {}, onWorldClear: () => {},
      // Lockstep with the recorded raw dts, seeded randomness and the recorded virtual clock.
      replay: true, deterministic: { seed: header.seed, epochMs: header.epochMs },
    };
  }

  async run(): Promise<void> {
    const incs = this.plan.incarnations;
    for (let i = 0; i < incs.length && !this.stopped; i++) {
      await this.runIncarnation(incs[i]!, incs[i + 1]);
    }
    await this.worker?.stop();
    this.worker = null;
  }

  private async runIncarnation(inc: PlannedIncarnation, next: PlannedIncarnation | undefined): Promise<void> {
    this.inc = inc;
    await this.worker?.stop();
    const handshake = incarnationHandshake(this.config, inc.incarnation);
    const worker = new ReplayWorker(handshake);
    this.worker = worker;
    this.staged.length = 0;
    this.staged.read = 0;
    this.stagedCommands = 0;
    this.appliedCommands = 0;
    this.appliedFrameEnds = 0;
    this.frameEndTick = -1;
    this.worldClearPending = inc.incarnation > 1;
    // The worker's input reader attaches with what the recorded one attached with (keys held
    // before it started are not edges of its first tick); tick 1's own input is written once it
    // attached (runTick waits for that).
    if (inc.attachInput !== null) this.input.writeState(inc.attachInput);
    worker.start(this.host);
    const ticks = inc.ticks;
    let ti = 0;
    const runDue = async (frame: number): Promise<void> => {
      while (ti < ticks.length && ticks[ti]!.entityFrame <= frame && !this.stopped) {
        const t = ticks[ti]!;
        ti++;
        if (!(await this.runTick(worker, t, ti === 1))) return;
      }
    };
    const frames = inc.frames;
    await runDue(frames.length > 0 ? frames[0]!.frame - 1 : Number.MAX_SAFE_INTEGER);
    for (let fi = 0; fi < frames.length && !this.stopped; fi++) {
      this.frame(frames[fi]!);
      if (this.stopped) break;
      await runDue(frames[fi]!.frame);
    }
    if (!this.stopped) await runDue(Number.MAX_SAFE_INTEGER);
    if (this.stopped || worker.dead !== null) return;
    // The recording ends with this incarnation's crash or hang (a flight recording, or a restart
    // follows): the tick that failed never finished, so its facts were never written. Run it (and
    // any tick between) with the last dt and input, expecting the recorded failure.
    const failure = inc.diagnostics.find((d) => d.code === CRASHED || d.code === HUNG);
    if (failure !== undefined || next?.reason === 'restart') {
      // The ticks the worker finished before it failed may be missing too (their records were
      // still in its ring): run until it fails, a few ticks past the recorded failure at most.
      const last = ticks.at(-1)?.tick ?? 0;
      const until = Math.min(Math.max(failure?.tick ?? 0, last) + 3, last + 16);
      let failed = false;
      for (let tick = last + 1; tick <= until && !this.stopped; tick++) {
        const t: PlannedTick = { tick, rawDt: this.lastDt, entityFrame: 0, cameraFrame: 0, callbackCount: 0, input: null, callbacks: [], commandsFrom: -1, commandsTo: -1 };
        if (!(await this.runTick(worker, t, tick === 1))) {
          failed = !this.stopped;
          break;
        }
      }
      // The recorded crash or hang did not happen (the game was fixed, or it depended on what the
      // recording does not hold): a divergence, or a fixed bug would read as reproduced.
      const f = inc.frames.at(-1);
      if (!failed && !this.stopped && failure !== undefined && this.options.verify && f !== undefined) {
        this.diverge(failure.tick, f, 'error', `the recording's ${failure.code} at tick ${failure.tick} did not happen in the replay (it ran ${until - last} tick(s) past the last recorded one)`);
      }
    }
  }

  /** One recorded engine frame: applies the replayed commands up to its position, publishes, verifies. */
  private frame(f: PlannedFrame): void {
    const w = this.world;
    const s = this.staged;
    const words = s.words;
    if (this.worldClearPending && (f.position > 0 || f.stateHash === this.emptyHash)) {
      this.worldClearPending = false;
      w.clear();
    }
    while (this.appliedCommands < f.position && s.read < s.length) {
      const type = recordType(words, s.read);
      if (isGameCommand(type)) this.appliedCommands++;
      else if (isFrameEnd(type)) this.appliedFrameEnds++;
      s.read = w.apply(words, s.read);
    }
    // The FRAME_ENDs (and facts) after the last command, as far as the recorded frame applied them.
    while (s.read < s.length) {
      const type = recordType(words, s.read);
      if (isGameCommand(type)) break;
      if (isFrameEnd(type)) {
        if (f.frameEnds >= 0 && this.appliedFrameEnds >= f.frameEnds) break;
        this.appliedFrameEnds++;
        s.read = w.apply(words, s.read);
        if (f.frameEnds < 0) break;
      } else {
        s.read += recordWords(words, s.read);
      }
    }
    if (this.worker !== null && this.worker.dead === null) this.bulk.apply(w.entities, w.outcomes.lastLogicTick);
    w.publish(f.frame);
    this.frames++;
    if (!this.options.verify) return;
    if (this.appliedCommands < f.position) {
      this.divergeAfterTick(this.tickAtPosition(this.appliedCommands), 'commands', `the replay wrote ${this.appliedCommands} game commands by engine frame ${f.frame}; the recording had ${f.position}`);
      return;
    }
    // Until a restarted incarnation's world is cleared the previous incarnation's world shows
    // (verified with it, or not in a flight recording that starts at the restart).
    if (this.worldClearPending) return;
    const hash = w.hash();
    if (hash !== f.stateHash) {
      this.diverge(Math.max(1, w.outcomes.lastLogicTick), f, 'state', `state hash ${hex(hash)} at engine frame ${f.frame}; the recording has ${hex(f.stateHash)}`);
    }
  }

  /** The recorded tick whose commands include position `k` (the last tick when past them). */
  private tickAtPosition(k: number): number {
    for (const t of this.inc.ticks) if (t.commandsTo > k) return t.tick;
    return this.inc.ticks.at(-1)?.tick ?? 1;
  }

  /** A state divergence at recorded frame `f`: both worlds as they were after that frame. */
  private diverge(tick: number, f: PlannedFrame, reason: ReplayDivergence['reason'], detail: string): void {
    const recorded = rebuildRecordedWorld(this.plan, this.header, this.inc, f.frame);
    this.report(tick, f.frame, reason, detail, recorded, recorded.stateHash() === f.stateHash);
  }

  /**
   * A divergence in tick `tick`'s commands: both worlds as they were right after that tick (its
   * FRAME_END), the replayed one from the staged records, the recorded one from the recording.
   */
  private divergeAfterTick(tick: number, reason: ReplayDivergence['reason'], detail: string): void {
    const s = this.staged;
    const w = this.world;
    while (s.read < s.length) {
      const type = recordType(s.words, s.read);
      const end = isFrameEnd(type) && s.words[s.read + 2] === tick;
      s.read = w.apply(s.words, s.read);
      if (end) break;
    }
    const recorded = recordedWorldAfterTick(this.plan, this.header, this.inc, tick);
    this.report(tick, recorded.frame, reason, detail, recorded.world, recorded.exact);
  }

  private report(tick: number, frame: number, reason: ReplayDivergence['reason'], detail: string, recorded: KeyframeWorld, exact: boolean): void {
    const diff = this.world.diffFrom(recorded.entityState, recorded.cameraState);
    const lines = [...formatStateDiff('entity', diff.entities), ...formatStateDiff('camera', diff.cameras)];
    if (!exact) lines.push(`(the recorded world rebuilt at engine frame ${frame} is approximate: the recording lacks commands before it)`);
    this.divergence = { incarnation: this.inc.incarnation, tick, frame, reason, detail, entities: diff.entities.differences, cameras: diff.cameras.differences, lines };
    this.stopped = true;
  }

  /** Stages every record the worker has published, comparing each game command with the recorded one. */
  private stage(worker: ReplayWorker, tick: number): void {
    const ring = worker.commands;
    const s = this.staged;
    for (;;) {
      const type = ring.tryRead();
      if (type < 0) break;
      const len = ring.length;
      const n = 2 + (((len + RECORD_ALIGN_BYTES - 1) & -RECORD_ALIGN_BYTES) >> 2);
      s.ensure(n);
      const w = s.words;
      const at = s.length;
      w[at] = len;
      w[at + 1] = (RECORD_TAG << 16) | type;
      const src = ring.i32;
      const from = ring.offset >> 2;
      for (let i = 2; i < n; i++) w[at + i] = src[from + i - 2]!;
      s.length += n;
      ring.release();
      if (isFrameEnd(type)) this.frameEndTick = w[at + 2]!;
      else if (isGameCommand(type)) {
        const k = this.stagedCommands++;
        if (this.options.verify && this.pending === null && !sameCommand(this.inc, k, w, at, n)) {
          this.pending = { tick, detail: `tick ${tick} wrote game command ${k + 1} of its incarnation differently from the recording: ${describeRecord(this.inc.commands, this.inc.commandAt[k]!)} was recorded, ${describeRecord(w, at)} replayed` };
        }
      }
    }
    ring.flush();
  }

  /** Runs one recorded tick in the worker; false when the replay stops (divergence, failure, until-tick). */
  private async runTick(worker: ReplayWorker, t: PlannedTick, first: boolean): Promise<boolean> {
    const t0 = performance.now();
    if (first && !(await this.attached(worker))) {
      this.fail(worker, worker.dead !== null ? { kind: 'crashed', ...worker.dead } : { kind: 'load-failed' }, t.tick);
      return false;
    }
    if (t.input !== null) this.input.writeState(t.input);
    if (t.callbacks.length > 0) {
      const cb = worker.callbacks;
      for (const payload of t.callbacks) {
        const off = cb.tryReserve(CALLBACK_RECORD_TYPE, payload.length);
        if (off < 0) {
          // Sized for the recording's busiest tick, so only a worker that stopped reading gets here: said, not dropped.
          this.errors.push({ incarnation: this.inc.incarnation, tick: t.tick, code: RUNTIME_CODES.CALLBACK_BACKPRESSURE.code, severity: 'error', message: `replay: the callback queue had no room for tick ${t.tick}'s ${t.callbacks.length} recorded callbacks; the replay stops there` });
          this.stopped = true;
          return false;
        }
        cb.u8.set(payload, off);
        cb.commit();
      }
      cb.publish();
    }
    worker.dt[0] = t.rawDt;
    this.lastDt = t.rawDt;
    const requested = ++worker.requested;
    // ORDERING: release — REPLAY_DT, the input and the callbacks above are published by this store; the worker reads them after observing it.
    Atomics.store(worker.control, FRAME_REQUESTED_SLOT, requested);
    // ORDERING: wakes the worker waiting on FRAME_REQUESTED.
    Atomics.notify(worker.control, FRAME_REQUESTED_SLOT);
    const outcome = await this.waitTick(worker, requested, first ? this.options.loadTimeoutMs : this.options.hangTimeoutMs);
    // A worker's first tick waits for it to start and load the game: not replay speed.
    if (first) this.loadSeconds += (performance.now() - t0) / 1000;
    this.drainDiagnostics(worker);
    if (outcome.kind !== 'done') {
      this.fail(worker, outcome, t.tick);
      return false;
    }
    this.ticks++;
    this.seconds += t.rawDt;
    // ORDERING: observe — LOGIC_TICK was stored before FRAME_COMPLETED, which waitTick loaded.
    worker.completedTick = Atomics.load(worker.control, LOGIC_TICK_SLOT);
    if (this.options.verify && this.pending === null && t.commandsTo >= 0 && this.stagedCommands !== t.commandsTo) {
      this.pending = { tick: t.tick, detail: `tick ${t.tick} wrote ${this.stagedCommands - Math.max(0, t.commandsFrom)} game commands; the recording has ${t.commandsTo - Math.max(0, t.commandsFrom)}` };
    }
    const p = this.pending;
    if (p !== null) {
      this.divergeAfterTick(p.tick, 'commands', p.detail);
      return false;
    }
    if (this.ticks >= this.options.untilTick) {
      this.stopped = true;
      return false;
    }
    return true;
  }

  /** Waits until the worker attached to the shared buffers (STATUS past STARTING); false when it died or failed first. */
  private async attached(worker: ReplayWorker): Promise<boolean> {
    const started = performance.now();
    for (;;) {
      // ORDERING: observe — STATUS LOADING is stored after the runtime (and its input reader) attached.
      const status = Atomics.load(worker.control, STATUS_SLOT);
      if (status === LOGIC_STATUS_FAILED || worker.dead !== null) return false;
      if (status !== LOGIC_STATUS_STARTING) return true;
      if (performance.now() - started > this.options.loadTimeoutMs) return false;
      await new Promise<void>((r) => setTimeout(r, 1));
    }
  }

  private async waitTick(worker: ReplayWorker, requested: number, timeoutMs: number): Promise<Outcome> {
    const started = performance.now();
    for (;;) {
      this.stage(worker, worker.completedTick + 1);
      // ORDERING: acquire — FRAME_COMPLETED is the worker's last store of the tick, after its records were flushed.
      if (Atomics.load(worker.control, FRAME_COMPLETED_SLOT) === requested) {
        this.stage(worker, worker.completedTick + 1);
        return DONE;
      }
      if (worker.dead !== null) return { kind: 'crashed', ...worker.dead };
      // ORDERING: observe — STATUS FAILED is stored before the worker closes (the game did not load).
      if (Atomics.load(worker.control, STATUS_SLOT) === LOGIC_STATUS_FAILED) return { kind: 'load-failed' };
      const waited = performance.now() - started;
      if (waited > timeoutMs) return { kind: 'hung' };
      // The tick's FRAME_END came: FRAME_COMPLETED follows within microseconds, spin for it briefly.
      if (this.frameEndTick === worker.completedTick + 1) {
        const spinEnd = performance.now() + 2;
        // ORDERING: acquire — as above.
        while (Atomics.load(worker.control, FRAME_COMPLETED_SLOT) !== requested && performance.now() < spinEnd) { /* spin */ }
        // ORDERING: acquire — as above.
        if (Atomics.load(worker.control, FRAME_COMPLETED_SLOT) === requested) continue;
      }
      // Sleep on the ring (a futex: the worker's flush wakes it at once) for the first milliseconds
      // of a tick; past them, wait on the event loop, where a dying worker's exit event arrives.
      if (waited < SYNC_WAIT_MS) worker.commands.waitForData(1);
      else await worker.idle(Math.min(20, Math.max(1, timeoutMs - waited)));
    }
  }

  private drainDiagnostics(worker: ReplayWorker): void {
    worker.diagnostics.drain((d: Diagnostic) => {
      if (d.severity === 'error' || d.severity === 'fatal') this.errors.push({ incarnation: this.inc.incarnation, tick: d.tick, code: d.code, severity: d.severity, message: d.message });
    });
  }

  /** The worker crashed, hung or failed to load at tick `tick`: reported like the engine's logic host reports it. */
  private fail(worker: ReplayWorker, o: Outcome, tick: number): void {
    const inc = this.inc.incarnation;
    const last = worker.completedTick;
    if (o.kind === 'crashed') {
      // The tick that was running when the worker died (the logic host may name the last one it observed finished).
      this.errors.push({ incarnation: inc, tick: last + 1, code: CRASHED, severity: 'error', message: `logic worker ${inc} crashed: ${o.message}` });
    } else if (o.kind === 'hung') {
      this.errors.push({ incarnation: inc, tick: last + 1, code: HUNG, severity: 'error', message: `logic worker ${inc} is hung: tick ${last + 1} did not complete within ${this.options.hangTimeoutMs} ms` });
      void worker.handle?.terminate();
    } else if (o.kind === 'load-failed') {
      this.errors.push({ incarnation: inc, tick: 0, code: RUNTIME_CODES.LOGIC_LOAD_FAILED.code, severity: 'fatal', message: `logic worker ${inc}: the game could not be loaded` });
      this.stopped = true;
      return;
    }
    // A recorded failure at this tick is the recording reproduced; anything else is a divergence.
    const recorded = this.inc.diagnostics.some((d) => (d.code === CRASHED || d.code === HUNG) && d.tick === tick);
    const last2 = this.inc.ticks.at(-1)?.tick ?? 0;
    if (!recorded && tick <= last2 && this.options.verify) {
      const f = this.inc.frames.find((x) => x.frame >= (this.inc.ticks[tick - 1]?.entityFrame ?? 0)) ?? this.inc.frames.at(-1);
      if (f !== undefined) this.diverge(tick, f, 'error', `the replayed logic ${o.kind === 'hung' ? 'hung' : 'crashed'} at tick ${tick}; the recording went on`);
    }
  }
}

/** The most callbacks the recording delivered to one tick. */
function maxCallbacksPerTick(plan: ReplayPlan): number {
  let most = 0;
  for (const inc of plan.incarnations) for (const t of inc.ticks) if (t.callbacks.length > most) most = t.callbacks.length;
  return most;
}

function hex(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
}

/** Whether the replayed command at word `at` (n words) equals the recorded command at position `k` (true when the recording lacks it). */
function sameCommand(inc: PlannedIncarnation, k: number, w: Int32Array, at: number, n: number): boolean {
  if (k >= inc.commandAt.length) return true;
  const q = inc.commandAt[k]!;
  if (q < 0) return true;
  const r = inc.commands;
  if (recordWords(r, q) !== n) return false;
  for (let i = 0; i < n; i++) if (r[q + i] !== w[at + i]) return false;
  return true;
}

/**
 * The recorded world at engine frame `frame` of `inc` (recfile's KeyframeWorld, the viewer's): the
 * incarnation's last keyframe at or before it, then the recorded commands of the frames after it.
 */
export function rebuildRecordedWorld(plan: ReplayPlan, header: RecordingHeader, inc: PlannedIncarnation, frame: number): KeyframeWorld {
  const world = new KeyframeWorld({ renderer: new NullRenderer(), entityCapacity: header.entityCapacity, cameraCapacity: header.cameraCapacity });
  let from = -1;
  for (const k of inc.keyframes) {
    if (k.frame <= frame && k.frame > from) from = k.frame;
  }
  const key = inc.keyframes.find((k) => k.frame === from);
  if (key !== undefined) world.restore(key.entities, key.cameras);
  for (const e of plan.frames) {
    if (e.incarnation !== inc.incarnation || e.frame <= from || e.frame > frame) continue;
    world.applyRecords(e.records);
    world.endFrame();
  }
  return world;
}

/**
 * The recorded world of `inc` right after tick `tick`: rebuilt (rebuildRecordedWorld's way) up to
 * the record after that tick's FRAME_END, inside the engine frame that applied it. `exact` is false
 * when a frame it needed lacks its game commands (a flight recording's older frames).
 */
export function recordedWorldAfterTick(plan: ReplayPlan, header: RecordingHeader, inc: PlannedIncarnation, tick: number): { world: KeyframeWorld; frame: number; exact: boolean } {
  const frames = plan.frames.filter((e) => e.incarnation === inc.incarnation);
  let target = frames.at(-1);
  let cut = target?.records.byteLength ?? 0;
  for (const e of frames) {
    let at = -1;
    forEachRecord(e.records, (opcode, _type, payload, length) => {
      if (opcode === COMMAND_OPCODES.FRAME_END && new DataView(e.records.buffer, e.records.byteOffset + payload, 4).getInt32(0, true) === tick) {
        at = payload + ((length + 7) & -8);
        return false;
      }
      return true;
    });
    if (at >= 0) {
      target = e;
      cut = at;
      break;
    }
  }
  const world = new KeyframeWorld({ renderer: new NullRenderer(), entityCapacity: header.entityCapacity, cameraCapacity: header.cameraCapacity });
  if (target === undefined) return { world, frame: 0, exact: false };
  let from = -1;
  for (const k of inc.keyframes) {
    if (k.frame < target.frame && k.frame > from) from = k.frame;
  }
  const key = inc.keyframes.find((k) => k.frame === from);
  if (key !== undefined) world.restore(key.entities, key.cameras);
  let exact = true;
  for (const e of frames) {
    if (e.frame <= from || e.frame > target.frame) continue;
    world.applyRecords(e.records, 0, e === target ? cut : e.records.byteLength);
    world.endFrame();
    if (inc.frames.find((f) => f.frame === e.frame)?.complete === false) exact = false;
  }
  return { world, frame: target.frame, exact };
}

/**
 * Replays a decoded recording (recfile's decodeRecording) in a real worker, headless, as fast as it
 * can; with `verify` (the default) compares it with the recording tick by tick and stops at the
 * first divergence. Rejects with the bundling error (TF3010...) when the game cannot be bundled.
 * From a file: replayRecordingFile.
 */
export async function replayRecording(recording: DecodedRecording, options: ReplayOptions = {}): Promise<ReplayReport> {
  const { header, events } = recording;
  const verify = options.verify ?? true;
  const untilTick = options.untilTick ?? Number.POSITIVE_INFINITY;
  if (!(untilTick >= 1)) throw optionError('untilTick must be a number >= 1', options.untilTick, 'Pass e.g. { untilTick: 600 }, or leave it out to replay the whole recording.');
  const hangTimeoutMs = options.hangTimeoutMs ?? 2000;
  const loadTimeoutMs = options.loadTimeoutMs ?? 30_000;
  const gamePath = resolve(options.game ?? header.gamePath);
  const [runtime, game] = await Promise.all([bundleLogicRuntime(), bundleForNodeWorker(gamePath, 'game', { host: header.host })]);
  const bundleHash = gameBundleHash(game);
  const plan = planReplay(events);
  const host = createNodeWorkerHost({ entry: runtime.file, execArgv: [] });
  const session = new ReplaySession(header, plan, host, game.url, { verify, untilTick, hangTimeoutMs, loadTimeoutMs, logger: options.logger ?? silentLogger });
  const t0 = performance.now();
  try {
    await session.run();
  } finally {
    await host.dispose?.();
  }
  const wallSeconds = Math.max(1e-6, (performance.now() - t0) / 1000);
  const recordedErrors: ReplayError[] = [];
  for (const inc of plan.incarnations) {
    for (const d of inc.diagnostics) if (d.severity === 'error' || d.severity === 'fatal') recordedErrors.push({ incarnation: inc.incarnation, tick: d.tick, code: d.code, severity: d.severity, message: d.message });
  }
  return {
    ticks: session.ticks, frames: session.frames, recordedTicks: plan.tickCount, recordedSeconds: session.seconds, wallSeconds,
    loadSeconds: session.loadSeconds, speedX: session.seconds / Math.max(1e-6, wallSeconds - session.loadSeconds), verified: verify, divergence: session.divergence,
    recordedBundleHash: header.bundleHash, bundleHash, bundleHashMatches: header.bundleHash === '' || header.bundleHash === bundleHash,
    errors: session.errors, recordedErrors, incarnations: plan.incarnations.length,
  };
}

/**
 * Reads, decodes and replays the recording in file `path` (replayRecording's options). Rejects with
 * the decoder's coded refusal (TF2020-TF2025: the chunk and byte offset) for a file that is not a
 * readable recording; a file cut in the middle of a chunk replays up to its last whole chunk.
 *
 * @example
 * ```ts
 * import { replayRecordingFile } from 'twinframe/node';
 *
 * const report = await replayRecordingFile('run.tfrec', { verify: true });
 * if (report.divergence !== null) console.log(report.divergence.tick, report.divergence.lines.join('\n'));
 * ```
 */
export async function replayRecordingFile(path: string, options: ReplayOptions = {}): Promise<ReplayReport> {
  return replayRecording(await decodeRecording(new Uint8Array(readFileSync(path))), options);
}
