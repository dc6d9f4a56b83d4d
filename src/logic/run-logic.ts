/**
 * The logic worker's entry point: receives the one handshake message, attaches to the shared
 * buffers, installs the host profile's globals ('twinframe': JSEngine, EntityAPI, CameraAPI, Input;
 * 'protogame': the ProtogameJS3D natives), console forwarding and the unhandled-rejection report,
 * imports the game with the injected `importGame(url)`, runs a typed game's setup, then runs frames
 * (lockstep or free) until the engine sets SHUTDOWN; then it settles every pending request, stores
 * STATUS = STOPPED and closes its endpoint so the thread ends by itself.
 *
 * Status on the control block: STARTING -> LOADING (importing the game) -> RUNNING -> STOPPED; FAILED
 * after a bad handshake (TF5040), a game that failed to load (TF5041) or a runtime fault (TF5003).
 * Nothing here depends on anything but the handshake and `deps`, so the worker can be bundled.
 */
import { LOGIC_PHASE_LOAD, LOGIC_PHASE_SETUP, LOGIC_STATUS_FAILED, LOGIC_STATUS_LOADING, LOGIC_STATUS_READY, LOGIC_STATUS_RUNNING } from '../protocol/control-block.ts';
import { DiagnosticWriter } from '../protocol/diagnostic-queue.ts';
import type { HandshakeMessage } from '../protocol/handshake.ts';
import { HOT_HANDOVER_TYPE, isHotActivate, type HotActivate, type HotHandover } from '../protocol/hot-reload.ts';
import type { Clock, EventLoopYield } from '../platform/clock.ts';
import type { WorkerSideEndpoint } from '../platform/worker-endpoint.ts';
import { ConsoleForwarder } from './console-forwarder.ts';
import { isGameDefinition } from './define-game.ts';
import { LOGIC_CODES } from './error-codes.ts';
import { createGameContext } from './game-context.ts';
import { loadGameModule, type GameSourceMapper } from './game-loader.ts';
import { handshakeProblem } from './handshake-check.ts';
import { LogicControl } from './logic-control.ts';
import { startPacing } from './logic-pacing.ts';
import { LogicRuntime } from './logic-runtime.ts';
import { ProtogameDriver } from './protogame-profile.ts';
import { installScriptGlobals } from './script-globals.ts';
import { formatValue } from '../protocol/value-format.ts';
import { TypedGame } from './typed-game.ts';
import { installRejectionHandler } from './unhandled-rejections.ts';
import { installDeterministicGlobals } from './deterministic-globals.ts';

/** What the logic runtime needs from its platform (injected by the worker entry file). */
export interface LogicDeps {
  /** Imports the game module at `url` (the handshake's gameUrl), e.g. `(url) => import(url)`. */
  importGame(url: string): Promise<unknown>;
  /** Monotonic time in milliseconds. */
  now(): number;
  /** A frame clock at `hz` frames per second, for the free-running mode. */
  createFrameClock(hz: number): Clock;
  /** How the worker yields to its event loop between frames (`platformEventLoop` in the worker entries). */
  readonly eventLoop: EventLoopYield;
  /** Maps a bundled game's load error back to its own file:line:column (Node: createBundleSourceMapper()). */
  sourceMapper?: GameSourceMapper;
  /** Routes unhandled promise rejections to `handler` (Node: `process.on('unhandledRejection', h)`); default: the global's `unhandledrejection` event. */
  onUnhandledRejection?(handler: (reason: unknown) => void): void;
}

/**
 * Runs the logic worker on `endpoint`. Returns at once; everything happens once the handshake
 * arrives. Never throws: every failure ends as a diagnostic and a STATUS.
 *
 * @example
 * ```ts
 * runLogic(createNodeWorkerEndpoint(), { importGame: (url) => import(url), now: platformNow, createFrameClock: (hz) => createTimerClock({ fps: hz }), eventLoop: platformEventLoop });
 * ```
 */
export function runLogic(endpoint: WorkerSideEndpoint, deps: LogicDeps): void {
  endpoint.keepAlive();
  endpoint.onceMessage((message) => {
    void startLogic(endpoint, deps, message);
  });
}

