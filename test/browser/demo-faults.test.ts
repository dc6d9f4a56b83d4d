// The demo's fault buttons in Chromium: the engine keeps drawing while the logic hangs, crashes,
// exits or floods the command queue; the logic restarts and every flooded command is applied.
// SwiftShader is slow and shares the machine's cores: behaviour, not frame rates.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { describeInBrowser } from './helpers/browser-suite.ts';
import { launchChromium } from './helpers/chromium.ts';
import { openDemo, QUICK, stats, waitFor, waitForIncarnation, WORLD } from './helpers/demo-page.ts';
import { measureFrames } from './helpers/frames.ts';
import { startViteServer } from './helpers/vite-server.ts';
import type { TestServer } from './helpers/vite-server.ts';

describeInBrowser('the demo page under faults', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startViteServer(), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const demoUrl = (query: string): string => `${server.url}demo/index.html?${query}`;

  it('keeps drawing while the logic hangs; the watchdog terminates the worker and the logic restarts', async () => {
    const page = await openDemo(browser, demoUrl(QUICK));
    await waitFor(page, 'the whole world', (x) => x.live === WORLD);
    const baseline = await measureFrames(page, 1000);
    const engineBefore = (await stats(page)).engineFrames;
    await page.click('button[data-fault="hang"]');
    // The hang timeout is 1500 ms: this window lies inside the hang.
    const during = await measureFrames(page, 1200);
    const engineDuring = (await stats(page)).engineFrames - engineBefore;
    await waitFor(page, 'the restart', (x) => x.restarts >= 1 && x.hangs >= 1);
    const restarted = await waitForIncarnation(page, 2, 'the new incarnation');
    // A hung worker burns one of the machine's cores, and SwiftShader draws on the CPU, so the
    // animation-frame rate itself may drop (an unrelated busy worker does the same): the behaviour
    // checked is that the engine never waited for the logic, running on every animation frame.
    const rates = `baseline ${baseline.fps.toFixed(1)} fps, during the hang ${during.fps.toFixed(1)} fps, longest gap ${during.maxGapMs.toFixed(0)} ms`;
    expect(during.frames, `animation frames kept coming during the hang (${rates})`).toBeGreaterThanOrEqual(3);
    expect(during.maxGapMs, `no gap anywhere near the hang's length (${rates})`).toBeLessThan(1200);
    expect(engineDuring, `the engine ran a frame on (nearly) every animation frame (${rates})`).toBeGreaterThanOrEqual(during.frames - 2);
    expect(restarted.codes['TF4102'], 'the hang was reported (TF4102)').toBeGreaterThanOrEqual(1);
    expect(restarted.codes['TF4104'], 'the restart was reported (TF4104)').toBeGreaterThanOrEqual(1);
    await expect.poll(() => page.locator('#overlay [data-stat="restarts"]').innerText(), { timeout: 5000 }).toMatch(/^1 \(1 \/ 0\)/);
    await page.close();
  });

  it('restarts the logic after a crash (uncaught error) and an exit (self.close()), and applies a whole flood in order', async () => {
    const page = await openDemo(browser, demoUrl(QUICK));
    await waitFor(page, 'the whole world', (x) => x.live === WORLD);
    await page.click('button[data-fault="crash"]');
    const crashed = await waitForIncarnation(page, 2, 'the restart after the crash');
    expect(crashed.crashes, 'counted as a crash').toBe(1);
    await page.click('button[data-fault="exit"]');
    const exited = await waitForIncarnation(page, 3, 'the restart after the exit');
    expect(exited.crashes, 'an unexpected exit is a crash too').toBe(2);
    const before = exited.applied;
    await page.click('button[data-fault="flood"]');
    const flooded = await waitFor(page, 'every flooded command applied', (x) => x.applied >= before + 200_000 && (x.codes['TF5050'] ?? 0) >= 1, 30_000);
    expect(flooded.commandFull, 'the ring filled: backpressure, not loss').toBeGreaterThan(0);
    expect(flooded.rejected, 'no command refused').toBe(0);
    expect(flooded.restarts, 'the flood is no fault').toBe(2);
    await page.close();
  });
});
