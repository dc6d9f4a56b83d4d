/**
 * `replay.scrub_ms.p50` (issue 16, target <= 100): from a scrub request to the drawn frame of a
 * random tick of a 5-minute recording at 60 engine frames a second (18,000 frames, 100 moving
 * entities, a keyframe every 2 s; `--quick`: 1 minute). Measured in Node on the viewer's own path
 * (ReplayTimeline.seek: restore the last keyframe at or before the tick, apply the recorded frames
 * through the engine's CommandReader/EntitySystem, end the frame) with the NullRenderer standing in
 * for three.js; the browser viewer adds one three.js render to this (the Chromium test
 * test/browser/replay-view.test.ts prints its scrub times). The recording is made with the real
 * CommandWriter and round-tripped through the file format first.
 *
 * `replay.browser_scrub_ms.p50`: the same recording served by `twinframe replay FILE --view`
 * (replayViewCommand) and scrubbed in headless Chromium with the three.js renderer on SwiftShader
 * (software WebGL2: a GPU is faster): from the page's scrub request (`twinframeReplay.scrubToTick`:
 * seek, three.js render, the overlay updated) until a 1-pixel readPixels of the canvas returns (the
 * GL work of the frame is done). `replay.browser_frame_ms.p50` is the same frame drawn again with
 * no seek (three.js render + readPixels): SwiftShader's rasterizing alone, most of the figure
 * above on a CPU (a seek and its render calls take about 1-3 ms of it). Chromium is found as test/browser finds it (CHROMIUM_PATH, a
 * system Chromium, the npm package @sparticuz/chromium); without one the case is skipped with the
 * reason printed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BenchContext, BenchSuite } from '../harness.ts';
import { percentile } from '../harness.ts';
import { encodeRecording } from '../../src/protocol/recording-encoder.ts';
import { decodeRecording } from '../../src/protocol/recording-decoder.ts';
import { KeyframeWorld } from '../../src/engine/keyframe-world.ts';
import { NullRenderer } from '../../src/platform/null-renderer.ts';
import { ReplayTimeline } from '../../src/dev/replay-view-timeline.ts';
import { syntheticRecording } from '../../test/dev/replay-view-synthetic.ts';
import { CHROMIUM_ARGS, resolveChromium } from '../../test/browser/helpers/chromium.ts';
import { replayViewCommand } from '../../src/dev/replay-view-command.ts';

/** The same LCG scrub targets for both measures (a fixed seed, so every run asks for the same ticks). */
function scrubTicks(n: number, frames: number): number[] {
  let seed = 16;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    out.push(1 + Math.floor((seed / 2 ** 32) * frames));
  }
  return out;
}

interface ViewerWindow {
  twinframeReplay?: { ready: Promise<void>; error?: { code: string; message: string }; scrubToTick(tick: number): number; renderer?: { render(): void } };
}

