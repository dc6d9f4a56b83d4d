/**
 * The hot reload's engine frames (logic-reload-driver.ts): the frames only decide, and what they
 * decide (the old worker's stop and end, the swap and activation, the TF4140 tally) runs in a task after the frame, between two frames. Driven frame by frame on a manual
 * clock, on real workers and a real file saved in a temp folder.
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

/** An opted-in game (its old incarnation stops with a hand-over) moving one cube; `rev` makes each save new code. */
const game = (rev: number): string => `
let cube = 0;
export default {
  setup(ctx) {
    ctx.hot.dispose((data) => { data.cube = cube; });
    cube = ctx.hot.isReload ? ctx.hot.data.cube : ctx.entities.createMesh('cube', { x: 0, y: 0, z: 0 }, 1, { r: 255, g: 0, b: 0, a: 255 }).id;
  },
  update(ctx) { ctx.entities.updatePosition(cube, { x: ${rev}, y: 0, z: 0 }); },
};
`;

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

/** What one engine frame changed (`incarnation`, `tally`), and what changed between it and the frame before (`between`). */
interface FrameChange {
  readonly incarnation: boolean;
  readonly tally: boolean;
  readonly between: boolean;
}

describe('reload driver: the swap at a frame boundary, the one-off work after the frame', () => {
  it('no engine frame changes the incarnation or the TF4140 tally: the swap and TF4140 happen between frames', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-reload-frames-'));
    const file = join(dir, 'game.ts');
    writeFileSync(file, game(0));
    const clock = new ManualClock();
    const app: App = await createNodeApp({ game: file, clock, watch: true, logger: new MemoryLogger() });
    cleanup = async () => {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    };
    const hooks = testHooks(app);
    let inFrame = false;
    const reportedInFrame: boolean[] = [];
    app.on('diagnostic', (d) => { if (d.code === 'TF4140') reportedInFrame.push(inFrame); });
    const changes: FrameChange[] = [];
    /** One engine frame, after the tasks due between frames (the clock's yields and the watch's debounce). */
    let lastIncarnation = 1;
    const frame = async (): Promise<void> => {
      await sleep(1);
      // The tasks due between frames (the reload's after-frame acts) run here.
      clock.advance(1000 / 60);
      const between = hooks.logic.incarnation !== lastIncarnation;
      const incarnation = hooks.logic.incarnation;
      const tally = hooks.logic.reloads.count;
      inFrame = true;
      try {
        hooks.runFrame();
      } finally {
        inFrame = false;
      }
      lastIncarnation = hooks.logic.incarnation;
      changes.push({ incarnation: hooks.logic.incarnation !== incarnation, tally: hooks.logic.reloads.count !== tally, between });
    };
    const until = async (what: string, pred: () => boolean): Promise<void> => {
      const end = performance.now() + 20_000;
      while (!pred()) {
        if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
        await frame();
      }
    };
    app.start();
    await until('the first logic frames', () => hooks.logic.observed.lastTick > 5);
    for (let rev = 1; rev <= 2; rev++) {
      writeFileSync(file, game(rev));
      await until(`reload ${rev}`, () => reportedInFrame.length === rev);
      // Frames of the new code run on (its activation was posted after the swap's frame).
      const tick = hooks.logic.observed.lastTick;
      await until(`the new code's frames after reload ${rev}`, () => hooks.logic.observed.lastTick > tick + 3);
    }
    expect(hooks.logic.reloads.count).toBe(2);
    expect(hooks.logic.incarnation).toBe(3);
    // Each reload swapped the incarnation between two engine frames, never inside one...
    expect(changes.filter((c) => c.between).length).toBe(2);
    expect(changes.filter((c) => c.incarnation).length).toBe(0);
    // ...and counted and reported it outside every frame.
    expect(changes.filter((c) => c.tally).length).toBe(0);
    expect(reportedInFrame).toEqual([false, false]);
    expect(app.stats().reload.failed).toBe(0);
    expect(app.stats().worker.restarts).toBe(0);
  }, 60_000);
});
