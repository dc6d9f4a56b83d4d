/**
 * The seed's App, on the main thread: owns every shared buffer (allocated once at start and
 * injected into the logic worker through one handshake), runs the engine frame at the clock's
 * rate whatever the logic does, and reports statistics and diagnostics.
 *
 * One engine frame is the ordered phase list in `ENGINE_PHASES` (architecture note section 3):
 *   1 input     input state is written by its sources as events arrive; the hook polls the rest
 *   2 apply     drain the RenderCommandQueue; validate and apply each command to the back state;
 *               mark dirty; create or release render resources; queue callbacks
 *   3 callbacks flush waiting callbacks to the CallbackQueue (overflow kept, never dropped)
 *   4 observe   drain the logic's diagnostics; read its counters; run the watchdog
 *   5 render    hand dirty entities and the active camera to the renderer, and the logic's new
 *               debug-draw set when one was published (as lines, `debug-draw-lines.ts`); draw
 *   6 publish   publish dirty entity and camera state (SwapBuffers), stamped with frame and tick
 *   7 trigger   lockstep: request the next logic frame if the last one is complete, else count a skip
 * `engine.frame_ms` in stats is the engine's own work in these phases, not the time between frames.
 */
import { createEntityStateBuffer, E_COLOR, E_FLAGS, E_MESH, E_PITCH, E_ROLL, E_SCALE, E_X, E_Y, E_YAW, E_Z, ENTITY_SCHEMA, FLAG_ACTIVE, FLAG_VISIBLE, type EntitySnapshot } from '../protocol/entity-state.ts';
import { CAMERA_SCHEMA, createCameraStateBuffer } from '../protocol/camera-state.ts';
import { createInputStateBuffer, InputWriter, type InputSink } from '../protocol/input-state.ts';
import { DEFAULT_COMMAND_RING_BYTES } from '../protocol/command-opcodes.ts';
import { DEFAULT_DIAGNOSTIC_RING_BYTES } from '../protocol/diagnostic-queue.ts';
import { CallbackWriter } from '../protocol/callback-queue.ts';
import { createDebugDrawBuffer, DEBUG_DRAW_SCHEMA, DEFAULT_DEBUG_DRAW_CAPACITY } from '../protocol/debug-draw-state.ts';
import type { LogicHostProfile, LogicPacing } from '../protocol/handshake.ts';
import { PUBLISH_STATUS, StateWriter, type PublishStatus } from '../shared-memory/state-writer.ts';
import { StateReader } from '../shared-memory/state-reader.ts';
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { SHARED_MEMORY_CODES } from '../shared-memory/error-codes.ts';
import type { Clock } from '../platform/clock.ts';
import type { Renderer } from '../platform/renderer.ts';
import type { WorkerHost } from '../platform/worker-host.ts';
import { NullRenderer } from '../platform/null-renderer.ts';
import { createConsoleLogger, type Logger } from '../platform/logger.ts';
import { RenderResourceManager } from './render-resource-manager.ts';
import { CallbackOutbox } from './callback-outbox.ts';
import { DiagnosticHub, type DiagnosticListener } from './diagnostic-hub.ts';
import { CommandOutcomes } from './command-outcomes.ts';
import { EntitySystem } from './entity-system.ts';
import { CameraSystem } from './camera-system.ts';
import { LogicHost, type RestartPolicy } from './logic-host.ts';
import { FrameSampler, type SampleSummary } from './frame-sampler.ts';
import { emitDebugRecordLines, type DebugLineSink } from './debug-draw-lines.ts';
import { RUNTIME_CODES } from './error-codes.ts';

/** The engine frame's phases, in order (documentation and stats keys). */
export const ENGINE_PHASES = ['input', 'apply', 'callbacks', 'observe', 'render', 'publish', 'trigger'] as const;

