/**
 * runHeadless (`twinframe/testing`) on real worker threads: N logic frames with every frame's
 * commands applied (exact positions), paced in wall time (game time about N / fps), keys pressed
 * through beforeFrame, the game's console lines returned; a game that fails to load, a frame that
 * never ends and bad options are refused with their codes, and the worker is gone afterwards.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { MemoryLogger } from '../../src/platform/logger.ts';
import { runHeadless } from '../../src/startup/testing.ts';
import { VK } from '../../src/protocol/input-state.ts';
import { isTwinframeError } from '../../src/shared-memory/twinframe-error.ts';

const fixture = (name: string): URL => new URL(`../fixtures/games/${name}`, import.meta.url);

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Runs `runHeadless(<fixture>, <options>)` in a child Node process and reports how it ended and how
 * long the process lived after runHeadless settled (a worker or timer left behind keeps it alive).
 */
function inChild(game: string, options: string): Promise<{ code: number | null; out: string }> {
  const script = `
    import { runHeadless } from ${JSON.stringify(new URL('../../src/startup/testing.ts', import.meta.url).href)};
    let settledAt = 0;
    process.on('exit', () => console.log('exit ' + Math.round(performance.now() - settledAt) + ' ms after settling'));
    try {
      const run = await runHeadless(${JSON.stringify(fileURLToPath(fixture(game)))}, ${options});
      console.log('resolved ' + run.stats.logic.frames);
    } catch (e) {
      console.log('rejected ' + e.code);
    }
    settledAt = performance.now();
  `;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { out += c.toString(); });
    child.on('exit', (code) => resolve({ code, out }));
  });
}

const exitDelay = (out: string): number => Number(/exit (\d+) ms after settling/.exec(out)?.[1] ?? NaN);

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

describe('runHeadless', () => {
  it('runs exactly N logic frames and applies every command of the last one', async () => {
    const run = await runHeadless(fixture('headless-steps.ts'), { frames: 60 });
    expect(run.stats.logic.frames).toBe(60);
    expect(run.stats.logic.skipped_frames).toBe(0);
    expect(run.entities.map((e) => e.x)).toEqual([60, 60, 60]);
    expect(run.entities.map((e) => e.z)).toEqual([0, 1, 2]);
    expect(run.entities[0]!.id).toBeLessThan(run.entities[1]!.id);
    expect(run.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'fatal')).toEqual([]);
    expect(run.logs.map((l) => l.split(' elapsed')[0])).toEqual(['tick 1', 'tick 30', 'tick 60']);
    // Paced at 60 frames a second: 59 frame periods of game time at least (generous for jitter).
    const elapsed = Number(run.logs[2]!.split('elapsed ')[1]);
    expect(elapsed).toBeGreaterThan(0.8);
  });

  it('takes a path as well as a URL, a higher fps, and keys pressed in beforeFrame', async () => {
    const announced: number[] = [];
    const run = await runHeadless(fileURLToPath(fixture('headless-steps.ts')), {
      frames: 20,
      fps: 200,
      beforeFrame: (frame, input) => {
        announced.push(frame);
        if (frame === 6) input.keyDown(VK.ArrowRight);
        if (frame === 11) input.keyUp(VK.ArrowRight);
      },
    });
    expect(run.stats.logic.frames).toBe(20);
    const [first, second] = run.entities;
    expect(first!.x).toBe(20);
    // Pressed before logic frame 6, released before frame 11: frames 6 to 10 saw it held.
    expect(first!.y).toBe(5);
    expect(second!.y).toBe(0);
    // Once per logic frame, in order.
    expect(announced).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('rejects with the load failure when the game cannot load (TF4111, the cause TF5041 in details)', async () => {
    const e = await rejection(runHeadless(fixture('load-error.js'), { frames: 10 }));
    expect(isTwinframeError(e, 'TF4111'), String(e)).toBe(true);
    const causes = (e as { details: { diagnostics: { code: string }[] } }).details.diagnostics.map((d) => d.code);
    expect(causes).toContain('TF5041');
    expect((e as Error).message).toMatch(/^\[TF4111\] runHeadless: the logic stopped after 0 of 10 frames; got /);
  });

  it('rejects with TF4102 when a frame never completes, and still stops the worker', async () => {
    const started = performance.now();
    const logger = new MemoryLogger();
    const e = await rejection(runHeadless(fixture('headless-hang.js'), { frames: 10, timeoutMs: 1500, logger }));
    expect(isTwinframeError(e, 'TF4102'), String(e)).toBe(true);
    expect((e as Error).message).toContain('logic frame 3 of 10 did not complete within 1500 ms');
    expect(performance.now() - started).toBeLessThan(30_000);
    // The worker never saw the shutdown request (it is inside its loop): it was terminated.
    expect(logger.matching('TF4106').length).toBe(1);
  });

  it('leaves nothing running: the process exits at once after a run, a load failure and a hang', async () => {
    const [ok, failed, hung] = await Promise.all([
      inChild('headless-steps.ts', '{ frames: 30 }'),
      inChild('load-error.js', '{ frames: 30 }'),
      inChild('headless-hang.js', '{ frames: 30, timeoutMs: 1000 }'),
    ]);
    expect(ok.out).toContain('resolved 30');
    expect(failed.out).toContain('rejected TF4111');
    expect(hung.out).toContain('rejected TF4102');
    for (const r of [ok, failed, hung]) {
      expect(r.code, r.out).toBe(0);
      // A pending 5 s shutdown timer or a live worker would hold the process for seconds.
      expect(exitDelay(r.out), r.out).toBeLessThan(1000);
    }
  });

  it('refuses bad options with TF4100 before starting anything', async () => {
    for (const bad of [{ frames: 0 }, { frames: 1.5 }, { frames: 10, fps: 0 }, { frames: 10, timeoutMs: -1 }]) {
      const e = await rejection(runHeadless(fixture('headless-steps.ts'), bad));
      expect(isTwinframeError(e, 'TF4100'), `${JSON.stringify(bad)}: ${String(e)}`).toBe(true);
      expect((e as Error).message).toMatch(/^\[TF4100\] runHeadless: /);
    }
    const e = await rejection(runHeadless('', { frames: 1 }));
    expect(isTwinframeError(e, 'TF4100')).toBe(true);
  });
});
