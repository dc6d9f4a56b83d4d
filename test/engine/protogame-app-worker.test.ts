/**
 * The 'protogame' host profile end to end on a real logic worker (worker_threads, real
 * SharedArrayBuffers, the bundled runtime and script tree): a small ProtogameJS3D-style script tree
 * (test/logic/protogame/fixtures/protogame-tree: main.js -> JSEngine.js pulling
 * callbackQueue.dequeueAll() and routing by type, wrappers over entity/camera, virtual-key input,
 * a paused clock) runs unmodified; the test reads what it did from the engine's published state,
 * the renderer and the script's console lines (TF5030 diagnostics).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { createNodeApp } from '../../src/startup/node-app.ts';
import type { App } from '../../src/engine/app.ts';
import type { EngineDiagnostic } from '../../src/engine/diagnostic-hub.ts';
import { MemoryLogger } from '../../src/platform/logger.ts';
import { RecordingRenderer } from '../../src/platform/recording-renderer.ts';
import { emptyEntitySnapshot } from '../../src/protocol/entity-state.ts';
import { MESH_TYPES } from '../../src/protocol/mesh-types.ts';
import { testHooks } from '../../src/startup/testing.ts';

const MAIN_JS = fileURLToPath(new URL('../logic/protogame/fixtures/protogame-tree/main.js', import.meta.url));
const VK_W = 87;
const VK_SPACE = 32;
const VK_LEFT = 37;
const VK_F1 = 112;
const VK_F2 = 113;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let app: App;
let renderer: RecordingRenderer;
const diagnostics: EngineDiagnostic[] = [];
const lines = (): string[] => diagnostics.filter((d) => d.code === 'TF5030').map((d) => d.message);

/** The first console line starting with `prefix`, waiting up to `ms` for it. */
async function line(prefix: string, ms = 15_000): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    const found = lines().find((l) => l.startsWith(prefix));
    if (found !== undefined) return found;
    if (Date.now() > end) throw new Error(`no console line starting with "${prefix}"; got:\n${lines().join('\n')}`);
    await sleep(20);
  }
}

/** The `key=value` fields of a console line (values up to the next space). */
function fields(l: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of l.matchAll(/(\w+)=(\S*)/g)) out[m[1]!] = m[2]!;
  return out;
}

beforeAll(async () => {
  renderer = new RecordingRenderer();
  app = await createNodeApp({ game: MAIN_JS, host: 'protogame', renderer, logger: new MemoryLogger(), fps: 60 });
  app.on('diagnostic', (d) => diagnostics.push(d));
  app.start();
  await line('clock resumed');
});

afterAll(async () => {
  await app?.stop();
});

