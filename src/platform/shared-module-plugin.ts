/**
 * An esbuild plugin that keeps one module out of a game bundle: an import that resolves to the
 * shared module's file reads the instance the logic worker's runtime already evaluated, from
 * `globalThis[Symbol.for(key)]`, instead of a copy of it and everything it imports.
 *
 * Why: a game imports `twinframe/logic` (defineGame, the error class, the gamepad constants). A
 * copy of it is ~40 KB of bundle with its error-code tables, which Node reads, compiles, maps (the
 * inline source map) and evaluates at every worker start, restart and hot reload (~2.5 ms of the
 * ~10 ms from a thread's start to its first frame, measured), and whose `TwinframeError` is not the
 * runtime's. In the browser the game and the worker runtime already share one module graph.
 */
import type { Plugin } from 'esbuild';

/** A module a game bundle does not copy (see the file comment). */
export interface SharedModule {
  /** Absolute path of the module's file as the bundler resolves it (e.g. `.../dist/logic/index.js`). */
  readonly file: string;
  /** The `Symbol.for` key under which the worker runtime puts the module's namespace on `globalThis`. */
  readonly key: string;
  /** Specifiers worth resolving to find out whether they are this module (e.g. /logic(\/index(\.[jt]s)?)?$/): a cheap pre-filter. */
  readonly filter: RegExp;
}

const NAMESPACE = 'twinframe-shared';

/** The plugin for `shared` (see the file comment). */
export function sharedModulePlugin(shared: SharedModule): Plugin {
  const key = JSON.stringify(shared.key);
  return {
    name: 'twinframe-shared-module',
    setup(build) {
      build.onResolve({ filter: shared.filter }, async (args) => {
        // Resolving again from here would come back to this hook: the mark stops it.
        if ((args.pluginData as { sharedProbe?: boolean } | undefined)?.sharedProbe === true) return undefined;
        const found = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { sharedProbe: true } });
        if (found.errors.length > 0 || found.path !== shared.file) return undefined;
        return { path: shared.file, namespace: NAMESPACE };
      });
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, () => ({
        loader: 'js',
        contents:
          `const api = globalThis[Symbol.for(${key})];\n` +
          `if (api === undefined) throw new Error(${JSON.stringify(`twinframe: this game bundle takes ${shared.file} from the logic worker's runtime (globalThis[Symbol.for(${key})]), and none is loaded here. Run it in a twinframe logic worker (createNodeApp, twinframe run).`)});\n` +
          'module.exports = api;\n',
      }));
    },
  };
}
