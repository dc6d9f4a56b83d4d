// The typed style: defineGame's checks, and a game's ctx (entities, cameras, input, time, options,
// random, quit) run by runLogic with the engine played by the rig.
import { afterEach, describe, expect, it } from 'vitest';
import { CALLBACK_TYPES } from '../../src/protocol/callback-queue.ts';
import { VK } from '../../src/protocol/input-state.ts';
import { defineGame } from '../../src/logic/index.ts';
import type { CameraHandle, EntityHandle, GameContext } from '../../src/logic/index.ts';
import { LOGIC_CODES } from '../../src/logic/error-codes.ts';
import { createSeededRandom } from '../../src/logic/seeded-random.ts';
import { isTwinframeError } from '../../src/shared-memory/twinframe-error.ts';
import { LogicRig, until } from './logic-rig.ts';

let rig: LogicRig | undefined;
afterEach(async () => {
  if (rig && rig.endpoint.closed === 0) await rig.shutdown();
  rig = undefined;
});

function run(game: ReturnType<typeof defineGame>, options: ConstructorParameters<typeof LogicRig>[0] = {}): Promise<void> {
  rig = new LogicRig({ ...options, game: () => ({ default: game }) });
  return rig.start();
}

describe('defineGame', () => {
  it('throws TF5010 for a hook that is not a function or a bad priority', () => {
    expect(() => defineGame({ update: 3 } as never), 'bad update').toThrow(/TF5010/);
    expect(() => defineGame({ priority: 200 }), 'bad priority').toThrow(/TF5010/);
  });

  it('runs setup once before the first update, then update and render every frame as system "game"', async () => {
    const log: string[] = [];
    await run(defineGame({
      setup() { log.push('setup'); },
      update(_ctx, dt) { log.push(`update ${dt}`); },
      render() { log.push('render'); },
    }));
    await rig!.frames(2, 10);
    expect(log, 'order').toEqual(['setup', 'update 0', 'render', 'update 0.01', 'render']);
  });

  it('with an async setup, frames run and update starts once setup settled', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    let updates = 0;
    await run(defineGame({ async setup() { await gate; }, update() { updates++; } }));
    await rig!.frames(2);
    expect(updates, 'no update before setup settled').toBe(0);
    expect(rig!.logicTick, 'frames ran').toBe(2);
    release();
    await rig!.frames(2);
    expect(updates, 'updates after setup').toBeGreaterThanOrEqual(1);
  });

  it('reports a throwing or rejecting setup as TF5001 in phase setup and keeps running', async () => {
    await run(defineGame({ async setup() { throw new Error('setup failed'); }, update() {} }));
    await rig!.frames(1);
    const d = rig!.withCode(LOGIC_CODES.SCRIPT_ERROR.code);
    expect(d.map((x) => [x.phase, x.systemId]), 'phase and system').toEqual([['setup', 'game']]);
  });
});

