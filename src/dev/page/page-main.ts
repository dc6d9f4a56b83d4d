/**
 * The built-in game page of `twinframe dev` and `twinframe build`: owns the app (the three.js
 * renderer on a full-window canvas, input capture, the logic worker running the game), the live
 * overlay of both threads, and the error overlay. The plugin's generated entry
 * (`virtual:twinframe/page-entry`, see game-page-plugin.ts) calls `startGamePage` with the
 * worker's URL and then forwards the dev server's "game changed" event to `gameChanged`, which hot
 * reloads the logic (docs/hot-reload.md): `app.reload` with the game's dev-server URL made new by a
 * `?t=` query, so a standby worker loads the new code while the engine keeps drawing, and the page
 * (its renderer, the world, the camera) stays. A reload that fails shows the error overlay over the
 * old game, which runs on; the next good save hides it.
 *
 * URL options: `overlay=0` (scene only), `shading=unlit` (flat colours: pixel tests), `seed=N`. Tests read `window.twinframePage`.
 */
import { createBrowserApp, type BrowserApp } from '../../startup/browser-app.ts';
import { isTwinframeError } from '../../shared-memory/twinframe-error.ts';
import { RUNTIME_CODES } from '../../engine/error-codes.ts';
import { LOGIC_CODES } from '../../logic/error-codes.ts';
import type { FormattableDiagnostic } from '../../protocol/format-diagnostic.ts';
import type { LogicHostProfile } from '../../protocol/handshake.ts';
import { Overlay } from './overlay/overlay.ts';
import { ErrorOverlay } from './error-overlay.ts';
import { PAGE_CSS } from './page-style.ts';

/** What the generated entry passes to the page. */
export interface GamePageConfig {
  /** The logic worker's script URL (the bundler's `?worker&url`). */
  readonly workerUrl: string;
  /** The game's name as shown (its file name); the worker imports the game itself. */
  readonly game: string;
  /** The logic host profile ('twinframe' or 'protogame'). */
  readonly host: LogicHostProfile;
  /**
   * Where to send a diagnostic that stopped the game on a dev server (it prints it in the
   * terminal and answers with it located in the game's own sources); '' for a static build.
   */
  readonly reportUrl: string;
  /**
   * The game module's dev-server path (e.g. `/game.ts`): a save hot reloads the logic from it;
   * '' (a static build, or none given): a save reloads the page.
   */
  readonly gameUrl?: string;
}

/** What the page exposes on `window.twinframePage` and returns to its entry. */
export interface GamePage {
  app?: BrowserApp;
  /** The diagnostic shown in the error overlay, when one stopped the game. */
  error?: FormattableDiagnostic;
  /** Set when the page could not start at all (TF1006 when it is not cross-origin isolated). */
  startError?: { code: string; message: string };
  /** Hot reloads asked for (one per save that reached the page). */
  reloadsRequested: number;
  /**
   * Called when a file of the game changed on the dev server: hot reloads the logic (the page
   * reloads instead when it has no running app or no game URL).
   */
  gameChanged(file: string): void;
}

const STATS_EVERY_MS = 250;
const STALL_MS = 100;
/** Codes that mean the game is not running: shown in the error overlay. */
const STOPPING = new Set<string>([LOGIC_CODES.GAME_LOAD_FAILED.code, RUNTIME_CODES.LOGIC_RESTART_LIMIT.code, RUNTIME_CODES.RELOAD_FAILED.code]);

function element<K extends keyof HTMLElementTagNameMap>(tag: K, id: string, parent: HTMLElement): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  el.id = id;
  parent.append(el);
  return el;
}

/** Asks the dev server to print `d` and locate it in the game's sources; `d` itself when that fails. */
async function report(url: string, d: FormattableDiagnostic): Promise<FormattableDiagnostic> {
  if (url === '') return d;
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(d) });
    return response.ok ? ((await response.json()) as FormattableDiagnostic) : d;
  } catch {
    return d; // the server went away: show what the page knows
  }
}

/**
 * Feeds `overlay` from `app` on every animation frame for the page's life: both threads' frame
 * times (a logic thread silent for more than 100 ms shows as a growing stall), and every 250 ms
 * the stats; empties `status` once the logic has run a frame. The built-in page and the
 * repository's demo page both use it.
 */
