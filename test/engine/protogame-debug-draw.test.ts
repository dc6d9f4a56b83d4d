/**
 * debugRenderInterface primitives from a ProtogameJS3D script to the renderer, end to end on a real
 * logic worker (worker_threads, real SharedArrayBuffers, the bundled runtime and the script tree
 * test/fixtures/protogame-debug): the worker's recorder -> the debug-draw StateBuffer (the logic
 * writes, the engine reads) -> the engine's render phase -> the renderer's debugLine calls, read
 * back from a RecordingRenderer. Also: expiry, setHidden/setVisible/clear, and a worker restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { createNodeApp } from '../../src/startup/node-app.ts';
import type { App } from '../../src/engine/app.ts';
import type { EngineDiagnostic } from '../../src/engine/diagnostic-hub.ts';
import { SPHERE_SEGMENTS } from '../../src/engine/debug-draw-lines.ts';
import { MemoryLogger } from '../../src/platform/logger.ts';
import { RecordingRenderer } from '../../src/platform/recording-renderer.ts';
import type { RecordedDebugLine } from '../../src/platform/recording-renderer.ts';
import { DEBUG_MODE_ALWAYS, DEBUG_MODE_USE_DEPTH, DEBUG_MODE_X_RAY } from '../../src/protocol/debug-draw-state.ts';
import { testHooks } from '../../src/startup/testing.ts';

const MAIN_JS = fileURLToPath(new URL('../fixtures/protogame-debug/main.js', import.meta.url));
const VK_C = 67;
const VK_H = 72;
const VK_K = 75;
const VK_N = 78;
const VK_V = 86;
/** Lines of the four forever-primitives: line 1, point 3, wire sphere 72, arrow 5. */
const FOREVER_LINES = 1 + 3 + 3 * SPHERE_SEGMENTS + 5;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let app: App;
let renderer: RecordingRenderer;
const diagnostics: EngineDiagnostic[] = [];
const lines = (): string[] => diagnostics.filter((d) => d.code === 'TF5030').map((d) => d.message);

async function until(cond: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) {
      throw new Error(`timed out waiting for ${what}; debug stats ${JSON.stringify(app.stats().debug)}, ${renderer.debugLines.length} lines; console:\n${lines().join('\n')}`);
    }
    await sleep(10);
  }
}

const byColor = (r: number, g: number, b: number): RecordedDebugLine[] => renderer.debugLines.filter((l) => l.r === r && l.g === g && l.b === b);
const hangs = (): number => lines().filter((l) => l.startsWith('debug-hanging')).length;

beforeAll(async () => {
  renderer = new RecordingRenderer();
  app = await createNodeApp({ game: MAIN_JS, host: 'protogame', renderer, logger: new MemoryLogger(), fps: 60, hangTimeoutMs: 1000 });
  app.on('diagnostic', (d) => diagnostics.push(d));
  app.start();
});

afterAll(async () => {
  await app?.stop();
});

