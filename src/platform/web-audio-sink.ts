/**
 * The audio seam in browsers: Web Audio. A sound is fetched from the data root URL and decoded
 * with `decodeAudioData` (mp3, wav, ogg: what the browser decodes); a playback is an
 * AudioBufferSourceNode (loop, playbackRate = speed) -> GainNode (volume) -> a StereoPannerNode
 * (balance) for a Sound2D, or a PannerNode at its position for a Sound3D -> the master gain ->
 * an AnalyserNode (`analyser`, for meters and tests) -> the destination. The listener (the
 * context's one AudioListener) follows the active camera until the script places listener 0 with
 * `audio.updateListener` (its position, forward and up vectors then set the AudioListener's);
 * listeners 1..7 are kept in `listeners` but not heard: a context has one listener. The seed's
 * coordinates become Web Audio's as web-audio-listener.ts maps them (the renderer's mapping).
 *
 * The end of a one-shot is the source's `ended` event: the playback is released and reported
 * through `onEnded` (the engine tells the logic, so `isPlaying` turns false). A playback of a sound
 * that could not be loaded ends at once.
 *
 * Autoplay: browsers start an AudioContext suspended until the user interacts with the page, so
 * the sink resumes it on the first pointerdown, mousedown, keydown or touchend (listeners installed
 * at construction, removed once the context runs; the context itself is created at the first
 * sound, so a game without sound never opens the audio device). Playbacks started before that are scheduled and
 * play once it runs. A sound that cannot be fetched or decoded is reported once (TF3030, naming the
 * path and why) and stays silent; its playbacks are no-ops, never errors.
 *
 * Allocation: a playback allocates its nodes (Web Audio has no other way); updates allocate nothing.
 */
import type { AudioDiagnosticReport, AudioEndedReport, AudioSink } from './audio-sink.ts';
import { MAX_LISTENERS } from '../protocol/command-table.ts';
import { soundLoadFailedMessage, storeListenerPose } from './audio-sink.ts';
import { PLATFORM_CODES } from './error-codes.ts';
import { placeListenerAtCamera, placeListenerAtPose } from './web-audio-listener.ts';
import { connectPlayback, disconnectPlayback, type Playback } from './web-audio-playback.ts';

/** Options of WebAudioSink. */
export interface WebAudioSinkOptions {
  /** URL of the folder the sound paths are relative to (the one holding `Data/`; a missing trailing slash is added); default the document's base URL. */
  readonly dataRoot?: string;
  /** Where to listen for the unlocking gesture; default the document. */
  readonly gestureTarget?: EventTarget;
  /** Use this context instead of creating an AudioContext at the first sound (an OfflineAudioContext needs no unlock). */
  readonly context?: BaseAudioContext;
}

/** A loaded (or loading, or failed) sound. */
interface Sound {
  readonly path: string;
  readonly spatial: boolean;
  buffer: AudioBuffer | null;
  failed: boolean;
  /** Playbacks started before the buffer arrived. */
  readonly waiting: number[];
}

const GESTURES = ['pointerdown', 'keydown', 'touchend', 'mousedown'] as const;

/** Plays sounds with Web Audio. Main thread. */
export class WebAudioSink implements AudioSink {
  onDiagnostic: AudioDiagnosticReport | null = null;
  onEnded: AudioEndedReport | null = null;
  /** The script's listener poses (9 numbers each: position, forward, up; seed coordinates; NaN until placed). */
  readonly listeners = new Float64Array(MAX_LISTENERS * 9).fill(NaN);
  /** The listener count sent with the last `updateListener`. */
  listenerCount = 0;
  /** The master output, before the destination (read it to see that something plays). */
  analyser: AnalyserNode | null = null;
  /** Sounds that failed to load, and playbacks started in total. */
  failed = 0;
  started = 0;
  private ctx: BaseAudioContext | null;
  private master: GainNode | null = null;
  private readonly sounds = new Map<number, Sound>();
  private readonly playbacks = new Map<number, Playback>();
  private readonly base: string;
  private readonly gestureTarget: EventTarget | null;
  private readonly unlock = (): void => {
    // No context yet: nothing to resume (one created after a gesture starts running: the page has
    // the user's activation); keep listening in case it starts suspended anyway.
    const ctx = this.disposed ? null : this.ctx;
    if (!(ctx instanceof AudioContext)) return;
    if (ctx.state === 'suspended') void ctx.resume().then(() => this.removeGestureListeners(), () => {});
    else this.removeGestureListeners();
  };
  private listening = false;
  private disposed = false;
  /** The last listener pose (applied when the context is created after it). */
  private readonly pose = new Float64Array(6);
  private posed = false;
  /** The script placed listener 0: the camera no longer moves the AudioListener (until reset). */
  private scripted = false;

