/**
 * The logic worker's entry in browsers (a module Worker): runs the logic runtime with the browser
 * endpoint, native dynamic import for the game module, and the platform clock and event loop.
 * Unhandled rejections arrive as the global's `unhandledrejection` event (the runtime's default).
 */
import { runBrowserLogicWorker } from './worker.ts';

runBrowserLogicWorker();
