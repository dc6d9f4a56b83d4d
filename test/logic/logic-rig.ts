// In-process rig for the logic runtime: allocates every shared buffer with the protocol's create*
// functions (as the engine does), posts the handshake through a fake WorkerSideEndpoint (the seam,
// not the thing under test), and plays the engine's side on the real queue ends: CommandReader,
// CallbackWriter, DiagnosticReader, InputWriter and the state writers. Frames are triggered through
// the real control block; the runtime runs on this thread's event loop (Atomics.waitAsync).
import { CallbackWriter, createCallbackQueueBuffer } from '../../src/protocol/callback-queue.ts';
import { CAMERA_SCHEMA, createCameraStateBuffer } from '../../src/protocol/camera-state.ts';
import { CommandReader } from '../../src/protocol/command-reader.ts';
import { createCommandQueueBuffer } from '../../src/protocol/command-writer.ts';
import {
  FRAME_COMPLETED_SLOT, FRAME_REQUESTED_SLOT, HEARTBEAT_SLOT, LOGIC_FRAME_US_SLOT, LOGIC_TICK_SLOT, OVERFLOW_COMMANDS_SLOT,
  OVERFLOW_EVENTS_SLOT, PHASE_SLOT, QUIT_REQUESTED_SLOT, SHUTDOWN_SLOT, STATUS_SLOT, SYSTEM_INDEX_SLOT, createControlBlock,
} from '../../src/protocol/control-block.ts';
import { DiagnosticReader, createDiagnosticQueueBuffer } from '../../src/protocol/diagnostic-queue.ts';
import { DEBUG_DRAW_SCHEMA, createDebugDrawBuffer } from '../../src/protocol/debug-draw-state.ts';
import type { Diagnostic } from '../../src/protocol/diagnostic-queue.ts';
import { ENTITY_SCHEMA, createEntityStateBuffer } from '../../src/protocol/entity-state.ts';
import { HANDSHAKE_TYPE, PROTOCOL_VERSION } from '../../src/protocol/handshake.ts';
import type { HandshakeMessage, LogicHostProfile, LogicPacing } from '../../src/protocol/handshake.ts';
import { InputWriter, createInputStateBuffer } from '../../src/protocol/input-writer.ts';
import { StateWriter } from '../../src/shared-memory/state-writer.ts';
import { StateReader } from '../../src/shared-memory/state-reader.ts';
import type { Clock } from '../../src/platform/clock.ts';
import { ManualClock } from '../../src/platform/manual-clock.ts';
import { platformEventLoop } from '../../src/platform/event-loop-yield.ts';
import type { WorkerSideEndpoint } from '../../src/platform/worker-endpoint.ts';
import { runLogic } from '../../src/logic/run-logic.ts';
import type { LogicDeps } from '../../src/logic/run-logic.ts';
import { recordingHandler } from '../protocol/command-test-handler.ts';
import type { Call } from '../protocol/command-test-handler.ts';

/** The worker side's seam, faked: hands the handshake over and records keepAlive/close. */
export class FakeEndpoint implements WorkerSideEndpoint {
  private listener: ((m: unknown) => void) | undefined;
  keptAlive = 0;
  closed = 0;
  onceMessage(fn: (message: unknown) => void): void {
    this.listener = fn;
  }
  keepAlive(): void {
    this.keptAlive++;
  }
  close(): void {
    this.closed++;
  }
  post(message: unknown): void {
    const l = this.listener;
    this.listener = undefined;
    if (!l) throw new Error('FakeEndpoint.post: runLogic did not listen for the handshake');
    l(message);
  }
}

export interface RigOptions {
  pacing?: LogicPacing;
  host?: LogicHostProfile;
  commandRingBytes?: number;
  callbackCapacity?: number;
  entityCapacity?: number;
  cameraCapacity?: number;
  debugDrawCapacity?: number;
  gameUrl?: string;
  gameOptions?: Record<string, string | number | boolean>;
  seed?: number;
  /** The game "module": evaluated (called) when runLogic imports gameUrl. */
  game?: () => unknown;
  importGame?: (url: string) => Promise<unknown>;
}

