/**
 * A temporary folder of a test file's own, with the bundle cache (TWINFRAME_CACHE_DIR) in its
 * `cache/` while the file's tests run: bundles the tests write never mix with other test files'
 * or the user's. Registers the file's beforeAll/afterAll; read the paths inside tests and hooks.
 */
import { afterAll, beforeAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The folders of useTempBundleCache, set once its beforeAll ran. */
export interface TempBundleCache {
  /** The test file's temporary folder (removed after its tests). */
  root: string;
  /** `root/cache`: TWINFRAME_CACHE_DIR during the file's tests. */
  cache: string;
}

/** Creates the folder before the file's tests (named `prefix` + random), removes it and restores TWINFRAME_CACHE_DIR after. */
export function useTempBundleCache(prefix: string): TempBundleCache {
  const dirs: TempBundleCache = { root: '', cache: '' };
  let previous: string | undefined;
  beforeAll(() => {
    dirs.root = mkdtempSync(join(tmpdir(), prefix));
    dirs.cache = join(dirs.root, 'cache');
    previous = process.env['TWINFRAME_CACHE_DIR'];
    process.env['TWINFRAME_CACHE_DIR'] = dirs.cache;
  });
  afterAll(() => {
    if (previous === undefined) delete process.env['TWINFRAME_CACHE_DIR'];
    else process.env['TWINFRAME_CACHE_DIR'] = previous;
    rmSync(dirs.root, { recursive: true, force: true });
  });
  return dirs;
}
