/**
 * The logic worker of the built-in game page: the browser logic runtime, with the game imported
 * through `virtual:twinframe/game`, which the page plugin resolves to the game file. The import is
 * dynamic so that a game failing to load (a syntax error, a throw at its top level) ends as a
 * located TF5041 diagnostic rather than a worker that never starts; `vite build` still bundles
 * the game into the site (as a chunk of this worker). On the dev server a hot reload's standby
 * worker imports the game's dev-server URL instead (docs/hot-reload.md).
 */
import { runBrowserLogicWorker } from '../../startup/worker.ts';

// A hot reload (twinframe dev) names the game's new code by its dev-server URL with a cache-busting
// query (`http://.../game.ts?t=N`): a new module instance, fetched fresh; otherwise the bundled game.
runBrowserLogicWorker({
  importGame: (url) => (/^https?:\/\//.test(url) ? import(/* @vite-ignore */ url) : import('virtual:twinframe/game')),
});
