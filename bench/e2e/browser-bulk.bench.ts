/**
 * browser.bulk.entities_100000.engine_frame_ms.p99: the engine's JavaScript work per frame (the App's
 * own frame time: apply, render including three.js and its WebGL calls, publish) in headless
 * Chromium with the three.js renderer, while the logic moves 100,000 entities every frame through
 * the bulk path (test/fixtures/games/bulk-grid.ts on test/browser/fixtures/bulk.html, 320 x 240
 * canvas, unlit). They are planes (4 vertices each, seen edge-on): SwiftShader's vertex work for
 * 100,000 cubes (24 vertices each) takes seconds a frame on this machine, and the WebGL calls then
 * wait for the GPU process, which would put the software GPU's time into the engine's figure. WebGL2 is SwiftShader (software) here: the GPU's own work runs in Chromium's GPU process
 * and is not in this figure, but it paces requestAnimationFrame, so frames are fewer than 60 a second.
 * Chromium is found as the browser tests find it (test/browser/helpers/chromium.ts: CHROMIUM_PATH, a
 * system Chromium, then @sparticuz/chromium); without one the case is skipped with the reason.
 * Run alone with `npm run bench -- --only browser` (or `--only e2e --case browser`).
 */
import type { BenchContext, BenchSuite } from '../harness.ts';
import { CHROMIUM_ARGS, resolveChromium } from '../../test/browser/helpers/chromium.ts';
import { startViteServer } from '../../test/browser/helpers/vite-server.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface PageStats {
  error?: string;
  live: number;
  waiting: number;
  publishes: number;
  frames: number;
  logicFrames: number;
  elapsedMs: number;
  p50: number;
  p99: number;
  render: number;
  apply: number;
  publish: number;
  /** Every phase's p50 and p99 (ms), as `name p50/p99`. */
  phases: string;
  renderer: string;
}

async function browserBulk(ctx: BenchContext, count: number): Promise<void> {
  const { executablePath, reason } = await resolveChromium();
  if (executablePath === undefined) {
    ctx.log(`browser.bulk skipped: no Chromium (${reason})`);
    return;
  }
  const { chromium } = await import('playwright-core');
  let browser;
  try {
    browser = await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS] });
  } catch (e) {
    ctx.log(`browser.bulk skipped: Chromium at ${executablePath} did not start (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
    return;
  }
  const server = await startViteServer();
  try {
    const page = await browser.newPage({ viewport: { width: 400, height: 300 }, deviceScaleFactor: 1 });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.url}test/browser/fixtures/bulk.html?count=${count}&mesh=plane`);
    const read = (): Promise<PageStats> => page.evaluate(() => {
      type S = {
        entities: { live: number }; callbacks: { waiting: number }; bulk: { publishes: number }; logic: { frames: number }; elapsed_ms: number;
        engine: { frames: number; frame_ms: { p50: number; p99: number }; phase_ms: Record<string, { p50: number; p99: number }> };
      };
      const f = (window as unknown as { bulkFixture?: { app?: { stats(): S; renderer: { webgl: { getContext(): WebGL2RenderingContext } } }; error?: string } }).bulkFixture;
      const s = f?.app?.stats();
      let renderer = 'unknown';
      const gl = f?.app?.renderer.webgl.getContext();
      const info = gl?.getExtension('WEBGL_debug_renderer_info');
      if (gl && info) renderer = String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL));
      return {
        error: f?.error, live: s?.entities.live ?? 0, waiting: s?.callbacks.waiting ?? 0, publishes: s?.bulk.publishes ?? 0,
        frames: s?.engine.frames ?? 0, logicFrames: s?.logic.frames ?? 0, elapsedMs: s?.elapsed_ms ?? 0,
        p50: s?.engine.frame_ms.p50 ?? 0, p99: s?.engine.frame_ms.p99 ?? 0,
        render: s?.engine.phase_ms['render']?.p50 ?? 0, apply: s?.engine.phase_ms['apply']?.p50 ?? 0, publish: s?.engine.phase_ms['publish']?.p50 ?? 0, renderer,
        phases: s === undefined ? '' : Object.entries(s.engine.phase_ms).map(([k, v]) => `${k} ${v.p50.toFixed(2)}/${v.p99.toFixed(2)}`).join(', '),
      };
    });
    const t0 = performance.now();
    let s = await read();
    while (s.error === undefined && !(s.live >= count && s.waiting === 0 && s.publishes >= 10) && performance.now() - t0 < 120_000) {
      await sleep(250);
      s = await read();
    }
    if (s.error !== undefined || s.live < count) {
      ctx.log(`browser.bulk ${count}: the page did not get ready (${s.error ?? `${s.live} of ${count} entities after ${((performance.now() - t0) / 1000).toFixed(0)} s`}${errors.length > 0 ? `; ${errors[0]}` : ''})`);
      return;
    }
    const readyMs = performance.now() - t0;
    await sleep(ctx.quick ? 500 : 1500);
    await page.evaluate(() => (window as unknown as { bulkFixture: { resetTimings(): void } }).bulkFixture.resetTimings());
    const before = await read();
    // At least `want` frames (the software GPU may pace them far below 60 a second), within a cap.
    const want = ctx.quick ? 20 : 60;
    const t1 = performance.now();
    const cap = ctx.quick ? 45_000 : 120_000;
    do {
      await sleep(500);
      s = await read();
    } while ((s.frames - before.frames < want || performance.now() - t1 < (ctx.quick ? 3000 : 8000)) && performance.now() - t1 < cap);
    const frames = s.frames - before.frames;
    const seconds = (s.elapsedMs - before.elapsedMs) / 1000;
    ctx.log(`browser bulk ${count} (Chromium headless, WebGL2 on ${s.renderer}: software rendering, SwiftShader here): ready after ${readyMs.toFixed(0)} ms; ` +
      `engine JS p50 ${s.p50.toFixed(2)} ms p99 ${s.p99.toFixed(2)} ms (apply p50 ${s.apply.toFixed(2)}, render p50 ${s.render.toFixed(2)}, publish p50 ${s.publish.toFixed(2)} ms; every phase p50/p99: ${s.phases}) over ${frames} frames ` +
      `(${(frames / seconds).toFixed(1)} fps; logic ${((s.logicFrames - before.logicFrames) / seconds).toFixed(1)} fps)${errors.length > 0 ? `; page errors: ${errors.join('; ')}` : ''}`);
    ctx.report(`browser.bulk.entities_${count}.engine_frame_ms.p99`, s.p99, 'ms', { target: '<= 8 (SwiftShader)' });
  } finally {
    await browser.close();
    await server.close();
  }
}

const suite: BenchSuite = {
  name: 'browser (Chromium, three.js)',
  async run(ctx: BenchContext) {
    if (ctx.wants('browser.bulk.entities_100000.')) await browserBulk(ctx, 100000);
  },
};
export default suite;
