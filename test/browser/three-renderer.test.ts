// ThreeRenderer in a real page (headless Chromium, SwiftShader WebGL2): the pixels of a
// screenshot match the colours and places the seed coordinates ask for.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeInBrowser } from './helpers/browser-suite.ts';
import { launchChromium } from './helpers/chromium.ts';
import { colorDistance, countColor, decodePng, pixelAt } from './helpers/png.ts';
import type { DecodedImage } from './helpers/png.ts';
import { startViteServer } from './helpers/vite-server.ts';
import type { TestServer } from './helpers/vite-server.ts';

interface RendererFixture {
  colourScene(): { removedSlotReused: boolean; live: number[] };
  growthScene(count: number): { live: number; distinctSlots: number };
  screenScene(): void;
  debugLineScene(width: number, count: number): number;
  resize(w: number, h: number): Promise<{ width: number; height: number }>;
  misuse(): Record<string, string>;
}
type FixtureWindow = { rendererFixture: RendererFixture };

const BACKGROUND = [16, 20, 28];
/** sRGB -> linear -> sRGB through 8-bit buffers may move a channel by a step or two. */
const TOLERANCE = 3;

describeInBrowser('ThreeRenderer in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startViteServer(), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 320, height: 240 }, deviceScaleFactor: 1 });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.url}test/browser/fixtures/renderer.html`);
    await page.waitForFunction(() => (window as unknown as Partial<FixtureWindow>).rendererFixture !== undefined, undefined, { timeout: 30_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function shot(): Promise<DecodedImage> {
    return decodePng(await page.locator('#view').screenshot());
  }

  function expectColor(image: DecodedImage, x: number, y: number, want: readonly number[], what: string): void {
    const got = pixelAt(image, x, y);
    expect(colorDistance(got, want), `${what}: pixel (${x}, ${y}) is rgb(${got.join(', ')}), expected rgb(${want.join(', ')})`).toBeLessThanOrEqual(TOLERANCE);
  }

  it('creates a WebGL2 context on SwiftShader', async () => {
    const version = await page.evaluate(() => document.createElement('canvas').getContext('webgl2')?.getParameter(WebGL2RenderingContext.VERSION) as string | undefined);
    expect(version, 'headless Chromium gives a WebGL2 context').toMatch(/^WebGL 2\.0/);
  });

  it('draws instances with their colours where the seed axes put them (X forward, Y left, Z up)', async () => {
    const facts = await page.evaluate(() => (window as unknown as FixtureWindow).rendererFixture.colourScene());
    expect(facts.removedSlotReused, 'a removed slot is handed out again').toBe(true);
    expect(facts.live, 'live instances per mesh type (cube, sphere, plane, grid); hidden ones stay live').toEqual([4, 1, 1, 1]);
    const image = await shot();
    expect([image.width, image.height], 'the canvas is 160x120 at pixel ratio 1').toEqual([160, 120]);
    expectColor(image, 38, 60, [220, 40, 40], 'red cube at seed y=+4 appears on the left');
    expectColor(image, 80, 60, [40, 200, 60], 'green sphere straight ahead appears in the centre');
    expectColor(image, 122, 60, [50, 80, 230], 'blue cube at seed y=-4 appears on the right');
    expectColor(image, 80, 100, [230, 40, 200], 'magenta plane below the horizon appears low');
    expectColor(image, 5, 5, BACKGROUND, 'background in the corner');
    expect(countColor(image, [40, 230, 230], 12), 'the hidden and alpha-0 cyan cubes draw nothing').toBe(0);
    expect(countColor(image, [255, 255, 255], 12, 60, 40, 100, 80), 'the removed white cube draws nothing').toBe(0);
    expect(countColor(image, [250, 250, 250], 12, 0, 0, 160, 25), 'the grid draws lines above').toBeGreaterThan(10);
  });

  it('grows instance capacity without losing instances drawn before the growth', async () => {
    const facts = await page.evaluate(() => (window as unknown as FixtureWindow).rendererFixture.growthScene(40));
    expect(facts, 'every instance kept its own slot').toEqual({ live: 40, distinctSlots: 40 });
    const image = await shot();
    const orange = [250, 150, 20];
    expectColor(image, 44, 39, orange, 'the first cube (drawn before growth)');
    expectColor(image, 116, 81, orange, 'the last cube');
    expect(countColor(image, orange, TOLERANCE), 'about 40 small cubes of ~30 px each').toBeGreaterThan(40 * 15);
  });

  it('draws a screen camera orthographically, one world unit per CSS pixel', async () => {
    await page.evaluate(() => (window as unknown as FixtureWindow).rendererFixture.screenScene());
    const image = await shot();
    expectColor(image, 80, 60, [240, 240, 40], 'the square is centred');
    expectColor(image, 62, 42, [240, 240, 40], 'it reaches 18 px from the centre');
    expectColor(image, 56, 60, BACKGROUND, 'but not 24 px to the left');
    expectColor(image, 80, 84, BACKGROUND, 'nor 24 px below');
  });

  it('draws a debug line wider than 1 pixel wide (LineSegments2), all wide lines in one draw call', async () => {
    const red = async (width: number): Promise<{ pixels: number; calls: number }> => {
      const calls = await page.evaluate((w) => (window as unknown as FixtureWindow).rendererFixture.debugLineScene(w, 1), width);
      return { pixels: countColor(await shot(), [255, 0, 0], 60), calls };
    };
    const thin = await red(1);
    const thick = await red(8);
    expect(thin.pixels, 'the 1-pixel line is drawn').toBeGreaterThan(20);
    // The line spans ~2 x 60 rows of the 120-row canvas: 1 pixel wide ~120 pixels, 8 wide ~960.
    expect(thick.pixels, `8 pixels wide covers far more pixels than 1 (${thick.pixels} vs ${thin.pixels})`).toBeGreaterThan(4 * thin.pixels);
    const many = await page.evaluate(() => (window as unknown as FixtureWindow).rendererFixture.debugLineScene(6, 8));
    expect(many, 'eight wide lines, one draw call (one LineSegments2 for the set)').toBe(1);
    const image = await shot();
    expect(countColor(image, [255, 0, 0], 60), 'and all eight are drawn (side by side, 0.5 units ~5 px apart)').toBeGreaterThan(3 * thick.pixels);
  });

  it('follows the canvas CSS size', async () => {
    const size = await page.evaluate(() => (window as unknown as FixtureWindow).rendererFixture.resize(200, 100));
    expect(size, 'the drawing buffer follows the CSS box at pixel ratio 1').toEqual({ width: 200, height: 100 });
    await page.evaluate(() => (window as unknown as FixtureWindow).rendererFixture.resize(160, 120));
  });

  it('refuses misuse with coded errors', async () => {
    const codes = await page.evaluate(() => (window as unknown as FixtureWindow).rendererFixture.misuse());
    expect(codes, 'each misuse names its code').toEqual({
      removeTwice: 'TF4502', unknownMesh: 'TF4502', badFov: 'TF4502', badCameraType: 'TF4502', badPixelRatio: 'TF4501', 'no WebGL2': 'TF4500',
    });
    expect(errors, 'no uncaught page errors').toEqual([]);
  });
});
