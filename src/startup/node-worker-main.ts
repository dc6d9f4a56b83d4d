/**
 * The logic worker's entry in Node (`worker_threads`): runs the logic runtime with Node's endpoint,
 * native dynamic import for the game module, the platform clock and event loop and Node's unhandled-rejection hook.
 * Bundled into a plain .mjs by the engine's logic host; the game module arrives by URL.
 */
import { createNodeWorkerEndpoint } from '../platform/node-worker-endpoint.ts';
import { createTimerClock, platformNow } from '../platform/timer-clock.ts';
import { platformEventLoop } from '../platform/event-loop-yield.ts';
import { runLogic } from '../logic/run-logic.ts';

runLogic(createNodeWorkerEndpoint(), {
  importGame: (url) => import(url),
  now: platformNow,
  createFrameClock: (hz) => createTimerClock({ fps: hz }),
  eventLoop: platformEventLoop,
  onUnhandledRejection: (handler) => {
    process.on('unhandledRejection', handler);
  },
});
