/**
 * One logic frame, in the order of the architecture note (section 3): snapshot (entity and camera
 * state, input, time) -> callbacks (every CallbackQueue record settled, guarded) -> update of each
 * system in priority order (guarded per system) -> render of each system (guarded) -> publish (the
 * frame's bulk positions, then the overflow, this frame's commands, `frameEnd(tick)` and one flush) -> retry waiting
 * diagnostics -> idle. Each phase boundary stores PHASE and beats the heartbeat, so the engine's
 * watchdog sees progress; PHASE is IDLE between frames. A steady frame allocates nothing.
 *
 * The runtime owns the worker's ends of every shared structure, built from the handshake; the
 * pacing (lockstep or free) and the loading live in logic-pacing.ts and run-logic.ts.
 */
import { AbandonedRequests } from './abandoned-requests.ts';
import { CallbackReader } from '../protocol/callback-queue.ts';
import { CAMERA_SCHEMA, createCameraStateBuffer } from '../protocol/camera-state.ts';
import {
  LOGIC_PHASE_CALLBACKS, LOGIC_PHASE_PUBLISH, LOGIC_PHASE_RENDER, LOGIC_PHASE_SNAPSHOT, LOGIC_PHASE_UPDATE,
  LOGIC_STATUS_STOPPED,
} from '../protocol/control-block.ts';
import { DebugDrawWriter } from '../protocol/debug-draw-state.ts';
import { BulkTransformWriter } from '../protocol/bulk-transform-state.ts';
import { DiagnosticWriter } from '../protocol/diagnostic-queue.ts';
import { createEntityStateBuffer, ENTITY_SCHEMA } from '../protocol/entity-state.ts';
import type { HandshakeMessage } from '../protocol/handshake.ts';
import type { HotActivate } from '../protocol/hot-reload.ts';
import { HotModule } from './hot-module.ts';
import { InputReader } from '../protocol/input-reader.ts';
import { StateReader } from '../shared-memory/state-reader.ts';
import { CommandOutbox } from './command-outbox.ts';
import { LOGIC_CODES } from './error-codes.ts';
import { IdAllocator } from './id-allocator.ts';
import { JSEngine } from './js-engine.ts';
import { LogicControl } from './logic-control.ts';
import type { LogicServices } from './logic-services.ts';
import { LogicTime } from './logic-time.ts';
import { PendingCallbacks } from './pending-callbacks.ts';
import { ScriptGuard } from './script-guard.ts';
import { LogicFacts } from './logic-facts.ts';
import type { DeterministicGlobals } from './deterministic-globals.ts';
import type { ScriptDriver } from './script-driver.ts';
import { replayDtView } from '../protocol/control-block.ts';

const PHASE_SNAPSHOT = 'snapshot';
const PHASE_CALLBACK = 'callbacks';
const PHASE_UPDATE = 'update';
const PHASE_RENDER = 'render';
const PHASE_PUBLISH = 'publish';
const PHASE_IDLE = 'idle';

/** The logic worker's runtime. Logic thread only. */
export class LogicRuntime {
  readonly services: LogicServices;
  readonly control: LogicControl;
  readonly guard: ScriptGuard;
  readonly outbox: CommandOutbox;
  readonly callbackReader: CallbackReader;
  /** The worker's end of the debug-draw buffer (host 'protogame' only; null otherwise). */
  debugDraw: DebugDrawWriter | null;
  /** Logic ticks run so far (the tick of the last frame). */
  tick = 0;
  /** Set for the 'protogame' profile; undefined runs the JSEngine systems. */
  driver: ScriptDriver | undefined = undefined;
  /** The tick's facts writer when recording (handshake `record`), else null. */
  readonly facts: LogicFacts | null;
  /** The deterministic globals when installed (handshake `deterministic`; their clock reads services.time). */
  deterministic: DeterministicGlobals | null = null;
  /** Replay (handshake `replay`): each tick's raw dt, written by the replay driver; null otherwise. */
  private readonly replayDt: Float64Array | null;
  private readonly now: () => number;
  private readonly handshake: HandshakeMessage;
  private lastFrameStartMs = -1;
  private backpressureReported = false;
  /** Unobserved requests the stop settled with TF5022 (one summary, abandoned-requests.ts). */
  private readonly abandoned = new AbandonedRequests();
  private stopped = false;
  private settled = false;

