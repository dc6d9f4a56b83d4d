import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ID_MAX_GENERATION, ID_INDEX_MASK, idGeneration, idIndex, isWellFormedId, makeId, nextGeneration } from '../../src/protocol/entity-id.ts';

describe('entity-id', () => {
  it('round-trips index and generation and every id is a positive int32', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: ID_INDEX_MASK }), fc.integer({ min: 1, max: ID_MAX_GENERATION }), (index, gen) => {
        const id = makeId(index, gen);
        expect(idIndex(id), 'index survives packing').toBe(index);
        expect(idGeneration(id), 'generation survives packing').toBe(gen);
        expect(id, 'ids are positive').toBeGreaterThan(0);
        expect(id | 0, 'ids fit an int32 unchanged').toBe(id);
        expect(isWellFormedId(id), 'packed ids are well formed').toBe(true);
      }),
    );
  });
  it('never yields generation 0 when wrapping', () => {
    expect(nextGeneration(ID_MAX_GENERATION), 'wrap skips 0').toBe(1);
    expect(nextGeneration(1)).toBe(2);
  });
  it('rejects malformed ids', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, 2 ** 31, 5 /* generation 0 */]) {
      expect(isWellFormedId(bad), `id ${bad} is malformed`).toBe(false);
    }
  });
});
