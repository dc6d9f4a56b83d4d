/**
 * The app's statistics: the report's shape (`AppStats`, key names shared with the CLI's `--json`
 * report) and its assembly from the engine's parts. Called at stats time, never per frame.
 */
import type { StateWriter } from '../shared-memory/state-writer.ts';
import type { CommandReader } from '../protocol/command-reader.ts';
import type { ApplyBudget } from './apply-budget.ts';
import type { BulkTransformSync } from './bulk-transform-sync.ts';
import type { CallbackOutbox } from './callback-outbox.ts';
import type { CameraSystem } from './camera-system.ts';
import type { CommandOutcomes } from './command-outcomes.ts';
import type { DebugDrawSync } from './debug-draw-sync.ts';
import type { AudioSystem } from './audio-system.ts';
import type { DiagnosticHub } from './diagnostic-hub.ts';
import type { EnginePhase, PhaseLoop } from './engine-phases.ts';
import type { EntitySystem } from './entity-system.ts';
import type { FrameSampler, SampleSummary } from './frame-sampler.ts';
import type { LogicHost } from './logic-host.ts';

/** Statistics of a running app; key names match the CLI's `--json` report. */
export interface AppStats {
  readonly elapsed_ms: number;
  /** `frame_ms` is the engine's own work in its phases, not the time between frames; `phase_ms` splits it by phase. */
  readonly engine: { readonly frames: number; readonly fps: number; readonly frame_ms: SampleSummary; readonly phase_ms: Readonly<Record<EnginePhase, SampleSummary>> };
  readonly logic: {
    readonly frames: number; readonly fps: number; readonly frame_ms: SampleSummary; readonly skipped_frames: number;
    readonly state: string; readonly incarnation: number; readonly overflow_commands: number; readonly overflow_events: number;
  };
  /**
   * `over_budget_frames`: frames whose apply phase stopped at `applyBudgetMs` with commands left;
   * `carried`: the commands those frames left for the next (summed over frames).
   */
  readonly commands: {
    readonly applied: number; readonly rejected: number; readonly malformed: number;
    readonly over_budget_frames: number; readonly carried: number;
  };
  /** `over_budget_frames`: frames whose callback flush stopped at the budget with callbacks waiting. */
  readonly callbacks: { readonly delivered: number; readonly waiting: number; readonly full_events: number; readonly over_budget_frames: number };
  readonly entities: { readonly live: number; readonly created: number; readonly destroyed: number };
  /**
   * The bulk transform path (`ctx.entities.setPositions`): publishes and positions applied, and
   * positions refused (dead id or stale generation TF4001, non-finite TF4003), which keep their
   * entity's last good position; `shared_bytes`: the buffer's size.
   */
  readonly bulk: {
    readonly publishes: number; readonly applied: number; readonly refused_dead: number; readonly refused_stale: number;
    readonly refused_value: number; readonly shared_bytes: number;
  };
  readonly cameras: { readonly live: number; readonly active: number };
  readonly publish: {
    readonly us: SampleSummary; readonly total: number; readonly failed: number;
    readonly dirty_ratio_avg: number; readonly last_dirty: number; readonly dropped_dirty_ids: number;
    /** Records copied into published buffers by the entity and camera writers, and how many publishes were full copies. */
    readonly copied_records: number; readonly full_copies: number;
    /**
     * What the entity writer timed a record to cost, by catch-up and by full copy (0 until timed),
     * which decide between the two (docs/AsyncArchitecturePhases.md), and how often it retried the way it did not predict cheaper.
     */
    readonly catch_up_ns_per_record: number; readonly full_ns_per_record: number; readonly cost_retries: number;
  };
  readonly diagnostics: { readonly total: number; readonly by_code: Readonly<Record<string, number>> };
  readonly worker: { readonly restarts: number; readonly hangs: number; readonly crashes: number };
  /**
   * Hot reloads (docs/hot-reload.md): `count` swapped in, `failed` changed nothing, `ms` from the
   * save to the first frame of the new code; `callbacks_discarded`: engine answers to a replaced
   * incarnation dropped with it, unsent or unread in its queue (restarts included).
   */
  readonly reload: { readonly count: number; readonly failed: number; readonly ms: { readonly p50: number; readonly max: number }; readonly callbacks_discarded: number };
  /**
   * Debug drawing (host 'protogame'): primitives in the set drawn now, the lines they became, the
   * sets received from the logic, and records skipped as malformed (non-finite values, unknown kind).
   */
  readonly debug: { readonly primitives: number; readonly lines: number; readonly texts: number; readonly sets: number; readonly skipped: number };
  /** The `audio` native's calls as the engine applied them: sounds loaded, and calls by kind (AUDIO_CALL_KINDS). */
  readonly audio: { readonly sounds: number; readonly calls: Readonly<Record<string, number>> };
  readonly queues: {
    /** `used_bytes`: what the current ring holds now (approximate); the rest run over every incarnation. */
    readonly command: { readonly high_water_bytes: number; readonly full_events: number; readonly capacity_bytes: number; readonly used_bytes: number };
    readonly callback: { readonly full_events: number; readonly overflow_high_water: number };
  };
}

/** The command queue's counters over incarnations (each restart brings a fresh ring). */
export class CommandQueueHistory {
  private highWater = 0;
  private full = 0;

  /** Keeps the dying incarnation's counters before its ring is replaced. */
  retire(ring: CommandReader['ring'] | undefined): void {
    this.highWater = Math.max(this.highWater, ring?.highWaterBytes ?? 0);
    this.full += ring?.fullEvents ?? 0;
  }

