/**
 * What a running engine app offers (`App`), and the hooks `twinframe/testing` reaches through
 * `TEST_HOOKS`. The app itself is `createEngineApp` (`app.ts`).
 */
import type { DiagnosticListener } from './diagnostic-hub.ts';
import type { InputSink } from '../protocol/input-writer.ts';
import type { EntitySnapshot } from '../protocol/entity-state.ts';
import type { AppStats } from './app-stats.ts';
import type { LogicHost, ReloadRequest } from './logic-host.ts';
import type { Recorder } from './recorder.ts';

/** A live measurement a host may read every display frame without allocating (e.g. an overlay's graph). */
export interface LiveSample {
  /** Samples so far. */
  readonly count: number;
  /** The newest sample. */
  readonly last: number;
}

/** A running engine: what a game host needs. Test hooks live in `twinframe/testing`. */
export interface App {
  /** Allocates nothing more: starts the logic worker and the frame loop. Throws TF3002 when no thread can start. */
  start(): void;
  /** Stops the frame loop and the worker gracefully (see shutdownTimeoutMs); resolves when nothing is left running, timers included. */
  stop(): Promise<void>;
  stats(): AppStats;
  /** Subscribes to diagnostics from both threads; returns the unsubscribe function. */
  on(event: 'diagnostic', listener: DiagnosticListener): () => void;
  /** Where input goes (browser events, or injected by a headless host). */
  readonly input: InputSink;
  /** Engine frames run so far. */
  readonly frame: number;
  /** The logic's frame time in ms as it arrives (count and last), readable every display frame. */
  readonly logicFrameMs: LiveSample;
  /** Reads an entity from the engine's own (latest) state; false when it does not exist. */
  readEntity(id: number, out: EntitySnapshot): boolean;
  /** Ids of the live entities (allocates; for tests and tools). */
  entityIds(): number[];
  /** True once the game asked to quit (ctx.quit / game.appRequestQuit). */
  readonly quitRequested: boolean;
  /** Resolves when the frame loop ended by itself (maxFrames reached); call stop() to end the worker. */
  readonly finished: Promise<void>;
  /**
   * Starts recording now (docs/replay.md): `sink` receives the recording's chunks in order, the
   * first at once; the recording begins with what the flight recorder holds (every logic fact of
   * the running incarnation, the last seconds of commands), so it replays from the incarnation's
   * first tick. Needs the flight recorder (`flightRecorderSeconds` > 0, the default); throws TF4100
   * without it or while a recording runs.
   */
  startRecording(sink: (chunk: Uint8Array) => void | Promise<void>): void;
  /** Ends the recording startRecording (or the `record` option) began; resolves once its last chunk was delivered. */
  stopRecording(): Promise<void>;
  /** Whether a recording runs (startRecording or the `record` option). */
  readonly recording: boolean;
  /**
   * Hot reload (docs/hot-reload.md): runs the game module at `gameUrl` in a new worker and swaps it
   * in at a frame boundary once it loaded, keeping the world when the game opted in (`ctx.hot`).
   * `{ error }` reports new code that did not build (a failed reload that changes nothing).
   * `savedAt` is when the save was seen, on the app's clock (save-to-first-frame is timed from it).
   */
  reload(request: ReloadRequest): void;
}

/** The hooks `twinframe/testing` reaches through `TEST_HOOKS`; not part of `App`. */
export interface AppTestHooks {
  /** The logic host (state, incarnation, counters). */
  readonly logic: LogicHost;
  /** Runs one engine frame now. */
  runFrame(): void;
  /** Forgets the frame-time, phase-time, logic-time and publish-time samples so far (measure after a warm-up); counters stay. */
  resetTimings(): void;
  /** Makes the next entity publish fail (fault injection: the logic keeps the last good state). */
  injectPublishFault(): void;
  /** The recorder (record/replay: its log, counters). */
  readonly recorder: Recorder;
}

/** The non-public key of an app's test hooks (read by `src/startup/testing.ts`). */
export const TEST_HOOKS: unique symbol = Symbol('twinframe.testHooks');
