/**
 * createApp's options: what a host may pass, every default written once (`APP_DEFAULTS`), and the
 * validation that turns a bad option into TF4100 before anything is allocated.
 */
import type { InputSink } from '../protocol/input-writer.ts';
import { DEFAULT_COMMAND_RING_BYTES } from '../protocol/command-opcodes.ts';
import { DEFAULT_DIAGNOSTIC_RING_BYTES } from '../protocol/diagnostic-queue.ts';
import { DEFAULT_DEBUG_DRAW_CAPACITY } from '../protocol/debug-draw-state.ts';
import type { LogicHostProfile, LogicPacing } from '../protocol/handshake.ts';
import type { RecordedBundle } from '../protocol/recording.ts';
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import type { Clock } from '../platform/clock.ts';
import type { Renderer } from '../platform/renderer.ts';
import type { AudioSink } from '../platform/audio-sink.ts';
import type { WorkerHost } from '../platform/worker-host.ts';
import type { Logger } from '../platform/logger.ts';
import type { RestartPolicy } from './restart-policy.ts';
import { RUNTIME_CODES } from './error-codes.ts';

/** Options of createApp. */
export interface AppOptions {
  /** Starts the logic worker (createNodeWorkerHost in Node, the browser host in pages). */
  readonly workerHost: WorkerHost;
  /** URL of the game module the worker imports (a file: URL of the bundled game in Node). */
  readonly game: string;
  /** Script surface: 'twinframe' (default) or 'protogame' (ProtogameJS3D's natives). */
  readonly host?: LogicHostProfile;
  /** Engine frame pacing, timeouts and back-off (createTimerClock in Node, requestAnimationFrame in browsers). */
  readonly clock: Clock;
  /** Draws the engine state; default a NullRenderer (headless), chosen by the start-up wiring. */
  readonly renderer?: Renderer;
  /**
   * Plays the ProtogameJS3D `audio` native's sounds (host 'protogame'); default a RecordingAudioSink
   * (headless: every call recorded and counted). Browsers: a WebAudioSink, chosen by createBrowserApp.
   */
  readonly audio?: AudioSink;
  /** 'lockstep' (default: one logic frame per engine frame when it is done) or a rate of its own. */
  readonly logic?: 'lockstep' | { readonly hz: number };
  /** Entity records; default 16384. */
  readonly entityCapacity?: number;
  /** Camera records; default 64. */
  readonly cameraCapacity?: number;
  /**
   * Debug primitives the logic can hand over per frame (host 'protogame': `debugRenderInterface`);
   * default 4096 for host 'protogame', 1 otherwise (nothing writes it). More are counted, not drawn.
   */
  readonly debugDrawCapacity?: number;
  /** RenderCommandQueue bytes (power of two); default 4 MiB. */
  readonly commandQueueBytes?: number;
  /** CallbackQueue records; default 4096. */
  readonly callbackCapacity?: number;
  /** DiagnosticQueue bytes; default the protocol's DEFAULT_DIAGNOSTIC_RING_BYTES. */
  readonly diagnosticQueueBytes?: number;
  /** A worker inside a frame with no heartbeat for this long is hung; default 2000 ms. */
  readonly hangTimeoutMs?: number;
  /** Restart policy for crashed and hung workers; default 3 restarts per 60 s; false: never restart. */
  readonly restart?: RestartPolicy | false;
  /** How long stop() waits for the worker to finish before terminating it; default 5000 ms. */
  readonly shutdownTimeoutMs?: number;
  /** Where diagnostics are logged; default a console logger, chosen by the start-up wiring. */
  readonly logger?: Logger;
  /** Seed of the game's random source (`ctx.random`); default 1. */
  readonly seed?: number;
  /** Plain options the game reads as `ctx.options`. */
  readonly gameOptions?: Readonly<Record<string, string | number | boolean>>;
  /** Copy only dirty records when publishing (default true). */
  readonly dirtyTracking?: boolean;
  /** Compare every dirty publish with a full copy (slow; default false). */
  readonly debugCompare?: boolean;
  /** Most commands applied per engine frame; the rest wait in the queue. Default 1,000,000. */
  readonly maxCommandsPerFrame?: number;
  /**
   * Milliseconds of an engine frame the apply phase may spend applying commands (and the callbacks
   * phase flushing callbacks); what is left waits, in order, for the next frame (counted in
   * stats().commands.over_budget_frames / carried). Default 4 (a quarter of a 60 Hz frame);
   * Infinity: apply everything published (up to maxCommandsPerFrame).
   */
  readonly applyBudgetMs?: number;
  /**
   * Positions of one bulk publish (`ctx.entities.setPositions`) applied per engine frame at most;
   * a larger publish lands over several frames, in slot order (commands wait until it is done, so
   * they stay in order, and the entity state is published once it is whole). Default 262,144.
   */
  readonly bulkApplyChunk?: number;
  /** Stop the frame loop by itself after this many engine frames (then `finished` resolves). */
  readonly maxFrames?: number;
  /** Called in the input phase of every frame (e.g. to poll gamepads). */
  readonly pollInput?: (input: InputSink) => void;
  /**
   * Records the whole run (docs/replay.md): the recording's chunks, in order, as they are encoded
   * (about one a second); `stop()` resolves after the last. In Node, createNodeApp also takes a file
   * path. While recording, Math.random / crypto.getRandomValues in the worker are seeded from
   * `seed`, and performance.now / Date.now run on the recorded (virtual) clock.
   */
  readonly record?: (chunk: Uint8Array) => void | Promise<void>;
  /**
   * The flight recorder: seconds of recent play kept in memory (with every logic fact of the
   * running incarnation) and written as a recording on the first error of each code, a crash or a
   * hang; default 30, 0 turns it off. It records like `record` (seeded randomness, virtual clock).
   */
  readonly flightRecorderSeconds?: number;
  /**
   * The flight recorder stops for good (TF4162) once more entities than this are live: it hashes
   * and keeps the whole world every frame, which at 100,000 bulk-moved entities took the engine's
   * p99 frame from ~7 to ~116 ms. Default 20,000; Infinity keeps it on. The `record` option and
   * `startRecording` before the limit are not affected.
   */
  readonly flightRecorderMaxEntities?: number;
  /**
   * Where flight recordings go (the start-up wiring chooses: a file in Node, a download in the
   * browser): receives the encoded file and a suggested file name; resolves with where it went
   * (reported as TF4160). Without it the flight recorder is off.
   */
  readonly flightRecorderSink?: (bytes: Uint8Array, name: string) => string | Promise<string>;
  /**
   * What recordings say about the run (filled by the start-up wiring); `bundleOf` hands over the
   * game bundle at a worker's game URL (a watched run records each incarnation's code).
   */
  readonly recordingInfo?: RecordingInfo;
}

