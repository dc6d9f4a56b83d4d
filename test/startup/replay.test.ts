// Record then verify (issue 16): a game recorded by the engine's recorder (createNodeApp's `record`,
// real worker, real shared memory) and replayed by the replay driver in a real worker again, tick
// by tick with verification. For a typed game, a seed-style game and a ProtogameJS3D tree, each using
// Math.random, keyboard, mouse and gamepad input and creation callbacks, recorded in lockstep and
// free-running; a restart in the middle of a recording; a game edited between recording and replay
// (the first divergent tick and the differing fields); a crash and a hang caught by the flight
// recorder and reproduced at the same tick.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createNodeApp } from '../../src/startup/node-app.ts';
import { runHeadless } from '../../src/startup/run-headless.ts';
import { MemoryLogger } from '../../src/platform/logger.ts';
import type { InputSink } from '../../src/protocol/input-writer.ts';
import { decodeRecording } from '../../src/protocol/recording-decoder.ts';
import { planReplay } from '../../src/startup/replay-plan.ts';
import { replayRecording, type DecodedRecording, type ReplayReport } from '../../src/startup/replay-driver.ts';
import type { EngineDiagnostic } from '../../src/engine/diagnostic-hub.ts';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const TYPED = here('./replay-fixtures/typed-game.ts');
const SEED = here('./replay-fixtures/seed-game.js');
const PROTOGAME = here('./replay-fixtures/protogame/main.js');
const tmp = mkdtempSync(join(tmpdir(), 'twinframe-replay-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let files = 0;
const fileName = (what: string): string => join(tmp, `${what}-${++files}.tfrec`);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const VK_RIGHT = 39;
const VK_A = 65;
const VK_W = 87;

/** Scripted play at logic tick (or input step) `n`: keys, mouse, gamepad 0. */
function play(n: number, input: InputSink): void {
  if (n === 5) { input.keyDown(VK_RIGHT); input.keyDown(VK_W); }
  if (n === 40) { input.keyUp(VK_RIGHT); input.keyUp(VK_W); }
  if (n === 20 || n === 60) input.keyDown(VK_A);
  if (n === 22 || n === 62) input.keyUp(VK_A);
  if (n % 5 === 0) input.mouseMove(100 + n * 3, 50 + n, 3, 1);
  if (n === 30 || n === 70) input.mouseButton(0, true);
  if (n === 31 || n === 71) input.mouseButton(0, false);
  if (n >= 45) input.setGamepad(0, true, n >= 50 && n < 55 ? 1 : 0, [0.5, -0.25], [n >= 50 && n < 55 ? 1 : 0]);
}

async function decode(file: string): Promise<DecodedRecording> {
  return decodeRecording(new Uint8Array(readFileSync(file)));
}

/** Records `frames` lockstep ticks of `game` with the scripted play. */
async function recordLockstep(game: string, host: 'twinframe' | 'protogame', frames = 100, extra: Record<string, unknown> = {}): Promise<string> {
  const file = fileName('lockstep');
  await runHeadless(game, { frames, fps: 240, host, record: file, flightRecorderSeconds: 0, beforeFrame: play, ...extra });
  return file;
}

/** Records free-running play (logic at 60 Hz, engine at 90 fps) of `game` until `ticks` logic ticks ran, the play scripted by wall time (a step every 10 ms). */
async function recordFree(game: string, host: 'twinframe' | 'protogame', ticks = 60): Promise<string> {
  const file = fileName('free');
  const app = await createNodeApp({ game, host, fps: 90, logic: { hz: 60 }, record: file, flightRecorderSeconds: 0, logger: new MemoryLogger() });
  app.start();
  const t0 = performance.now();
  let step = 0;
  while ((app.stats().logic.frames < ticks || step < 80) && performance.now() - t0 < 20_000) {
    await sleep(10);
    play(++step, app.input);
  }
  await app.stop();
  return file;
}

/** What a verified replay of a healthy recording must show, and what the recording must hold to be a real test. */
function expectIdentical(report: ReplayReport, rec: DecodedRecording, minTicks: number): void {
  expect(report.divergence, report.divergence?.detail).toBeNull();
  expect(report.errors).toEqual([]);
  expect(report.recordedErrors).toEqual([]);
  expect(report.ticks).toBe(report.recordedTicks);
  expect(report.ticks).toBeGreaterThanOrEqual(minTicks);
  expect(report.frames).toBeGreaterThan(0);
  expect(report.bundleHashMatches).toBe(true);
  // The recording exercised every input the replay had to reproduce.
  const plan = planReplay(rec.events);
  const ticks = plan.incarnations.flatMap((i) => i.ticks);
  expect(ticks.filter((t) => t.input !== null).length).toBeGreaterThanOrEqual(4);
  expect(ticks.reduce((n, t) => n + t.callbacks.length, 0)).toBeGreaterThanOrEqual(5);
  expect(new Set(ticks.map((t) => t.rawDt)).size).toBeGreaterThan(1);
}

describe('record then verify', () => {
  it.each([
    ['typed', TYPED, 'twinframe'],
    ['seed-style', SEED, 'twinframe'],
    ['ProtogameJS3D', PROTOGAME, 'protogame'],
  ] as const)('a %s game recorded in lockstep replays identically, tick by tick', async (_name, game, host) => {
    const file = await recordLockstep(game, host, 100);
    const rec = await decode(file);
    expect(rec.header.pacing).toBe('lockstep');
    const report = await replayRecording(rec, { verify: true });
    expectIdentical(report, rec, 95);
  }, 60_000);

  it.each([
    ['typed', TYPED, 'twinframe'],
    ['seed-style', SEED, 'twinframe'],
    ['ProtogameJS3D', PROTOGAME, 'protogame'],
  ] as const)('a %s game recorded free-running replays identically', async (_name, game, host) => {
    const file = await recordFree(game, host);
    const rec = await decode(file);
    expect(rec.header.pacing).toBe('free');
    const report = await replayRecording(rec, { verify: true });
    expectIdentical(report, rec, 55);
  }, 60_000);
});

describe('restarts, edits, crashes and hangs', () => {
  it('replays a recording with a restart in the middle: both incarnations, the crash at the same tick', async () => {
    const file = fileName('restart');
    const diagnostics: EngineDiagnostic[] = [];
    const app = await createNodeApp({
      game: TYPED, fps: 240, record: file, flightRecorderSeconds: 0, logger: new MemoryLogger(),
      gameOptions: { crashAt: 25 }, restart: { maxRestarts: 1, windowMs: 60_000 },
    });
    app.on('diagnostic', (d) => diagnostics.push(d));
    app.start();
    // Incarnation 1 crashes in tick 25, incarnation 2 too; then the logic stays down.
    const t0 = performance.now();
    while (diagnostics.filter((d) => d.code === 'TF4103').length < 2 && performance.now() - t0 < 20_000) await sleep(20);
    await sleep(100);
    await app.stop();
    const rec = await decode(file);
    const report = await replayRecording(rec, { verify: true });
    expect(report.divergence, report.divergence?.detail).toBeNull();
    expect(report.incarnations).toBe(2);
    expect(report.ticks).toBeGreaterThanOrEqual(2 * 24);
    const crashes = report.errors.filter((e) => e.code === 'TF4103');
    expect(crashes.map((e) => [e.incarnation, e.tick])).toEqual([[1, 25], [2, 25]]);
    const recorded = report.recordedErrors.filter((e) => e.code === 'TF4103');
    expect(recorded).toHaveLength(2);
    // The engine names the tick it last saw finished or the one running: 24 or 25.
    for (const r of recorded) expect([24, 25]).toContain(r.tick);
  }, 60_000);

  it('finds the first divergent tick and the differing fields of a game edited after the recording', async () => {
    const dir = mkdtempSync(join(tmp, 'edited-'));
    const game = join(dir, 'game.ts');
    const logic = fileURLToPath(new URL('../../src/logic/index.ts', import.meta.url));
    const source = readFileSync(TYPED, 'utf8').replace("'../../../src/logic/index.ts'", JSON.stringify(logic));
    writeFileSync(game, source);
    const file = await recordLockstep(game, 'twinframe', 60);
    // The edit: the player moves faster with ArrowRight, which the recording holds from tick 5 on.
    writeFileSync(game, source.replace('const SPEED = 10;', 'const SPEED = 12;'));
    const rec = await decode(file);
    const report = await replayRecording(rec, { verify: true });
    expect(report.bundleHashMatches).toBe(false);
    const d = report.divergence;
    expect(d).not.toBeNull();
    expect(d!.tick).toBe(5);
    expect(d!.reason).toBe('commands');
    expect(report.ticks).toBeLessThanOrEqual(6);
    // The player (the first entity) differs in x only: position[0], recorded vs replayed.
    const player = d!.entities.find((e) => e.status === 'changed');
    expect(player).toBeDefined();
    expect(player!.fields.map((f) => f.field)).toContain('position[0]');
    const x = player!.fields.find((f) => f.field === 'position[0]')!;
    expect(x.replayed / x.recorded).toBeCloseTo(1.2, 5);
    expect(d!.lines.join('\n')).toMatch(/changed: .*position\[0\]/);
  }, 60_000);

  it.each([
    ['crash', { crashAt: 25 }, 'TF4103'],
    ['hang', { hangAt: 25 }, 'TF4102'],
  ] as const)('a %s caught by the flight recorder replays into the same error at the same tick', async (_what, options, code) => {
    const dir = mkdtempSync(join(tmp, 'flight-'));
    const diagnostics: EngineDiagnostic[] = [];
    const app = await createNodeApp({
      game: TYPED, fps: 240, flightRecorderSeconds: 30, flightRecorderDir: dir, logger: new MemoryLogger(),
      gameOptions: options, restart: false, hangTimeoutMs: 1000,
    });
    app.on('diagnostic', (d) => diagnostics.push(d));
    app.start();
    const t0 = performance.now();
    // TF4160 names each flight file and the error that asked for it (a restart-limit error may follow).
    const fileFor = (): string | undefined => diagnostics.map((d) => d.code === 'TF4160' ? new RegExp(`written to (.+?) \\(after ${code}`).exec(d.message)?.[1] : undefined).find((p) => p !== undefined);
    while (fileFor() === undefined && performance.now() - t0 < 20_000) await sleep(20);
    await app.stop();
    const path = fileFor();
    expect(path, diagnostics.map((d) => `${d.code} ${d.message}`).join('\n')).toBeDefined();
    expect(readdirSync(dir).length).toBeGreaterThanOrEqual(1);
    const rec = await decode(path!);
    expect(rec.header.kind).toBe('flight');
    const report = await replayRecording(rec, { verify: true, hangTimeoutMs: 1000 });
    expect(report.divergence, report.divergence?.detail).toBeNull();
    const failure = report.errors.find((e) => e.code === code);
    expect(failure, JSON.stringify(report.errors)).toBeDefined();
    expect(failure!.tick).toBe(25);
    const recorded = report.recordedErrors.find((e) => e.code === code)!;
    expect([24, 25]).toContain(recorded.tick);
    expect(report.ticks).toBeGreaterThanOrEqual(20);
    // The same file replayed with the bug fixed: the recorded error did not happen, a divergence.
    const fixed = join(dir, 'fixed.ts');
    const logic = fileURLToPath(new URL('../../src/logic/index.ts', import.meta.url));
    writeFileSync(fixed, readFileSync(TYPED, 'utf8').replace("'../../../src/logic/index.ts'", JSON.stringify(logic)).replaceAll('process.exit(3);', 'void 0;').replaceAll('for (;;) { /* hang */ }', 'void 0;'));
    const again = await replayRecording(rec, { verify: true, hangTimeoutMs: 1000, game: fixed });
    expect(again.errors).toEqual([]);
    expect(again.divergence?.reason).toBe('error');
    expect(again.divergence?.detail).toContain(`the recording's ${code} at tick`);
    expect(again.bundleHashMatches).toBe(false);
  }, 60_000);
});

