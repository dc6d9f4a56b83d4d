// createBrowserApp in a real page with the library's own worker entry (src/startup/browser-worker-main.ts):
// the game is imported by URL in the worker, frames run on both threads, a graceful stop is seen
// through the worker's life lock, and a game that cannot load is a coded diagnostic.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeInBrowser } from './helpers/browser-suite.ts';
import { launchChromium } from './helpers/chromium.ts';
import { startViteServer } from './helpers/vite-server.ts';
import type { TestServer } from './helpers/vite-server.ts';

interface FixtureView {
  error?: string;
  frames: number;
  logicFrames: number;
  live: number;
  isolated: boolean;
  codes: string[];
  state: string;
}

async function view(page: Page): Promise<FixtureView> {
  return page.evaluate(() => {
    const f = (window as unknown as { appFixture: { app?: { stats(): { engine: { frames: number }; logic: { frames: number; state: string }; entities: { live: number } } }; error?: string; diagnostics: { code: string }[] } }).appFixture;
    const s = f.app?.stats();
    return {
      error: f.error, frames: s?.engine.frames ?? 0, logicFrames: s?.logic.frames ?? 0, live: s?.entities.live ?? 0,
      isolated: crossOriginIsolated, codes: f.diagnostics.map((d) => d.code), state: s?.logic.state ?? 'none',
    };
  });
}

describeInBrowser('createBrowserApp with the browser worker entry', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startViteServer(), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('runs a game module imported by URL in the worker, and stops gracefully without the shutdown timeout', async () => {
    const page = await browser.newPage({ viewport: { width: 400, height: 300 } });
    await page.goto(`${server.url}test/browser/fixtures/app.html`);
    await page.waitForFunction(() => {
      const f = (window as unknown as { appFixture?: { app?: { stats(): { entities: { live: number } } }; error?: string } }).appFixture;
      return f?.error !== undefined || (f?.app?.stats().entities.live ?? 0) >= 4;
    }, undefined, { timeout: 30_000 });
    const running = await view(page);
    expect(running.error, 'createBrowserApp resolved').toBeUndefined();
    expect(running.isolated, 'crossOriginIsolated').toBe(true);
    expect(running.state, 'the logic runs').toBe('running');
    expect(running.logicFrames, 'logic frames ran').toBeGreaterThan(0);
    expect(running.live, 'the spawner created its grid and spinners').toBeGreaterThanOrEqual(4);
    expect(running.codes, 'the game\'s console.log was forwarded (TF5030)').toContain('TF5030');
    const stopped = await page.evaluate(async () => {
      const app = (window as unknown as { appFixture: { app: { stop(): Promise<void>; stats(): { logic: { state: string } } } } }).appFixture.app;
      const t0 = performance.now();
      await app.stop();
      return { ms: performance.now() - t0, state: app.stats().logic.state };
    });
    expect(stopped.state, 'the logic stopped').toBe('stopped');
    // The worker closes itself; the host sees its life lock released instead of waiting 5 s.
    expect(stopped.ms, 'stop() resolved well before the 5 s shutdown timeout').toBeLessThan(3000);
    expect((await view(page)).codes, 'no shutdown-timeout warning').not.toContain('TF4106');
    await page.close();
  });

  it('reports a game module that cannot be loaded (TF5041); the logic ends down and the engine keeps running', async () => {
    const page = await browser.newPage({ viewport: { width: 400, height: 300 } });
    await page.goto(`${server.url}test/browser/fixtures/app.html?game=${encodeURIComponent(`${server.url}test/browser/fixtures/no-such-game.ts`)}`);
    // The runtime either sees STATUS = FAILED first (TF4111) or the worker's exit first (a crash,
    // retried until the restart limit, TF4105): both end with the logic down.
    await page.waitForFunction(() => {
      const f = (window as unknown as { appFixture?: { app?: { stats(): { logic: { state: string } } }; error?: string } }).appFixture;
      return f?.error !== undefined || f?.app?.stats().logic.state === 'down';
    }, undefined, { timeout: 30_000 }).catch(async (e: unknown) => {
      throw new Error(`the logic never went down: ${JSON.stringify(await view(page))}; ${String(e)}`);
    });
    const before = await view(page);
    expect(before.error, 'createBrowserApp resolved').toBeUndefined();
    expect(before.codes, 'the load failure names the module (TF5041)').toContain('TF5041');
    expect(before.codes.some((c) => c === 'TF4111' || c === 'TF4105'), `the logic is down with a fatal diagnostic; got ${before.codes.join(', ')}`).toBe(true);
    await page.waitForTimeout(300);
    expect((await view(page)).frames, 'the engine keeps running frames').toBeGreaterThan(before.frames);
    await page.close();
  });
});
