/**
 * The optional `audio` native of the ProtogameJS3D host, silent: it validates every call like the
 * original and returns valid ids (sound ids from 1, the same id for the same path and dimension;
 * playback ids from 1), so scripts that play sounds run unchanged in Node. Nothing is heard; a
 * playback counts as playing until `stopSound`. Web Audio in browsers is a later step.
 */
import { NativeSignature, optionalParam, param } from './native-signature.ts';

/** The `audio` object scripts see on globalThis. */
export interface AudioNative {
  createOrGetSound(path: unknown, dimension: unknown): number;
  startSound(soundId: unknown, isLooped?: unknown, volume?: unknown, balance?: unknown, speed?: unknown, isPaused?: unknown): number;
  startSoundAdvanced(soundId: unknown, isLooped: unknown, volume: unknown, balance: unknown, speed: unknown, isPaused: unknown): number;
  startSoundAt(soundId: unknown, x: unknown, y: unknown, z: unknown, isLooped?: unknown, volume?: unknown,
    balance?: unknown, speed?: unknown, isPaused?: unknown): number;
  stopSound(playbackId: unknown): void;
  setSoundVolume(playbackId: unknown, volume: unknown): void;
  setSoundBalance(playbackId: unknown, balance: unknown): void;
  setSoundSpeed(playbackId: unknown, speed: unknown): void;
  setSoundPosition(playbackId: unknown, x: unknown, y: unknown, z: unknown): void;
  isPlaying(playbackId: unknown): boolean;
  setNumListeners(count: unknown): void;
  updateListener(index: unknown, x: unknown, y: unknown, z: unknown, fx: unknown, fy: unknown, fz: unknown,
    ux: unknown, uy: unknown, uz: unknown): void;
}

/** What the silent audio did, for statistics and tests. */
export interface AudioStats {
  readonly sounds: number;
  readonly playbacksStarted: number;
  readonly playing: number;
}

const A = 'audio';
const SOUND = param('soundId');
const PLAYBACK = param('playbackId');
const DIMENSIONS = ['Sound2D', 'Sound3D'] as const;
const PLAY_OPTIONS = [
  optionalParam('isLooped', 'boolean'), optionalParam('volume'), optionalParam('balance'),
  optionalParam('speed'), optionalParam('isPaused', 'boolean'),
];
/** Signatures of the `audio` methods (also listed in docs/protogame-host.md). */
export const AUDIO_SIGNATURES = {
  createOrGetSound: new NativeSignature(A, 'createOrGetSound', [param('path', 'string'), param('dimension', "'Sound2D' | 'Sound3D'")]),
  startSound: new NativeSignature(A, 'startSound', [SOUND, ...PLAY_OPTIONS]),
  startSoundAdvanced: new NativeSignature(A, 'startSoundAdvanced', [SOUND, ...PLAY_OPTIONS.map((p) => param(p.name, p.type))]),
  startSoundAt: new NativeSignature(A, 'startSoundAt', [SOUND, param('x'), param('y'), param('z'), ...PLAY_OPTIONS]),
  stopSound: new NativeSignature(A, 'stopSound', [PLAYBACK]),
  setSoundVolume: new NativeSignature(A, 'setSoundVolume', [PLAYBACK, param('volume')]),
  setSoundBalance: new NativeSignature(A, 'setSoundBalance', [PLAYBACK, param('balance')]),
  setSoundSpeed: new NativeSignature(A, 'setSoundSpeed', [PLAYBACK, param('speed')]),
  setSoundPosition: new NativeSignature(A, 'setSoundPosition', [PLAYBACK, param('x'), param('y'), param('z')]),
  isPlaying: new NativeSignature(A, 'isPlaying', [PLAYBACK]),
  setNumListeners: new NativeSignature(A, 'setNumListeners', [param('count')]),
  updateListener: new NativeSignature(A, 'updateListener', [
    param('index'), param('x'), param('y'), param('z'), param('forwardX'), param('forwardY'), param('forwardZ'),
    param('upX'), param('upY'), param('upZ'),
  ]),
} as const;

