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
 * The session is replay-session.ts, its worker replay-worker.ts, the plan replay-plan.ts.
 */
import { sharedLogicApi } from './shared-logic-api.ts';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { RUNTIME_CODES } from '../engine/error-codes.ts';
import { silentLogger } from '../platform/logger.ts';
import { bundleForNodeWorker } from '../platform/node-bundle.ts';
import { createNodeWorkerHost } from '../platform/node-worker-host.ts';
import { bundleLogicRuntime, gameBundleHash } from './node-app.ts';
import { decodeRecording } from '../protocol/recording-decoder.ts';
import { planReplay } from './replay-plan.ts';
import { incarnationBundles, writeRecordedBundles } from './replay-bundles.ts';
import { ReplaySession } from './replay-session.ts';
import type { DecodedRecording, ReplayError, ReplayOptions, ReplayReport } from './replay-report.ts';

export type { DecodedRecording, ReplayDivergence, ReplayError, ReplayOptions, ReplayReport } from './replay-report.ts';
export { rebuildRecordedWorld, recordedWorldAfterTick } from './replay-recorded-world.ts';

function optionError(what: string, value: unknown, remedy: string): TwinframeError {
  return new TwinframeError(RUNTIME_CODES.APP_OPTION_INVALID.code, `replayRecording: ${what}; got ${JSON.stringify(value) ?? String(value)}. ${remedy}`);
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
  const plan = planReplay(events);
  // A watched run's recording holds each incarnation's code: those run it, not the game file.
  const written = writeRecordedBundles(plan);
  const needsGame = plan.incarnations.length === 0 || plan.incarnations.some((inc) => inc.bundle === null);
  const [runtime, game] = await Promise.all([bundleLogicRuntime(), needsGame ? bundleForNodeWorker(gamePath, 'game', { host: header.host, shared: sharedLogicApi() }) : null]);
  const bundleHash = game === null ? '' : gameBundleHash(game);
  const host = createNodeWorkerHost({ entry: runtime.file, execArgv: [] });
  const gameUrlOf = (inc: (typeof plan.incarnations)[number]): string => (inc.bundle === null ? undefined : written.get(inc.bundle)?.url) ?? game!.url;
  const session = new ReplaySession(header, plan, host, game?.url ?? gameUrlOf(plan.incarnations[0]!), { verify, untilTick, hangTimeoutMs, loadTimeoutMs, logger: options.logger ?? silentLogger, gameUrlOf });
  const t0 = performance.now();
  try {
    await session.run();
  } finally {
    await host.dispose?.();
  }
  const wallSeconds = Math.max(1e-6, (performance.now() - t0) / 1000);
  const bundles = incarnationBundles(plan, written, header.bundleHash, bundleHash);
  const recordedErrors: ReplayError[] = [];
  for (const inc of plan.incarnations) {
    for (const d of inc.diagnostics) if (d.severity === 'error' || d.severity === 'fatal') recordedErrors.push({ incarnation: inc.incarnation, tick: d.tick, code: d.code, severity: d.severity, message: d.message });
  }
  return {
    ticks: session.ticks, frames: session.frames, recordedTicks: plan.tickCount, recordedSeconds: session.seconds, wallSeconds,
    loadSeconds: session.loadSeconds, speedX: session.seconds / Math.max(1e-6, wallSeconds - session.loadSeconds), verified: verify, divergence: session.divergence,
    recordedBundleHash: header.bundleHash, bundleHash, bundles,
    bundleHashMatches: bundles.length > 0 ? bundles.every((b) => b.bundleHashMatches) : header.bundleHash === '' || header.bundleHash === bundleHash,
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
