/**
 * createApp for Node in one call: bundles the logic runtime and the game with esbuild, starts the
 * worker with worker_threads and paces the engine with a timer clock. What the CLI, the tests and
 * a Node host use.
 */
import { sharedLogicApi } from './shared-logic-api.ts';
import { fileURLToPath } from 'node:url';
import { closeSync, existsSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { RecordingAudioSink } from '../platform/audio-sink.ts';
import { soundFileDuration } from '../platform/sound-file-duration.ts';
import type { App, AppOptions } from '../engine/app.ts';
import { createApp } from './create-app.ts';
import { bundleForNodeWorker, type BundledModule } from '../platform/node-bundle.ts';
import { createConsoleLogger } from '../platform/logger.ts';
import { createNodeWorkerHost } from '../platform/node-worker-host.ts';
import { createTimerClock } from '../platform/timer-clock.ts';
import { DEFAULT_LOGIC_NICE, MAX_NICE } from '../platform/thread-priority.ts';
import { watchGame } from './hot-reloader.ts';
import { RecordedBundles } from './recorded-bundles.ts';
import type { ResourceLimits } from 'node:worker_threads';
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { RUNTIME_CODES } from '../engine/error-codes.ts';
import { formatDiagnostic } from '../protocol/format-diagnostic.ts';

/** Options of createNodeApp: createApp's, with the game as a file path and an engine frame rate. */
export interface NodeAppOptions extends Omit<AppOptions, 'workerHost' | 'game' | 'clock' | 'record'> {
  /** Path of the game module (TypeScript or JavaScript; for host 'protogame', the scripts' main.js). */
  readonly game: string;
  /** Engine frames per second (default 60). */
  readonly fps?: number;
  /** V8 heap limits of the logic worker (an out-of-memory game ends its worker, not the process). */
  readonly resourceLimits?: ResourceLimits;
  /** Use this clock instead of a timer clock at `fps` (tests). */
  readonly clock?: AppOptions['clock'];
  /**
   * The game's data root (host 'protogame': the folder holding `Data/`, the original's working
   * directory), where sound paths are looked up: the default RecordingAudioSink reports a sound
   * whose file is missing there (TF3030). Default: the nearest folder above the script that holds a
   * `Data` folder, else the script folder's parent.
   */
  readonly dataRoot?: string;
  /**
   * Hot reload (`twinframe run --watch`, docs/hot-reload.md): watch the game's module graph and
   * swap in the new code on each save; `stop()` ends the watch. Default false.
   */
  readonly watch?: boolean;
  /**
   * Records the whole run (docs/replay.md): a file path the recording is written to as it is
   * encoded (the file is complete once `stop()` resolved; a crash leaves it readable up to its
   * last whole chunk), or a function receiving the chunks.
   */
  readonly record?: string | ((chunk: Uint8Array) => void | Promise<void>);
  /**
   * Where the flight recorder writes its files (`twinframe run`: next to the `--json` report, else
   * the working directory); default the system's temporary directory (a library app writes no file
   * into the caller's tree unasked). TF4160 names each file.
   */
  readonly flightRecorderDir?: string;
  /**
   * How many nice levels the logic side runs below the engine thread (Linux; docs/guide.md): each
   * logic worker thread once it runs the game (a hot-reload standby at its activation, so it loads
   * at full priority; the restart spare from its start, as nobody waits for it) and the bundler
   * process run at this nice value, so on a
   * contended machine the engine thread gets a core first
   * (the engine never waits for the logic; with free cores it changes nothing). An integer 0..19;
   * default 5 (DEFAULT_LOGIC_NICE); 0 leaves every priority alone. Other platforms: no effect.
   * Never needs a privilege (nice values are only ever raised); a refusal is ignored.
   */
  readonly logicNice?: number;
}

/** The bundle hash a recording stores (sha-256 hex of the game's bundled module). Reads the file. */
export function gameBundleHash(bundle: BundledModule): string {
  return createHash('sha256').update(readFileSync(bundle.file)).digest('hex');
}

/** Opens `path` for a recording and returns its chunk sink and its close. Throws TF4100 when the file cannot be created. */
function recordingFile(path: string): { sink: (chunk: Uint8Array) => void; close: () => void } {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (e) {
    throw new TwinframeError(RUNTIME_CODES.APP_OPTION_INVALID.code, `createNodeApp: record: the recording file cannot be created; got ${JSON.stringify(path)} (${e instanceof Error ? e.message : String(e)}). Give a path in an existing, writable directory.`);
  }
  let open = true;
  return {
    // One chunk about every second: a synchronous write keeps the file in order at no real cost.
    sink: (chunk) => { if (open) writeSync(fd, chunk); },
    close: () => {
      if (!open) return;
      open = false;
      closeSync(fd);
    },
  };
}

/** The data root of a script (see NodeAppOptions.dataRoot). Touches the file system; start-up only. */
export function findDataRoot(scriptPath: string): string {
  const scriptDir = dirname(resolve(scriptPath));
  for (let dir = scriptDir; ; dir = dirname(dir)) {
    const data = join(dir, 'Data');
    if (existsSync(data) && statSync(data).isDirectory()) return dir;
    if (dirname(dir) === dir) break;
  }
  return dirname(scriptDir);
}

// The worker runtime's start beside this module: `.ts` when twinframe runs from its sources, `.js`
// from the compiled package (dist/); esbuild bundles either into the script the worker runs with
// V8's code cache (platform/node-runtime-script.ts).
const RUNTIME_ENTRY = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? './node-worker-start.ts' : './node-worker-start.js', import.meta.url));
let runtimeBundle: Promise<BundledModule> | null = null;

