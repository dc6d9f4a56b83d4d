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

class LockstepPacer implements Pacer {
  private readonly runner: FrameRunner;
  private readonly onStop: () => void;
  private readonly onFault: (error: unknown) => void;
  private readonly eventLoop: EventLoopYield;
  private lastServed: number;
  private done = false;
  private readonly wake = (): void => this.step();

  constructor(runner: FrameRunner, eventLoop: EventLoopYield, onStop: () => void, onFault: (error: unknown) => void) {
    this.runner = runner;
    this.eventLoop = eventLoop;
    this.onStop = onStop;
    this.onFault = onFault;
    this.lastServed = runner.control.frameCompleted();
  }

  step(): void {
    if (this.done) return;
    const control = this.runner.control;
    if (control.shutdownRequested()) {
      this.done = true;
      this.onStop();
      return;
    }
    const requested = control.frameRequested();
    if (requested !== this.lastServed) {
      this.lastServed = requested;
      try {
        this.runner.runFrame(requested);
      } catch (e) {
        this.done = true;
        this.onFault(e);
        return;
      }
      if (control.shutdownRequested()) {
        this.done = true;
        this.onStop();
        return;
      }
    }
    this.wait();
  }

  cancel(): void {
    this.done = true;
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

class FreePacer implements Pacer {
  private readonly runner: FrameRunner;
  private readonly clock: Clock;
  private readonly onStop: () => void;
  private readonly onFault: (error: unknown) => void;
  private done = false;
  private readonly loop = (): void => this.step();

  constructor(runner: FrameRunner, clock: Clock, onStop: () => void, onFault: (error: unknown) => void) {
    this.runner = runner;
    this.clock = clock;
    this.onStop = onStop;
    this.onFault = onFault;
  }

  start(): void {
    this.clock.scheduleFrame(this.loop);
  }

  step(): void {
    if (this.done) return;
    if (this.runner.control.shutdownRequested()) {
      this.cancel();
      this.onStop();
      return;
    }
    try {
      this.runner.runFrame(-1);
    } catch (e) {
      this.cancel();
      this.onFault(e);
      return;
    }
    this.clock.scheduleFrame(this.loop);
  }

  cancel(): void {
    this.done = true;
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