describe("the 'protogame' host on a real worker", () => {
  it('loads main.js and its relative imports and runs the script tree with no script error', async () => {
    expect(await line('main: loaded')).toBe('main: loaded');
    expect(testHooks(app).logic.state).not.toBe('failed');
    const errors = diagnostics.filter((d) => d.source === 'logic' && d.code !== 'TF5030' && d.severity !== 'info' && d.severity !== 'debug');
    expect(errors).toEqual([]);
  });

  it('creates entities through ENTITY_CREATED callbacks with the right ids, positions and colours in the published state', async () => {
    const cube = fields(await line('entity-created name=cube'));
    const ball = fields(await line('entity-created name=ball'));
    for (const f of [cube, ball]) {
      expect(Number(f.id)).toBeGreaterThan(0);
      expect(f.callbackId).toBe(f.returned); // the id createMesh returned at once is the one the callback carries
      expect(f.error).toBe('');
    }
    expect(cube.id).not.toBe(ball.id);
    expect(app.entityIds().sort()).toEqual([Number(cube.id), Number(ball.id)].sort());
    const e = emptyEntitySnapshot();
    expect(app.readEntity(Number(ball.id), e)).toBe(true);
    expect(e).toMatchObject({ x: -4, y: 5, z: 6, scale: 0.5, r: 10, g: 20, b: 30, a: 200, mesh: MESH_TYPES.indexOf('sphere') });
    const c = emptyEntitySnapshot();
    expect(app.readEntity(Number(cube.id), c)).toBe(true);
    expect(c).toMatchObject({ y: 2, z: 3, scale: 1.5, mesh: MESH_TYPES.indexOf('cube') });
  });

  it('creates a camera through CAMERA_CREATED, sets it active (GENERIC answer) and moves it', async () => {
    const created = fields(await line('camera-created'));
    expect(Number(created.id)).toBeGreaterThan(0);
    expect(created.callbackId).toBe(created.returned);
    expect(created.error).toBe('');
    const active = fields(await line('camera-active'));
    expect(active.id).toBe(created.id);
    expect(active.type).toBe('GENERIC');
    expect(active.error).toBe('');
    expect(fields(await line('camera-moved')).handle).toBe('true');
    expect(app.stats().cameras).toMatchObject({ live: 1, active: Number(created.id) });
    const end = Date.now() + 5000;
    while (renderer.camera?.x !== -12 && Date.now() < end) await sleep(20);
    expect(renderer.camera).toMatchObject({ x: -12, y: 1, z: 6, yaw: 0, pitch: 15, roll: 0, type: 'world' });
  });

  it('sees key presses injected from the host as virtual-key codes, and acts on them', async () => {
    const cubeId = Number(fields(await line('entity-created name=cube')).id);
    app.input.keyDown(VK_W);
    expect(fields(await line(`key-pressed vk=${VK_W}`))).toMatchObject({ down: 'true', held: 'true' });
    await line('cube-moved');
    app.input.keyUp(VK_W);
    expect(fields(await line(`key-released vk=${VK_W}`)).down).toBe('false');
    // A tap between two logic frames is not lost: pressed and released in the same logic frame.
    app.input.keyDown(VK_SPACE);
    app.input.keyUp(VK_SPACE);
    expect(fields(await line(`key-pressed vk=${VK_SPACE}`)).down).toBe('false');
    await line(`key-released vk=${VK_SPACE}`);
    expect(lines().some((l) => l.startsWith(`key-pressed vk=${VK_LEFT}`))).toBe(false);
    // The script's moveBy(+1, 0, 0) and updateColor(0, 255, 0, 255) reached the published state.
    const e = emptyEntitySnapshot();
    const end = Date.now() + 5000;
    while (app.readEntity(cubeId, e) && e.x !== 2 && Date.now() < end) await sleep(20);
    expect(e).toMatchObject({ x: 2, y: 2, z: 3, r: 0, g: 255, b: 0, a: 255 });
  });

  it('pausing a clock stops its time; unpausing resumes it', async () => {
    const paused = fields(await line('clock paused'));
    const still = fields(await line('clock still-paused'));
    const resumed = fields(await line('clock resumed'));
    expect(paused.paused).toBe('true');
    expect(Number(paused.total)).toBeGreaterThan(0);
    expect(Number(paused.frames)).toBe(10);
    expect(still).toMatchObject({ total: paused.total, frames: paused.frames, paused: 'true', delta: '0' });
    expect(resumed.paused).toBe('false');
    expect(Number(resumed.total)).toBeGreaterThan(Number(paused.total));
    expect(Number(resumed.frames)).toBe(25);
  });

  it('throws the documented errors for wrong argument counts and types, naming the method and its signature', async () => {
    const err = async (label: string): Promise<{ code: string; message: string }> => {
      const l = await line(`argerror label=${label} `);
      const m = /code=(\S+) message=(.*)$/.exec(l);
      if (m === null) throw new Error(`no error for ${label}: ${l}`);
      return { code: m[1]!, message: m[2]! };
    };
    const createMesh = await err('createMesh4');
    expect(createMesh.code).toBe('TF5500');
    expect(createMesh.message).toContain('entity.createMesh: wrong number of arguments; got 4, expected createMesh(meshType: string, posX: number, posY: number, posZ: number, scale: number, r: number, g: number, b: number, a: number, callbackSentinel: 0)');
    const create = await err('cameraCreate7');
    expect(create.code).toBe('TF5500');
    expect(create.message).toContain('camera.create: wrong number of arguments; got 7, expected create(posX: number, posY: number, posZ: number, yaw: number, pitch: number, roll: number, type:');
    const setActive = await err('setActive0');
    expect(setActive.code).toBe('TF5500');
    expect(setActive.message).toContain('camera.setActive: wrong number of arguments; got 0, expected setActive(cameraId: number, callbackSentinel: 0)');
    const isKeyDown = await err('isKeyDown0');
    expect(isKeyDown).toMatchObject({ code: 'TF5500' });
    expect(isKeyDown.message).toContain('input.isKeyDown: wrong number of arguments; got 0, expected isKeyDown(keyCode: number)');
    const updatePosition = await err('updatePositionType');
    expect(updatePosition.code).toBe('TF5501');
    expect(updatePosition.message).toMatch(/^\[TF5501\] entity\.updatePosition: .*"one".*updatePosition\(entityId: number, x: number, y: number, z: number\)/);
    const clockDead = await err('clockDead');
    expect(clockDead.code).toBe('TF5501');
    expect(clockDead.message).toContain('clock.pause');
    expect(clockDead.message).toContain('987654');
  });

  it('refuses a command naming an unknown entity id with a coded engine diagnostic, and keeps running', async () => {
    const end = Date.now() + 5000;
    while (!diagnostics.some((d) => d.code === 'TF4001') && Date.now() < end) await sleep(20);
    const refused = diagnostics.find((d) => d.code === 'TF4001');
    expect(refused?.source).toBe('engine');
    expect(refused?.message).toContain(String((1 << 20) + 500));
    expect(app.stats().commands.rejected).toBeGreaterThanOrEqual(1);
    const frames = app.stats().logic.frames;
    await sleep(200);
    expect(app.stats().logic.frames).toBeGreaterThan(frames);
  });

  it('catches a throw in JSEngine.update or JSEngine.render, reports it with file, line, phase and tick, and runs the next frame', async () => {
    const waitFor = async (phase: string): Promise<EngineDiagnostic> => {
      const end = Date.now() + 5000;
      for (;;) {
        const d = diagnostics.find((x) => x.code === 'TF5001' && x.phase === phase);
        if (d !== undefined) return d;
        if (Date.now() > end) throw new Error(`no TF5001 in phase ${phase}`);
        await sleep(20);
      }
    };
    app.input.keyDown(VK_F1);
    const u = await waitFor('update');
    app.input.keyUp(VK_F1);
    expect(u).toMatchObject({ source: 'logic', severity: 'error', systemId: 'JSEngine' });
    expect(u.message).toContain('F1 pressed: thrown from update');
    expect(u.file).toContain('TestGame.js');
    expect(u.line).toBeGreaterThan(0);
    expect(u.stack).toContain('TestGame.js');
    expect(u.tick).toBeGreaterThan(0);
    app.input.keyDown(VK_F2);
    const r = await waitFor('render');
    app.input.keyUp(VK_F2);
    expect(r.message).toContain('F2 pressed: thrown from render');
    expect(r.file).toContain('TestGame.js');
    const frames = app.stats().logic.frames;
    await sleep(200);
    expect(app.stats().logic.frames).toBeGreaterThan(frames);
    expect(app.stats().worker).toMatchObject({ restarts: 0, crashes: 0, hangs: 0 });
  });
});
