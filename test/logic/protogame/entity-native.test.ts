import { describe, expect, it } from 'vitest';
import { installProtogameHost } from '../../../src/logic/protogame/install-protogame-host.ts';
import { CALLBACK_TYPES } from '../../../src/protocol/callback-queue.ts';
import { COMMAND_OPCODES } from '../../../src/protocol/command-opcodes.ts';
import { API_STYLES, API_STYLE_SHIFT } from '../../../src/protocol/command-table.ts';
import { meshTypeIndex } from '../../../src/protocol/mesh-types.ts';
import { isTwinframeError } from '../../../src/shared-memory/twinframe-error.ts';
import { createProtogameRig } from './protogame-test-rig.ts';

function setup(options: Parameters<typeof createProtogameRig>[0] = {}) {
  const rig = createProtogameRig(options);
  const host = installProtogameHost({}, rig.deps);
  return { rig, host, entity: host.natives.entity, callbackQueue: host.natives.callbackQueue };
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('entity native', () => {
  describe('#createMesh', () => {
    it('returns a callbackId at once and sends CREATE_MESH with a logic-issued id', () => {
      const { rig, entity } = setup();
      const callbackId = entity.createMesh('sphere', 1, 2, 3, 0.5, 10, 20, 30, 255, 0);
      expect(callbackId, 'a positive callbackId is returned synchronously').toBeGreaterThan(0);
      const calls = rig.drainCommands();
      expect(calls.length, 'one command was sent').toBe(1);
      const [method, entityId, sentCallbackId, mesh, x, y, z, scale, r, g, b, a] = calls[0]!;
      expect(method, 'the command is createMesh').toBe('createMesh');
      expect(entityId, 'the entity id is issued by the logic side').toBeGreaterThan(0);
      expect(sentCallbackId, 'the command carries the returned callbackId').toBe(callbackId);
      expect(mesh, 'the mesh type is interned').toBe(meshTypeIndex('sphere'));
      expect([x, y, z, scale, r, g, b, a], 'position, scale and colour are passed through').toEqual([1, 2, 3, 0.5, 10, 20, 30, 255]);
    });

    it('delivers the engine confirmation through callbackQueue.dequeueAll as a plain object', () => {
      const { rig, entity, callbackQueue } = setup();
      const callbackId = entity.createMesh('cube', 0, 0, 0, 1, 255, 0, 0, 255, 0);
      const entityId = rig.drainCommands()[0]![1]!;
      expect(callbackQueue.dequeueAll(), 'nothing before the engine answers').toEqual([]);
      rig.callbackWriter.enqueue(callbackId, entityId, CALLBACK_TYPES.ENTITY_CREATED);
      const callbacks = callbackQueue.dequeueAll();
      expect(callbacks, 'one ENTITY_CREATED record with the entity id').toEqual([
        { callbackId, resultId: entityId, errorMessage: '', type: 'ENTITY_CREATED' },
      ]);
      expect(Object.getPrototypeOf(callbacks[0]), 'records are plain objects').toBe(Object.prototype);
    });

    it('reports an engine refusal with resultId 0 and gives the id back', () => {
      const { rig, host, entity, callbackQueue } = setup();
      const callbackId = entity.createMesh('cube', 0, 0, 0, 1, 255, 0, 0, 255, 0);
      const entityId = rig.drainCommands()[0]![1]!;
      rig.callbackWriter.enqueue(callbackId, entityId, CALLBACK_TYPES.ENTITY_CREATED, 'TF4004', 'refused');
      expect(callbackQueue.dequeueAll(), 'the failure carries resultId 0 and the message').toEqual([
        { callbackId, resultId: 0, errorMessage: 'TF4004 refused', type: 'ENTITY_CREATED' },
      ]);
      expect(rig.entityIds.released, 'the refused id went back to the allocator').toEqual([entityId]);
      expect(host.stats().entities, 'no entity is counted').toBe(0);
    });

    it('settles an unknown mesh type locally with TF4004 (the engine\'s code for it through any API) and sends nothing', () => {
      const { rig, entity, callbackQueue } = setup();
      const callbackId = entity.createMesh('teapot', 0, 0, 0, 1, 255, 0, 0, 255, 0);
      expect(rig.drainCommands(), 'no command for an unknown mesh type').toEqual([]);
      const [cb] = callbackQueue.dequeueAll();
      expect(cb?.callbackId, 'the failure settles the returned callbackId').toBe(callbackId);
      expect(cb?.resultId, 'no entity').toBe(0);
      expect(cb?.type, 'an ENTITY_CREATED record').toBe('ENTITY_CREATED');
      expect(cb?.errorMessage, 'the message is coded and names the value').toMatch(/^\[TF4004\] entity\.createMesh: unknown mesh type; got "teapot"/);
    });

    it('settles locally when no entity id is free', () => {
      const { entity, callbackQueue } = setup({ entityCapacity: 1 });
      entity.createMesh('cube', 0, 0, 0, 1, 255, 0, 0, 255, 0);
      const second = entity.createMesh('cube', 0, 0, 0, 1, 255, 0, 0, 255, 0);
      const failed = callbackQueue.dequeueAll().find((c) => c.callbackId === second);
      expect(failed?.errorMessage, 'the second creation is refused with TF5502').toMatch(/\[TF5502\].*no free entity id/);
    });

    it('keeps creations that do not fit a full command queue and sends them, in order, in later frames', () => {
      const { rig, entity, callbackQueue } = setup({ commandRingBytes: 128 });
      const sentIds: number[] = [];
      for (let i = 0; i < 4; i++) entity.createMesh('cube', i, 0, 0, 1, 255, 0, 0, 255, 0);
      expect(rig.commands.overflowCount, 'the ring holds at most two creations; the rest wait').toBeGreaterThan(0);
      const xs: number[] = [];
      for (let frame = 0; frame < 8 && xs.length < 4; frame++) {
        for (const c of rig.drainCommands()) {
          sentIds.push(c[1]!);
          xs.push(c[4]!);
        }
      }
      expect(xs, 'every creation arrived, in order').toEqual([0, 1, 2, 3]);
      expect(new Set(sentIds).size, 'each with its own id').toBe(4);
      expect(callbackQueue.dequeueAll(), 'none settled locally').toEqual([]);
      expect(rig.entityIds.released, 'no id was given back').toEqual([]);
    });

    it('throws TF5500 naming the signature for a wrong argument count', () => {
      const { rig, entity } = setup();
      const e = thrown(() => (entity.createMesh as (...a: unknown[]) => number)('cube', 0, 0, 0));
      expect(isTwinframeError(e, 'TF5500'), 'a TF5500 TwinframeError').toBe(true);
      expect(e instanceof Error, 'scripts can catch it as an Error').toBe(true);
      expect((e as Error).message, 'the message names method, count and signature').toContain(
        'entity.createMesh: wrong number of arguments; got 4, expected createMesh(meshType: string, posX: number, posY: number, posZ: number, scale: number, r: number, g: number, b: number, a: number, callbackSentinel: 0)',
      );
      expect(rig.drainCommands(), 'nothing was sent').toEqual([]);
    });

    it('throws TF5501 for a wrong argument type', () => {
      const { entity } = setup();
      const e = thrown(() => entity.createMesh('cube', '1', 0, 0, 1, 255, 0, 0, 255, 0));
      expect(isTwinframeError(e, 'TF5501'), 'a TF5501 TwinframeError').toBe(true);
      expect((e as Error).message, 'the message names the argument and value').toContain('entity.createMesh: argument 2 (posX) is not a number; got "1"');
      expect(isTwinframeError(thrown(() => entity.createMesh(7, 0, 0, 0, 1, 255, 0, 0, 255, 0)), 'TF5501'), 'meshType must be a string').toBe(true);
      expect(isTwinframeError(thrown(() => entity.createMesh('cube', undefined, 0, 0, 1, 255, 0, 0, 255, 0)), 'TF5501'), 'undefined is refused').toBe(true);
    });

    it('sends a NaN value for the engine to refuse (TF4003, one code whichever API sent it), tagged as the protogame style', () => {
      const { rig, entity } = setup();
      entity.createMesh('cube', NaN, 0, 0, 1, 255, 0, 0, 255, 0);
      entity.moveBy(5, NaN, 0, 0);
      rig.commands.flush();
      const types: number[] = [];
      for (let t = rig.commandReader.ring.take(); t >= 0; t = rig.commandReader.ring.take()) types.push(t);
      expect(types, 'both sent, each carrying the protogame API style').toEqual([
        COMMAND_OPCODES.CREATE_MESH | (API_STYLES.PROTOGAME << API_STYLE_SHIFT),
        COMMAND_OPCODES.MOVE_BY | (API_STYLES.PROTOGAME << API_STYLE_SHIFT),
      ]);
    });
  });

  describe('fire-and-forget commands', () => {
    it('send one command each with the given values', () => {
      const { rig, entity } = setup();
      entity.updatePosition(5, 1, 2, 3);
      entity.moveBy(5, 0.5, 0, -1);
      entity.updateOrientation(5, 90, 10, 0);
      entity.updateColor(5, 1, 2, 3, 4);
      entity.destroy(5);
      expect(rig.drainCommands(), 'the commands in order').toEqual([
        ['updatePosition', 5, 1, 2, 3],
        ['moveBy', 5, 0.5, 0, -1],
        ['updateOrientation', 5, 90, 10, 0],
        ['updateColor', 5, 1, 2, 3, 4],
        ['destroyEntity', 5],
      ]);
    });

    it('return undefined', () => {
      const { entity } = setup();
      expect(entity.updatePosition(5, 1, 2, 3), 'updatePosition returns nothing').toBeUndefined();
      expect(entity.destroy(5), 'destroy returns nothing').toBeUndefined();
    });

    it('destroy gives a created id back to the allocator once', () => {
      const { rig, entity } = setup();
      entity.createMesh('cube', 0, 0, 0, 1, 255, 0, 0, 255, 0);
      const entityId = rig.drainCommands()[0]![1]!;
      entity.destroy(entityId);
      entity.destroy(entityId);
      expect(rig.entityIds.released, 'released once, on the first destroy').toEqual([entityId]);
    });

    it('that do not fit a full queue wait and arrive, in order, in later frames (nothing lost)', () => {
      const { rig, entity } = setup({ commandRingBytes: 128 });
      for (let i = 0; i < 10; i++) entity.moveBy(1, i, 0, 0);
      expect(rig.commands.overflowCount, 'some wait in the overflow').toBeGreaterThan(0);
      const dxs: number[] = [];
      for (let frame = 0; frame < 20 && dxs.length < 10; frame++) for (const c of rig.drainCommands()) dxs.push(c[2]!);
      expect(dxs, 'all ten, in order').toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(rig.reports, 'nothing to report: backpressure is not an error').toEqual([]);
    });

    it('refuse ids that are not integers with TF5501', () => {
      const { entity } = setup();
      expect(isTwinframeError(thrown(() => entity.moveBy(1.5, 0, 0, 0)), 'TF5501'), 'a fractional id').toBe(true);
      expect(isTwinframeError(thrown(() => entity.moveBy(-1, 0, 0, 0)), 'TF5501'), 'a negative id').toBe(true);
      expect(isTwinframeError(thrown(() => entity.destroy('5')), 'TF5501'), 'a string id').toBe(true);
    });
  });
});
