// `twinframe dev` hot reload in Chromium (issue 14, docs/hot-reload.md): the CLI (a real process)
// serves a game from a temp folder; a save swaps the logic worker WITHOUT a page reload (a marker
// set on `window` survives, no second `load` event), the new colour shows (pixels), the world and
// the camera stay (the game opts in through ctx.hot), the overlay counts the reload; a broken save
// (syntax error, throw at load, throw in the first frame) shows the error overlay while the old
// game keeps running and drawing, and the next good save clears it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeInBrowser } from './helpers/browser-suite.ts';
import { decodePng, pixelAt } from './helpers/png.ts';
import { startDevGame, until, type DevGame, type DevProcess } from './helpers/twinframe-cli.ts';

/**
 * A game that opts in to keeping its world. Its setup (a fresh start) puts the camera where it
 * sees nothing; with `placeCamera` its first update moves the camera to look at the cube. A later
 * version without `placeCamera` shows the cube only if the camera that update moved was kept.
 * `breakIn` makes the new code throw at load or in its first frame.
 */
function gameSource(rgb: readonly [number, number, number], placeCamera: boolean, breakIn: 'none' | 'load' | 'frame' = 'none'): string {
  return `// a hot-reloaded test game
const color = { r: ${rgb[0]}, g: ${rgb[1]}, b: ${rgb[2]}, a: 255 };
${breakIn === 'load' ? 'throw new Error("boom at load");' : ''}
let cube = 0;
let camera = 0;
let placed = false;
export default {
  setup(ctx: any) {
    ctx.hot.dispose((data: any) => { data.cube = cube; data.camera = camera; data.placed = placed; });
    if (ctx.hot.isReload) {
      ({ cube, camera, placed } = ctx.hot.data);
      ctx.entities.updateColor(cube, color);
      return;
    }
    camera = ctx.cameras.create({ x: -10, y: 0, z: 60 }, { yaw: 0, pitch: 0, roll: 0 }, 'world').id;
    ctx.cameras.lookAt(camera, { x: 0, y: 0, z: 120 });
    ctx.cameras.setActive(camera);
    cube = ctx.entities.createMesh('cube', { x: 0, y: 0, z: 0 }, 6, color).id;
  },
  update(ctx: any) {
    ${breakIn === 'frame' ? 'throw new Error("boom in the first frame");' : ''}
    ${placeCamera ? 'if (!placed) { ctx.cameras.updatePosition(camera, { x: -10, y: 0, z: 0 }); ctx.cameras.lookAt(camera, { x: 0, y: 0, z: 0 }); placed = true; }' : ''}
  },
};
`;
}

interface PageStats { logic: { frames: number }; entities: { live: number }; reload: { count: number; failed: number } }
type PageWindow = {
  twinframePage?: { app?: { stats(): PageStats }; reloadsRequested: number };
  hotMarker?: string;
};

async function centre(page: Page): Promise<[number, number, number]> {
  const image = decodePng(await page.locator('#view').screenshot());
  return pixelAt(image, image.width / 2, image.height / 2);
}

/** The centre pixel of the scene under the error overlay (hidden for the screenshot, then shown again). */
async function sceneCentre(page: Page): Promise<[number, number, number]> {
  await page.evaluate(() => { document.getElementById('twinframe-error')!.style.visibility = 'hidden'; });
  try {
    return await centre(page);
  } finally {
    await page.evaluate(() => { document.getElementById('twinframe-error')!.style.visibility = ''; });
  }
}

const reddish = (p: readonly number[]): boolean => p[0]! > 90 && p[0]! > p[1]! + 50 && p[0]! > p[2]! + 50;
const greenish = (p: readonly number[]): boolean => p[1]! > 90 && p[1]! > p[0]! + 50 && p[1]! > p[2]! + 50;
const bluish = (p: readonly number[]): boolean => p[2]! > 90 && p[2]! > p[0]! + 50 && p[2]! > p[1]! + 50;

async function stats(page: Page): Promise<PageStats | null> {
  return page.evaluate(() => (window as unknown as PageWindow).twinframePage?.app?.stats() ?? null);
}

async function errorCode(page: Page): Promise<string | null> {
  const box = page.locator('#twinframe-error');
  return (await box.isVisible()) ? box.getAttribute('data-code') : null;
}