  /** The stats entry, with the current ring's counters added. */
  summary(ring: CommandReader['ring'] | undefined): AppStats['queues']['command'] {
    return {
      high_water_bytes: Math.max(this.highWater, ring?.highWaterBytes ?? 0),
      full_events: this.full + (ring?.fullEvents ?? 0),
      capacity_bytes: ring?.capacityBytes ?? 0,
      used_bytes: ring?.approximateSizeBytes ?? 0,
    };
  }
}

/** The parts stats read. */
export interface StatsSources {
  readonly elapsedMs: number;
  readonly frame: number;
  readonly frameMs: FrameSampler;
  readonly phases: PhaseLoop;
  readonly publishUs: FrameSampler;
  readonly logic: LogicHost;
  readonly applier: CommandOutcomes;
  readonly outbox: CallbackOutbox | null;
  readonly budget: ApplyBudget;
  readonly bulk: BulkTransformSync;
  readonly entityState: StateWriter;
  readonly cameraState: StateWriter;
  readonly entities: EntitySystem | undefined;
  readonly cameras: CameraSystem | undefined;
  readonly diagnostics: DiagnosticHub;
  readonly debug: DebugDrawSync;
  readonly audio: AudioSystem;
  readonly commandQueue: CommandQueueHistory;
  readonly callbacksDiscarded: number;
}

/** Assembles the stats report (allocates). */
export function collectStats(s: StatsSources): AppStats {
  const elapsed = s.elapsedMs;
  const logic = s.logic;
  const observed = logic.observed;
  const byCode: Record<string, number> = {};
  for (const [code, n] of s.diagnostics.byCode) byCode[code] = n;
  const outbox = s.outbox;
  return {
    elapsed_ms: elapsed,
    engine: { frames: s.frame, fps: elapsed > 0 ? (s.frame * 1000) / elapsed : 0, frame_ms: s.frameMs.summary(), phase_ms: s.phases.summary() },
    logic: {
      frames: observed.logicFrames, fps: elapsed > 0 ? (observed.logicFrames * 1000) / elapsed : 0, frame_ms: observed.logicFrameMs.summary(),
      skipped_frames: logic.skippedFrames, state: logic.state, incarnation: logic.incarnation,
      overflow_commands: observed.logicOverflowCommands, overflow_events: observed.logicOverflowEvents,
    },
    commands: {
      applied: s.applier.applied, rejected: s.applier.rejected, malformed: s.applier.malformed,
      over_budget_frames: s.budget.framesOverBudget, carried: s.budget.commandsCarried,
    },
    callbacks: { delivered: outbox?.delivered ?? 0, waiting: outbox?.waiting ?? 0, full_events: outbox?.fullEvents ?? 0, over_budget_frames: s.budget.callbackFramesOverBudget },
    entities: { live: s.entityState.live, created: s.entities?.created ?? 0, destroyed: s.entities?.destroyed ?? 0 },
    cameras: { live: s.cameraState.live, active: s.cameras?.activeId ?? 0 },
    bulk: {
      publishes: s.bulk.publishes, applied: s.bulk.applied, refused_dead: s.bulk.refusedDead, refused_stale: s.bulk.refusedStale,
      refused_value: s.bulk.refusedValue, shared_bytes: s.bulk.buffer.byteLength,
    },
    publish: {
      us: s.publishUs.summary(), total: s.entityState.totalPublishes, failed: s.entityState.failedPublishes + s.cameraState.failedPublishes,
      dirty_ratio_avg: s.entityState.averageDirtyRatio, last_dirty: s.entityState.lastDirtyCount, dropped_dirty_ids: s.entityState.droppedIds + s.cameraState.droppedIds,
      copied_records: s.entityState.copiedRecords + s.cameraState.copiedRecords, full_copies: s.entityState.fullCopies + s.cameraState.fullCopies,
      catch_up_ns_per_record: timedOrZero(s.entityState.cost.catchUpNsPerRecord), full_ns_per_record: timedOrZero(s.entityState.cost.fullNsPerRecord),
      cost_retries: s.entityState.cost.retries,
    },
    diagnostics: { total: s.diagnostics.total, by_code: byCode },
    worker: { restarts: logic.restarts, hangs: logic.hangs, crashes: logic.crashes },
    reload: reloadStats(logic, s.callbacksDiscarded + logic.callbacksDropped),
    debug: { primitives: s.debug.primitives, lines: s.debug.lines, texts: s.debug.texts, sets: s.debug.sets, skipped: s.debug.skipped },
    audio: { sounds: s.audio.sounds, calls: s.audio.callCounts() },
    queues: {
      command: s.commandQueue.summary(logic.commands?.ring),
      callback: { full_events: outbox?.fullEvents ?? 0, overflow_high_water: outbox?.highWater ?? 0 },
    },
  };
}

function reloadStats(logic: LogicHost, callbacksDiscarded: number): AppStats['reload'] {
  const r = logic.reloads;
  const sorted = [...r.ms].sort((a, b) => a - b);
  const p50 = sorted.length === 0 ? 0 : sorted[Math.floor((sorted.length - 1) / 2)]!;
  return { count: r.count, failed: r.failed, ms: { p50, max: sorted.length === 0 ? 0 : sorted[sorted.length - 1]! }, callbacks_discarded: callbacksDiscarded };
}

/** A timed cost, or 0 while it is untimed (NaN does not survive JSON). */
function timedOrZero(ns: number): number {
  return Number.isNaN(ns) ? 0 : ns;
}