/** Yields to the event loop once (a macrotask). */
export function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Waits (yielding to the event loop) until `cond()` holds; fails after `timeoutMs` of wall time. */
export async function until(cond: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (let i = 0; ; i++) {
    if (cond()) return;
    if (Date.now() > end) throw new Error(`until: timed out after ${timeoutMs} ms waiting for ${what}`);
    // Mostly immediate turns (fast); now and then a real timer so slow work (module loading) gets time.
    if (i % 64 === 63) await new Promise((r) => setTimeout(r, 1));
    else await tick();
  }
}

export class LogicRig {
  readonly handshake: HandshakeMessage;
  readonly control: Int32Array;
  readonly endpoint = new FakeEndpoint();
  readonly commandReader: CommandReader;
  readonly callbackWriter: CallbackWriter;
  readonly diagnosticReader: DiagnosticReader;
  readonly inputWriter: InputWriter;
  readonly entityWriter: StateWriter;
  readonly cameraWriter: StateWriter;
  /** The engine's end of the debug-draw buffer (the worker writes it). */
  readonly debugDrawReader: StateReader;
  readonly frameClock = new ManualClock();
  /** The injected now(), in ms; tests move it. */
  nowMs = 0;
  readonly rejectionHandlers: ((reason: unknown) => void)[] = [];
  readonly deps: LogicDeps;
  /** Every diagnostic drained so far. */
  readonly diagnostics: Diagnostic[] = [];
  private engineFrame = 0;

  constructor(options: RigOptions = {}) {
    const buffers = {
      control: createControlBlock(1),
      commands: createCommandQueueBuffer(options.commandRingBytes),
      callbacks: createCallbackQueueBuffer(options.callbackCapacity),
      diagnostics: createDiagnosticQueueBuffer(),
      entities: createEntityStateBuffer(options.entityCapacity ?? 1024),
      cameras: createCameraStateBuffer(options.cameraCapacity ?? 16),
      input: createInputStateBuffer(),
      debugDraw: createDebugDrawBuffer(options.debugDrawCapacity ?? 64),
    };
    this.handshake = {
      type: HANDSHAKE_TYPE, protocolVersion: PROTOCOL_VERSION, incarnation: 1, buffers,
      entityCapacity: options.entityCapacity ?? 1024, cameraCapacity: options.cameraCapacity ?? 16,
      entityFront: 2, cameraFront: 2, debugDrawBack: 0,
      pacing: options.pacing ?? { mode: 'lockstep' },
      seed: options.seed ?? 42,
      host: options.host ?? 'twinframe',
      gameUrl: options.gameUrl ?? (options.game || options.importGame ? 'test:game' : undefined),
      ...(options.gameOptions ? { gameOptions: options.gameOptions } : {}),
    } as HandshakeMessage;
    this.control = new Int32Array(buffers.control);
    this.commandReader = new CommandReader(buffers.commands);
    this.callbackWriter = new CallbackWriter(buffers.callbacks);
    this.diagnosticReader = new DiagnosticReader(buffers.diagnostics);
    this.inputWriter = new InputWriter(buffers.input);
    this.entityWriter = new StateWriter(buffers.entities, ENTITY_SCHEMA);
    this.cameraWriter = new StateWriter(buffers.cameras, CAMERA_SCHEMA);
    this.debugDrawReader = new StateReader(buffers.debugDraw, DEBUG_DRAW_SCHEMA);
    const game = options.game;
    this.deps = {
      importGame: options.importGame ?? (async () => (game ? game() : {})),
      now: () => this.nowMs,
      createFrameClock: (): Clock => this.frameClock,
      eventLoop: platformEventLoop,
      onUnhandledRejection: (h) => { this.rejectionHandlers.push(h); },
    };
  }

