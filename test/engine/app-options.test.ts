import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/startup/create-app.ts';
import { type AppOptions } from '../../src/engine/app.ts';
import { ManualClock } from '../../src/platform/manual-clock.ts';
import type { WorkerHost } from '../../src/platform/worker-host.ts';
import { isTwinframeError } from '../../src/shared-memory/twinframe-error.ts';

// createApp validates its options at the edge (TF4100), naming the option, the value and the remedy.
const workerHost: WorkerHost = { spawn: () => ({ terminate: () => Promise.resolve() }) };
const base: AppOptions = { workerHost, game: 'file:///game.mjs', clock: new ManualClock() };

function refusal(options: unknown): string {
  try {
    createApp(options as AppOptions);
  } catch (e) {
    expect(isTwinframeError(e, 'TF4100'), String(e)).toBe(true);
    return (e as Error).message;
  }
  throw new Error('createApp accepted bad options');
}

describe('createApp options', () => {
  it('accepts valid options without starting anything', () => {
    expect(createApp(base).frame).toBe(0);
  });
  it.each([
    [{ ...base, workerHost: undefined }, /workerHost must be a WorkerHost/],
    [{ ...base, game: '' }, /game must be the URL of the game module; got ""/],
    [{ ...base, clock: {} }, /clock must be a Clock/],
    [{ ...base, logic: { hz: 0 } }, /logic must be 'lockstep' or \{ hz \}.*got \{"hz":0\}.*logic: \{ hz: 30 \}/],
    [{ ...base, hangTimeoutMs: -1 }, /hangTimeoutMs must be > 0; got -1/],
    [{ ...base, restart: { maxRestarts: -1, windowMs: 1000 } }, /restart must be false or \{ maxRestarts >= 0, windowMs > 0 \}/],
  ])('refuses %# with a coded message naming the value', (options, message) => {
    expect(refusal(options)).toMatch(message);
  });
  it('refuses a non-object', () => {
    expect(refusal(null)).toMatch(/options must be an object/);
  });
});
