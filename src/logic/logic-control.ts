/**
 * The logic worker's view of the control block (protocol/control-block.ts): every slot it reads or
 * writes, each through one Atomics call that says what it publishes or observes. The engine paces
 * the worker with FRAME_REQUESTED and SHUTDOWN and watches it through PHASE, HEARTBEAT, LOGIC_TICK
 * and STATUS. Allocates nothing after construction.
 */
import {
  FRAME_COMPLETED_SLOT, FRAME_REQUESTED_SLOT, HEARTBEAT_SLOT, LOGIC_FRAME_US_SLOT, LOGIC_PHASE_IDLE, LOGIC_TICK_SLOT,
  OVERFLOW_COMMANDS_SLOT, OVERFLOW_EVENTS_SLOT, PHASE_SLOT, QUIT_REQUESTED_SLOT, SHUTDOWN_SLOT, STATUS_SLOT, SYSTEM_INDEX_SLOT,
  SHUTDOWN_RELOAD,
} from '../protocol/control-block.ts';

/** The worker's end of the control block. Logic thread only. */
export class LogicControl {
  /** The control block's Int32 view (for Atomics.waitAsync on FRAME_REQUESTED). */
  readonly i32: Int32Array;

  constructor(sab: SharedArrayBuffer) {
    this.i32 = new Int32Array(sab);
  }

  /** Publishes the worker's STATUS (LOGIC_STATUS_*). */
  setStatus(status: number): void {
    // ORDERING: publishes the worker's lifecycle state; the engine polls it (and sees every write before it).
    Atomics.store(this.i32, STATUS_SLOT, status);
  }

  /** Enters phase `phase` (LOGIC_PHASE_*) and beats the heartbeat (a phase boundary). */
  enterPhase(phase: number): void {
    // ORDERING: publishes the phase the worker is in; the watchdog only judges PHASE != IDLE.
    Atomics.store(this.i32, PHASE_SLOT, phase);
    // ORDERING: publishes progress; the watchdog declares a hang only when this stops moving.
    Atomics.add(this.i32, HEARTBEAT_SLOT, 1);
  }

  /** Leaves the frame: PHASE = IDLE and one more heartbeat. */
  enterIdle(): void {
    this.enterPhase(LOGIC_PHASE_IDLE);
  }

  /** Beats the heartbeat without changing phase (between systems of one phase). */
  beat(): void {
    // ORDERING: publishes progress inside a long phase (one beat per system).
    Atomics.add(this.i32, HEARTBEAT_SLOT, 1);
  }

  /** Publishes the index of the system running now, or -1. */
  setSystemIndex(index: number): void {
    // ORDERING: information for the watchdog's hang report (which system was running).
    Atomics.store(this.i32, SYSTEM_INDEX_SLOT, index);
  }

  /** The engine's frame request counter (lockstep). */
  frameRequested(): number {
    // ORDERING: observes the engine's trigger; everything the engine published before it (input, state) is visible after.
    return Atomics.load(this.i32, FRAME_REQUESTED_SLOT);
  }

  /** Publishes the end of a frame: its tick and duration, then FRAME_COMPLETED = `completed`. */
  completeFrame(tick: number, frameUs: number, completed: number): void {
    // ORDERING: publishes the tick of the frame that just ended (its commands were flushed before).
    Atomics.store(this.i32, LOGIC_TICK_SLOT, tick);
    // ORDERING: publishes the frame's duration for statistics.
    Atomics.store(this.i32, LOGIC_FRAME_US_SLOT, frameUs);
    // ORDERING: last store of the frame: the engine may trigger the next frame once it sees this.
    Atomics.store(this.i32, FRAME_COMPLETED_SLOT, completed);
  }

  /** Mirrors the CommandOutbox's overflow counters. */
  setOverflow(commands: number, events: number): void {
    // ORDERING: publishes commands waiting in the logic-side overflow (statistics, backpressure).
    Atomics.store(this.i32, OVERFLOW_COMMANDS_SLOT, commands);
    // ORDERING: publishes the number of times a command did not fit the ring.
    Atomics.store(this.i32, OVERFLOW_EVENTS_SLOT, events);
  }

  /** True once the engine asked the worker to stop. */
  shutdownRequested(): boolean {
    // ORDERING: observes the engine's shutdown flag.
    return Atomics.load(this.i32, SHUTDOWN_SLOT) !== 0;
  }

  /** True when the engine asked for a stop that hands over to a hot reload (SHUTDOWN_RELOAD). */
  reloadRequested(): boolean {
    // ORDERING: observes the engine's shutdown flag (its value says why).
    return Atomics.load(this.i32, SHUTDOWN_SLOT) === SHUTDOWN_RELOAD;
  }

  /** Asks the engine to stop the app (the game's quit). */
  requestQuit(): void {
    // ORDERING: publishes the game's quit request; the engine polls it.
    Atomics.store(this.i32, QUIT_REQUESTED_SLOT, 1);
  }

  /** The last FRAME_COMPLETED value this worker (or nobody: 0) stored. */
  frameCompleted(): number {
    // ORDERING: only this thread writes the slot; read at start to resume counting.
    return Atomics.load(this.i32, FRAME_COMPLETED_SLOT);
  }
}
