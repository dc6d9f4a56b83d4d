import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../src/logic/seeded-random.ts';

describe('createSeededRandom', () => {
  it('gives the same sequence for the same seed, in [0, 1), and a different one for another seed', () => {
    const a = createSeededRandom(123);
    const b = createSeededRandom(123);
    const c = createSeededRandom(124);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs, 'same seed, same sequence').toEqual(Array.from({ length: 1000 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1), 'range').toBe(true);
    expect(c(), 'another seed differs').not.toBe(xs[0]);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5), 'roughly uniform').toBeLessThan(0.05);
  });
});