describe('GameContext', () => {
  it('ctx.entities.createMesh returns a handle usable at once whose ready resolves on ENTITY_CREATED', async () => {
    let handle!: EntityHandle;
    let resolved = 0;
    await run(defineGame({
      setup(ctx) {
        handle = ctx.entities.createMesh('cube', { x: 1, y: 2, z: 3 }, 1, [255, 255, 255, 255]);
        ctx.entities.updateColor(handle, { r: 1, g: 2, b: 3, a: 4 });
        void handle.ready.then((id) => { resolved = id; });
      },
    }));
    await rig!.frames(1);
    const calls = rig!.commands();
    expect(calls.map((c) => c[0]), 'create then colour in the same frame').toEqual(['createMesh', 'updateColor', 'frameEnd']);
    rig!.answer(calls[0]![2]!, handle.id, CALLBACK_TYPES.ENTITY_CREATED);
    await rig!.frames(1);
    await until(() => resolved !== 0, 'ready to resolve');
    expect(resolved, 'resolved with the id').toBe(handle.id);
  });

  it('ready rejects with a TwinframeError carrying the engine code; an unobserved refusal is no unhandled rejection', async () => {
    let watched!: EntityHandle;
    let ignored!: EntityHandle;
    let error: unknown;
    await run(defineGame({
      setup(ctx) {
        watched = ctx.entities.createMesh('cube', [0, 0, 0], 1, [1, 1, 1]);
        watched.ready.catch((e: unknown) => { error = e; });
        ignored = ctx.entities.createMesh('cube', [0, 0, 0], 1, [1, 1, 1]);
        void ignored.ready; // read but never awaited
      },
    }));
    await rig!.frames(1);
    const creates = rig!.commands().filter((c) => c[0] === 'createMesh');
    rig!.answer(creates[0]![2]!, 0, CALLBACK_TYPES.ENTITY_CREATED, 'TF4003', 'EntityAPI.createMesh: colour out of range');
    rig!.answer(creates[1]![2]!, 0, CALLBACK_TYPES.ENTITY_CREATED, 'TF4002', 'EntityAPI.createMesh: unknown mesh');
    await rig!.frames(2);
    await until(() => error !== undefined, 'rejection');
    expect(isTwinframeError(error, 'TF4003'), 'engine code on the error').toBe(true);
    expect((error as Error).message, 'engine message').toContain('colour out of range');
    expect(rig!.rejectionHandlers.length, 'handler installed').toBe(1);
    expect(rig!.withCode(LOGIC_CODES.UNHANDLED_REJECTION.code), 'no TF5002').toEqual([]);
  });

  it('ctx.entities.get reads the published snapshot, count counts live handles', async () => {
    let ctxRef!: GameContext;
    let handle!: EntityHandle;
    await run(defineGame({ setup(ctx) { ctxRef = ctx; handle = ctx.entities.createMesh('cube', [0, 0, 0], 1, [1, 1, 1]); } }));
    await rig!.frames(1);
    expect(ctxRef.entities.get(handle), 'not live before the engine publishes it').toBeUndefined();
    rig!.publishEntity(handle.id, 7, 8, 9);
    await rig!.frames(1);
    const out = ctxRef.entities.get(handle.id);
    expect([out?.x, out?.y, out?.z], 'position from the snapshot').toEqual([7, 8, 9]);
    const reused = { ...out! };
    expect(ctxRef.entities.get(handle, reused), 'fills the out object').toBe(reused);
    expect(ctxRef.entities.count, 'count').toBe(1);
    ctxRef.entities.destroy(handle);
    expect(ctxRef.entities.count, 'count after destroy').toBe(0);
  });

  it('ctx.cameras creates, activates (a promise) and moves a camera', async () => {
    let cam!: CameraHandle;
    let active: Promise<number> | undefined;
    await run(defineGame({
      setup(ctx) {
        cam = ctx.cameras.create([0, 0, 5], { yaw: 0, pitch: -30, roll: 0 });
        active = ctx.cameras.setActive(cam);
        ctx.cameras.lookAt(cam, [0, 0, 0]);
      },
    }));
    await rig!.frames(1);
    const calls = rig!.commands();
    expect(calls.map((c) => c[0]), 'commands').toEqual(['createCamera', 'setActiveCamera', 'cameraLookAt', 'frameEnd']);
    rig!.answer(calls[1]![2]!, cam.id, CALLBACK_TYPES.GENERIC);
    await rig!.frames(1);
    expect(await active, 'setActive resolves with the camera id').toBe(cam.id);
  });

  it('ctx.input sees key edges once per logic frame and mouse deltas', async () => {
    const seen: string[] = [];
    await run(defineGame({
      update(ctx) {
        const i = ctx.input;
        seen.push(`${i.isKeyDown('W')}/${i.wasKeyJustPressed('w')}/${i.wasKeyJustReleased(VK.Space)}/${i.mouseDeltaX}/${i.isMouseButtonDown(0)}`);
      },
    }));
    rig!.inputWriter.keyDown(87);
    rig!.inputWriter.mouseMove(10, 10, 3, 0);
    rig!.inputWriter.mouseButton(0, true);
    await rig!.frames(1);
    await rig!.frames(1);
    rig!.inputWriter.keyDown(32);
    rig!.inputWriter.keyUp(32);
    await rig!.frames(1);
    expect(seen, 'edges per frame').toEqual(['true/true/false/3/true', 'true/false/false/0/true', 'true/false/true/0/true']);
  });

  it('ctx.time, ctx.options, ctx.random (seeded) and ctx.quit', async () => {
    let ctxRef!: GameContext;
    await run(defineGame({ setup(ctx) { ctxRef = ctx; } }), { seed: 7, gameOptions: { entities: 100, name: 'x' } });
    ctxRef.time.setTimeScale(0.5);
    await rig!.frames(3, 100);
    expect([ctxRef.time.tick, ctxRef.time.dt, ctxRef.time.elapsed], 'scaled time').toEqual([3, 0.05, expect.closeTo(0.1, 9)]);
    ctxRef.time.pause();
    await rig!.frames(1, 100);
    expect(ctxRef.time.dt, 'paused').toBe(0);
    expect(ctxRef.options, 'options').toEqual({ entities: 100, name: 'x' });
    const expected = createSeededRandom(7);
    expect([ctxRef.random(), ctxRef.random()], 'seeded sequence').toEqual([expected(), expected()]);
    expect(() => ctxRef.time.setTimeScale(-1), 'bad scale').toThrow(/TF5010/);
    ctxRef.quit();
    expect(rig!.quitRequested, 'QUIT_REQUESTED').toBe(1);
  });
});
