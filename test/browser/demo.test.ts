// The demo page (demo/) in Chromium, on the dev server and as the static build: it starts cross-origin
// isolated, draws the spawned entities in their colours, moves the camera on a key press, and explains
// the missing headers on a server without them. The faults are in demo-faults.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { build, preview } from 'vite';
import type { Browser } from 'playwright-core';
import { startStaticServer } from '../../scripts/serve-static.mjs';
import { describeInBrowser } from './helpers/browser-suite.ts';
import { launchChromium } from './helpers/chromium.ts';
import { BACKGROUND, CONFIG, openDemo, QUICK, stats, waitFor, WORLD, type DemoWindow } from './helpers/demo-page.ts';
import { colorDistance, decodePng, pixelAt } from './helpers/png.ts';
import { startViteServer } from './helpers/vite-server.ts';
import type { TestServer } from './helpers/vite-server.ts';

describeInBrowser('the demo page', () => {
  let isolated: TestServer;
  let plain: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [isolated, plain, browser] = await Promise.all([startViteServer(), startViteServer({ isolation: false }), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await isolated?.close();
    await plain?.close();
  });

  const demoUrl = (query: string): string => `${isolated.url}demo/index.html?${query}`;

  it('starts cross-origin isolated and runs the demo game on the worker (dev server)', async () => {
    const page = await openDemo(browser, demoUrl(QUICK));
    expect(await page.evaluate(() => crossOriginIsolated), 'crossOriginIsolated').toBe(true);
    const s = await waitFor(page, 'the whole world', (x) => x.live === WORLD);
    expect(s.state, 'the logic runs').toBe('running');
    expect(s.rejected, 'no command refused').toBe(0);
    // The overlay refreshes a few times a second: wait for its next refresh.
    await expect.poll(() => page.locator('#overlay [data-stat="entities"]').innerText(), { message: 'the overlay shows the live entities', timeout: 10_000 }).toBe(String(WORLD));
    await page.close();
  });

  it('draws the spawned entities: pixels differ from the background where the scene is, in the spawned colours', async () => {
    const page = await openDemo(browser, demoUrl('count=80&still=1&shading=unlit&antialias=0&overlay=0'), { width: 480, height: 320 });
    await waitFor(page, 'the whole world', (x) => x.live === 80 + 62);
    const before = (await stats(page)).engineFrames;
    await waitFor(page, 'a few engine frames after it', (x) => x.engineFrames >= before + 3);
    const colours = await page.evaluate(() => {
      const app = (window as unknown as { twinframeDemo: { app: { entityIds(): number[]; readEntity(id: number, out: Record<string, unknown>): boolean } } }).twinframeDemo.app;
      const out: Record<string, unknown> = {};
      return app.entityIds().map((id) => (app.readEntity(id, out) ? [out['r'], out['g'], out['b']] as number[] : [0, 0, 0]));
    });
    const image = decodePng(await page.locator('#view').screenshot());
    let scene = 0;
    let matching = 0;
    const seen = new Set<number>();
    for (let y = 0; y < image.height; y++) {
      for (let x = 0; x < image.width; x++) {
        const p = pixelAt(image, x, y);
        if (colorDistance(p, BACKGROUND) <= 6) continue;
        scene++;
        let best = -1;
        let bestDistance = 1e9;
        for (let i = 0; i < colours.length; i++) {
          const d = colorDistance(p, colours[i]!);
          if (d < bestDistance) { bestDistance = d; best = i; }
        }
        if (bestDistance <= 6) {
          matching++;
          seen.add(best);
        }
      }
    }
    const total = image.width * image.height;
    expect(scene / total, 'a good part of the canvas shows the scene, not the background').toBeGreaterThan(0.05);
    expect(matching / scene, 'scene pixels have the colours the game gave its entities (unlit, no antialiasing)').toBeGreaterThan(0.9);
    expect(seen.size, 'many different entities are visible').toBeGreaterThanOrEqual(20);
    await page.close();
  });

  it('a key press reaches the logic: W flies the camera forward, the left arrow turns it', async () => {
    const page = await openDemo(browser, demoUrl(QUICK));
    const pose = (): Promise<number[]> => page.evaluate(() => Array.from((window as unknown as { twinframeDemo: { app: { renderer: { cameraPose: Float64Array } } } }).twinframeDemo.app.renderer.cameraPose));
    const start = await pose();
    await page.keyboard.down('KeyW');
    await page.waitForFunction((x0) => (window as unknown as { twinframeDemo: { app: { renderer: { cameraPose: Float64Array } } } }).twinframeDemo.app.renderer.cameraPose[0]! > x0 + 0.5, start[0]!, { timeout: 10_000 });
    await page.keyboard.up('KeyW');
    const moved = await pose();
    expect(moved[0], 'the camera moved forward (seed +X at yaw 0)').toBeGreaterThan(start[0]! + 0.5);
    expect(moved[1], 'not sideways').toBeCloseTo(start[1]!, 3);
    await page.keyboard.down('ArrowLeft');
    await page.waitForFunction((yaw0) => (window as unknown as { twinframeDemo: { app: { renderer: { cameraPose: Float64Array } } } }).twinframeDemo.app.renderer.cameraPose[3]! > yaw0 + 5, moved[3]!, { timeout: 10_000 });
    await page.keyboard.up('ArrowLeft');
    expect((await pose())[3], 'the left arrow turned the camera left (yaw grows towards +Y)').toBeGreaterThan(moved[3]! + 5);
    await page.close();
  });

  it('explains the two missing headers on a server without them', async () => {
    const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
    await page.goto(`${plain.url}demo/index.html`);
    await page.waitForFunction(() => (window as unknown as DemoWindow).twinframeDemo?.error !== undefined, undefined, { timeout: 30_000 });
    expect(await page.evaluate(() => (window as unknown as DemoWindow).twinframeDemo?.error?.code), 'TF1006').toBe('TF1006');
    const message = page.locator('#twinframe-isolation');
    expect(await message.isVisible(), 'the message is shown').toBe(true);
    const text = await message.innerText();
    expect(text, 'names COOP').toContain('Cross-Origin-Opener-Policy: same-origin');
    expect(text, 'names COEP').toContain('Cross-Origin-Embedder-Policy: require-corp');
    await page.close();
  });

  it('builds to a static site that runs from vite preview and from the Node static server', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'twinframe-demo-build-'));
    const cacheDir = mkdtempSync(join(tmpdir(), 'twinframe-demo-cache-'));
    try {
      await build({ configFile: CONFIG, logLevel: 'error', cacheDir, build: { outDir, sourcemap: false } });
      const server = await preview({ configFile: CONFIG, logLevel: 'error', cacheDir, build: { outDir }, preview: { port: 0, strictPort: true } });
      const staticServer = await startStaticServer({ root: outDir, port: 0 });
      try {
        for (const base of [server.resolvedUrls!.local[0]!, staticServer.url]) {
          const page = await openDemo(browser, `${base}?${QUICK}`);
          expect(await page.evaluate(() => crossOriginIsolated), `crossOriginIsolated at ${base}`).toBe(true);
          const s = await waitFor(page, 'the whole world', (x) => x.live === WORLD);
          expect(s.state, `the bundled logic worker runs the demo game at ${base}`).toBe('running');
          await page.close();
        }
      } finally {
        await server.close();
        await staticServer.close();
      }
    } finally {
      rmSync(outDir, { recursive: true, force: true });
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
