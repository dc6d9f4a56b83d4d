/**
 * twinframe's worker entry (`twinframe/worker`): start the logic runtime inside a browser module
 * Worker in one call, with the platform's endpoint, clock and event loop. A page whose worker
 * script imports its game statically (so the bundler puts the game into the worker chunk) calls
 * this instead of wiring the runtime by hand.
 */
import { runLogic, type LogicDeps } from '../logic/run-logic.ts';
import { createBrowserWorkerEndpoint } from '../platform/browser-worker-endpoint.ts';
import { platformEventLoop } from '../platform/event-loop-yield.ts';
import { createTimerClock, platformNow } from '../platform/timer-clock.ts';

/** Options of runBrowserLogicWorker. */
export interface BrowserLogicWorkerOptions {
  /** Imports the game module the handshake names; default a dynamic `import(url)`. */
  readonly importGame?: LogicDeps['importGame'];
}

/**
 * Runs the logic runtime in this module Worker: waits for the engine's handshake, then loads the
 * game and runs its frames until the engine stops it. Returns at once; never throws (failures end
 * as diagnostics the page receives).
 *
 * @example
 * ```ts
 * // logic-worker.ts: the game is imported statically, so it is bundled into the worker chunk
 * import * as game from './game.ts';
 * import { runBrowserLogicWorker } from 'twinframe/worker';
 *
 * runBrowserLogicWorker({ importGame: () => Promise.resolve(game) });
 * ```
 */
export function runBrowserLogicWorker(options: BrowserLogicWorkerOptions = {}): void {
  runLogic(createBrowserWorkerEndpoint(), {
    importGame: options.importGame ?? ((url) => import(/* @vite-ignore */ url)),
    now: platformNow,
    createFrameClock: (hz) => createTimerClock({ fps: hz }),
    eventLoop: platformEventLoop,
  });
}
