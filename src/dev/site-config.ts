/**
 * The Vite configuration `twinframe dev` and `twinframe build` share: the game's folder as the
 * root, the page plugin and the isolation plugin, the game resolved inside the logic worker's
 * bundle too, and the files the dev server may serve (the root, twinframe's own package, and the
 * three.js package wherever it is installed).
 */
import { dirname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InlineConfig } from 'vite';
import { gamePagePlugin, gameResolverPlugin, TWINFRAME_ROOT, type GamePageOptions } from './game-page-plugin.ts';
import { crossOriginIsolation } from './vite-plugin.ts';
import { caseInsensitiveImports } from './case-insensitive-vite-plugin.ts';

/** The installed three.js package's folder (outside twinframe's own when both sit in a project's node_modules), or undefined. */
export function threeFolder(): string | undefined {
  try {
    const entry = fileURLToPath(import.meta.resolve('three'));
    const marker = `${sep}node_modules${sep}three${sep}`;
    const at = entry.lastIndexOf(marker);
    return at >= 0 ? entry.slice(0, at + marker.length - 1) : dirname(entry);
  } catch {
    return undefined;
  }
}

/** The inline config (no config file of the user's is read: the page is twinframe's). */
export function siteConfig(options: GamePageOptions): InlineConfig {
  const three = threeFolder();
  // Host 'protogame' resolves imports as Windows does, on the page and inside the logic worker's bundle.
  const caseFor = (): ReturnType<typeof caseInsensitiveImports>[] => (options.host === 'protogame' ? [caseInsensitiveImports()] : []);
  return {
    configFile: false,
    root: options.root,
    base: './',
    publicDir: false,
    // The isolation headers' middleware first: the page plugin's answers (the page itself) carry them too.
    plugins: [crossOriginIsolation(), gamePagePlugin(options), ...caseFor()],
    // three.js is plain ES modules: no pre-bundling, so no "new dependencies, reloading" mid-session.
    optimizeDeps: { noDiscovery: true, include: [] },
    worker: { format: 'es', plugins: () => [gameResolverPlugin(options.game), ...caseFor()] },
    server: { fs: { allow: [options.root, TWINFRAME_ROOT, ...(three !== undefined ? [three] : [])] } },
  };
}
