/**
 * `twinframe/vite`: the Vite plugin for a project with its own Vite set-up. It makes every dev
 * and preview response cross-origin isolated (COOP `same-origin`, COEP `require-corp`, CORP
 * `same-origin`: twinframe needs `SharedArrayBuffer`) and builds workers as ES modules (the logic
 * worker is a module Worker). `twinframe dev`/`build` and the repository's demo use it too.
 *
 * @example
 * ```ts
 * // vite.config.ts
 * import { defineConfig } from 'vite';
 * import { crossOriginIsolation } from 'twinframe/vite';
 *
 * export default defineConfig({ plugins: [crossOriginIsolation()] });
 * ```
 */
import type { Plugin } from 'vite';
import { CROSS_ORIGIN_ISOLATION_HEADERS, setIsolationHeaders } from './isolation-headers.ts';

export { CROSS_ORIGIN_ISOLATION_HEADERS } from './isolation-headers.ts';

/** After Vite prints its URLs, says that the server is cross-origin isolated. */
function announce(server: { printUrls(): void; config: { logger: { info(msg: string): void } } }): void {
  const printUrls = server.printUrls.bind(server);
  server.printUrls = () => {
    printUrls();
    const names = Object.entries(CROSS_ORIGIN_ISOLATION_HEADERS).map(([k, v]) => `${k}: ${v}`).join(', ');
    server.config.logger.info(`  ➜  Cross-origin isolated: every response has ${names}`);
  };
}

/**
 * Returns the plugin. Its middleware is registered directly in `configureServer` /
 * `configurePreviewServer` (not in a returned post hook), so it runs before Vite's own: HTML,
 * modules, worker scripts, assets and even 404s carry the headers. It sets `worker.format: 'es'`
 * unless the project's config chose a format.
 */
export function crossOriginIsolation(): Plugin {
  return {
    name: 'twinframe:cross-origin-isolation',
    config(user) {
      return user.worker?.format === undefined ? { worker: { format: 'es' } } : {};
    },
    configureServer(server) {
      server.middlewares.use(setIsolationHeaders);
      announce(server);
    },
    configurePreviewServer(server) {
      server.middlewares.use(setIsolationHeaders);
      announce(server);
    },
  };
}