export function runOverlay(app: BrowserApp, overlay: Overlay, status: HTMLElement): void {
  const sampler = app.logicFrameMs;
  let last = performance.now();
  let lastStats = 0;
  let logicCount = sampler.count;
  let logicAt = last;
  const loop = (now: number): void => {
    const interval = now - last;
    last = now;
    let logicMs = Number.NaN;
    if (sampler.count !== logicCount) {
      logicCount = sampler.count;
      logicAt = now;
      logicMs = sampler.last;
    } else if (now - logicAt > STALL_MS) {
      logicMs = now - logicAt; // stalled: show how long the logic has been silent
    }
    overlay.frame(interval, logicMs);
    if (now - lastStats >= STATS_EVERY_MS) {
      lastStats = now;
      const stats = app.stats();
      overlay.stats(stats, { commandBytes: stats.queues.command.used_bytes }, now);
      if (status.textContent !== '' && stats.logic.frames > 0) status.textContent = '';
    }
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
}

/** The overlay's record button: a recording collected in memory, offered as a download when it ends. */
function wireRecording(app: BrowserApp, overlay: Overlay): void {
  let chunks: Uint8Array[] = [];
  overlay.addRecording({
    start: () => {
      chunks = [];
      app.startRecording((c) => { chunks.push(c); });
    },
    stop: async () => {
      await app.stopRecording();
      const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
      let at = 0;
      for (const c of chunks) {
        bytes.set(c, at);
        at += c.byteLength;
      }
      chunks = [];
      return { name: `twinframe-${new Date().toISOString().replace(/[:.]/g, '-')}.tfrec`, bytes };
    },
  });
}

/** Builds the page's DOM and starts the game; returns at once (the page handle fills in as it starts). */
export function startGamePage(config: GamePageConfig): GamePage {
  const gameUrl = config.gameUrl ?? '';
  const page: GamePage = {
    reloadsRequested: 0,
    gameChanged: () => {
      const app = page.app;
      // No app, a static build, or a game that never loaded (the logic is down, nothing to swap
      // out): start over with a page reload.
      if (app === undefined || gameUrl === '' || app.stats().logic.state === 'down') {
        location.reload();
        return;
      }
      page.reloadsRequested++;
      // A new save: its failure (if any) replaces the one shown; the overlay stays until one succeeds.
      failing = false;
      // A new URL per save: the worker imports a new module instance, which the dev server serves fresh.
      app.reload({ gameUrl: new URL(`${gameUrl}?t=${Date.now()}`, location.href).href, savedAt: performance.now() });
    },
  };
  (window as unknown as { twinframePage: GamePage }).twinframePage = page;
  // The service-worker fallback (twinframe build --coi-serviceworker) is about to reload the page isolated.
  if ((window as unknown as { twinframeCoiPending?: boolean }).twinframeCoiPending === true) return page;
  const style = document.createElement('style');
  style.textContent = PAGE_CSS;
  document.head.append(style);
  document.title = `${config.game} · twinframe`;
  const params = new URLSearchParams(location.search);
  if (params.get('overlay') === '0') document.body.classList.add('bare');
  const root = element('main', 'app', document.body);
  const canvas = element('canvas', 'view', root);
  canvas.tabIndex = 0;
  canvas.setAttribute('aria-label', `${config.game}: the game's scene`);
  const overlayBox = element('aside', 'overlay', root);
  const status = element('p', 'status', root);
  status.textContent = 'starting…';
  const errors = new ErrorOverlay(root);
  /** Bumped when a good reload clears the error: a report still on its way is then stale. */
  let errorEpoch = 0;
  /** Whether an error is shown or on its way (the first diagnostic of a failure wins). */
  let failing = false;
  const stop = (d: FormattableDiagnostic): void => {
    failing = true;
    const epoch = errorEpoch;
    void report(config.reportUrl, d).then((located) => {
      if (epoch !== errorEpoch) return;
      // A failed reload (only a save asks for one) leaves the old game running; a failed start or
      // a logic that stays down does not.
      const runsOn = page.reloadsRequested > 0 && page.app !== undefined && page.app.stats().logic.state !== 'down' && d.code !== RUNTIME_CODES.LOGIC_RESTART_LIMIT.code;
      page.error = located;
      errors.show(located, runsOn ? 'The new code failed; the game runs on with the old code' : 'The game stopped');
    });
  };
  const recovered = (): void => {
    errorEpoch++;
    failing = false;
    page.error = undefined;
    errors.hide();
  };
  void (async () => {
    let app: BrowserApp;
    try {
      const seed = Number(params.get('seed'));
      app = await createBrowserApp({
        canvas,
        workerUrl: config.workerUrl,
        game: config.game,
        host: config.host,
        messageContainer: root,
        rendererOptions: { background: [16, 20, 28], shading: params.get('shading') === 'unlit' ? 'unlit' : 'lit' },
        capture: { pointerLockOnClick: true },
        ...(params.has('seed') && Number.isFinite(seed) ? { seed } : {}),
      });
    } catch (e) {
      page.startError = { code: isTwinframeError(e) ? e.code : 'error', message: isTwinframeError(e) ? e.text : e instanceof Error ? e.message : String(e) };
      status.textContent = '';
      // TF1006: the isolation message is already on the page.
      if (!(isTwinframeError(e) && e.code === 'TF1006')) stop({ code: page.startError.code === 'error' ? '' : page.startError.code, message: page.startError.message });
      return;
    }
    page.app = app;
    // `?overlay=0`: no overlay at all (screenshots; browsers that refuse a 2D canvas). Without a
    // 2D canvas (TF6505) the game still runs: the error is listed, the scene stays.
    let overlay: Overlay | null = null;
    if (params.get('overlay') !== '0') {
      try {
        overlay = new Overlay(overlayBox, []);
      } catch (e) {
        if (!isTwinframeError(e)) throw e;
        console.error(`twinframe: ${e.code} ${e.text}`);
      }
    }
    if (overlay !== null) wireRecording(app, overlay);
    app.on('diagnostic', (d) => {
      overlay?.addDiagnostic(d);
      // The flight recorder wrote a file (kept in memory by the browser app): offer it.
      if (d.code === RUNTIME_CODES.FLIGHT_RECORDING_WRITTEN.code) {
        const file = app.flightRecordings.at(-1);
        if (file !== undefined) overlay?.offerDownload(file.name, file.bytes);
      }
      if (d.code === RUNTIME_CODES.LOGIC_RELOADED.code) {
        // The new code ran its first frame: a failure shown before is over.
        overlay?.reloaded(new Date());
        recovered();
      } else if (STOPPING.has(d.code) && !failing) {
        stop(d);
      }
    });
    window.addEventListener('pagehide', () => void app.stop());
    status.textContent = 'starting the logic worker…';
    app.start();
    if (overlay !== null) runOverlay(app, overlay, status);
    else status.textContent = ''; // the scene alone
  })();
  return page;
}
