/**
 * A Vite plugin that makes every dev and preview response cross-origin isolated, so pages can use
 * `SharedArrayBuffer`: it sets `Cross-Origin-Opener-Policy: same-origin` and
 * `Cross-Origin-Embedder-Policy: require-corp` before any of Vite's own middlewares run, so HTML,
 * modules, worker scripts, assets and even 404s carry them. docs/hosting.md gives the same two
 * headers for production hosts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';

/** The two response headers that make a page cross-origin isolated. */
export const CROSS_ORIGIN_ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

function setIsolationHeaders(_req: IncomingMessage, res: ServerResponse, next: () => void): void {
  res.setHeader('Cross-Origin-Opener-Policy', CROSS_ORIGIN_ISOLATION_HEADERS['Cross-Origin-Opener-Policy']);
  res.setHeader('Cross-Origin-Embedder-Policy', CROSS_ORIGIN_ISOLATION_HEADERS['Cross-Origin-Embedder-Policy']);
  next();
}

/** After Vite prints its URLs, says that the server is cross-origin isolated. */
function announce(server: { printUrls(): void; config: { logger: { info(msg: string): void } } }): void {
  const printUrls = server.printUrls.bind(server);
  server.printUrls = () => {
    printUrls();
    server.config.logger.info('  ➜  Cross-origin isolated: every response has Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp');
  };
}

/**
 * Returns the plugin. Middlewares registered directly in `configureServer` /
 * `configurePreviewServer` (not in a returned post hook) run before Vite's internal ones.
 *
 * @example
 * ```ts
 * // vite.config.ts
 * export default defineConfig({ plugins: [crossOriginIsolation()] });
 * ```
 */
export function crossOriginIsolation(): Plugin {
  return {
    name: 'twinframe:cross-origin-isolation',
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