/** The defaults of every optional numeric and boolean option, written once. */
export const APP_DEFAULTS = {
  entityCapacity: 16384,
  cameraCapacity: 64,
  /** Host 'protogame' hands over debug primitives; other hosts write none (capacity 1). */
  debugDrawCapacity: { protogame: DEFAULT_DEBUG_DRAW_CAPACITY, twinframe: 1 },
  commandQueueBytes: 4 * DEFAULT_COMMAND_RING_BYTES,
  callbackCapacity: 4096,
  diagnosticQueueBytes: DEFAULT_DIAGNOSTIC_RING_BYTES,
  hangTimeoutMs: 2000,
  restart: { maxRestarts: 3, windowMs: 60_000 },
  shutdownTimeoutMs: 5000,
  seed: 1,
  dirtyTracking: true,
  debugCompare: false,
  maxCommandsPerFrame: 1_000_000,
  applyBudgetMs: 4,
  bulkApplyChunk: 262144,
  maxFrames: Infinity,
  /** The watchdog warns (stalled) at half the hang timeout, at most this long. */
  stallTimeoutMaxMs: 500,
  /** Seconds of play the flight recorder keeps (0: off). */
  flightRecorderSeconds: 30,
  /** Live entities past which the flight recorder stops (TF4162). */
  flightRecorderMaxEntities: 20_000,
} as const;

