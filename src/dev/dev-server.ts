/**
 * `twinframe dev`: the game in the built-in page on a Vite dev server (programmatic
 * `createServer`), cross-origin isolated, watching the game's folder.
 */
import { createServer, type ViteDevServer } from 'vite';
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import type { DevArgs } from './dev-args.ts';
import { DEV_CODES } from './error-codes.ts';
import { siteConfig } from './site-config.ts';

/** A running dev server. */
export interface DevServer {
  /** The page's URL, e.g. `http://127.0.0.1:5173/`. */
  readonly url: string;
  readonly vite: ViteDevServer;
  close(): Promise<void>;
}

/** Options of startDevServer: the parsed arguments plus where to listen and how loud. */
export interface DevServerOptions extends Omit<DevArgs, 'open' | 'strictPort'> {
  readonly open?: boolean;
  readonly strictPort?: boolean;
  /** Listen address (default 127.0.0.1: a secure context without HTTPS). */
  readonly listen?: string;
  readonly logLevel?: 'info' | 'warn' | 'error' | 'silent';
}

/** Starts the server; rejects with TF6503 when it cannot listen (the port is taken with --port, ...). */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const base = siteConfig({ game: options.game, root: options.root, host: options.host });
  let vite: ViteDevServer;
  try {
    vite = await createServer({
      ...base,
      logLevel: options.logLevel ?? 'info',
      clearScreen: false,
      server: {
        ...base.server, host: options.listen ?? '127.0.0.1', port: options.port, strictPort: options.strictPort ?? false, open: options.open ?? false,
        // The page's own error overlay shows a broken save (located, coded) over the old game,
        // which runs on; Vite's would cover both and stay until dismissed.
        hmr: { overlay: false },
      },
    });
    await vite.listen();
  } catch (e) {
    throw new TwinframeError(DEV_CODES.DEV_SERVER_FAILED.code, `Cli.dev: the dev server could not start; got ${e instanceof Error ? e.message : String(e)}. Pass another --port (or --port 0 for any free one).`);
  }
  const url = vite.resolvedUrls?.local[0];
  if (url === undefined) {
    await vite.close();
    throw new TwinframeError(DEV_CODES.DEV_SERVER_FAILED.code, 'Cli.dev: the dev server reported no local URL after listening; got none. Pass --port 0 and try again.');
  }
  return { url, vite, close: () => vite.close() };
}
