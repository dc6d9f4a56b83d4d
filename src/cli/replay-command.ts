/**
 * `twinframe replay <recording> [--verify] [--until-tick N] [--json OUT] [--view]`: re-runs a
 * recording headless (src/startup/replay-driver.ts) and, with --verify, reports the first
 * divergence: its tick, the entities whose fields differ, and whether the game's bundle changed
 * since the recording. Exit 0 identical (or not verified), 1 on a divergence, 2 for a bad file
 * (recfile's decoder refuses it with a coded error) or bad arguments. docs/replay.md.
 */
import { readFileSync } from 'node:fs';
import { isTwinframeError } from '../shared-memory/twinframe-error.ts';
import { formatDiagnostic } from '../protocol/format-diagnostic.ts';
import { decodeRecording } from '../protocol/recording-decoder.ts';
import { replayRecording, type ReplayReport } from '../startup/replay-driver.ts';
import { badArgument, parseCommandArgs, parseReplayArgs, REPLAY_USAGE, STDOUT, type ReplayArgs } from './cli-args.ts';
import type { CliOutput } from './run-command.ts';
import { writeJsonReport } from './json-report.ts';

/** The JSON report `--json` writes: `replay.ticks`, `replay.divergent_tick` (null when none), `replay.speed_x`, `replay.bundle_hash_matches`, and the details. */
export function replayJson(report: ReplayReport, args: Pick<ReplayArgs, 'file' | 'verify' | 'untilTick'>): Record<string, unknown> {
  const d = report.divergence;
  return {
    replay: {
      file: args.file,
      verify: args.verify,
      until_tick: args.untilTick ?? null,
      ticks: report.ticks,
      frames: report.frames,
      recorded_ticks: report.recordedTicks,
      recorded_seconds: report.recordedSeconds,
      wall_seconds: report.wallSeconds,
      load_seconds: report.loadSeconds,
      speed_x: report.speedX,
      divergent_tick: d === null ? null : d.tick,
      divergence: d === null ? null : {
        incarnation: d.incarnation, tick: d.tick, frame: d.frame, reason: d.reason, detail: d.detail,
        entities: d.entities, cameras: d.cameras,
      },
      bundle_hash_matches: report.bundleHashMatches,
      bundle_hash: report.bundleHash,
      recorded_bundle_hash: report.recordedBundleHash,
      // Per incarnation: the code it ran ('recording': the bundle a watched run recorded; 'game': the game file).
      bundles: report.bundles.map((b) => ({ incarnation: b.incarnation, source: b.source, bundle_hash_matches: b.bundleHashMatches, bundle_hash: b.bundleHash, recorded_bundle_hash: b.recordedBundleHash })),
      incarnations: report.incarnations,
      errors: report.errors,
      recorded_errors: report.recordedErrors,
    },
  };
}

/** The lines the command prints for a report. */
export function replayLines(report: ReplayReport): string[] {
  const lines = [`replayed ${report.ticks} of ${report.recordedTicks} ticks (${report.recordedSeconds.toFixed(2)} s recorded, ${report.incarnations} incarnation(s)) in ${report.wallSeconds.toFixed(2)} s (${report.loadSeconds.toFixed(2)} s of it loading the game): ${report.speedX.toFixed(1)}x`];
  for (const e of report.errors) lines.push(`  error at tick ${e.tick} (incarnation ${e.incarnation}): ${e.code} ${e.message.split('\n')[0]}`);
  const d = report.divergence;
  if (report.verified) {
    if (d === null) lines.push('identical: every verified tick matched the recording');
    else {
      lines.push(`divergence at tick ${d.tick} (incarnation ${d.incarnation}, engine frame ${d.frame}): ${d.reason}: ${d.detail}`);
      for (const l of d.lines) lines.push(`  ${l}`);
      if (d.lines.length === 0) lines.push('  (no entity or camera record differs at that frame yet)');
    }
  }
  for (const b of report.bundles) {
    if (!b.bundleHashMatches) lines.push(`incarnation ${b.incarnation}: the game's bundle differs from the recorded one (recorded ${b.recordedBundleHash.slice(0, 12)}, now ${b.bundleHash.slice(0, 12)}): the game was edited since the recording`);
  }
  return lines;
}

/** Runs the command; resolves with the exit status. */
export async function replayCommand(argv: readonly string[], io: CliOutput): Promise<number> {
  const args = parseCommandArgs('replay', REPLAY_USAGE, argv, io, parseReplayArgs);
  if (typeof args === 'number') return args;
  if (args.view) {
    // The viewer starts a dev server (Vite, three.js): loaded only when asked for.
    const { viewRecording } = await import('../dev/replay-viewer.ts');
    return viewRecording(args.file, io, { ...(args.port === undefined ? {} : { port: args.port }), ...(args.open === true ? { open: true } : {}) });
  }
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(args.file);
  } catch (e) {
    io.err(badArgument('replay', `cannot read the recording (${e instanceof Error ? e.message : String(e)}); got ${JSON.stringify(args.file)}. Pass the path of a recording (twinframe run --record FILE writes one).`));
    return 2;
  }
  let recording;
  try {
    recording = await decodeRecording(bytes);
  } catch (e) {
    if (isTwinframeError(e)) {
      io.err(`twinframe replay: ${args.file} is not a readable recording: ${formatDiagnostic({ code: e.code, message: e.text })}`);
      return 2;
    }
    throw e;
  }
  if (recording.truncatedAt !== null && recording.truncatedAt !== undefined) {
    io.err(`twinframe replay: ${args.file} ends in the middle of a chunk (byte ${recording.truncatedAt}); replaying what it holds up to its last whole chunk.`);
  }
  let report: ReplayReport;
  try {
    report = await replayRecording(recording, {
      verify: args.verify,
      ...(args.untilTick === undefined ? {} : { untilTick: args.untilTick }),
      ...(args.game === undefined ? {} : { game: args.game }),
      ...(args.hangTimeoutMs === undefined ? {} : { hangTimeoutMs: args.hangTimeoutMs }),
    });
  } catch (e) {
    if (isTwinframeError(e)) {
      io.err(`twinframe replay: the game did not build: ${formatDiagnostic({ code: e.code, message: e.text })}`);
      return 2;
    }
    throw e;
  }
  // `--json` without a file: the JSON is stdout's only content, the text report goes to stderr.
  const reportOut = args.json === STDOUT;
  for (const l of replayLines(report)) {
    if (reportOut) io.err(l);
    else io.out(l);
  }
  if (args.json !== undefined) writeJsonReport(args.json, replayJson(report, args), io);
  return report.divergence === null ? 0 : 1;
}
