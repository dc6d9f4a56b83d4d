/**
 * The seed's App, on the main thread: owns every shared buffer (allocated once at start and
 * injected into the logic worker through one handshake), runs the engine frame at the clock's
 * rate whatever the logic does, and reports statistics and diagnostics.
 *
 * The parts: options and defaults (`app-options.ts`), the frame as a phase list the loop iterates
 * (`engine-phases.ts`), the stats report (`app-stats.ts`), the logic worker's supervisor
 * (`logic-host.ts`). The renderer and the logger are chosen by the start-up wiring
 * (`src/startup/create-app.ts`), so this layer needs nothing of the platform but its types.
 */
import { createEntityStateBuffer, ENTITY_SCHEMA, readEntity, type EntitySnapshot } from '../protocol/entity-state.ts';
import { CAMERA_SCHEMA, createCameraStateBuffer } from '../protocol/camera-state.ts';
import { createInputStateBuffer, InputWriter } from '../protocol/input-writer.ts';
import type { CallbackWriter } from '../protocol/callback-queue.ts';
import type { CommandReader } from '../protocol/command-reader.ts';
import { createDebugDrawBuffer, DEBUG_DRAW_SCHEMA } from '../protocol/debug-draw-state.ts';
import { PUBLISH_STATUS, StateWriter, type PublishStatus } from '../shared-memory/state-writer.ts';
import { StateReader } from '../shared-memory/state-reader.ts';
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { SHARED_MEMORY_CODES } from '../shared-memory/error-codes.ts';
import type { Renderer } from '../platform/renderer.ts';
import type { AudioSink } from '../platform/audio-sink.ts';
import type { Logger } from '../platform/logger.ts';
import { RenderResourceManager } from './render-resource-manager.ts';
import { CallbackOutbox } from './callback-outbox.ts';
import { DiagnosticHub, type DiagnosticListener } from './diagnostic-hub.ts';
import { CommandOutcomes } from './command-outcomes.ts';
import { EntitySystem } from './entity-system.ts';
import { CameraSystem } from './camera-system.ts';
import { LogicHost, type ReloadRequest } from './logic-host.ts';
import { FrameSampler } from './frame-sampler.ts';
import { ApplyBudget } from './apply-budget.ts';
import { BulkTransformSync } from './bulk-transform-sync.ts';
import { createBulkTransformBuffer } from '../protocol/bulk-transform-state.ts';
import { DebugDrawSync } from './debug-draw-sync.ts';
import { AudioSystem } from './audio-system.ts';
import { PhaseLoop } from './engine-phases.ts';
import { collectStats, CommandQueueHistory, type AppStats } from './app-stats.ts';
import { optionError, resolveAppOptions, type AppOptions } from './app-options.ts';
import { createAppRecorder } from './app-recorder.ts';
import { TEST_HOOKS, type App, type AppTestHooks } from './app-api.ts';
import { RUNTIME_CODES } from './error-codes.ts';

export { ENGINE_PHASES, type EnginePhase } from './engine-phases.ts';
export { TEST_HOOKS, type App, type AppTestHooks, type LiveSample } from './app-api.ts';
export type { AppOptions, AppStats, ReloadRequest };

/**
 * Creates an engine app with its renderer and logger given. Validates options (TF4100) and
 * allocates every shared buffer; nothing runs until `start()`. Hosts call `createApp`
 * (`src/startup/create-app.ts`), which chooses the default renderer and logger.
 */