describeInBrowser('twinframe dev hot reload', () => {
  let game: DevGame;
  let browser: Browser;
  let dir: string;
  let dev: DevProcess;

  beforeAll(async () => {
    game = await startDevGame(gameSource([230, 30, 30], true));
    ({ browser, dir, dev } = game);
  }, 90_000);

  afterAll(async () => {
    await game?.close();
  });

  it('swaps the logic on a save without a page reload: new colour, same world and camera; a broken save keeps the old game under the error overlay', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 480 } });
    let loads = 0;
    page.on('load', () => { loads++; });
    await page.goto(`${dev.url}?shading=unlit`);
    await until('the red cube at the centre (the camera moved by the first update)', () => centre(page), reddish);
    await page.evaluate(() => { (window as unknown as PageWindow).hotMarker = 'before the edit'; });
    const marker = (): Promise<string | undefined> => page.evaluate(() => (window as unknown as PageWindow).hotMarker);

    // A good save: the new colour, by the new code, seen through the camera the old code placed.
    writeFileSync(join(dir, 'game.ts'), gameSource([30, 220, 30], false));
    await until('the green cube after the save', () => centre(page), greenish);
    const after = await until('the reload counted', () => stats(page), (s) => (s?.reload.count ?? 0) >= 1);
    expect(after!.entities.live, 'the world was kept, not rebuilt beside the old one').toBe(1);
    expect(await marker(), 'the page was not reloaded (the marker survives)').toBe('before the edit');
    expect(loads, 'one load event: the first').toBe(1);
    await until('the overlay shows the reload count and time', () => page.locator('#overlay').innerText(), (t) => /hot reloads[^\n]*\n?\s*1 \(0\), \d/.test(t));

    // A syntax error: the error overlay (TF6502, the file and line), the green game runs on.
    writeFileSync(join(dir, 'game.ts'), '// broken\nconst a = 1;\nconst b = ;\nexport default { update() {} };\n');
    await until('the compile error overlay', () => errorCode(page), (c) => c === 'TF6502');
    expect(await page.locator('#twinframe-error').innerText(), 'names the game file and line').toMatch(/game\.ts:3/);
    expect(await page.locator('#twinframe-error h1').innerText(), 'says the old game runs on').toMatch(/runs on with the old code/);
    const framesBefore = (await stats(page))!.logic.frames;
    await until('the old game still running', () => stats(page), (s) => (s?.logic.frames ?? 0) > framesBefore + 10);
    const under = await sceneCentre(page);
    expect(greenish(under), `the old game still drawn; got ${under.join(',')}`).toBe(true);

    // A throw at load, then a throw in the first frame: each shown, the old game untouched.
    writeFileSync(join(dir, 'game.ts'), gameSource([30, 30, 230], false, 'load'));
    await until('the load error overlay', () => errorCode(page), (c) => c === 'TF5041');
    expect(await page.locator('#twinframe-error').innerText(), 'the thrown message').toContain('boom at load');
    writeFileSync(join(dir, 'game.ts'), gameSource([30, 30, 230], false, 'frame'));
    await until('the first-frame error overlay', () => errorCode(page), (c) => c === 'TF4141');
    expect(await page.locator('#twinframe-error').innerText(), 'the thrown message').toContain('boom in the first frame');
    const failed = await until('the failed reloads counted', () => stats(page), (s) => (s?.reload.failed ?? 0) >= 3);
    expect(failed!.reload.count, 'no failed save counted as a reload').toBe(1);
    expect(greenish(await sceneCentre(page)), 'the old game still drawn after three broken saves').toBe(true);
    const framesLater = (await stats(page))!.logic.frames;
    await until('the old game still running', () => stats(page), (s) => (s?.logic.frames ?? 0) > framesLater + 10);

    // The next good save clears the overlay and shows its colour in the same world.
    writeFileSync(join(dir, 'game.ts'), gameSource([30, 30, 230], false));
    await until('the blue cube', () => centre(page), bluish);
    await until('the error overlay gone', () => errorCode(page), (c) => c === null);
    const end = (await stats(page))!;
    expect(end.reload.count, 'two reloads swapped code in').toBe(2);
    expect(end.entities.live, 'still one entity').toBe(1);
    expect(await marker(), 'still the same page').toBe('before the edit');
    expect(loads, 'still one load event').toBe(1);
    await page.close();
  }, 180_000);

  it('a game that never loaded (the logic is down) starts over with a page reload on the next save', async () => {
    writeFileSync(join(dir, 'game.ts'), gameSource([230, 30, 30], true, 'load'));
    const page = await browser.newPage({ viewport: { width: 480, height: 320 } });
    let loads = 0;
    page.on('load', () => { loads++; });
    await page.goto(`${dev.url}?shading=unlit&overlay=0`);
    await until('the load error overlay', () => errorCode(page), (c) => c === 'TF5041');
    expect(await page.locator('#twinframe-error h1').innerText()).toBe('The game stopped');
    writeFileSync(join(dir, 'game.ts'), gameSource([230, 30, 30], true));
    await until('the red cube after the page reload', () => centre(page), reddish);
    expect(loads, 'the first load and the reload').toBe(2);
    expect(await errorCode(page), 'no error shown').toBe(null);
    await page.close();
  }, 120_000);
});
