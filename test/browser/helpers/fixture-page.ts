/**
 * A test page served by Vite and opened in Chromium: the set-up most browser test files share
 * (a server, a browser, one page at a fixture, waiting until the fixture says it is ready) and its
 * tear-down (stop the fixture, close the browser and the server), written once.
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium.ts';
import { startViteServer, type TestServer } from './vite-server.ts';

/** A server, a browser and the page open at a fixture. */
export interface FixturePage {
  readonly server: TestServer;
  readonly browser: Browser;
  readonly page: Page;
}

/** How to open a fixture page. */
export interface FixturePageOptions {
  /** Viewport of the page (Playwright's default when left out). */
  readonly viewport?: { readonly width: number; readonly height: number };
  /** Device scale factor (1 for pixel tests). */
  readonly deviceScaleFactor?: number;
  /** Runs on the new page before it loads the fixture: routes, init scripts, listeners. */
  readonly prepare?: (page: Page) => Promise<void> | void;
}

/**
 * Starts a Vite server and Chromium, opens `path` (relative to the repository root) and waits up
 * to 30 s until the page's `window[ready]` is defined. When anything fails on the way, what was
 * opened is closed before the error is rethrown, so a failing set-up leaks no process.
 */
export async function openFixturePage(path: string, ready: string, options: FixturePageOptions = {}): Promise<FixturePage> {
  const [server, browser] = await Promise.all([startViteServer(), launchChromium()]);
  try {
    const page = await browser.newPage({
      ...(options.viewport === undefined ? {} : { viewport: options.viewport }),
      ...(options.deviceScaleFactor === undefined ? {} : { deviceScaleFactor: options.deviceScaleFactor }),
    });
    await options.prepare?.(page);
    await page.goto(`${server.url}${path}`);
    await page.waitForFunction((name) => (window as unknown as Record<string, unknown>)[name] !== undefined, ready, { timeout: 30_000 });
    return { server, browser, page };
  } catch (e) {
    await browser.close();
    await server.close();
    throw e;
  }
}

/**
 * Stops the fixture (`window[ready].stop()` when it has one; a page already gone is fine), then
 * closes Chromium and the server. Accepts a set-up that never finished (undefined parts).
 */
export async function closeFixturePage(fixture: Partial<FixturePage> | undefined, ready: string): Promise<void> {
  await fixture?.page
    ?.evaluate((name) => {
      const api = (window as unknown as Record<string, { stop?: () => unknown } | undefined>)[name];
      return api?.stop?.();
    }, ready)
    .catch(() => {});
  await fixture?.browser?.close();
  await fixture?.server?.close();
}
