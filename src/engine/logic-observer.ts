/**
 * What the engine reads of the logic each frame (observe phase): its tick and frame time, the
 * backpressure counters it mirrors, and whether the game asked to quit. Counters run over every
 * incarnation; the tick restarts with each. Engine thread only; allocates nothing.
 */
import {
  ENGINE_FRAME_SLOT, LOGIC_FRAME_US_SLOT, LOGIC_TICK_SLOT, OVERFLOW_COMMANDS_SLOT, OVERFLOW_EVENTS_SLOT, QUIT_REQUESTED_SLOT,
} from '../protocol/control-block.ts';
import { FrameSampler } from './frame-sampler.ts';

/** The logic's counters as the engine last observed them. */
export class LogicObserver {
  /** Logic frames completed, over every incarnation. */
  logicFrames = 0;
  /** Logic frame durations (ms), as the worker reports them. */
  readonly logicFrameMs = new FrameSampler();
  /** Commands waiting in the logic-side overflow (backpressure), as the worker last said. */
  logicOverflowCommands = 0;
  logicOverflowEvents = 0;
  quitRequested = false;
  /** The current incarnation's last tick (0 before its first frame). */
  lastTick = 0;
  /** Milliseconds from the last restart's spawn to its first completed logic frame (0 before). */
  lastRestartToFirstFrameMs = 0;

  /** A new incarnation starts at tick 0. */
  reset(): void {
    this.lastTick = 0;
  }

  /**
   * Reads the control block of incarnation `incarnation` (spawned at `spawnedAt`, now `now`) and
   * tells the worker the engine frame. Returns true when the logic tick moved (a frame completed).
   */
  observe(control: Int32Array, engineFrame: number, incarnation: number, spawnedAt: number, now: number): boolean {
    // ORDERING: observe — information only for the worker (engine frame counter).
    Atomics.store(control, ENGINE_FRAME_SLOT, engineFrame);
    // ORDERING: observe — LOGIC_TICK and LOGIC_FRAME_US are single counters; a late value is only late.
    const tick = Atomics.load(control, LOGIC_TICK_SLOT);
    const moved = tick !== this.lastTick;
    if (moved) {
      if (this.lastTick === 0 && tick > 0 && incarnation > 1) this.lastRestartToFirstFrameMs = now - spawnedAt;
      if (tick > this.lastTick) this.logicFrames += tick - this.lastTick;
      this.lastTick = tick;
      // ORDERING: observe — duration of the frame that just ended.
      this.logicFrameMs.add(Atomics.load(control, LOGIC_FRAME_US_SLOT) / 1000);
    }
    // ORDERING: observe — backpressure counters mirrored by the worker.
    this.logicOverflowCommands = Atomics.load(control, OVERFLOW_COMMANDS_SLOT);
    // ORDERING: observe — as above.
    this.logicOverflowEvents = Atomics.load(control, OVERFLOW_EVENTS_SLOT);
    // ORDERING: observe — the game asked to quit.
    if (Atomics.load(control, QUIT_REQUESTED_SLOT) === 1) this.quitRequested = true;
    return moved;
  }
}
