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
});
