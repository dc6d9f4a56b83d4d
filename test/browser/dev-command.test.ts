// `twinframe dev` and `twinframe build` end to end, on a game in a temp folder OUTSIDE the
// repository: the CLI (a real process) serves it, Chromium loads the built-in page, the entity is
// drawn in its colour (pixels), an edit to the game shows after the save, a broken game shows its
// coded error with file:line in the page and in the terminal, and the built site draws the game
// from a static server with the headers, or without them through the service-worker fallback.
import { mkdtempSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startStaticServer } from '../../scripts/serve-static.mjs';
import { describeInBrowser } from './helpers/browser-suite.ts';
import { launchChromium } from './helpers/chromium.ts';
import { decodePng, pixelAt } from './helpers/png.ts';
import { runCli, startDevCli, until, type DevProcess } from './helpers/twinframe-cli.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** A typed game with no imports: a camera looking at one big cube of colour `rgb` filling the view's centre. */
function gameSource(rgb: readonly [number, number, number]): string {
  return `// a test game outside the repository
const color = { r: ${rgb[0]}, g: ${rgb[1]}, b: ${rgb[2]}, a: 255 };
export default {
  setup(ctx: any) {
    const camera = ctx.cameras.create({ x: -10, y: 0, z: 0 }, { yaw: 0, pitch: 0, roll: 0 }, 'world');
    ctx.cameras.lookAt(camera, { x: 0, y: 0, z: 0 });
    ctx.cameras.setActive(camera);
    ctx.entities.createMesh('cube', { x: 0, y: 0, z: 0 }, 6, color);
  },
  update() {},
};
`;
}

type PageWindow = { twinframePage?: { app?: { stats(): { logic: { frames: number }; entities: { live: number } } }; error?: unknown; startError?: unknown } };

/** The centre pixel of the canvas. */
async function centre(page: Page): Promise<[number, number, number]> {
  const image = decodePng(await page.locator('#view').screenshot());
  return pixelAt(image, image.width / 2, image.height / 2);
}

const reddish = (p: readonly number[]): boolean => p[0]! > 90 && p[0]! > p[1]! + 50 && p[0]! > p[2]! + 50;
const greenish = (p: readonly number[]): boolean => p[1]! > 90 && p[1]! > p[0]! + 50 && p[1]! > p[2]! + 50;

async function gameRuns(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const app = (window as unknown as PageWindow).twinframePage?.app;
    return app !== undefined && app.stats().logic.frames > 3 && app.stats().entities.live > 0;
  });
}