/** Reports TF5040 through the message's diagnostics buffer when usable, sets STATUS = FAILED, closes. */
function failHandshake(endpoint: WorkerSideEndpoint, message: unknown, problem: string): void {
  const buffers = (typeof message === 'object' && message !== null ? (message as { buffers?: unknown }).buffers : undefined) as Partial<Record<string, unknown>> | undefined;
  const diagnostics = buffers?.diagnostics;
  if (diagnostics instanceof SharedArrayBuffer) {
    try {
      new DiagnosticWriter(diagnostics).write({
        code: LOGIC_CODES.HANDSHAKE_INVALID.code, severity: 'fatal',
        message: `Logic.handshake: the first message is not a usable handshake; ${problem}. Start the logic through the engine's logic host (same twinframe version on both sides).`,
        file: '', line: 0, column: 0, stack: '', phase: 'load', tick: 0,
      });
    } catch {
      // The diagnostics buffer itself is not usable: STATUS = FAILED is all the engine gets.
    }
  }
  const control = buffers?.control;
  if (control instanceof SharedArrayBuffer && control.byteLength >= 4 * 48) new LogicControl(control).setStatus(LOGIC_STATUS_FAILED);
  endpoint.close();
}

/** The standby worker's activation message, or null when the endpoint cannot receive one. */
function nextActivation(endpoint: WorkerSideEndpoint): Promise<HotActivate | null> {
  const next = endpoint.nextMessage;
  if (next === undefined) return Promise.resolve(null);
  return new Promise((resolve) => next.call(endpoint, (m) => resolve(isHotActivate(m) ? m : null)));
}

/**
 * At a reload stop: runs the game's dispose hooks (when it opted in) and posts the hand-over (data,
 * opt-in, id allocators) to the engine, once. Data that cannot be cloned is reported (TF5060) and
 * the hand-over goes without it and without the opt-in (the next incarnation rebuilds the world).
 */
function handOver(endpoint: WorkerSideEndpoint, runtime: LogicRuntime): void {
  const post = endpoint.post;
  if (post === undefined) return;
  const s = runtime.services;
  const accepted = s.hot.accepted;
  const data = accepted ? s.hot.runDispose(runtime.guard) : {};
  const message = (withData: boolean): HotHandover => ({
    type: HOT_HANDOVER_TYPE, accepted: withData && accepted, data: withData ? data : {},
    entityIds: s.entityIds.exportState(), cameraIds: s.cameraIds.exportState(),
  });
  try {
    post.call(endpoint, message(true));
  } catch (e) {
    runtime.guard.report(LOGIC_CODES.HOT_DATA_NOT_CLONEABLE.code, 'error', `ctx.hot.dispose: the data could not be carried to the new code; got ${e instanceof Error ? e.message : formatValue(e)}, expected structured-cloneable values (plain objects, arrays, numbers, strings, typed arrays, Map, Set). The new code starts over with a rebuilt world; keep only plain data in data.`);
    post.call(endpoint, message(false));
  }
}

