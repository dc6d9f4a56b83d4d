// Record from the browser overlay (issue 16), end to end: `twinframe dev` serves a game from a
// temp folder, Chromium loads the built-in page, the overlay's record button starts a recording and
// then offers it as a download; the file (fetched from the page) decodes in Node with the logic's
// facts from tick 1. A game error makes the flight recorder offer its file in the same list.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeInBrowser } from './helpers/browser-suite.ts';
import { startDevGame, until, type DevGame, type DevProcess } from './helpers/twinframe-cli.ts';
import { decodeRecording } from '../../src/protocol/recording-decoder.ts';
import { createTickFacts, forEachRecord, readTickFactsOf } from '../../src/protocol/logic-facts.ts';
import { replayRecording } from '../../src/startup/replay-driver.ts';
import { replayViewCommand } from '../../src/dev/replay-view-command.ts';
import type { DevServer } from '../../src/dev/dev-server.ts';

/** A typed game with no imports: a cube moved by Math.random every frame; it throws once at tick 400. */
const GAME = `// a test game outside the repository
let cube: any;
const move = { x: 0, y: 0, z: 0 };
export default {
  setup(ctx: any) {
    const camera = ctx.cameras.create({ x: -10, y: 0, z: 0 }, { yaw: 0, pitch: 0, roll: 0 }, 'world');
    ctx.cameras.lookAt(camera, { x: 0, y: 0, z: 0 });
    ctx.cameras.setActive(camera);
    cube = ctx.entities.createMesh('cube', { x: 0, y: 0, z: 0 }, 2, { r: 200, g: 200, b: 200, a: 255 });
  },
  update(ctx: any) {
    move.y = (Math.random() - 0.5) * 0.01;
    ctx.entities.moveBy(cube, move);
    if (ctx.time.tick === 400) throw new Error('boom at 400');
  },
};
`;

type PageWindow = { twinframePage?: { app?: { stats(): { logic: { frames: number } } } } };

/** The bytes behind the overlay's download links, newest first, with their names. */
function downloads(page: Page): Promise<{ name: string; bytes: number[] }[]> {
  return page.evaluate(async () => {
    const links = Array.from(document.querySelectorAll<HTMLAnchorElement>('[data-downloads] a'));
    return Promise.all(links.map(async (a) => ({ name: a.download, bytes: Array.from(new Uint8Array(await (await fetch(a.href)).arrayBuffer())) })));
  });
}

function ticksOf(events: Awaited<ReturnType<typeof decodeRecording>>['events']): number[] {
  const t = createTickFacts();
  const ticks: number[] = [];
  for (const e of events) {
    if (e.kind !== 'frame') continue;
    forEachRecord(e.records, (op, _type, off, len) => { if (readTickFactsOf(e.records, op, off, len, t)) ticks.push(t.tick); });
  }
  return ticks;
}

describeInBrowser('recording from the overlay', () => {
  let game: DevGame;
  let browser: Browser;
  let dir: string;
  let dev: DevProcess;

  beforeAll(async () => {
    game = await startDevGame(GAME);
    ({ browser, dir, dev } = game);
  }, 90_000);

  afterAll(async () => {
    await game?.close();
  });

  it('records with the button, offers the file, and offers the flight recording of an error', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 600 } });
    await page.goto(`${dev.url}?shading=unlit`);
    const frames = (): Promise<number> => page.evaluate(() => (window as unknown as PageWindow).twinframePage?.app?.stats().logic.frames ?? 0);
    await until('the game to run 60 frames', frames, (n) => n >= 60);
    const button = page.locator('[data-record]');
    await button.click();
    expect(await button.getAttribute('aria-pressed'), 'recording').toBe('true');
    const from = await frames();
    await until('60 more frames', frames, (n) => n >= from + 60);
    await button.click();
    const list = await until('the recording offered', () => downloads(page), (d) => d.length >= 1);
    expect(await button.getAttribute('aria-pressed'), 'stopped').toBe('false');
    const recording = list.find((d) => !d.name.startsWith('twinframe-flight-'))!;
    expect(recording.name).toMatch(/^twinframe-.*\.tfrec$/);
    const file = await decodeRecording(new Uint8Array(recording.bytes));
    expect(file.truncatedAt, 'a complete file').toBeNull();
    const ticks = ticksOf(file.events);
    expect(ticks.slice(0, 100), 'the facts from the first tick (the flight recorder held them)').toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    // Tick 400 throws: the flight recorder's file joins the list.
    const flight = await until('the flight recording offered', () => downloads(page), (d) => d.some((x) => x.name.startsWith('twinframe-flight-')), 60_000);
    const f = flight.find((x) => x.name.startsWith('twinframe-flight-'))!;
    expect(f.name).toContain('TF5001-tick400');
    const ff = await decodeRecording(new Uint8Array(f.bytes));
    expect(ff.header.kind).toBe('flight');
    expect(ticksOf(ff.events).slice(0, 400), 'every tick through the error').toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
    await page.close();

    // The browser's files replay in Node (issue 16): the overlay's recording tick for tick, the
    // flight recording up to the same error at the same tick.
    const game = join(dir, 'game.ts');
    const replayed = await replayRecording(file, { game });
    expect(replayed.divergence, JSON.stringify(replayed.divergence)).toBeNull();
    expect(replayed.ticks).toBe(ticks.length);
    const crashed = await replayRecording(ff, { game });
    expect(crashed.divergence, JSON.stringify(crashed.divergence)).toBeNull();
    expect(crashed.errors.map((e) => `${e.code}@${e.tick}`), 'the error again, at its tick').toContain('TF5001@400');

    // ...and the overlay's recording scrubs in the viewer: each tick's drawn world is its one cube.
    const path = join(dir, recording.name);
    writeFileSync(path, new Uint8Array(recording.bytes));
    let out = '';
    const io = { out: (l: string) => void (out += `${l}\n`), err: (l: string) => void (out += `${l}\n`) };
    const viewer = await replayViewCommand([path, '--view'], io);
    if (typeof viewer === 'number') throw new Error(`the viewer did not start (exit ${viewer}): ${out}`);
    const server: DevServer = viewer;
    try {
      const view = await browser.newPage({ viewport: { width: 900, height: 520 } });
      await view.goto(`${server.url}?shading=unlit`);
      type ViewWindow = { twinframeReplay?: { ready: Promise<void>; scrubToTick(t: number): number; drawnInstances(): number } };
      await view.evaluate(() => (window as unknown as ViewWindow).twinframeReplay!.ready);
      const last = ticks[ticks.length - 1]!;
      for (const tick of [last, 1, Math.floor(last / 2)]) {
        await view.evaluate((t) => (window as unknown as ViewWindow).twinframeReplay!.scrubToTick(t), tick);
        expect(await view.locator('#replay-tick').textContent(), `scrubbed to tick ${tick}`).toBe(String(tick));
        expect(await view.evaluate(() => (window as unknown as ViewWindow).twinframeReplay!.drawnInstances()), `tick ${tick}: the cube`).toBe(1);
      }
      await view.close();
    } finally {
      await server.close();
    }
  }, 240_000);
});
