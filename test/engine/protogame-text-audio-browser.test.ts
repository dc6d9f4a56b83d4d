/**
 * Debug text and audio of a ProtogameJS3D script tree in Chromium (three.js, Web Audio): the tree
 * test/fixtures/protogame-text-audio run by createBrowserApp with host 'protogame' and its data root.
 * The screenshot shows the red world text left of centre, the green billboard text right of it, the
 * blue screen text at the bottom-left and the yellow message at the top-left, each in its colour;
 * after a click (the autoplay unlock) the looping tone plays (the master analyser shows non-silent
 * output), the missing file is a TF3030 diagnostic, and an OfflineAudioContext rendering of the WAV
 * through the same WebAudioSink is non-silent. Skipped (with the reason) without Chromium,
 * mandatory with CI=true.
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
  stats(): { debug: { texts: number }; audio: { sounds: number; calls: Record<string, number> } } | null;
  audio(): { state: string; rms: number };
  offline(path: string): Promise<{ rms: number; failed: number; diagnostics: string[] }>;
  suspendedSink(): Promise<void>;
  suspended(): { state: string; rms: number };
  diagnostics: { code: string; severity: string; message: string }[];
  stop(): Promise<void>;
}
type FixtureWindow = { textAudioPage?: PageApi };

describeInBrowser('debug text and audio of a protogame tree in Chromium', () => {
  let fixture: FixturePage | undefined;
  let page: Page;

  async function state(): Promise<string> {
    return page.evaluate(() => {
      const p = (window as unknown as Required<{ textAudioPage: { stats(): unknown; error(): string; diagnostics: unknown } }>).textAudioPage;
      return JSON.stringify({ stats: p.stats(), error: p.error(), diagnostics: p.diagnostics });
    });
  }

  async function shot(): Promise<DecodedImage> {
    await page.evaluate(() => new Promise<void>((resolve) => { let n = 0; const f = (): void => { if (++n >= 4) resolve(); else requestAnimationFrame(f); }; requestAnimationFrame(f); }));
    return decodePng(await page.locator('#view').screenshot());
  }

  beforeAll(async () => {
    fixture = await openFixturePage('test/fixtures/protogame-text-audio/browser/text-audio-page.html', 'textAudioPage', { viewport: { width: 400, height: 300 }, deviceScaleFactor: 1 });
    page = fixture.page;
  });

  afterAll(() => closeFixturePage(fixture, 'textAudioPage'));

  it('draws world, billboard and screen text and the message where they are, in their colours', async () => {
    await page.waitForFunction(() => {
      const p = (window as unknown as Required<{ textAudioPage: { stats(): { debug: { texts: number } } | null } }>).textAudioPage;
      return p.stats()?.debug.texts === 5;
    }, undefined, { timeout: 30_000, polling: 50 }).catch(async (e: unknown) => { throw new Error(`texts never arrived: ${String(e)}\n${await state()}`); });
    const image = await shot();
    expect([image.width, image.height]).toEqual([320, 240]);
    // The camera is at the origin looking along seed +X (60 degree fov, 320 x 240): 'WORLD' at seed
    // (10, 3, 0) is centred near x 98 on the horizon, 'BILL' at (10, -3, 0) near x 222.
    expect(countColor(image, [255, 0, 0], 60, 40, 95, 160, 145), 'red world text left of centre').toBeGreaterThan(40);
    expect(countColor(image, [255, 0, 0], 60, 165, 0, 320, 240), 'and no red right of centre').toBe(0);
    expect(countColor(image, [0, 255, 0], 60, 165, 95, 290, 145), 'green billboard text right of centre').toBeGreaterThan(40);
    expect(countColor(image, [0, 255, 0], 60, 0, 0, 160, 240), 'and no green left of centre').toBe(0);
    // 'SCREEN': 48 px glyphs at pixel (20, 20) from the bottom-left, i.e. rows 172-220 from the top.
    expect(countColor(image, [0, 0, 255], 60, 15, 168, 220, 225), 'blue screen text at the bottom-left').toBeGreaterThan(60);
    expect(countColor(image, [0, 0, 255], 60, 0, 0, 320, 150), 'and no blue above it').toBe(0);
    // The message list: top-left.
    expect(countColor(image, [255, 255, 0], 60, 0, 0, 170, 40), 'yellow message at the top-left').toBeGreaterThan(20);
    expect(countColor(image, [255, 255, 0], 60, 0, 60, 320, 240), 'and no yellow below it').toBe(0);
  });

  it('plays the looping tone, and reports the missing file', async () => {
    await page.waitForFunction(() => {
      const p = (window as unknown as Required<{ textAudioPage: { stats(): { audio: { sounds: number } } | null } }>).textAudioPage;
      return p.stats()?.audio.sounds === 3;
    }, undefined, { timeout: 30_000, polling: 50 });
    // (Headless Chromium does not hold contexts suspended until a gesture; the next test checks the unlock.)
    await page.locator('#view').click();
    await page.waitForFunction(() => {
      const p = (window as unknown as Required<{ textAudioPage: { audio(): { rms: number } } }>).textAudioPage;
      return p.audio().rms > 0.01;
    }, undefined, { timeout: 30_000, polling: 50 }).catch(async (e: unknown) => {
      const audio = await page.evaluate(() => (window as unknown as Required<{ textAudioPage: { audio(): unknown } }>).textAudioPage.audio());
      throw new Error(`no sound: ${String(e)}; audio ${JSON.stringify(audio)}\n${await state()}`);
    });
    const audio = await page.evaluate(() => (window as unknown as Required<FixtureWindow>).textAudioPage.audio());
    expect(audio.state, 'the click resumed the context').toBe('running');
    expect(audio.rms, 'non-silent output').toBeGreaterThan(0.01);
    await page.waitForFunction(() => (window as unknown as Required<{ textAudioPage: { diagnostics: { code: string }[] } }>).textAudioPage.diagnostics.some((d) => d.code === 'TF3030'), undefined, { timeout: 30_000, polling: 50 });
    const diagnostics = await page.evaluate(() => (window as unknown as Required<FixtureWindow>).textAudioPage.diagnostics);
    const missing = diagnostics.filter((d) => d.code === 'TF3030');
    expect(missing, 'the missing file, once').toHaveLength(1);
    expect(missing[0]!.message).toContain('"Data/Audio/Missing.mp3"');
    expect(missing[0]!.message).toContain('HTTP 404');
    expect(diagnostics.filter((d) => d.severity === 'error' || d.severity === 'fatal')).toEqual([]);
  });

  it('resumes a suspended AudioContext on the first gesture (the autoplay unlock) and only then plays', async () => {
    await page.evaluate(() => (window as unknown as Required<FixtureWindow>).textAudioPage.suspendedSink());
    const before = await page.evaluate(() => (window as unknown as Required<FixtureWindow>).textAudioPage.suspended());
    expect(before.state, 'suspended before any gesture').toBe('suspended');
    await page.waitForTimeout(300);
    expect((await page.evaluate(() => (window as unknown as Required<FixtureWindow>).textAudioPage.suspended())).rms, 'silent while suspended').toBe(0);
    await page.locator('#view').click();
    await page.waitForFunction(() => {
      const p = (window as unknown as Required<{ textAudioPage: { suspended(): { state: string; rms: number } } }>).textAudioPage;
      const s = p.suspended();
      return s.state === 'running' && s.rms > 0.01;
    }, undefined, { timeout: 30_000, polling: 50 });
  });

  it('renders the WAV non-silent through the sink on an OfflineAudioContext; a missing path renders silence and is reported', async () => {
    const played = await page.evaluate(() => (window as unknown as Required<FixtureWindow>).textAudioPage.offline('Data/Audio/Tone.wav'));
    expect(played.failed).toBe(0);
    expect(played.rms, 'the tone (amplitude ~0.49, RMS ~0.35 over its 0.5 s of the 1 s rendering)').toBeGreaterThan(0.1);
    const silent = await page.evaluate(() => (window as unknown as Required<FixtureWindow>).textAudioPage.offline('Data/Audio/Nope.wav'));
    expect(silent.failed).toBe(1);
    expect(silent.rms).toBe(0);
    expect(silent.diagnostics[0]).toMatch(/^TF3030 audio\.createOrGetSound: sound 1 could not be loaded; got path "Data\/Audio\/Nope\.wav"/);
  });
});