describe('debugRenderInterface primitives drawn by the engine (real worker)', () => {
  it('hands every world primitive to the renderer as lines with its coordinates, colour and mode', async () => {
    await until(() => byColor(255, 0, 0).length === 1 && byColor(0, 0, 255).length > 0, 'the first debug set');
    expect(byColor(255, 0, 0), 'the red line, as given (seed coordinates)').toEqual([
      { x0: 10, y0: 0, z0: 0, x1: 10, y1: 0, z1: 4, r: 255, g: 0, b: 0, a: 255, mode: DEBUG_MODE_ALWAYS },
    ]);
    const point = byColor(0, 255, 0);
    expect(point, 'the green point is a 3-axis cross of half-length = its radius').toEqual([
      { x0: 9.5, y0: 3, z0: 1, x1: 10.5, y1: 3, z1: 1, r: 0, g: 255, b: 0, a: 255, mode: DEBUG_MODE_USE_DEPTH },
      { x0: 10, y0: 2.5, z0: 1, x1: 10, y1: 3.5, z1: 1, r: 0, g: 255, b: 0, a: 255, mode: DEBUG_MODE_USE_DEPTH },
      { x0: 10, y0: 3, z0: 0.5, x1: 10, y1: 3, z1: 1.5, r: 0, g: 255, b: 0, a: 255, mode: DEBUG_MODE_USE_DEPTH },
    ]);
    const sphere = byColor(0, 0, 255);
    expect(sphere.length, 'the wire sphere is three great circles').toBe(3 * SPHERE_SEGMENTS);
    for (const l of sphere) {
      expect(l.mode).toBe(DEBUG_MODE_X_RAY);
      for (const [x, y, z] of [[l.x0, l.y0, l.z0], [l.x1, l.y1, l.z1]] as const) {
        expect(Math.hypot(x - 12, y + 3, z - 1), 'every end lies on the sphere (centre (12,-3,1), radius 1.5)').toBeCloseTo(1.5, 4);
      }
    }
    const arrow = byColor(255, 255, 0);
    expect(arrow.length, 'the arrow is its shaft and a four-line head').toBe(5);
    expect(arrow[0]).toEqual({ x0: 8, y0: 0, z0: -2, x1: 8, y1: 4, z1: -2, r: 255, g: 255, b: 0, a: 255, mode: DEBUG_MODE_X_RAY });
    for (const l of arrow.slice(1)) {
      expect([l.x0, l.y0, l.z0], 'head lines start at the tip').toEqual([8, 4, -2]);
      expect(l.y1, 'and point back along the shaft').toBeLessThan(4);
    }
    expect(renderer.misuse, 'beginDebug/debugLine/endDebug called in order').toBe(0);
  });

  it('drops a primitive from the drawn set when it expires (0.25 s line, one-frame lines)', async () => {
    await until(() => lines().some((l) => l.startsWith('debug-flash-ended')), 'the one-frame lines to stop');
    await until(() => byColor(255, 0, 255).length === 0 && byColor(0, 255, 255).length === 0, 'the magenta and cyan lines to expire');
    expect(byColor(255, 0, 0).length, 'the forever line stays').toBe(1);
    const stats = app.stats().debug;
    expect(stats, 'four primitives, as lines').toMatchObject({ primitives: 4, lines: FOREVER_LINES, skipped: 0 });
    expect(renderer.debugLines.length).toBe(FOREVER_LINES);
    // Nothing changes while the live set does not: no new set is sent.
    const sets = renderer.calls.debugSets;
    await sleep(150);
    expect(renderer.calls.debugSets, 'an unchanged live set is not re-sent').toBe(sets);
  });

  it('follows setHidden, setVisible and clear', async () => {
    app.input.keyDown(VK_H);
    await until(() => renderer.debugLines.length === 0, 'setHidden to empty the drawn set');
    app.input.keyUp(VK_H);
    expect(app.stats().debug).toMatchObject({ primitives: 0, lines: 0 });
    app.input.keyDown(VK_V);
    await until(() => renderer.debugLines.length === FOREVER_LINES, 'setVisible to bring the set back');
    app.input.keyUp(VK_V);
    app.input.keyDown(VK_C);
    await until(() => renderer.debugLines.length === 0, 'clear to empty the drawn set');
    app.input.keyUp(VK_C);
    expect(app.stats().debug.primitives).toBe(0);
  });

  it('after a worker restart draws only what the new incarnation adds', async () => {
    // Put the forever-primitives back: restart the worker (hang it) with nothing held.
    // The key is released once the update hangs, so the next incarnation does not hang too.
    app.input.keyDown(VK_K);
    await until(() => hangs() === 1, 'the update to hang');
    app.input.keyUp(VK_K);
    await until(() => testHooks(app).logic.incarnation === 2, 'the hung worker to be restarted');
    await until(() => app.stats().debug.primitives === 4 && renderer.debugLines.length === FOREVER_LINES, 'incarnation 2 to draw its set');
    expect(byColor(255, 0, 0)).toHaveLength(1);
    // Restart again with 'N' held: the new incarnation adds nothing, so the old set must go.
    app.input.keyDown(VK_N);
    app.input.keyDown(VK_K);
    await until(() => hangs() === 2, 'the update to hang again');
    app.input.keyUp(VK_K);
    await until(() => testHooks(app).logic.incarnation === 3, 'the second restart');
    await until(() => lines().filter((l) => l.startsWith('debug-skipped')).length === 1, 'incarnation 3 to start without primitives');
    await until(() => renderer.debugLines.length === 0, "the previous incarnation's lines to be cleared with its world");
    app.input.keyUp(VK_N);
    await sleep(150);
    expect(renderer.debugLines, 'nothing stale surfaces later').toEqual([]);
    expect(app.stats().debug.primitives).toBe(0);
    expect(diagnostics.filter((d) => d.code === 'TF5001' || d.code === 'TF5506'), 'no script error, no overflow').toEqual([]);
  });
});
