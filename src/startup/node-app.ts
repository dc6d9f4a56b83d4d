/**
 * createApp for Node in one call: bundles the logic runtime and the game with esbuild, starts the
 * worker with worker_threads and paces the engine with a timer clock. What the CLI, the tests and
 * a Node host use.
 */
import { fileURLToPath } from 'node:url';
import type { App, AppOptions } from '../engine/app.ts';
import { createApp } from './create-app.ts';
import { bundleForNodeWorker, type BundledModule } from '../platform/node-bundle.ts';
import { createConsoleLogger } from '../platform/logger.ts';
import { createNodeWorkerHost } from '../platform/node-worker-host.ts';
import { createTimerClock } from '../platform/timer-clock.ts';
import { watchGame } from './hot-reloader.ts';
import type { ResourceLimits } from 'node:worker_threads';

/** Options of createNodeApp: createApp's, with the game as a file path and an engine frame rate. */
export interface NodeAppOptions extends Omit<AppOptions, 'workerHost' | 'game' | 'clock'> {
  /** Path of the game module (TypeScript or JavaScript; for host 'protogame', the scripts' main.js). */
  readonly game: string;
  /** Engine frames per second (default 60). */
  readonly fps?: number;
  /** V8 heap limits of the logic worker (an out-of-memory game ends its worker, not the process). */
  readonly resourceLimits?: ResourceLimits;
  /** Use this clock instead of a timer clock at `fps` (tests). */
  readonly clock?: AppOptions['clock'];
  /**
   * Hot reload (`twinframe run --watch`, docs/hot-reload.md): watch the game's module graph and
   * swap in the new code on each save; `stop()` ends the watch. Default false.
   */
  readonly watch?: boolean;
}

const RUNTIME_ENTRY = fileURLToPath(new URL('./node-worker-main.ts', import.meta.url));
let runtimeBundle: Promise<BundledModule> | null = null;

/** Bundles (once per process) the logic worker runtime. */
export function bundleLogicRuntime(): Promise<BundledModule> {
  runtimeBundle ??= bundleForNodeWorker(RUNTIME_ENTRY, 'runtime').catch((e: unknown) => {
    runtimeBundle = null;
    throw e;
  });
  return runtimeBundle;
}

/**
 * Bundles the game and creates an app that runs it headless (or with `renderer`). Rejects with
 * TF3010/TF3011/TF3012/TF3014 (file, line, column in the message) when the game cannot be bundled;
 * the bundle's warnings (TF3013) go to the app's logger.
 *
 * @example
 * ```ts
 * const app = await createNodeApp({ game: 'examples/spawner/game.ts', fps: 60 });
 * app.start();
 * ```
 */
export async function createNodeApp(options: NodeAppOptions): Promise<App> {
  const [runtime, game] = await Promise.all([bundleLogicRuntime(), bundleForNodeWorker(options.game, 'game', { host: options.host ?? 'twinframe' })]);
  const { game: _game, fps, resourceLimits, clock, watch, ...rest } = options;
  const logger = options.logger ?? createConsoleLogger();
  for (const w of game.warnings) logger.log('warn', 'engine', `${w.code} ${w.message}`);
  const appClock = clock ?? createTimerClock({ fps: fps ?? 60 });
  const app = createApp({
    ...rest,
    logger,
    // execArgv: [] — the runtime is plain JavaScript; inheriting the parent's flags (e.g. `--import tsx`)
    // would load a TypeScript loader in every worker (~60 ms of startup).
    // With --watch a spare thread waits for the next reload's handshake (no thread start on a save).
    workerHost: createNodeWorkerHost({ entry: runtime.file, resourceLimits, execArgv: [], prewarm: watch === true }),
    game: game.url,
    clock: appClock,
  });
  if (watch !== true) return app;
  const gameWatch = watchGame(app, { game: options.game, inputs: game.inputs, host: options.host, clock: appClock });
  const stop = app.stop.bind(app);
  // The watch ends with the app: nothing (watcher, debounce timer) is left to keep Node alive.
  (app as { stop: () => Promise<void> }).stop = async (): Promise<void> => {
    gameWatch.close();
    await stop();
  };
  return app;
}
