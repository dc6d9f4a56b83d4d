/**
 * The game's `twinframe/logic` is the logic worker runtime's own instance (platform/shared-module-plugin.ts):
 * Node game bundles do not copy it, and the worker puts its namespace on `globalThis` under
 * LOGIC_API_KEY before it loads a game. Main thread: `sharedLogicApi()` for bundleForNodeWorker;
 * worker: `exposeLogicApi(namespace)`.
 */
import { fileURLToPath } from 'node:url';
import type { SharedModule } from '../platform/node-bundle.ts';

/** The `Symbol.for` key of the runtime's `twinframe/logic` namespace on the worker's `globalThis`. */
export const LOGIC_API_KEY = 'twinframe.logic';

/**
 * The shared-module description of `twinframe/logic` for this copy of twinframe: its `logic/index`
 * beside `startup/` (`.ts` from the sources, `.js` from the package's dist/), the file the worker
 * runtime bundle imports.
 */
export function sharedLogicApi(): SharedModule {
  const ts = import.meta.url.endsWith('.ts');
  return {
    file: fileURLToPath(new URL(ts ? '../logic/index.ts' : '../logic/index.js', import.meta.url)),
    key: LOGIC_API_KEY,
    filter: /logic(?:\/index(?:\.[cm]?[jt]s)?)?$/,
  };
}

/** Worker side: makes `namespace` (the runtime's `twinframe/logic`) what the game's bundle imports. */
export function exposeLogicApi(namespace: object): void {
  (globalThis as Record<symbol, unknown>)[Symbol.for(LOGIC_API_KEY)] = namespace;
}