  /** Attaches to the handshake's buffers. Throws (TF1004/TF2006 and the like) when a buffer is not what it should be. */
  constructor(handshake: HandshakeMessage, now: () => number) {
    const b = handshake.buffers;
    this.now = now;
    this.control = new LogicControl(b.control);
    this.guard = new ScriptGuard(new DiagnosticWriter(b.diagnostics));
    this.outbox = new CommandOutbox(b.commands);
    this.callbackReader = new CallbackReader(b.callbacks);
    this.facts = handshake.record === true ? new LogicFacts(this.callbackReader, handshake.incarnation) : null;
    this.replayDt = handshake.replay === true ? replayDtView(b.control) : null;
    // Only the 'protogame' profile draws debug primitives. The writer starts with the buffer the
    // engine named (0 at first; after a restart, the one the dead worker owned).
    // A standby worker (hot reload) owns no state buffer until its activation: it reads an empty
    // world of its own meanwhile and writes no debug draw.
    const standby = handshake.standby === true;
    this.handshake = handshake;
    this.debugDraw = handshake.host === 'protogame' && !standby ? new DebugDrawWriter(b.debugDraw, handshake.debugDrawBack) : null;
    const guard = this.guard;
    const entityIds = new IdAllocator(handshake.entityCapacity);
    const cameraIds = new IdAllocator(handshake.cameraCapacity);
    this.services = {
      outbox: this.outbox,
      entityIds,
      cameraIds,
      pending: new PendingCallbacks(guard),
      owner: { reportUnobserved: (code, message) => guard.report(code, 'warning', message), abandoned: (api, id) => this.abandoned.add(api, id) },
      entities: standby ? new StateReader(createEntityStateBuffer(handshake.entityCapacity), ENTITY_SCHEMA) : new StateReader(b.entities, ENTITY_SCHEMA, handshake.entityFront),
      cameras: standby ? new StateReader(createCameraStateBuffer(handshake.cameraCapacity), CAMERA_SCHEMA) : new StateReader(b.cameras, CAMERA_SCHEMA, handshake.cameraFront),
      hot: new HotModule({}, false),
      input: new InputReader(b.input),
      control: this.control,
      guard,
      systems: new JSEngine(),
      time: new LogicTime(),
      seed: handshake.seed,
      options: Object.freeze({ ...(handshake.gameOptions ?? {}) }),
      // The writer starts with the buffer the engine named (0 at first; after a restart, the dead worker's).
      // A standby worker gets it at activation: a writer taking over clears the working copy, which
      // the running incarnation is still writing (its positions and ids would be lost).
      ...(b.bulkTransforms === undefined || standby ? {} : { bulk: new BulkTransformWriter(b.bulkTransforms, handshake.bulkTransformBack) }),
    };
  }

  /**
   * A standby worker's go (hot reload): takes over the state buffers at the indices the engine
   * names and, when the world is kept, the previous incarnation's ids and data. Allocates; once.
   */
  activate(go: HotActivate): void {
    const b = this.handshake.buffers;
    const s = this.services;
    s.entities = new StateReader(b.entities, ENTITY_SCHEMA, go.entityFront);
    s.cameras = new StateReader(b.cameras, CAMERA_SCHEMA, go.cameraFront);
    if (this.handshake.host === 'protogame') this.debugDraw = new DebugDrawWriter(b.debugDraw, go.debugDrawBack);
    if (b.bulkTransforms !== undefined) s.bulk = new BulkTransformWriter(b.bulkTransforms, go.bulkTransformBack);
    // The reader attached when the standby started (a restart's spare: seconds ago); presses since
    // then were the previous incarnation's, so the first frame sees no edges from them.
    s.input.beginFrame();
    s.input.beginFrame();
    const h = go.handover;
    if (h !== null) {
      s.entityIds.importState(h.entityIds);
      s.cameraIds.importState(h.cameraIds);
      s.hot = new HotModule(h.data, true);
    }
  }

  /** True once stop() ran. */
  get isStopped(): boolean {
    return this.stopped;
  }

  /**
   * Runs one logic frame and then publishes FRAME_COMPLETED = `completed` (lockstep: the request it
   * served; free-running: pass -1 for the tick). Never throws for game errors (they are reported).
   */
  runFrame(completed: number): void {
    const c = this.control;
    const g = this.guard;
    const s = this.services;
    const startMs = this.now();
    const tick = ++this.tick;
    g.tick = tick;

    c.enterPhase(LOGIC_PHASE_SNAPSHOT);
    g.phase = PHASE_SNAPSHOT;
    s.entities.refresh();
    s.cameras.refresh();
    s.input.beginFrame();
    // Replay: the recorded raw dt, published by the driver before its request (read after observing it).
    const replayDt = this.replayDt;
    const rawDt = replayDt !== null ? replayDt[0]! : this.lastFrameStartMs < 0 ? 0 : (startMs - this.lastFrameStartMs) / 1000;
    s.time.begin(tick, rawDt);
    this.lastFrameStartMs = startMs;
    this.outbox.drainOverflow();

    c.enterPhase(LOGIC_PHASE_CALLBACKS);
    g.phase = PHASE_CALLBACK;
    const driver = this.driver;
    if (driver === undefined || driver.deliversCallbacks) this.deliverCallbacks();

    c.enterPhase(LOGIC_PHASE_UPDATE);
    g.phase = PHASE_UPDATE;
    if (driver === undefined) this.updateSystems(s.time.dt);
    else driver.update(s.time.dt);

    c.enterPhase(LOGIC_PHASE_RENDER);
    g.phase = PHASE_RENDER;
    if (driver === undefined) this.renderSystems();
    else driver.render();

    c.enterPhase(LOGIC_PHASE_PUBLISH);
    g.phase = PHASE_PUBLISH;
    this.publish(tick, rawDt);
    g.retry();

    const frameUs = Math.round((this.now() - startMs) * 1000);
    g.phase = PHASE_IDLE;
    c.enterIdle();
    c.completeFrame(tick, frameUs, completed < 0 ? tick : completed);
  }

