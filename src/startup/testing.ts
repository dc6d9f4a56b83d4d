/**
 * twinframe's test entry (`twinframe/testing`): what a test of a game or of the engine needs
 * beyond the public App — `runHeadless` (run a game file for N frames in Node, get its entities
 * and statistics), the hooks that drive or break an app (run one frame, fail a publish, forget
 * warm-up timings, read the logic host), a clock that moves only when told, a renderer that
 * records, a logger that keeps lines. Not for shipped hosts: these reach past the App's contract.
 */
import { TEST_HOOKS, type App, type AppTestHooks } from '../engine/app.ts';
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { RUNTIME_CODES } from '../engine/error-codes.ts';

export type { AppTestHooks } from '../engine/app.ts';
export type { LogicHost, LogicHostState } from '../engine/logic-host.ts';
export type { LogicObserver } from '../engine/logic-observer.ts';
export { ManualClock } from '../platform/manual-clock.ts';
export { RecordingRenderer } from '../platform/recording-renderer.ts';
export type { RecordedDebugLine } from '../platform/recording-renderer.ts';
export { MemoryLogger, silentLogger } from '../platform/logger.ts';
export { runHeadless } from './run-headless.ts';
export type { RunHeadlessOptions, HeadlessRun } from './run-headless.ts';
export type { EntitySnapshot } from '../protocol/entity-state.ts';
export type { EngineDiagnostic } from '../engine/diagnostic-hub.ts';
export type { AppStats } from '../engine/app.ts';
export { VK, keyCodeOf } from '../protocol/input-state.ts';
export type { InputSink } from '../protocol/input-writer.ts';

/**
 * The test hooks of `app` (made by createApp, createNodeApp or createBrowserApp). Throws TF4100
 * for anything else.
 *
 * @example
 * ```ts
 * const app = await createNodeApp({ game: 'game.ts', clock: new ManualClock() });
 * app.start();
 * testHooks(app).runFrame();
 * console.log(testHooks(app).logic.state); // 'running'
 * await app.stop();
 * ```
 */
export function testHooks(app: App): AppTestHooks {
  const hooks = (app as Partial<Record<typeof TEST_HOOKS, AppTestHooks>> | null)?.[TEST_HOOKS];
  if (hooks === undefined) throw new TwinframeError(RUNTIME_CODES.APP_OPTION_INVALID.code, `testHooks: the argument is not an app made by createApp; got ${typeof app}. Pass the app createApp, createNodeApp or createBrowserApp returned.`);
  return hooks;
}
