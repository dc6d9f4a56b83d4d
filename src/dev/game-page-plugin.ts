/**
 * The Vite plugin behind `twinframe dev` and `twinframe build`: the built-in game page as
 * virtual modules (no file of twinframe's is copied into the user's folder), the game resolved
 * for the logic worker, and on the dev server the page's report endpoint (prints a diagnostic
 * that stopped the game in the terminal, located in the game's own sources) and the "game
 * changed" event on which the page hot reloads the logic (docs/hot-reload.md): Vite's own update
 * of a game file is taken over (no page reload), the changed modules are invalidated so that the
 * worker's next import of the game gets their new code.
 *
 * Virtual ids: `virtual:twinframe/page-entry` (the page's module: the worker URL, then
 * `startGamePage`) and `virtual:twinframe/game` (the game file, imported by the logic worker).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { basename, dirname, join, relative, isAbsolute, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModuleNode, Plugin, ViteDevServer } from 'vite';
import type { LogicHostProfile } from '../protocol/handshake.ts';
import { formatDiagnostic, type FormattableDiagnostic } from '../protocol/format-diagnostic.ts';
import { coiRegistrationScript, coiServiceWorkerSource, COI_SERVICE_WORKER_FILE } from './coi-service-worker.ts';
import { DEV_CODES } from './error-codes.ts';

/** Options of the page plugin. */
export interface GamePageOptions {
  /** The game module's absolute path. */
  readonly game: string;
  /** The folder served at `/` (the game's folder; for protogame, its data root). */
  readonly root: string;
  readonly host: LogicHostProfile;
  /** Build only: add the service-worker fallback for hosts that cannot set headers. */
  readonly coiServiceWorker?: boolean;
}

/** The event the dev server sends when a file of the game changed (data: `{ file }`). */
export const GAME_CHANGED_EVENT = 'twinframe:game-changed';
/** Where the dev page posts a diagnostic that stopped the game. */
export const REPORT_PATH = '/__twinframe/report';

const GAME_ID = 'virtual:twinframe/game';
const ENTRY_ID = 'virtual:twinframe/page-entry';
const RESOLVED_ENTRY = `\0${ENTRY_ID}`;
/** `.ts` when running from the sources, `.js` from the compiled package. */
const EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const PAGE_DIR = fileURLToPath(new URL('./page/', import.meta.url));

/** twinframe's own package folder (the parent of `src/` or `dist/`), which the dev server must be allowed to serve. */
export const TWINFRAME_ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

/** The page's HTML; `dev` links the entry by its dev-server URL, a build imports it from an inline module. */
export function pageHtml(options: GamePageOptions, dev: boolean): string {
  const coi = !dev && options.coiServiceWorker === true ? `\n  <script>${coiRegistrationScript()}</script>` : '';
  const entry = dev
    ? `<script type="module" src="/@id/__x00__${ENTRY_ID}"></script>`
    : `<script type="module">import '${ENTRY_ID}';</script>`;
  return htmlShell(`${basename(options.game)} · twinframe`, coi, entry);
}

/** A twinframe page: `title` (escaped), extra `head` markup, then `body` (markup, as given). */
export function htmlShell(title: string, head: string, body: string): string {
  const escaped = title.replace(/[<&]/g, (c) => (c === '<' ? '&lt;' : '&amp;'));
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escaped}</title>
  <link rel="icon" href="data:,">${head}
</head>
<body>
  ${body}
</body>
</html>
`;
}

function entrySource(options: GamePageOptions, dev: boolean): string {
  const worker = JSON.stringify(`${join(PAGE_DIR, `page-worker${EXT}`)}?worker&url`);
  const main = JSON.stringify(join(PAGE_DIR, `page-main${EXT}`));
  const config = { game: basename(options.game), host: options.host, reportUrl: dev ? REPORT_PATH : '', gameUrl: dev ? devUrl(options.root, options.game) : '' };
  return `import workerUrl from ${worker};
