import { describe, expect, it } from 'vitest';
import { ClockTree } from '../../../src/logic/protogame/clock-tree.ts';
import { createClockNative } from '../../../src/logic/protogame/clock-native.ts';
import { isTwinframeError } from '../../../src/shared-memory/twinframe-error.ts';

const DT = 0.25; // exact in binary, so totals compare exactly

function setup() {
  const tree = new ClockTree();
  return { tree, clock: createClockNative(tree) };
}

describe('clock native', () => {
  it('a new clock follows the system clock', () => {
    const { tree, clock } = setup();
    const h = clock.createClock();
    expect(h, 'a positive handle').toBeGreaterThan(0);
    tree.advance(DT);
    tree.advance(DT);
    expect(clock.getDeltaSeconds(h), 'delta of the last frame').toBe(DT);
    expect(clock.getTotalSeconds(h), 'two frames of time').toBe(2 * DT);
    expect(clock.getFrameCount(h), 'two frames').toBe(2);
  });

  it('pausing a clock stops its time; unpausing resumes it', () => {
    const { tree, clock } = setup();
    const h = clock.createClock();
    tree.advance(DT);
    clock.pause(h);
    expect(clock.isPaused(h), 'paused').toBe(true);
    for (let i = 0; i < 5; i++) tree.advance(DT);
    expect(clock.getTotalSeconds(h), 'no time passed while paused').toBe(DT);
    expect(clock.getDeltaSeconds(h), 'delta is 0 while paused').toBe(0);
    expect(clock.getFrameCount(h), 'no frames counted while paused').toBe(1);
    clock.togglePause(h);
    tree.advance(DT);
    expect(clock.isPaused(h), 'running again').toBe(false);
    expect(clock.getTotalSeconds(h), 'time resumes').toBe(2 * DT);
  });

  it('stepSingleFrame advances a paused clock exactly one frame', () => {
    const { tree, clock } = setup();
    const h = clock.createClock();
    clock.pause(h);
    clock.stepSingleFrame(h);
    tree.advance(DT);
    tree.advance(DT);
    expect(clock.getTotalSeconds(h), 'one frame of time').toBe(DT);
    expect(clock.isPaused(h), 'paused again after the step').toBe(true);
  });

  it('time scale multiplies the parent delta, and children follow their parent', () => {
    const { tree, clock } = setup();
    const parent = clock.createClock();
    const child = clock.createClock(parent);
    clock.setTimeScale(parent, 2);
    clock.setTimeScale(child, 0.5);
    expect(clock.getTimeScale(parent), 'scale read back').toBe(2);
    tree.advance(DT);
    expect(clock.getDeltaSeconds(parent), 'parent runs twice as fast').toBe(2 * DT);
    expect(clock.getDeltaSeconds(child), 'child: parent delta times its scale').toBe(DT);
    clock.pause(parent);
    tree.advance(DT);
    expect(clock.getDeltaSeconds(child), 'a paused parent stops its child').toBe(0);
  });

  it('reset zeroes time; destroying a parent moves its children to the grandparent', () => {
    const { tree, clock } = setup();
    const parent = clock.createClock();
    const child = clock.createClock(parent);
    tree.advance(DT);
    clock.reset(child);
    expect([clock.getTotalSeconds(child), clock.getFrameCount(child)], 'reset').toEqual([0, 0]);
    clock.pause(parent);
    clock.destroyClock(parent);
    tree.advance(DT);
    expect(clock.getDeltaSeconds(child), 'the orphan follows the system clock').toBe(DT);
  });

  it('refuses a destroyed or unknown handle with TF5501', () => {
    const { clock } = setup();
    const h = clock.createClock();
    clock.destroyClock(h);
    let error: unknown;
    try {
      clock.getTotalSeconds(h);
    } catch (e) {
      error = e;
    }
    expect(isTwinframeError(error, 'TF5501'), 'TF5501').toBe(true);
    expect((error as Error).message, 'names the method').toContain('clock.getTotalSeconds: argument 1 (handle) is not a live clock handle');
  });

  it('the tree itself refuses an unknown handle with TF5501 (a bug behind the native checks stays coded)', () => {
    const tree = new ClockTree();
    let error: unknown;
    try {
      tree.pause(12345);
    } catch (e) {
      error = e;
    }
    expect(isTwinframeError(error, 'TF5501'), 'coded').toBe(true);
    expect((error as Error).message).toContain('ClockTree.get: no live clock with this handle; got 12345');
  });

  it('refuses wrong argument counts and out-of-range time scales', () => {
    const { clock } = setup();
    const h = clock.createClock();
    const codeOf = (fn: () => unknown): string | undefined => {
      try {
        fn();
      } catch (e) {
        return isTwinframeError(e) ? e.code : 'not a TwinframeError';
      }
      return undefined;
    };
    expect(codeOf(() => (clock.pause as (...a: unknown[]) => void)()), 'pause() without a handle').toBe('TF5500');
    expect(codeOf(() => (clock.createClock as (...a: unknown[]) => number)(h, h)), 'createClock with 2 arguments').toBe('TF5500');
    expect(codeOf(() => clock.setTimeScale(h, -1)), 'a negative scale').toBe('TF5501');
    expect(codeOf(() => clock.setTimeScale(h, NaN)), 'a NaN scale').toBe('TF5501');
  });
});