  /** Starts runLogic and posts the handshake; resolves once STATUS is RUNNING (or past it). */
  async start(message: unknown = this.handshake): Promise<void> {
    runLogic(this.endpoint, this.deps);
    this.endpoint.post(message);
    await until(() => this.status >= 2 || this.endpoint.closed > 0, 'the logic to load');
  }

  get status(): number {
    return Atomics.load(this.control, STATUS_SLOT);
  }
  get phase(): number {
    return Atomics.load(this.control, PHASE_SLOT);
  }
  get heartbeat(): number {
    return Atomics.load(this.control, HEARTBEAT_SLOT);
  }
  get logicTick(): number {
    return Atomics.load(this.control, LOGIC_TICK_SLOT);
  }
  get frameUs(): number {
    return Atomics.load(this.control, LOGIC_FRAME_US_SLOT);
  }
  get frameCompleted(): number {
    return Atomics.load(this.control, FRAME_COMPLETED_SLOT);
  }
  get systemIndex(): number {
    return Atomics.load(this.control, SYSTEM_INDEX_SLOT);
  }
  get quitRequested(): number {
    return Atomics.load(this.control, QUIT_REQUESTED_SLOT);
  }
  get overflowCommands(): number {
    return Atomics.load(this.control, OVERFLOW_COMMANDS_SLOT);
  }
  get overflowEvents(): number {
    return Atomics.load(this.control, OVERFLOW_EVENTS_SLOT);
  }

  /** Lockstep: requests one logic frame and waits until it completed. */
  async frame(): Promise<void> {
    const requested = Atomics.add(this.control, FRAME_REQUESTED_SLOT, 1) + 1;
    Atomics.notify(this.control, FRAME_REQUESTED_SLOT);
    await until(() => this.frameCompleted === requested, `logic frame ${requested}`);
  }

  /** Runs `n` lockstep frames, advancing now() by `dtMs` before each. */
  async frames(n: number, dtMs = 1000 / 60): Promise<void> {
    for (let i = 0; i < n; i++) {
      this.nowMs += dtMs;
      await this.frame();
    }
  }

  /** Drains the command ring (as the engine would) and returns the commands as [method, ...args]. */
  commands(): Call[] {
    const calls: Call[] = [];
    while (this.commandReader.drain(recordingHandler(calls), 1 << 20) > 0) { /* until empty */ }
    return calls;
  }

  /** Drains the diagnostics queue; returns what arrived now (also kept in `diagnostics`). */
  drainDiagnostics(): Diagnostic[] {
    const out: Diagnostic[] = [];
    this.diagnosticReader.drain((d) => out.push(d));
    this.diagnostics.push(...out);
    return out;
  }

  /** Every diagnostic so far with `code`. */
  withCode(code: string): Diagnostic[] {
    this.drainDiagnostics();
    return this.diagnostics.filter((d) => d.code === code);
  }

  /** Answers a request as the engine does. */
  answer(callbackId: number, resultId: number, type: number, code = '', message = ''): void {
    if (!this.callbackWriter.enqueue(callbackId, resultId, type, code, message)) throw new Error('callback queue full');
  }

  /** Creates entity `id` in the engine's state with a position and publishes. */
  publishEntity(id: number, x: number, y: number, z: number): void {
    const w = this.entityWriter;
    if (!w.has(id)) w.create(id);
    const o = w.recordOffset(w.slotOf(id));
    w.f32[o + 1] = x; w.f32[o + 2] = y; w.f32[o + 3] = z;
    w.markDirty(id);
    w.publish(++this.engineFrame, this.logicTick);
  }

  /** Sets SHUTDOWN and waits until the endpoint closed. */
  async shutdown(): Promise<void> {
    Atomics.store(this.control, SHUTDOWN_SLOT, 1);
    Atomics.notify(this.control, FRAME_REQUESTED_SLOT);
    await until(() => this.endpoint.closed > 0, 'the logic to close its endpoint');
  }
}
