/**
 * twinframe for Node hosts (`twinframe/node`): createNodeApp bundles a game and runs it headless
 * on a worker thread; replayRecordingFile re-runs and verifies a recording (docs/replay.md);
 * runCommand is the CLI.
 */
export { createNodeApp, bundleLogicRuntime } from '../startup/node-app.ts';
export type { NodeAppOptions } from '../startup/node-app.ts';
export { runCommand } from './run-command.ts';
export { main } from './main.ts';
export type { CliOutput } from './run-command.ts';
export { bundleForNodeWorker } from '../platform/node-bundle.ts';
export type { BundledModule } from '../platform/node-bundle.ts';
export { replayRecording, replayRecordingFile } from '../startup/replay-driver.ts';
export type { DecodedRecording, ReplayDivergence, ReplayError, ReplayOptions, ReplayReport } from '../startup/replay-driver.ts';
export type { IncarnationBundle } from '../startup/replay-bundles.ts';
export type { RecordDifference, FieldDifference } from '../engine/state-diff.ts';
export { replayCommand } from './replay-command.ts';
