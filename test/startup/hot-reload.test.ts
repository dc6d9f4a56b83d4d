/**
 * Hot reload, headless (issue 14): `createNodeApp({ watch: true })` on real workers, real shared
 * memory and real files in a temp folder, saved the way an editor does. Each test starts a game,
 * saves new code and checks what the engine drew and what the game reported.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeApp, type NodeAppOptions } from '../../src/startup/node-app.ts';
import type { App } from '../../src/engine/app.ts';
import type { EngineDiagnostic } from '../../src/engine/diagnostic-hub.ts';
import type { EntitySnapshot } from '../../src/protocol/entity-state.ts';
import { MemoryLogger } from '../../src/platform/logger.ts';
import { RecordingRenderer } from '../../src/platform/recording-renderer.ts';
import { TEST_HOOKS, type AppTestHooks } from '../../src/engine/app.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Run {
  readonly app: App;
  readonly dir: string;
  readonly diagnostics: EngineDiagnostic[];
  of(code: string): EngineDiagnostic[];
  lines(): string[];
  waitFor(what: string, pred: () => boolean, timeoutMs?: number): Promise<void>;
  save(file: string, text: string): void;
}

const runs: Run[] = [];

/** Writes `files` into a fresh temp folder and runs its game.ts with --watch. */
async function start(files: Record<string, string>, options: Partial<NodeAppOptions> = {}): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'tf-hot-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const diagnostics: EngineDiagnostic[] = [];
  const app = await createNodeApp({ game: join(dir, files['main.js'] === undefined ? 'game.ts' : 'main.js'), fps: 60, logger: new MemoryLogger(), watch: true, ...options });
  app.on('diagnostic', (d) => diagnostics.push(d));
  const run: Run = {
    app, dir, diagnostics,
    of: (code) => diagnostics.filter((d) => d.code === code),
    lines: () => diagnostics.filter((d) => d.code === 'TF5030').map((d) => d.message),
    async waitFor(what, pred, timeoutMs = 15_000) {
      const until = performance.now() + timeoutMs;
      while (!pred()) {
        if (performance.now() > until) {
          const seen = diagnostics.map((d) => `${d.code} ${d.message.slice(0, 200)}`).slice(-12).join('\n  ');
          throw new Error(`timed out waiting for ${what}; last diagnostics:\n  ${seen}`);
        }
        await sleep(5);
      }
    },
    save(file, text) {
      writeFileSync(join(dir, file), text);
    },
  };
  runs.push(run);
  app.start();
  return run;
}

afterEach(async () => {
  const all = runs.splice(0);
  await Promise.all(all.map((r) => r.app.stop()));
  for (const r of all) rmSync(r.dir, { recursive: true, force: true });
});

/** A typed game that opts in: one cube moved along x by `moves * STEP` (STEP from ./step.ts), y = Y. */
const optInGame = (y: number, extra = ''): string => `
import { STEP } from './step.ts';
let cube = 0;
let moves = 0;
export default {
  setup(ctx) {
    ctx.hot.dispose((data) => { data.cube = cube; data.moves = moves; });
    if (ctx.hot.isReload) {
      cube = ctx.hot.data.cube;
      moves = ctx.hot.data.moves;
      console.log('reloaded cube=' + cube + ' moves=' + moves + ' live=' + ctx.entities.has(cube));
      return;
    }
    cube = ctx.entities.createMesh('cube', { x: 0, y: 0, z: 0 }, 1, { r: 255, g: 0, b: 0, a: 255 }).id;
    console.log('fresh cube=' + cube);
  },
  update(ctx) {
    ${extra}
    moves++;
    ctx.entities.updatePosition(cube, { x: moves * STEP, y: ${y}, z: 0 });
  },
};
`;

function pos(app: App, id: number): EntitySnapshot | undefined {
  const out = {} as EntitySnapshot;
  return app.readEntity(id, out) ? out : undefined;
}

describe('hot reload (twinframe run --watch), headless', () => {
  it('keeps the world and the state of a game that opts in: same ids, no jump, data carried, new code runs', async () => {
    const r = await start({ 'game.ts': optInGame(0), 'step.ts': 'export const STEP = 0.01;\n' });
    await r.waitFor('a few frames', () => r.app.stats().logic.frames > 20);
    const [id] = r.app.entityIds();
    expect(id).toBeGreaterThan(0);
    const before = pos(r.app, id!)!.x;
    r.save('game.ts', optInGame(5));
    await r.waitFor('the reload', () => r.app.stats().reload.count === 1);
    // the world was kept: the same one entity, where the old code left it (it only moves forward)
    expect(r.app.entityIds()).toEqual([id]);
    expect(pos(r.app, id!)!.x).toBeGreaterThanOrEqual(before);
    await r.waitFor('the new code moving the cube', () => pos(r.app, id!)?.y === 5);
    const reloaded = r.lines().find((l) => l.includes('reloaded'));
    expect(reloaded).toMatch(new RegExp(`cube=${id} moves=\\d+ live=true`));
    expect(Number(/moves=(\d+)/.exec(reloaded!)![1])).toBeGreaterThan(20);
    expect(r.of('TF4140')).toHaveLength(1);
    expect(r.of('TF4140')[0]!.message).toContain('world was kept');
    // a save of an imported file reloads too (the module graph is watched)
    r.save('step.ts', 'export const STEP = 0.02;\n');
    await r.waitFor('the second reload', () => r.app.stats().reload.count === 2);
    expect(r.app.entityIds()).toEqual([id]);
    // ids continue without collision: a creation after the reload gets a new id
    const s = r.app.stats();
    expect(s.reload.failed).toBe(0);
    expect(s.reload.ms.max).toBeGreaterThan(0);
    expect(s.logic.incarnation).toBe(3);
    expect(s.worker.restarts).toBe(0);
  });
});