/** Options of createApp. */
export interface AppOptions {
  /** Starts the logic worker (createNodeWorkerHost in Node, the browser host in pages). */
  readonly workerHost: WorkerHost;
  /** URL of the game module the worker imports (a file: URL of the bundled game in Node). */
  readonly game: string;
  /** Script surface: 'twinframe' (default) or 'protogame' (ProtogameJS3D's natives). */
  readonly host?: LogicHostProfile;
  /** Engine frame pacing (createTimerClock in Node, requestAnimationFrame in browsers). */
  readonly clock: Clock;
  /** Draws the engine state; default a NullRenderer (headless). */
  readonly renderer?: Renderer;
  /** 'lockstep' (default: one logic frame per engine frame when it is done) or a rate of its own. */
  readonly logic?: 'lockstep' | { readonly hz: number };
  readonly entityCapacity?: number;
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
  readonly diagnosticQueueBytes?: number;
  /** A worker inside a frame with no heartbeat for this long is hung; default 2000 ms. */
  readonly hangTimeoutMs?: number;
  /** Restart policy for crashed and hung workers; default 3 restarts per 60 s; false: never restart. */
  readonly restart?: RestartPolicy | false;
  /** How long stop() waits for the worker to finish before terminating it; default 5000 ms. */
  readonly shutdownTimeoutMs?: number;
  readonly logger?: Logger;
  /** Seed of the game's random source (`ctx.random`). */
  readonly seed?: number;
  /** Plain options the game reads as `ctx.options`. */
  readonly gameOptions?: Readonly<Record<string, string | number | boolean>>;
  /** Copy only dirty records when publishing (default true). */
  readonly dirtyTracking?: boolean;
  /** Compare every dirty publish with a full copy (slow; default false). */
  readonly debugCompare?: boolean;
  /** Most commands applied per engine frame; the rest wait in the queue. Default 1,000,000. */
  readonly maxCommandsPerFrame?: number;
  /** Stop the frame loop by itself after this many engine frames (then `finished` resolves). */
  readonly maxFrames?: number;
  /** Called in phase 1 of every frame (e.g. to poll gamepads). */
  readonly pollInput?: (input: InputSink) => void;
  /** Delay helper for timeouts; default setTimeout. */
  readonly delay?: (ms: number) => Promise<void>;
}

/** Statistics of a running app; key names match the CLI's `--json` report. */
export interface AppStats {
  readonly elapsed_ms: number;
  readonly engine: { readonly frames: number; readonly fps: number; readonly frame_ms: SampleSummary };
  readonly logic: {
    readonly frames: number; readonly fps: number; readonly frame_ms: SampleSummary; readonly skipped_frames: number;
    readonly state: string; readonly incarnation: number; readonly overflow_commands: number; readonly overflow_events: number;
  };
  readonly commands: { readonly applied: number; readonly rejected: number; readonly malformed: number };
  readonly callbacks: { readonly delivered: number; readonly waiting: number; readonly full_events: number };
  readonly entities: { readonly live: number; readonly created: number; readonly destroyed: number };
  readonly cameras: { readonly live: number; readonly active: number };
  readonly publish: {
    readonly us: SampleSummary; readonly total: number; readonly failed: number;
    readonly dirty_ratio_avg: number; readonly last_dirty: number; readonly dropped_dirty_ids: number;
  };
  readonly diagnostics: { readonly total: number; readonly by_code: Readonly<Record<string, number>> };
  readonly worker: { readonly restarts: number; readonly hangs: number; readonly crashes: number };
  /**
   * Debug drawing (host 'protogame'): primitives in the set drawn now, the lines they became, the
   * sets received from the logic, and records skipped as malformed (non-finite values, unknown kind).
   */
  readonly debug: { readonly primitives: number; readonly lines: number; readonly sets: number; readonly skipped: number };
  readonly queues: {
    readonly command: { readonly high_water_bytes: number; readonly full_events: number; readonly capacity_bytes: number };
    readonly callback: { readonly full_events: number; readonly overflow_high_water: number };
  };
}

/** A running engine. */
export interface App {
  /** Allocates nothing more: starts the logic worker and the frame loop. Throws TF3002 when no thread can start. */
  start(): void;
  /** Stops the frame loop and the worker gracefully (see shutdownTimeoutMs); resolves when nothing is left running. */
  stop(): Promise<void>;
  stats(): AppStats;
  /** Subscribes to diagnostics from both threads; returns the unsubscribe function. */
  on(event: 'diagnostic', listener: DiagnosticListener): () => void;
  /** Where input goes (browser events, or injected by a headless host). */
  readonly input: InputSink;
  /** Engine frames run so far. */
  readonly frame: number;
  /** Reads an entity from the engine's own (latest) state; false when it does not exist. */
  readEntity(id: number, out: EntitySnapshot): boolean;
  /** Ids of the live entities (allocates; for tests and tools). */
  entityIds(): number[];
  /** True once the game asked to quit (ctx.quit / game.appRequestQuit). */
  readonly quitRequested: boolean;
  /** The logic host (state, incarnation, counters); for tools and tests. */
  readonly logic: LogicHost;
  /** Resolves when the frame loop ended by itself (maxFrames reached); call stop() to end the worker. */
  readonly finished: Promise<void>;
  /** Runs one engine frame now (tests with a ManualClock drive frames through the clock instead). */
  runFrame(): void;
  /** Forgets the frame-time, logic-time and publish-time samples so far (measure after a warm-up); counters stay. */
  resetTimings(): void;
  /** Makes the next entity publish fail (fault injection: the logic keeps the last good state). */
  injectPublishFault(): void;
}