import { startGamePage } from ${main};
const page = startGamePage({ workerUrl, ...${JSON.stringify(config)} });
if (import.meta.hot) import.meta.hot.on(${JSON.stringify(GAME_CHANGED_EVENT)}, (event) => page.gameChanged(event.file));
`;
}

/** Resolves `virtual:twinframe/game` to the game file (the logic worker's bundle needs it too). */
export function gameResolverPlugin(game: string): Plugin {
  return {
    name: 'twinframe:game',
    enforce: 'pre',
    resolveId(id) {
      return id === GAME_ID ? game : null;
    },
  };
}

function isInside(folder: string, file: string): boolean {
  const rel = relative(folder, file);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Whether `file` belongs to the game (its folder or the served root, not an installed package). */
function isGameFile(options: GamePageOptions, file: string): boolean {
  return !/[\\/]node_modules[\\/]/.test(file) && (isInside(dirname(options.game), file) || isInside(options.root, file));
}

/** The dev-server URL of a file: root-relative inside the root, `/@fs/...` outside it. */
function devUrl(root: string, file: string): string {
  return isInside(root, file) ? `/${relative(root, file).split(sep).join('/')}` : `/@fs${file.split(sep).join('/')}`;
}

interface CompileLoc { file?: string; line?: number; column?: number }
interface CompileError { message?: string; id?: string; loc?: CompileLoc; errors?: { message?: string; loc?: CompileLoc }[] }

/** The first meaningful line of a compiler message, without terminal colours. */
function firstLine(text: string): string {
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
  return plain.split('\n').map((l) => l.trim()).find((l) => l !== '' && !/^Transform failed with/.test(l)) ?? plain.trim();
}

/**
 * Compiles the game and the modules it imports from its own folder (what the worker would load)
 * and returns the first failure as a TF6502 diagnostic, or undefined when all compile.
 */
async function compileCheck(server: ViteDevServer, options: GamePageOptions): Promise<FormattableDiagnostic | undefined> {
  const seen = new Set<string>();
  const queue = [devUrl(options.root, options.game)];
  while (queue.length > 0 && seen.size < 500) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    try {
      await server.transformRequest(url);
    } catch (e) {
      // Vite reports one error with `loc`, or (its Rolldown transforms) a list of them, each with its own.
      const err = e as CompileError;
      const inner = err.errors?.[0];
      const loc = err.loc ?? inner?.loc;
      const text = firstLine(inner?.message ?? err.message ?? String(e));
      // A coded error of twinframe's own resolvers (TF3014: an ambiguous import) keeps its code and message.
      const coded = /\[(TF\d{4})\] (.*)$/.exec(text);
      if (coded !== null) return { code: coded[1]!, message: coded[2]!, file: err.id ?? options.game, line: 0, column: 0 };
      return {
        code: DEV_CODES.DEV_GAME_COMPILE_FAILED.code,
        message: `Dev.compile: the game module could not be compiled; got ${text}. Fix the error and save: the page tries again.`,
        file: loc?.file ?? err.id ?? options.game,
        line: loc?.line ?? 0,
        column: loc?.column !== undefined ? loc.column + 1 : 0,
      };
    }
    const mod = await server.moduleGraph.getModuleByUrl(url);
    for (const dep of mod?.importedModules ?? []) {
      if (dep.file !== null && isInside(options.root, dep.file) && !dep.file.includes(`${sep}node_modules${sep}`)) queue.push(dep.url);
    }
  }
  return undefined;
}

/** Maps a place in a module the dev server served (its URL, generated line and column) to the source file. */
async function mapPlace(server: ViteDevServer, d: FormattableDiagnostic): Promise<FormattableDiagnostic> {
  if (d.file === undefined || !/^https?:\/\//.test(d.file)) return d;
  const path = new URL(d.file).pathname;
  const mod = await server.moduleGraph.getModuleByUrl(path);
  if (mod === undefined || mod.file === null) return d;
  const map = mod.transformResult?.map as SourceMapPayload | null | undefined;
  if (map && d.line) {
    try {
      const entry = new SourceMap(map).findEntry(d.line - 1, Math.max(0, (d.column ?? 1) - 1));
      if ('originalLine' in entry && entry.originalLine !== undefined) {
        return { ...d, file: mod.file, line: entry.originalLine + 1, column: entry.originalColumn + 1 };
      }
    } catch {
      // a map the decoder cannot read: keep the generated place, in the right file
    }
  }
  return { ...d, file: mod.file };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => { body += chunk; });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

async function handleReport(server: ViteDevServer, options: GamePageOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let d: FormattableDiagnostic;
  try {
    const parsed = JSON.parse(await readBody(req)) as FormattableDiagnostic;
    d = { code: String(parsed.code ?? ''), message: String(parsed.message ?? ''), file: parsed.file, line: parsed.line, column: parsed.column, phase: parsed.phase };
  } catch {
    res.writeHead(400, { 'Content-Type': 'text/plain' }).end('expected a JSON diagnostic');
    return;
  }
  const located = (await compileCheck(server, options)) ?? (await mapPlace(server, d));
  server.config.logger.error(`twinframe dev: ${formatDiagnostic(located)}`, { timestamp: true });
  res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(located));
}

/**
 * The page plugin. `dev` serves the page at `/`, answers the page's reports and tells the page
 * when a file of the game changed; a build takes `<root>/index.html` as its entry, emitted from
 * the virtual page (and the service worker with `coiServiceWorker`).
 */
export function gamePagePlugin(options: GamePageOptions): Plugin {
  const indexHtml = join(options.root, 'index.html');
  let dev = false;
  return {
    name: 'twinframe:game-page',
    // No `enforce: 'pre'`: the isolation plugin's middleware, listed first, must run before this one's.
    configResolved(config) {
      dev = config.command === 'serve';
    },
    resolveId(id) {
      if (id === ENTRY_ID) return RESOLVED_ENTRY;
      if (id === GAME_ID) return options.game;
      if (!dev && id === indexHtml) return indexHtml;
      return null;
    },
    load(id) {
      if (id === RESOLVED_ENTRY) return entrySource(options, dev);
      if (!dev && id === indexHtml) return pageHtml(options, false);
      return null;
    },
    generateBundle() {
      if (options.coiServiceWorker === true) this.emitFile({ type: 'asset', fileName: COI_SERVICE_WORKER_FILE, source: coiServiceWorkerSource() });
    },
    handleHotUpdate(ctx) {
      if (!isGameFile(options, ctx.file)) return undefined;
      // The game runs in the logic worker, which the page hot reloads: not Vite's HMR (which would
      // reload the page). A new timestamp on each changed module (and a soft invalidation of its
      // importers) makes the worker's next import of the game fetch their new code.
      const seen = new Set<ModuleNode>();
      for (const mod of ctx.modules) ctx.server.moduleGraph.invalidateModule(mod, seen, ctx.timestamp, true);
      ctx.server.ws.send({ type: 'custom', event: GAME_CHANGED_EVENT, data: { file: ctx.file } });
      return [];
    },
    configureServer(server) {
      const gameDir = dirname(options.game);
      const changed = (file: string): void => {
        if (!isGameFile(options, file)) return;
        server.ws.send({ type: 'custom', event: GAME_CHANGED_EVENT, data: { file } });
      };
      server.watcher.add(gameDir);
      // A change goes through handleHotUpdate (after Vite dropped the file's old transform).
      server.watcher.on('add', changed);
      server.watcher.on('unlink', changed);
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '/').split('?')[0];
        if (req.method === 'POST' && path === REPORT_PATH) {
          handleReport(server, options, req, res).catch(next);
          return;
        }
        if ((req.method === 'GET' || req.method === 'HEAD') && (path === '/' || path === '/index.html')) {
          server.transformIndexHtml(req.url ?? '/', pageHtml(options, true)).then((html) => {
            res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' }).end(html);
          }, next);
          return;
        }
        next();
      });
    },
  };
}
