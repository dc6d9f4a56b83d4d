/**
 * Applies the audio commands of the command table (the ProtogameJS3D `audio` native) to the app's
 * AudioSink: validates each as its table kinds say (refusals through CommandRejections, naming the
 * API called), assembles each sound's path from its LOAD_SOUND chunks, counts every call by kind
 * (`stats().audio.calls`), and puts the listener at the active camera in the render phase (until
 * the script places listener 0 with UPDATE_LISTENER). The valid path allocates nothing except the
 * path string, once per sound.
 *
 * The end of a playback is known only on this thread (the sink's `onEnded`: Web Audio's `ended`
 * event, or the headless sink's duration model, advanced here each render phase with the engine
 * clock): each one is sent to the logic as a SOUND_ENDED callback record (resultId = the playback
 * id) through the CallbackOutbox (`attach`), the ring every engine answer takes, so nothing is
 * posted and a full ring is backpressure (kept, sent next frame). Ends that arrive after a new
 * logic incarnation started and before its world is cleared (`retire` .. `clear`) belong to the
 * dead incarnation's playback ids and are dropped (counted in `endedDropped`).
 */
import type { AudioCommandTarget } from '../protocol/command-targets.ts';
import { CALLBACK_TYPES } from '../protocol/callback-queue.ts';
import { AUDIO_CALL_KINDS, MAX_LISTENERS, MAX_SOUNDS, MAX_SOUND_PATH_BYTES, SOUND_PATH_CHUNK_BYTES } from '../protocol/command-table.ts';
import { C_PITCH, C_ROLL, C_X, C_Y, C_YAW, C_Z } from '../protocol/camera-state.ts';
import { decodeUtf8 } from '../protocol/string-codec.ts';
import { formatValue as fmt } from '../protocol/value-format.ts';
import type { StateWriter } from '../shared-memory/state-writer.ts';
import type { AudioSink } from '../platform/audio-sink.ts';
import type { CallbackOutbox } from './callback-outbox.ts';
import type { CommandRejections } from './command-rejections.ts';
import { COMMAND_CODES } from './error-codes.ts';
import type { DiagnosticHub } from './diagnostic-hub.ts';

const NO_CALLBACK = 0;
const K_LOAD = 0, K_START = 1, K_STOP = 2, K_VOLUME = 3, K_BALANCE = 4, K_SPEED = 5, K_POSITION = 6, K_LISTENER = 7;
const SOUND_ENDED = CALLBACK_TYPES.SOUND_ENDED;

/** The engine's audio command target. Engine thread only. */
export class AudioSystem implements AudioCommandTarget {
  /** Calls handed to the sink, by AUDIO_CALL_KINDS index. */
  readonly calls = new Float64Array(AUDIO_CALL_KINDS.length);
  /** Sounds whose path arrived (by id), and how many. */
  private readonly defined = new Uint8Array(MAX_SOUNDS + 1);
  sounds = 0;
  /** Highest playback id started (playback ids rise). */
  private lastPlayback = 0;
  private readonly path = new Uint8Array(MAX_SOUND_PATH_BYTES + SOUND_PATH_CHUNK_BYTES);
  private pathSound = 0;
  private pathReceived = 0;
  private readonly pose = new Float64Array(6).fill(NaN);
  /** The script placed listener 0 (UPDATE_LISTENER): the active camera no longer moves the listener. */
  private scriptedListener = false;
  /** Where SOUND_ENDED records go (null until the app started: ends before that are dropped, counted). */
  private outbox: CallbackOutbox | null = null;
  /** Between a new incarnation's start and its world clear: ends belong to the dead incarnation. */
  private retired = false;
  /** Playback ends sent to the logic, and those dropped (no logic yet, a dead incarnation's, an id never started). */
  ended = 0;
  endedDropped = 0;

