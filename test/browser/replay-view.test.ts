// `twinframe replay FILE --view` end to end: the viewer's command (replayViewCommand, what the CLI's
// --view runs through viewRecording) serves the viewer on a recording made by the real CommandWriter (test/dev/replay-view-synthetic.ts); Chromium loads it,
// scrubs to ticks before and after a keyframe and a restart, and the drawn world matches each tick:
// the three.js renderer's live instances equal the script's entity count there, the overlay shows
// the tick, and the pixels show many entities or few. Play, step and speed move the frame.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeInBrowser } from './helpers/browser-suite.ts';
import { startReplayViewer, type ReplayViewer } from './helpers/replay-viewer.ts';
import { decodePng } from './helpers/png.ts';
import { until } from './helpers/twinframe-cli.ts';
import { encodeRecording } from '../../src/protocol/recording-encoder.ts';
import { syntheticRecording } from '../dev/replay-view-synthetic.ts';

interface ReplayWindow {
  twinframeReplay?: {
    ready: Promise<void>;
    error?: { code: string };
    timeline?: { current: number; frameCount: number };
    playing: boolean;
    scrubToTick(tick: number): number;
    drawnInstances(): number;
    setSpeed(s: number): void;
  };
}

/** Pixels of the canvas that are not the background (16, 20, 28). */
async function drawnPixels(page: Page): Promise<number> {
  const image = decodePng(await page.locator('#view').screenshot());
  let n = 0;
  for (let i = 0; i < image.rgba.length; i += 4) {
    if (Math.abs(image.rgba[i]! - 16) + Math.abs(image.rgba[i + 1]! - 20) + Math.abs(image.rgba[i + 2]! - 28) > 30) n++;
  }
  return n;
}

describeInBrowser('twinframe replay --view', () => {
  const FRAMES = 600;
  const RESTART = 400;
  const s = syntheticRecording({ frames: FRAMES, entities: 40, keyframeEvery: 120, restartAt: RESTART });
  let viewer: ReplayViewer;
  let browser: Browser;
  let url = '';

  beforeAll(async () => {
    viewer = await startReplayViewer(await encodeRecording(s.header, s.events));
    ({ browser, url } = viewer);
  }, 90_000);

  afterAll(async () => {
    await viewer?.close();
  });

  it('scrubs to any tick and draws that tick\'s world', async () => {
    expect(viewer.out, 'the CLI names the recording').toMatch(/600 engine frames, 5 keyframes/);
    const page = await browser.newPage({ viewport: { width: 900, height: 520 } });
    const response = await page.goto(`${url}?shading=unlit`);
    expect(response?.headers()['cross-origin-embedder-policy']).toBe('require-corp');
    await page.evaluate(() => (window as unknown as ReplayWindow).twinframeReplay!.ready);
    expect(await page.evaluate(() => (window as unknown as ReplayWindow).twinframeReplay!.timeline!.frameCount)).toBe(FRAMES);
    // Hide the panels: the pixel count is of the scene alone.
    await page.addStyleTag({ content: '#replay-overlay, #replay-controls { display: none !important; }' });
    const scrubMs: number[] = [];
    // Ticks of the first incarnation (index = tick - 1): before and after keyframes, then after the restart.
    const targets: { tick: number; index: number }[] = [
      { tick: 300, index: 299 }, { tick: 5, index: 4 }, { tick: 241, index: 240 }, { tick: 130, index: 129 },
    ];
    for (const { tick, index } of targets) {
      scrubMs.push(await page.evaluate((t) => (window as unknown as ReplayWindow).twinframeReplay!.scrubToTick(t), tick));
      const drawn = await page.evaluate(() => (window as unknown as ReplayWindow).twinframeReplay!.drawnInstances());
      expect(drawn, `tick ${tick}: instances drawn = the script's entities`).toBe(s.modelAt(index).size);
      expect(await page.locator('#replay-tick').textContent(), `tick ${tick}: the overlay shows it`).toBe(String(tick));
    }
    // Frame index 400 is tick 1 of the restarted logic: one entity. The slider scrubs there.
    await page.addStyleTag({ content: '#replay-controls { display: flex !important; opacity: 0; }' });
    await page.locator('#replay-scrub').fill(String(RESTART));
    expect(await page.evaluate(() => (window as unknown as ReplayWindow).twinframeReplay!.drawnInstances())).toBe(s.modelAt(RESTART).size);
    expect(s.modelAt(RESTART).size).toBe(1);
    expect(await page.locator('#replay-tick').textContent()).toBe('1');
    const fewPixels = await drawnPixels(page);
    scrubMs.push(await page.evaluate(() => (window as unknown as ReplayWindow).twinframeReplay!.scrubToTick(300)));
    const manyPixels = await drawnPixels(page);
    expect(manyPixels, `40 entities cover more of the canvas (${manyPixels} px) than 1 (${fewPixels} px)`).toBeGreaterThan(fewPixels * 5);
    expect(fewPixels, 'the one entity after the restart is drawn').toBeGreaterThan(20);
    console.log(`[replay-view] browser scrub ms: ${scrubMs.map((m) => m.toFixed(1)).join(', ')}`);
    await page.close();
  }, 120_000);

  it('steps, plays at a speed and pauses; shows the diagnostics recorded at a frame', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 520 } });
    await page.goto(url);
    await page.evaluate(() => (window as unknown as ReplayWindow).twinframeReplay!.ready);
    const current = (): Promise<number> => page.evaluate(() => (window as unknown as ReplayWindow).twinframeReplay!.timeline!.current);
    await page.locator('#replay-scrub').fill('46');
    // Tick 47 (index 46) carries a synthetic diagnostic (tick % 40 === 7).
    expect(await page.locator('#replay-diagnostics').textContent()).toContain('synthetic diagnostic at tick 47');
    await page.locator('#replay-step').click();
    expect(await current()).toBe(47);
    await page.locator('#replay-back').click();
    expect(await current()).toBe(46);
    await page.locator('#replay-speed').selectOption('8');
    await page.locator('#replay-play').click();
    await until('playback to move 100 frames', current, (c) => c >= 146, 30_000);
    await page.locator('#replay-play').click();
    const paused = await current();
    await page.waitForTimeout(300);
    expect(await current(), 'paused').toBe(paused);
    await page.close();
  }, 120_000);
});
