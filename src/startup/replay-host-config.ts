/**
 * The logic host configuration a replay starts its workers with (replay-session.ts): the
 * recording's host profile, seed, options and capacities, the replay's own world and buffers, in
 * lockstep with the recorded raw dts (`replay: true`), seeded randomness and the recorded virtual
 * clock (`deterministic`), no restart policy (a recorded restart is replayed, not decided).
 */
import { createDebugDrawBuffer, DEBUG_DRAW_SCHEMA } from '../protocol/debug-draw-state.ts';
import { StateReader } from '../shared-memory/state-reader.ts';
import type { BulkTransformSync } from '../engine/bulk-transform-sync.ts';
import type { LogicHostConfig } from '../engine/logic-host-config.ts';
import { ManualClock } from '../platform/manual-clock.ts';
import type { WorkerHost } from '../platform/worker-host.ts';
import type { RecordingHeader } from './replay-model.ts';
import type { ReplayPlan } from './replay-plan.ts';
import type { ReplayWorld } from './replay-world.ts';

/** The most callbacks the recording delivered to one tick. */
function maxCallbacksPerTick(plan: ReplayPlan): number {
  let most = 0;
  for (const inc of plan.incarnations) for (const t of inc.ticks) if (t.callbacks.length > most) most = t.callbacks.length;
  return most;
}

/** The LogicHostConfig of a replay of `header`'s recording (see the module comment). */
export function replayHostConfig(
  header: RecordingHeader, plan: ReplayPlan, host: WorkerHost, gameUrl: string, world: ReplayWorld, inputBuffer: SharedArrayBuffer, bulk: BulkTransformSync, hangTimeoutMs: number,
): LogicHostConfig {
  const debugDrawBuffer = createDebugDrawBuffer();
  return {
    workerHost: host, gameUrl, profile: header.host, pacing: { mode: 'lockstep' }, seed: header.seed, gameOptions: header.gameOptions,
    entities: world.entities, cameras: world.cameras, entityBuffer: world.entityBuffer, cameraBuffer: world.cameraBuffer,
    inputBuffer, debugDrawBuffer, debugDraw: new StateReader(debugDrawBuffer, DEBUG_DRAW_SCHEMA),
    bulkTransforms: { buffer: bulk.buffer, takeOver: () => bulk.takeOver() },
    // Room for the most callbacks the recording delivered to one tick (they are all written before it).
    commandQueueBytes: 1 << 20, callbackCapacity: Math.min(1 << 16, Math.max(1024, 2 * maxCallbacksPerTick(plan))), diagnosticQueueBytes: 1 << 16,
    hangTimeoutMs, stallTimeoutMs: hangTimeoutMs, restart: null, shutdownTimeoutMs: 1000,
    clock: new ManualClock(), diagnostics: world.diagnostics, onIncarnation: () => {}, onWorldClear: () => {},
    // Lockstep with the recorded raw dts, seeded randomness and the recorded virtual clock.
    replay: true, deterministic: { seed: header.seed, epochMs: header.epochMs },
  };
}
