/**
 * The logic runtime runs as a script with V8's code cache (node-runtime-script.ts): the loader
 * bundleForNodeWorker writes for kind 'runtime' starts the runtime's `startNodeWorker(importGame)`
 * with a working `import()` for the game and the script's own `import.meta.url`, in strict mode;
 * the first worker writes the code cache when its thread ends, a later one uses it without
 * rewriting it, and a corrupt cache is rejected and rewritten. Real esbuild, real worker threads,
 * a cache folder of the test's own. A cached loader that is not this version's is rewritten.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { bundleForNodeWorker, type BundledModule } from '../../src/platform/node-bundle.ts';
import { runtimeCacheFile, runtimeLoaderSource } from '../../src/platform/node-runtime-script.ts';
import { useTempBundleCache } from '../helpers/temp-bundle-cache.ts';

const temp = useTempBundleCache('twinframe-runtime-script-');

let runtime: BundledModule;
let script: string;

beforeAll(async () => {
  // A stand-in runtime with the real one's contract: startNodeWorker(importGame), imports by URL.
  const entry = join(temp.root, 'start.ts');
  writeFileSync(entry, [
    "import { parentPort } from 'node:worker_threads';",
    'export function startNodeWorker(importGame: (url: string) => Promise<unknown>): void {',
    '  parentPort!.once(\'message\', (url: string) => {',
    '    let strict = false;',
    '    try { (undefined as unknown as { x: number }).x = 1; } catch { strict = true; }',
    '    void importGame(url).then((m) => { parentPort!.postMessage({ value: (m as { value: number }).value, self: import.meta.url, strict }); parentPort!.unref(); });',
    '  });',
    '}',
    '',
  ].join('\n'));
  writeFileSync(join(temp.root, 'game.mjs'), 'export const value = 42;\n');
  runtime = await bundleForNodeWorker(entry, 'runtime');
  script = runtime.file.replace(/\.cjs$/, '.runtime.js');
});

/** Runs one worker on the loader until its thread ends; returns what the runtime posted. */
async function runOnce(): Promise<{ value: number; self: string; strict: boolean }> {
  const w = new Worker(runtime.file, { execArgv: [] });
  const exited = new Promise<number>((resolve) => w.once('exit', resolve));
  const reply = new Promise<{ value: number; self: string; strict: boolean }>((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
  });
  w.postMessage(pathToFileURL(join(temp.root, 'game.mjs')).href);
  const r = await reply;
  expect(await exited, 'the thread ends by itself').toBe(0);
  return r;
}

describe('the runtime script and its code cache', () => {
  it('starts the runtime with import() for the game, its own file as import.meta.url, in strict mode', async () => {
    expect(existsSync(script), 'the script beside its loader').toBe(true);
    const r = await runOnce();
    expect(r.value, 'the game module was imported').toBe(42);
    expect(r.self, 'import.meta.url is the script').toBe(pathToFileURL(script).href);
    expect(r.strict, 'strict mode, as the ES modules it was built from').toBe(true);
  });

  it('writes the code cache at the first thread end, uses it unchanged after, and rewrites a corrupt one', async () => {
    const cache = runtimeCacheFile(script);
    rmSync(cache, { force: true });
    await runOnce();
    expect(existsSync(cache), 'written when the thread ended').toBe(true);
    const written = readFileSync(cache);
    expect(written.length, 'V8 code, not an empty file').toBeGreaterThan(1000);
    const stamp = statSync(cache).mtimeMs;
    await new Promise((r) => setTimeout(r, 30));
    await runOnce();
    expect(statSync(cache).mtimeMs, 'an accepted cache is not rewritten').toBe(stamp);
    writeFileSync(cache, Buffer.from('not a V8 code cache'));
    const r = await runOnce();
    expect(r.value, 'a corrupt cache is not trusted: the script still runs').toBe(42);
    expect(readFileSync(cache).length, 'and the cache is rewritten').toBeGreaterThan(1000);
  });

  it('rewrites a cached loader that is not the one this twinframe writes (an upgrade that changed only the loader)', async () => {
    const stale = "// an older twinframe's loader\nrequire('node:worker_threads').parentPort.postMessage({ value: -1 });\n";
    writeFileSync(runtime.file, stale);
    const again = await bundleForNodeWorker(join(temp.root, 'start.ts'), 'runtime');
    expect(again.file, 'the same runtime script: the same loader file').toBe(runtime.file);
    expect(readFileSync(again.file, 'utf8')).toBe(runtimeLoaderSource(script));
    const r = await runOnce();
    expect(r.value, 'the current loader runs the runtime').toBe(42);
  });
});
