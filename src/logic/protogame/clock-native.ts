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
  return {
    createClock(parentHandle) {
      S.createClock.count(arguments.length);
      return tree.create(arguments.length === 0 ? SYSTEM_CLOCK : liveHandle(tree, S.createClock, 0, parentHandle));
    },
    destroyClock(handle) {
      S.destroyClock.count(arguments.length);
      tree.destroy(liveHandle(tree, S.destroyClock, 0, handle));
    },
    pause(handle) {
      S.pause.count(arguments.length);
      tree.pause(liveHandle(tree, S.pause, 0, handle));
    },
    unpause(handle) {
      S.unpause.count(arguments.length);
      tree.unpause(liveHandle(tree, S.unpause, 0, handle));
    },
    togglePause(handle) {
      S.togglePause.count(arguments.length);
      tree.togglePause(liveHandle(tree, S.togglePause, 0, handle));
    },
    isPaused(handle) {
      S.isPaused.count(arguments.length);
      return tree.isPaused(liveHandle(tree, S.isPaused, 0, handle));
    },
    stepSingleFrame(handle) {
      S.stepSingleFrame.count(arguments.length);
      tree.stepSingleFrame(liveHandle(tree, S.stepSingleFrame, 0, handle));
    },
    setTimeScale(handle, scale) {
      const sig = S.setTimeScale;
      sig.count(arguments.length);
      tree.setTimeScale(liveHandle(tree, sig, 0, handle), sig.inRange(1, scale, 0, MAX_TIME_SCALE));
    },
    getTimeScale(handle) {
      S.getTimeScale.count(arguments.length);
      return tree.getTimeScale(liveHandle(tree, S.getTimeScale, 0, handle));
    },
    reset(handle) {
      S.reset.count(arguments.length);
      tree.reset(liveHandle(tree, S.reset, 0, handle));
    },
    getDeltaSeconds(handle) {
      S.getDeltaSeconds.count(arguments.length);
      return tree.getDeltaSeconds(liveHandle(tree, S.getDeltaSeconds, 0, handle));
    },
    getTotalSeconds(handle) {
      S.getTotalSeconds.count(arguments.length);
      return tree.getTotalSeconds(liveHandle(tree, S.getTotalSeconds, 0, handle));
    },
    getFrameCount(handle) {
      S.getFrameCount.count(arguments.length);
      return tree.getFrameCount(liveHandle(tree, S.getFrameCount, 0, handle));
    },
  };
}