/** `replay.browser_scrub_ms.p50` (see the module comment); skipped with the reason when no Chromium starts. */
async function browserScrub(ctx: BenchContext, file: Uint8Array, frames: number, scrubs: number): Promise<void> {
  const skip = (why: string): void => ctx.log(`replay.browser_scrub_ms skipped: ${why}`);
  const { executablePath, reason } = await resolveChromium();
  if (executablePath === undefined) return skip(`no Chromium (${reason})`);
  const dir = mkdtempSync(join(tmpdir(), 'twinframe-scrub-bench-'));
  const path = join(dir, 'run.tfrec');
  writeFileSync(path, file);
  let said = '';
  const started = await replayViewCommand([path, '--view', '--port', '0'], { out: (l) => { said += `${l}\n`; }, err: (l) => { said += `${l}\n`; } });
  if (typeof started === 'number') {
    rmSync(dir, { recursive: true, force: true });
    return skip(`the viewer did not start (exit ${started}): ${said.trim()}`);
  }
  let browser;
  try {
    browser = await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS] });
  } catch (e) {
    await started.close();
    rmSync(dir, { recursive: true, force: true });
    return skip(`Chromium at ${executablePath} did not start (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  }
  try {
    const page = await browser.newPage({ viewport: { width: 960, height: 540 } });
    await page.goto(started.url);
    await page.evaluate(() => (window as unknown as ViewerWindow).twinframeReplay!.ready);
    const ticks = scrubTicks(scrubs + 20, frames);
    const samples = await page.evaluate((targets) => {
      const viewer = (window as unknown as ViewerWindow).twinframeReplay!;
      const canvas = document.querySelector('#view') as HTMLCanvasElement;
      const gl = canvas.getContext('webgl2')!;
      const pixel = new Uint8Array(4);
      const scrub: number[] = [];
      const frame: number[] = [];
      for (const tick of targets) {
        let a = performance.now();
        viewer.scrubToTick(tick);
        // The frame is drawn once its GL work is done: a readPixels waits for it.
        gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
        scrub.push(performance.now() - a);
        // The same frame drawn again with no seek: what SwiftShader's rasterizing alone costs.
        a = performance.now();
        viewer.renderer!.render();
        gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
        frame.push(performance.now() - a);
      }
      return { scrub, frame };
    }, ticks);
    // The first ones warm the JIT and the GL pipeline up.
    const drawn = samples.scrub.slice(20);
    const frame = samples.frame.slice(20);
    ctx.log(`browser scrub ms: p50 ${percentile(drawn, 50).toFixed(2)}, p95 ${percentile(drawn, 95).toFixed(2)}, max ${percentile(drawn, 100).toFixed(2)} over ${drawn.length} random ticks (Chromium, three.js on SwiftShader, 960x540, antialias on); the same frame redrawn without a seek: p50 ${percentile(frame, 50).toFixed(2)} ms`);
    ctx.report('replay.browser_scrub_ms.p50', percentile(drawn, 50), 'ms', { target: '<= 100' });
    ctx.report('replay.browser_frame_ms.p50', percentile(frame, 50), 'ms');
  } finally {
    await browser.close();
    await started.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const suite: BenchSuite = {
  name: 'replay scrub',
  async run(ctx) {
    const seconds = ctx.quick ? 60 : 300;
    const frames = seconds * 60;
    const t0 = performance.now();
    const s = syntheticRecording({ frames, entities: 100, keyframeEvery: 120 });
    const file = await encodeRecording(s.header, s.events);
    const t1 = performance.now();
    const recording = await decodeRecording(file);
    const t2 = performance.now();
    ctx.log(`recording: ${seconds} s, ${frames} frames, ${(file.byteLength / 1e6).toFixed(1)} MB (made in ${((t1 - t0) / 1000).toFixed(1)} s, decoded in ${(t2 - t1).toFixed(0)} ms)`);
    const renderer = new NullRenderer();
    const world = new KeyframeWorld({ renderer, entityCapacity: s.header.entityCapacity, cameraCapacity: s.header.cameraCapacity });
    const timeline = new ReplayTimeline(recording, world);
    const scrubs = ctx.quick ? 100 : 300;
    const samples: number[] = [];
    const ticks = scrubTicks(scrubs + 20, frames);
    for (let i = 0; i < ticks.length; i++) {
      const tick = ticks[i]!;
      const a = performance.now();
      timeline.seek(timeline.indexOfTick(tick));
      renderer.render();
      const ms = performance.now() - a;
      if (i >= 20) samples.push(ms); // the first ones warm the JIT up
    }
    if (timeline.hashMismatches !== 0) throw new Error(`replay scrub bench: ${timeline.hashMismatches} scrubs showed a world whose hash differs from the recorded one`);
    ctx.log(`scrub ms: p50 ${percentile(samples, 50).toFixed(2)}, p95 ${percentile(samples, 95).toFixed(2)}, max ${percentile(samples, 100).toFixed(2)} over ${samples.length} random ticks (Node, NullRenderer)`);
    ctx.report('replay.scrub_ms.p50', percentile(samples, 50), 'ms', { target: '<= 100' });
    if (ctx.wants('browser')) await browserScrub(ctx, file, frames, ctx.quick ? 40 : 100);
  },
};

export default suite;
