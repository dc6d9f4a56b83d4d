/**
 * The timer clock on real timers: frames at the requested rate, started close to their deadlines
 * by sleeping (Atomics.wait) the last stretch rather than polling with setImmediate, and never run
 * inside the scheduleFrame call that asked for them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTimerClock } from '../../src/platform/timer-clock.ts';
import type { Clock } from '../../src/platform/clock.ts';

const realSetImmediate = globalThis.setImmediate;
afterEach(() => {
  globalThis.setImmediate = realSetImmediate;
});

/** Runs `frames` frames of `clock`, counting setImmediate calls made meanwhile; resolves with each frame's start. */
async function run(make: () => Clock, frames: number, work?: (frame: number) => void): Promise<{ starts: number[]; immediates: number; nested: number }> {
  let immediates = 0;
  globalThis.setImmediate = ((fn: (...args: unknown[]) => void, ...args: unknown[]) => {
    immediates++;
    return realSetImmediate(fn, ...args);
  }) as typeof setImmediate;
  const clock = make();
  const starts: number[] = [];
  let nested = 0;
  let inSchedule = false;
  await new Promise<void>((resolve) => {
    const loop = (now: number): void => {
      if (inSchedule) nested++;
      starts.push(now);
      if (starts.length === frames) {
        resolve();
        return;
      }
      work?.(starts.length);
      inSchedule = true;
      clock.scheduleFrame(loop);
      inSchedule = false;
    };
    clock.scheduleFrame(loop);
  });
  clock.dispose();
  globalThis.setImmediate = realSetImmediate;
  return { starts, immediates, nested };
}

const gaps = (starts: number[]): number[] => starts.slice(1).map((t, i) => t - starts[i]!).sort((a, b) => a - b);

describe('createTimerClock', () => {
  it('runs 60 fps frames close to their deadlines, sleeping the last stretch: at most one setImmediate a frame (polling made dozens)', async () => {
    const sleeping = await run(() => createTimerClock({ fps: 60 }), 40);
    const polling = await run(() => createTimerClock({ fps: 60, poll: true }), 40);
    const g = gaps(sleeping.starts);
    // Generous: a loaded machine delays timers; the median frame interval is still the period.
    expect(Math.abs(g[Math.floor(g.length / 2)]! - 1000 / 60), `median gap of ${g.map((x) => x.toFixed(2)).join(' ')}`).toBeLessThan(2);
    expect(sleeping.immediates, 'setImmediate calls over 40 frames, sleeping').toBeLessThanOrEqual(40);
    expect(polling.immediates, 'setImmediate calls over 40 frames, polling (the comparison)').toBeGreaterThan(sleeping.immediates);
  });

  it('never runs a frame inside the scheduleFrame call that asked for it, even when the deadline is within the last stretch', async () => {
    // Each frame works until 0.5 ms before the next deadline, so every scheduleFrame lands inside spinMs.
    const clock = (): Clock => createTimerClock({ fps: 60 });
    let frameStart = 0;
    const r = await run(clock, 20, () => {
      frameStart = performance.now();
      while (performance.now() - frameStart < 1000 / 60 - 0.5) { /* busy */ }
    });
    expect(r.nested).toBe(0);
    expect(r.starts).toHaveLength(20);
  });

  it('refuses a rate outside (0, 1000] with TF3001', () => {
    expect(() => createTimerClock({ fps: 0 })).toThrow(/TF3001|frame rate out of range/);
  });
});
