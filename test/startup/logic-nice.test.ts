/**
 * createNodeApp's `logicNice` on real workers: by default the logic worker thread runs 10 nice
 * levels below the engine (Linux), with `logicNice: 0` at the engine's own priority, and the
 * engine thread keeps its priority either way; a value outside 0..19 is refused with TF4100.
 * The game reports its own kernel thread id (fixture thread-id.ts); off Linux it reports -1 and
 * nothing is lowered.
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { getPriority } from 'node:os';
import { createNodeApp, type NodeAppOptions } from '../../src/startup/node-app.ts';
import { MemoryLogger } from '../../src/platform/logger.ts';
import { currentThreadId, DEFAULT_LOGIC_NICE, threadPrioritySupported } from '../../src/platform/thread-priority.ts';
import { isTwinframeError } from '../../src/shared-memory/twinframe-error.ts';

const GAME = fileURLToPath(new URL('../fixtures/games/thread-id.ts', import.meta.url));

/** Runs the fixture until it reported its thread id; returns that thread's nice value (NaN off Linux) and the engine thread's. */
async function logicThreadNice(extra: Partial<NodeAppOptions>): Promise<{ logic: number; engine: number }> {
  const app = await createNodeApp({ game: GAME, fps: 60, logger: new MemoryLogger(), ...extra });
  try {
    const tid = new Promise<number>((resolve) => {
      app.on('diagnostic', (d) => {
        const m = /^tid (-?\d+)/.exec(d.message);
        if (m) resolve(Number(m[1]));
      });
    });
    app.start();
    const id = await tid;
    return { logic: id > 0 ? getPriority(id) : Number.NaN, engine: threadPrioritySupported() ? getPriority(currentThreadId()) : Number.NaN };
  } finally {
    await app.stop();
  }
}

describe('createNodeApp logicNice', () => {
  it('runs the logic worker below the engine by default, and at its priority with logicNice: 0', async () => {
    const engineBefore = threadPrioritySupported() ? getPriority(currentThreadId()) : Number.NaN;
    const off = await logicThreadNice({ logicNice: 0 });
    const on = await logicThreadNice({});
    const three = await logicThreadNice({ logicNice: 3 });
    if (!threadPrioritySupported()) {
      expect([off.logic, on.logic, three.logic].every(Number.isNaN)).toBe(true);
      return;
    }
    expect(off.logic).toBe(engineBefore);
    expect(on.logic).toBe(Math.max(DEFAULT_LOGIC_NICE, engineBefore));
    expect(three.logic).toBe(Math.max(3, engineBefore));
    expect([off.engine, on.engine, three.engine]).toEqual([engineBefore, engineBefore, engineBefore]);
  });

  it.each([-1, 20, 2.5, Number.NaN])('refuses logicNice %s with TF4100', async (logicNice) => {
    const e = await createNodeApp({ game: GAME, logger: new MemoryLogger(), logicNice }).then(() => null, (err: unknown) => err);
    expect(isTwinframeError(e) && e.code).toBe('TF4100');
    expect(String((e as Error).message)).toMatch(/createNodeApp: logicNice must be an integer from 0 to 19; got /);
  });
});
