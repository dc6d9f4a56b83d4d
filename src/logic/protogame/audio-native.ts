/**
 * The optional `audio` native of the ProtogameJS3D host: it validates every call like the original,
 * returns ids at once (sound ids from 1, the same id for the same path and dimension; playback ids
 * from 1, both issued here) and sends each call to the engine as an audio command of the command
 * table (LOAD_SOUND with the path once per sound, START_SOUND, STOP_SOUND, SET_SOUND_*), where the
 * app's AudioSink plays it (Web Audio in browsers) or records it (headless).
 *
 * `isPlaying`: a playback counts as playing from its start until `stopSound`, or until the engine
 * reports that it ended by itself (a one-shot played to its end, or its sound could not be
 * loaded): the sink hears the end on the main thread and the engine sends a SOUND_ENDED callback
 * record, which the host takes off the CallbackQueue at the start of each logic frame and hands to
 * `ended` (never to the script's `callbackQueue.dequeueAll`). So the answer is as of the frame's
 * start: a sound that ends during a frame reads as playing until the next one.
 *
 * Listeners: `setNumListeners(n)` (1..8, default 1) is kept here and travels with every
 * `updateListener(index, ...)` (index below n) as an UPDATE_LISTENER command; listener 0 becomes the
 * ear in place of the active camera (a Web Audio context has one listener: listeners 1..n-1 are
 * recorded, not heard).
 */
import { MAX_LISTENERS, MAX_SOUNDS, MAX_SOUND_PATH_BYTES, SOUND_PATH_CHUNK_BYTES, API_STYLES } from '../../protocol/command-table.ts';
import type { CommandWriter } from '../../protocol/command-writer.ts';
import { encodeUtf8Into, utf8ByteLength } from '../../protocol/string-codec.ts';
import { NativeSignature, optionalParam, param } from './native-signature.ts';

/** The RenderCommandQueue methods the audio native sends with: CommandWriter's own (the runtime's CommandOutbox is one), picked rather than restated. */
export type AudioCommandSink = Pick<CommandWriter,
  'apiStyle' | 'loadSound' | 'startSound' | 'stopSound' | 'setSoundVolume' | 'setSoundBalance' | 'setSoundSpeed' | 'setSoundPosition'
  | 'updateListener'
>;

/** Which command a one-number playback setter sends. */
const VOLUME = 0;
const BALANCE = 1;
const SPEED = 2;
type PlaybackSetter = typeof VOLUME | typeof BALANCE | typeof SPEED;

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
  /** Playbacks the engine reported ended by themselves. */
  readonly ended: number;
  /** The listener count (`setNumListeners`; 1 until called). */
  readonly listeners: number;
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

/** The audio native, its statistics, and where the host delivers the engine's playback ends. */
export interface SilentAudio {
  readonly native: AudioNative;
  stats(): AudioStats;
  /** The engine reported that `playbackId` ended by itself (a SOUND_ENDED record): it stops playing. Allocates nothing. */
  ended(playbackId: number): void;
}

/** Playback arguments of one start call (reused: no allocation per call). */
const PLAY = { looped: 0, volume: 1, balance: 0, speed: 1, paused: 0 };

/**
 * Checks the optional playback arguments starting at `first` (as the original: a boolean, three
 * finite numbers, a boolean) and reads them into PLAY (defaults: once, volume 1, centred, speed 1,
 * playing).
 */
function playOptions(sig: NativeSignature, first: number, argc: number, isLooped: unknown, volume: unknown,
  balance: unknown, speed: unknown, isPaused: unknown): void {
  if (argc > first) sig.boolean(first, isLooped);
  if (argc > first + 1) sig.finite(first + 1, volume);
  if (argc > first + 2) sig.finite(first + 2, balance);
  if (argc > first + 3) sig.finite(first + 3, speed);
  if (argc > first + 4) sig.boolean(first + 4, isPaused);
  PLAY.looped = argc > first && isLooped === true ? 1 : 0;
  PLAY.volume = argc > first + 1 ? (volume as number) : 1;
  PLAY.balance = argc > first + 2 ? (balance as number) : 0;
  PLAY.speed = argc > first + 3 ? (speed as number) : 1;
  PLAY.paused = argc > first + 4 && isPaused === true ? 1 : 0;
}