  constructor(options: WebAudioSinkOptions = {}) {
    const root = options.dataRoot ?? (typeof document !== 'undefined' ? document.baseURI : '');
    // The data root is a folder: without a trailing slash, relative paths would resolve beside it.
    this.base = options.dataRoot !== undefined && !root.endsWith('/') ? `${root}/` : root;
    this.ctx = options.context ?? null;
    this.gestureTarget = options.gestureTarget ?? (typeof document !== 'undefined' ? document : null);
    const offline = typeof OfflineAudioContext !== 'undefined' && options.context instanceof OfflineAudioContext;
    if (this.gestureTarget !== null && !offline) {
      for (const g of GESTURES) this.gestureTarget.addEventListener(g, this.unlock, { capture: true });
      this.listening = true;
    }
  }

  /** The audio context (created at the first use), or null after dispose. */
  context(): BaseAudioContext | null {
    if (this.disposed) return null;
    if (this.ctx === null) this.ctx = new AudioContext();
    if (this.master === null) {
      const ctx = this.ctx;
      this.master = ctx.createGain();
      this.analyser = ctx.createAnalyser();
      this.analyser.fftSize = 2048;
      this.master.connect(this.analyser);
      this.analyser.connect(ctx.destination);
      if (this.scripted) {
        this.applyListener(this.listeners);
      } else if (this.posed) {
        const q = this.pose;
        this.setListener(q[0]!, q[1]!, q[2]!, q[3]!, q[4]!, q[5]!);
      }
    }
    return this.ctx;
  }

  load(soundId: number, path: string, spatial: boolean): void {
    const ctx = this.context();
    if (ctx === null) return;
    const sound: Sound = { path, spatial, buffer: null, failed: false, waiting: [] };
    this.sounds.set(soundId, sound);
    let url: string;
    try {
      url = new URL(path, this.base).href;
    } catch {
      this.fail(soundId, sound, `not a URL relative to the data root ${this.base}`);
      return;
    }
    fetch(url)
      .then((response) => (response.ok ? response.arrayBuffer() : Promise.reject(new TypeError(`HTTP ${response.status} for ${url}`))))
      .then((bytes) => ctx.decodeAudioData(bytes))
      .then((buffer) => {
        if (this.sounds.get(soundId) !== sound) return; // reset meanwhile
        sound.buffer = buffer;
        for (const id of sound.waiting) this.play(id);
        sound.waiting.length = 0;
      })
      .catch((e: unknown) => {
        if (this.sounds.get(soundId) === sound) this.fail(soundId, sound, e instanceof Error ? e.message : String(e));
      });
  }

  start(playbackId: number, soundId: number, looped: boolean, volume: number, balance: number, speed: number,
    paused: boolean, positioned: boolean, x: number, y: number, z: number): void {
    const ctx = this.context();
    const sound = this.sounds.get(soundId);
    if (ctx === null || sound === undefined) return;
    if (sound.failed) {
      this.onEnded?.(playbackId); // nothing to play: over at once
      return;
    }
    this.playbacks.set(playbackId, connectPlayback(ctx, this.master!, soundId, sound.spatial, looped, volume, balance, speed, paused, positioned, x, y, z));
    this.started++;
    if (paused) return;
    if (sound.buffer !== null) this.play(playbackId);
    else sound.waiting.push(playbackId);
  }

  stop(playbackId: number): void {
    const p = this.playbacks.get(playbackId);
    if (p === undefined) return;
    p.stopped = true;
    this.release(playbackId, p);
  }

  setVolume(playbackId: number, volume: number): void {
    const p = this.playbacks.get(playbackId);
    if (p !== undefined) p.gain.gain.value = volume;
  }

