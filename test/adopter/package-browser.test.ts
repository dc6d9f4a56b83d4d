/**
 * twinframe as a user gets it, in Chromium (issue 13 item 8, issue 14 "from an installed
 * package"): in the project that installed the packed tarball (adopter-project.ts), outside the
 * repository, with the installed CLI (`npx twinframe`, its compiled dist/ under plain node):
 * - `npx twinframe build game.ts --out site` writes a site that `vite preview` serves cross-origin
 *   isolated through the package's own `twinframe/vite` plugin; Chromium runs it (logic frames
 *   advance) and draws the game's cube in its colour (pixels);
 * - `npx twinframe dev game.ts --port 0 --open` prints its URL and hands that URL to the browser
 *   opener (Vite's `BROWSER` variable, pointed at a script that records it: no real browser);
 *   Chromium runs the game from it, and a save of game.ts hot reloads the logic in the page (the
 *   page's reload counter, the new colour, no second page load).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describeInBrowser } from '../browser/helpers/browser-suite.ts';
import { launchChromium } from '../browser/helpers/chromium.ts';
import { decodePng, pixelAt } from '../browser/helpers/png.ts';
import { until } from '../browser/helpers/twinframe-cli.ts';
import { ADOPTER_SETUP_TIMEOUT_MS, adopterProject, type AdopterProject, type RunningCommand } from './adopter-project.ts';

/** A typed game: a camera looking at one big cube of colour `rgb` filling the view's centre. */
function gameSource(rgb: readonly [number, number, number]): string {
  return `import { defineGame } from 'twinframe/logic';

const color = { r: ${rgb[0]}, g: ${rgb[1]}, b: ${rgb[2]}, a: 255 };

export default defineGame({
  setup(ctx) {
    const camera = ctx.cameras.create({ x: -10, y: 0, z: 0 }, { yaw: 0, pitch: 0, roll: 0 }, 'world');
    ctx.cameras.lookAt(camera, { x: 0, y: 0, z: 0 });
    void ctx.cameras.setActive(camera);
    ctx.entities.createMesh('cube', { x: 0, y: 0, z: 0 }, 6, color);
  },
});
`;
}

/** The user's Vite config for previewing a build: the package's plugin sends the isolation headers. */
const VITE_CONFIG = `import { crossOriginIsolation } from 'twinframe/vite';

export default { plugins: [crossOriginIsolation()] };
`;

/** Vite's BROWSER script (run with node, the URL as its last argument): records the URL it was asked to open. */
const OPENER = `import { appendFileSync } from 'node:fs';

appendFileSync(new URL('./opened.txt', import.meta.url), \`\${process.argv.at(-1)}\\n\`);
`;

interface PageStats { logic: { frames: number }; entities: { live: number }; reload: { count: number; failed: number } }
type PageWindow = { twinframePage?: { app?: { stats(): PageStats } } };

async function stats(page: Page): Promise<PageStats | null> {
  return page.evaluate(() => (window as unknown as PageWindow).twinframePage?.app?.stats() ?? null);
}

/** The centre pixel of the canvas. */
async function centre(page: Page): Promise<[number, number, number]> {
  const image = decodePng(await page.locator('#view').screenshot());
  return pixelAt(image, image.width / 2, image.height / 2);
}

const reddish = (p: readonly number[]): boolean => p[0]! > 90 && p[0]! > p[1]! + 50 && p[0]! > p[2]! + 50;
const greenish = (p: readonly number[]): boolean => p[1]! > 90 && p[1]! > p[0]! + 50 && p[1]! > p[2]! + 50;

/** Frames advance: two reads of the stats, the second with more logic frames and the cube alive. */
async function gameRuns(page: Page, what: string): Promise<PageStats> {
  const first = await until(`${what}: the game to run`, () => stats(page), (s) => s !== null && s.logic.frames > 3 && s.entities.live === 1);
  return (await until(`${what}: its frames to advance`, () => stats(page), (s) => s !== null && s.logic.frames > first!.logic.frames + 10))!;
}

/** The URL a dev or preview server printed. */
async function printedUrl(server: RunningCommand): Promise<string> {
  return (await server.waitFor(/(http:\/\/127\.0\.0\.1:\d+\/)/, 90_000))[1]!;
}

