/**
 * The demo page: checks cross-origin isolation (the page explains the two headers when it is
 * missing), starts the engine on the canvas with the demo game on a worker, and runs the live
 * overlay with its fault buttons.
 *
 * URL options: `count` (initial objects, default 400), `still=1` (nothing moves: pixel tests),
 * `shading=unlit` (flat colours), `antialias=0`, `overlay=0` (scene only), `seed`, `game=<module URL>` (another game; dev
 * server only, e.g. `?game=/examples/spawner/game.ts` with the repository as root).
 * For tests and the curious, `window.twinframeDemo` holds the app.
 */
import workerUrl from './logic-worker.ts?worker&url';
import { createBrowserApp, type BrowserApp } from '../src/startup/browser-app.ts';
import { isTwinframeError } from '../src/shared-memory/twinframe-error.ts';
import {
  DEMO_GAME_ID, FLOOD_COMMANDS, KEY_FAULT_CRASH, KEY_FAULT_EXIT, KEY_FAULT_FLOOD, KEY_FAULT_HANG, KEY_FAULT_SLOW,
  KEY_FAULT_THROW, KEY_MOUSE_LOOK, SLOW_FRAME_MS,
} from './game/demo-keys.ts';
import { Overlay, type FaultAction } from '../src/dev/page/overlay/overlay.ts';
import { runOverlay } from '../src/dev/page/page-main.ts';

/** What the page exposes on `window.twinframeDemo`. */
export interface DemoHandle {
  app?: BrowserApp;
  /** Set when the demo could not start (TF1006 when the page is not isolated). */
  error?: { code: string; message: string };
  /** Fault buttons' actions by id (same as clicking them). */
  faults?: Record<string, (on: boolean) => void>;
}

const HANG_TIMEOUT_MS = 1500;

const demo: DemoHandle = {};
(window as unknown as { twinframeDemo: DemoHandle }).twinframeDemo = demo;

const params = new URLSearchParams(location.search);
const canvas = document.getElementById('view') as HTMLCanvasElement;
const status = document.getElementById('status')!;
const overlayBox = document.getElementById('overlay')!;
// `?overlay=0`: the scene alone (screenshots).
if (params.get('overlay') === '0') document.body.classList.add('bare');

function numberParam(name: string, fallback: number): number {
  const v = Number(params.get(name));
  return params.has(name) && Number.isFinite(v) ? v : fallback;
}

function press(app: BrowserApp, vk: number): void {
  app.input.keyDown(vk);
  app.input.keyUp(vk); // the press is counted: the logic sees wasKeyJustPressed next frame
}

function faultsOf(app: BrowserApp): FaultAction[] {
  const hold = (vk: number) => (on: boolean): void => (on ? app.input.keyDown(vk) : app.input.keyUp(vk));
  return [
    { id: 'throw', label: 'throw every frame', toggle: true, title: 'update() throws every frame: each error is caught, reported and counted; the next frame runs', run: hold(KEY_FAULT_THROW) },
    { id: 'slow', label: `slow frames (${SLOW_FRAME_MS} ms)`, toggle: true, title: `update() busy-waits ${SLOW_FRAME_MS} ms per frame: the logic slows down, the engine does not`, run: hold(KEY_FAULT_SLOW) },
    { id: 'hang', label: 'hang', toggle: false, title: `update() never returns (while (true) {}): the watchdog terminates the worker after ${HANG_TIMEOUT_MS} ms and restarts the logic`, run: () => press(app, KEY_FAULT_HANG) },
    { id: 'crash', label: 'crash', toggle: false, title: 'an error thrown from a timer escapes every guard: the worker crashes and the logic restarts', run: () => press(app, KEY_FAULT_CRASH) },
    { id: 'exit', label: 'exit', toggle: false, title: 'the worker closes itself (self.close()): the engine notices and restarts the logic', run: () => press(app, KEY_FAULT_EXIT) },
    { id: 'flood', label: `flood (${FLOOD_COMMANDS / 1000}k commands)`, toggle: false, title: `${FLOOD_COMMANDS} commands in one frame: the ring fills, the rest waits in the logic's overflow and everything is applied in order over the next frames`, run: () => press(app, KEY_FAULT_FLOOD) },
  ];
}

async function main(): Promise<void> {
  let app: BrowserApp;
  try {
    app = await createBrowserApp({
      canvas,
      workerUrl,
      game: params.get('game') ?? DEMO_GAME_ID,
      messageContainer: document.getElementById('app')!,
      rendererOptions: {
        shading: params.get('shading') === 'unlit' ? 'unlit' : 'lit',
        antialias: params.get('antialias') !== '0',
        background: [16, 20, 28],
      },
      capture: { pointerLockOnClick: true },
      seed: numberParam('seed', 7),
      gameOptions: { count: numberParam('count', 400), still: params.get('still') === '1' },
      hangTimeoutMs: HANG_TIMEOUT_MS,
      // A demo invites repeated faults: allow many restarts before the logic stays down.
      restart: { maxRestarts: 30, windowMs: 60_000 },
      // A small ring and a per-frame budget make a flood visible as backpressure, not a long frame.
      commandQueueBytes: 1 << 20,
      maxCommandsPerFrame: 50_000,
    });
  } catch (e) {
    demo.error = { code: isTwinframeError(e) ? e.code : 'error', message: e instanceof Error ? e.message : String(e) };
    if (isTwinframeError(e) && e.code === 'TF1006') return; // the page already explains the headers
    status.textContent = `twinframe could not start: ${demo.error.message}`;
    status.classList.add('error');
    console.error(e);
    return;
  }
  demo.app = app;
  const faults = faultsOf(app);
  demo.faults = Object.fromEntries(faults.map((f) => [f.id, (on: boolean) => f.run(on)]));
  document.addEventListener('pointerlockchange', () => {
    if (document.pointerLockElement === canvas) app.input.keyDown(KEY_MOUSE_LOOK);
    else app.input.keyUp(KEY_MOUSE_LOOK);
  });
  window.addEventListener('pagehide', () => void app.stop());
  status.textContent = 'starting the logic worker…';
  app.start();
  const overlay = new Overlay(overlayBox, faults);
  app.on('diagnostic', (d) => overlay.addDiagnostic(d));
  runOverlay(app, overlay, status);
}

void main();
