/**
 * Installs the ProtogameJS3D natives on a global object (the logic worker's `globalThis`) so the
 * original engine's game scripts run unmodified: `entity`, `camera`, `callbackQueue`, `input`,
 * `clock`, `game`, and the optional `audio` (sent to the engine's AudioSink) and `debugRenderInterface` (recorded).
 * `kadi` is never installed. The surface is specified in docs/protogame-host.md.
 *
 * Install before the script's main.js is evaluated; then, once per logic frame, call
 * `beginFrame(dtSeconds)` before the script's `JSEngine.update(dtSeconds)` (it advances the clocks
 * and ages the debug primitives).
 */
import { createAudioNative } from './audio-native.ts';
import type { AudioNative, AudioStats } from './audio-native.ts';
import type { CallbackRegistryStats } from './callback-registry.ts';
import { createCallbackQueueNative } from './callback-queue-native.ts';
import type { CallbackQueueNative } from './callback-queue-native.ts';
import { createCameraNative } from './camera-native.ts';
import type { CameraNative } from './camera-native.ts';
import { createClockNative } from './clock-native.ts';
import type { ClockNative } from './clock-native.ts';
import { ClockTree } from './clock-tree.ts';
import { createDebugRenderNative } from './debug-render-native.ts';
import type { DebugRenderNative } from './debug-render-native.ts';
import { DebugRenderRecorder } from './debug-render-recorder.ts';
import type { DebugRenderStats } from './debug-render-recorder.ts';
import { createEntityNative } from './entity-native.ts';
import type { EntityNative } from './entity-native.ts';
import { createGameNative } from './game-native.ts';
import type { GameNative } from './game-native.ts';
import { createInputNative } from './input-native.ts';
import type { InputNative } from './input-native.ts';
import { NativeContext } from './native-context.ts';
import type { ProtogameHostDeps } from './protogame-host-deps.ts';

/** The natives, by the global name they are installed under. */
export interface ProtogameNatives {
  readonly entity: EntityNative;
  readonly camera: CameraNative;
  readonly callbackQueue: CallbackQueueNative;
  readonly input: InputNative;
  readonly clock: ClockNative;
  readonly game: GameNative;
  readonly audio?: AudioNative;
  readonly debugRenderInterface?: DebugRenderNative;
}

/** Global names the host installs (the optional ones only when enabled). */
export const PROTOGAME_NATIVE_NAMES = [
  'entity', 'camera', 'callbackQueue', 'input', 'clock', 'game', 'audio', 'debugRenderInterface',
] as const;

/** Which optional natives to install (both by default; the scripts carry on without them). */
export interface ProtogameHostOptions {
  readonly audio?: boolean;
  readonly debugRender?: boolean;
}

/** Statistics of an installed host. */
export interface ProtogameHostStats {
  readonly callbacks: CallbackRegistryStats;
  /** Entities the host created and the script has not destroyed (confirmed or pending). */
  readonly entities: number;
  /** Cameras the engine confirmed and the script has not destroyed. */
  readonly liveCameras: number;
  /** Live game clocks (the system clock excluded). */
  readonly clocks: number;
  readonly audio: AudioStats | null;
  readonly debugRender: DebugRenderStats | null;
}

/** An installed host. Logic thread only. */
export interface ProtogameHost {
  /** The installed natives (the same objects as on the global). */
  readonly natives: ProtogameNatives;
  /** The game clocks (read-only use: the natives own them). */
  readonly clocks: ClockTree;
  /** The recorded debug primitives (null when debugRender is disabled). */
  readonly debugRender: DebugRenderRecorder | null;
  /**
   * Starts a logic frame: takes the engine's callback records off the queue (playback ends update
   * `audio.isPlaying`; the script's records wait for its `callbackQueue.dequeueAll()`), advances the
   * clocks by `dtSeconds` and ages the debug primitives.
   */
  beginFrame(dtSeconds: number): void;
  /** Counters. Allocates the result. */
  stats(): ProtogameHostStats;
  /** Removes the natives from the global object. */
  uninstall(): void;
}

/** Installs the natives on `target` (normally globalThis) over `deps`. Allocates; once per worker. */
export function installProtogameHost(
  target: object,
  deps: ProtogameHostDeps,
  options: ProtogameHostOptions = {},
): ProtogameHost {
  const ctx = new NativeContext(deps);
  const clocks = new ClockTree();
  const audio = options.audio === false ? null : createAudioNative(deps.commands);
  const debugRender = options.debugRender === false ? null : new DebugRenderRecorder();
  // Playback ends (SOUND_ENDED records) reach the audio native's isPlaying, never the script.
  if (audio !== null) ctx.callbacks.onSoundEnded = (playbackId) => audio.ended(playbackId);
  const natives: ProtogameNatives = {
    entity: Object.freeze(createEntityNative(ctx)),
    camera: Object.freeze(createCameraNative(ctx)),
    callbackQueue: Object.freeze(createCallbackQueueNative(ctx.callbacks)),
    input: Object.freeze(createInputNative(deps.input)),
    clock: Object.freeze(createClockNative(clocks)),
    game: Object.freeze(createGameNative(() => deps.requestQuit())),
    ...(audio === null ? {} : { audio: Object.freeze(audio.native) }),
    ...(debugRender === null ? {} : {
      debugRenderInterface: Object.freeze(createDebugRenderNative(debugRender, (code, message) => deps.report(code, 'warning', message))),
    }),
  };
  const installed: string[] = [];
  for (const [name, value] of Object.entries(natives)) {
    Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
    installed.push(name);
  }
  return {
    natives,
    clocks,
    debugRender,
    beginFrame(dtSeconds: number): void {
      // The engine's records so far: sound ends applied now (isPlaying), the script's held for it.
      ctx.callbacks.pump();
      clocks.advance(dtSeconds);
      debugRender?.advance(dtSeconds);
    },
    stats(): ProtogameHostStats {
      return {
        callbacks: ctx.callbacks.stats(),
        entities: ctx.entities.size,
        liveCameras: ctx.liveCameras.size,
        clocks: clocks.size,
        audio: audio === null ? null : audio.stats(),
        debugRender: debugRender === null ? null : debugRender.stats(),
      };
    },
    uninstall(): void {
      for (const name of installed) delete (target as Record<string, unknown>)[name];
      installed.length = 0;
    },
  };
}
