/**
 * The dev server of `twinframe replay FILE --view`: a Vite dev server (cross-origin isolated, as
 * the engine's shared memory needs) serving the viewer page (src/dev/page/replay-page.ts) as a
 * virtual module and the recording's bytes at RECORDING_PATH, read from disk on each request (a
 * recording still being written is shown up to its last whole chunk on reload).
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, type Plugin, type ViteDevServer } from 'vite';
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { DEV_CODES } from './error-codes.ts';
import type { DevServer } from './dev-server.ts';
import { TWINFRAME_ROOT, htmlShell } from './game-page-plugin.ts';
import { threeFolder } from './site-config.ts';
import { crossOriginIsolation } from './vite-plugin.ts';

/** Where the viewer page fetches the recording. */
export const RECORDING_PATH = '/__twinframe/recording';
const ENTRY_ID = 'virtual:twinframe/replay-entry';
const RESOLVED_ENTRY = `\0${ENTRY_ID}`;
const EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const PAGE_DIR = fileURLToPath(new URL('./page/', import.meta.url));

/** Options of startReplayViewServer. */
export interface ReplayViewOptions {
  /** The recording's absolute path. */
  readonly file: string;
  /** The port (0: any free one). */
  readonly port?: number;
  readonly strictPort?: boolean;
  readonly open?: boolean;
  /** Listen address (default 127.0.0.1). */
  readonly listen?: string;
  readonly logLevel?: 'info' | 'warn' | 'error' | 'silent';
}

function html(name: string): string {
  return htmlShell(`${name} · twinframe replay`, '', `<script type="module" src="/@id/__x00__${ENTRY_ID}"></script>`);
}

/** The viewer's plugin: the page at `/`, its entry module, the recording's bytes. */
export function replayViewPlugin(file: string): Plugin {
  const name = basename(file);
  return {
    name: 'twinframe:replay-view',
    resolveId(id) {
      return id === ENTRY_ID ? RESOLVED_ENTRY : null;
    },
    load(id) {
      if (id !== RESOLVED_ENTRY) return null;
      const page = JSON.stringify(join(PAGE_DIR, `replay-page${EXT}`));
      return `import { startReplayPage } from ${page};\nstartReplayPage(${JSON.stringify({ recordingUrl: RECORDING_PATH, name })});\n`;
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '/').split('?')[0];
        if (req.method !== 'GET' && req.method !== 'HEAD') return next();
        if (path === RECORDING_PATH) {
          readFile(file).then((bytes) => {
            res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Cache-Control': 'no-cache', 'Content-Length': String(bytes.byteLength) }).end(bytes);
          }, next);
          return;
        }
        if (path === '/' || path === '/index.html') {
          server.transformIndexHtml(req.url ?? '/', html(name)).then((page) => {
            res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' }).end(page);
          }, next);
          return;
        }
        next();
      });
    },
  };
}

/** Starts the viewer's server; rejects with TF6503 when it cannot listen. */
export async function startReplayViewServer(options: ReplayViewOptions): Promise<DevServer> {
  const three = threeFolder();
  const root = dirname(options.file);
  let vite: ViteDevServer;
  try {
    vite = await createServer({
      configFile: false,
      root,
      publicDir: false,
      logLevel: options.logLevel ?? 'info',
      clearScreen: false,
      // The isolation headers' middleware first: the page and the recording carry them too.
      plugins: [crossOriginIsolation(), replayViewPlugin(options.file)],
      optimizeDeps: { noDiscovery: true, include: [] },
      server: {
        host: options.listen ?? '127.0.0.1', port: options.port ?? 0, strictPort: options.strictPort ?? false, open: options.open ?? false,
        hmr: { overlay: false },
        // Nothing to hot reload: the recording is re-read when the page reloads.
        watch: { ignored: ['**/*'] },
        fs: { allow: [root, TWINFRAME_ROOT, ...(three !== undefined ? [three] : [])] },
      },
    });
    await vite.listen();
  } catch (e) {
    throw new TwinframeError(DEV_CODES.DEV_SERVER_FAILED.code, `Cli.replay: the viewer's dev server could not start; got ${e instanceof Error ? e.message : String(e)}. Pass another --port (or --port 0 for any free one).`);
  }
  const url = vite.resolvedUrls?.local[0];
  if (url === undefined) {
    await vite.close();
    throw new TwinframeError(DEV_CODES.DEV_SERVER_FAILED.code, "Cli.replay: the viewer's dev server reported no local URL after listening; got none. Pass --port 0 and try again.");
  }
  return { url, vite, close: () => vite.close() };
}
