/**
 * Starts Vite programmatically for the browser tests: the repository root served on a free
 * 127.0.0.1 port, with or without the cross-origin isolation headers. No file watcher, no HMR,
 * no dependency pre-bundling (three.js is plain ESM), and a private cache directory so parallel
 * test files do not share state.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { crossOriginIsolation } from '../../../src/dev/vite-plugin.ts';

/** The repository root (served at `/`). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A running server. */
export interface TestServer {
  /** Base URL, e.g. `http://127.0.0.1:41234/` (trailing slash). */
  readonly url: string;
  close(): Promise<void>;
}

/** Starts a dev server; `isolation: false` leaves out the COOP/COEP headers (to test the message). */
export async function startViteServer(options: { isolation?: boolean } = {}): Promise<TestServer> {
  const cacheDir = mkdtempSync(join(tmpdir(), 'twinframe-vite-'));
  const server = await createServer({
    configFile: false,
    root: REPO_ROOT,
    cacheDir,
    logLevel: 'error',
    appType: 'mpa',
    plugins: options.isolation === false ? [] : [crossOriginIsolation()],
    server: { host: '127.0.0.1', port: 0, strictPort: true, hmr: false, watch: null },
    optimizeDeps: { noDiscovery: true, include: [] },
    worker: { format: 'es' },
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) {
    await server.close();
    throw new Error('startViteServer: Vite reported no local URL after listen()');
  }
  return {
    url,
    async close() {
      await server.close();
      rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}
