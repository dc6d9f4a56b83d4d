/**
 * The logic worker of the built-in game page: the browser logic runtime, with the game imported
 * through `virtual:twinframe/game`, which the page plugin resolves to the game file. The import is
 * dynamic so that a game failing to load (a syntax error, a throw at its top level) ends as a
 * located TF5041 diagnostic rather than a worker that never starts; `vite build` still bundles
 * the game into the site (as a chunk of this worker).
 */
import { runBrowserLogicWorker } from '../../startup/worker.ts';

runBrowserLogicWorker({ importGame: () => import('virtual:twinframe/game') });