describeInBrowser('the installed package in Chromium: twinframe build and dev', () => {
  let project: AdopterProject;
  let browser: Browser;

  beforeAll(async () => {
    [project, browser] = await Promise.all([adopterProject(), launchChromium()]);
  }, ADOPTER_SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
  });

  describe('npx twinframe build', () => {
    let dir: string;
    let preview: RunningCommand | undefined;

    beforeAll(() => {
      dir = project.folder('browser-build');
      writeFileSync(join(dir, 'game.ts'), gameSource([230, 30, 30]));
      writeFileSync(join(dir, 'vite.config.mjs'), VITE_CONFIG);
    });

    afterAll(async () => {
      await preview?.stop();
    });

    it('writes a site that vite preview serves with twinframe/vite, and Chromium runs and draws it', async () => {
      const built = await project.run('npx twinframe build game.ts --out site', { cwd: dir });
      expect(built.code, built.output).toBe(0);
      expect(existsSync(join(dir, 'site', 'index.html')), built.output).toBe(true);
      expect(readFileSync(join(dir, 'site', '_headers'), 'utf8'), 'the host header file').toContain('Cross-Origin-Embedder-Policy: require-corp');

      preview = project.start('npx vite preview --outDir site --host 127.0.0.1 --port 0 --strictPort', { cwd: dir });
      const url = await printedUrl(preview);
      const page = await browser.newPage({ viewport: { width: 480, height: 320 } });
      const response = await page.goto(`${url}?shading=unlit&overlay=0`);
      expect(response?.headers()['cross-origin-embedder-policy'], `the plugin's header\n${preview.output()}`).toBe('require-corp');
      await gameRuns(page, 'the built site');
      expect(await page.evaluate(() => crossOriginIsolated), 'crossOriginIsolated').toBe(true);
      await until('the red cube at the centre', () => centre(page), reddish);
      await page.close();
    }, 180_000);
  });

  describe('npx twinframe dev', () => {
    let dir: string;
    let dev: RunningCommand;
    let url: string;

    beforeAll(async () => {
      dir = project.folder('browser-dev');
      writeFileSync(join(dir, 'game.ts'), gameSource([230, 30, 30]));
      writeFileSync(join(dir, 'opener.js'), OPENER);
      dev = project.start('npx twinframe dev game.ts --port 0 --open', { cwd: dir, env: { BROWSER: join(dir, 'opener.js') } });
      url = (await dev.waitFor(/twinframe dev: .*game\.ts at (http:\/\/127\.0\.0\.1:\d+\/)/, 90_000))[1]!;
    }, 120_000);

    afterAll(async () => {
      await dev?.stop();
    });

    it('with --open, hands the URL it printed to the browser opener (BROWSER)', async () => {
      const opened = await until('the opener to record a URL', async () => (existsSync(join(dir, 'opened.txt')) ? readFileSync(join(dir, 'opened.txt'), 'utf8') : ''), (t) => t !== '', 30_000);
      expect(opened, dev.output()).toBe(`${url}\n`);
    }, 60_000);

    it('serves the game to Chromium, and a save of game.ts hot reloads the logic in the page without reloading it', async () => {
      const page = await browser.newPage({ viewport: { width: 480, height: 320 } });
      let loads = 0;
      page.on('load', () => { loads++; });
      const response = await page.goto(`${url}?shading=unlit&overlay=0`);
      expect(response?.headers()['cross-origin-opener-policy'], 'the page carries COOP').toBe('same-origin');
      const before = await gameRuns(page, 'the dev page');
      expect(before.reload.count, 'no reload yet').toBe(0);
      await until('the red cube at the centre', () => centre(page), reddish);

      writeFileSync(join(dir, 'game.ts'), gameSource([30, 220, 30]));
      const after = await until('the page to count the hot reload', () => stats(page), (s) => (s?.reload.count ?? 0) >= 1, 60_000);
      expect(after!.reload.failed, dev.output()).toBe(0);
      await until('the green cube after the save', () => centre(page), greenish);
      await gameRuns(page, 'the reloaded game');
      expect(loads, 'one page load: the logic was swapped in place').toBe(1);
      expect(dev.output(), 'no coded error in the terminal').not.toMatch(/TF\d{4}/);
      await page.close();
    }, 180_000);
  });
});
