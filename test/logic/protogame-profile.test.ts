// The 'protogame' host profile through runLogic: the ProtogameJS3D natives installed before the
// example script tree (examples/protogame/Scripts) is evaluated, the script's JSEngine driven each
// frame, its callbacks pulled by the script itself, and twinframe's own globals left out.
import { afterEach, describe, expect, it } from 'vitest';
import { CALLBACK_TYPES } from '../../src/protocol/callback-queue.ts';
import { PROTOGAME_CODES, LOGIC_CODES } from '../../src/logic/error-codes.ts';
import { LogicRig } from './logic-rig.ts';

type G = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- the scripts' globals are untyped
const g = globalThis as unknown as G;
const mainUrl = new URL('../../examples/protogame/Scripts/main.js', import.meta.url).href;

let rig: LogicRig | undefined;
afterEach(async () => {
  if (rig && rig.endpoint.closed === 0) await rig.shutdown();
  rig = undefined;
  delete g.JSEngine; // defined by the scripts themselves, so not removed by the host
  delete g.JSGameState;
});

describe('protogame profile', () => {
  it('runs the example scripts: natives installed, JSEngine driven, callbacks pulled by the script', async () => {
    rig = new LogicRig({ host: 'protogame', gameUrl: mainUrl, importGame: (url) => import(/* @vite-ignore */ url) });
    await rig.start();
    expect(g.entity, 'natives installed').toBeDefined();
    expect(g.EntityAPI, "twinframe's EntityAPI global is not installed").toBeUndefined();
    expect(typeof g.JSEngine?.update, "the script's own JSEngine").toBe('function');
    await rig.frames(1);
    const calls = rig.commands();
    const creates = calls.filter((c) => c[0] === 'createMesh' || c[0] === 'createCamera');
    expect(creates.length, 'the scene creates entities and a camera in its first frame').toBeGreaterThan(0);
    for (const c of creates) rig.answer(c[2]!, c[1]!, c[0] === 'createMesh' ? CALLBACK_TYPES.ENTITY_CREATED : CALLBACK_TYPES.CAMERA_CREATED);
    await rig.frames(3);
    expect(g.JSGameState?.player, 'the script received its ENTITY_CREATED callback').toBeGreaterThan(0);
    const logs = rig.withCode(LOGIC_CODES.CONSOLE_OUTPUT.code).map((d) => d.message);
    expect(logs.some((m) => m.includes('main.js: loaded')), 'console.log forwarded').toBe(true);
    expect(rig.withCode(LOGIC_CODES.SCRIPT_ERROR.code), 'no script errors').toEqual([]);
    rig.inputWriter.keyDown(27);
    await rig.frames(1);
    expect(rig.quitRequested, 'Escape -> game.appRequestQuit -> QUIT_REQUESTED').toBe(1);
    await rig.shutdown();
    expect(g.entity, 'natives removed at stop').toBeUndefined();
  });

  it('reports TF5504 when main.js defines no JSEngine, and frames still run', async () => {
    rig = new LogicRig({ host: 'protogame', game: () => ({}) });
    await rig.start();
    await rig.frames(2);
    expect(rig.withCode(PROTOGAME_CODES.JSENGINE_MISSING.code).length, 'TF5504').toBe(1);
    expect(rig.logicTick, 'frames ran').toBe(2);
  });

  it('guards the script JSEngine.update and render', async () => {
    rig = new LogicRig({
      host: 'protogame',
      game: () => {
        g.JSEngine = { update() { throw new Error('update boom'); }, render() { throw new Error('render boom'); } };
      },
    });
    await rig.start();
    await rig.frames(1);
    const errors = rig.withCode(LOGIC_CODES.SCRIPT_ERROR.code);
    expect(errors.map((d) => [d.phase, d.systemId]), 'both reported').toEqual([['update', 'JSEngine'], ['render', 'JSEngine']]);
  });
});
