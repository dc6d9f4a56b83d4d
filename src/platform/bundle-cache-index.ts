/**
 * Which bundles of each entry the bundle cache holds, most recently used first: the cache folder
 * is listed once per entry and process, then kept up to date in memory as bundles are written,
 * reused and pruned. The folder is shared (every game, every test, every process of the user), so
 * it can hold thousands of files, and `--watch` bundles at every save on the engine's thread:
 * listing and stat-ing it at each bundle was most of the bundler's main-thread time per reload.
 * Best effort, as the cache is: a bundle another process writes is not seen until the next
 * process, one it removes is written afresh when needed.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Per entry (`dir` + name prefix): its bundles' paths, most recently used first. */
const known = new Map<string, string[]>();

/** The bundles of `prefix` in `dir` on disk, newest modification first (one listing, one stat each). */
function listed(dir: string, prefix: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.startsWith(prefix) && (n.endsWith('.mjs') || n.endsWith('.cjs')));
  } catch {
    return [];
  }
  const aged: { file: string; mtime: number }[] = [];
  for (const name of names) {
    const file = join(dir, name);
    try {
      aged.push({ file, mtime: statSync(file).mtimeMs });
    } catch {
      // gone already
    }
  }
  return aged.sort((a, b) => b.mtime - a.mtime).map((a) => a.file);
}

/**
 * Records that `current` (a bundle of `prefix` in `dir`) was just written or reused, and removes
 * (`remove`) the bundles of the same prefix beyond the `kept` most recently used, never `current`.
 * One that `remove` could not remove (returns false) stays known and is tried again next time.
 */
export function useBundle(dir: string, prefix: string, current: string, kept: number, remove: (file: string) => boolean): void {
  const key = join(dir, prefix);
  let files = known.get(key);
  if (files === undefined) {
    files = listed(dir, prefix);
    known.set(key, files);
  }
  const at = files.indexOf(current);
  if (at >= 0) files.splice(at, 1);
  files.unshift(current);
  if (files.length <= kept) return;
  for (const file of files.splice(kept)) if (!remove(file)) files.push(file);
}
