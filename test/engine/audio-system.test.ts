// The AudioSystem's way back to the logic and its listener, on the real queues (a CallbackQueue
// ring read by a CallbackReader) and the real RecordingAudioSink: a one-shot's end becomes one
// SOUND_ENDED callback record (resultId = the playback id) once the sink's time passed its
// duration / speed; looped, paused and stopped playbacks never end by themselves; a missing
// sound's playback ends at once; ends between a new incarnation's start (retire) and its world
// clear are dropped; UPDATE_LISTENER validates and replaces the camera as the listener.
import { describe, expect, it } from 'vitest';
import { AudioSystem } from '../../src/engine/audio-system.ts';
import { CallbackOutbox } from '../../src/engine/callback-outbox.ts';
import { CommandOutcomes } from '../../src/engine/command-outcomes.ts';
import { DiagnosticHub, type EngineDiagnostic } from '../../src/engine/diagnostic-hub.ts';
import { RecordingAudioSink } from '../../src/platform/audio-sink.ts';
import { MemoryLogger } from '../../src/platform/logger.ts';
import { CALLBACK_TYPES, CallbackReader, CallbackWriter, createCallbackQueueBuffer } from '../../src/protocol/callback-queue.ts';
import { CAMERA_SCHEMA, C_X, createCameraStateBuffer } from '../../src/protocol/camera-state.ts';
import { makeId } from '../../src/protocol/entity-id.ts';
import { StateWriter } from '../../src/shared-memory/state-writer.ts';

const PATH = 'Data/Audio/Blip.mp3';
/** The path's UTF-8 bytes as LOAD_SOUND's little-endian words. */
const bytes = new TextEncoder().encode(PATH);
const word = (i: number): number => (bytes[i] ?? 0) | ((bytes[i + 1] ?? 0) << 8) | ((bytes[i + 2] ?? 0) << 16) | ((bytes[i + 3] ?? 0) << 24);

function rig(durationSeconds: number | undefined, missing = false) {
  let now = 0;
  const sink = new RecordingAudioSink({ fileExists: () => !missing, durationOf: () => durationSeconds });
  const hub = new DiagnosticHub(new MemoryLogger());
  const diagnostics: EngineDiagnostic[] = [];
  hub.on((d) => diagnostics.push(d));
  const outcomes = new CommandOutcomes(hub);
  const audio = new AudioSystem(sink, outcomes, hub, () => now);
  outcomes.audio = audio;
  const sab = createCallbackQueueBuffer(64);
  audio.attach(new CallbackOutbox(new CallbackWriter(sab)));
  const reader = new CallbackReader(sab);
  audio.loadSound(1, 0, bytes.length, 0, word(0), word(4), word(8), word(12), word(16), word(20), word(24), word(28));
  const cameras = new StateWriter(createCameraStateBuffer(4), CAMERA_SCHEMA);
  const ends = (): number[] => {
    const out: number[] = [];
    reader.dequeueAll({ onCallback: (cb, result, type) => { expect([cb, type]).toEqual([0, CALLBACK_TYPES.SOUND_ENDED]); out.push(result); } });
    return out;
  };
  const frame = (ms: number): void => {
    now += ms;
    audio.syncListener(cameras, 0);
  };
  return { sink, audio, ends, frame, diagnostics, cameras };
}

