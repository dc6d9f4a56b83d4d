/**
 * Case-insensitive import resolution for host 'protogame' in the browser (the dev server and
 * `twinframe build`), as Windows resolves them and as the Node bundler does
 * (platform/case-insensitive-resolve.ts, whose resolution core and messages this shares): a
 * relative import that differs from the file on disk only by letter case resolves to that file,
 * with one TF3013 warning per distinct spelled path naming both spellings; an import matching two
 * entries that differ only by case fails with TF3014 naming both. Imports spelled as on disk are
 * left to Vite.
 */
import { dirname, resolve } from 'node:path';
import type { Plugin } from 'vite';
import { caseProblemMessage, FolderListings, lookUpIgnoringCase } from '../platform/case-insensitive-resolve.ts';
import { formatDiagnostic } from '../protocol/format-diagnostic.ts';
import { TwinframeError } from '../shared-memory/twinframe-error.ts';

/** Creates the plugin (one per server or build: it warns once per spelled path); `warn` prints a warning line (default Vite's logger). */
export function caseInsensitiveImports(options: { warn?: (line: string) => void } = {}): Plugin {
  const listings = new FolderListings();
  const list = listings.list;
  const warned = new Set<string>();
  let warn = options.warn;
  return {
    name: 'twinframe:case-insensitive-imports',
    enforce: 'pre',
    configResolved(config) {
      warn ??= (line) => config.logger.warn(line, { timestamp: true });
    },
    configureServer(server) {
      // A file added or renamed changes what an import matches: list the folders afresh.
      server.watcher.on('all', () => listings.clear());
    },
    resolveId(source, importer) {
      if (importer === undefined || !/^\.\.?(?:\/|$)/.test(source) || importer.startsWith('\0')) return null;
      const from = dirname(importer.split('?')[0]!);
      const spec = source.split('?')[0]!;
      const found = lookUpIgnoringCase(from, spec, list);
      if (found.kind === 'ambiguous') {
        const { code, message } = caseProblemMessage('resolve', 'ambiguous', source, found.paths, ` in ${importer}`);
        throw new TwinframeError(code, message);
      }
      if (found.kind !== 'differs') return null;
      const spelled = resolve(from, spec);
      if (!warned.has(spelled)) {
        warned.add(spelled);
        const { code, message } = caseProblemMessage('resolve', 'differs', source, [found.path], ` in ${importer}`);
        warn?.(`twinframe: ${formatDiagnostic({ code, message })}`);
      }
      return found.path;
    },
  };
}