async function startLogic(endpoint: WorkerSideEndpoint, deps: LogicDeps, message: unknown): Promise<void> {
  const problem = handshakeProblem(message);
  if (problem !== '') {
    failHandshake(endpoint, message, problem);
    return;
  }
  const handshake = message as HandshakeMessage;
  let runtime: LogicRuntime;
  try {
    runtime = new LogicRuntime(handshake, deps.now);
  } catch (e) {
    failHandshake(endpoint, message, `its buffers could not be attached: ${e instanceof Error ? e.message : formatValue(e)}`);
    return;
  }
  const control = runtime.control;
  const guard = runtime.guard;
  const services = runtime.services;
  const cleanups: (() => void)[] = [];
  let finished = false;
  const finish = (failed: boolean): void => {
    if (finished) return;
    finished = true;
    if (failed) {
      guard.retry();
      control.enterIdle();
      control.setStatus(LOGIC_STATUS_FAILED);
      release();
      return;
    }
    // The game's reactions to the TF5022 settlements are microtasks: one task later they have run,
    // with the console still forwarded and the ring still open (what they log is a diagnostic, not
    // raw output of the thread, and what they send is published by the stop).
    runtime.settlePending();
    deps.eventLoop.yieldThen(stopThenRelease);
  };
  const stopThenRelease = (): void => {
    runtime.stop();
    if (control.reloadRequested()) handOver(endpoint, runtime);
    release();
  };
  const release = (): void => {
    for (let i = cleanups.length - 1; i >= 0; i--) cleanups[i]!();
    endpoint.close();
  };
  const fault = (e: unknown): void => {
    guard.scriptError(guard.phase, guard.systemId, e, LOGIC_CODES.RUNTIME_FAILED.code);
    finish(true);
  };

  try {
    control.setStatus(LOGIC_STATUS_LOADING);
    control.enterPhase(LOGIC_PHASE_LOAD);
    guard.phase = 'load';
    const forwarder = new ConsoleForwarder(guard);
    cleanups.push(() => forwarder.restore());
    // Record/replay: seeded randomness and virtual time for the game's code (both API styles and
    // the protogame host share these globals); the worker's own timing keeps the platform clock
    // (deps.now reads performance.now as captured before this, see timer-clock.ts).
    const det = handshake.deterministic;
    if (det !== undefined) {
      const installed = installDeterministicGlobals(globalThis, det.seed, det.epochMs, services.time);
      runtime.deterministic = installed;
      cleanups.push(() => installed.uninstall());
    }
    installRejectionHandler((reason) => {
      if (!finished) guard.scriptError('promise', undefined, reason, LOGIC_CODES.UNHANDLED_REJECTION.code);
    }, deps.onUnhandledRejection);
    let driver: ProtogameDriver | undefined;
    if (handshake.host === 'protogame') {
      driver = new ProtogameDriver(runtime, globalThis);
      runtime.driver = driver;
      cleanups.push(() => driver!.host.uninstall());
    } else {
      cleanups.push(installScriptGlobals(globalThis, services));
    }

    let module: unknown;
    if (handshake.gameUrl !== undefined) {
      const loaded = await loadGameModule(handshake.gameUrl, deps.importGame, 0, deps.sourceMapper, handshake.host);
      if (!loaded.ok) {
        guard.emit(loaded.diagnostic);
        finish(true);
        return;
      }
      module = loaded.module;
    }
    control.beat();

    if (handshake.standby === true) {
      // Hot reload: the old incarnation still runs; wait for the engine's go (it comes once the old
      // one stopped and its last commands were applied), or be terminated if the reload is dropped.
      control.setStatus(LOGIC_STATUS_READY);
      const go = await nextActivation(endpoint);
      if (go === null) {
        finish(false);
        return;
      }
      runtime.activate(go);
      control.beat();
    }

    if (driver !== undefined) {
      driver.checkLoaded();
    } else {
      const def = typeof module === 'object' && module !== null ? (module as { default?: unknown }).default : undefined;
      if (isGameDefinition(def)) {
        control.enterPhase(LOGIC_PHASE_SETUP);
        guard.phase = 'setup';
        new TypedGame(def, createGameContext(services), services).setup();
      } else if (services.systems.systems.length === 0) {
        guard.report(
          LOGIC_CODES.GAME_EMPTY.code, 'warning',
          `Logic.load: the game module registered no system; got default export ${formatValue(def)} and 0 systems, expected export default defineGame({ ... }) or JSEngine.registerSystem(...) at load. Frames run but no game code does.`,
        );
      }
    }
    guard.retry();
    guard.phase = 'idle';
    control.enterIdle();
    if (control.shutdownRequested()) {
      finish(false);
      return;
    }
    control.setStatus(LOGIC_STATUS_RUNNING);
    // A reload stop publishes every command first: the overflow waits for room in the ring (the
    // engine keeps applying the old incarnation's commands until it is gone), nothing is dropped.
    const flushThenFinish = (): void => {
      if (finished) return;
      const o = runtime.outbox;
      if (control.reloadRequested() && o.overflowCount > 0) {
        o.drainOverflow();
        o.flush();
        if (o.overflowCount > 0) {
          deps.eventLoop.sleepThen(flushThenFinish, 1);
          return;
        }
      }
      finish(false);
    };
    startPacing(runtime, handshake.pacing, deps, flushThenFinish, fault);
  } catch (e) {
    fault(e);
  }
}
