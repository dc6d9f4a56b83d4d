/**
 * The logic worker's entry in browsers (a module Worker): runs the logic runtime with the browser
 * endpoint, native dynamic import for the game module and the platform clock. Unhandled
 * rejections arrive as the global's `unhandledrejection` event (the runtime's default).
 */
import { createBrowserWorkerEndpoint } from '../platform/browser-worker-endpoint.ts';
import { createTimerClock, platformNow } from '../platform/timer-clock.ts';
import { runLogic } from '../logic/run-logic.ts';

runLogic(createBrowserWorkerEndpoint(), {
  importGame: (url) => import(/* @vite-ignore */ url),
  now: platformNow,
  createFrameClock: (hz) => createTimerClock({ fps: hz }),
});
