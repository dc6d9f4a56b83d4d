/**
 * Issue 17's "the game is heard": `audio.createOrGetSound("Data/Audio/TestSound.mp3", "Sound2D")`
 * in a ProtogameJS3D-style tree (test/fixtures/protogame-audio-heard) run by createBrowserApp in
 * Chromium plays the file through the runtime's WebAudioSink, and what comes out is the file's
 * tone: non-silent, loudest at its frequency. The files are pure tones generated here (the MP3 by
 * LAME and the Ogg Vorbis by libvorbis, both from wasm-media-encoders; the WAV written directly), a
 * different frequency each, served through the page's network under the data root. Two
 * measurements: the live AudioContext's master analyser after the autoplay unlock (the tree's own
 * looping playback), and an OfflineAudioContext rendering of each format through a WebAudioSink
 * (exact, no device). Skipped (with the reason) without Chromium, mandatory with CI=true.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeInBrowser } from '../browser/helpers/browser-suite.ts';
import { closeFixturePage, openFixturePage, type FixturePage } from '../browser/helpers/fixture-page.ts';
import { toneMp3, toneOgg, toneWav, type Tone } from '../helpers/tone-audio.ts';

/** The tree's sound: 440 Hz, looped by the tree (1 s). */
const MP3_LIVE: Tone = { hz: 440, seconds: 1, amplitude: 0.5, sampleRate: 44100 };
/** One tone per format for the offline renderings (0.5 s each, measured over their first 0.4 s). */
const MP3: Tone = { hz: 440, seconds: 0.5, amplitude: 0.5, sampleRate: 44100 };
const WAV: Tone = { hz: 550, seconds: 0.5, amplitude: 0.5, sampleRate: 44100 };
const OGG: Tone = { hz: 660, seconds: 0.5, amplitude: 0.5, sampleRate: 44100 };
/**
 * Expected RMS of a 0.5 amplitude sine (0.354) after the Sound2D graph: a mono source through a
 * StereoPannerNode at balance 0 is equal-power (x cos(pi/4) per channel), down-mixed to one
 * channel by averaging: 0.25. The bound leaves room for the codecs and the analyser's window.
 */
const MIN_RMS = 0.1;

interface Heard {
  readonly state: string;
  readonly sampleRate: number;
  readonly rms: number;
  readonly peakHz: number;
}
interface PageApi {
  lines(): string[];
  error(): string;
  live(): Heard | null;
  offline(path: string, seconds: number): Promise<Heard & { failed: number; diagnostics: string[] }>;
  diagnostics: { code: string; severity: string; message: string }[];
  stop(): Promise<void>;
}
type FixtureWindow = { audioHeardPage?: PageApi };

