/**
 * Debug text and audio from a ProtogameJS3D script tree to the engine, on a real logic worker
 * (worker_threads, real SharedArrayBuffers, the bundled runtime) with the tree
 * test/fixtures/protogame-text-audio: texts travel in the debug-draw StateBuffer (with their UTF-8
 * bytes) to the renderer's debugText, read back from a RecordingRenderer; audio calls travel as
 * command-table commands to the engine's AudioSystem and its AudioSink, read back from a
 * RecordingAudioSink, counted in stats (`audio.calls`) and in the CLI's JSON report; a missing file
 * is a TF3030 diagnostic naming the path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNodeApp, findDataRoot } from '../../src/startup/node-app.ts';
import type { App } from '../../src/engine/app.ts';
import type { EngineDiagnostic } from '../../src/engine/diagnostic-hub.ts';
import { MemoryLogger } from '../../src/platform/logger.ts';
import { RecordingRenderer } from '../../src/platform/recording-renderer.ts';
import { RecordingAudioSink } from '../../src/platform/audio-sink.ts';
import { DEBUG_MODE_ALWAYS, DEBUG_MODE_USE_DEPTH, DEBUG_MODE_X_RAY, DEBUG_TEXT_KINDS } from '../../src/protocol/debug-draw-state.ts';

const ROOT = fileURLToPath(new URL('../fixtures/protogame-text-audio/', import.meta.url));
const MAIN_JS = join(ROOT, 'Data/Scripts/main.js');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let app: App;
let renderer: RecordingRenderer;
let sink: RecordingAudioSink;
const diagnostics: EngineDiagnostic[] = [];

async function until(cond: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; stats ${JSON.stringify(app.stats().debug)} ${JSON.stringify(app.stats().audio)}; diagnostics ${JSON.stringify(diagnostics.map((d) => `${d.code} ${d.message}`))}`);
    await sleep(10);
  }
}

beforeAll(async () => {
  renderer = new RecordingRenderer();
  const root = findDataRoot(MAIN_JS);
  sink = new RecordingAudioSink({ fileExists: (p) => existsSync(join(root, p)) });
  app = await createNodeApp({ game: MAIN_JS, host: 'protogame', renderer, audio: sink, logger: new MemoryLogger(), fps: 60 });
  app.on('diagnostic', (d) => diagnostics.push(d));
  app.start();
});

afterAll(async () => {
  await app?.stop();
});

describe('debug text and audio from a protogame tree (real worker)', () => {
  it('finds the data root: the folder above the script that holds Data/', () => {
    expect(findDataRoot(MAIN_JS)).toBe(ROOT.replace(/\/$/, ''));
  });

  it('hands every text to the renderer with its kind, string, placement, colour and mode', async () => {
    await until(() => renderer.debugTexts.length === 5, 'the five texts');
    const byKind = (k: string) => renderer.debugTexts.filter((t) => DEBUG_TEXT_KINDS[t.kind] === k);
    expect(byKind('worldText')).toEqual([
      { kind: 0, text: 'WORLD', x: 10, y: 3, z: 0, height: 1.5, alignX: 0.5, alignY: 0.5, r: 255, g: 0, b: 0, a: 255, mode: DEBUG_MODE_ALWAYS },
      { kind: 0, text: 'é ünïcödé ✓', x: 10, y: 0, z: -3, height: 0.5, alignX: 0.5, alignY: 0.5, r: 255, g: 255, b: 255, a: 255, mode: DEBUG_MODE_X_RAY },
    ]);
    expect(byKind('billboardText')).toEqual([
      { kind: 1, text: 'BILL', x: 10, y: -3, z: 0, height: 1.5, alignX: 0.5, alignY: 0.5, r: 0, g: 255, b: 0, a: 255, mode: DEBUG_MODE_USE_DEPTH },
    ]);
    expect(byKind('screenText')).toEqual([
      { kind: 2, text: 'SCREEN', x: 20, y: 20, z: 0, height: 48, alignX: 0, alignY: 0, r: 0, g: 0, b: 255, a: 255, mode: 0 },
    ]);
    expect(byKind('message').map((t) => [t.text, t.r, t.g, t.b, t.a])).toEqual([['hello message', 255, 255, 0, 255]]);
    expect(app.stats().debug, 'counted: five texts, no lines, nothing skipped').toMatchObject({ primitives: 5, texts: 5, lines: 0, skipped: 0 });
    expect(renderer.misuse).toBe(0);
  });

  it('carries every audio call with its arguments to the sink, and counts them by kind', async () => {
    await until(() => sink.calls.length >= 10, 'the audio calls');
    const calls = sink.calls.map((c) => [c.kind, ...c.args]);
    expect(calls).toEqual([
      ['load', 1, 'Data/Audio/Tone.wav', false],
      ['start', 1, 1, true, 1, 0, 1, false, false, 0, 0, 0],
      ['volume', 1, expect.closeTo(0.8, 5)],
      ['balance', 1, -0.5],
      ['speed', 1, 1.25],
      ['load', 2, 'Data/Audio/Tone.wav', true],
      ['start', 2, 2, false, 0.5, 0, 1, false, true, 10, 0, 0],
      ['position', 2, 5, 1, 0],
      ['load', 3, 'Data/Audio/Missing.mp3', false],
      ['start', 3, 3, false, 1, 0, 1, false, false, 0, 0, 0],
      ['stop', 3],
    ]);
    expect(app.stats().audio).toMatchObject({ sounds: 3, calls: { load: 3, start: 3, stop: 1, volume: 1, balance: 1, speed: 1, position: 1 } });
    await until(() => sink.listenerUpdates > 0, 'the listener at the active camera');
    expect([...sink.listener], 'the listener is the active camera (at the origin, looking along +X)').toEqual([0, 0, 0, 0, 0, 0]);
    expect(app.stats().audio.calls.listener).toBeGreaterThan(0);
  });

  it('reports a missing sound file as TF3030 naming the path, and runs on', async () => {
    await until(() => diagnostics.some((d) => d.code === 'TF3030'), 'the missing-file diagnostic');
    const missing = diagnostics.filter((d) => d.code === 'TF3030');
    expect(missing, 'once, for the missing file only').toHaveLength(1);
    expect(missing[0]!.message).toContain('"Data/Audio/Missing.mp3"');
    expect(missing[0]!.message.startsWith('audio.createOrGetSound: ')).toBe(true);
    expect([...sink.missing]).toEqual([3]);
    const frame = app.frame;
    await until(() => app.frame > frame + 5, 'more frames');
    expect(diagnostics.filter((d) => d.severity === 'error' || d.severity === 'fatal'), 'no error: nothing crashed, no command refused').toEqual([]);
  });
});

describe('the CLI report counts audio calls by kind', () => {
  it('twinframe run --json has audio.calls and the texts, and TF3030 for the missing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-text-audio-'));
    try {
      const json = join(dir, 'report.json');
      const cli = fileURLToPath(new URL('../../bin/twinframe.mjs', import.meta.url));
      const r = spawnSync(process.execPath, [cli, 'run', '--host', 'protogame', MAIN_JS, '--frames', '60', '--json', json, '--quiet'],
        { cwd: fileURLToPath(new URL('../..', import.meta.url)), encoding: 'utf8', timeout: 90_000 });
      expect(r.status, `exit 0; stderr: ${r.stderr}`).toBe(0);
      const report = JSON.parse(readFileSync(json, 'utf8')) as { audio: { sounds: number; calls: Record<string, number> }; debug: { texts: number }; diagnostics: { by_code: Record<string, number> } };
      expect(report.audio.sounds).toBe(3);
      expect(report.audio.calls).toMatchObject({ load: 3, start: 3, stop: 1, volume: 1, balance: 1, speed: 1, position: 1 });
      expect(report.debug.texts).toBe(5);
      expect(report.diagnostics.by_code.TF3030, 'the missing file, found under the data root the CLI derived').toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
