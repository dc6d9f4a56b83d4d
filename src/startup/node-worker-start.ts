/**
 * Starts the logic worker in Node (`worker_threads`): runs the logic runtime with Node's endpoint,
 * the given dynamic import for the game module, the platform clock and event loop, Node's
 * unhandled-rejection hook and the bundle source mapper (load errors at the game's own
 * file:line:column). Called by the ES module entry (node-worker-main.ts, which imports natively)
 * and by the generated loader of the runtime script (platform/node-runtime-script.ts, which runs
 * this bundled as a script with V8's code cache and passes its own `import()`).
 */
import { fileURLToPath } from 'node:url';
import { createBundleSourceMapper } from '../platform/bundle-source-map.ts';
import { createNodeWorkerEndpoint } from '../platform/node-worker-endpoint.ts';
import { createTimerClock, platformNow } from '../platform/timer-clock.ts';
import { platformEventLoop } from '../platform/event-loop-yield.ts';
import { runLogic } from '../logic/run-logic.ts';
import { workerBackgroundOf, workerNiceOf } from '../platform/thread-priority.ts';
import { workerData } from 'node:worker_threads';
import * as logicApi from '../logic/index.ts';
import { exposeLogicApi } from './shared-logic-api.ts';

/**
 * Runs the logic on this worker thread; `importGame` imports an ES module game by URL (`(url) => import(url)`
 * from an ES module: a script has no `import()` of its own). A CommonJS game bundle (`.cjs`, what
 * bundleForNodeWorker writes unless the game awaits at top level) is required instead: Node's ES
 * module loader then never starts in the worker. Returns at once; the handshake starts it.
 */
export function startNodeWorker(importGame: (url: string) => Promise<unknown>): void {
  // The game's bundle takes twinframe/logic from here (shared-logic-api.ts), not from a copy of its own.
  exposeLogicApi(logicApi);
  // Once it runs the game (a background spawn: from now on), this thread yields a contended core
  // to the engine thread (NodeWorkerHostOptions.nice; Linux only, never throws; the endpoint decides when).
  runLogic(createNodeWorkerEndpoint({ nice: workerNiceOf(workerData), background: workerBackgroundOf(workerData) }), {
    // A throw while the game loads rejects, as import() does.
    importGame: (url) => (url.endsWith('.cjs') ? new Promise((resolve) => resolve(requireHere()(fileURLToPath(url)))) : importGame(url)),
    sourceMapper: createBundleSourceMapper(),
    now: platformNow,
    createFrameClock: (hz) => createTimerClock({ fps: hz }),
    eventLoop: platformEventLoop,
    onUnhandledRejection: (handler) => {
      process.on('unhandledRejection', handler);
    },
  });
}

/**
 * A CommonJS require: the runtime script's own (its loader passes one; node-runtime-script.ts),
 * else (this module run as an ES module from the sources) one made for it. Either way node:module
 * is not loaded at every worker start for it (~0.5 ms of the thread's start).
 */
function requireHere(): NodeJS.Require {
  return typeof require === 'function' ? require : process.getBuiltinModule('node:module').createRequire(import.meta.url);
}
