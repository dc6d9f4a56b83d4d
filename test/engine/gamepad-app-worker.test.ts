/**
 * Gamepads injected headless (`app.input.setGamepad`, as a recorder or replay would) are read by a
 * game on a real logic worker (worker_threads, real SharedArrayBuffers): a typed game through
 * `ctx.input.gamepads`, and a ProtogameJS3D-style tree through `input.isControllerConnected`,
 * `getControllerAxis` and `isControllerButtonPressed` in the original's XInput order, flying its
 * camera; `getCursorClientDelta` turns it only while the pointer is locked.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { createNodeApp } from '../../src/startup/node-app.ts';
import type { App } from '../../src/engine/app.ts';
import type { EngineDiagnostic } from '../../src/engine/diagnostic-hub.ts';
import { MemoryLogger } from '../../src/platform/logger.ts';
import { RecordingRenderer } from '../../src/platform/recording-renderer.ts';
import { emptyEntitySnapshot } from '../../src/protocol/entity-state.ts';
import { PAD_BUTTON_COUNT } from '../../src/protocol/input-state.ts';

const TYPED_GAME = fileURLToPath(new URL('../fixtures/games/gamepad.ts', import.meta.url));
const PROTOGAME_MAIN = fileURLToPath(new URL('../logic/protogame/fixtures/gamepad-tree/main.js', import.meta.url));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let app: App | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

async function start(options: Partial<Parameters<typeof createNodeApp>[0]> & { game: string }) {
  const diagnostics: EngineDiagnostic[] = [];
  app = await createNodeApp({ logger: new MemoryLogger(), fps: 60, ...options });
  app.on('diagnostic', (d) => diagnostics.push(d));
  app.start();
  const lines = (): string[] => diagnostics.filter((d) => d.code === 'TF5030').map((d) => d.message);
  /** Waits for a console line starting with `prefix` (conditions, not fixed sleeps). */
  async function line(prefix: string, ms = 20_000): Promise<string> {
    const end = Date.now() + ms;
    for (;;) {
      const found = lines().find((l) => l.startsWith(prefix));
      if (found !== undefined) return found;
      if (Date.now() > end) throw new Error(`no console line starting with "${prefix}"; got:\n${lines().join('\n')}\n${diagnostics.filter((d) => d.code !== 'TF5030').map((d) => `${d.code} ${d.message}`).join('\n')}`);
      await sleep(20);
    }
  }
  async function until(ok: () => boolean, what: string, ms = 20_000): Promise<void> {
    const end = Date.now() + ms;
    while (!ok()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; lines:\n${lines().join('\n')}`);
      await sleep(20);
    }
  }
  return { app, diagnostics, lines, line, until };
}

describe('gamepads injected headless', () => {
  it('a typed game reads pad 0 through ctx.input.gamepads: connect, stick, A edges with the trigger value, disconnect', async () => {
    const r = await start({ game: TYPED_GAME });
    const e = emptyEntitySnapshot();
    await r.until(() => r.app.entityIds().length === 1, 'the cube');
    const cube = r.app.entityIds()[0]!;
    const values = new Float64Array(PAD_BUTTON_COUNT);
    values[0] = 1;
    values[7] = 0.5; // RT half-way
    // standard mapping: left stick right and up (y down is negative)
    r.app.input.setGamepad(0, true, 1 << 0, [1, -1, 0, 0], values);
    expect(await r.line('pad connected=true'), 'the view is the same object both ways').toBe('pad connected=true same=true');
    expect(await r.line('pad pressed A'), 'the A edge with the analog RT value').toBe('pad pressed A rt=0.5');
    await r.until(() => r.app.readEntity(cube, e) && e.x > 1 && e.y > 1, 'the cube to fly right and up');
    r.app.input.setGamepad(0, false, 0, []);
    await r.line('pad released A'); // a disconnect releases what was held
    await r.line('pad connected=false');
    await sleep(200);
    r.app.readEntity(cube, e);
    const [x, y] = [e.x, e.y];
    await sleep(300);
    r.app.readEntity(cube, e);
    expect([e.x, e.y], 'a disconnected pad moves nothing').toEqual([x, y]);
  });

  it('a protogame tree flies its camera with controller 0 in XInput order, and turns with the client delta only in FPS mode', async () => {
    const renderer = new RecordingRenderer();
    const r = await start({ game: PROTOGAME_MAIN, host: 'protogame', renderer });
    await r.line('camera-active');
    expect(r.lines().some((l) => l.startsWith('pad connected=')), 'no pad yet').toBe(false);
    // pad 0: left stick pushed up (standard y -1 = XInput y +1 = forward), A and d-pad up held, RT full
    const values = new Float64Array(PAD_BUTTON_COUNT);
    values[0] = 1;
    values[12] = 1;
    values[7] = 1;
    r.app.input.setGamepad(0, true, (1 << 0) | (1 << 12) | (1 << 7), [0, -1, 0, 0], values);
    await r.line('pad connected=true');
    expect(await r.line('pad button=A'), 'A is XInput button 0, d-pad up button 11').toBe('pad button=A up=true');
    await r.until(() => (renderer.camera?.x ?? 0) > 2 && (renderer.camera?.z ?? 0) > 2, 'the camera to fly forward (x) and up (z)');
    expect(Math.abs(renderer.camera!.y), 'no sideways drift').toBeLessThan(0.01);
    r.app.input.setGamepad(0, true, 0, [0, 0, 0, 0]);
    // the mouse: free cursor, no turn; locked (FPS mode), a turn
    r.app.input.mouseMove(10, 10, 50, 0);
    await sleep(300);
    expect(renderer.camera!.yaw, 'a free cursor does not turn the camera').toBe(0);
    r.app.input.setPointerLocked(true);
    r.app.input.mouseMove(10, 10, 50, 0);
    await r.until(() => Math.abs((renderer.camera?.yaw ?? 0) + 5) < 0.01, 'the camera to turn by the client delta (-50 * 0.1 degrees)');
    r.app.input.setGamepad(0, false, 0, []);
    await r.line('pad connected=false');
    expect(r.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'fatal').map((d) => `${d.code} ${d.message}`), 'no script error').toEqual([]);
  });
});