/** Options with every default applied, validated; what the engine's parts read. */
export interface ResolvedAppOptions {
  readonly workerHost: WorkerHost;
  readonly game: string;
  readonly profile: LogicHostProfile;
  readonly clock: Clock;
  readonly renderer: Renderer;
  readonly logger: Logger;
  readonly audio: AudioSink | undefined;
  readonly pacing: LogicPacing;
  readonly entityCapacity: number;
  readonly cameraCapacity: number;
  readonly debugDrawCapacity: number;
  readonly commandQueueBytes: number;
  readonly callbackCapacity: number;
  readonly diagnosticQueueBytes: number;
  readonly hangTimeoutMs: number;
  readonly stallTimeoutMs: number;
  readonly restart: RestartPolicy | null;
  readonly shutdownTimeoutMs: number;
  readonly seed: number;
  readonly gameOptions: Readonly<Record<string, string | number | boolean>>;
  readonly dirtyTracking: boolean;
  readonly debugCompare: boolean;
  readonly maxCommandsPerFrame: number;
  readonly applyBudgetMs: number;
  readonly bulkApplyChunk: number;
  readonly maxFrames: number;
  readonly pollInput: ((input: InputSink) => void) | undefined;
  readonly record: ((chunk: Uint8Array) => void | Promise<void>) | undefined;
  readonly flightRecorderSeconds: number;
  readonly flightRecorderMaxEntities: number;
  readonly flightRecorderSink: ((bytes: Uint8Array, name: string) => string | Promise<string>) | undefined;
  readonly recordingInfo: RecordingInfo;
}

/** AppOptions.recordingInfo. */
export interface RecordingInfo {
  readonly twinframeVersion?: string;
  readonly bundleHash?: string;
  readonly gamePath?: string;
  readonly epochMs?: number;
  readonly bundleOf?: (gameUrl: string) => RecordedBundle | undefined;
}

/** A TF4100 for createApp with `what` as the rest of the message. */
export function optionError(what: string): TwinframeError {
  return new TwinframeError(RUNTIME_CODES.APP_OPTION_INVALID.code, `createApp: ${what}`);
}

function pacingOf(logic: AppOptions['logic']): LogicPacing {
  if (logic === undefined || logic === 'lockstep') return { mode: 'lockstep' };
  if (typeof logic === 'object' && logic !== null && typeof logic.hz === 'number' && logic.hz > 0 && logic.hz <= 1000) return { mode: 'free', hz: logic.hz };
  throw optionError(`logic must be 'lockstep' or { hz } with 0 < hz <= 1000; got ${JSON.stringify(logic)}. Use logic: { hz: 30 } for a 30 Hz game.`);
}

/**
 * Validates `options` and applies the defaults. `renderer` and `logger` must be present: the
 * start-up wiring (`src/startup/create-app.ts`) chooses them when the host did not. Throws TF4100.
 */
