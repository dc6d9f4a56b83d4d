import { describe, expect, it } from 'vitest';
import { RenderResourceManager, type RenderResources } from '../../src/engine/render-resource-manager.ts';
import { makeId } from '../../src/protocol/entity-id.ts';

// The seed's RenderResourceManager tests: assign / get / has / remove / clear.
describe('RenderResourceManager', () => {
  const out: RenderResources = { meshType: -1, instanceSlot: -1 };

  it('assigns and gets resources', () => {
    const m = new RenderResourceManager(16);
    const id = makeId(3, 1);
    expect(m.assign(id, 1, 7)).toBe(true);
    expect(m.has(id)).toBe(true);
    expect(m.get(id, out)).toBe(true);
    expect(out).toEqual({ meshType: 1, instanceSlot: 7 });
    expect(m.count).toBe(1);
  });

  it('reports no resources for an unknown id and leaves out untouched', () => {
    const m = new RenderResourceManager(16);
    const o = { meshType: 9, instanceSlot: 9 };
    expect(m.has(makeId(2, 1))).toBe(false);
    expect(m.get(makeId(2, 1), o)).toBe(false);
    expect(o).toEqual({ meshType: 9, instanceSlot: 9 });
    expect(m.instanceSlotOf(makeId(2, 1))).toBe(-1);
  });

  it('removes resources', () => {
    const m = new RenderResourceManager(16);
    const id = makeId(4, 1);
    m.assign(id, 0, 1);
    expect(m.remove(id)).toBe(true);
    expect(m.has(id)).toBe(false);
    expect(m.remove(id)).toBe(false);
    expect(m.count).toBe(0);
  });

  it('never lets a stale id (older generation) find a new entity in the same slot', () => {
    const m = new RenderResourceManager(16);
    const old = makeId(5, 1);
    const fresh = makeId(5, 2);
    m.assign(old, 0, 1);
    m.remove(old);
    m.assign(fresh, 2, 3);
    expect(m.has(old)).toBe(false);
    expect(m.meshTypeOf(fresh)).toBe(2);
  });

  it('replaces on reassign without double counting', () => {
    const m = new RenderResourceManager(16);
    const id = makeId(1, 1);
    m.assign(id, 0, 1);
    m.assign(id, 1, 2);
    expect(m.count).toBe(1);
    expect(m.instanceSlotOf(id)).toBe(2);
  });

  it('clears everything', () => {
    const m = new RenderResourceManager(16);
    for (let i = 0; i < 10; i++) m.assign(makeId(i, 1), 0, i);
    m.clear();
    expect(m.count).toBe(0);
    for (let i = 0; i < 10; i++) expect(m.has(makeId(i, 1))).toBe(false);
  });

  it('refuses ids beyond its capacity or not positive', () => {
    const m = new RenderResourceManager(4);
    expect(m.assign(makeId(4, 1), 0, 0)).toBe(false);
    expect(m.assign(0, 0, 0)).toBe(false);
    expect(m.assign(-5, 0, 0)).toBe(false);
  });
});
