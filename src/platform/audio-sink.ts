/**
 * The audio seam (like the renderer seam, style G9): the few numeric entry points the engine calls
 * to play the ProtogameJS3D `audio` native's sounds. The engine's AudioSystem applies the audio
 * commands of the command table (validated there) and calls a sink; it also puts the listener at
 * the active camera, or where the script's `audio.updateListener` put listener 0. Coordinates are
 * the seed's (X forward, Y left, Z up), angles in degrees.
 *
 * The end of a playback is known only here (Web Audio's `ended` event; headless, the sound's
 * duration): a sink reports a one-shot that ended by itself through `onEnded`, and the engine
 * carries it to the logic as a SOUND_ENDED callback record, so `audio.isPlaying` turns false
 * (docs/protogame-host.md, "audio").
 *
 * Implementations: `RecordingAudioSink` (headless: records every call with its arguments; can check
 * that a sound's file exists), `WebAudioSink` (browsers: web-audio-sink.ts).
 */
import { PLATFORM_CODES } from './error-codes.ts';
import { AUDIO_CALL_KINDS, MAX_LISTENERS } from '../protocol/command-table.ts';

/** Where a sink reports a sound it could not load: `code` (TF3030) and the message (naming the path). */
export type AudioDiagnosticReport = (code: string, message: string) => void;

/** Where a sink reports that playback `playbackId` ended by itself (not through `stop`). */
export type AudioEndedReport = (playbackId: number) => void;

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
  /**
   * The listener's pose (the active camera), when it changed. Not called once the script placed
   * listener 0 itself (`updateListener`), until `reset`.
   */
  setListener(x: number, y: number, z: number, yawDeg: number, pitchDeg: number, rollDeg: number): void;
  /**
   * The script placed listener `index` of `count` (`audio.updateListener`): position, forward and
   * up in seed coordinates. One listener is what a Web Audio context has: listener 0 is the ear;
   * the poses of listeners 1..count-1 are kept (recorded) but not heard.
   */
  updateListener(index: number, count: number, x: number, y: number, z: number,
    forwardX: number, forwardY: number, forwardZ: number, upX: number, upY: number, upZ: number): void;
  /**
   * Called once per engine frame (render phase) with the engine clock's time in milliseconds: a
   * sink that models playback time (the headless one) ends the one-shots whose duration elapsed.
   */
  advance(nowMs: number): void;
  /** Stops every playback and forgets every sound (a restarted logic reissues their ids). */
  reset(): void;
  /** Set by the engine: where load failures are reported. */
  onDiagnostic: AudioDiagnosticReport | null;
  /**
   * Set by the engine: where a playback that ended by itself is reported, once (a one-shot that
   * played to its end, or a playback of a sound that could not be loaded, at once). Not for
   * playbacks stopped through `stop` or `reset`, nor for looped or paused ones (they never end).
   */
  onEnded: AudioEndedReport | null;
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
  /**
   * A sound's duration in seconds (e.g. `soundFileDuration` of the file's bytes), or undefined when
   * unknown. With it, a one-shot playback ends after duration / speed seconds of engine time
   * (`advance`) and is reported through `onEnded`; without it (or when unknown), it plays until
   * stopped.
   */
  readonly durationOf?: (path: string) => number | undefined;
}

/** A playback the recording sink models (headless): its sound's duration and how far it played. */
interface ModelledPlayback {
  readonly playbackId: number;
  /** Seconds of the sound, NaN when unknown (then it never ends by itself). */
  readonly duration: number;
  speed: number;
  /** Seconds of the sound played so far. */
  played: number;
}

/**
 * Stores listener `index`'s pose (seed coordinates: position, forward, up) as 9 numbers at
 * `index * 9` of `poses`, the layout both sinks keep for `updateListener`. Allocates nothing.
 */
export function storeListenerPose(poses: Float64Array, index: number, x: number, y: number, z: number,
  forwardX: number, forwardY: number, forwardZ: number, upX: number, upY: number, upZ: number): void {
  const o = index * 9;
  poses[o] = x; poses[o + 1] = y; poses[o + 2] = z;
  poses[o + 3] = forwardX; poses[o + 4] = forwardY; poses[o + 5] = forwardZ;
  poses[o + 6] = upX; poses[o + 7] = upY; poses[o + 8] = upZ;
}

/** Describes a missing sound file (shared by the sinks, so the message is the same everywhere). Allocates. */
export function soundLoadFailedMessage(path: string, soundId: number, why: string): string {
  return `audio.createOrGetSound: sound ${soundId} could not be loaded; got path "${path}" (${why}). Put the file under the data root (the folder holding Data/) or fix the path; the sound stays silent.`;
}

/**
 * Records every call (listener updates only as the last pose and a count, since they come per
 * frame); headless apps and tests read `calls`, `listener`, `listeners`, `ended` and `missing`.
 * It also models playback time when it knows durations (`durationOf`): a one-shot ends after its
 * duration divided by its speed, in engine time (`advance`), and is reported through `onEnded`; a
 * playback of a missing sound ends at once.
 */
