// The logic's end of the bulk transform path on a LogicRuntime attached to real buffers: argument
// checks (TF5010 naming the API), the write into the bulk-transform buffer published once at the
// end of the frame with the frame's tick, and the API without a bulk buffer in the handshake.
import { describe, expect, it } from 'vitest';
import { LogicRuntime } from '../../src/logic/logic-runtime.ts';
import { installScriptGlobals } from '../../src/logic/script-globals.ts';
import { createGameContext } from '../../src/logic/game-context.ts';
import { LOGIC_CODES } from '../../src/logic/error-codes.ts';
import { BULK_TRANSFORM_SCHEMA, B_STAMP, B_X, B_Z, createBulkTransformBuffer } from '../../src/protocol/bulk-transform-state.ts';
import { StateReader } from '../../src/shared-memory/state-reader.ts';
import { isTwinframeError } from '../../src/shared-memory/twinframe-error.ts';
import { LogicRig } from './logic-rig.ts';

type G = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- script globals are untyped for seed-style games

function setup(withBuffer = true) {
  const rig = new LogicRig({});
  const buffer = createBulkTransformBuffer(rig.handshake.entityCapacity);
  const handshake = withBuffer ? { ...rig.handshake, buffers: { ...rig.handshake.buffers, bulkTransforms: buffer } } : rig.handshake;
  const runtime = new LogicRuntime(handshake, () => rig.nowMs);
  const g: G = {};
  installScriptGlobals(g, runtime.services);
  return { rig, runtime, g, handshake, buffer, ctx: createGameContext(runtime.services), reader: new StateReader(buffer, BULK_TRANSFORM_SCHEMA) };
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return isTwinframeError(e) ? `${e.code} ${e.message.replace(/^\[TF\d+\] /, "")}` : String(e);
  }
  return 'no throw';
}

describe('ctx.entities.setPositions / EntityAPI.updatePositions', () => {
  it('writes the positions, published once at the end of the frame with its tick; no command per entity', () => {
    const { rig, runtime, g, ctx, reader } = setup();
    const a = g.EntityAPI.createMesh('cube', [0, 0, 0], 1, [1, 2, 3]);
    const b = g.EntityAPI.createMesh('cube', [0, 0, 0], 1, [1, 2, 3]);
    expect(ctx.entities.setPositions(Int32Array.of(a, b), Float32Array.of(1, 2, 3, 4, 5, 6))).toBe(2);
    expect(g.EntityAPI.updatePositions(Int32Array.of(b), Float32Array.of(7, 8, 9))).toBe(1);
    expect(reader.refresh(), 'nothing published before the frame ends').toBe(false);
    runtime.runFrame(-1);
    expect(rig.commands().map((c) => c[0])).toEqual(['createMesh', 'createMesh', 'frameEnd']);
    expect(reader.refresh()).toBe(true);
    expect(reader.logicTick).toBe(1);
    expect(reader.f32At(reader.slotOf(a), B_X)).toBe(1);
    expect(reader.f32At(reader.slotOf(b), B_X), 'the later write of the frame wins').toBe(7);
    expect(reader.f32At(reader.slotOf(b), B_Z)).toBe(9);
    expect(reader.u32At(reader.slotOf(a), B_STAMP)).toBe(reader.seq);
    // A frame without a bulk call publishes nothing.
    runtime.runFrame(-1);
    expect(reader.refresh()).toBe(false);
  });

  it('destroyEntity removes the entity\'s bulk record and that frame publishes (a move made before the destroy is never refused later); a move after it stays', () => {
    const { runtime, g, reader } = setup();
    const a = g.EntityAPI.createMesh('cube', [0, 0, 0], 1, [1, 2, 3]);
    const b = g.EntityAPI.createMesh('cube', [0, 0, 0], 1, [1, 2, 3]);
    const c = g.EntityAPI.createMesh('cube', [0, 0, 0], 1, [1, 2, 3]);
    g.EntityAPI.updatePositions(Int32Array.of(a, b), Float32Array.of(1, 2, 3, 4, 5, 6));
    runtime.runFrame(-1);
    expect(reader.refresh()).toBe(true);
    expect([reader.slotOf(a) >= 0, reader.slotOf(b) >= 0]).toEqual([true, true]);
    // Next frame: no move, only a destroy of a moved entity (and of one never moved): the removal is published.
    g.EntityAPI.destroyEntity(a);
    g.EntityAPI.destroyEntity(c);
    runtime.runFrame(-1);
    expect(reader.refresh(), 'a removal publishes').toBe(true);
    expect(reader.slotOf(a)).toBe(-1);
    expect(reader.f32At(reader.slotOf(b), B_X)).toBe(4);
    // A move written after the destroy stays (the engine refuses it: a dead id).
    g.EntityAPI.destroyEntity(b);
    g.EntityAPI.updatePositions(Int32Array.of(b), Float32Array.of(7, 8, 9));
    runtime.runFrame(-1);
    expect(reader.refresh()).toBe(true);
    expect(reader.f32At(reader.slotOf(b), B_X)).toBe(7);
  });

  it('a standby runtime (a spare or hot-reload worker) leaves the running writer\'s buffer alone until its activation', () => {
    const { rig, runtime, g, reader, handshake, buffer } = setup();
    const a = g.EntityAPI.createMesh('cube', [0, 0, 0], 1, [1, 2, 3]);
    g.EntityAPI.updatePositions(Int32Array.of(a), Float32Array.of(1, 2, 3));
    runtime.runFrame(-1);
    const before = new Int32Array(buffer).slice();
    // A second worker's runtime on the same buffers, as a standby: it must not take the buffer over (that clears the working copy).
    const standby = new LogicRuntime({ ...handshake, standby: true }, () => rig.nowMs);
    expect(new Int32Array(buffer)).toEqual(before);
    expect(standby.services.bulk, 'its writer comes with the activation').toBeUndefined();
    // The running writer goes on publishing what it sets.
    g.EntityAPI.updatePositions(Int32Array.of(a), Float32Array.of(4, 5, 6));
    runtime.runFrame(-1);
    expect(reader.refresh()).toBe(true);
    expect(reader.f32At(reader.slotOf(a), B_X)).toBe(4);
  });

  it('refuses arguments of the wrong kind or length with TF5010 naming the API', () => {
    const { ctx, g } = setup();
    const code = LOGIC_CODES.API_ARGUMENT_INVALID.code;
    expect(codeOf(() => ctx.entities.setPositions({} as Int32Array, new Float32Array(3)))).toMatch(new RegExp(`^${code} ctx\\.entities\\.setPositions: bad ids`));
    expect(codeOf(() => ctx.entities.setPositions(new Int32Array(2), new Float32Array(5)))).toMatch(new RegExp(`^${code} ctx\\.entities\\.setPositions: bad positions; got "5 numbers", expected at least 6`));
    expect(codeOf(() => ctx.entities.setPositions(new Int32Array(2), new Float32Array(6), 3))).toMatch(new RegExp(`^${code} ctx\\.entities\\.setPositions: bad count; got 3`));
    expect(codeOf(() => g.EntityAPI.updatePositions(new Int32Array(1), 'xyz'))).toMatch(new RegExp(`^${code} EntityAPI\\.updatePositions: bad positions`));
  });

  it('without a bulk buffer in the handshake the call throws TF5010 saying so', () => {
    const { ctx } = setup(false);
    expect(codeOf(() => ctx.entities.setPositions(new Int32Array(1), new Float32Array(3)))).toMatch(/^TF5010 ctx\.entities\.setPositions: .*a runtime with a bulk-transform buffer/);
  });
});
