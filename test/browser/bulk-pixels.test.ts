// The bulk transform path in Chromium (SwiftShader WebGL2) with the three.js renderer: cubes placed
// only by ctx.entities.setPositions are drawn where the positions put them, and a cube that leaves
// the bulk set and is moved by a per-entity command is drawn at the command's position (not where
// the bulk path left it). Game: test/fixtures/games/bulk-grid.ts; page: fixtures/bulk.html.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeInBrowser } from './helpers/browser-suite.ts';
import { launchChromium } from './helpers/chromium.ts';
import { colorDistance, countColor, decodePng, pixelAt } from './helpers/png.ts';
import type { DecodedImage } from './helpers/png.ts';
import { startViteServer } from './helpers/vite-server.ts';
import type { TestServer } from './helpers/vite-server.ts';

interface BulkView {
  error?: string;
  logicFrames: number;
  live: number;
  applied: number;
  refused: number;
  codes: string[];
}

const BACKGROUND = [16, 20, 28];
const RED = [230, 40, 40];
const GREEN = [40, 210, 60];
const BLUE = [50, 80, 230];
const TOLERANCE = 3;

async function view(page: Page): Promise<BulkView> {
  return page.evaluate(() => {
    type Stats = { logic: { frames: number }; entities: { live: number }; bulk: { applied: number; refused_dead: number; refused_stale: number; refused_value: number } };
    const f = (window as unknown as { bulkFixture?: { app?: { stats(): Stats }; error?: string; diagnostics: { code: string; severity: string }[] } }).bulkFixture;
    const s = f?.app?.stats();
    return {
      error: f?.error, logicFrames: s?.logic.frames ?? 0, live: s?.entities.live ?? 0, applied: s?.bulk.applied ?? 0,
      refused: s === undefined ? 0 : s.bulk.refused_dead + s.bulk.refused_stale + s.bulk.refused_value,
      codes: (f?.diagnostics ?? []).filter((d) => d.severity === 'error' || d.severity === 'warning').map((d) => d.code + ' ' + d.severity),
    };
  });
}

describeInBrowser('the bulk transform path drawn by three.js in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startViteServer(), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 400, height: 300 }, deviceScaleFactor: 1 });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.url}test/browser/fixtures/bulk.html`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  function expectColor(image: DecodedImage, x: number, y: number, want: readonly number[], what: string): void {
    const got = pixelAt(image, x, y);
    expect(colorDistance(got, want), `${what}: pixel (${x}, ${y}) is rgb(${got.join(', ')}), expected rgb(${want.join(', ')})`).toBeLessThanOrEqual(TOLERANCE);
  }

  it('draws bulk-moved cubes at their positions, and a cube a command moved after the bulk path at the command\'s position', async () => {
    // Tick 30 moves blue by a command; wait well past it (generous: a loaded machine runs slowly).
    await page.waitForFunction(() => {
      const f = (window as unknown as { bulkFixture?: { app?: { stats(): { logic: { frames: number } } }; error?: string } }).bulkFixture;
      return f?.error !== undefined || (f?.app?.stats().logic.frames ?? 0) >= 60;
    }, undefined, { timeout: 60_000 });
    const v = await view(page);
    expect(v.error, 'createBrowserApp resolved').toBeUndefined();
    expect(v.live, 'three cubes').toBe(3);
    expect(v.applied, 'positions came through the bulk path').toBeGreaterThan(60);
    expect(v.refused, 'none refused').toBe(0);
    expect(v.codes, 'no warnings or errors').toEqual([]);
    const image = decodePng(await page.locator('#view').screenshot());
    expect([image.width, image.height]).toEqual([320, 240]);
    // Camera at the origin looking along +X, vertical fov 60, 320 x 240: seed (10, y, z) is drawn at
    // pixel (160 - 208 y / 10, 120 - 208 z / 10); a cube of scale 0.5 covers about 22 x 22 pixels.
    expectColor(image, 98, 120, RED, 'red cube at seed (10, 3, 0), set only by the bulk path');
    expectColor(image, 160, 120, GREEN, 'green cube at seed (10, 0, 0), set only by the bulk path');
    expectColor(image, 222, 78, BLUE, 'blue cube at seed (10, -3, 2), where the command put it');
    expectColor(image, 222, 120, BACKGROUND, 'nothing left where the bulk path had put blue');
    expect(countColor(image, BLUE, 12), 'blue drawn once (about 22 x 22 pixels)').toBeLessThan(900);
    expect(countColor(image, RED, 12), 'red drawn once').toBeGreaterThan(200);
    expect(errors, 'no page errors').toEqual([]);
  });
});
