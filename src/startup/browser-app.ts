/**
 * createApp for a browser page in one call: checks cross-origin isolation (and, when it is
 * missing, shows the page message naming the two headers and rejects with TF1006), then wires
 * the three.js renderer on the canvas, DOM input into `app.input`, the requestAnimationFrame clock
 * and a module-Worker host for the logic.
 *
 * The logic worker's script comes from the caller, written where the bundler sees it, so Vite
 * builds it as a worker chunk (a module calling `runBrowserLogicWorker()` from `twinframe/worker`):
 * ```ts
 * const app = await createBrowserApp({
 *   canvas,
 *   workerUrl: new URL('./logic-worker.ts', import.meta.url),
 *   game: new URL('../engine/game.ts', import.meta.url).href, // dev server; see docs/hosting.md for builds
 * });
 * app.start();
 * ```
 */
import type { App, AppOptions } from '../engine/app.ts';
import { createApp } from './create-app.ts';
import { ThreeRenderer, type ThreeRendererOptions } from '../three/three-renderer.ts';
import { WebAudioSink } from '../platform/web-audio-sink.ts';
import type { AudioSink } from '../platform/audio-sink.ts';
import { RUNTIME_CODES } from '../engine/error-codes.ts';
import { BrowserInput } from '../platform/browser-input.ts';
import { GamepadPoller } from '../platform/gamepad-poller.ts';
import { checkBrowserIsolation, isolationError, showIsolationMessage, type IsolationScope } from '../platform/browser-isolation.ts';
import { createBrowserWorkerHost, type BrowserWorkerHostOptions } from '../platform/browser-worker-host.ts';
import { createRafClock } from '../platform/raf-clock.ts';
import { TwinframeError } from '../shared-memory/twinframe-error.ts';

/** Options of createBrowserApp: createApp's, with a canvas and a worker script instead of a host, clock and renderer. */
export interface BrowserAppOptions extends Omit<AppOptions, 'workerHost' | 'clock' | 'renderer'> {
  /** Where the scene is drawn (WebGL2); also the element whose mouse events are game input. */
  readonly canvas: HTMLCanvasElement;
  /** The logic worker's module script (e.g. `new URL('.../browser-worker-main.ts', import.meta.url)`). */
  readonly workerUrl: string | URL;
  /**
   * URL the `audio` native's sound paths are relative to: the game's data root (host 'protogame':
   * the folder holding `Data/`, served by the dev server). Default: the document's base URL.
   */
  readonly dataRoot?: string;
  /** The three.js renderer's options (shading, background, pixel ratio, ...). */
  readonly rendererOptions?: Omit<ThreeRendererOptions, 'canvas'>;
  /** DOM input capture; false for none (input injected through `app.input` only). Default: keys on window, mouse on the canvas, gamepads polled each frame, no pointer lock. */
  readonly capture?: false | { readonly keyTarget?: Window | HTMLElement; readonly pointerLockOnClick?: boolean };
  /** Where the isolation message goes when the page is not isolated; default the canvas's parent (or the body). */
  readonly messageContainer?: HTMLElement;
  /** An uncaught error in the worker ends the incarnation ('crash', default) or is only reported. */
  readonly uncaughtErrors?: BrowserWorkerHostOptions['uncaughtErrors'];
  /** The globals the isolation check reads (tests); default the page's. */
  readonly isolationScope?: IsolationScope;
}

