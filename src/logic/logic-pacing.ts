/**
 * The logic worker's frame loop in its two modes (handshake `pacing`):
 * - lockstep (the seed's TriggerNextFrame / IsFrameComplete): wait with `Atomics.waitAsync` (the
 *   worker's event loop keeps running) until FRAME_REQUESTED differs from the value last served,
 *   run ONE frame (however many requests piled up) and publish FRAME_COMPLETED = that value;
 * - free: run frames at `hz` on the injected frame clock, ignoring FRAME_REQUESTED, publishing
 *   FRAME_COMPLETED = LOGIC_TICK.
 * Both check SHUTDOWN before every frame and stop by calling `onStop` once. The worker always
 * returns to its event loop between frames. The lockstep wait wakes at the engine's notify, or
 * after WAIT_TIMEOUT_MS to look at SHUTDOWN (so a shutdown without a notify is seen too).
 */
import { FRAME_REQUESTED_SLOT } from '../protocol/control-block.ts';
import type { LogicPacing } from '../protocol/handshake.ts';
import type { Clock, EventLoopYield } from '../platform/clock.ts';
import type { LogicControl } from './logic-control.ts';

/** Longest lockstep wait before SHUTDOWN is looked at again, in milliseconds. */
export const WAIT_TIMEOUT_MS = 50;
/** Poll period where Atomics.waitAsync does not exist, in milliseconds. */
export const POLL_MS = 1;

/** What the pacer drives. */
export interface FrameRunner {
  readonly control: LogicControl;
  /** Runs one frame and publishes FRAME_COMPLETED = `completed` (-1: the tick). */
  runFrame(completed: number): void;
}

/** What the pacer needs besides the runner. */
export interface PacingDeps {
  /** A frame clock at `hz` frames per second (free-running mode). */
  createFrameClock(hz: number): Clock;
  /** How the lockstep loop returns to the event loop between waits (from the worker's start-up entry). */
  readonly eventLoop: EventLoopYield;
}

/** A running loop. */
export interface Pacer {
  /** Stops the loop without calling onStop (used when the runtime fails). */
  cancel(): void;
}

type WaitAsyncResult = { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };
type WaitAsync = (i32: Int32Array, index: number, value: number, timeoutMs?: number) => WaitAsyncResult;

const waitAsync: WaitAsync | undefined = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;

/**
 * What both loops share: the runner, the once-only stop on SHUTDOWN and the stop on a frame that
 * threw. Subclasses say when the next frame runs.
 */
abstract class FramePacer implements Pacer {
  protected readonly runner: FrameRunner;
  protected done = false;
  private readonly onStop: () => void;
  private readonly onFault: (error: unknown) => void;

  constructor(runner: FrameRunner, onStop: () => void, onFault: (error: unknown) => void) {
    this.runner = runner;
    this.onStop = onStop;
    this.onFault = onFault;
  }

  cancel(): void {
    this.done = true;
  }

  /** When SHUTDOWN is requested: stops the loop, calls onStop and returns true. */
  protected stoppedOnShutdown(): boolean {
    if (!this.runner.control.shutdownRequested()) return false;
    this.cancel();
    this.onStop();
    return true;
  }

  /** Runs one frame; when it throws, stops the loop, calls onFault and returns false. */
  protected ranFrame(completed: number): boolean {
    try {
      this.runner.runFrame(completed);
      return true;
    } catch (e) {
      this.cancel();
      this.onFault(e);
      return false;
    }
  }
}

class LockstepPacer extends FramePacer {
  private readonly eventLoop: EventLoopYield;
  private lastServed: number;
  private readonly wake = (): void => this.step();

  constructor(runner: FrameRunner, eventLoop: EventLoopYield, onStop: () => void, onFault: (error: unknown) => void) {
    super(runner, onStop, onFault);
    this.eventLoop = eventLoop;
    this.lastServed = runner.control.frameCompleted();
  }

  step(): void {
    if (this.done || this.stoppedOnShutdown()) return;
    const requested = this.runner.control.frameRequested();
    if (requested !== this.lastServed) {
      this.lastServed = requested;
      if (!this.ranFrame(requested) || this.stoppedOnShutdown()) return;
    }
    this.wait();
  }

  private wait(): void {
    if (waitAsync === undefined) {
      this.eventLoop.sleepThen(this.wake, POLL_MS);
      return;
    }
    // ORDERING: sleeps until the engine's Atomics.add + notify on FRAME_REQUESTED changes it from the
    // value last served (or the timeout, to look at SHUTDOWN); the frame then loads it again.
    const r = waitAsync(this.runner.control.i32, FRAME_REQUESTED_SLOT, this.lastServed, WAIT_TIMEOUT_MS);
    if (r.async) r.value.then(this.wake, this.wake);
    else this.eventLoop.yieldThen(this.wake);
  }
}

class FreePacer extends FramePacer {
  private readonly clock: Clock;
  private readonly loop = (): void => this.step();

  constructor(runner: FrameRunner, clock: Clock, onStop: () => void, onFault: (error: unknown) => void) {
    super(runner, onStop, onFault);
    this.clock = clock;
  }

  start(): void {
    this.clock.scheduleFrame(this.loop);
  }

  step(): void {
    if (this.done || this.stoppedOnShutdown() || !this.ranFrame(-1)) return;
    this.clock.scheduleFrame(this.loop);
  }

  override cancel(): void {
    super.cancel();
    this.clock.dispose();
  }
}

/**
 * Starts the frame loop for `pacing`. `onStop` runs once when SHUTDOWN is seen (between frames);
 * `onFault` when a frame itself threw (a runtime bug: game errors never escape a frame).
 */
export function startPacing(runner: FrameRunner, pacing: LogicPacing, deps: PacingDeps, onStop: () => void, onFault: (error: unknown) => void): Pacer {
  if (pacing.mode === 'free') {
    const pacer = new FreePacer(runner, deps.createFrameClock(pacing.hz), onStop, onFault);
    pacer.start();
    return pacer;
  }
  const pacer = new LockstepPacer(runner, deps.eventLoop, onStop, onFault);
  pacer.step();
  return pacer;
}
