// The viewer draws what the command ring does not carry (issue 16, recording format 2): a real run
// of a ProtogameJS3D script that draws a debug line and a world text (test/fixtures/
// protogame-record-debug) is recorded headless, served by `twinframe replay FILE --view`, and scrubbed
// in Chromium: at each scrubbed tick, back and forth across keyframes, the three.js renderer holds the
// recorded line and text (its debug line and text layers) and the overlay counts them. (Which set a
// tick shows, by its content, is checked in Node: test/engine/recording-drawn-state.test.ts.)
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { describeInBrowser } from './helpers/browser-suite.ts';
import { startReplayViewer, type ReplayViewer } from './helpers/replay-viewer.ts';
import { runHeadless } from '../../src/startup/run-headless.ts';
import { concatBytes } from '../../src/protocol/recording-compression.ts';

interface DrawnWindow {
  twinframeReplay?: {
    ready: Promise<void>;
    timeline?: { frameCount: number; ticks: Int32Array };
    renderer?: { debugLines: { lineCount: number }; debugTexts: { counts: Int32Array } };
    scrubToTick(tick: number): number;
  };
}

describeInBrowser('twinframe replay --view draws the recorded debug set', () => {
  let viewer: ReplayViewer;
  let browser: Browser;
  let url = '';

  beforeAll(async () => {
    const chunks: Uint8Array[] = [];
    await runHeadless(fileURLToPath(new URL('../fixtures/protogame-record-debug/main.js', import.meta.url)), {
      frames: 120, fps: 240, host: 'protogame', flightRecorderSeconds: 0, record: (c) => { chunks.push(c.slice()); },
    });
    viewer = await startReplayViewer(concatBytes(chunks), ['--port', '0']);
    ({ browser, url } = viewer);
  }, 90_000);

  afterAll(async () => {
    await viewer?.close();
  });

  it('shows the debug line and text of the scrubbed tick', async () => {
    const page = await browser.newPage({ viewport: { width: 640, height: 360 } });
    await page.goto(`${url}?antialias=off`);
    await page.evaluate(() => (window as unknown as DrawnWindow).twinframeReplay!.ready);
    const drawnAt = (tick: number): Promise<{ lines: number; texts: number; overlay: string }> => page.evaluate((t) => {
      const v = (window as unknown as DrawnWindow).twinframeReplay!;
      v.scrubToTick(t);
      const counts = v.renderer!.debugTexts.counts;
      return { lines: v.renderer!.debugLines.lineCount, texts: counts[0]! + counts[1]! + counts[2]! + counts[3]!, overlay: document.querySelector('#replay-debug')?.textContent ?? '' };
    }, tick);
    for (const tick of [100, 30, 5, 110]) {
      const drawn = await drawnAt(tick);
      expect(drawn.lines, `tick ${tick}: the recorded line`).toBeGreaterThan(0);
      expect(drawn.texts, `tick ${tick}: the recorded world text`).toBe(1);
      expect(drawn.overlay, `tick ${tick}: the overlay counts the line and the text`).toBe('2 primitive(s)');
    }
    await page.close();
  }, 120_000);
});