/**
 * Builds the `audio` native over `commands` (the runtime's CommandOutbox); with null it only
 * validates and counts (unit tests). Allocates; install time only.
 */
export function createAudioNative(commands: AudioCommandSink | null = null): SilentAudio {
  const S = AUDIO_SIGNATURES;
  const sounds = new Map<string, number>();
  const playing = new Set<number>();
  const pathBytes = new Uint8Array(MAX_SOUND_PATH_BYTES + SOUND_PATH_CHUNK_BYTES);
  const word = (i: number): number => (pathBytes[i]! | (pathBytes[i + 1]! << 8) | (pathBytes[i + 2]! << 16) | (pathBytes[i + 3]! << 24)) >>> 0;
  let nextPlayback = 1;
  let started = 0;
  let endedCount = 0;
  let listenerCount = 1;
  const send = (soundId: number, spatial: number, path: string): void => {
    if (commands === null) return;
    pathBytes.fill(0);
    const n = encodeUtf8Into(path, pathBytes, 0, MAX_SOUND_PATH_BYTES);
    commands.apiStyle = API_STYLES.PROTOGAME;
    for (let o = 0; o < n; o += SOUND_PATH_CHUNK_BYTES) {
      commands.loadSound(soundId, spatial, n, o, word(o), word(o + 4), word(o + 8), word(o + 12),
        word(o + 16), word(o + 20), word(o + 24), word(o + 28));
    }
  };
  const start = (soundId: number, positioned: number, x: number, y: number, z: number): number => {
    if (soundId < 1 || soundId > sounds.size) return 0;
    started++;
    const id = nextPlayback++;
    playing.add(id);
    if (commands !== null) {
      commands.apiStyle = API_STYLES.PROTOGAME;
      commands.startSound(id, soundId, PLAY.looped, PLAY.volume, PLAY.balance, PLAY.speed, PLAY.paused, positioned, x, y, z);
    }
    return id;
  };
  /** startSound and startSoundAdvanced (the same call under two names): a non-spatial playback. */
  const startUnplaced = (sig: NativeSignature, argc: number, soundId: unknown, isLooped: unknown, volume: unknown,
    balance: unknown, speed: unknown, isPaused: unknown): number => {
    const id = sig.idCall(argc, soundId);
    playOptions(sig, 1, argc, isLooped, volume, balance, speed, isPaused);
    return start(id, 0, 0, 0, 0);
  };
  /**
   * The sink, styled for this API, when `id` is a playback id this native issued (the engine
   * refuses others); null otherwise (nothing is sent).
   */
  const sinkFor = (id: number): AudioCommandSink | null => {
    if (commands === null || id < 1 || id >= nextPlayback) return null;
    commands.apiStyle = API_STYLES.PROTOGAME;
    return commands;
  };
  /** The three one-number playback setters (volume, balance, speed): one check, then `setter`'s command. */
  const setPlaybackValue = (sig: NativeSignature, argc: number, playbackId: unknown, value: unknown, setter: PlaybackSetter): void => {
    const id = sig.idCall(argc, playbackId);
    const v = sig.finite(1, value);
    const sink = sinkFor(id);
    if (sink === null) return;
    if (setter === VOLUME) sink.setSoundVolume(id, v);
    else if (setter === BALANCE) sink.setSoundBalance(id, v);
    else sink.setSoundSpeed(id, v);
  };
  const native: AudioNative = {
    createOrGetSound(path, dimension) {
      const sig = S.createOrGetSound;
      sig.count(arguments.length);
      const spatial = sig.oneOf(1, dimension, DIMENSIONS);
      const text = sig.string(0, path);
      const key = `${spatial}:${text}`;
      let id = sounds.get(key);
      if (id === undefined) {
        if (text.length === 0 || utf8ByteLength(text) > MAX_SOUND_PATH_BYTES) {
          throw sig.typeError(0, path, `a path of 1 to ${MAX_SOUND_PATH_BYTES} UTF-8 bytes`, 'Pass the sound file\'s path relative to the data root, e.g. "Data/Audio/TestSound.mp3".');
        }
        if (sounds.size >= MAX_SOUNDS) {
          throw sig.typeError(0, path, `one of at most ${MAX_SOUNDS} distinct sounds`, 'Reuse sound ids: createOrGetSound returns the same id for the same path.');
        }
        id = sounds.size + 1;
        sounds.set(key, id);
        send(id, spatial, text);
      }
      return id;
    },
    startSound(soundId, isLooped, volume, balance, speed, isPaused) {
      return startUnplaced(S.startSound, arguments.length, soundId, isLooped, volume, balance, speed, isPaused);
    },
    startSoundAdvanced(soundId, isLooped, volume, balance, speed, isPaused) {
      return startUnplaced(S.startSoundAdvanced, arguments.length, soundId, isLooped, volume, balance, speed, isPaused);
    },
    startSoundAt(soundId, x, y, z, isLooped, volume, balance, speed, isPaused) {
      const sig = S.startSoundAt;
      const id = sig.idCall(arguments.length, soundId);
      const px = sig.finite(1, x), py = sig.finite(2, y), pz = sig.finite(3, z);
      playOptions(sig, 4, arguments.length, isLooped, volume, balance, speed, isPaused);
      return start(id, 1, px, py, pz);
    },
    stopSound(playbackId) {
      const id = S.stopSound.idCall(arguments.length, playbackId);
      playing.delete(id);
      sinkFor(id)?.stopSound(id);
    },
    setSoundVolume(playbackId, volume) {
      setPlaybackValue(S.setSoundVolume, arguments.length, playbackId, volume, VOLUME);
    },
    setSoundBalance(playbackId, balance) {
      setPlaybackValue(S.setSoundBalance, arguments.length, playbackId, balance, BALANCE);
    },
    setSoundSpeed(playbackId, speed) {
      setPlaybackValue(S.setSoundSpeed, arguments.length, playbackId, speed, SPEED);
    },
    setSoundPosition(playbackId, x, y, z) {
      const sig = S.setSoundPosition;
      const id = sig.idCall(arguments.length, playbackId);
      const px = sig.finite(1, x), py = sig.finite(2, y), pz = sig.finite(3, z);
      sinkFor(id)?.setSoundPosition(id, px, py, pz);
    },
    isPlaying(playbackId) {
      return playing.has(S.isPlaying.idCall(arguments.length, playbackId));
    },
    setNumListeners(count) {
      S.setNumListeners.count(arguments.length);
      listenerCount = S.setNumListeners.integer(0, count, 1, MAX_LISTENERS);
    },
    updateListener(index, x, y, z, fx, fy, fz, ux, uy, uz) {
      const sig = S.updateListener;
      sig.count(arguments.length);
      const i = sig.integer(0, index, 0, MAX_LISTENERS - 1);
      if (i >= listenerCount) {
        throw sig.typeError(0, index, `a listener index below the listener count ${listenerCount}`, 'Call audio.setNumListeners(count) first with a count above the index.');
      }
      const px = sig.finite(1, x), py = sig.finite(2, y), pz = sig.finite(3, z);
      const qx = sig.finite(4, fx), qy = sig.finite(5, fy), qz = sig.finite(6, fz);
      const vx = sig.finite(7, ux), vy = sig.finite(8, uy), vz = sig.finite(9, uz);
      if (commands === null) return;
      commands.apiStyle = API_STYLES.PROTOGAME;
      commands.updateListener(i, listenerCount, px, py, pz, qx, qy, qz, vx, vy, vz);
    },
  };
  return {
    native,
    stats: () => ({ sounds: sounds.size, playbacksStarted: started, playing: playing.size, ended: endedCount, listeners: listenerCount }),
    ended(playbackId: number): void {
      if (playing.delete(playbackId)) endedCount++;
    },
  };
}
