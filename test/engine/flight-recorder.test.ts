/**
 * The flight recorder on real workers (issue 16): on the first error of a code it writes a
 * recording holding every logic fact of the running incarnation (a replay starts at tick 1) and
 * the commands of the last N seconds; on a hang it writes at once; `flightRecorderSeconds: 0`
 * turns it off.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { runHeadless } from '../../src/startup/run-headless.ts';
import { createNodeApp } from '../../src/startup/node-app.ts';
import type { App } from '../../src/engine/app.ts';
import type { EngineDiagnostic } from '../../src/engine/diagnostic-hub.ts';
import { MemoryLogger } from '../../src/platform/logger.ts';
import { decodeRecording } from '../../src/protocol/recording-decoder.ts';
import type { DecodedRecording, EngineFrameEvent } from '../../src/protocol/recording.ts';
import { COMMAND_SPECS } from '../../src/protocol/command-table.ts';
import { createTickFacts, forEachRecord, readTickFactsOf } from '../../src/protocol/logic-facts.ts';

const game = fileURLToPath(new URL('../fixtures/games/record-sources.ts', import.meta.url));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
let app: App | undefined;

afterEach(async () => {
  await app?.stop();
  app = undefined;
});

interface Written { readonly bytes: Uint8Array; readonly name: string }

/** The ticks whose facts (FRAME_END's, or TICK_FACTS before format 4) a recording holds, in order. */
function ticksOf(file: DecodedRecording): number[] {
  const t = createTickFacts();
  const ticks: number[] = [];
  for (const e of file.events) {
    if (e.kind !== 'frame') continue;
    forEachRecord(e.records, (op, _type, off, len) => { if (readTickFactsOf(e.records, op, off, len, t)) ticks.push(t.tick); });
  }
  return ticks;
}

/** Game-command records (not facts, not FRAME_END) in a frame event. */
function gameCommands(e: EngineFrameEvent): number {
  let n = 0;
  forEachRecord(e.records, (op) => {
    const target = COMMAND_SPECS[op]?.target;
    if (target !== undefined && target !== 'frame' && target !== 'facts') n++;
  });
  return n;
}