describe('AudioSystem: playback ends to the logic', () => {
  it('a one-shot ends after duration / speed of engine time, once; looped, paused and stopped ones never', () => {
    const r = rig(0.5);
    r.frame(0);
    r.audio.startSound(1, 1, 0, 1, 0, 2, 0, 0, 0, 0, 0); // one-shot at speed 2: 0.25 s
    r.audio.startSound(2, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0); // looped
    r.audio.startSound(3, 1, 0, 1, 0, 1, 1, 0, 0, 0, 0); // paused
    r.audio.startSound(4, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0); // one-shot, stopped at once
    r.audio.stopSound(4);
    r.audio.startSound(5, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0); // one-shot at speed 1, slowed to 0.5 halfway
    r.frame(200);
    expect(r.ends(), 'nothing ended after 0.2 s').toEqual([]);
    r.audio.setSoundSpeed(5, 0.5);
    r.frame(100);
    expect(r.ends(), 'the speed-2 one-shot after 0.3 s').toEqual([1]);
    r.frame(400); // playback 5: 0.2 + 0.05 + 0.2 = 0.45 s of sound played
    expect(r.ends()).toEqual([]);
    r.frame(200);
    expect(r.ends(), 'the slowed one-shot').toEqual([5]);
    r.frame(10_000);
    expect(r.ends(), 'no more: looped, paused and stopped playbacks never end by themselves').toEqual([]);
    expect([r.audio.ended, r.audio.endedDropped]).toEqual([2, 0]);
  });

  it('a playback of a missing sound ends at once; an unknown duration never ends', () => {
    const missing = rig(undefined, true);
    missing.audio.startSound(1, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0);
    expect(missing.ends()).toEqual([1]);
    expect(missing.diagnostics.map((d) => d.code)).toEqual(['TF3030']);
    const unknown = rig(undefined);
    unknown.frame(0);
    unknown.audio.startSound(1, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0);
    unknown.frame(60_000);
    expect(unknown.ends()).toEqual([]);
  });

  it('drops the ends of a dead incarnation (retire .. clear), then sends again', () => {
    const r = rig(0.1);
    r.frame(0);
    r.audio.startSound(1, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0);
    r.audio.retire();
    r.frame(500);
    expect(r.ends(), 'ended while retired: dropped').toEqual([]);
    expect(r.audio.endedDropped).toBe(1);
    r.audio.clear();
    r.audio.loadSound(1, 0, bytes.length, 0, word(0), word(4), word(8), word(12), word(16), word(20), word(24), word(28));
    r.audio.startSound(1, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0);
    r.frame(500);
    expect(r.ends(), 'the new incarnation\'s playback 1').toEqual([1]);
  });
});

describe('AudioSystem: the script\'s listener', () => {
  it('validates UPDATE_LISTENER (count 1..8, index below it, finite) and stops following the camera', () => {
    const r = rig(1);
    const id = makeId(0, 1);
    r.cameras.create(id);
    r.frame(16);
    const cameraSlot = r.cameras.slotOf(id);
    r.cameras.f32[r.cameras.recordOffset(cameraSlot) + C_X] = 5;
    const listen = (): void => { r.audio.syncListener(r.cameras, id); };
    listen();
    expect([r.sink.listenerUpdates, r.sink.listener[0]], 'the camera is the listener').toEqual([1, 5]);
    expect(r.audio.updateListener(0, 9, 0, 0, 0, 1, 0, 0, 0, 0, 1), 'count 9').toBe(false);
    expect(r.audio.updateListener(1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1), 'index 1 of 1').toBe(false);
    expect(r.audio.updateListener(0, 1, NaN, 0, 0, 1, 0, 0, 0, 0, 1), 'NaN position').toBe(false);
    expect(r.audio.updateListener(0, 1, 0, 0, 0, 1, Infinity, 0, 0, 0, 1), 'infinite forward').toBe(false);
    expect(r.diagnostics.map((d) => d.code), 'each refused with TF4003').toEqual(['TF4003', 'TF4003', 'TF4003', 'TF4003']);
    expect(r.audio.updateListener(1, 2, -5, 0, 0, 1, 0, 0, 0, 0, 1), 'listener 1 of 2').toBe(true);
    r.cameras.f32[r.cameras.recordOffset(cameraSlot) + C_X] = 6;
    listen();
    expect(r.sink.listenerUpdates, 'listener 1 does not replace the camera').toBe(2);
    expect(r.audio.updateListener(0, 2, 1, 2, 3, 0, 1, 0, 0, 0, 1)).toBe(true);
    r.cameras.f32[r.cameras.recordOffset(cameraSlot) + C_X] = 7;
    listen();
    expect(r.sink.listenerUpdates, 'listener 0 does').toBe(2);
    expect([...r.sink.listeners.subarray(0, 9)]).toEqual([1, 2, 3, 0, 1, 0, 0, 0, 1]);
    r.audio.clear();
    listen();
    expect(r.sink.listenerUpdates, 'after a restart the camera is the listener again').toBe(3);
  });
});
