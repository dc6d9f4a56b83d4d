import { describe, expect, it } from 'vitest';
import { createAudioNative } from '../../../src/logic/protogame/audio-native.ts';
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
    expect(audio.stats(), 'counters').toEqual({ sounds: 1, playbacksStarted: 3, playing: 2 });
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
