/**
 * The logic worker's entry in Node (`worker_threads`): runs the logic runtime with Node's endpoint,
 * native dynamic import for the game module, the platform clock and event loop, Node's unhandled-rejection
 * hook and the bundle source mapper (load errors at the game's own file:line:column).
 * Bundled into a plain .mjs by the engine's logic host; the game module arrives by URL.
 */
import { createBundleSourceMapper } from '../platform/bundle-source-map.ts';
import { createNodeWorkerEndpoint } from '../platform/node-worker-endpoint.ts';
import { createTimerClock, platformNow } from '../platform/timer-clock.ts';
import { platformEventLoop } from '../platform/event-loop-yield.ts';
import { runLogic } from '../logic/run-logic.ts';

runLogic(createNodeWorkerEndpoint(), {
  importGame: (url) => import(url),
  sourceMapper: createBundleSourceMapper(),
  now: platformNow,
  createFrameClock: (hz) => createTimerClock({ fps: hz }),
  eventLoop: platformEventLoop,
  onUnhandledRejection: (handler) => {
    process.on('unhandledRejection', handler);
  },
});