  /**
   * `now` is the engine clock in milliseconds (the sink's playback model advances with it each
   * render phase); without it (unit tests of the commands) the sink's time does not advance.
   */
  constructor(readonly sink: AudioSink, private readonly rejections: CommandRejections, diagnostics: DiagnosticHub,
    private readonly now: (() => number) | null = null) {
    sink.onDiagnostic = (code, message) => diagnostics.report(code, 'warning', message, 'render', 0);
    sink.onEnded = (playbackId) => this.playbackEnded(playbackId);
  }

  /** Sends playback ends to the logic through `outbox` (the app's, once its first worker's queue exists). */
  attach(outbox: CallbackOutbox): void {
    this.outbox = outbox;
  }

  /** A new logic incarnation is starting: until `clear`, playback ends are the old one's and are dropped. */
  retire(): void {
    this.retired = true;
  }

  /** {@inheritDoc AudioCommandTarget.loadSound} */
  loadSound(soundId: number, spatial: number, pathLength: number, pathOffset: number,
    b0: number, b1: number, b2: number, b3: number, b4: number, b5: number, b6: number, b7: number): boolean {
    if (!(soundId >= 1 && soundId <= MAX_SOUNDS)) {
      this.rejections.reject(COMMAND_CODES.SOUND_UNKNOWN.code, `sound id must be 1..${MAX_SOUNDS}; got ${fmt(soundId)}. Let audio.createOrGetSound issue sound ids.`, NO_CALLBACK, 0);
      return false;
    }
    if (spatial !== 0 && spatial !== 1) return this.badValue('spatial', spatial, '0 (Sound2D) or 1 (Sound3D)');
    if (!(pathLength >= 1 && pathLength <= MAX_SOUND_PATH_BYTES)) return this.badValue('path length', pathLength, `1..${MAX_SOUND_PATH_BYTES} bytes`);
    if (!(pathOffset < pathLength && pathOffset % SOUND_PATH_CHUNK_BYTES === 0)) return this.badValue('path offset', pathOffset, `a multiple of ${SOUND_PATH_CHUNK_BYTES} below the length ${pathLength}`);
    // A sound's chunks arrive in a row (written by one call); a new sound or offset 0 starts over.
    if (pathOffset === 0 || this.pathSound !== soundId) {
      this.pathSound = soundId;
      this.pathReceived = 0;
    }
    const o = pathOffset;
    this.put(o, b0); this.put(o + 4, b1); this.put(o + 8, b2); this.put(o + 12, b3);
    this.put(o + 16, b4); this.put(o + 20, b5); this.put(o + 24, b6); this.put(o + 28, b7);
    const p = this.path;
    this.pathReceived += SOUND_PATH_CHUNK_BYTES;
    if (pathOffset + SOUND_PATH_CHUNK_BYTES < pathLength) return true; // more chunks follow
    if (this.pathReceived < pathLength) return this.badValue('path offset', pathOffset, 'the last of a sound\'s chunks, after the others (offsets 0, 32, ...)');
    if (this.defined[soundId] === 0) this.sounds++;
    this.defined[soundId] = 1;
    this.calls[K_LOAD]++;
    this.sink.load(soundId, decodeUtf8(p, 0, pathLength), spatial === 1);
    return true;
  }

  /** {@inheritDoc AudioCommandTarget.startSound} */
  startSound(playbackId: number, soundId: number, looped: number, volume: number, balance: number, speed: number,
    paused: number, positioned: number, x: number, y: number, z: number): boolean {
    if (!(playbackId > this.lastPlayback)) {
      this.rejections.reject(COMMAND_CODES.PLAYBACK_UNKNOWN.code, `playback id must be above every id started so far (${this.lastPlayback}); got ${fmt(playbackId)}. Let the audio native issue playback ids.`, NO_CALLBACK, 0);
      return false;
    }
    if (!(soundId >= 1 && soundId <= MAX_SOUNDS && this.defined[soundId] === 1)) {
      this.rejections.reject(COMMAND_CODES.SOUND_UNKNOWN.code, `sound ${fmt(soundId)} was never loaded; got sound id ${fmt(soundId)}. Get sound ids from audio.createOrGetSound.`, NO_CALLBACK, 0);
      return false;
    }
    if (!this.flag('looped', looped) || !this.flag('paused', paused) || !this.flag('positioned', positioned)) return false;
    if (!this.checkVolume(volume) || !this.checkBalance(balance) || !this.checkSpeed(speed)) return false;
    if (!Number.isFinite(x + y + z)) return this.badValue('position', x + y + z, 'three finite numbers');
    this.lastPlayback = playbackId;
    this.calls[K_START]++;
    this.sink.start(playbackId, soundId, looped === 1, volume, balance, speed, paused === 1, positioned === 1, x, y, z);
    return true;
  }