export function createEngineApp(options: AppOptions & { readonly renderer: Renderer; readonly logger: Logger; readonly audio: AudioSink }): App {
  if (typeof SharedArrayBuffer === 'undefined') {
    throw new TwinframeError(SHARED_MEMORY_CODES.SHARED_ARRAY_BUFFER_UNAVAILABLE.code, 'createApp: SharedArrayBuffer is not available, so the engine and the logic cannot share memory; the page is not cross-origin isolated. Serve it with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp (see docs/hosting.md).');
  }
  const o = resolveAppOptions(options);
  const clock = o.clock;
  const now = (): number => clock.now();
  const renderer = o.renderer;
  const diagnostics = new DiagnosticHub(o.logger);

  // Copyable: the engine's full publishes of it run at memcpy speed (shared-copy.ts).
  const entityBuffer = createEntityStateBuffer(o.entityCapacity, true);
  const cameraBuffer = createCameraStateBuffer(o.cameraCapacity);
  const inputBuffer = createInputStateBuffer();
  const debugDrawBuffer = createDebugDrawBuffer(o.debugDrawCapacity);
  // The engine reads this one: the worker's writer publishes, the render phase refreshes.
  const debugDrawReader = new StateReader(debugDrawBuffer, DEBUG_DRAW_SCHEMA);
  const debug = new DebugDrawSync(debugDrawReader, renderer);
  const writerOptions = { now, dirtyTracking: o.dirtyTracking, debugCompare: o.debugCompare };
  const entityState = new StateWriter(entityBuffer, ENTITY_SCHEMA, writerOptions);
  const cameraState = new StateWriter(cameraBuffer, CAMERA_SCHEMA, writerOptions);
  const input = new InputWriter(inputBuffer);
  const resources = new RenderResourceManager(o.entityCapacity);
  // The bulk path (ctx.entities.setPositions): the worker writes it, the apply phase applies it
  // (and stages the moved instances for the renderer's setInstancePositions, when it has one).
  const bulk = new BulkTransformSync(createBulkTransformBuffer(o.entityCapacity), diagnostics, resources, renderer, o.bulkApplyChunk);
  const commandQueue = new CommandQueueHistory();

  // The callback outbox exists once the first worker's queue does (start()).
  let outbox: CallbackOutbox | null = null;
  /** Engine answers addressed to a replaced incarnation that were still waiting (restart or reload rule, docs/hot-reload.md). */
  let callbacksDiscarded = 0;
  const { recorder, recording, deterministic, startRecording } = createAppRecorder(o, diagnostics);
  const applier = new CommandOutcomes(diagnostics);
  const audio = new AudioSystem(options.audio, applier, diagnostics, now);
  applier.audio = audio;
  let entities: EntitySystem | undefined;
  let cameras: CameraSystem | undefined;

  const logic = new LogicHost({
    workerHost: o.workerHost, gameUrl: o.game, profile: o.profile, pacing: o.pacing, seed: o.seed, gameOptions: o.gameOptions,
    entities: entityState, cameras: cameraState, entityBuffer, cameraBuffer, inputBuffer, debugDrawBuffer, debugDraw: debugDrawReader,
    bulkTransforms: { buffer: bulk.buffer, takeOver: () => bulk.takeOver() },
    commandQueueBytes: o.commandQueueBytes, callbackCapacity: o.callbackCapacity, diagnosticQueueBytes: o.diagnosticQueueBytes,
    hangTimeoutMs: o.hangTimeoutMs, stallTimeoutMs: o.stallTimeoutMs, restart: o.restart, shutdownTimeoutMs: o.shutdownTimeoutMs,
    clock, diagnostics,
    record: recording, deterministic,
    onWorldClear: () => {
      // Restart policy: the old incarnation's world was drawn until now; the new one starts empty.
      entities?.clear();
      cameras?.clear();
      debug.clear();
      audio.clear();
    },
    onIncarnation: (incarnation: number, callbacks: CallbackWriter, previous: CommandReader | null, reason: 'restart' | 'reload', gameUrl: string) => {
      // Callbacks for the dead incarnation are discarded (their requester is gone); its ring's counters are kept.
      commandQueue.retire(previous?.ring);
      recorder.incarnationStarted(frame, incarnation, reason, logic.commands, gameUrl);
      applier.resetTick();
      callbacksDiscarded += outbox?.retarget(callbacks) ?? 0;
      audio.retire();
    },
  });

  const budget = new ApplyBudget(now, o.applyBudgetMs);
  const frameMs = new FrameSampler();
  const publishUs = new FrameSampler();
  let frame = 0;
  let running = false;
  let handle = 0;
  let startedAt = 0;
  let commandWarned = false;
  let callbackWarned = false;
  let publishFault = false;
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

  // One long-lived step per phase, in ENGINE_PHASES order (the loop allocates nothing).
  const phases = new PhaseLoop({
    input: () => { if (o.pollInput !== undefined) o.pollInput(input); },
    apply: () => {
      if (!(bulk.busy && logic.running)) logic.drainCommands(applier, o.maxCommandsPerFrame, budget); // a bulk publish in progress goes first
      recorder.afterApply(frame);
      // After the commands: a publish waits until its tick's commands (creations) were applied.
      if (logic.running) bulk.apply(entityState, applier.lastLogicTick, entities!.destroyed);
      recorder.afterBulk(entityState, bulk.steps);
    },
    callbacks: () => {
      const waiting = outbox!.flush(budget);
      if (waiting > 0 && !callbackWarned) {
        callbackWarned = true;
        diagnostics.report(RUNTIME_CODES.CALLBACK_BACKPRESSURE.code, 'warning', `CallbackQueue full: ${waiting} callbacks wait in the engine-side overflow and go, in order, in the next frames (nothing is lost). Raise callbackCapacity (now ${o.callbackCapacity}) if a frame creates more.`, 'callbacks', applier.lastLogicTick);
      } else if (waiting === 0) {
        callbackWarned = false;
      }
    },
    observe: () => {
      logic.observe(frame);
      logic.watchdog();
      const ring = logic.commands?.ring;
      if (ring !== undefined && ring.highWaterBytes > 0.8 * ring.capacityBytes && !commandWarned) {
        commandWarned = true;
        diagnostics.report(RUNTIME_CODES.QUEUE_NEARLY_FULL.code, 'warning', `RenderCommandQueue reached ${ring.highWaterBytes} of ${ring.capacityBytes} bytes (over 80%); the logic will hit backpressure (commands wait on its side, nothing is lost). Raise commandQueueBytes or send fewer commands per frame.`, 'observe', applier.lastLogicTick);
      }
    },
    render: () => {
      entities!.syncRenderer(bulk.renderFrom, bulk.renderTo);
      bulk.flushRenderer(renderer, entities!.destroyed);
      cameras!.syncRenderer();
      audio.syncListener(cameraState, cameras!.activeId);
      debug.sync();
      recorder.afterDebug(debugDrawReader, debug.sets);
      renderer.render();
    },
    publish: () => {
      const p0 = clock.now();
      if (publishFault) {
        publishFault = false;
        entityState.injectPublishFault();
      }
      if (!(bulk.busy && logic.running)) reportPublish(entityState.publish(frame, applier.lastLogicTick), entityState, 'entity state'); // a bulk publish lands whole
      reportPublish(cameraState.publish(frame, applier.lastLogicTick), cameraState, 'camera state');
      publishUs.add((clock.now() - p0) * 1000);
      recorder.afterPublish(entityState, cameraState, applier.lastLogicTick);
    },
    trigger: () => { logic.trigger(); },
  }, now);

  function runFrame(): void {
    const t0 = clock.now();
    frame++;
    diagnostics.engineFrame = frame;
    phases.run();
    frameMs.add(clock.now() - t0);
    logic.wakeLogic();
  }

  function onFrame(): void {
    if (!running) return;
    try {
      runFrame();
    } catch (e) {
      // The one catch of the engine thread: a bug in the engine must not stop the loop.
      diagnostics.report(RUNTIME_CODES.ENGINE_FRAME_FAILED.code, 'error', `engine frame ${frame} threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`, 'frame', applier.lastLogicTick);
    }
    if (frame >= o.maxFrames) {
      running = false;
      resolveFinished();
    }
    if (running) handle = clock.scheduleFrame(onFrame);
  }

  const hooks: AppTestHooks = {
    logic,
    recorder,
    runFrame,
    resetTimings(): void {
      frameMs.reset();
      publishUs.reset();
      phases.reset();
      logic.observed.logicFrameMs.reset();
    },
    injectPublishFault(): void {
      publishFault = true;
    },
  };

  const app: App & { readonly [TEST_HOOKS]: AppTestHooks } = {
    start(): void {
      if (running || logic.state !== 'idle') return;
      startedAt = clock.now();
      logic.start();
      outbox = new CallbackOutbox(logic.callbacks!);
      entities = new EntitySystem(entityState, resources, renderer, outbox, applier);
      cameras = new CameraSystem(cameraState, renderer, outbox, applier);
      applier.attach(entities, cameras, outbox);
      audio.attach(outbox);
      applier.resetTick();
      recorder.start(logic.commands, o.game);
      running = true;
      handle = clock.scheduleFrame(onFrame);
    },
    async stop(): Promise<void> {
      if (running) {
        running = false;
        clock.cancelFrame(handle);
      }
      await logic.shutdown();
      await recorder.stop();
    },
    stats(): AppStats {
      return collectStats({
        elapsedMs: clock.now() - startedAt, frame, frameMs, phases, publishUs, logic, applier, outbox, budget, bulk,
        entityState, cameraState, entities, cameras, diagnostics, debug, commandQueue, audio, callbacksDiscarded,
      });
    },
    on(event: 'diagnostic', listener: DiagnosticListener): () => void {
      if (event !== 'diagnostic') throw optionError(`on: unknown event ${JSON.stringify(event)}; the only event is 'diagnostic'.`);
      return diagnostics.on(listener);
    },
    input,
    get frame(): number {
      return frame;
    },
    logicFrameMs: logic.observed.logicFrameMs,
    readEntity(id: number, out: EntitySnapshot): boolean {
      return readEntity(entityState, id, out);
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
      return logic.observed.quitRequested;
    },
    finished,
    reload(request: ReloadRequest): void {
      logic.reload(request);
    },
    startRecording,
    stopRecording(): Promise<void> {
      return recorder.stopStream();
    },
    get recording(): boolean {
      return recorder.streaming;
    },
    [TEST_HOOKS]: hooks,
  };
  return app;
}
