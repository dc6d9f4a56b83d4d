/**
 * The logic runtime's bundle is reused across processes without running esbuild when nothing it
 * was built from changed (runtime-bundle-reuse.ts): the same files, by content. A changed input
 * (even one of the same size and time), a removed bundle or a bad manifest builds again.
 * Real esbuild, real files, a cache folder of the test's own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleForNodeWorker } from '../../src/platform/node-bundle.ts';

let root: string;
let cache: string;
let previous: string | undefined;
let entry: string;
let helper: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'twinframe-runtime-reuse-'));
  cache = join(root, 'cache');
  previous = process.env['TWINFRAME_CACHE_DIR'];
  process.env['TWINFRAME_CACHE_DIR'] = cache;
  entry = join(root, 'start.ts');
  helper = join(root, 'helper.ts');
  writeFileSync(helper, 'export const VALUE = 41;\n');
  writeFileSync(entry, "import { VALUE } from './helper.ts';\nexport function startNodeWorker(): void { console.log(VALUE); }\n");
});

afterAll(() => {
  if (previous === undefined) delete process.env['TWINFRAME_CACHE_DIR'];
  else process.env['TWINFRAME_CACHE_DIR'] = previous;
  rmSync(root, { recursive: true, force: true });
});

const scriptOf = (file: string): string => file.replace(/\.cjs$/, '.runtime.js');

describe("the runtime bundle's reuse", () => {
  it('reuses the cached bundle while no input changed, and builds again when one did', async () => {
    const first = await bundleForNodeWorker(entry, 'runtime');
    expect(first.built, 'the first call builds').toBe(true);
    const second = await bundleForNodeWorker(entry, 'runtime');
    expect(second.built, 'nothing changed: no esbuild run').toBe(false);
    expect(second.file).toBe(first.file);
    expect(second.inputs, 'the same inputs as the build reported').toEqual(first.inputs);

    // Same size, same modification time, other content: still a change.
    const { mtime, atime } = statSync(helper);
    writeFileSync(helper, 'export const VALUE = 42;\n');
    utimesSync(helper, atime, mtime);
    const third = await bundleForNodeWorker(entry, 'runtime');
    expect(third.built, 'an input changed by content').toBe(true);
    expect(third.file).not.toBe(first.file);
    expect(readFileSync(scriptOf(third.file), 'utf8')).toContain('42');
    expect((await bundleForNodeWorker(entry, 'runtime')).built).toBe(false);
  });

  it('builds again when the cached bundle is gone or the manifest is unreadable', async () => {
    const a = await bundleForNodeWorker(entry, 'runtime');
    rmSync(scriptOf(a.file));
    const b = await bundleForNodeWorker(entry, 'runtime');
    expect(b.built, 'its script was removed').toBe(true);
    expect(readFileSync(scriptOf(b.file), 'utf8')).toContain('startNodeWorker');

    const manifest = readdirSync(cache).find((n) => n.startsWith('runtime-') && n.endsWith('manifest.json'));
    expect(manifest, 'a manifest is written beside the bundle').toBeDefined();
    writeFileSync(join(cache, manifest!), '{ not json');
    expect((await bundleForNodeWorker(entry, 'runtime')).built).toBe(true);
    expect((await bundleForNodeWorker(entry, 'runtime')).built, 'and the rebuilt manifest is used again').toBe(false);
  });

  it('never reuses a game bundle (games are built each time: their inputs are what --watch watches)', async () => {
    const game = join(root, 'game.ts');
    writeFileSync(game, 'export default { update() {} };\n');
    await bundleForNodeWorker(game, 'game');
    expect((await bundleForNodeWorker(game, 'game')).built).toBe(true);
  });
});
