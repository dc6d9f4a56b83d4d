/**
 * The `clock` native of the ProtogameJS3D host: hierarchical game clocks (ClockTree) advanced once
 * per logic frame by the frame's elapsed time. Handles are opaque positive numbers. A call with a
 * handle that is not a live clock throws TF5501, like any other bad argument.
 */
import type { ClockTree } from './clock-tree.ts';
import { SYSTEM_CLOCK } from './clock-tree.ts';
import { NativeSignature, describeValue, optionalParam, param } from './native-signature.ts';

/** The `clock` object scripts see on globalThis. */
export interface ClockNative {
  createClock(parentHandle?: unknown): number;
  destroyClock(handle: unknown): void;
  pause(handle: unknown): void;
  unpause(handle: unknown): void;
  togglePause(handle: unknown): void;
  isPaused(handle: unknown): boolean;
  stepSingleFrame(handle: unknown): void;
  setTimeScale(handle: unknown, scale: unknown): void;
  getTimeScale(handle: unknown): number;
  reset(handle: unknown): void;
  getDeltaSeconds(handle: unknown): number;
  getTotalSeconds(handle: unknown): number;
  getFrameCount(handle: unknown): number;
}

const K = 'clock';
const H = param('handle');
const one = (method: string): NativeSignature => new NativeSignature(K, method, [H]);
/** Largest time scale accepted (the original clamps to 10). */
export const MAX_TIME_SCALE = 10;

/** Signatures of the `clock` methods (also listed in docs/protogame-host.md). */
export const CLOCK_SIGNATURES = {
  createClock: new NativeSignature(K, 'createClock', [optionalParam('parentHandle')],
    'Pass no argument (a child of the system clock) or the handle of a parent clock.'),
  destroyClock: one('destroyClock'),
  pause: one('pause'),
  unpause: one('unpause'),
  togglePause: one('togglePause'),
  isPaused: one('isPaused'),
  stepSingleFrame: one('stepSingleFrame'),
  setTimeScale: new NativeSignature(K, 'setTimeScale', [H, param('scale')]),
  getTimeScale: one('getTimeScale'),
  reset: one('reset'),
  getDeltaSeconds: one('getDeltaSeconds'),
  getTotalSeconds: one('getTotalSeconds'),
  getFrameCount: one('getFrameCount'),
} as const;

/** Returns argument `index` of a `sig` call when it is a live clock handle; throws TF5501 otherwise. */
function liveHandle(tree: ClockTree, sig: NativeSignature, index: number, value: unknown): number {
  if (typeof value === 'number' && tree.has(value)) return value;
  throw sig.typeError(index, value, 'is not a live clock handle', `Pass a handle clock.createClock() returned and not yet destroyed${typeof value === 'number' ? '' : ` (not ${describeValue(value)})`}.`);
}

/** Builds the `clock` native over `tree`. Allocates; install time only. */
export function createClockNative(tree: ClockTree): ClockNative {
  const S = CLOCK_SIGNATURES;
  /** The checks of a method on one clock: the argument count, then argument 0 as a live handle. */
  const live = (sig: NativeSignature, argumentCount: number, handle: unknown): number => {
    sig.count(argumentCount);
    return liveHandle(tree, sig, 0, handle);
  };
  return {
    createClock(parentHandle) {
      S.createClock.count(arguments.length);
      return tree.create(arguments.length === 0 ? SYSTEM_CLOCK : liveHandle(tree, S.createClock, 0, parentHandle));
    },
    destroyClock(handle) {
      tree.destroy(live(S.destroyClock, arguments.length, handle));
    },
    pause(handle) {
      tree.pause(live(S.pause, arguments.length, handle));
    },
    unpause(handle) {
      tree.unpause(live(S.unpause, arguments.length, handle));
    },
    togglePause(handle) {
      tree.togglePause(live(S.togglePause, arguments.length, handle));
    },
    isPaused(handle) {
      return tree.isPaused(live(S.isPaused, arguments.length, handle));
    },
    stepSingleFrame(handle) {
      tree.stepSingleFrame(live(S.stepSingleFrame, arguments.length, handle));
    },
    setTimeScale(handle, scale) {
      const sig = S.setTimeScale;
      tree.setTimeScale(live(sig, arguments.length, handle), sig.inRange(1, scale, 0, MAX_TIME_SCALE));
    },
    getTimeScale(handle) {
      return tree.getTimeScale(live(S.getTimeScale, arguments.length, handle));
    },
    reset(handle) {
      tree.reset(live(S.reset, arguments.length, handle));
    },
    getDeltaSeconds(handle) {
      return tree.getDeltaSeconds(live(S.getDeltaSeconds, arguments.length, handle));
    },
    getTotalSeconds(handle) {
      return tree.getTotalSeconds(live(S.getTotalSeconds, arguments.length, handle));
    },
    getFrameCount(handle) {
      return tree.getFrameCount(live(S.getFrameCount, arguments.length, handle));
    },
  };
}