  /** {@inheritDoc AudioCommandTarget.stopSound} */
  stopSound(playbackId: number): boolean {
    if (!this.playback(playbackId)) return false;
    this.calls[K_STOP]++;
    this.sink.stop(playbackId);
    return true;
  }

  /** {@inheritDoc AudioCommandTarget.setSoundVolume} */
  setSoundVolume(playbackId: number, volume: number): boolean {
    return this.playback(playbackId) && this.checkVolume(volume) && this.setting(K_VOLUME, playbackId, volume);
  }

  /** {@inheritDoc AudioCommandTarget.setSoundBalance} */
  setSoundBalance(playbackId: number, balance: number): boolean {
    return this.playback(playbackId) && this.checkBalance(balance) && this.setting(K_BALANCE, playbackId, balance);
  }

  /** {@inheritDoc AudioCommandTarget.setSoundSpeed} */
  setSoundSpeed(playbackId: number, speed: number): boolean {
    return this.playback(playbackId) && this.checkSpeed(speed) && this.setting(K_SPEED, playbackId, speed);
  }

  /** {@inheritDoc AudioCommandTarget.setSoundPosition} */
  setSoundPosition(playbackId: number, x: number, y: number, z: number): boolean {
    if (!this.playback(playbackId)) return false;
    if (!Number.isFinite(x + y + z)) return this.badValue('position', x + y + z, 'three finite numbers');
    this.calls[K_POSITION]++;
    this.sink.setPosition(playbackId, x, y, z);
    return true;
  }

  /** {@inheritDoc AudioCommandTarget.updateListener} */
  updateListener(index: number, count: number, x: number, y: number, z: number,
    forwardX: number, forwardY: number, forwardZ: number, upX: number, upY: number, upZ: number): boolean {
    if (!(Number.isInteger(count) && count >= 1 && count <= MAX_LISTENERS)) return this.badValue('listener count', count, `an integer 1..${MAX_LISTENERS}`);
    if (!(Number.isInteger(index) && index >= 0 && index < count)) return this.badValue('listener index', index, `an integer below the listener count ${count}`);
    if (!Number.isFinite(x + y + z)) return this.badValue('position', x + y + z, 'three finite numbers');
    if (!Number.isFinite(forwardX + forwardY + forwardZ + upX + upY + upZ)) {
      return this.badValue('forward and up', forwardX + forwardY + forwardZ + upX + upY + upZ, 'six finite numbers');
    }
    if (index === 0) this.scriptedListener = true;
    this.calls[K_LISTENER]++;
    this.sink.updateListener(index, count, x, y, z, forwardX, forwardY, forwardZ, upX, upY, upZ);
    return true;
  }

