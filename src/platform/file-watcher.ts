/**
 * The file-watching seam of hot reload (`twinframe run --watch`): tells when a file of the game's
 * module graph changes. Node's implementation watches each file's folder (`fs.watch` on the
 * directory, not the file: editors save by writing a temporary file and renaming it over the old
 * one, which ends a watch on the file itself) and filters the events by file name.
 */
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Watches a set of files; the set can change (the module graph changes when imports do). */
export interface FileWatcher {
  /** Watches exactly `files` (absolute paths) from now on. */
  update(files: readonly string[]): void;
  /** Stops every watch; idempotent. Nothing is left open afterwards. */
  close(): void;
  /** Folders watched now (a test checks nothing leaks). */
  readonly watching: number;
}

/**
 * Watches `files` and calls `onChange(file)` for each change event of one of them (several events
 * per save are normal: debounce them). Allocates; set-up and per-event only.
 *
 * @example
 * ```ts
 * const watcher = createFileWatcher(bundle.inputs, (file) => scheduleReload(file));
 * ```
 */
export function createFileWatcher(files: readonly string[], onChange: (file: string) => void): FileWatcher {
  const byDir = new Map<string, { watcher: FSWatcher; names: Set<string> }>();
  let closed = false;
  const update = (next: readonly string[]): void => {
    if (closed) return;
    const wanted = new Map<string, Set<string>>();
    for (const file of next) {
      const dir = dirname(file);
      let names = wanted.get(dir);
      if (names === undefined) wanted.set(dir, (names = new Set()));
      names.add(basename(file));
    }
    for (const [dir, entry] of byDir) {
      if (!wanted.has(dir)) {
        entry.watcher.close();
        byDir.delete(dir);
      }
    }
    for (const [dir, names] of wanted) {
      const entry = byDir.get(dir);
      if (entry !== undefined) {
        entry.names = names;
        continue;
      }
      let watcher: FSWatcher;
      try {
        watcher = watch(dir, { persistent: true });
      } catch {
        // A folder that vanished: nothing to watch there until the next bundle names it again.
        continue;
      }
      const created = { watcher, names };
      watcher.on('change', (_event, name) => {
        const n = typeof name === 'string' ? name : String(name);
        if (!closed && created.names.has(n)) onChange(join(dir, n));
      });
      // A watched folder that is removed ends its watcher with an error: forget it.
      watcher.on('error', () => {
        watcher.close();
        if (byDir.get(dir) === created) byDir.delete(dir);
      });
      byDir.set(dir, created);
    }
  };
  update(files);
  return {
    update,
    close(): void {
      closed = true;
      for (const entry of byDir.values()) entry.watcher.close();
      byDir.clear();
    },
    get watching(): number {
      return byDir.size;
    },
  };
}
