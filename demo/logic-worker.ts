/**
 * The demo's logic worker entry: the browser logic runtime with the demo game imported
 * statically, so Vite bundles the game into the worker chunk for `npm run build` (a built site
 * has no TypeScript to import at run time). Any other game id is imported dynamically, which the
 * dev server serves transformed: `?game=/examples/spawner/game.ts` on `npm start` runs that game.
 * The page loads this file through `import workerUrl from './logic-worker.ts?worker&url'`.
 */
import * as demoGame from './game/demo-game.ts';
import { DEMO_GAME_ID } from './game/demo-keys.ts';
import { runBrowserLogicWorker } from '../src/startup/worker.ts';

runBrowserLogicWorker({
  importGame: (url) => (url === DEMO_GAME_ID ? Promise.resolve(demoGame) : import(/* @vite-ignore */ url)),
});
