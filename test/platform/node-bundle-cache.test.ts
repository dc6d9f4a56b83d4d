/**
 * The bundle cache does not grow by one file per save (issue 14): bundleForNodeWorker keeps the
 * newest BUNDLES_KEPT_PER_ENTRY bundles of each game (by last use) and removes older ones of the
 * same game, never another game's, never the one it returns; a bundle of code seen before is
 * reused (and counts as just used). Real esbuild, real files, a cache folder of the test's own.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { BUNDLES_KEPT_PER_ENTRY, bundleForNodeWorker } from '../../src/platform/node-bundle.ts';
import { useTempBundleCache } from '../helpers/temp-bundle-cache.ts';

const temp = useTempBundleCache('twinframe-bundle-cache-');

/** A game whose bundle differs by `version`. */
function game(version: number): string {
  return `const version: number = ${version};\nexport default { update() { if (version < 0) console.log(version); } };\n`;
}

const cached = (): string[] => readdirSync(temp.cache).filter((n) => n.endsWith('.mjs') || n.endsWith('.cjs')).sort();

describe('the bundle cache', () => {
  it(`keeps the newest ${BUNDLES_KEPT_PER_ENTRY} bundles of a game across saves, and leaves other games' alone`, async () => {
    const other = join(temp.root, 'other.ts');
    writeFileSync(other, game(-1));
    const otherBundle = await bundleForNodeWorker(other, 'game');

    const file = join(temp.root, 'game.ts');
    const written: string[] = [];
    const saves = BUNDLES_KEPT_PER_ENTRY + 4;
    for (let v = 0; v < saves; v++) {
      writeFileSync(file, game(v));
      const bundle = await bundleForNodeWorker(file, 'game');
      expect(existsSync(bundle.file), `save ${v}: the bundle returned is on disk`).toBe(true);
      written.push(basename(bundle.file));
      // mtime resolution: the next save's bundle must be strictly newer.
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(new Set(written).size, 'one bundle per distinct save').toBe(saves);
    const mine = cached().filter((n) => written.includes(n));
    expect(mine, 'the newest saves\' bundles, no more').toEqual(written.slice(-BUNDLES_KEPT_PER_ENTRY).sort());
    expect(existsSync(otherBundle.file), 'another game\'s bundle stays').toBe(true);
    expect(cached(), 'nothing else in the cache').toEqual([...mine, basename(otherBundle.file)].sort());
  });

  it('reuses the bundle of code it has seen, which then counts as the newest', async () => {
    const file = join(temp.root, 'reused.ts');
    const first: string[] = [];
    for (let v = 0; v < BUNDLES_KEPT_PER_ENTRY; v++) {
      writeFileSync(file, game(100 + v));
      first.push((await bundleForNodeWorker(file, 'game')).file);
      await new Promise((r) => setTimeout(r, 20));
    }
    // Back to the oldest kept code (a save undone): the same file, now the most recently used.
    writeFileSync(file, game(100));
    const again = await bundleForNodeWorker(file, 'game');
    expect(again.file, 'the cached bundle is reused').toBe(first[0]);
    await new Promise((r) => setTimeout(r, 20));
    // One more new save: the one pruned is the second oldest, not the reused one.
    writeFileSync(file, game(200));
    const latest = await bundleForNodeWorker(file, 'game');
    expect(existsSync(again.file), 'the reused bundle was kept').toBe(true);
    expect(existsSync(first[1]!), 'the least recently used one was removed').toBe(false);
    expect(existsSync(latest.file)).toBe(true);
    expect(first.slice(2).every((f) => existsSync(f)), 'the others stay').toBe(true);
  });

  it('lists the cache folder once per game: a file it did not write after that is not pruned as the game\'s', async () => {
    const file = join(temp.root, 'listed-once.ts');
    writeFileSync(file, game(300));
    const first = await bundleForNodeWorker(file, 'game');
    // Files with the game's prefix that appear later (another process's) are unknown to this one.
    const prefix = basename(first.file).slice(0, basename(first.file).lastIndexOf('-') + 1);
    const foreign = Array.from({ length: BUNDLES_KEPT_PER_ENTRY + 2 }, (_, i) => join(temp.cache, `${prefix}${String(i).padStart(20, 'f')}.cjs`));
    for (const f of foreign) writeFileSync(f, '');
    const mine = [first.file];
    for (let v = 1; v <= BUNDLES_KEPT_PER_ENTRY + 1; v++) {
      writeFileSync(file, game(300 + v));
      mine.push((await bundleForNodeWorker(file, 'game')).file);
    }
    expect(foreign.every((f) => existsSync(f)), 'files seen by no listing stay').toBe(true);
    // Its own bundles are still pruned to the newest BUNDLES_KEPT_PER_ENTRY, by last use.
    expect(mine.map((f) => existsSync(f))).toEqual(mine.map((_, i) => i > mine.length - 1 - BUNDLES_KEPT_PER_ENTRY));
    for (const f of foreign) rmSync(f);
  });
});
