/**
 * debugRenderInterface primitives drawn by the three.js renderer in Chromium: the debug-draw script
 * tree (test/fixtures/protogame-debug) run by createBrowserApp with host 'protogame' and a module
 * Worker; the screenshot shows the red ALWAYS line straight ahead (the default camera looks along
 * seed +X) and the blue X_RAY wire sphere on the right, and setHidden removes them. Skipped (with the
 * reason) without Chromium, mandatory with CI=true.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeInBrowser } from '../browser/helpers/browser-suite.ts';
import { countColor, decodePng } from '../browser/helpers/png.ts';
import type { DecodedImage } from '../browser/helpers/png.ts';
import { closeFixturePage, openFixturePage, type FixturePage } from '../browser/helpers/fixture-page.ts';

interface PageApi {
  lines(): string[];
  error(): string;
  debug(): { primitives: number; lines: number; sets: number };
  diagnostics: { code: string; severity: string; message: string }[];
  stop(): Promise<void>;
}
type FixtureWindow = { debugPage?: PageApi };

describeInBrowser('debugRenderInterface primitives in Chromium (three.js)', () => {
  let fixture: FixturePage | undefined;
  let page: Page;

  async function waitDebug(primitives: number): Promise<void> {
    await page.waitForFunction(
      (n) => (window as unknown as Required<FixtureWindow>).debugPage.debug().primitives === n,
      primitives, { timeout: 30_000, polling: 50 },
    ).catch(async (e: unknown) => {
      const state = await page.evaluate(() => {
        const p = (window as unknown as Required<FixtureWindow>).debugPage;
        return JSON.stringify({ debug: p.debug(), error: p.error(), diagnostics: p.diagnostics });
      });
      throw new Error(`debug primitives never reached ${primitives}: ${String(e)}\n${state}`);
    });
  }

  async function shot(): Promise<DecodedImage> {
    // A few animation frames so the set handed over is drawn.
    await page.evaluate(() => new Promise<void>((resolve) => { let n = 0; const f = (): void => { if (++n >= 4) resolve(); else requestAnimationFrame(f); }; requestAnimationFrame(f); }));
    return decodePng(await page.locator('#view').screenshot());
  }

  beforeAll(async () => {
    fixture = await openFixturePage('test/fixtures/protogame-debug/browser/debug-page.html', 'debugPage', { viewport: { width: 400, height: 300 }, deviceScaleFactor: 1 });
    page = fixture.page;
  });

  afterAll(() => closeFixturePage(fixture, 'debugPage'));

  it('draws the debug lines where the seed coordinates put them, and hides them on setHidden', async () => {
    // The four forever-primitives remain once the 0.25 s and one-frame lines expired.
    await waitDebug(4);
    const image = await shot();
    expect([image.width, image.height]).toEqual([320, 240]);
    // Red line from seed (10, 0, 0) up to (10, 0, 4): the centre column, from the horizon (y 120) up.
    const redAbove = countColor(image, [255, 0, 0], 40, 156, 50, 164, 118);
    expect(redAbove, 'the red line rises from the horizon in the centre').toBeGreaterThan(30);
    expect(countColor(image, [255, 0, 0], 40, 0, 125, 320, 240), 'and nothing red below the horizon').toBe(0);
    // Blue wire sphere centred on seed (12, -3, 1): seed -Y is right of centre.
    expect(countColor(image, [0, 0, 255], 60, 175, 0, 320, 240), 'the blue sphere on the right').toBeGreaterThan(20);
    expect(countColor(image, [0, 0, 255], 60, 0, 0, 150, 240), 'and not on the left').toBe(0);
    // Yellow arrow (8, 0, -2) -> (8, 4, -2): below the horizon, pointing left.
    expect(countColor(image, [255, 255, 0], 40, 0, 125, 160, 240), 'the yellow arrow low on the left').toBeGreaterThan(20);

    await page.keyboard.down('KeyH');
    await waitDebug(0);
    await page.keyboard.up('KeyH');
    const hidden = await shot();
    expect(countColor(hidden, [255, 0, 0], 40), 'setHidden: no red').toBe(0);
    expect(countColor(hidden, [0, 0, 255], 60), 'setHidden: no blue').toBe(0);
    const errors = await page.evaluate(() => (window as unknown as Required<FixtureWindow>).debugPage.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'fatal'));
    expect(errors).toEqual([]);
  });
});