function optionError(what: string): TwinframeError {
  return new TwinframeError(RUNTIME_CODES.APP_OPTION_INVALID.code, `createApp: ${what}`);
}

function pacingOf(logic: AppOptions['logic']): LogicPacing {
  if (logic === undefined || logic === 'lockstep') return { mode: 'lockstep' };
  if (typeof logic === 'object' && logic !== null && typeof logic.hz === 'number' && logic.hz > 0 && logic.hz <= 1000) return { mode: 'free', hz: logic.hz };
  throw optionError(`logic must be 'lockstep' or { hz } with 0 < hz <= 1000; got ${JSON.stringify(logic)}. Use logic: { hz: 30 } for a 30 Hz game.`);
}

/**
 * Creates an engine app. Validates options (TF4100) and allocates every shared buffer; nothing
 * runs until `start()`.
 *
 * @example
 * ```ts
 * const app = createApp({ workerHost, game: gameUrl, clock: createTimerClock({ fps: 60 }) });
 * app.on('diagnostic', (d) => console.log(d.code, d.message));
 * app.start();
 * setTimeout(() => void app.stop(), 5000);
 * ```
 */
export function createApp(options: AppOptions): App {
  if (typeof SharedArrayBuffer === 'undefined') {
    throw new TwinframeError(SHARED_MEMORY_CODES.SHARED_ARRAY_BUFFER_UNAVAILABLE.code, 'createApp: SharedArrayBuffer is not available, so the engine and the logic cannot share memory; the page is not cross-origin isolated. Serve it with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp (see docs/hosting.md).');
  }
  if (typeof options !== 'object' || options === null) throw optionError('options must be an object with workerHost, game and clock.');
  if (typeof options.workerHost?.spawn !== 'function') throw optionError('workerHost must be a WorkerHost (createNodeWorkerHost or the browser host); got none.');
  if (typeof options.game !== 'string' || options.game === '') throw optionError(`game must be the URL of the game module; got ${JSON.stringify(options.game)}.`);
  if (typeof options.clock?.scheduleFrame !== 'function') throw optionError('clock must be a Clock (createTimerClock in Node, the requestAnimationFrame clock in browsers).');
  const pacing = pacingOf(options.logic);
  const entityCapacity = options.entityCapacity ?? 16384;
  const cameraCapacity = options.cameraCapacity ?? 64;
  const hangTimeoutMs = options.hangTimeoutMs ?? 2000;
  if (!(hangTimeoutMs > 0)) throw optionError(`hangTimeoutMs must be > 0; got ${String(hangTimeoutMs)}.`);
  const restart = options.restart === false ? null : options.restart ?? { maxRestarts: 3, windowMs: 60_000 };
  if (restart !== null && (!(restart.maxRestarts >= 0) || !(restart.windowMs > 0))) throw optionError(`restart must be false or { maxRestarts >= 0, windowMs > 0 }; got ${JSON.stringify(restart)}.`);
  const maxCommands = options.maxCommandsPerFrame ?? 1_000_000;

  const clock = options.clock;
  const now = (): number => clock.now();
  const renderer = options.renderer ?? new NullRenderer();
  const logger = options.logger ?? createConsoleLogger();
  const diagnostics = new DiagnosticHub(logger);

  const entityBuffer = createEntityStateBuffer(entityCapacity);
  const cameraBuffer = createCameraStateBuffer(cameraCapacity);
  const inputBuffer = createInputStateBuffer();
  const profile = options.host ?? 'twinframe';
  const debugDrawBuffer = createDebugDrawBuffer(options.debugDrawCapacity ?? (profile === 'protogame' ? DEFAULT_DEBUG_DRAW_CAPACITY : 1));
  // The engine reads this one: the worker's writer publishes, the render phase refreshes.
  const debugDraw = new StateReader(debugDrawBuffer, DEBUG_DRAW_SCHEMA);
  const debugSink: DebugLineSink | null = typeof renderer.debugLine === 'function' ? (renderer as DebugLineSink) : null;
  const writerOptions = { now, dirtyTracking: options.dirtyTracking ?? true, debugCompare: options.debugCompare ?? false };
  const entityState = new StateWriter(entityBuffer, ENTITY_SCHEMA, writerOptions);
  const cameraState = new StateWriter(cameraBuffer, CAMERA_SCHEMA, writerOptions);
  const input = new InputWriter(inputBuffer);
  const resources = new RenderResourceManager(entityCapacity);

  // The callback outbox exists once the first worker's queue does (start()).
  let outbox: CallbackOutbox | null = null;
  const applier = new CommandOutcomes(diagnostics);

  const logic = new LogicHost({
    workerHost: options.workerHost,
    gameUrl: options.game,
    profile,
    pacing,
    seed: options.seed ?? 1,
    gameOptions: options.gameOptions ?? {},
    entities: entityState,
    cameras: cameraState,
    entityBuffer, cameraBuffer, inputBuffer,
    debugDrawBuffer, debugDraw,
    commandQueueBytes: options.commandQueueBytes ?? 4 * DEFAULT_COMMAND_RING_BYTES,
    callbackCapacity: options.callbackCapacity ?? 4096,
    diagnosticQueueBytes: options.diagnosticQueueBytes ?? DEFAULT_DIAGNOSTIC_RING_BYTES,
    hangTimeoutMs,
    restart,
    shutdownTimeoutMs: options.shutdownTimeoutMs ?? 5000,
    now,
    delay: options.delay ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    diagnostics,
    stallTimeoutMs: Math.min(hangTimeoutMs / 2, 500),
    onWorldClear: () => {
      // Restart policy: the old incarnation's world was drawn until now; the new one starts empty.
      entities.clear();
      cameras.clear();
      clearDebug();
    },
    onIncarnation: (_incarnation: number, callbacks: CallbackWriter) => {
      // Callbacks waiting for the dead incarnation are discarded: their requester is gone.
      prevCommandHighWater = Math.max(prevCommandHighWater, logic.commands?.ring.highWaterBytes ?? 0);
      prevCommandFull += logic.commands?.ring.fullEvents ?? 0;
      applier.resetTick();
      outbox?.retarget(callbacks);
    },
  });
  let entities!: EntitySystem;
  let cameras!: CameraSystem;
  let prevCommandHighWater = 0;
  let prevCommandFull = 0;
  let debugPrimitives = 0;
  let debugLines = 0;
  let debugSets = 0;
  let debugSkipped = 0;

  const frameMs = new FrameSampler();
  const publishUs = new FrameSampler();
  let frame = 0;
  let running = false;
  let handle = 0;
  let startedAt = 0;
  let commandWarned = false;
  let callbackWarned = false;
  let publishFault = false;
  const maxFrames = options.maxFrames ?? Infinity;
  let resolveFinished!: () => void;
  const finished = new Promise<void>((resolve) => { resolveFinished = resolve; });

  function reportPublish(status: PublishStatus, writer: StateWriter, what: string): void {
    if (status === PUBLISH_STATUS.OK) return;
    if (status === PUBLISH_STATUS.OK_DROPPED_DIRTY) {
      diagnostics.report(RUNTIME_CODES.DIRTY_ID_DROPPED.code, 'warning', `${what} publish: ${writer.lastDroppedIds} dirty id(s) named no record and were dropped (first: ${writer.firstDroppedId}); the published state is correct.`, 'publish', applier.lastLogicTick);
    } else if (status === PUBLISH_STATUS.OK_DEBUG_MISMATCH) {
      diagnostics.report(RUNTIME_CODES.PUBLISH_FAILED.code, 'error', `${what} publish: debug comparison found ${writer.debugMismatches} record(s) where the dirty publish differs from a full copy; repaired by a full copy. This is an engine bug: report it.`, 'publish', applier.lastLogicTick);
    } else {
      const why = status === PUBLISH_STATUS.FAILED_CAPACITY ? `${writer.live} live records exceed the capacity ${writer.capacity}` : `the copy threw: ${writer.lastError instanceof Error ? writer.lastError.message : String(writer.lastError)}`;
      diagnostics.report(RUNTIME_CODES.PUBLISH_FAILED.code, 'error', `${what} publish failed (${why}); the logic keeps the last good state and the next publish repairs it.`, 'publish', applier.lastLogicTick);
    }
  }

  /** Hands the debug-draw snapshot just taken to the renderer as lines. Allocates nothing. */
  function submitDebug(): void {
    const r = debugDraw;
    const i32 = r.i32;
    const high = Math.min(r.high, r.capacity);
    let primitives = 0;
    let lines = 0;
    renderer.beginDebug?.();
    for (let slot = 0; slot < high; slot++) {
      const o = r.recordOffset(slot);
      if (i32[o] === 0) continue;
      const n = emitDebugRecordLines(r.f32, r.u32, o, debugSink);
      if (n === 0) {
        debugSkipped++;
        continue;
      }
      primitives++;
      lines += n;
    }
    renderer.endDebug?.();
    debugPrimitives = primitives;
    debugLines = lines;
    debugSets++;
  }

  /** The world was cleared (restart): no debug lines until the new incarnation publishes some. */
  function clearDebug(): void {
    if (debugPrimitives === 0) return;
    renderer.beginDebug?.();
    renderer.endDebug?.();
    debugPrimitives = 0;
    debugLines = 0;
  }

  function runFrame(): void {
    const t0 = clock.now();
    frame++;
    diagnostics.engineFrame = frame;
    // 1 input
    if (options.pollInput !== undefined) options.pollInput(input);
    // 2 apply
    logic.drainCommands(applier, maxCommands);
    // 3 callbacks
    const waitingCallbacks = outbox!.flush();
    if (waitingCallbacks > 0 && !callbackWarned) {
      callbackWarned = true;
      diagnostics.report(RUNTIME_CODES.CALLBACK_BACKPRESSURE.code, 'warning', `CallbackQueue full: ${waitingCallbacks} callbacks wait in the engine-side overflow and go, in order, in the next frames (nothing is lost). Raise callbackCapacity (now ${options.callbackCapacity ?? 4096}) if a frame creates more.`, 'callbacks', applier.lastLogicTick);
    } else if (waitingCallbacks === 0) {
      callbackWarned = false;
    }
    // 4 observe
    logic.observe(frame);
    logic.watchdog();
    const cmdRing = logic.commands?.ring;
    if (cmdRing !== undefined) {
      const full = cmdRing.highWaterBytes > 0.8 * cmdRing.capacityBytes;
      if (full && !commandWarned) {
        commandWarned = true;
        diagnostics.report(RUNTIME_CODES.QUEUE_NEARLY_FULL.code, 'warning', `RenderCommandQueue reached ${cmdRing.highWaterBytes} of ${cmdRing.capacityBytes} bytes (over 80%); the logic will hit backpressure (commands wait on its side, nothing is lost). Raise commandQueueBytes or send fewer commands per frame.`, 'observe', applier.lastLogicTick);
      }
    }
    // 5 render
    entities.syncRenderer();
    cameras.syncRenderer();
    if (debugDraw.refresh()) submitDebug();
    renderer.render();
    // 6 publish
    const p0 = clock.now();
    if (publishFault) {
      publishFault = false;
      entityState.injectPublishFault();
    }
    reportPublish(entityState.publish(frame, applier.lastLogicTick), entityState, 'entity state');
    reportPublish(cameraState.publish(frame, applier.lastLogicTick), cameraState, 'camera state');
    publishUs.add((clock.now() - p0) * 1000);
    // 7 trigger
    logic.trigger();
    frameMs.add(clock.now() - t0);
  }

  function onFrame(): void {
    if (!running) return;
    try {
      runFrame();
    } catch (e) {
      // The one catch of the engine thread: a bug in the engine must not stop the loop.
      diagnostics.report(RUNTIME_CODES.ENGINE_FRAME_FAILED.code, 'error', `engine frame ${frame} threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`, 'frame', applier.lastLogicTick);
    }
    if (frame >= maxFrames) {
      running = false;
      resolveFinished();
    }
    if (running) handle = clock.scheduleFrame(onFrame);
  }

  const app: App = {
    start(): void {
      if (running || logic.state !== 'idle') return;
      startedAt = clock.now();
      logic.start();
      outbox = new CallbackOutbox(logic.callbacks!);
      entities = new EntitySystem(entityState, resources, renderer, outbox, applier);
      cameras = new CameraSystem(cameraState, renderer, outbox, applier);
      applier.attach(entities, cameras, outbox);
      applier.resetTick();
      running = true;
      handle = clock.scheduleFrame(onFrame);
    },
    async stop(): Promise<void> {
      if (running) {
        running = false;
        clock.cancelFrame(handle);
      }
      await logic.shutdown();
    },
    stats(): AppStats {
      const elapsed = clock.now() - startedAt;
      const byCode: Record<string, number> = {};
      for (const [code, n] of diagnostics.byCode) byCode[code] = n;
      const cmdRing = logic.commands?.ring;
      return {
        elapsed_ms: elapsed,
        engine: { frames: frame, fps: elapsed > 0 ? (frame * 1000) / elapsed : 0, frame_ms: frameMs.summary() },
        logic: {
          frames: logic.logicFrames, fps: elapsed > 0 ? (logic.logicFrames * 1000) / elapsed : 0, frame_ms: logic.logicFrameMs.summary(),
          skipped_frames: logic.skippedFrames, state: logic.state, incarnation: logic.incarnation,
          overflow_commands: logic.logicOverflowCommands, overflow_events: logic.logicOverflowEvents,
        },
        commands: { applied: applier.applied, rejected: applier.rejected, malformed: applier.malformed },
        callbacks: { delivered: outbox?.delivered ?? 0, waiting: outbox?.waiting ?? 0, full_events: outbox?.fullEvents ?? 0 },
        entities: { live: entityState.live, created: entities?.created ?? 0, destroyed: entities?.destroyed ?? 0 },
        cameras: { live: cameraState.live, active: cameras?.activeId ?? 0 },
        publish: {
          us: publishUs.summary(), total: entityState.totalPublishes, failed: entityState.failedPublishes + cameraState.failedPublishes,
          dirty_ratio_avg: entityState.averageDirtyRatio, last_dirty: entityState.lastDirtyCount, dropped_dirty_ids: entityState.droppedIds + cameraState.droppedIds,
        },
        diagnostics: { total: diagnostics.total, by_code: byCode },
        worker: { restarts: logic.restarts, hangs: logic.hangs, crashes: logic.crashes },
        debug: { primitives: debugPrimitives, lines: debugLines, sets: debugSets, skipped: debugSkipped },
        queues: {
          command: {
            high_water_bytes: Math.max(prevCommandHighWater, cmdRing?.highWaterBytes ?? 0),
            full_events: prevCommandFull + (cmdRing?.fullEvents ?? 0),
            capacity_bytes: cmdRing?.capacityBytes ?? 0,
          },
          callback: { full_events: outbox?.fullEvents ?? 0, overflow_high_water: outbox?.highWater ?? 0 },
        },
      };
    },
    on(event: 'diagnostic', listener: DiagnosticListener): () => void {
      if (event !== 'diagnostic') throw optionError(`on: unknown event ${JSON.stringify(event)}; the only event is 'diagnostic'.`);
      return diagnostics.on(listener);
    },
    input,
    get frame(): number {
      return frame;
    },
    readEntity(id: number, out: EntitySnapshot): boolean {
      const slot = entityState.slotOf(id);
      if (slot < 0) return false;
      const o = entityState.recordOffset(slot);
      const f = entityState.f32;
      const u = entityState.u32;
      out.id = id;
      out.x = f[o + E_X]!; out.y = f[o + E_Y]!; out.z = f[o + E_Z]!;
      out.yaw = f[o + E_YAW]!; out.pitch = f[o + E_PITCH]!; out.roll = f[o + E_ROLL]!;
      const c = u[o + E_COLOR]!;
      out.r = c & 255; out.g = (c >>> 8) & 255; out.b = (c >>> 16) & 255; out.a = c >>> 24;
      out.scale = f[o + E_SCALE]!;
      out.mesh = u[o + E_MESH]!;
      out.active = (u[o + E_FLAGS]! & FLAG_ACTIVE) !== 0;
      out.visible = (u[o + E_FLAGS]! & FLAG_VISIBLE) !== 0;
      return true;
    },
    entityIds(): number[] {
      const ids: number[] = [];
      for (let slot = 0; slot < entityState.high; slot++) {
        const id = entityState.i32[entityState.recordOffset(slot)]!;
        if (id !== 0) ids.push(id);
      }
      return ids;
    },
    get quitRequested(): boolean {
      return logic.quitRequested;
    },
    logic,
    finished,
    runFrame,
    injectPublishFault(): void {
      publishFault = true;
    },
    resetTimings(): void {
      frameMs.reset();
      publishUs.reset();
      logic.logicFrameMs.reset();
    },
  };
  return app;
}