  setBalance(playbackId: number, balance: number): void {
    const p = this.playbacks.get(playbackId);
    if (p?.stereo) p.stereo.pan.value = balance;
  }

  setSpeed(playbackId: number, speed: number): void {
    const p = this.playbacks.get(playbackId);
    if (p === undefined) return;
    p.speed = speed;
    if (p.source !== null) p.source.playbackRate.value = speed;
  }

  setPosition(playbackId: number, x: number, y: number, z: number): void {
    const p = this.playbacks.get(playbackId);
    if (p?.panner) {
      p.panner.positionX.value = -y; p.panner.positionY.value = z; p.panner.positionZ.value = -x;
    }
  }

  setListener(x: number, y: number, z: number, yawDeg: number, pitchDeg: number, rollDeg: number): void {
    const q = this.pose;
    q[0] = x; q[1] = y; q[2] = z; q[3] = yawDeg; q[4] = pitchDeg; q[5] = rollDeg;
    this.posed = true;
    const ctx = this.ctx;
    if (ctx === null || this.disposed || this.scripted) return;
    placeListenerAtCamera(ctx.listener, x, y, z, yawDeg, pitchDeg, rollDeg);
  }

  updateListener(index: number, count: number, x: number, y: number, z: number,
    forwardX: number, forwardY: number, forwardZ: number, upX: number, upY: number, upZ: number): void {
    const l = this.listeners;
    storeListenerPose(l, index, x, y, z, forwardX, forwardY, forwardZ, upX, upY, upZ);
    this.listenerCount = count;
    if (index !== 0) return; // one AudioListener per context: listener 0 is the ear
    this.scripted = true;
    this.applyListener(l);
  }

  /** Nothing to model: Web Audio's own clock plays the sounds and says when they end. */
  advance(_nowMs: number): void {}

  reset(): void {
    for (const [id, p] of this.playbacks) this.release(id, p);
    this.sounds.clear();
    this.scripted = false;
    this.listeners.fill(NaN);
    this.listenerCount = 0;
  }

  dispose(): void {
    if (this.disposed) return;
    this.reset();
    this.removeGestureListeners();
    this.disposed = true;
    if (this.ctx instanceof AudioContext) void this.ctx.close().catch(() => {});
  }

  /** Starts the source of a playback whose buffer is there. */
  private play(playbackId: number): void {
    const p = this.playbacks.get(playbackId);
    const ctx = this.ctx;
    const sound = p === undefined ? undefined : this.sounds.get(p.soundId);
    if (p === undefined || ctx === null || sound?.buffer == null || p.stopped || p.source !== null) return;
    const source = ctx.createBufferSource();
    source.buffer = sound.buffer;
    source.loop = p.looped;
    source.playbackRate.value = p.speed;
    source.connect(p.gain);
    source.onended = () => {
      if (this.playbacks.get(playbackId) !== p) return;
      this.release(playbackId, p);
      this.onEnded?.(playbackId);
    };
    p.source = source;
    source.start();
  }

  private release(playbackId: number, p: Playback): void {
    this.playbacks.delete(playbackId);
    disconnectPlayback(p);
  }

  /** Puts the context's AudioListener at script listener 0 (`l`: 9 numbers, seed coordinates). */
  private applyListener(l: Float64Array): void {
    const ctx = this.ctx;
    if (ctx === null || this.disposed) return;
    placeListenerAtPose(ctx.listener, l);
  }

  private fail(soundId: number, sound: Sound, why: string): void {
    sound.failed = true;
    this.failed++;
    this.onDiagnostic?.(PLATFORM_CODES.SOUND_LOAD_FAILED.code, soundLoadFailedMessage(sound.path, soundId, why));
    // The playbacks that waited for it play nothing: over now.
    for (const id of sound.waiting) {
      const p = this.playbacks.get(id);
      if (p === undefined || p.stopped) continue;
      this.release(id, p);
      this.onEnded?.(id);
    }
    sound.waiting.length = 0;
  }

  private removeGestureListeners(): void {
    if (!this.listening || this.gestureTarget === null) return;
    this.listening = false;
    for (const g of GESTURES) this.gestureTarget.removeEventListener(g, this.unlock, { capture: true });
  }
}