export class RecordingAudioSink implements AudioSink {
  onDiagnostic: AudioDiagnosticReport | null = null;
  onEnded: AudioEndedReport | null = null;
  /** Calls in order (up to `maxRecorded`; listener updates are not listed). */
  readonly calls: RecordedAudioCall[] = [];
  /** Paths loaded, by sound id. */
  readonly sounds = new Map<number, { readonly path: string; readonly spatial: boolean }>();
  /** Sound ids whose file was missing. */
  readonly missing = new Set<number>();
  /** The last listener pose: x, y, z, yaw, pitch, roll. */
  readonly listener = new Float64Array(6);
  listenerUpdates = 0;
  /**
   * The script's listeners (`updateListener`), MAX_LISTENERS poses of 9 numbers (position, forward,
   * up; NaN until placed), the count sent with the last update, and how many updates came.
   */
  readonly listeners = new Float64Array(MAX_LISTENERS * 9).fill(NaN);
  listenerCount = 0;
  scriptListenerUpdates = 0;
  /** Playbacks reported ended by themselves, in order (up to `maxRecorded`). */
  readonly ended: number[] = [];
  /** reset() calls (logic restarts). */
  resets = 0;
  disposed = false;
  private readonly fileExists: ((path: string) => boolean) | undefined;
  private readonly maxRecorded: number;
  private readonly durationOf: ((path: string) => number | undefined) | undefined;
  /** Duration of each sound (seconds; NaN unknown), by sound id. */
  private readonly durations = new Map<number, number>();
  /** Playbacks being modelled (those that can end by themselves), by id. */
  private readonly active = new Map<number, ModelledPlayback>();
  private lastNowMs = NaN;
  private stepSeconds = 0;
  /** advance's per-playback step, bound once (the per-frame loop allocates nothing). */
  private readonly step = (p: ModelledPlayback): void => {
    p.played += this.stepSeconds * p.speed;
    if (p.played >= p.duration) this.end(p.playbackId);
  };

  constructor(options: RecordingAudioSinkOptions = {}) {
    this.fileExists = options.fileExists;
    this.maxRecorded = options.maxRecorded ?? 10_000;
    this.durationOf = options.durationOf;
  }

  load(soundId: number, path: string, spatial: boolean): void {
    this.record('load', [soundId, path, spatial]);
    this.sounds.set(soundId, { path, spatial });
    if (this.fileExists !== undefined && !this.fileExists(path)) {
      this.missing.add(soundId);
      this.onDiagnostic?.(PLATFORM_CODES.SOUND_LOAD_FAILED.code, soundLoadFailedMessage(path, soundId, 'no such file under the data root'));
      return;
    }
    const seconds = this.durationOf?.(path);
    this.durations.set(soundId, seconds !== undefined && seconds >= 0 ? seconds : NaN);
  }

  start(playbackId: number, soundId: number, looped: boolean, volume: number, balance: number, speed: number,
    paused: boolean, positioned: boolean, x: number, y: number, z: number): void {
    this.record('start', [playbackId, soundId, looped, volume, balance, speed, paused, positioned, x, y, z]);
    // A sound that cannot be loaded plays nothing: its playback is over at once (as in the browser).
    if (this.missing.has(soundId)) {
      this.end(playbackId);
      return;
    }
    const duration = this.durations.get(soundId) ?? NaN;
    if (looped || paused || Number.isNaN(duration)) return; // never ends by itself
    this.active.set(playbackId, { playbackId, duration, speed, played: 0 });
  }

  stop(playbackId: number): void {
    this.record('stop', [playbackId]);
    this.active.delete(playbackId);
  }

  setVolume(playbackId: number, volume: number): void {
    this.record('volume', [playbackId, volume]);
  }

  setBalance(playbackId: number, balance: number): void {
    this.record('balance', [playbackId, balance]);
  }

  setSpeed(playbackId: number, speed: number): void {
    this.record('speed', [playbackId, speed]);
    const p = this.active.get(playbackId);
    if (p !== undefined) p.speed = speed;
  }

  setPosition(playbackId: number, x: number, y: number, z: number): void {
    this.record('position', [playbackId, x, y, z]);
  }

  setListener(x: number, y: number, z: number, yawDeg: number, pitchDeg: number, rollDeg: number): void {
    const l = this.listener;
    l[0] = x; l[1] = y; l[2] = z; l[3] = yawDeg; l[4] = pitchDeg; l[5] = rollDeg;
    this.listenerUpdates++;
  }

  updateListener(index: number, count: number, x: number, y: number, z: number,
    forwardX: number, forwardY: number, forwardZ: number, upX: number, upY: number, upZ: number): void {
    storeListenerPose(this.listeners, index, x, y, z, forwardX, forwardY, forwardZ, upX, upY, upZ);
    this.listenerCount = count;
    this.scriptListenerUpdates++;
  }

  advance(nowMs: number): void {
    const last = this.lastNowMs;
    this.lastNowMs = nowMs;
    if (this.active.size === 0 || !(nowMs > last)) return;
    this.stepSeconds = (nowMs - last) / 1000;
    this.active.forEach(this.step);
  }

  reset(): void {
    this.resets++;
    this.sounds.clear();
    this.missing.clear();
    this.durations.clear();
    this.active.clear();
    this.listeners.fill(NaN);
    this.listenerCount = 0;
  }

  dispose(): void {
    this.disposed = true;
  }

  /** The recorded calls of one kind. Allocates. */
  callsOf(kind: AudioCallKind): RecordedAudioCall[] {
    return this.calls.filter((c) => c.kind === kind);
  }

  /** A playback ended by itself: reported once. */
  private end(playbackId: number): void {
    this.active.delete(playbackId);
    if (this.ended.length < this.maxRecorded) this.ended.push(playbackId);
    this.onEnded?.(playbackId);
  }

  private record(kind: AudioCallKind, args: (number | string | boolean)[]): void {
    if (this.calls.length < this.maxRecorded) this.calls.push({ kind, args });
  }
}
