import { describe, expect, it } from 'vitest';
import { createAudioNative } from '../../../src/logic/protogame/audio-native.ts';
import type { AudioCommandSink } from '../../../src/logic/protogame/audio-native.ts';
import { isTwinframeError } from '../../../src/shared-memory/twinframe-error.ts';

describe('audio native (silent)', () => {
  it('returns the same valid sound id for the same path and dimension', () => {
    const { native } = createAudioNative();
    const a = native.createOrGetSound('Data/Audio/TestSound.mp3', 'Sound2D');
    expect(a, 'a truthy sound id').toBeGreaterThan(0);
    expect(native.createOrGetSound('Data/Audio/TestSound.mp3', 'Sound2D'), 'cached').toBe(a);
    expect(native.createOrGetSound('Data/Audio/TestSound.mp3', 'Sound3D'), 'another dimension is another sound').not.toBe(a);
  });

  it('starts playbacks with valid ids that play until stopped', () => {
    const audio = createAudioNative();
    const { native } = audio;
    const sound = native.createOrGetSound('a.mp3', 'Sound2D');
    const p1 = native.startSound(sound);
    const p2 = native.startSoundAdvanced(sound, true, 0.5, 0, 1, false);
    const p3 = native.startSoundAt(sound, 1, 2, 3);
    expect([p1, p2, p3].every((p) => p > 0), 'all playback ids positive').toBe(true);
    expect(new Set([p1, p2, p3]).size, 'distinct').toBe(3);
    native.setSoundVolume(p1, 0.2);
    expect(native.isPlaying(p1), 'playing').toBe(true);
    native.stopSound(p1);
    expect(native.isPlaying(p1), 'stopped').toBe(false);
    expect(native.startSound(999), 'an unknown sound gives playback id 0').toBe(0);
    expect(audio.stats(), 'counters').toEqual({ sounds: 1, playbacksStarted: 3, playing: 2, ended: 0, listeners: 1 });
  });

  it('stops playing when the engine reports the end (SOUND_ENDED), once; a stopped or unknown id changes nothing', () => {
    const audio = createAudioNative();
    const { native } = audio;
    const sound = native.createOrGetSound('a.mp3', 'Sound2D');
    const oneShot = native.startSound(sound);
    const other = native.startSound(sound);
    expect(native.isPlaying(oneShot)).toBe(true);
    audio.ended(oneShot);
    expect(native.isPlaying(oneShot), 'ended by itself').toBe(false);
    expect(native.isPlaying(other), 'the other one plays on').toBe(true);
    audio.ended(oneShot);
    audio.ended(12345);
    native.stopSound(other);
    audio.ended(other);
    expect(audio.stats(), 'one end counted').toMatchObject({ playing: 0, ended: 1 });
  });

  it('sends updateListener with the listener count; an index at or above the count is refused (TF5501)', () => {
    const sent: number[][] = [];
    const sink: AudioCommandSink = {
      apiStyle: 0,
      loadSound: () => true, startSound: () => true, stopSound: () => true, setSoundVolume: () => true,
      setSoundBalance: () => true, setSoundSpeed: () => true, setSoundPosition: () => true,
      updateListener: (...a: number[]) => { sent.push(a); return true; },
    };
    const audio = createAudioNative(sink);
    const { native } = audio;
    native.updateListener(0, 1, 2, 3, 1, 0, 0, 0, 0, 1);
    let code: string | undefined;
    try {
      native.updateListener(1, 0, 0, 0, 1, 0, 0, 0, 0, 1);
    } catch (e) {
      code = isTwinframeError(e) ? e.code : 'not a TwinframeError';
    }
    expect(code, 'listener 1 before setNumListeners(2)').toBe('TF5501');
    native.setNumListeners(2);
    native.updateListener(1, -4, 5, 6, 0, 1, 0, 0, 0, 1);
    expect(sent, 'index, count, position, forward, up').toEqual([
      [0, 1, 1, 2, 3, 1, 0, 0, 0, 0, 1],
      [1, 2, -4, 5, 6, 0, 1, 0, 0, 0, 1],
    ]);
    expect(sink.apiStyle, 'sent in the protogame style').toBe(2);
    expect(audio.stats().listeners).toBe(2);
  });

  it('validates arguments like the other natives', () => {
    const { native } = createAudioNative();
    const codeOf = (fn: () => unknown): string | undefined => {
      try {
        fn();
      } catch (e) {
        return isTwinframeError(e) ? e.code : 'not a TwinframeError';
      }
      return undefined;
    };
    expect(codeOf(() => native.createOrGetSound('a.mp3', 'Sound4D')), 'unknown dimension').toBe('TF5501');
    expect(codeOf(() => (native.createOrGetSound as (...a: unknown[]) => number)('a.mp3')), 'missing dimension').toBe('TF5500');
    expect(codeOf(() => native.startSound(1, 'yes')), 'isLooped must be boolean').toBe('TF5501');
    expect(codeOf(() => (native.stopSound as (...a: unknown[]) => void)()), 'stopSound needs an id').toBe('TF5500');
  });
});
