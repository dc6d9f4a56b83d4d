// The engine frame is the phase list it declares: PhaseLoop runs one step per ENGINE_PHASES entry,
// in that order, and times each; the app's options come from one defaults table.
import { describe, expect, it } from 'vitest';
import { ENGINE_PHASES, PhaseLoop, type EnginePhase } from '../../src/engine/engine-phases.ts';
import { APP_DEFAULTS, resolveAppOptions } from '../../src/engine/app-options.ts';
import { ManualClock } from '../../src/platform/manual-clock.ts';
import { NullRenderer } from '../../src/platform/null-renderer.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import type { WorkerHost } from '../../src/platform/worker-host.ts';

describe('PhaseLoop', () => {
  it('runs every phase once per frame, in ENGINE_PHASES order, and times each one', () => {
    const clock = new ManualClock();
    const ran: EnginePhase[] = [];
    // Each phase takes (its index + 1) ms of manual time.
    const steps = Object.fromEntries(ENGINE_PHASES.map((name, i) => [name, () => { ran.push(name); clock.advance(i + 1); }])) as Record<EnginePhase, () => void>;
    const loop = new PhaseLoop(steps, () => clock.now());
    loop.run();
    loop.run();
    expect(ran).toEqual([...ENGINE_PHASES, ...ENGINE_PHASES]);
    const summary = loop.summary();
    expect(Object.keys(summary)).toEqual([...ENGINE_PHASES]);
    ENGINE_PHASES.forEach((name, i) => {
      expect(summary[name].count, name).toBe(2);
      expect(summary[name].last, name).toBe(i + 1);
    });
    loop.reset();
    expect(loop.summary().apply.count).toBe(0);
  });
});

describe('app options', () => {
  const base = { workerHost: { spawn: () => { throw new Error('not started'); } } as unknown as WorkerHost, game: 'file:///g.mjs', clock: new ManualClock(), renderer: new NullRenderer(), logger: silentLogger };

  it('fills every default from APP_DEFAULTS', () => {
    const o = resolveAppOptions(base);
    expect(o.callbackCapacity).toBe(APP_DEFAULTS.callbackCapacity);
    expect(o.commandQueueBytes).toBe(APP_DEFAULTS.commandQueueBytes);
    expect(o.entityCapacity).toBe(APP_DEFAULTS.entityCapacity);
    expect(o.hangTimeoutMs).toBe(APP_DEFAULTS.hangTimeoutMs);
    expect(o.shutdownTimeoutMs).toBe(APP_DEFAULTS.shutdownTimeoutMs);
    expect(o.restart).toEqual(APP_DEFAULTS.restart);
    expect(o.debugDrawCapacity).toBe(APP_DEFAULTS.debugDrawCapacity.twinframe);
    expect(resolveAppOptions({ ...base, host: 'protogame' }).debugDrawCapacity).toBe(APP_DEFAULTS.debugDrawCapacity.protogame);
    expect(o.stallTimeoutMs).toBe(Math.min(APP_DEFAULTS.hangTimeoutMs / 2, APP_DEFAULTS.stallTimeoutMaxMs));
  });

  it('keeps what the host passed', () => {
    const o = resolveAppOptions({ ...base, callbackCapacity: 64, restart: false, hangTimeoutMs: 300 });
    expect([o.callbackCapacity, o.restart, o.hangTimeoutMs, o.stallTimeoutMs]).toEqual([64, null, 300, 150]);
  });
});
