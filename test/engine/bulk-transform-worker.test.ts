/**
 * The bulk transform path on real workers (worker_threads, the bundled logic runtime, real shared
 * buffers): a typed game sets 1000 positions per frame with ctx.entities.setPositions and checks
 * that its own published snapshot shows them (one or two frames later, all from the same frame);
 * a seed-style game does the same with EntityAPI.updatePositions; bad arguments throw TF5010.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { createNodeApp } from '../../src/startup/node-app.ts';
import type { App } from '../../src/engine/app.ts';
import type { EngineDiagnostic } from '../../src/engine/diagnostic-hub.ts';
import { MemoryLogger } from '../../src/platform/logger.ts';
import { emptyEntitySnapshot } from '../../src/protocol/entity-state.ts';
import { testHooks } from '../../src/startup/testing.ts';

const game = (name: string): string => fileURLToPath(new URL(`../fixtures/games/${name}`, import.meta.url));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
let app: App | undefined;

async function start(name: string): Promise<{ app: App; diagnostics: EngineDiagnostic[]; lines: () => string[] }> {
  const diagnostics: EngineDiagnostic[] = [];
  app = await createNodeApp({ game: game(name), logger: new MemoryLogger() });
  app.on('diagnostic', (d) => diagnostics.push(d));
  app.start();
  return { app, diagnostics, lines: () => diagnostics.filter((d) => d.code === 'TF5030').map((d) => d.message) };
}

async function until(what: string, ok: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!ok()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

afterEach(async () => {
  await app?.stop();
  app = undefined;
});

describe('bulk transform path with a real logic worker', () => {
  it('ctx.entities.setPositions: the logic\'s snapshot shows every position it set, from one frame', async () => {
    const r = await start('bulk-moves.ts');
    await until('30 frames of agreement', () => r.lines().filter((l) => l.startsWith('agree ')).length >= 30);
    expect(r.lines().filter((l) => l.startsWith('disagree'))).toEqual([]);
    const s = r.app.stats();
    expect(s.bulk.applied).toBeGreaterThanOrEqual(30 * 1000);
    expect(s.bulk.refused_dead + s.bulk.refused_stale + s.bulk.refused_value).toBe(0);
    expect(s.entities.live).toBe(1000);
    // Setting positions sends no per-entity command: after the 1000 creations, about one FRAME_END per logic frame.
    expect(s.commands.applied).toBeLessThan(1000 + 2 * s.logic.frames + 10);
    const e = emptyEntitySnapshot();
    const id = r.app.entityIds()[7]!;
    expect(r.app.readEntity(id, e) && [e.x, e.z]).toEqual([7, 0.5]);
  });

  it('keeps applying while a spare worker waits for a restart (a standby never takes the bulk buffer over)', async () => {
    const r = await start('bulk-moves.ts');
    const logic = testHooks(r.app).logic;
    await until('the spare to load the game', () => logic.spareReady);
    const agreed = r.lines().filter((l) => l.startsWith('agree ')).length;
    const applied = r.app.stats().bulk.applied;
    await until('30 more frames of agreement', () => r.lines().filter((l) => l.startsWith('agree ')).length >= agreed + 30);
    expect(r.lines().filter((l) => l.startsWith('disagree'))).toEqual([]);
    expect(r.app.stats().bulk.applied).toBeGreaterThanOrEqual(applied + 30 * 1000);
  });

  it('EntityAPI.updatePositions (seed style) moves them too', async () => {
    const r = await start('bulk-moves-seed.js');
    await until('seed-agree', () => r.lines().some((l) => l.startsWith('seed-agree')));
    expect(r.app.stats().bulk.applied).toBeGreaterThanOrEqual(100);
  });
});