describeInBrowser('twinframe dev and build', () => {
  let browser: Browser;
  let dir: string;
  let dev: DevProcess;
  let url = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'twinframe-devcmd-'));
    expect(dir.startsWith(REPO), 'the game folder is outside the repository').toBe(false);
    writeFileSync(join(dir, 'game.ts'), gameSource([230, 30, 30]));
    browser = await launchChromium();
    dev = await startDevCli(['game.ts', '--port', '0'], dir);
    url = dev.url;
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await dev?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves the game from outside the repository: isolated, drawn in its colour; a save shows the edit', async () => {
    // With the overlay (340 px wide, on the right): the viewport leaves the centre to the scene.
    const page = await browser.newPage({ viewport: { width: 1000, height: 480 } });
    const response = await page.goto(`${url}?shading=unlit`);
    expect(response?.headers()['cross-origin-embedder-policy'], 'the page carries COEP').toBe('require-corp');
    await until('the game to run', () => gameRuns(page), Boolean);
    expect(await page.evaluate(() => crossOriginIsolated), 'crossOriginIsolated').toBe(true);
    await until('the red cube at the centre', () => centre(page), reddish);
    expect(await page.locator('#overlay').textContent(), 'the overlay of both threads is on the page').toMatch(/engine[\s\S]*logic[\s\S]*live entities/);
    expect(await page.locator('#overlay').isVisible(), 'and visible').toBe(true);
    writeFileSync(join(dir, 'game.ts'), gameSource([30, 220, 30]));
    await until('the green cube after the save', () => centre(page), greenish);
    await page.close();
  }, 120_000);

  it('shows a game that fails to compile or to load with its coded error and file:line, in the page and the terminal; the next save recovers', async () => {
    const page = await browser.newPage({ viewport: { width: 480, height: 320 } });
    await page.goto(`${url}?shading=unlit&overlay=0`);
    await until('the game to run', () => gameRuns(page), Boolean);
    const errorText = async (): Promise<{ code: string | null; text: string }> => {
      const box = page.locator('#twinframe-error');
      if (!(await box.isVisible())) return { code: null, text: '' };
      return { code: await box.getAttribute('data-code'), text: await box.innerText() };
    };
    // A syntax error on line 3: the dev server cannot compile it (TF6502).
    writeFileSync(join(dir, 'game.ts'), '// broken\nconst a = 1;\nconst b = ;\nexport default { update() {} };\n');
    const compile = await until('the compile error overlay', errorText, (e) => e.code === 'TF6502');
    expect(compile.text, 'names the game file and line').toMatch(/game\.ts:3/);
    expect(compile.text, 'points to the code page').toContain('docs/errors/TF6502.md');
    await until('the error in the terminal', async () => dev.output(), (o) => /TF6502 .*game\.ts:3/.test(o));
    // A throw while the module first evaluates, on line 4 (TF5041), located in the game's own source.
    writeFileSync(join(dir, 'game.ts'), '// throws at load\nconst a = 1;\nfunction boom(): never { throw new Error("boom at load " + a); }\nboom();\nexport default { update() {} };\n');
    const load = await until('the load error overlay', errorText, (e) => e.code === 'TF5041');
    expect(load.text, 'the thrown message').toContain('boom at load 1');
    expect(load.text, 'names the game file and the throwing line').toMatch(/game\.ts:3:\d+/);
    await until('the load error in the terminal', async () => dev.output(), (o) => /TF5041 .*boom at load 1.*game\.ts:3/.test(o));
    // Fixed: the next save hot reloads the game (no page reload) and clears the overlay.
    writeFileSync(join(dir, 'game.ts'), gameSource([230, 30, 30]));
    await until('the overlay gone', errorText, (e) => e.code === null);
    await until('the game to run again', () => gameRuns(page), Boolean);
    await until('the red cube again', () => centre(page), reddish);
    await page.close();
  }, 120_000);

  it('builds a static site that draws the game from a server with the headers, and writes the header files', async () => {
    writeFileSync(join(dir, 'game.ts'), gameSource([230, 30, 30]));
    const out = join(dir, 'site');
    const r = await runCli(['build', 'game.ts', '--out', out], dir);
    expect(r.status, r.out).toBe(0);
    expect(readFileSync(join(out, '_headers'), 'utf8'), '_headers sets COEP').toContain('Cross-Origin-Embedder-Policy: require-corp');
    expect(JSON.parse(readFileSync(join(out, 'vercel.json'), 'utf8')).headers[0].headers, 'vercel.json sets COOP')
      .toContainEqual({ key: 'Cross-Origin-Opener-Policy', value: 'same-origin' });
    expect(existsSync(join(out, 'coi-serviceworker.js')), 'no service worker unless asked').toBe(false);
    const server = await startStaticServer({ root: out, port: 0 });
    try {
      const page = await browser.newPage({ viewport: { width: 480, height: 320 } });
      await page.goto(`${server.url}?shading=unlit&overlay=0`);
      await until('the built game to run', () => gameRuns(page), Boolean);
      await until('the red cube at the centre', () => centre(page), reddish);
      await page.close();
    } finally {
      await server.close();
    }
  }, 120_000);

  it('with --coi-serviceworker, runs cross-origin isolated from a host without the headers after one reload', async () => {
    const out = join(dir, 'site-coi');
    const r = await runCli(['build', 'game.ts', '--out', out, '--coi-serviceworker'], dir);
    expect(r.status, r.out).toBe(0);
    expect(existsSync(join(out, 'coi-serviceworker.js')), 'the service worker is in the site').toBe(true);
    const server = await startStaticServer({ root: out, port: 0, isolation: false });
    const context = await browser.newContext({ viewport: { width: 480, height: 320 } });
    try {
      const page = await context.newPage();
      let navigations = 0;
      page.on('framenavigated', (f) => { if (f === page.mainFrame()) navigations++; });
      const first = await page.goto(`${server.url}?shading=unlit&overlay=0`);
      expect(first?.headers()['cross-origin-embedder-policy'], 'the host sends no isolation header').toBeUndefined();
      await until('isolation after the reload', () => page.evaluate(() => crossOriginIsolated), Boolean);
      await until('the game to run', () => gameRuns(page), Boolean);
      await until('the red cube at the centre', () => centre(page), reddish);
      expect(navigations, 'one load and one reload').toBe(2);
    } finally {
      await context.close();
      await server.close();
    }
  }, 120_000);
});
