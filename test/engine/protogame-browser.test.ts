/**
 * The 'protogame' host in Chromium: the same ProtogameJS3D-style script tree as
 * protogame-app-worker.test.ts, run by createBrowserApp with a module Worker, the Vite dev server
 * serving main.js and its relative imports, the three.js renderer, and real keyboard events mapped
 * to Windows virtual-key codes. Skipped (with the reason) without Chromium, mandatory with CI=true.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeInBrowser } from '../browser/helpers/browser-suite.ts';
import { closeFixturePage, openFixturePage, type FixturePage } from '../browser/helpers/fixture-page.ts';

interface Snapshot { x: number; y: number; z: number; r: number; g: number; b: number; a: number }
interface PageApi {
  lines(): string[];
  error(): string;
  readEntity(id: number): Snapshot | null;
  entityIds(): number[];
  cameras(): { live: number; active: number };
  diagnostics: { code: string; severity: string; message: string; phase: string; file: string }[];
  stop(): Promise<void>;
}
type FixtureWindow = { protogamePage?: PageApi };

describeInBrowser("the 'protogame' host in Chromium", () => {
  let fixture: FixturePage | undefined;
  let page: Page;

  const lines = (): Promise<string[]> => page.evaluate(() => (window as unknown as Required<FixtureWindow>).protogamePage.lines());
  async function line(prefix: string, ms = 30_000): Promise<string> {
    await page.waitForFunction(
      (p) => (window as unknown as Required<FixtureWindow>).protogamePage.lines().some((l) => l.startsWith(p)),
      prefix, { timeout: ms, polling: 50 },
    ).catch(async (e: unknown) => {
      throw new Error(`no console line starting with "${prefix}": ${String(e)}\nlines:\n${(await lines()).join('\n')}\nerror: ${await page.evaluate(() => (window as unknown as Required<FixtureWindow>).protogamePage.error())}`);
    });
    return (await lines()).find((l) => l.startsWith(prefix))!;
  }
  const field = (l: string, name: string): string => new RegExp(`${name}=(\\S*)`).exec(l)?.[1] ?? '';

  beforeAll(async () => {
    fixture = await openFixturePage('test/logic/protogame/fixtures/browser/protogame.html', 'protogamePage', { viewport: { width: 400, height: 300 } });
    page = fixture.page;
  });

  afterAll(() => closeFixturePage(fixture, 'protogamePage'));

  it('loads main.js and its relative imports in the worker and creates entities and a camera through callbacks', async () => {
    await line('main: loaded');
    const ball = await line('entity-created name=ball');
    const id = Number(field(ball, 'id'));
    expect(id).toBeGreaterThan(0);
    expect(field(ball, 'callbackId')).toBe(field(ball, 'returned'));
    const camera = await line('camera-active');
    await line('camera-moved');
    const e = await page.evaluate((i) => (window as unknown as Required<FixtureWindow>).protogamePage.readEntity(i), id);
    expect(e).toMatchObject({ x: -4, y: 5, z: 6, r: 10, g: 20, b: 30, a: 200 });
    expect(await page.evaluate(() => (window as unknown as Required<FixtureWindow>).protogamePage.cameras())).toMatchObject({ live: 1, active: Number(field(camera, 'id')) });
  });

  it('gives the scripts keyboard events as Windows virtual-key codes', async () => {
    const cubeId = Number(field(await line('entity-created name=cube'), 'id'));
    await page.keyboard.down('KeyW');
    expect(field(await line('key-pressed vk=87'), 'down')).toBe('true');
    await page.keyboard.up('KeyW');
    await line('key-released vk=87');
    await page.keyboard.press('ArrowLeft');
    await line('key-pressed vk=37');
    await page.keyboard.press('Space');
    await line('key-pressed vk=32');
    await page.waitForFunction(
      (i) => (window as unknown as Required<FixtureWindow>).protogamePage.readEntity(i)?.x === 2,
      cubeId, { timeout: 10_000, polling: 50 },
    );
    expect(await page.evaluate((i) => (window as unknown as Required<FixtureWindow>).protogamePage.readEntity(i), cubeId)).toMatchObject({ x: 2, g: 255 });
  });

  it('runs the clock and argument checks as in Node, with no script error', async () => {
    const paused = await line('clock paused');
    const still = await line('clock still-paused');
    expect(field(still, 'total')).toBe(field(paused, 'total'));
    expect(await line('argerror label=createMesh4')).toContain('code=TF5500');
    const diagnostics = await page.evaluate(() => (window as unknown as Required<FixtureWindow>).protogamePage.diagnostics);
    expect(diagnostics.filter((d) => d.code === 'TF5001' || d.code === 'TF5041' || d.severity === 'fatal')).toEqual([]);
  });
});
