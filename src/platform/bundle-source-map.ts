/**
 * Reads the inline source map of a module bundled by `bundleForNodeWorker` and maps a place in
 * the bundle back to the game's own file, line and column. The logic worker's load-error report
 * uses it for frames Node left pointing at the bundle (Node maps a stack only when its source-map
 * support was on as the module was compiled, and names no file at all for an error with no frame),
 * so a game that fails while it first loads is reported at its own file:line:column.
 */
import { readFileSync } from 'node:fs';
import type { SourceMap, SourceMapPayload } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** A place in a source file: 1-based line and column. */
export interface SourcePlace {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** Maps places in bundled modules back to their sources (see `createBundleSourceMapper`). */
export interface BundleSourceMapper {
  /**
   * The original place of `line:column` (1-based) in the bundled module `file` (a path or file:
   * URL), or undefined when the file has no inline source map or the place maps to nothing.
   */
  original(file: string, line: number, column: number): SourcePlace | undefined;
  /** The entry source (the game's own file) of the bundled module at `file`, or undefined. */
  entry(file: string): string | undefined;
}

const INLINE_MAP = /\/\/# sourceMappingURL=data:application\/json(?:;charset=[^;,]+)?;base64,([A-Za-z0-9+/=]+)\s*$/;

/**
 * Creates a mapper that reads each bundle's map once (cached by path). Allocates; for error
 * paths only. Never throws: an unreadable file or a bad map maps to undefined.
 *
 * @example
 * ```ts
 * createBundleSourceMapper().original('file:///tmp/twinframe-cache-0/game-ab12.mjs', 5, 52);
 * // -> { file: '/home/me/game/game.ts', line: 3, column: 9 }
 * ```
 */
export function createBundleSourceMapper(): BundleSourceMapper {
  const maps = new Map<string, { map: SourceMap; sources: string[] } | null>();
  const load = (file: string): { map: SourceMap; sources: string[] } | null => {
    const path = file.startsWith('file://') ? fileURLToPath(file) : file;
    let cached = maps.get(path);
    if (cached !== undefined) return cached;
    cached = null;
    try {
      const match = INLINE_MAP.exec(readFileSync(path, 'utf8'));
      if (match !== null) {
        const payload = JSON.parse(Buffer.from(match[1]!, 'base64').toString('utf8')) as SourceMapPayload;
        // esbuild writes sources relative to the bundle's folder: make them absolute paths.
        const base = pathToFileURL(path);
        const sources = payload.sources.map((s) => fileURLToPath(new URL(s, base)));
        // node:module is loaded here, on the error path, not at every worker start (~0.5 ms).
        cached = { map: new (process.getBuiltinModule('node:module').SourceMap)(payload), sources };
      }
    } catch {
      cached = null;
    }
    maps.set(path, cached);
    return cached;
  };
  return {
    original(file, line, column) {
      const loaded = load(file);
      if (loaded === null || line < 1) return undefined;
      const hit = loaded.map.findEntry(line - 1, Math.max(0, column - 1)) as Partial<{ originalSource: string; originalLine: number; originalColumn: number }>;
      if (hit.originalSource === undefined || hit.originalLine === undefined || hit.originalColumn === undefined) return undefined;
      const index = loaded.map.payload.sources.indexOf(hit.originalSource);
      const source = index >= 0 ? loaded.sources[index]! : hit.originalSource;
      return { file: source, line: hit.originalLine + 1, column: hit.originalColumn + 1 };
    },
    entry(file) {
      const loaded = load(file);
      // esbuild emits a bundle's modules dependencies first: the entry is the last source.
      return loaded === null ? undefined : loaded.sources[loaded.sources.length - 1];
    },
  };
}
