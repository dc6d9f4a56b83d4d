/**
 * The logic's diagnostics reach the app between engine frames (logic-host.ts observe): decoding,
 * logging and the listeners are not part of a frame's work. Driven frame by frame on a manual clock,
 * on a real worker whose game logs every frame.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeApp } from '../../src/startup/node-app.ts';
import type { App } from '../../src/engine/app.ts';
import { MemoryLogger } from '../../src/platform/logger.ts';
import { ManualClock } from '../../src/platform/manual-clock.ts';
import { testHooks } from '../../src/startup/testing.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const GAME = `
let n = 0;
export default {
  setup() {},
  update() { n++; console.log('line ' + n); },
};
`;

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

describe('logic diagnostics: drained after the frame', () => {
  it('delivers every console line in order, none inside an engine frame, each stamped with the frame that observed it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-diag-after-frame-'));
    const file = join(dir, 'game.js');
    writeFileSync(file, GAME);
    const clock = new ManualClock();
    const logger = new MemoryLogger();
    const app: App = await createNodeApp({ game: file, clock, logger });
    cleanup = async () => {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    };
    const hooks = testHooks(app);
    let inFrame = false;
    let lastFrame = 0;
    const seen: { message: string; inFrame: boolean; engineFrame: number; lastFrame: number }[] = [];
    app.on('diagnostic', (d) => {
      if (d.code === 'TF5030') seen.push({ message: d.message, inFrame, engineFrame: d.engineFrame, lastFrame });
    });
    app.start();
    const frame = async (): Promise<void> => {
      // The worker runs its frame; then the tasks due between frames (the clock's yields) run.
      await sleep(2);
      clock.advance(1000 / 60);
      inFrame = true;
      try {
        hooks.runFrame();
      } finally {
        inFrame = false;
      }
      lastFrame = app.frame;
    };
    const end = performance.now() + 20_000;
    while (seen.length < 20 && performance.now() < end) await frame();
    expect(seen.length, 'console lines delivered').toBeGreaterThanOrEqual(20);
    expect(seen.filter((s) => s.inFrame), 'lines delivered inside a frame').toEqual([]);
    // The frame whose observe phase found the line stamps it; it is delivered after that frame.
    for (const s of seen) expect(s.engineFrame).toBe(s.lastFrame);
    const numbers = seen.map((s) => Number(/line (\d+)/.exec(s.message)?.[1]));
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    expect(logger.lines.filter((l) => l.message.includes('line ')).length).toBeGreaterThanOrEqual(20);
  }, 30_000);
});
