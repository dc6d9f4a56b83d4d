/**
 * The logic runtime's bundle is reused across processes without running esbuild when nothing it
 * was built from changed (runtime-bundle-reuse.ts): the same files, by content. A changed input
 * (even one of the same size and time), a removed bundle or a bad manifest builds again.
 * Real esbuild, real files, a cache folder of the test's own.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleForNodeWorker } from '../../src/platform/node-bundle.ts';
import { useTempBundleCache } from '../helpers/temp-bundle-cache.ts';

const temp = useTempBundleCache('twinframe-runtime-reuse-');

let entry: string;
let helper: string;

beforeAll(() => {
  entry = join(temp.root, 'start.ts');
  helper = join(temp.root, 'helper.ts');
  writeFileSync(helper, 'export const VALUE = 41;\n');
  writeFileSync(entry, "import { VALUE } from './helper.ts';\nexport function startNodeWorker(): void { console.log(VALUE); }\n");
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

    const manifest = readdirSync(temp.cache).find((n) => n.startsWith('runtime-') && n.endsWith('manifest.json'));
    expect(manifest, 'a manifest is written beside the bundle').toBeDefined();
    writeFileSync(join(temp.cache, manifest!), '{ not json');
    expect((await bundleForNodeWorker(entry, 'runtime')).built).toBe(true);
    expect((await bundleForNodeWorker(entry, 'runtime')).built, 'and the rebuilt manifest is used again').toBe(false);
  });

  it('never reuses a game bundle (games are built each time: their inputs are what --watch watches)', async () => {
    const game = join(temp.root, 'game.ts');
    writeFileSync(game, 'export default { update() {} };\n');
    await bundleForNodeWorker(game, 'game');
    expect((await bundleForNodeWorker(game, 'game')).built).toBe(true);
  });
});
