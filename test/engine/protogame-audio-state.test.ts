/**
 * What the logic learns back from the audio, and the script's listeners, on a real logic worker
 * (worker_threads, real SharedArrayBuffers, the bundled runtime) with createNodeApp's default
 * headless sink: the tree test/fixtures/protogame-audio-state, copied with a generated MP3 of
 * silence (Data/Audio/Blip.mp3, 20 frames = 0.522 s). `audio.isPlaying` of a one-shot turns false
 * after the file's duration (the sink's model ends it, the engine sends a SOUND_ENDED callback
 * record, the host applies it at the next frame's start) while a looped playback of the same sound
 * plays on; `setNumListeners(2)` + `updateListener` reach the sink with their count, and listener 0
 * replaces the active camera as the ear (the camera moves on, the listener stays).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNodeApp } from '../../src/startup/node-app.ts';
import type { App } from '../../src/engine/app.ts';
import type { EngineDiagnostic } from '../../src/engine/diagnostic-hub.ts';
import { MemoryLogger } from '../../src/platform/logger.ts';
import { RecordingAudioSink } from '../../src/platform/audio-sink.ts';
import { soundFileDuration } from '../../src/platform/sound-file-duration.ts';
import { silentMp3, silentMp3Seconds } from '../helpers/silent-mp3.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/protogame-audio-state/', import.meta.url));
const BLIP_FRAMES = 20;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let dir: string;
let app: App;
let sink: RecordingAudioSink;
const diagnostics: EngineDiagnostic[] = [];
const lines = (): string[] => diagnostics.filter((d) => d.code === 'TF5030').map((d) => d.message);

async function until(cond: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; audio ${JSON.stringify(app.stats().audio)}; diagnostics ${JSON.stringify(diagnostics.map((d) => `${d.code} ${d.message}`))}`);
    await sleep(10);
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tf-audio-state-'));
  cpSync(join(FIXTURE, 'Data'), join(dir, 'Data'), { recursive: true });
  mkdirSync(join(dir, 'Data/Audio'), { recursive: true });
  writeFileSync(join(dir, 'Data/Audio/Blip.mp3'), silentMp3(BLIP_FRAMES));
  // The sink createNodeApp builds by default (the last test runs that one), kept here to read it.
  sink = new RecordingAudioSink({
    fileExists: (p) => existsSync(join(dir, p)),
    durationOf: (p) => soundFileDuration(readFileSync(join(dir, p))),
  });
  app = await createNodeApp({ game: join(dir, 'Data/Scripts/main.js'), host: 'protogame', audio: sink, logger: new MemoryLogger(), fps: 60 });
  app.on('diagnostic', (d) => diagnostics.push(d));
  app.start();
});

afterAll(async () => {
  await app?.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe('audio state back to the logic, and the script\'s listeners (real worker, headless sink)', () => {
  it('isPlaying of a one-shot turns false after the file\'s duration; the looped one plays on', async () => {
    await until(() => lines().some((l) => l.includes('audio-state oneShot ended')), 'the one-shot\'s end');
    expect(lines().find((l) => l.includes('audio-state started')), 'playing right after the start').toContain('playing=true');
    const ended = lines().find((l) => l.includes('audio-state oneShot ended'))!;
    const after = Number(/after ([\d.]+) s/.exec(ended)![1]);
    expect(after, `not before the sound's ${silentMp3Seconds(BLIP_FRAMES).toFixed(3)} s (minus a frame)`).toBeGreaterThanOrEqual(silentMp3Seconds(BLIP_FRAMES) - 0.05);
    expect(after, 'and not long after').toBeLessThan(10);
    expect(ended, 'the looped playback of the same sound plays on').toContain('looped playing=true');
    expect(diagnostics.filter((d) => d.severity === 'error' || d.severity === 'fatal'), 'no refusal, no error').toEqual([]);
    expect(sink.ended, 'the sink ended the one-shot (playback 1) once').toEqual([1]);
  });

  it('carries setNumListeners / updateListener to the sink; listener 0 replaces the camera as the ear', async () => {
    await until(() => sink.scriptListenerUpdates >= 2, 'the script\'s listeners');
    expect(sink.listenerCount, 'the count travels with the updates').toBe(2);
    expect([...sink.listeners.subarray(0, 18)], 'listener 0 and 1: position, forward, up (seed coordinates)').toEqual([
      1, 2, 3, 0, 1, 0, 0, 0, 1,
      -5, 0, 0, 1, 0, 0, 0, 0, 1,
    ]);
    expect(sink.listenerUpdates, 'the active camera was the ear before').toBeGreaterThan(0);
    const cameraUpdates = sink.listenerUpdates;
    const frame = app.frame;
    await until(() => app.frame > frame + 20, 'frames while the camera moves');
    expect(sink.listenerUpdates, 'the moving camera no longer moves the listener').toBe(cameraUpdates);
    expect(sink.listener[0], 'the last camera pose the listener had is from before the camera moved').toBe(0);
    expect(sink.scriptListenerUpdates, 'two script updates, no more').toBe(2);
    expect(app.stats().audio.calls.listener, 'counted with the camera\'s').toBe(cameraUpdates + 2);
  });
});

describe('createNodeApp\'s default sink knows the file\'s duration', () => {
  it('ends the one-shot there too (isPlaying turns false)', async () => {
    const seen: EngineDiagnostic[] = [];
    const other = await createNodeApp({ game: join(dir, 'Data/Scripts/main.js'), host: 'protogame', logger: new MemoryLogger(), fps: 60 });
    other.on('diagnostic', (d) => seen.push(d));
    other.start();
    try {
      const end = Date.now() + 20_000;
      while (!seen.some((d) => d.message.includes('audio-state oneShot ended')) && Date.now() < end) await sleep(10);
      expect(seen.filter((d) => d.code === 'TF5030').map((d) => d.message).find((l) => l.includes('oneShot ended'))).toContain('looped playing=true');
    } finally {
      await other.stop();
    }
  });
});