  /**
   * First half of a graceful stop: delivers the engine's answers already queued and settles every
   * request still pending with TF5022. The game's promise reactions to those settlements run as
   * microtasks after this returns: let them run (yield a task) before `stop`, so what they log or
   * send is still the game's, through the console forwarder and the ring. Idempotent.
   */
  settlePending(): void {
    if (this.settled) return;
    this.settled = true;
    const g = this.guard;
    const s = this.services;
    g.phase = 'shutdown';
    if (this.driver === undefined || this.driver.deliversCallbacks) {
      this.deliverCallbacks();
      s.pending.failAll(LOGIC_CODES.REQUEST_ABANDONED.code, `Logic.shutdown: the logic stopped before the engine answered; got a request still pending at tick ${this.tick}, expected an answer. The request did not settle with a result; nothing to do unless the app is restarting.`);
      const abandoned = this.abandoned.summary(this.tick);
      if (abandoned !== '') g.report(LOGIC_CODES.REQUEST_ABANDONED.code, 'info', abandoned);
    }
  }

  /**
   * Graceful stop: settles what `settlePending` has not, publishes what the ring takes, reports
   * commands that could not be sent, and stores STATUS = STOPPED. Idempotent.
   */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.settlePending();
    const g = this.guard;
    g.phase = 'shutdown';
    const o = this.outbox;
    o.drainOverflow();
    o.flush();
    if (o.overflowCount > 0) {
      g.report(LOGIC_CODES.COMMAND_BACKPRESSURE.code, 'warning', `Logic.shutdown: ${o.overflowCount} commands were still waiting for room in the RenderCommandQueue when the logic stopped and were not sent; got a full queue, expected the engine to drain it. They are discarded with the logic.`);
    }
    g.retry();
    g.phase = PHASE_IDLE;
    this.control.setOverflow(o.overflowCount, o.overflowEventCount);
    this.control.enterIdle();
    this.control.setStatus(LOGIC_STATUS_STOPPED);
  }

  private deliverCallbacks(): void {
    const pending = this.services.pending;
    pending.deliverLocal();
    const reader = this.callbackReader;
    // Every record available now: at most `capacity` are in flight, so two passes cover records the
    // engine adds while the first one runs without letting it keep this phase going.
    if (reader.dequeueAll(pending) === reader.capacity) reader.dequeueAll(pending);
  }

  private updateSystems(dt: number): void {
    this.runSystems(false, dt);
  }

  private renderSystems(): void {
    this.runSystems(true, 0);
  }

  /** Calls every enabled system's update(dt) or render() in order, each guarded, with a heartbeat before each. */
  private runSystems(render: boolean, dt: number): void {
    const c = this.control;
    const g = this.guard;
    const list = this.services.systems.systems;
    for (let i = 0; i < list.length; i++) {
      const sys = list[i]!;
      const def = sys.definition;
      const fn = render ? def.render : def.update;
      if (fn === undefined || !sys.enabled || def.enabled === false) continue;
      c.setSystemIndex(i);
      c.beat();
      g.systemId = sys.id;
      try {
        if (render) (fn as () => void).call(def);
        else fn.call(def, dt);
      } catch (e) {
        g.scriptError(render ? PHASE_RENDER : PHASE_UPDATE, sys.id, e);
      }
    }
    g.systemId = undefined;
    c.setSystemIndex(-1);
  }

  private publish(tick: number, rawDt: number): void {
    // The frame's bulk positions first: the engine applies them once it has applied this tick's
    // commands (their FRAME_END below), so publishing them before costs nothing in order.
    const s = this.services;
    s.bulk?.publish(tick);
    const o = this.outbox;
    o.drainOverflow();
    // Recording: what this tick consumed, after its commands, the tick's own facts in its FRAME_END.
    const facts = this.facts;
    if (facts === null) o.frameEnd(tick);
    else facts.endTick(o, tick, rawDt, s.entities.engineFrame, s.cameras.engineFrame, s.input);
    o.flush();
    const waiting = o.overflowCount;
    this.control.setOverflow(waiting, o.overflowEventCount);
    if (waiting === 0) {
      this.backpressureReported = false;
    } else if (!this.backpressureReported) {
      this.backpressureReported = true;
      this.guard.report(
        LOGIC_CODES.COMMAND_BACKPRESSURE.code, 'warning',
        `Logic.publish: the RenderCommandQueue is full; got ${waiting} commands waiting in the logic-side overflow at tick ${tick}, expected them to fit the ring. They go, in order, in the next frames; send fewer commands per frame or enlarge the command queue.`,
      );
    }
  }
}
