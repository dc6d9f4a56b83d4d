/**
 * The logic runtime as a script run with V8's code cache (issue 15: worker start to first frame).
 * Node 20 caches no compiled code for ES modules (`module.enableCompileCache` is Node 22), so every
 * worker compiled the runtime bundle afresh, and then each function it runs on its way to the
 * first frame. `bundleForNodeWorker(entry, 'runtime')` therefore builds the runtime (an entry
 * exporting `startNodeWorker(importGame)`, startup/node-worker-start.ts) as a CommonJS body
 * wrapped in a function, and writes beside it a small CommonJS loader, the worker's entry, which
 * runs that script through `vm.Script` with the cached data of an earlier worker (`.v8cache` next
 * to the script) and passes it its own `import()` for the game. A worker that found no usable
 * cache writes one when its thread ends (after a graceful stop, so it holds every function the
 * run compiled); a stale or foreign cache is rejected by V8 and rewritten, never trusted.
 */

/** What the runtime body receives: CommonJS's require/module/exports and its own file: URL (its `import.meta.url`). */
export const RUNTIME_SCRIPT_URL = '__twinframeRuntimeUrl';

/** Wraps the CommonJS body `code` into the function expression the loader runs (strict, as the ES modules it came from). */
export function wrapRuntimeScript(code: string): string {
  return `(function (require, module, exports, ${RUNTIME_SCRIPT_URL}) {'use strict';${code}\n})`;
}

/** The file of the V8 code cache of the script at `scriptFile`. */
export function runtimeCacheFile(scriptFile: string): string {
  return `${scriptFile}.v8cache`;
}

/**
 * The source of the CommonJS module that starts the runtime script at `scriptFile` on a worker
 * thread (see the file comment; CommonJS: a worker whose entry is an ES module pays for the ES
 * module loader's start before its first line, ~3 ms of CPU here). Plain JavaScript with only
 * `node:` requires: it runs with no loader. Its `import()` loads the game as an ES module.
 */
export function runtimeLoaderSource(scriptFile: string): string {
  const file = JSON.stringify(scriptFile);
  const cache = JSON.stringify(runtimeCacheFile(scriptFile));
  return `// twinframe: starts the logic runtime script with V8's code cache (generated; src/platform/node-runtime-script.ts).
'use strict';
const { readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { pathToFileURL } = require('node:url');
const { Script } = require('node:vm');
const { threadId } = require('node:worker_threads');

const file = ${file};
const cacheFile = ${cache};
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined; // none yet: this worker writes it
}
const script = new Script(readFileSync(file, 'utf8'), { filename: file, cachedData });
if (cachedData === undefined || script.cachedDataRejected === true) {
  // At the thread's end (after a graceful stop) the script holds every function the run compiled.
  process.once('exit', () => {
    const temp = cacheFile + '.' + process.pid + '.' + threadId + '.tmp';
    try {
      writeFileSync(temp, script.createCachedData());
      renameSync(temp, cacheFile);
    } catch {
      // Only a cache: the next worker compiles and tries again.
      try { rmSync(temp, { force: true }); } catch { /* left for the next prune */ }
    }
  });
}
const runtime = { exports: {} };
script.runInThisContext()(require, runtime, runtime.exports, pathToFileURL(file).href);
runtime.exports.startNodeWorker((url) => import(url));
`;
}
