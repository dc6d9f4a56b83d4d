/**
 * The audio seam (like the renderer seam, style G9): the few numeric entry points the engine calls
 * to play the ProtogameJS3D `audio` native's sounds. The engine's AudioSystem applies the audio
 * commands of the command table (validated there) and calls a sink; it also puts the listener at
 * the active camera. Coordinates are the seed's (X forward, Y left, Z up), angles in degrees.
 *
 * Implementations: `RecordingAudioSink` (headless: records every call with its arguments; can check
 * that a sound's file exists), `WebAudioSink` (browsers: web-audio-sink.ts).
 */
import { PLATFORM_CODES } from './error-codes.ts';
import { AUDIO_CALL_KINDS } from '../protocol/command-table.ts';

/** Where a sink reports a sound it could not load: `code` (TF3030) and the message (naming the path). */
export type AudioDiagnosticReport = (code: string, message: string) => void;

/** The per-call audio interface the engine calls. */
export interface AudioSink {
  /**
   * Loads sound `soundId` from `path` (relative to the data root, e.g. `Data/Audio/Shot.mp3`);
   * `spatial` for a Sound3D. A sound that cannot be loaded (missing, undecodable) is reported once
   * through `onDiagnostic` with TF3030 and stays silent: its playbacks play nothing, never throw.
   */
  load(soundId: number, path: string, spatial: boolean): void;
  /** Starts playback `playbackId` of `soundId` (a Sound3D at seed (x, y, z) when `positioned`). */
  start(
    playbackId: number, soundId: number, looped: boolean, volume: number, balance: number, speed: number,
    paused: boolean, positioned: boolean, x: number, y: number, z: number,
  ): void;
  stop(playbackId: number): void;
  setVolume(playbackId: number, volume: number): void;
  /** Stereo balance, -1 (left) .. 1 (right). */
  setBalance(playbackId: number, balance: number): void;
  /** Playback rate, 1 = as recorded. */
  setSpeed(playbackId: number, speed: number): void;
  setPosition(playbackId: number, x: number, y: number, z: number): void;
  /** The listener's pose (the active camera), when it changed. */
  setListener(x: number, y: number, z: number, yawDeg: number, pitchDeg: number, rollDeg: number): void;
  /** Stops every playback and forgets every sound (a restarted logic reissues their ids). */
  reset(): void;
  /** Set by the engine: where load failures are reported. */
  onDiagnostic: AudioDiagnosticReport | null;
  /** Stops everything and releases the audio device; the sink is unusable afterwards. */
  dispose(): void;
}

export { AUDIO_CALL_KINDS };
/** One audio call kind. */
export type AudioCallKind = (typeof AUDIO_CALL_KINDS)[number];

/** One recorded call: its kind and its arguments in the sink's order. */
export interface RecordedAudioCall {
  readonly kind: AudioCallKind;
  readonly args: readonly (number | string | boolean)[];
}

/** Options of RecordingAudioSink. */
export interface RecordingAudioSinkOptions {
  /**
   * Tells whether a sound's file exists (e.g. `existsSync` under the data root); a sound whose file
   * does not is reported (TF3030) like the browser's sink does. Omit it to take every path as loadable.
   */
  readonly fileExists?: (path: string) => boolean;
  /** Most calls kept in `calls` (later ones are only counted); default 10000. */
  readonly maxRecorded?: number;
}

/** Describes a missing sound file (shared by the sinks, so the message is the same everywhere). Allocates. */
export function soundLoadFailedMessage(path: string, soundId: number, why: string): string {
  return `audio.createOrGetSound: sound ${soundId} could not be loaded; got path "${path}" (${why}). Put the file under the data root (the folder holding Data/) or fix the path; the sound stays silent.`;
}

/**
 * Records every call (listener updates only as the last pose and a count, since they come per
 * frame); headless apps and tests read `calls`, `listener` and `missing`.
 */
export class RecordingAudioSink implements AudioSink {
  onDiagnostic: AudioDiagnosticReport | null = null;
  /** Calls in order (up to `maxRecorded`; listener updates are not listed). */
  readonly calls: RecordedAudioCall[] = [];
  /** Paths loaded, by sound id. */
  readonly sounds = new Map<number, { readonly path: string; readonly spatial: boolean }>();
  /** Sound ids whose file was missing. */
  readonly missing = new Set<number>();
  /** The last listener pose: x, y, z, yaw, pitch, roll. */
  readonly listener = new Float64Array(6);
  listenerUpdates = 0;
  /** reset() calls (logic restarts). */
  resets = 0;
  disposed = false;
  private readonly fileExists: ((path: string) => boolean) | undefined;
  private readonly maxRecorded: number;

  constructor(options: RecordingAudioSinkOptions = {}) {
    this.fileExists = options.fileExists;
    this.maxRecorded = options.maxRecorded ?? 10_000;
  }

  load(soundId: number, path: string, spatial: boolean): void {
    this.record('load', [soundId, path, spatial]);
    this.sounds.set(soundId, { path, spatial });
    if (this.fileExists !== undefined && !this.fileExists(path)) {
      this.missing.add(soundId);
      this.onDiagnostic?.(PLATFORM_CODES.SOUND_LOAD_FAILED.code, soundLoadFailedMessage(path, soundId, 'no such file under the data root'));
    }
  }

  start(playbackId: number, soundId: number, looped: boolean, volume: number, balance: number, speed: number,
    paused: boolean, positioned: boolean, x: number, y: number, z: number): void {
    this.record('start', [playbackId, soundId, looped, volume, balance, speed, paused, positioned, x, y, z]);
  }

  stop(playbackId: number): void {
    this.record('stop', [playbackId]);
  }

  setVolume(playbackId: number, volume: number): void {
    this.record('volume', [playbackId, volume]);
  }

  setBalance(playbackId: number, balance: number): void {
    this.record('balance', [playbackId, balance]);
  }

  setSpeed(playbackId: number, speed: number): void {
    this.record('speed', [playbackId, speed]);
  }

  setPosition(playbackId: number, x: number, y: number, z: number): void {
    this.record('position', [playbackId, x, y, z]);
  }

  setListener(x: number, y: number, z: number, yawDeg: number, pitchDeg: number, rollDeg: number): void {
    const l = this.listener;
    l[0] = x; l[1] = y; l[2] = z; l[3] = yawDeg; l[4] = pitchDeg; l[5] = rollDeg;
    this.listenerUpdates++;
  }

  reset(): void {
    this.resets++;
    this.sounds.clear();
    this.missing.clear();
  }

  dispose(): void {
    this.disposed = true;
  }

  /** The recorded calls of one kind. Allocates. */
  callsOf(kind: AudioCallKind): RecordedAudioCall[] {
    return this.calls.filter((c) => c.kind === kind);
  }

  private record(kind: AudioCallKind, args: (number | string | boolean)[]): void {
    if (this.calls.length < this.maxRecorded) this.calls.push({ kind, args });
  }
}
