/**
 * The heap-growth helper itself (test/helpers/heap.ts): a path whose allocation stops after a
 * while (as when an optimised compile lands late on a loaded machine, and the baseline code boxed
 * doubles until then) is measured once it stopped, while a path that allocates on every call
 * still shows in every round.
 */
import { describe, expect, it } from 'vitest';
import { measureHeapGrowth } from '../helpers/heap.ts';

describe('measureHeapGrowth', () => {
  it('keeps measuring while every round so far allocated, so a late-settling path is measured once it settled', () => {
    const sink: unknown[] = [];
    let i = 0;
    let calls = 0;
    let allocating = true;
    const first = performance.now();
    let lastAllocAt = first;
    // Allocates a small object a call (as baseline code boxing a double) for its first 700 ms: the
    // warm-up (at least 400 ms) and the first rounds after it allocate, later rounds do not. The
    // clock is read every 1,024 calls (performance.now() returns a boxed double).
    const g = measureHeapGrowth(() => {
      if (!allocating) return;
      sink[i++ & 15] = { i };
      if ((++calls & 1023) === 0) {
        lastAllocAt = performance.now();
        allocating = lastAllocAt - first < 700;
      }
    }, 20_000, 1_000, 3);
    expect(g.gcRuns).toBe(0);
    expect(g.allocatedBytes, 'the round returned is one after the path settled').toBeLessThan(64 * 1024);
    expect(lastAllocAt - first, 'the path allocated past the warm-up, and was measured until it stopped').toBeGreaterThanOrEqual(700);
  });

  it('still reports a path that allocates on every call', () => {
    const sink: unknown[] = [];
    let i = 0;
    const g = measureHeapGrowth(() => { sink[i++ & 15] = { i }; }, 20_000, 1_000, 3);
    expect(g.gcRuns + g.allocatedBytes, 'an allocation on every call shows').toBeGreaterThan(64 * 1024);
  });

  it('with settledBytes, waits for a path with steady bookkeeping to drop to it', () => {
    const sink: unknown[] = [];
    let i = 0;
    let calls = 0;
    let heavy = true;
    const first = performance.now();
    let lastHeavyAt = first;
    // Every 64th call keeps one small object (bookkeeping the path always does); for its first
    // 700 ms every call allocates too. The steady part alone is above the default settled bound.
    const g = measureHeapGrowth(() => {
      if ((++calls & 63) === 0) sink[i++ & 15] = [calls];
      if (!heavy) return;
      sink[16 + (i++ & 15)] = { i };
      if ((calls & 1023) === 0) {
        lastHeavyAt = performance.now();
        heavy = lastHeavyAt - first < 700;
      }
    }, 200_000, 1_000, 3, 512 * 1024);
    expect(lastHeavyAt - first, 'measured until the heavy part stopped').toBeGreaterThanOrEqual(700);
    expect(g.gcRuns + (g.allocatedBytes >= 512 * 1024 ? 1 : 0), `the round returned is one after it settled (${g.allocatedBytes} B)`).toBe(0);
  });
});
