/**
 * Shared pieces of the demo page's browser tests: opening the demo, reading its App's stats, and
 * waiting for the logic (restarts included).
 */
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';

export const CONFIG = fileURLToPath(new URL('../../../vite.config.ts', import.meta.url));
export const BACKGROUND = [16, 20, 28];
/** Small and cheap for SwiftShader: 60 swarm objects plus the grid, the sun and 60 pillar blocks. */
export const QUICK = 'count=60&antialias=0';
export const WORLD = 60 + 62;

export interface DemoStats {
  engineFrames: number;
  logicFrames: number;
  live: number;
  restarts: number;
  hangs: number;
  crashes: number;
  incarnation: number;
  state: string;
  applied: number;
  rejected: number;
  commandFull: number;
  codes: Record<string, number>;
}

export type DemoWindow = { twinframeDemo?: { app?: unknown; error?: { code: string } } };

export async function stats(page: Page): Promise<DemoStats> {
  return page.evaluate(() => {
    const app = (window as unknown as { twinframeDemo: { app: { stats(): import('../../../src/engine/app.ts').AppStats } } }).twinframeDemo.app;
    const s = app.stats();
    return {
      engineFrames: s.engine.frames, logicFrames: s.logic.frames, live: s.entities.live, restarts: s.worker.restarts,
      hangs: s.worker.hangs, crashes: s.worker.crashes, incarnation: s.logic.incarnation, state: s.logic.state,
      applied: s.commands.applied, rejected: s.commands.rejected, commandFull: s.queues.command.full_events, codes: s.diagnostics.by_code,
    };
  });
}

/** Opens the demo and waits until the logic has run a few frames with the whole world created. */
export async function openDemo(browser: Browser, url: string, viewport = { width: 640, height: 400 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.goto(url);
  await page.waitForFunction(() => {
    const d = (window as unknown as DemoWindow).twinframeDemo;
    if (d?.error !== undefined) return true;
    const app = d?.app as { stats(): { logic: { frames: number }; entities: { live: number } } } | undefined;
    return app !== undefined && app.stats().logic.frames > 3 && app.stats().entities.live > 0;
  }, undefined, { timeout: 30_000 });
  const error = await page.evaluate(() => (window as unknown as DemoWindow).twinframeDemo?.error);
  expect(error, 'the demo started').toBeUndefined();
  return page;
}

export async function waitFor(page: Page, what: string, predicate: (s: DemoStats) => boolean, timeoutMs = 15_000): Promise<DemoStats> {
  const until = Date.now() + timeoutMs;
  let s = await stats(page);
  while (!predicate(s)) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; last stats ${JSON.stringify(s)}`);
    await page.waitForTimeout(100);
    s = await stats(page);
  }
  return s;
}

/**
 * Waits until incarnation `n` runs: its world is rebuilt and it has run logic frames of its own
 * (input pressed before its reader attached is, by design, not an edge for it).
 */
export async function waitForIncarnation(page: Page, n: number, what: string): Promise<DemoStats> {
  const started = await waitFor(page, what, (x) => x.incarnation >= n);
  return waitFor(page, `${what}: frames of the new incarnation`, (x) => x.live === WORLD && x.logicFrames >= started.logicFrames + 3);
}
