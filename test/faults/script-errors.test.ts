/**
 * Fault suite, script errors (issue 5; the seed's E2E error recovery tests) on real workers: a
 * throw or a rejected promise in every phase is caught on the logic side and reported with code,
 * message, file (the fixture's own file, through the bundle's source map), line, column, stack,
 * phase, tick and system id, and the next frame runs; repeated errors are counted exactly though
 * rate-limited in the log; a failed SwapBuffers keeps the logic on the last good state and the
 * next publish recovers. Every test also checks the engine kept its frame rate during the fault.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineDiagnostic } from '../../src/engine/diagnostic-hub.ts';
import { emptyEntitySnapshot } from '../../src/protocol/entity-state.ts';
import { markerLine, startFault, stopAll, type FaultRun } from './fault-rig.ts';
import { testHooks } from '../../src/startup/testing.ts';

function expectLocated(d: EngineDiagnostic | undefined, fixture: string, marker: string): void {
  expect(d, `a diagnostic for ${marker}`).toBeDefined();
  expect(d!.file).toMatch(new RegExp(`test[\\\\/]fixtures[\\\\/]faults[\\\\/]${fixture.replace('.', '\\.')}$`));
  expect(d!.line).toBe(markerLine(fixture, marker));
  expect(d!.column).toBeGreaterThan(0);
  expect(d!.stack).toContain(fixture);
  expect(d!.source).toBe('logic');
}

describe('fault: script errors in every phase (typed game)', () => {
  const FIXTURE = 'script-errors.ts';
  let r: FaultRun;
  let share = 0;
  beforeAll(async () => {
    r = await startFault(FIXTURE);
    await r.waitFor('the engine to start', () => r.app.stats().engine.frames > 0);
    const w = r.window();
    await r.waitFor('tick 130 after every fault', () => r.lines().includes('update ran tick 130'));
    share = await w.end();
  });
  afterAll(stopAll);

  const errors = (message: string): EngineDiagnostic[] => r.diagnostics.filter((d) => d.message.includes(message));

  it('keeps the engine running frames through all of them', () => {
    expect(share).toBeGreaterThanOrEqual(0.8);
    expect(testHooks(r.app).logic.state).toBe('running');
    expect(r.app.stats().worker.restarts).toBe(0);
  });

  it('setup: reported with code, file, line, column, stack, phase, system id; update still starts', () => {
    const [d] = errors('fault: setup');
    expectLocated(d, FIXTURE, 'THROW:setup');
    expect(d).toMatchObject({ code: 'TF5001', severity: 'error', phase: 'setup', systemId: 'game' });
    expect(d!.message).toContain('Error: fault: setup');
    expect(r.lines()).toContain('update ran tick 3');
    // the entity created before the throw was applied
    expect(r.app.entityIds()).toHaveLength(1);
  });

  it('update: reported at its tick; the next frame runs', () => {
    const all = errors('fault: update');
    expectLocated(all[0], FIXTURE, 'THROW:update');
    expect(all[0]).toMatchObject({ code: 'TF5001', phase: 'update', tick: 10, systemId: 'game' });
    expect(all.map((d) => d.tick)).toEqual(Array.from({ length: 100 }, (_, i) => 10 + i));
    expect(r.lines()).toContain('update ran tick 130');
  });

  it('render: reported at its tick; the next frame runs', () => {
    const [d] = errors('fault: render');
    expectLocated(d, FIXTURE, 'THROW:render');
    expect(d).toMatchObject({ code: 'TF5001', phase: 'render', tick: 6, systemId: 'game' });
    expect(r.lines()).toContain('update ran tick 7');
  });

  it('rejected promise: TF5002 with the location of the rejection', () => {
    const [d] = errors('fault: promise');
    expectLocated(d, FIXTURE, 'THROW:promise');
    expect(d!.code).toBe('TF5002');
    expect(d!.phase).toBe('promise');
    expect(d!.tick).toBeGreaterThanOrEqual(5);
    expect(d!.tick).toBeLessThanOrEqual(6);
    expect(r.lines()).toContain('update ran tick 7');
  });

  it('counts 100 identical errors exactly while the log shows only the first ones', () => {
    const s = r.app.stats();
    expect(s.diagnostics.by_code.TF5001).toBe(102); // setup + render + 100 x update
    expect(s.diagnostics.by_code.TF5002).toBe(1);
    const notice = r.logger.matching('further TF5001 are counted');
    expect(notice, 'the log says once that it thins out').toHaveLength(1);
    const logged = r.logger.matching('TF5001').filter((l) => !notice.includes(l));
    expect(logged.length).toBeLessThanOrEqual(21);
    expect(logged.length).toBeGreaterThanOrEqual(20);
    expect(logged.at(-1)!.message).toContain('[#20 of TF5001]');
  });
});

describe('fault: script errors in a system and a callback (seed style)', () => {
  const FIXTURE = 'callback-and-system-errors.js';
  let r: FaultRun;
  let share = 0;
  beforeAll(async () => {
    r = await startFault(FIXTURE);
    await r.waitFor('the engine to start', () => r.app.stats().engine.frames > 0);
    const w = r.window();
    await r.waitFor('tick 40', () => r.lines().includes('steady tick 40'));
    share = await w.end();
  });
  afterAll(stopAll);

  it('a throwing system is reported with its system id; the other systems and the next frames run', () => {
    const all = r.diagnostics.filter((d) => d.message.includes('fault: system'));
    expect(all).toHaveLength(3);
    expectLocated(all[0], FIXTURE, 'THROW:system');
    expect(all[0]).toMatchObject({ code: 'TF5001', phase: 'update', tick: 5, systemId: 'exploder' });
    expect(all[0]!.message).toContain('TypeError: fault: system');
    expect(all.map((d) => d.tick)).toEqual([5, 6, 7]);
    expect(r.lines()).toEqual(expect.arrayContaining(['steady tick 9', 'steady tick 40']));
    expect(share).toBeGreaterThanOrEqual(0.8);
  });

  it('a throwing callback does not stop the other callbacks of its frame', () => {
    const [d] = r.diagnostics.filter((x) => x.message.includes('fault: callback'));
    expectLocated(d, FIXTURE, 'THROW:callback');
    expect(d).toMatchObject({ code: 'TF5001', phase: 'callbacks' });
    expect(d!.message).toContain('RangeError: fault: callback');
    expect(d!.tick).toBeGreaterThan(0);
    const confirmed = r.lines().filter((l) => l.startsWith('callback '));
    expect(confirmed).toHaveLength(2);
    expect(confirmed[0]).toMatch(/^callback 1 got \d+$/);
    expect(confirmed[1]).toMatch(/^callback 2 got \d+$/);
    expect(r.app.entityIds()).toHaveLength(3);
    expect(r.app.stats().diagnostics.by_code.TF5001).toBe(4);
  });
});

describe('fault: SwapBuffers failure (the seed\'s publish failure test)', () => {
  afterAll(stopAll);

  it('does not crash; the logic keeps the last good state and the next publish recovers', async () => {
    const r = await startFault('publish-watch.ts');
    const snaps = (): { tick: number; x: number | null }[] => r.lines().filter((l) => l.startsWith('snap ')).map((l) => {
      const [, t, x] = l.split(' ');
      return { tick: Number(t), x: x === 'none' ? null : Number(x) };
    });
    await r.waitFor('20 logic frames', () => snaps().filter((s) => s.x !== null).length >= 20);
    const w = r.window();
    const before = snaps().length;
    const xAtFault = snaps().filter((x) => x.x !== null).at(-1)!.x!;
    const failedBefore = r.app.stats().publish.failed;
    testHooks(r.app).injectPublishFault();
    await r.waitFor('TF4108', () => r.of('TF4108').length > 0);
    await r.waitFor('30 more logic frames', () => snaps().length >= before + 30);
    await w.end();
    const s = r.app.stats();
    expect(s.publish.failed).toBe(failedBefore + 1);
    expect(r.of('TF4108')).toHaveLength(1);
    expect(r.of('TF4108')[0]!.message).toMatch(/keeps the last good state/);
    const all = snaps();
    const seen = all.slice(all.findIndex((x) => x.x !== null));
    // never an empty or torn view: the cube is always there and only moves forward
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]!.x, `tick ${seen[i]!.tick}`).not.toBeNull();
      expect(seen[i]!.x!).toBeGreaterThanOrEqual(seen[i - 1]!.x!);
    }
    // recovered: the latest view is fresh (a tick or two behind, as lockstep is), not stuck
    const last = seen.at(-1)!;
    expect(last.tick - last.x!).toBeLessThanOrEqual(4);
    expect(last.x!).toBeGreaterThan(xAtFault + 20);
    // the engine's own state agrees
    const e = emptyEntitySnapshot();
    expect(r.app.readEntity(r.app.entityIds()[0]!, e)).toBe(true);
    expect(e.x).toBeGreaterThanOrEqual(last.x!);
    expect(testHooks(r.app).logic.state).toBe('running');
  });
});