/** Bundles (once per process) the logic worker runtime; its `file` is the worker's entry (the loader of the runtime script). */
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
  const { game: _game, fps, resourceLimits, clock, dataRoot, watch, record, flightRecorderDir, logicNice, ...rest } = options;
  const nice = checkLogicNice(logicNice);
  // The first logic thread starts as soon as the runtime is bundled (usually cached), while the
  // game bundles: start() then posts its handshake to a thread that is up (issue 15: start to
  // first frame). execArgv: [] — the runtime is plain JavaScript; inheriting the parent's flags
  // (e.g. `--import tsx`) would load a TypeScript loader in every worker (~60 ms of startup).
  // With --watch a spare thread waits for the next reload's handshake (no thread start on a save).
  const hostReady = bundleLogicRuntime().then((runtime) => createNodeWorkerHost({ entry: runtime.file, resourceLimits, execArgv: [], prewarm: watch === true, prestart: true, nice }));
  let game: BundledModule;
  try {
    game = await bundleForNodeWorker(options.game, 'game', { host: options.host ?? 'twinframe', nice, shared: sharedLogicApi() });
  } catch (e) {
    // The pre-started thread is ended with the failed creation (nothing may keep it).
    await hostReady.then((host) => host.dispose?.(), () => undefined);
    throw e;
  }
  const workerHost = await hostReady;
  const flightDir = resolve(flightRecorderDir ?? tmpdir());
  const logger = options.logger ?? createConsoleLogger();
  const root = dataRoot ?? findDataRoot(options.game);
  // Each distinct warning once per app: a reload's build repeats those of the code it replaces.
  const warned = new Set<string>();
  const warnOnce = (line: string): void => {
    if (warned.has(line)) return;
    warned.add(line);
    logger.log('warn', 'engine', line);
  };
  for (const w of game.warnings) warnOnce(formatDiagnostic(w));
  const appClock = clock ?? createTimerClock({ fps: fps ?? 60 });
  let app: App;
  let file: ReturnType<typeof recordingFile> | null = null;
  // A watched run records each incarnation's bundle (its code changes as the files are saved).
  const bundles = watch === true ? new RecordedBundles() : null;
  bundles?.add(game.url);
  try {
    file = typeof record === 'string' ? recordingFile(resolve(record)) : null;
    app = createApp({
      ...rest,
      logger,
      // Headless, a one-shot ends after the duration its file declares (audio.isPlaying turns false).
      audio: rest.audio ?? new RecordingAudioSink({ fileExists: (path) => existsSync(join(root, path)), durationOf: (path) => soundDurationUnder(root, path) }),
      workerHost,
      game: game.url,
      clock: appClock,
      ...(file !== null ? { record: file.sink } : typeof record === 'function' ? { record } : {}),
      flightRecorderSink: rest.flightRecorderSink ?? (async (bytes, name) => {
        const path = join(flightDir, name);
        await writeFile(path, bytes);
        return path;
      }),
      recordingInfo: { gamePath: resolve(options.game), bundleHash: gameBundleHash(game), ...(bundles === null ? {} : { bundleOf: bundles.bundleOf }), ...rest.recordingInfo },
    });
  } catch (e) {
    file?.close();
    await workerHost.dispose?.();
    throw e;
  }
  if (file !== null) {
    const recording = file;
    const stopApp = app.stop.bind(app);
    (app as { stop: () => Promise<void> }).stop = async (): Promise<void> => {
      try {
        await stopApp();
      } finally {
        recording.close();
      }
    };
  }
  if (watch !== true || bundles === null) return app;
  const reload = app.reload.bind(app);
  (app as { reload: App['reload'] }).reload = (request): void => {
    if ('gameUrl' in request) bundles.add(request.gameUrl);
    reload(request);
  };
  const gameWatch = watchGame(app, { game: options.game, inputs: game.inputs, host: options.host, clock: appClock, nice, onWarning: warnOnce });
  const stop = app.stop.bind(app);
  // The watch ends with the app: nothing (watcher, debounce timer) is left to keep Node alive.
  (app as { stop: () => Promise<void> }).stop = async (): Promise<void> => {
    gameWatch.close();
    await stop();
  };
  return app;
}

/** The logic side's nice value (NodeAppOptions.logicNice): the default when absent; TF4100 unless an integer 0..19. */
function checkLogicNice(value: number | undefined): number {
  if (value === undefined) return DEFAULT_LOGIC_NICE;
  if (!Number.isInteger(value) || value < 0 || value > MAX_NICE) {
    throw new TwinframeError(RUNTIME_CODES.APP_OPTION_INVALID.code, `createNodeApp: logicNice must be an integer from 0 to ${MAX_NICE}; got ${String(value)}. Pass 0 to leave thread priorities alone, or omit it for the default ${DEFAULT_LOGIC_NICE}.`);
  }
  return value;
}

/** The duration the sound file at `path` under `root` declares (soundFileDuration), or undefined when unreadable or unknown. */
function soundDurationUnder(root: string, path: string): number | undefined {
  try {
    return soundFileDuration(readFileSync(join(root, path)));
  } catch {
    return undefined; // unreadable: the playback runs until stopped, as when the format is unknown
  }
}
