/**
 * The replay of one recording (replay-driver.ts's replayRecording; docs/replay.md): runs each
 * recorded incarnation in a real logic worker (replay-worker.ts) one tick at a time, gives each tick
 * what it consumed when recorded, applies the replayed commands at the recorded engine frames and,
 * with verification, stops at the first divergence with both worlds diffed field by field.
 */
import { CALLBACK_RECORD_TYPE } from '../protocol/callback-queue.ts';
import { createBulkTransformBuffer } from '../protocol/bulk-transform-state.ts';
import { LOGIC_TICK_SLOT } from '../protocol/control-block.ts';
import { createInputStateBuffer, InputWriter } from '../protocol/input-writer.ts';
import { BulkTransformSync } from '../engine/bulk-transform-sync.ts';
import { RUNTIME_CODES } from '../engine/error-codes.ts';
import { incarnationHandshake, type LogicHostConfig } from '../engine/logic-host-config.ts';
import { isFrameEnd, isGameCommand, recordType, recordWords } from '../engine/replay-commands.ts';
import { formatStateDiff } from '../engine/state-diff.ts';
import type { KeyframeWorld } from '../engine/keyframe-world.ts';
import type { Logger } from '../platform/logger.ts';
import { silentLogger } from '../platform/logger.ts';
import type { WorkerHost } from '../platform/worker-host.ts';
import type { RecordingHeader } from './replay-model.ts';
import type { PlannedFrame, PlannedIncarnation, PlannedTick, ReplayPlan } from './replay-plan.ts';
import { ReplayWorld } from './replay-world.ts';
import { replayHostConfig } from './replay-host-config.ts';
import { rebuildRecordedWorld, recordedWorldAfterTick } from './replay-recorded-world.ts';
import { CommandStaging } from './replay-staging.ts';
import { ReplayWorker, type Outcome } from './replay-worker.ts';
import type { ReplayDivergence, ReplayError } from './replay-report.ts';

const CRASHED = RUNTIME_CODES.LOGIC_CRASHED.code;
const HUNG = RUNTIME_CODES.LOGIC_HUNG.code;

function hex(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
}

/** The replay of one recording (replayRecording's state). */
export class ReplaySession {
  readonly world: ReplayWorld;
  private readonly plan: ReplayPlan;
  private readonly staging: CommandStaging;
  private readonly input: InputWriter;
  private readonly config: LogicHostConfig;
  private readonly bulk: BulkTransformSync;
  private worker: ReplayWorker | null = null;
  private inc!: PlannedIncarnation;
  /** Game commands of the current incarnation applied so far. */
  private appliedCommands = 0;
  private appliedFrameEnds = 0;
  private lastDt = 1 / 60;
  private worldClearPending = false;
  private readonly emptyHash: number;
  ticks = 0;
  frames = 0;
  seconds = 0;
  /** Wall seconds the workers took to start and load the game (their first ticks). */
  loadSeconds = 0;
  divergence: ReplayDivergence | null = null;
  stopped = false;
  readonly errors: ReplayError[] = [];

  constructor(
    readonly header: RecordingHeader, plan: ReplayPlan, private readonly host: WorkerHost, gameUrl: string,
    private readonly options: { verify: boolean; untilTick: number; hangTimeoutMs: number; loadTimeoutMs: number; logger: Logger; gameUrlOf?: (inc: PlannedIncarnation) => string },
  ) {
    this.plan = plan;
    this.staging = new CommandStaging(options.verify);
    this.world = new ReplayWorld(header.entityCapacity, header.cameraCapacity, options.logger);
    const empty = new ReplayWorld(1, 1, silentLogger);
    this.emptyHash = empty.hash();
    const inputBuffer = createInputStateBuffer();
    this.input = new InputWriter(inputBuffer);
    this.bulk = new BulkTransformSync(createBulkTransformBuffer(header.entityCapacity), this.world.diagnostics);
    this.world.diagnostics.on((d) => {
      if (d.severity === 'error' || d.severity === 'fatal') this.errors.push({ incarnation: this.inc?.incarnation ?? 0, tick: d.tick, code: d.code, severity: d.severity, message: d.message });
    });
    this.config = replayHostConfig(header, plan, host, gameUrl, this.world, inputBuffer, this.bulk, options.hangTimeoutMs);
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
    const handshake = incarnationHandshake(this.config, inc.incarnation, undefined, this.options.gameUrlOf?.(inc) ?? this.config.gameUrl);
    const worker = new ReplayWorker(handshake);
    this.worker = worker;
    this.staging.reset();
    this.appliedCommands = 0;
    this.appliedFrameEnds = 0;
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
    const s = this.staging.records;
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
    const s = this.staging.records;
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

  /** Runs one recorded tick in the worker; false when the replay stops (divergence, failure, until-tick). */
  private async runTick(worker: ReplayWorker, t: PlannedTick, first: boolean): Promise<boolean> {
    const t0 = performance.now();
    if (first && !(await worker.attached(this.options.loadTimeoutMs))) {
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
    this.lastDt = t.rawDt;
    const requested = worker.request(t.rawDt);
    const outcome = await worker.waitTick(requested, first ? this.options.loadTimeoutMs : this.options.hangTimeoutMs, this.staging, this.inc);
    // A worker's first tick waits for it to start and load the game: not replay speed.
    if (first) this.loadSeconds += (performance.now() - t0) / 1000;
    worker.drainErrors(this.errors, this.inc.incarnation);
    if (outcome.kind !== 'done') {
      this.fail(worker, outcome, t.tick);
      return false;
    }
    this.ticks++;
    this.seconds += t.rawDt;
    // ORDERING: observe — LOGIC_TICK was stored before FRAME_COMPLETED, which waitTick loaded.
    worker.completedTick = Atomics.load(worker.control, LOGIC_TICK_SLOT);
    const staged = this.staging.stagedCommands;
    if (this.options.verify && this.staging.pending === null && t.commandsTo >= 0 && staged !== t.commandsTo) {
      this.staging.pending = { tick: t.tick, detail: `tick ${t.tick} wrote ${staged - Math.max(0, t.commandsFrom)} game commands; the recording has ${t.commandsTo - Math.max(0, t.commandsFrom)}` };
    }
    const p = this.staging.pending;
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

  /** The worker crashed, hung or failed to load at tick `tick`: reported like the engine's logic host reports it. */
  private fail(worker: ReplayWorker, o: Outcome, tick: number): void {
    this.errors.push(worker.failure(o, this.inc.incarnation, this.options.hangTimeoutMs));
    if (o.kind === 'load-failed') {
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