describe('the flight recorder', () => {
  it('writes once per error code, with every logic fact from tick 1 through the failing tick', async () => {
    const files: Written[] = [];
    const run = await runHeadless(game, {
      frames: 40, fps: 240, gameOptions: { throwAt: 20 },
      flightRecorderSink: (bytes, name) => { files.push({ bytes, name }); return `memory/${name}`; },
    });
    const thrown = run.diagnostics.filter((d) => d.code === 'TF5001');
    expect(thrown.length, 'the game threw twice (ticks 20 and 25)').toBe(2);
    expect(files.length, 'one file for the one code').toBe(1);
    expect(files[0]!.name).toMatch(/^twinframe-flight-.*-TF5001-tick20\.tfrec$/);
    const written = run.diagnostics.filter((d) => d.code === 'TF4160');
    expect(written.length).toBe(1);
    expect(written[0]!.message).toContain(`memory/${files[0]!.name}`);
    const file = await decodeRecording(files[0]!.bytes);
    expect(file.header.kind).toBe('flight');
    expect(file.truncatedAt).toBeNull();
    const ticks = ticksOf(file);
    expect(ticks.slice(0, 20), 'every tick from the first through the one that threw').toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const boom = file.events.find((e) => e.kind === 'diagnostic' && e.code === 'TF5001');
    expect(boom, 'the error itself is in the file').toMatchObject({ kind: 'diagnostic', tick: 20 });
    expect((boom as { message: string }).message).toContain('boom at tick 20');
  }, 30_000);

  it('keeps the commands and keyframes of the last N seconds only, and the facts of the whole incarnation', async () => {
    const files: Written[] = [];
    // 60 engine frames per second of the app's clock; 200 frames are 3.3 s of it.
    await runHeadless(game, {
      frames: 200, fps: 60, gameOptions: { throwAt: 195 }, flightRecorderSeconds: 1,
      flightRecorderSink: (bytes, name) => { files.push({ bytes, name }); return name; },
    });
    expect(files.length).toBe(1);
    const file = await decodeRecording(files[0]!.bytes);
    const ticks = ticksOf(file);
    expect(ticks.slice(0, 195), 'the facts of every tick from the first').toEqual(Array.from({ length: 195 }, (_, i) => i + 1));
    const frames = file.events.filter((e): e is EngineFrameEvent => e.kind === 'frame');
    const last = frames.at(-1)!.frame;
    // The window is trimmed once a second: commands may outlive it by up to one more second.
    const old = frames.filter((f) => f.frame < last - 2.1 * 60);
    const recent = frames.filter((f) => f.frame >= last - 60);
    expect(old.length, 'frames older than the window are there (their facts)').toBeGreaterThan(50);
    expect(old.reduce((n, f) => n + gameCommands(f), 0), 'but without their commands').toBe(0);
    expect(recent.reduce((n, f) => n + gameCommands(f), 0), 'the last second keeps its commands').toBeGreaterThanOrEqual(55);
    const keyframes = file.events.filter((e) => e.kind === 'keyframe');
    expect(keyframes.length, 'a keyframe within the window').toBeGreaterThanOrEqual(1);
    for (const k of keyframes) expect(k.frame, 'no keyframe older than the window (and a trim)').toBeGreaterThanOrEqual(last - 2.1 * 60);
  }, 30_000);

  it('writes at once when the logic hangs (real clock, real watchdog)', async () => {
    const files: Written[] = [];
    const diagnostics: EngineDiagnostic[] = [];
    app = await createNodeApp({
      game, logger: new MemoryLogger(), hangTimeoutMs: 400, restart: false, gameOptions: { hangAt: 15 },
      flightRecorderSink: (bytes, name) => { files.push({ bytes, name }); return name; },
    });
    app.on('diagnostic', (d) => diagnostics.push(d));
    app.start();
    const end = performance.now() + 20_000;
    while (!diagnostics.some((d) => d.code === 'TF4160') && performance.now() < end) await sleep(20);
    expect(diagnostics.some((d) => d.code === 'TF4102'), 'the watchdog declared the hang').toBe(true);
    expect(files.length, 'one file').toBe(1);
    expect(files[0]!.name).toContain('TF4102');
    const file = await decodeRecording(files[0]!.bytes);
    const ticks = ticksOf(file);
    expect(ticks, 'every tick before the one that never ended').toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    expect(file.events.some((e) => e.kind === 'diagnostic' && e.code === 'TF4102')).toBe(true);
  }, 30_000);

  it('is off with flightRecorderSeconds: 0', async () => {
    let calls = 0;
    const run = await runHeadless(game, {
      frames: 30, fps: 240, gameOptions: { throwAt: 10 }, flightRecorderSeconds: 0,
      flightRecorderSink: () => { calls++; return 'nowhere'; },
    });
    expect(run.diagnostics.some((d) => d.code === 'TF5001'), 'the game threw').toBe(true);
    expect(calls, 'nothing written').toBe(0);
    expect(run.diagnostics.some((d) => d.code === 'TF4160')).toBe(false);
  }, 30_000);
  it('stops for good past flightRecorderMaxEntities (TF4162 once): no file for a later error, startRecording refused; at the limit it keeps recording', async () => {
    let calls = 0;
    // record-sources.ts keeps one cube alive: a limit of 0 is passed at its creation.
    const over = await runHeadless(game, {
      frames: 40, fps: 240, gameOptions: { throwAt: 20 }, flightRecorderMaxEntities: 0,
      flightRecorderSink: () => { calls++; return 'nowhere'; },
    });
    expect(over.diagnostics.some((d) => d.code === 'TF5001'), 'the game threw').toBe(true);
    const stopped = over.diagnostics.filter((d) => d.code === 'TF4162');
    expect(stopped.length, 'said once').toBe(1);
    expect(stopped[0]!.severity).toBe('warning');
    expect(stopped[0]!.message).toMatch(/got 1 live entities, more than flightRecorderMaxEntities 0\..*Raise flightRecorderMaxEntities/);
    expect(calls, 'no flight file after it stopped').toBe(0);
    const files: Written[] = [];
    const at = await runHeadless(game, {
      frames: 40, fps: 240, gameOptions: { throwAt: 20 }, flightRecorderMaxEntities: 1,
      flightRecorderSink: (bytes, name) => { files.push({ bytes, name }); return name; },
    });
    expect(at.diagnostics.some((d) => d.code === 'TF4162'), 'one entity is within a limit of 1').toBe(false);
    expect(files.length, 'the flight file of the error').toBe(1);
    const diagnostics: EngineDiagnostic[] = [];
    app = await createNodeApp({ game, logger: new MemoryLogger(), flightRecorderMaxEntities: 0, flightRecorderSink: () => 'nowhere' });
    app.on('diagnostic', (d) => diagnostics.push(d));
    app.start();
    const end = performance.now() + 20_000;
    while (!diagnostics.some((d) => d.code === 'TF4162') && performance.now() < end) await sleep(20);
    const live = app;
    expect(() => live.startRecording(() => {}), 'startRecording after TF4162').toThrow(/flight recorder stopped at 1 live entities \(flightRecorderMaxEntities 0, TF4162\)/);
    expect(live.recording).toBe(false);
  }, 30_000);

  it('refuses a flightRecorderMaxEntities that is not a number >= 0 (TF4100)', async () => {
    await expect(createNodeApp({ game, logger: new MemoryLogger(), flightRecorderMaxEntities: -1 })).rejects.toThrow(/TF4100.*flightRecorderMaxEntities must be a number >= 0.*got -1/s);
  });
});