/** A flight recording kept in the page's memory (BrowserApp.flightRecordings). */
export interface FlightRecordingFile {
  /** Its suggested file name (`twinframe-flight-...-<code>-tick<N>.tfrec`). */
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** How many flight recordings a browser app keeps for download (older ones are dropped). */
export const FLIGHT_FILES_KEPT = 4;

/** A browser app: an App plus what it drew with and listened through. */
export interface BrowserApp extends App {
  readonly renderer: ThreeRenderer;
  /** The sink the `audio` native plays through (a WebAudioSink unless `audio` was given). */
  readonly audioSink: AudioSink;
  /** DOM input capture (null with `capture: false`). */
  readonly browserInput: BrowserInput | null;
  /**
   * The flight recorder's files (the last FLIGHT_FILES_KEPT), newest last, when no
   * `flightRecorderSink` was given: the page offers them as downloads (the dev overlay does).
   */
  readonly flightRecordings: readonly FlightRecordingFile[];
  /** Stops the app and the worker, then releases the input listeners, the clock and the WebGL resources. */
  stop(): Promise<void>;
}

/**
 * Creates a browser app (not started: call `start()`). Rejects with TF1006 after showing the page
 * message when the page is not cross-origin isolated, TF4500 without WebGL2, TF4100 on bad options.
 */
export async function createBrowserApp(options: BrowserAppOptions): Promise<BrowserApp> {
  if (typeof options !== 'object' || options === null) {
    throw new TwinframeError(RUNTIME_CODES.APP_OPTION_INVALID.code, 'createBrowserApp: options must be an object with canvas, workerUrl and game; got none. Pass { canvas, workerUrl, game }.');
  }
  const canvas = options.canvas as HTMLCanvasElement | undefined;
  if (canvas === undefined || canvas === null || typeof canvas.getContext !== 'function') {
    throw new TwinframeError(RUNTIME_CODES.APP_OPTION_INVALID.code, `createBrowserApp: canvas must be an HTMLCanvasElement; got ${String(canvas)}. Pass document.querySelector('canvas').`);
  }
  if (!(typeof options.workerUrl === 'string' && options.workerUrl !== '') && !(options.workerUrl instanceof URL)) {
    throw new TwinframeError(RUNTIME_CODES.APP_OPTION_INVALID.code, `createBrowserApp: workerUrl must be the logic worker's script URL; got ${JSON.stringify(options.workerUrl)}. Pass new URL('.../browser-worker-main.ts', import.meta.url).`);
  }
  const report = await checkBrowserIsolation(options.isolationScope);
  if (!report.isolated) {
    const container = options.messageContainer ?? canvas.parentElement ?? canvas.ownerDocument.body;
    showIsolationMessage(container, report);
    throw isolationError(report);
  }
  const { canvas: _canvas, workerUrl, rendererOptions, capture, messageContainer: _mc, uncaughtErrors, isolationScope: _is, dataRoot, ...rest } = options;
  const renderer = new ThreeRenderer({ ...rendererOptions, canvas });
  // Web Audio: the context is created at the first sound, so games without sound pay nothing.
  const ownAudio = rest.audio === undefined ? new WebAudioSink({ dataRoot }) : null;
  const clock = createRafClock();
  const gamepads = capture === false ? null : new GamepadPoller();
  const { pollInput } = rest;
  const flightRecordings: FlightRecordingFile[] = [];
  let app: App;
  try {
    app = createApp({
      ...rest,
      workerHost: createBrowserWorkerHost({ url: workerUrl, uncaughtErrors }),
      clock,
      renderer,
      audio: rest.audio ?? ownAudio!,
      pollInput: gamepads === null ? pollInput : (input) => { gamepads.poll(input); pollInput?.(input); },
      // Flight recordings stay in memory for the page to offer as downloads (TF4160 names them).
      flightRecorderSink: rest.flightRecorderSink ?? ((bytes, name) => {
        flightRecordings.push({ name, bytes });
        if (flightRecordings.length > FLIGHT_FILES_KEPT) flightRecordings.shift();
        return `a download (${name}; the overlay offers it)`;
      }),
      recordingInfo: { gamePath: typeof options.game === 'string' ? options.game : '', ...rest.recordingInfo },
    });
  } catch (e) {
    gamepads?.dispose();
    renderer.dispose();
    ownAudio?.dispose();
    clock.dispose();
    throw e;
  }
  const browserInput = capture === false ? null : new BrowserInput(app.input, { element: canvas, keyTarget: capture?.keyTarget, pointerLockOnClick: capture?.pointerLockOnClick });
  const stopApp = app.stop;
  let stopping: Promise<void> | null = null;
  // The App's methods are closures (no `this`), so the object can be extended in place.
  return Object.assign(app, {
    renderer,
    audioSink: rest.audio ?? ownAudio!,
    browserInput,
    flightRecordings,
    stop(): Promise<void> {
      stopping ??= stopApp().finally(() => {
        browserInput?.dispose();
        gamepads?.dispose();
        clock.dispose();
        renderer.dispose();
        ownAudio?.dispose();
      });
      return stopping;
    },
  });
}
