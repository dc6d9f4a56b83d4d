import { describe, expect, it } from 'vitest';
import { diffStateRecords, formatStateDiff, writerRecords } from '../../src/engine/state-diff.ts';
import { createEntityStateBuffer, E_COLOR, E_X, E_Z, ENTITY_SCHEMA } from '../../src/protocol/entity-state.ts';
import { StateWriter } from '../../src/shared-memory/state-writer.ts';

function world(): StateWriter {
  const w = new StateWriter(createEntityStateBuffer(16), ENTITY_SCHEMA);
  for (const id of [1, 2, 3]) {
    w.create(id);
    w.f32[w.recordOffset(id) + E_X] = id * 1.5;
  }
  return w;
}

describe('diffStateRecords', () => {
  it('finds nothing in two equal worlds', () => {
    const d = diffStateRecords(ENTITY_SCHEMA, writerRecords(world()), writerRecords(world()));
    expect(d.total).toBe(0);
    expect(d.differences).toEqual([]);
  });

  it('names the fields that differ, by schema name and element, with both values', () => {
    const a = world();
    const b = world();
    b.f32[b.recordOffset(2) + E_X] = 9;
    b.f32[b.recordOffset(2) + E_Z] = -1;
    b.u32[b.recordOffset(3) + E_COLOR] = 0xff0000ff;
    const d = diffStateRecords(ENTITY_SCHEMA, writerRecords(a), writerRecords(b));
    expect(d.total).toBe(2);
    expect(d.differences[0]).toEqual({ status: 'changed', id: 2, slot: 2, fields: [{ field: 'position[0]', recorded: 3, replayed: 9 }, { field: 'position[2]', recorded: 0, replayed: -1 }] });
    expect(d.differences[1]!.fields).toEqual([{ field: 'color', recorded: 0, replayed: 0xff0000ff }]);
    expect(formatStateDiff('entity', d)[0]).toBe('entity 2 (slot 2) changed: position[0] 3 -> 9, position[2] 0 -> -1');
  });

  it('reports a record only one side has as missing or extra, and a slot holding another id as both', () => {
    const a = world();
    const b = world();
    b.destroy(1);
    b.create(5);
    a.destroy(3);
    a.create(3 | (1 << 20));
    const d = diffStateRecords(ENTITY_SCHEMA, writerRecords(a), writerRecords(b));
    expect(d.differences.map((x) => [x.status, x.id])).toEqual([['missing', 1], ['missing', 3 | (1 << 20)], ['extra', 3], ['extra', 5]]);
    expect(d.differences[0]!.fields.find((f) => f.field === 'position[0]')).toEqual({ field: 'position[0]', recorded: 1.5, replayed: Number.NaN });
  });

  it('keeps the first `limit` records and counts the rest', () => {
    const a = world();
    const b = world();
    for (const id of [1, 2, 3]) b.f32[b.recordOffset(id) + E_X] = 100;
    const d = diffStateRecords(ENTITY_SCHEMA, writerRecords(a), writerRecords(b), 1);
    expect(d.differences).toHaveLength(1);
    expect(d.total).toBe(3);
    expect(formatStateDiff('entity', d).at(-1)).toBe('... and 2 more entity record(s)');
  });
});
