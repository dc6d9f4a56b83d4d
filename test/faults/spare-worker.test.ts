/**
 * The spare logic worker (issue 15, src/engine/logic-spare.ts) on real workers: while an
 * incarnation runs, a standby worker loads the running code and waits; a crash's restart adopts it
 * (the incarnation it reserved, no thread start, no import) and its setup rebuilds the world, then
 * the next spare starts. Without a spare (`restart.spare: false`) the restart spawns as before.
 * Input pressed before the spare's activation is not seen as an edge by it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { keyCodeOf } from '../../src/protocol/input-state.ts';
import { startFault, stopAll, type FaultRun } from './fault-rig.ts';
import { testHooks } from '../../src/startup/testing.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { DEFAULT_LOGIC_NICE, threadPrioritySupported } from '../../src/platform/thread-priority.ts';

/** Threads of this process (one per test file: pool forks) running at nice `nice` or lower priority (Linux procfs). */
function threadsAtNice(nice: number): number {
  let n = 0;
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'latin1');
      // "tid (comm) state ...": nice is the 19th field, the 17th after the comm's closing parenthesis.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[16]) >= nice) n++;
    } catch {
      // the thread ended while we looked
    }
  }
  return n;
}

/** Generous: a spare restart is ~2 engine frames on a quiet machine, a spawned one ~60-120 ms. */
const RESTART_TO_FIRST_FRAME_BOUND_MS = 1500;

afterEach(stopAll);

/** Presses and releases K: the game's frame that sees the press exits (3). */
async function crashByKey(r: FaultRun): Promise<void> {
  const crashes = r.app.stats().worker.crashes;
  r.app.input.keyDown(keyCodeOf('K'));
  await r.waitFor('the crash', () => r.app.stats().worker.crashes > crashes);
  r.app.input.keyUp(keyCodeOf('K'));
}

describe('spare logic worker for restarts', () => {
  it('a restart adopts the spare (its incarnation, no spawn), rebuilds the world, and the next spare follows', async () => {
    const r = await startFault('crash-on-key.ts', { restart: { maxRestarts: 10, windowMs: 60_000 } });
    const logic = testHooks(r.app).logic;
    await r.waitFor('incarnation 1 to run', () => r.lines(1).includes('alive 5'));
    await r.waitFor('the spare to load the game', () => logic.spareReady);
    const spare = logic.spareIncarnation;
    expect(spare).toBe(2);
    expect(logic.sparesAlive).toBe(1);
    expect(logic.workersAlive).toBe(1);
    // The spare imported the game but ran no setup: nothing of it is in the world or the console yet.
    expect(r.lines(2)).toEqual([]);
    expect(r.app.entityIds()).toHaveLength(1);

    await crashByKey(r);
    await r.waitFor('incarnation 2 to run frames', () => r.lines(2).includes('alive 3'));
    expect(logic.incarnation, 'the restarted incarnation is the spare').toBe(spare);
    expect(logic.spareRestarts).toBe(1);
    expect(r.app.stats().worker.restarts).toBe(1);
    expect(r.of('TF4104').at(-1)!.message).toContain('on the spare worker');
    expect(logic.observed.lastRestartToFirstFrameMs).toBeGreaterThan(0);
    expect(logic.observed.lastRestartToFirstFrameMs).toBeLessThan(RESTART_TO_FIRST_FRAME_BOUND_MS);
    // The new incarnation ran its setup (after its activation) and rebuilt the world: one cube again.
    expect(r.lines(2).filter((l) => l === 'setup')).toHaveLength(1);
    await r.waitFor('the world rebuilt', () => r.app.entityIds().length === 1);

    // The next spare reserves the next number; a second crash adopts it too.
    await r.waitFor('the next spare', () => logic.spareReady);
    expect(logic.spareIncarnation).toBe(3);
    await crashByKey(r);
    await r.waitFor('incarnation 3 to run frames', () => r.lines(3).includes('alive 3'));
    expect(logic.incarnation).toBe(3);
    expect(logic.spareRestarts).toBe(2);
    expect(r.of('TF4103')).toHaveLength(2);
    // a spare's first frame saw no edge of the K pressed before it was activated (it would exit again)
    expect(r.app.stats().worker.crashes).toBe(2);

    await r.app.stop();
    expect(logic.sparesAlive, 'stop ends the spare thread').toBe(0);
    expect(logic.workersAlive).toBe(0);
  });

  it('with restart.spare false no spare runs and the restart spawns', async () => {
    const r = await startFault('crash-on-key.ts', { restart: { maxRestarts: 10, windowMs: 60_000, spare: false } });
    const logic = testHooks(r.app).logic;
    await r.waitFor('incarnation 1 to run', () => r.lines(1).includes('alive 5'));
    // longer than the spare's start delay and load
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(logic.sparesAlive).toBe(0);
    expect(logic.spareIncarnation).toBe(0);
    await crashByKey(r);
    await r.waitFor('incarnation 2 to run frames', () => r.lines(2).includes('alive 3'));
    expect(logic.incarnation).toBe(2);
    expect(logic.spareRestarts).toBe(0);
    expect(r.of('TF4104').at(-1)!.message).not.toContain('spare');
  });

  it('the spare loads at the logic nice value from its start (a background spawn; Linux)', async () => {
    const r = await startFault('crash-on-key.ts', { restart: { maxRestarts: 10, windowMs: 60_000 } });
    const logic = testHooks(r.app).logic;
    await r.waitFor('incarnation 1 to run', () => r.lines(1).includes('alive 5'));
    await r.waitFor('the spare to load the game', () => logic.spareReady);
    expect(logic.sparesAlive).toBe(1);
    if (!threadPrioritySupported()) return;
    // The running incarnation lowered itself at its handshake; the spare, waiting for its
    // activation, runs lowered too (a foreground standby would still be at full priority).
    expect(threadsAtNice(DEFAULT_LOGIC_NICE)).toBe(2);
  });

  it('restart: false keeps no spare', async () => {
    const r = await startFault('crash-on-key.ts', { restart: false });
    const logic = testHooks(r.app).logic;
    await r.waitFor('incarnation 1 to run', () => r.lines(1).includes('alive 5'));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(logic.sparesAlive).toBe(0);
  });
});
