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
import { testHooks } from '../../src/startup/testing.ts';
import { RELOAD_SPARE_DELAY_MS } from '../../src/engine/logic-spare.ts';

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
      console.log('reloaded cube=' + cube + ' moves=' + moves + ' live=' + ctx.entities.has(cube) + ' ids=' + ctx.entities.ids().join(','));
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

/** The 1-based line of `text` that contains `marker`. */
const lineOf = (text: string, marker: string): number => text.split('\n').findIndex((l) => l.includes(marker)) + 1;

/** Counts the live instances the engine drew in every frame (an empty frame shows as 0). */
class CountingRenderer extends RecordingRenderer {
  readonly counts: number[] = [];
  override render(): void {
    super.render();
    this.counts.push(this.instances().length);
  }
  /** Frames drawn with no instance after the first one with some. */
  emptyAfterStart(): number {
    const first = this.counts.findIndex((n) => n > 0);
    return first < 0 ? 0 : this.counts.slice(first).filter((n) => n === 0).length;
  }
}

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
    expect(reloaded).toMatch(new RegExp(`cube=${id} moves=\\d+ live=true ids=${id}$`));
    expect(Number(/moves=(\d+)/.exec(reloaded!)![1])).toBeGreaterThan(20);
    expect(r.of('TF4140')).toHaveLength(1);
    expect(r.of('TF4140')[0]!.message).toContain('world was kept');
    // a save of an imported file reloads too (the module graph is watched)
    r.save('step.ts', 'export const STEP = 0.02;\n');
    await r.waitFor('the second reload', () => r.app.stats().reload.count === 2);
    expect(r.app.entityIds()).toEqual([id]);
    // ids continue without collision: a creation by the new code gets a new id, the old one stays valid
    r.save('game.ts', optInGame(6, "if (!globalThis.made) { globalThis.made = true; console.log('second=' + ctx.entities.createMesh('sphere', { x: 0, y: 0, z: 0 }, 1, { r: 1, g: 1, b: 1, a: 255 }).id); }"));
    await r.waitFor('the third reload and a second entity', () => r.app.stats().reload.count === 3 && r.app.entityIds().length === 2);
    const second = Number(/second=(\d+)/.exec(r.lines().find((l) => l.startsWith('second='))!)![1]);
    expect(second).not.toBe(id);
    expect(r.app.entityIds().sort()).toEqual([id, second].sort());
    await r.waitFor('the old id still driven by the new code', () => pos(r.app, id!)?.y === 6);
    const s = r.app.stats();
    expect(s.reload.failed).toBe(0);
    expect(s.reload.ms.max).toBeGreaterThan(0);
    expect(s.logic.incarnation).toBe(4);
    // every reload kept the world (a reloaded incarnation hands over in turn)
    expect(r.of('TF4140').map((d) => d.message.includes('world was kept'))).toEqual([true, true, true]);
    expect(r.lines().filter((l) => l.startsWith('reloaded')).length).toBe(3);
    expect(r.lines().filter((l) => l.startsWith('fresh')).length).toBe(1);
    expect(s.worker.restarts).toBe(0);
  });

  it('rebuilds the world of a game that does not opt in, in the same frame the old one is cleared (never an empty frame)', async () => {
    const game = (y: number): string => `export default { setup(ctx) { for (let i = 0; i < 3; i++) ctx.entities.createMesh('cube', { x: i, y: ${y}, z: 0 }, 1, { r: 0, g: 255, b: 0, a: 255 }); } };\n`;
    const renderer = new CountingRenderer();
    const r = await start({ 'game.ts': game(1) }, { renderer });
    await r.waitFor('three cubes', () => r.app.entityIds().length === 3);
    r.save('game.ts', game(7));
    await r.waitFor('the reload', () => r.app.stats().reload.count === 1);
    await r.waitFor('the rebuilt world', () => r.app.entityIds().length === 3 && r.app.entityIds().every((id) => pos(r.app, id)?.y === 7));
    const frames = renderer.counts.length;
    await r.waitFor('a few more frames', () => renderer.counts.length > frames + 10);
    expect(renderer.emptyAfterStart(), 'frames drawn with no entity after the first cube').toBe(0);
    expect(Math.max(...renderer.counts)).toBe(3);
    expect(r.of('TF4140')[0]!.message).toContain('rebuilt the world');
  });

  it('a syntax error, a failing import, a module that throws at load and a throwing first frame change nothing; the next good save recovers', async () => {
    const flights: string[] = [];
    const r = await start({ 'game.ts': optInGame(0), 'step.ts': 'export const STEP = 0.01;\n' }, { flightRecorderSink: (_bytes, name) => { flights.push(name); return name; } });
    await r.waitFor('a few frames', () => r.app.stats().logic.frames > 10);
    const [id] = r.app.entityIds();
    const gameFile = join(r.dir, 'game.ts');
    const stillRunning = async (): Promise<void> => {
      const f0 = r.app.stats().logic.frames;
      const x0 = pos(r.app, id!)!.x;
      await r.waitFor('the old code running on', () => r.app.stats().logic.frames > f0 + 5 && pos(r.app, id!)!.x > x0);
      expect(r.app.entityIds()).toEqual([id]);
      expect(pos(r.app, id!)!.y).toBe(0);
    };

    // 1. syntax error: the bundle fails (TF3011 at the game's file:line:column)
    const broken = optInGame(1).replace('moves++;', 'moves++ +;  // SYNTAX');
    r.save('game.ts', broken);
    await r.waitFor('the failed reload', () => r.app.stats().reload.failed === 1);
    const syntax = r.of('TF3011')[0]!;
    expect(syntax.file).toBe(gameFile);
    expect(syntax.line).toBe(lineOf(broken, 'SYNTAX'));
    expect(syntax.column).toBeGreaterThan(0);
    await stillRunning();

    // 2. an import that cannot be resolved (TF3010 naming the importing line)
    const missing = `import { NOPE } from './missing.ts';  // MISSING\n${optInGame(1)}\nconsole.log(NOPE);\n`;
    r.save('game.ts', missing);
    await r.waitFor('the second failed reload', () => r.app.stats().reload.failed === 2);
    expect(r.of('TF3010')[0]!.file).toBe(gameFile);
    expect(r.of('TF3010')[0]!.line).toBe(lineOf(missing, 'MISSING'));
    await stillRunning();

    // 3. a module that throws while it loads (in the standby worker: TF5041, then TF4141, at game.ts:line)
    const throwing = `${optInGame(1)}\nthrow new Error('load boom');  // LOADTHROW\n`;
    r.save('game.ts', throwing);
    await r.waitFor('the third failed reload', () => r.app.stats().reload.failed === 3);
    const load = r.of('TF4141').at(-1)!;
    expect(load.file).toBe(gameFile);
    expect(load.line).toBe(lineOf(throwing, 'LOADTHROW'));
    expect(load.message).toContain('load boom');
    await stillRunning();

    // 4. a throw in the new code's first frame: its commands are dropped, the previous code comes back with the world
    const firstFrame = optInGame(1, "throw new Error('frame boom');  // FRAMETHROW");
    r.save('game.ts', firstFrame);
    await r.waitFor('the fourth failed reload', () => r.app.stats().reload.failed === 4);
    const frame = r.of('TF4141').at(-1)!;
    expect(frame.file).toBe(gameFile);
    expect(frame.line).toBe(lineOf(firstFrame, 'FRAMETHROW'));
    expect(frame.message).toContain('frame boom');
    await r.waitFor('the previous code back', () => !testHooks(r.app).logic.reloading);
    await stillRunning();
    expect(r.app.stats().reload.count).toBe(0);

    // the next good save recovers
    r.save('game.ts', optInGame(9));
    await r.waitFor('the good reload', () => r.app.stats().reload.count === 1);
    await r.waitFor('the new code', () => pos(r.app, id!)?.y === 9);
    expect(r.app.entityIds()).toEqual([id]);
    expect(r.app.stats().worker.restarts).toBe(0);
    // A failed build or load changed nothing: no flight recording of the game that runs on (it never
    // failed) lands in the project on every typo. The throw in the new code's first frame writes one,
    // of that code's incarnation up to its failing tick: a replay of the error.
    expect(flights.length, flights.join(', ')).toBe(1);
    expect(flights[0]).toMatch(/-TF5001-tick1\.tfrec$/);
  });

  it('ten saves within a second are at most two reloads; one worker is left, and stop leaves no watcher, timer or worker', async () => {
    const baseline = process.getActiveResourcesInfo().filter((k) => k === 'FSEventWrap' || k === 'Timeout').length;
    const r = await start({ 'game.ts': optInGame(0), 'step.ts': 'export const STEP = 0.01;\n' });
    await r.waitFor('a few frames', () => r.app.stats().logic.frames > 10);
    for (let i = 1; i <= 10; i++) {
      r.save('game.ts', optInGame(i));
      await sleep(8);
    }
    await r.waitFor('the reload', () => r.app.stats().reload.count >= 1 && pos(r.app, r.app.entityIds()[0]!)?.y === 10);
    await sleep(300);
    const s = r.app.stats();
    expect(s.reload.count + s.reload.failed).toBeGreaterThanOrEqual(1);
    expect(s.reload.count + s.reload.failed).toBeLessThanOrEqual(2);
    expect(s.reload.failed).toBe(0);
    const logic = testHooks(r.app).logic;
    await r.waitFor('the old workers gone', () => logic.workersAlive === 1);
    expect(logic.reloading).toBe(false);
    await r.app.stop();
    expect(logic.workersAlive).toBe(0);
    await sleep(20);
    const after = process.getActiveResourcesInfo().filter((k) => k === 'FSEventWrap' || k === 'Timeout').length;
    expect(after, 'fs watchers and timers left after stop').toBeLessThanOrEqual(baseline);
  });

  it('a reload while the logic is hung replaces the hung worker once: no restart on top, the new code runs', async () => {
    const hang = optInGame(0, 'if (moves === 30) { for (;;) {} }');
    const r = await start({ 'game.ts': hang, 'step.ts': 'export const STEP = 0.01;\n' }, { hangTimeoutMs: 600, restart: { maxRestarts: 3, windowMs: 10_000 } });
    await r.waitFor('the hang', () => r.app.stats().logic.frames >= 29);
    await sleep(50);
    r.save('game.ts', optInGame(4));
    await r.waitFor('the reload', () => r.app.stats().reload.count === 1, 20_000);
    const [id] = r.app.entityIds();
    await r.waitFor('the new code', () => id !== undefined && pos(r.app, id)?.y === 4);
    const s = r.app.stats();
    expect(s.worker.restarts, 'the watchdog restarted on top of the reload').toBe(0);
    expect(s.worker.hangs).toBeLessThanOrEqual(1);
    const logic = testHooks(r.app).logic;
    await r.waitFor('one worker', () => logic.workersAlive === 1);
    // the hung worker handed nothing over: the world was rebuilt by the new code's setup
    expect(r.app.entityIds()).toHaveLength(1);
  });

  it('a reload while a flood fills the command ring applies every published command once, in order', async () => {
    // Each update sends 400 position updates x = ++seq; the engine applies at most 150 per frame, so
    // the ring stays full and the logic keeps an overflow. The game checks the order it sees.
    const flood = (tag: string): string => `
let cube = 0; let seq = 0; let lastSeen = 0; let broken = 0;
const TARGET = 12000;
export default {
  setup(ctx) {
    ctx.hot.dispose((data) => { data.cube = cube; data.seq = seq; data.lastSeen = lastSeen; data.broken = broken; });
    if (ctx.hot.isReload) { ({ cube, seq, lastSeen, broken } = ctx.hot.data); console.log('${tag} took over at ' + seq); return; }
    cube = ctx.entities.createMesh('cube', { x: 0, y: 0, z: 0 }, 1, { r: 1, g: 2, b: 3, a: 255 }).id;
  },
  update(ctx) {
    const seen = ctx.entities.get(cube);
    if (seen !== undefined) { if (seen.x < lastSeen) broken++; lastSeen = seen.x; }
    for (let i = 0; i < 400 && seq < TARGET; i++) ctx.entities.updatePosition(cube, { x: ++seq, y: 0, z: 0 });
    if (seq === TARGET && seen !== undefined && seen.x === TARGET && broken >= 0) { console.log('${tag} done broken=' + broken); broken = -1; }
  },
};
`;
    const r = await start({ 'game.ts': flood('old') }, { commandQueueBytes: 8192, maxCommandsPerFrame: 150 });
    await r.waitFor('the flood', () => r.app.stats().logic.overflow_commands > 0 && r.app.stats().commands.applied > 1500, 20_000);
    r.save('game.ts', flood('new'));
    await r.waitFor('the reload', () => r.app.stats().reload.count === 1, 20_000);
    await r.waitFor('every command', () => r.lines().some((l) => l.includes('new done')), 30_000);
    expect(r.lines().find((l) => l.includes('new done'))).toContain('broken=0');
    const s = r.app.stats();
    // one creation and 12000 updates: each applied exactly once (none lost, none twice)
    expect(s.commands.applied).toBe(12001);
    expect(s.commands.rejected).toBe(0);
    const [id] = r.app.entityIds();
    expect(pos(r.app, id!)!.x).toBe(12000);
  });

  it('a seed-style game re-runs its script in a new worker and rebuilds the world in one frame', async () => {
    const seed = (y: number): string => `/* global JSEngine, EntityAPI */
for (let i = 0; i < 4; i++) EntityAPI.createMesh('sphere', [i, ${y}, 0], 1, { r: 9, g: 9, b: 9, a: 255 });
JSEngine.registerSystem('noop', { update() {} });
`;
    const renderer = new CountingRenderer();
    const dir = mkdtempSync(join(tmpdir(), 'tf-hot-seed-'));
    writeFileSync(join(dir, 'game.js'), seed(2));
    const diagnostics: EngineDiagnostic[] = [];
    const app = await createNodeApp({ game: join(dir, 'game.js'), fps: 60, logger: new MemoryLogger(), watch: true, renderer });
    app.on('diagnostic', (d) => diagnostics.push(d));
    runs.push({ app, dir, diagnostics, of: () => [], lines: () => [], waitFor: async () => {}, save: () => {} });
    app.start();
    const until = async (pred: () => boolean): Promise<void> => {
      const end = performance.now() + 15_000;
      while (!pred()) {
        if (performance.now() > end) throw new Error(`timed out; ${diagnostics.map((d) => d.code + ' ' + d.message).slice(-5).join('\n')}`);
        await sleep(5);
      }
    };
    await until(() => app.entityIds().length === 4);
    writeFileSync(join(dir, 'game.js'), seed(6));
    await until(() => app.stats().reload.count === 1 && app.entityIds().length === 4 && app.entityIds().every((id) => pos(app, id)?.y === 6));
    expect(renderer.emptyAfterStart()).toBe(0);
    expect(Math.max(...renderer.counts)).toBe(4);
  });

  it('a ProtogameJS3D tree re-runs in a new worker when an imported script changes, and its world is rebuilt in one frame', async () => {
    const scene = (y: number): string => `export class Scene {
    constructor() { this.made = false; }
    update() {
        if (this.made) return;
        this.made = true;
        for (let i = 0; i < 5; i++) entity.createMesh('cube', i, ${y}, 0, 1, 200, 100, 50, 255, 0);
    }
}
`;
    const main = `import { Scene } from './Scene.js';
const scene = new Scene();
globalThis.JSEngine = { update(dt) { scene.update(dt); }, render() {} };
`;
    const renderer = new CountingRenderer();
    const r = await start({ 'main.js': main, 'Scene.js': scene(3) }, { host: 'protogame', renderer });
    await r.waitFor('five cubes', () => r.app.entityIds().length === 5);
    r.save('Scene.js', scene(8));
    await r.waitFor('the rebuilt world', () => r.app.stats().reload.count === 1 && r.app.entityIds().length === 5 && r.app.entityIds().every((id) => pos(r.app, id)?.y === 8));
    expect(renderer.emptyAfterStart()).toBe(0);
    expect(Math.max(...renderer.counts)).toBe(5);
  });

  it('a ProtogameJS3D save that imports a file by another letter case loads with one TF3013 warning (with its page), not one per reload', async () => {
    const main = (spelled: string, y: number): string => `import { make } from '${spelled}';
globalThis.JSEngine = { update() { make(${y}); }, render() {} };
`;
    const helper = `let made = false;
export function make(y) {
    if (made) return;
    made = true;
    entity.createMesh('cube', 0, y, 0, 1, 200, 100, 50, 255, 0);
}
`;
    const logger = new MemoryLogger();
    const r = await start({ 'main.js': main('./Helper.js', 1), 'Helper.js': helper }, { host: 'protogame', logger });
    await r.waitFor('the cube', () => r.app.entityIds().length === 1);
    expect(logger.matching('TF3013'), 'spelled as on disk: no warning').toEqual([]);
    r.save('main.js', main('./helper.js', 2));
    await r.waitFor('the first reload', () => r.app.stats().reload.count === 1 && r.app.entityIds().some((id) => pos(r.app, id)?.y === 2));
    r.save('main.js', main('./helper.js', 3));
    await r.waitFor('the second reload', () => r.app.stats().reload.count === 2 && r.app.entityIds().some((id) => pos(r.app, id)?.y === 3));
    const warnings = logger.matching('TF3013').map((l) => l.message);
    expect(warnings, 'one line for the spelling, though two builds saw it').toHaveLength(1);
    expect(warnings[0]).toMatch(/^TF3013 bundle: .*got "\.\/helper\.js" in .*main\.js:1:\d+, on disk .*Helper\.js.* -> docs\/errors\/TF3013\.md$/);
  });

  it('a crash after a reload restarts the reloaded code, not the code the app started with', async () => {
    const crashing = optInGame(3, "globalThis.n = (globalThis.n ?? 0) + 1; if (ctx.hot.isReload && globalThis.n === 30) { setTimeout(() => { throw new Error('worker crash'); }); }");
    const r = await start({ 'game.ts': optInGame(0), 'step.ts': 'export const STEP = 0.01;\n' }, { restart: { maxRestarts: 3, windowMs: 10_000 } });
    await r.waitFor('a few frames', () => r.app.stats().logic.frames > 10);
    r.save('game.ts', crashing);
    await r.waitFor('the reload', () => r.app.stats().reload.count === 1);
    await r.waitFor('the crash and the restart', () => r.app.stats().worker.restarts === 1);
    // the restarted incarnation created its cube (the world was cleared) and moves it with the reloaded code (y = 3)
    await r.waitFor('the restarted incarnation\'s cube', () => r.app.stats().entities.created === 2 && r.app.entityIds().length === 1);
    const f0 = r.app.stats().logic.frames;
    await r.waitFor('a few frames of it', () => r.app.stats().logic.frames > f0 + 5);
    expect(pos(r.app, r.app.entityIds()[0]!)?.y).toBe(3);
  });

  it('after reloads, the restart spare starts only once the code ran RELOAD_SPARE_DELAY_MS without a save, for the newest incarnation', async () => {
    const r = await start({ 'game.ts': optInGame(0), 'step.ts': 'export const STEP = 0.01;\n' }, { restart: { maxRestarts: 3, windowMs: 10_000 } });
    const logic = testHooks(r.app).logic;
    await r.waitFor('the first spare (100 ms after the first frame)', () => logic.spareReady, 10_000);
    // Two saves 400 ms apart: a spare of the first reload's code would be dropped by the second.
    r.save('game.ts', optInGame(1));
    await r.waitFor('reload 1', () => r.app.stats().reload.count === 1);
    await sleep(400);
    r.save('game.ts', optInGame(2));
    await r.waitFor('reload 2', () => r.app.stats().reload.count === 2);
    const reloadedAt = performance.now();
    const incarnation = logic.incarnation;
    // No spare thread started since the first reload: saving often costs no spare start per save.
    while (performance.now() - reloadedAt < RELOAD_SPARE_DELAY_MS - 500) {
      expect(logic.sparesAlive, 'no spare within the delay after a reload').toBe(0);
      await sleep(20);
    }
    await r.waitFor('the newest incarnation\'s spare', () => logic.spareReady, RELOAD_SPARE_DELAY_MS + 10_000);
    expect(logic.spareIncarnation).toBe(incarnation + 1);
    expect(r.app.stats().reload.failed).toBe(0);
  });

  it('a game moving its entities with setPositions (the bulk path) keeps moving them after an opted-in reload', async () => {
    const bulk = (y: number): string => `
let ids = [];
export default {
  setup(ctx) {
    ctx.hot.dispose((data) => { data.ids = ids; });
    if (ctx.hot.isReload) { ids = ctx.hot.data.ids; return; }
    for (let i = 0; i < 3; i++) ids.push(ctx.entities.createMesh('cube', { x: i, y: 0, z: 0 }, 1, { r: 5, g: 5, b: 5, a: 255 }).id);
  },
  update(ctx) {
    const t = ctx.time.tick;
    ctx.entities.setPositions(ids, [t, ${y}, 0, t, ${y}, 1, t, ${y}, 2]);
  },
};
`;
    const r = await start({ 'game.ts': bulk(1) });
    await r.waitFor('three cubes moved in bulk', () => r.app.entityIds().length === 3 && r.app.entityIds().every((id) => pos(r.app, id)?.y === 1));
    const ids = r.app.entityIds().sort();
    r.save('game.ts', bulk(4));
    await r.waitFor('the reload', () => r.app.stats().reload.count === 1);
    await r.waitFor('the new code moving the same cubes in bulk', () => r.app.entityIds().every((id) => pos(r.app, id)?.y === 4));
    expect(r.app.entityIds().sort()).toEqual(ids);
    const x0 = pos(r.app, ids[0]!)!.x;
    await r.waitFor('still moving', () => pos(r.app, ids[0]!)!.x > x0);
  });
});