  /**
   * Render phase: advances the sink's playback clock (a headless sink ends the one-shots whose
   * duration elapsed), then puts the listener at the active camera (`activeId` in `cameras`) when
   * its pose changed, unless the script placed listener 0. Allocates nothing.
   */
  syncListener(cameras: StateWriter, activeId: number): void {
    if (this.now !== null) this.sink.advance(this.now());
    if (activeId === 0 || this.scriptedListener) return;
    const slot = cameras.slotOf(activeId);
    if (slot < 0) return;
    const o = cameras.recordOffset(slot);
    const f = cameras.f32;
    const pose = this.pose;
    const x = f[o + C_X]!, y = f[o + C_Y]!, z = f[o + C_Z]!, yaw = f[o + C_YAW]!, pitch = f[o + C_PITCH]!, roll = f[o + C_ROLL]!;
    if (pose[0] === x && pose[1] === y && pose[2] === z && pose[3] === yaw && pose[4] === pitch && pose[5] === roll) return;
    pose[0] = x; pose[1] = y; pose[2] = z; pose[3] = yaw; pose[4] = pitch; pose[5] = roll;
    this.calls[K_LISTENER]++;
    this.sink.setListener(x, y, z, yaw, pitch, roll);
  }

  /** A new logic incarnation reissues sound and playback ids: stop everything, forget every sound. */
  clear(): void {
    this.defined.fill(0);
    this.sounds = 0;
    this.lastPlayback = 0;
    this.pathSound = 0;
    this.pathReceived = 0;
    this.pose.fill(NaN);
    this.scriptedListener = false;
    this.retired = false;
    this.sink.reset();
  }

  /**
   * The sink's report that `playbackId` ended by itself: a SOUND_ENDED callback record to the logic
   * (never refused: the outbox keeps what the ring cannot take yet). Allocates nothing.
   */
  private playbackEnded(playbackId: number): void {
    const outbox = this.outbox;
    if (outbox === null || this.retired || !(playbackId >= 1 && playbackId <= this.lastPlayback)) {
      this.endedDropped++;
      return;
    }
    this.ended++;
    outbox.send(0, playbackId, SOUND_ENDED);
  }

  /** The calls by kind, for stats. Allocates. */
  callCounts(): Record<string, number> {
    const out: Record<string, number> = {};
    AUDIO_CALL_KINDS.forEach((k, i) => { out[k] = this.calls[i]!; });
    return out;
  }

  /** Stores one little-endian word of path bytes at byte `o`. */
  private put(o: number, v: number): void {
    const p = this.path;
    p[o] = v & 255; p[o + 1] = (v >>> 8) & 255; p[o + 2] = (v >>> 16) & 255; p[o + 3] = (v >>> 24) & 255;
  }

  /** One setting of a known playback whose value was checked: counted and handed to the sink. */
  private setting(kind: typeof K_VOLUME | typeof K_BALANCE | typeof K_SPEED, playbackId: number, value: number): true {
    this.calls[kind]++;
    if (kind === K_VOLUME) this.sink.setVolume(playbackId, value);
    else if (kind === K_BALANCE) this.sink.setBalance(playbackId, value);
    else this.sink.setSpeed(playbackId, value);
    return true;
  }

  private playback(playbackId: number): boolean {
    if (playbackId >= 1 && playbackId <= this.lastPlayback) return true;
    this.rejections.reject(COMMAND_CODES.PLAYBACK_UNKNOWN.code, `playback ${fmt(playbackId)} was never started; got playback id ${fmt(playbackId)}. Use the id audio.startSound returned.`, NO_CALLBACK, 0);
    return false;
  }

  private flag(name: string, v: number): boolean {
    return v === 0 || v === 1 ? true : this.badValue(name, v, '0 or 1');
  }

  private checkVolume(v: number): boolean {
    return v >= 0 && v < Infinity ? true : this.badValue('volume', v, 'a finite number >= 0 (1 = as recorded)');
  }

  private checkBalance(v: number): boolean {
    return v >= -1 && v <= 1 ? true : this.badValue('balance', v, '-1 (left) .. 1 (right)');
  }

  private checkSpeed(v: number): boolean {
    return v > 0 && v < Infinity ? true : this.badValue('speed', v, 'a finite number > 0 (1 = as recorded)');
  }

  private badValue(name: string, v: number, expected: string): false {
    this.rejections.reject(COMMAND_CODES.VALUE_INVALID.code, `${name} must be ${expected}; got ${fmt(v)}. Check the value passed.`, NO_CALLBACK, 0);
    return false;
  }
}