describeInBrowser('a protogame tree heard in Chromium: a generated tone MP3 (and WAV, Ogg) through the WebAudioSink', () => {
  let fixture: FixturePage | undefined;
  let page: Page;

  const api = <T>(fn: (p: PageApi) => T | Promise<T>): Promise<T> =>
    page.evaluate(`(${fn.toString()})(window.audioHeardPage)`) as Promise<T>;

  beforeAll(async () => {
    const [live, mp3, ogg] = await Promise.all([toneMp3(MP3_LIVE), toneMp3(MP3), toneOgg(OGG)]);
    const files: Record<string, { type: string; body: Buffer }> = {
      'TestSound.mp3': { type: 'audio/mpeg', body: Buffer.from(live) },
      'Tone440.mp3': { type: 'audio/mpeg', body: Buffer.from(mp3) },
      'Tone550.wav': { type: 'audio/wav', body: Buffer.from(toneWav(WAV)) },
      'Tone660.ogg': { type: 'audio/ogg', body: Buffer.from(ogg) },
    };
    fixture = await openFixturePage('test/fixtures/protogame-audio-heard/browser/audio-heard-page.html', 'audioHeardPage', {
      viewport: { width: 400, height: 300 },
      deviceScaleFactor: 1,
      prepare: async (page) => {
        await page.route('**/protogame-audio-heard/Data/Audio/*', (route) => {
          const file = files[new URL(route.request().url()).pathname.split('/').pop()!];
          return file === undefined ? route.fulfill({ status: 404, body: '' }) : route.fulfill({ status: 200, contentType: file.type, body: file.body });
        });
      },
    });
    page = fixture.page;
  });

  afterAll(() => closeFixturePage(fixture, 'audioHeardPage'));

  it('createOrGetSound("Data/Audio/TestSound.mp3", "Sound2D") is heard: the live output is loud and peaks at the tone', async () => {
    await page.waitForFunction(() => (window as unknown as Required<FixtureWindow>).audioHeardPage.lines().some((l) => l.includes('audio-heard started')),
      undefined, { timeout: 30_000, polling: 50 })
      .catch(async (e: unknown) => {
        throw new Error(`the tree never started its sound: ${String(e)}\n${JSON.stringify(await api((p) => ({ error: p.error(), diagnostics: p.diagnostics })))}`);
      });
    await page.locator('#view').click(); // the autoplay unlock a player gives
    // Loud and at the tone in the same analyser window (the loop restarts with a 5 ms fade: a
    // window there is quieter, so wait for one that is not).
    let last: Heard | null = null;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      last = await api((p) => p.live());
      const bin = last === null ? 0 : last.sampleRate / 2048;
      if (last !== null && last.rms > MIN_RMS && Math.abs(last.peakHz - MP3_LIVE.hz) <= 2 * bin) break;
      await page.waitForTimeout(50);
    }
    const info = JSON.stringify({ last, diagnostics: await api((p) => p.diagnostics) });
    expect(last, `the sink made its AudioContext; ${info}`).not.toBeNull();
    const heard = last!;
    console.log(`live: ${JSON.stringify(heard)}`);
    expect(heard.state, `the context runs; ${info}`).toBe('running');
    expect(heard.rms, `non-silent output (expected ~0.25); ${info}`).toBeGreaterThan(MIN_RMS);
    // one analyser bin is sampleRate / fftSize (2048): ~22-23 Hz
    expect(Math.abs(heard.peakHz - MP3_LIVE.hz), `the loudest bin is the tone's (${MP3_LIVE.hz} Hz), within 2 bins; ${info}`).toBeLessThanOrEqual(2 * (heard.sampleRate / 2048));
    const problems = (await api((p) => p.diagnostics)).filter((d) => d.severity === 'error' || d.severity === 'fatal' || d.code === 'TF3030');
    expect(problems, 'no load failure, no error').toEqual([]);
  });

  for (const [format, path, tone] of [['MP3', 'Data/Audio/Tone440.mp3', MP3], ['WAV', 'Data/Audio/Tone550.wav', WAV], ['Ogg Vorbis', 'Data/Audio/Tone660.ogg', OGG]] as const) {
    it(`an offline rendering of the ${format} tone through the sink is non-silent and peaks at ${tone.hz} Hz`, async () => {
      const heard = await page.evaluate(([p, s]) => (window as unknown as Required<FixtureWindow>).audioHeardPage.offline(p, s), [path, 0.4] as const);
      const info = JSON.stringify(heard);
      console.log(`offline ${format}: ${info}`);
      expect(heard.failed, `decoded; ${info}`).toBe(0);
      expect(heard.rms, `non-silent (expected ~0.25); ${info}`).toBeGreaterThan(MIN_RMS);
      // a 0.4 s window resolves 2.5 Hz; the scan steps 2 Hz
      expect(Math.abs(heard.peakHz - tone.hz), `peaks at the file's tone, ${tone.hz} Hz; ${info}`).toBeLessThanOrEqual(6);
    });
  }

  it('a missing file renders silence and is reported (the measurement can tell silence from sound)', async () => {
    const heard = await page.evaluate(() => (window as unknown as Required<FixtureWindow>).audioHeardPage.offline('Data/Audio/Missing.ogg', 0.4));
    expect(heard.failed).toBe(1);
    expect(heard.rms).toBe(0);
    expect(heard.diagnostics[0]).toMatch(/^TF3030 .*"Data\/Audio\/Missing\.ogg"/);
  });
});
