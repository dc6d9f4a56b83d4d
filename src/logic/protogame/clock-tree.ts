/**
 * Hierarchical game clocks for the ProtogameJS3D `clock` native: every clock is a child of the
 * system clock (or of another clock), and the whole tree advances once per logic frame by the
 * frame's elapsed time. A clock's delta is its parent's delta times its time scale, or 0 while it
 * is paused; a paused parent therefore stops its children too. Time comes only from `advance(dt)`
 * (style G8): the tree never reads a clock of its own.
 */
import { TwinframeError } from '../../shared-memory/twinframe-error.ts';
import { PROTOGAME_CODES } from '../error-codes.ts';

/** One clock's state. Handles are positive integers, never reused. */
interface ClockRecord {
  /** Parent handle; 0 is the system clock. */
  parent: number;
  paused: boolean;
  /** stepSingleFrame was called: advance one frame, then pause again. */
  stepping: boolean;
  timeScale: number;
  deltaSeconds: number;
  totalSeconds: number;
  frameCount: number;
}

/** The system clock's handle (the implicit root; scripts never see it). */
export const SYSTEM_CLOCK = 0;

/** A tree of game clocks under the system clock. Logic thread only. */
export class ClockTree {
  // Insertion order is creation order and a parent always exists before its child, so one pass in
  // this order advances every parent before its children.
  private readonly clocks = new Map<number, ClockRecord>();
  private nextHandle = 1;
  /** The system clock's delta of the current frame (seconds). */
  systemDeltaSeconds = 0;
  /** The system clock's total time (seconds). */
  systemTotalSeconds = 0;

  /** Creates a running clock (time scale 1) under `parent` (a live handle or SYSTEM_CLOCK); returns its handle. */
  create(parent: number = SYSTEM_CLOCK): number {
    const handle = this.nextHandle++;
    this.clocks.set(handle, {
      parent, paused: false, stepping: false, timeScale: 1, deltaSeconds: 0, totalSeconds: 0, frameCount: 0,
    });
    return handle;
  }

  /** True when `handle` names a live clock. */
  has(handle: number): boolean {
    return this.clocks.has(handle);
  }

  /** Destroys a clock; its children move to its parent and keep running. */
  destroy(handle: number): void {
    const c = this.clocks.get(handle);
    if (c === undefined) return;
    this.clocks.delete(handle);
    for (const child of this.clocks.values()) if (child.parent === handle) child.parent = c.parent;
  }

  /** Advances the system clock by `dtSeconds` and every clock below it (once per logic frame). */
  advance(dtSeconds: number): void {
    this.systemDeltaSeconds = dtSeconds;
    this.systemTotalSeconds += dtSeconds;
    for (const c of this.clocks.values()) {
      if (c.paused && !c.stepping) {
        c.deltaSeconds = 0;
        continue;
      }
      const parentDelta = c.parent === SYSTEM_CLOCK ? dtSeconds : this.clocks.get(c.parent)!.deltaSeconds;
      c.deltaSeconds = parentDelta * c.timeScale;
      c.totalSeconds += c.deltaSeconds;
      c.frameCount++;
      if (c.stepping) {
        c.stepping = false;
        c.paused = true;
      }
    }
  }

  pause(handle: number): void {
    const c = this.get(handle);
    c.paused = true;
    c.stepping = false;
  }
  unpause(handle: number): void {
    const c = this.get(handle);
    c.paused = false;
    c.stepping = false;
  }
  togglePause(handle: number): void {
    const c = this.get(handle);
    if (c.paused) this.unpause(handle);
    else this.pause(handle);
  }
  isPaused(handle: number): boolean {
    return this.get(handle).paused;
  }
  /** Lets a paused clock advance exactly one frame (the next advance), then pauses it again. */
  stepSingleFrame(handle: number): void {
    const c = this.get(handle);
    c.paused = true;
    c.stepping = true;
  }
  setTimeScale(handle: number, scale: number): void {
    this.get(handle).timeScale = scale;
  }
  getTimeScale(handle: number): number {
    return this.get(handle).timeScale;
  }
  /** Zeroes the clock's delta, total and frame count (pause state and time scale stay). */
  reset(handle: number): void {
    const c = this.get(handle);
    c.deltaSeconds = 0;
    c.totalSeconds = 0;
    c.frameCount = 0;
  }
  getDeltaSeconds(handle: number): number {
    return this.get(handle).deltaSeconds;
  }
  getTotalSeconds(handle: number): number {
    return this.get(handle).totalSeconds;
  }
  /** Frames this clock advanced (paused frames are not counted). */
  getFrameCount(handle: number): number {
    return this.get(handle).frameCount;
  }
  /** Live clocks (the system clock excluded). */
  get size(): number {
    return this.clocks.size;
  }

  private get(handle: number): ClockRecord {
    const c = this.clocks.get(handle);
    if (c === undefined) {
      throw new TwinframeError(
        PROTOGAME_CODES.NATIVE_ARGUMENT_TYPE.code,
        `ClockTree.get: no live clock with this handle; got ${handle}, expected a handle clock.createClock() returned and not yet destroyed. Keep the handle createClock gave you.`,
        { handle },
      );
    }
    return c;
  }
}
