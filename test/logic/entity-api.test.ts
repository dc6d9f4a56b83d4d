// EntityAPI and CameraAPI (the seed-style globals) on a LogicRuntime attached to real buffers; the
// engine's side is the rig's CommandReader and CallbackWriter.
import { describe, expect, it } from 'vitest';
import { CALLBACK_TYPES } from '../../src/protocol/callback-queue.ts';
import { idGeneration, idIndex } from '../../src/protocol/entity-id.ts';
import { LogicRuntime } from '../../src/logic/logic-runtime.ts';
import { installScriptGlobals } from '../../src/logic/script-globals.ts';
import { LOGIC_CODES } from '../../src/logic/error-codes.ts';
import { isTwinframeError } from '../../src/shared-memory/twinframe-error.ts';
import { LogicRig } from './logic-rig.ts';

type G = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- script globals are untyped for seed-style games

function setup(options: ConstructorParameters<typeof LogicRig>[0] = {}): { rig: LogicRig; runtime: LogicRuntime; api: G } {
  const rig = new LogicRig(options);
  const runtime = new LogicRuntime(rig.handshake, () => rig.nowMs);
  const api: G = {};
  installScriptGlobals(api, runtime.services);
  return { rig, runtime, api };
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('EntityAPI', () => {
  describe('#createMesh', () => {
    it('returns a usable id at once and sends createMesh with it, then the callback gets the confirmed id', async () => {
      const { rig, runtime, api } = setup();
      const got: number[] = [];
      const id = api.EntityAPI.createMesh('sphere', { x: 1, y: 2, z: 3 }, 0.5, { r: 10, g: 20, b: 30, a: 40 }, (e: number) => got.push(e));
      api.EntityAPI.updatePosition(id, [4, 5, 6]);
      runtime.runFrame(-1);
      const calls = rig.commands();
      expect(calls[0], 'createMesh with the id, a callback id, mesh index, position, scale, colour').toEqual(['createMesh', id, calls[0]![2], 1, 1, 2, 3, 0.5, 10, 20, 30, 40]);
      expect(calls[1], 'usable in the same frame').toEqual(['updatePosition', id, 4, 5, 6]);
      expect(idIndex(id) < 1024 && idGeneration(id) > 0, 'id format').toBe(true);
      rig.answer(calls[0]![2]!, id, CALLBACK_TYPES.ENTITY_CREATED);
      runtime.runFrame(-1);
      expect(got, 'callback with the id').toEqual([id]);
    });

    it('on refusal calls the error handler with the engine message and gives the id back', () => {
      const { rig, runtime, api } = setup();
      const errors: string[] = [];
      const ok: number[] = [];
      const id = api.EntityAPI.createMesh('cube', [0, 0, 0], 1, [300, 0, 0], (e: number) => ok.push(e), (m: string) => errors.push(m));
      runtime.runFrame(-1);
      const create = rig.commands()[0]!;
      rig.answer(create[2]!, 0, CALLBACK_TYPES.ENTITY_CREATED, 'TF4003', 'EntityAPI.createMesh: colour out of range; got r=300');
      runtime.runFrame(-1);
      expect(errors, 'error handler').toEqual(['TF4003 EntityAPI.createMesh: colour out of range; got r=300']);
      expect(ok, 'success callback not called').toEqual([]);
      expect(runtime.services.entityIds.isLive(id), 'id released').toBe(false);
      expect(api.EntityAPI.count, 'count').toBe(0);
      const next = api.EntityAPI.createMesh('cube', [0, 0, 0], 1, [1, 1, 1]);
      expect(idIndex(next), 'slot reused').toBe(idIndex(id));
      expect(next, 'with a new generation').not.toBe(id);
    });

    it('reports TF5021 when a refusal has nobody to tell', () => {
      const { rig, runtime, api } = setup();
      api.EntityAPI.createMesh('cube', [0, 0, 0], 1, [1, 1, 1]);
      runtime.runFrame(-1);
      const create = rig.commands()[0]!;
      expect(create[2], 'a callback id is sent even without a callback (to release the id)').toBeGreaterThan(0);
      rig.answer(create[2]!, 0, CALLBACK_TYPES.ENTITY_CREATED, 'TF4002', 'EntityAPI.createMesh: unknown mesh type');
      runtime.runFrame(-1);
      const d = rig.withCode(LOGIC_CODES.REQUEST_REFUSED.code);
      expect(d.length, 'TF5021').toBe(1);
      expect(d[0]!.message, 'carries the engine reason').toContain('TF4002');
    });

    it('refuses locally with TF5011 when every id is in use', () => {
      const { runtime, api } = setup({ entityCapacity: 2 });
      const errors: string[] = [];
      api.EntityAPI.createMesh('cube', [0, 0, 0], 1, [1, 1, 1]);
      api.EntityAPI.createMesh('cube', [0, 0, 0], 1, [1, 1, 1]);
      const third = api.EntityAPI.createMesh('cube', [0, 0, 0], 1, [1, 1, 1], () => {}, (m: string) => errors.push(m));
      expect(third, 'no id').toBe(0);
      runtime.runFrame(-1);
      expect(errors[0], 'settled at the next callbacks phase').toMatch(/^TF5011 /);
    });

    it('destroyEntity sends the command and frees the id', () => {
      const { rig, runtime, api } = setup();
      const id = api.EntityAPI.createMesh('cube', [0, 0, 0], 1, [1, 1, 1]);
      api.EntityAPI.destroyEntity(id);
      runtime.runFrame(-1);
      expect(rig.commands().map((c) => c[0]), 'commands').toEqual(['createMesh', 'destroyEntity', 'frameEnd']);
      expect(runtime.services.entityIds.isLive(id), 'released').toBe(false);
    });

    it('sends every fire-and-forget command with objects or arrays', () => {
      const { rig, runtime, api } = setup();
      const E = api.EntityAPI;
      E.moveBy(7, { x: 1, y: 0, z: -1 });
      E.updateOrientation(7, { yaw: 90, pitch: 10, roll: 5 });
      E.updateOrientation(7, [1, 2, 3]);
      E.updateColor(7, { r: 1, g: 2, b: 3 });
      E.updateColor(7, [1, 2, 3, 4]);
      E.updateScale(7, 2);
      runtime.runFrame(-1);
      expect(rig.commands(), 'commands').toEqual([
        ['moveBy', 7, 1, 0, -1], ['updateOrientation', 7, 90, 10, 5], ['updateOrientation', 7, 1, 2, 3],
        ['updateColor', 7, 1, 2, 3, 255], ['updateColor', 7, 1, 2, 3, 4], ['updateScale', 7, 2], ['frameEnd', 1],
      ]);
    });

    it('reads positions and orientations of any object shape: class instances, getters, extra properties, subclassed arrays', () => {
      const { rig, runtime, api } = setup();
      const E = api.EntityAPI;
      class Vec { constructor(public x: number, public y: number, public z: number) {} }
      class Angles { get yaw(): number { return 30; } get pitch(): number { return 20; } get roll(): number { return 10; } }
      class Triple extends Array<number> {}
      E.updatePosition(7, new Vec(1, 2, 3));
      E.updatePosition(7, { w: 9, z: 6, y: 5, x: 4 });
      E.updatePosition(7, Triple.from([7, 8, 9]));
      E.updatePosition(7, [1, 2, 3, 4]);
      E.updateOrientation(7, new Angles());
      E.moveBy(7, { x: -1, y: -2, z: -3, label: 'step' });
      runtime.runFrame(-1);
      expect(rig.commands(), 'commands').toEqual([
        ['updatePosition', 7, 1, 2, 3], ['updatePosition', 7, 4, 5, 6], ['updatePosition', 7, 7, 8, 9], ['updatePosition', 7, 1, 2, 3],
        ['updateOrientation', 7, 30, 20, 10], ['moveBy', 7, -1, -2, -3], ['frameEnd', 1],
      ]);
    });
  });

  describe('argument errors', () => {
    it('throw TF5010 naming the API, the argument, the value and a remedy', () => {
      const { api } = setup();
      const cases: [() => unknown, string, string][] = [
        [() => api.EntityAPI.createMesh(3, [0, 0, 0], 1, [1, 1, 1]), 'EntityAPI.createMesh', 'type'],
        [() => api.EntityAPI.createMesh('cube', { x: 1, y: 2 }, 1, [1, 1, 1]), 'EntityAPI.createMesh', 'position'],
        [() => api.EntityAPI.createMesh('cube', [0, 0, 0], '1', [1, 1, 1]), 'EntityAPI.createMesh', 'scale'],
        [() => api.EntityAPI.createMesh('cube', [0, 0, 0], 1, 'red'), 'EntityAPI.createMesh', 'color'],
        [() => api.EntityAPI.createMesh('cube', [0, 0, 0], 1, [1, 1, 1], 'cb'), 'EntityAPI.createMesh', 'callback'],
        [() => api.EntityAPI.updatePosition('e1', [0, 0, 0]), 'EntityAPI.updatePosition', 'id'],
        [() => api.EntityAPI.updatePosition(1, null), 'EntityAPI.updatePosition', 'position'],
        [() => api.EntityAPI.updateOrientation(1, { x: 1, y: 2, z: 3 }), 'EntityAPI.updateOrientation', 'orientation'],
        [() => api.EntityAPI.updatePosition(1, { x: 1, y: '2', z: 3 }), 'EntityAPI.updatePosition', 'position'],
        [() => api.EntityAPI.updatePosition(1, [1, 2]), 'EntityAPI.updatePosition', 'position'],
        [() => api.EntityAPI.updatePosition(1, 5), 'EntityAPI.updatePosition', 'position'],
        [() => api.EntityAPI.moveBy(1, [1, 2, undefined]), 'EntityAPI.moveBy', 'delta'],
        [() => api.EntityAPI.updateOrientation(1, { yaw: 1, pitch: 2 }), 'EntityAPI.updateOrientation', 'orientation'],
        [() => api.CameraAPI.createCamera([0, 0, 0], [0, 0, 0], 42), 'CameraAPI.createCamera', 'type'],
        [() => api.CameraAPI.lookAt(1, 'origin'), 'CameraAPI.lookAt', 'target'],
        [() => api.Input.isKeyDown('NoSuchKey'), 'Input.isKeyDown', 'key'],
        [() => api.JSEngine.registerSystem('', {}), 'JSEngine.registerSystem', 'system id'],
      ];
      for (const [fn, apiName, arg] of cases) {
        const e = thrown(fn);
        expect(isTwinframeError(e, LOGIC_CODES.API_ARGUMENT_INVALID.code), `${apiName} ${arg}: TF5010`).toBe(true);
        const m = (e as Error).message;
        expect(m, `${apiName}: names the API`).toContain(`${apiName}:`);
        expect(m, `${apiName}: names the argument`).toContain(arg);
        expect(m, `${apiName}: shows the value`).toContain('got ');
        expect(m, `${apiName}: says what was expected`).toContain('expected ');
      }
    });
  });
});

describe('CameraAPI', () => {
  it('creates a camera with an id at once, sets it active and changes its type with callbacks', () => {
    const { rig, runtime, api } = setup();
    const C = api.CameraAPI;
    const created: number[] = [];
    const active: number[] = [];
    const cam = C.createCamera({ x: -10, y: 0, z: 3 }, { yaw: 0, pitch: -10, roll: 0 }, 'world', (id: number) => created.push(id));
    C.setActiveCamera(cam, (id: number) => active.push(id));
    C.updateCameraType(cam, 'screen');
    C.updateCamera(cam, [1, 2, 3], [4, 5, 6]);
    C.updateCameraPosition(cam, [1, 1, 1]);
    C.updateCameraOrientation(cam, [2, 2, 2]);
    C.moveCamera(cam, [0, 0, 1]);
    C.lookAt(cam, [0, 0, 0]);
    runtime.runFrame(-1);
    const calls = rig.commands();
    expect(calls.map((c) => c[0]), 'commands').toEqual([
      'createCamera', 'setActiveCamera', 'updateCameraType', 'updateCamera', 'updateCameraPosition', 'updateCameraOrientation', 'moveCamera', 'cameraLookAt', 'frameEnd',
    ]);
    expect(calls[0]!.slice(0, 1).concat(calls[0]!.slice(3)), 'createCamera fields').toEqual(['createCamera', -10, 0, 3, 0, -10, 0, 0, 60, expect.closeTo(0.1, 5), 1000]);
    expect(calls[2], 'type change without callback sends callback id 0').toEqual(['updateCameraType', cam, 1, 0]);
    rig.answer(calls[0]![2]!, cam, CALLBACK_TYPES.CAMERA_CREATED);
    rig.answer(calls[1]![2]!, cam, CALLBACK_TYPES.GENERIC);
    runtime.runFrame(-1);
    expect([created, active], 'callbacks').toEqual([[cam], [cam]]);
  });

  it('destroyCamera frees the id and settles its callback on refusal through the error handler', () => {
    const { rig, runtime, api } = setup();
    const cam = api.CameraAPI.createCamera([0, 0, 0], [0, 0, 0]);
    const errors: string[] = [];
    api.CameraAPI.destroyCamera(cam, () => {}, (m: string) => errors.push(m));
    runtime.runFrame(-1);
    const destroy = rig.commands().find((c) => c[0] === 'destroyCamera')!;
    expect(runtime.services.cameraIds.isLive(cam), 'released').toBe(false);
    rig.answer(destroy[2]!, 0, CALLBACK_TYPES.GENERIC, 'TF4105', 'CameraAPI.destroyCamera: unknown camera');
    runtime.runFrame(-1);
    expect(errors, 'error handler').toEqual(['TF4105 CameraAPI.destroyCamera: unknown camera']);
  });
});