/** Checks the optional playback arguments starting at `first` (only those passed). */
function checkPlayOptions(sig: NativeSignature, first: number, argc: number, isLooped: unknown, volume: unknown,
  balance: unknown, speed: unknown, isPaused: unknown): void {
  if (argc > first) sig.boolean(first, isLooped);
  if (argc > first + 1) sig.finite(first + 1, volume);
  if (argc > first + 2) sig.finite(first + 2, balance);
  if (argc > first + 3) sig.finite(first + 3, speed);
  if (argc > first + 4) sig.boolean(first + 4, isPaused);
}

/** The silent `audio` native and its statistics. */
export interface SilentAudio {
  readonly native: AudioNative;
  stats(): AudioStats;
}

/** Builds the silent `audio` native. Allocates; install time only. */
export function createAudioNative(): SilentAudio {
  const S = AUDIO_SIGNATURES;
  const sounds = new Map<string, number>();
  const playing = new Set<number>();
  let nextPlayback = 1;
  let started = 0;
  const start = (soundId: number): number => {
    if (soundId < 1 || soundId > sounds.size) return 0;
    started++;
    const id = nextPlayback++;
    playing.add(id);
    return id;
  };
  const native: AudioNative = {
    createOrGetSound(path, dimension) {
      const sig = S.createOrGetSound;
      sig.count(arguments.length);
      const key = `${sig.oneOf(1, dimension, DIMENSIONS)}:${sig.string(0, path)}`;
      let id = sounds.get(key);
      if (id === undefined) {
        id = sounds.size + 1;
        sounds.set(key, id);
      }
      return id;
    },
    startSound(soundId, isLooped, volume, balance, speed, isPaused) {
      const sig = S.startSound;
      const id = sig.idCall(arguments.length, soundId);
      checkPlayOptions(sig, 1, arguments.length, isLooped, volume, balance, speed, isPaused);
      return start(id);
    },
    startSoundAdvanced(soundId, isLooped, volume, balance, speed, isPaused) {
      const sig = S.startSoundAdvanced;
      const id = sig.idCall(arguments.length, soundId);
      checkPlayOptions(sig, 1, arguments.length, isLooped, volume, balance, speed, isPaused);
      return start(id);
    },
    startSoundAt(soundId, x, y, z, isLooped, volume, balance, speed, isPaused) {
      const sig = S.startSoundAt;
      const id = sig.idCall(arguments.length, soundId);
      sig.finite(1, x); sig.finite(2, y); sig.finite(3, z);
      checkPlayOptions(sig, 4, arguments.length, isLooped, volume, balance, speed, isPaused);
      return start(id);
    },
    stopSound(playbackId) {
      playing.delete(S.stopSound.idCall(arguments.length, playbackId));
    },
    setSoundVolume(playbackId, volume) {
      S.setSoundVolume.idCall(arguments.length, playbackId);
      S.setSoundVolume.finite(1, volume);
    },
    setSoundBalance(playbackId, balance) {
      S.setSoundBalance.idCall(arguments.length, playbackId);
      S.setSoundBalance.finite(1, balance);
    },
    setSoundSpeed(playbackId, speed) {
      S.setSoundSpeed.idCall(arguments.length, playbackId);
      S.setSoundSpeed.finite(1, speed);
    },
    setSoundPosition(playbackId, x, y, z) {
      const sig = S.setSoundPosition;
      sig.idCall(arguments.length, playbackId);
      sig.finite(1, x); sig.finite(2, y); sig.finite(3, z);
    },
    isPlaying(playbackId) {
      return playing.has(S.isPlaying.idCall(arguments.length, playbackId));
    },
    setNumListeners(count) {
      S.setNumListeners.integerCall(arguments.length, count, 1, 8);
    },
    updateListener(index, x, y, z, fx, fy, fz, ux, uy, uz) {
      const sig = S.updateListener;
      sig.integerCall(arguments.length, index, 0, 7);
      sig.finite(1, x); sig.finite(2, y); sig.finite(3, z);
      sig.finite(4, fx); sig.finite(5, fy); sig.finite(6, fz);
      sig.finite(7, ux); sig.finite(8, uy); sig.finite(9, uz);
    },
  };
  return {
    native,
    stats: () => ({ sounds: sounds.size, playbacksStarted: started, playing: playing.size }),
  };
}