export function resolveAppOptions(options: AppOptions & { readonly renderer: Renderer; readonly logger: Logger }): ResolvedAppOptions {
  if (typeof options !== 'object' || options === null) throw optionError('options must be an object with workerHost, game and clock.');
  if (typeof options.workerHost?.spawn !== 'function') throw optionError('workerHost must be a WorkerHost (createNodeWorkerHost or the browser host); got none.');
  if (typeof options.game !== 'string' || options.game === '') throw optionError(`game must be the URL of the game module; got ${JSON.stringify(options.game)}.`);
  if (typeof options.clock?.scheduleFrame !== 'function') throw optionError('clock must be a Clock (createTimerClock in Node, the requestAnimationFrame clock in browsers).');
  const d = APP_DEFAULTS;
  const pacing = pacingOf(options.logic);
  const hangTimeoutMs = options.hangTimeoutMs ?? d.hangTimeoutMs;
  if (!(hangTimeoutMs > 0)) throw optionError(`hangTimeoutMs must be > 0; got ${String(hangTimeoutMs)}.`);
  const restart = options.restart === false ? null : options.restart ?? d.restart;
  if (restart !== null && (!(restart.maxRestarts >= 0) || !(restart.windowMs > 0))) throw optionError(`restart must be false or { maxRestarts >= 0, windowMs > 0 }; got ${JSON.stringify(restart)}.`);
  const profile = options.host ?? 'twinframe';
  const applyBudgetMs = options.applyBudgetMs ?? d.applyBudgetMs;
  if (options.record !== undefined && typeof options.record !== 'function') throw optionError(`record must be a function receiving the recording's chunks (createNodeApp also takes a file path); got ${typeof options.record}.`);
  const flightRecorderSeconds = options.flightRecorderSeconds ?? d.flightRecorderSeconds;
  if (!(typeof flightRecorderSeconds === 'number' && flightRecorderSeconds >= 0 && flightRecorderSeconds <= 3600)) throw optionError(`flightRecorderSeconds must be a number of seconds in 0..3600 (0: off); got ${String(flightRecorderSeconds)}. Use 30.`);
  const flightRecorderMaxEntities = options.flightRecorderMaxEntities ?? d.flightRecorderMaxEntities;
  if (!(typeof flightRecorderMaxEntities === 'number' && flightRecorderMaxEntities >= 0)) throw optionError(`flightRecorderMaxEntities must be a number >= 0 (Infinity: no limit); got ${String(flightRecorderMaxEntities)}. Use 20000.`);
  if (!(applyBudgetMs > 0)) throw optionError(`applyBudgetMs must be > 0 (Infinity: unbounded); got ${String(applyBudgetMs)}. Use 4 for a quarter of a 60 Hz frame.`);
  const bulkApplyChunk = options.bulkApplyChunk ?? d.bulkApplyChunk;
  if (!(bulkApplyChunk >= 1)) throw optionError(`bulkApplyChunk must be a number of positions >= 1 (Infinity: a whole publish a frame); got ${String(bulkApplyChunk)}. Use 262144.`);
  return {
    workerHost: options.workerHost,
    game: options.game,
    profile,
    clock: options.clock,
    renderer: options.renderer,
    logger: options.logger,
    audio: options.audio,
    pacing,
    entityCapacity: options.entityCapacity ?? d.entityCapacity,
    cameraCapacity: options.cameraCapacity ?? d.cameraCapacity,
    debugDrawCapacity: options.debugDrawCapacity ?? (profile === 'protogame' ? d.debugDrawCapacity.protogame : d.debugDrawCapacity.twinframe),
    commandQueueBytes: options.commandQueueBytes ?? d.commandQueueBytes,
    callbackCapacity: options.callbackCapacity ?? d.callbackCapacity,
    diagnosticQueueBytes: options.diagnosticQueueBytes ?? d.diagnosticQueueBytes,
    hangTimeoutMs,
    stallTimeoutMs: Math.min(hangTimeoutMs / 2, d.stallTimeoutMaxMs),
    restart,
    shutdownTimeoutMs: options.shutdownTimeoutMs ?? d.shutdownTimeoutMs,
    seed: options.seed ?? d.seed,
    gameOptions: options.gameOptions ?? {},
    dirtyTracking: options.dirtyTracking ?? d.dirtyTracking,
    debugCompare: options.debugCompare ?? d.debugCompare,
    maxCommandsPerFrame: options.maxCommandsPerFrame ?? d.maxCommandsPerFrame,
    applyBudgetMs,
    bulkApplyChunk,
    maxFrames: options.maxFrames ?? d.maxFrames,
    pollInput: options.pollInput,
    record: options.record,
    flightRecorderSeconds,
    flightRecorderMaxEntities,
    flightRecorderSink: options.flightRecorderSink,
    recordingInfo: options.recordingInfo ?? {},
  };
}
