/**
 * Gamepads in Chromium: the page's `navigator.getGamepads` is replaced (before any script runs)
 * by one returning test pads in the W3C standard mapping, and `gamepadconnected` /
 * `gamepaddisconnected` are dispatched as a browser does; createBrowserApp's GamepadPoller copies
 * them into the input state each animation frame, and a ProtogameJS3D-style tree
 * (test/logic/protogame/fixtures/gamepad-tree) flies its camera with controller 0 through
 * `input.isControllerConnected`, `getControllerAxis` and `isControllerButtonPressed` (XInput
 * order). The camera pose is the one the three.js renderer drew. Skipped (with the reason)
 * without Chromium, mandatory with CI=true.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeInBrowser } from '../browser/helpers/browser-suite.ts';
import { closeFixturePage, openFixturePage, type FixturePage } from '../browser/helpers/fixture-page.ts';

interface PageApi {
  lines(): string[];
  problems(): string[];
  error(): string;
  cameraPose(): number[];
  stop(): Promise<void>;
}
interface TestPads {
  connect(index: number, axes: number[], pressed: number[]): void;
  set(index: number, axes: number[], pressed: number[]): void;
  disconnect(index: number): void;
  polls: number;
}
type FixtureWindow = { gamepadPage?: PageApi; testPads: TestPads };

/** Runs in the page before its scripts: a scripted Gamepad API. */
function installTestPads(): void {
  const pads: (object | null)[] = [null, null, null, null];
  const pad = (index: number, axes: number[], pressed: number[]): object => {
    const buttons = [];
    for (let b = 0; b < 17; b++) buttons.push({ pressed: pressed.includes(b), touched: pressed.includes(b), value: pressed.includes(b) ? 1 : 0 });
    return { id: 'twinframe test pad (STANDARD GAMEPAD)', index, connected: true, mapping: 'standard', axes, buttons, timestamp: performance.now() };
  };
  const api = {
    polls: 0,
    connect(index: number, axes: number[], pressed: number[]): void {
      pads[index] = pad(index, axes, pressed);
      window.dispatchEvent(new Event('gamepadconnected'));
    },
    set(index: number, axes: number[], pressed: number[]): void {
      pads[index] = pad(index, axes, pressed);
    },
    disconnect(index: number): void {
      pads[index] = null;
      window.dispatchEvent(new Event('gamepaddisconnected'));
    },
  };
  Object.defineProperty(Navigator.prototype, 'getGamepads', {
    configurable: true,
    value: () => {
      api.polls++;
      return pads.slice();
    },
  });
  (window as unknown as { testPads: typeof api }).testPads = api;
}

describeInBrowser('gamepads in Chromium (protogame host)', () => {
  let fixture: FixturePage | undefined;
  let page: Page;

  const lines = (): Promise<string[]> => page.evaluate(() => (window as unknown as Required<FixtureWindow>).gamepadPage.lines());
  const pose = (): Promise<number[]> => page.evaluate(() => (window as unknown as Required<FixtureWindow>).gamepadPage.cameraPose());
  /** Waits for a console line starting with `prefix`. */
  async function line(prefix: string, ms = 30_000): Promise<void> {
    await page.waitForFunction((t) => (window as unknown as Required<FixtureWindow>).gamepadPage.lines().some((l) => l.startsWith(t)), prefix, { timeout: ms, polling: 50 })
      .catch(async (e: unknown) => {
        throw new Error(`no console line starting with "${prefix}": ${String(e)}\nlines:\n${(await lines()).join('\n')}\nerror: ${await page.evaluate(() => (window as unknown as Required<FixtureWindow>).gamepadPage.error())}`);
      });
  }
  async function poseUntil(test: string, what: string): Promise<number[]> {
    await page.waitForFunction(test, undefined, { timeout: 30_000, polling: 50 }).catch(async (e: unknown) => {
      throw new Error(`camera never ${what}: ${String(e)}; pose ${JSON.stringify(await pose())}\nlines:\n${(await lines()).join('\n')}`);
    });
    return pose();
  }

  beforeAll(async () => {
    fixture = await openFixturePage('test/logic/protogame/fixtures/browser/gamepad.html', 'gamepadPage', {
      viewport: { width: 400, height: 300 },
      prepare: async (page) => {
        await page.addInitScript(installTestPads);
      },
    });
    page = fixture.page;
  });

  afterAll(() => closeFixturePage(fixture, 'gamepadPage'));

  it('does not poll before a pad is announced; a connected pad moves the camera in XInput order', async () => {
    await line('camera-active id=');
    const start = await pose();
    expect(start.slice(0, 3), 'the camera starts at the origin').toEqual([0, 0, 0]);
    const pollsBefore = await page.evaluate(() => (window as unknown as Required<FixtureWindow>).testPads.polls);
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as Required<FixtureWindow>).testPads.polls), 'no getGamepads calls per frame without a pad').toBe(pollsBefore);
    // standard mapping: left stick up is axis 1 = -1; A is button 0, d-pad up button 12
    await page.evaluate(() => (window as unknown as Required<FixtureWindow>).testPads.connect(0, [0, -1, 0, 0], [0, 12]));
    await line('pad connected=true');
    await line('pad button=A up=true'); // XInput button 0 (A) and 11 (d-pad up)
    const forward = await poseUntil('window.gamepadPage.cameraPose()[0] > 2', 'flew forward (x)');
    expect(Math.abs(forward[1]!), 'stick straight up: no sideways drift').toBeLessThan(0.01);
  });

  it('follows the live pad state each frame (stick right flies right, -y) and stops when it disconnects', async () => {
    const before = await pose();
    await page.evaluate(() => (window as unknown as Required<FixtureWindow>).testPads.set(0, [1, 0, 0, 0], []));
    await poseUntil(`window.gamepadPage.cameraPose()[1] < ${before[1]! - 1}`, 'flew right (-y)');
    await page.evaluate(() => (window as unknown as Required<FixtureWindow>).testPads.disconnect(0));
    await line('pad connected=false');
    const stopped = await pose();
    await page.waitForTimeout(400);
    expect((await pose()).slice(0, 3), 'a disconnected pad moves nothing').toEqual(stopped.slice(0, 3));
    expect(await page.evaluate(() => (window as unknown as Required<FixtureWindow>).gamepadPage.problems()), 'no error diagnostics').toEqual([]);
  });
});
