// `twinframe dev --host protogame` hot reload in Chromium (issue 14, docs/hot-reload.md "Seed-style
// and ProtogameJS3D scripts"): the CLI (a real process) serves a copy of the ProtogameJS3D-style
// fixture tree (main.js and its imports under Data/Scripts of a temp folder); a save of a file the
// tree imports (TestGame.js, not the entry) re-runs the tree in a new logic worker WITHOUT a page
// reload (a marker on `window` survives, one `load` event), the world is rebuilt by the new code in
// one frame (sampled every animation frame in the page: never empty, never the old and the new
// world side by side), and the new code's entities are in the engine with its colour and position.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeInBrowser } from './helpers/browser-suite.ts';
import { launchChromium } from './helpers/chromium.ts';
import { startDevCli, until, type DevProcess } from './helpers/twinframe-cli.ts';

const TREE = fileURLToPath(new URL('../logic/protogame/fixtures/protogame-tree', import.meta.url));

interface Snapshot { x: number; y: number; z: number; r: number; g: number; b: number; a: number }
interface PageStats { logic: { frames: number; incarnation: number }; entities: { live: number }; reload: { count: number; failed: number } }
interface PageApp { stats(): PageStats; entityIds(): number[]; readEntity(id: number, out: object): boolean }
type PageWindow = {
  twinframePage?: { app?: PageApp };
  hotMarker?: string;
  /** The fewest and most live entities seen by an animation frame since sampling started. */
  liveSeen?: { min: number; max: number; frames: number };
};

async function stats(page: Page): Promise<PageStats | null> {
  return page.evaluate(() => (window as unknown as PageWindow).twinframePage?.app?.stats() ?? null);
}

/** Every live entity as the engine holds it. */
async function entities(page: Page): Promise<Snapshot[]> {
  return page.evaluate(() => {
    const app = (window as unknown as PageWindow).twinframePage!.app!;
    return app.entityIds().map((id) => {
      const e = {} as Snapshot;
      app.readEntity(id, e);
      return e;
    });
  });
}

describeInBrowser('twinframe dev --host protogame hot reload', () => {
  let browser: Browser;
  let dir: string;
  let scripts: string;
  let dev: DevProcess;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'twinframe-hotpg-'));
    // As the original's Run/ folder: the data root holds Data/, the tree lives in Data/Scripts.
    scripts = join(dir, 'Data', 'Scripts');
    cpSync(TREE, scripts, { recursive: true });
    browser = await launchChromium();
    dev = await startDevCli(['--host', 'protogame', 'Data/Scripts/main.js', '--port', '0'], dir);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await dev?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a save of a script the tree imports re-runs the tree in a new worker and rebuilds the world in one frame, without a page reload', async () => {
    const page = await browser.newPage({ viewport: { width: 480, height: 320 } });
    const lines: string[] = [];
    page.on('console', (m) => lines.push(m.text()));
    let loads = 0;
    page.on('load', () => { loads++; });
    await page.goto(`${dev.url}?overlay=0`);
    const first = await until('the tree to run with its cube and ball', () => stats(page), (s) => s !== null && s.logic.frames > 3 && s.entities.live === 2);
    const before = await entities(page);
    expect(before, 'the fixture\'s orange cube').toContainEqual(expect.objectContaining({ x: 1, y: 2, z: 3, r: 255, g: 128, b: 0, a: 255 }));
    await page.evaluate(() => {
      const w = window as unknown as PageWindow;
      w.hotMarker = 'before the edit';
      const seen = { min: Number.POSITIVE_INFINITY, max: 0, frames: 0 };
      w.liveSeen = seen;
      const sample = (): void => {
        const live = w.twinframePage!.app!.stats().entities.live;
        seen.min = Math.min(seen.min, live);
        seen.max = Math.max(seen.max, live);
        seen.frames++;
        requestAnimationFrame(sample);
      };
      requestAnimationFrame(sample);
    });

    // The new code: the cube blue and one higher, a line of its own at load.
    const game = join(scripts, 'TestGame.js');
    const source = readFileSync(game, 'utf8');
    const edited = source
      .replace("this.createEntity('cube', 'cube', [1, 2, 3], 1.5, [255, 128, 0, 255]);", "this.createEntity('cube', 'cube', [1, 2, 4], 1.5, [0, 0, 255, 255]);\n        console.log('testgame: the edited code');");
    expect(edited, 'the edit applies to the fixture').not.toBe(source);
    writeFileSync(game, edited);

    const after = await until('the reload counted', () => stats(page), (s) => (s?.reload.count ?? 0) >= 1, 60_000);
    expect(after!.reload.failed, dev.output()).toBe(0);
    expect(after!.logic.incarnation, 'a new logic worker').toBeGreaterThan(first!.logic.incarnation);
    await until('the new code\'s line', async () => lines.join('\n'), (t) => t.includes('testgame: the edited code'));
    const world = await until('the rebuilt world', () => entities(page), (es) => es.some((e) => e.b === 255 && e.z === 4));
    expect(world, 'the cube and the ball, once each: the old world is gone').toHaveLength(2);
    expect(world).toContainEqual(expect.objectContaining({ x: 1, y: 2, z: 4, r: 0, g: 0, b: 255, a: 255 }));
    expect(world, 'no orange cube of the old code').not.toContainEqual(expect.objectContaining({ r: 255, g: 128, b: 0 }));
    // Frames after the swap, still sampled: the world never went empty nor doubled.
    const framesNow = (await page.evaluate(() => (window as unknown as PageWindow).liveSeen!.frames));
    const seen = await until('more sampled frames', () => page.evaluate(() => (window as unknown as PageWindow).liveSeen!), (s) => s.frames > framesNow + 10);
    expect(seen.min, `never an empty frame across the reload (${seen.frames} frames sampled)`).toBe(2);
    expect(seen.max, 'never the old and the new world together').toBe(2);
    expect(await page.evaluate(() => (window as unknown as PageWindow).hotMarker), 'the page was not reloaded (the marker survives)').toBe('before the edit');
    expect(loads, 'one load event: the first').toBe(1);
    await page.close();
  }, 180_000);
});
