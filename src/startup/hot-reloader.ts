/**
 * `twinframe run --watch` (headless hot reload, docs/hot-reload.md): watches every file of the
 * game's module graph (what esbuild bundled), debounces a burst of saves into one reload (on the
 * app's clock), bundles the new code while the old keeps running and hands it to `app.reload`. A
 * build that fails (syntax error, missing import) is handed over as an error: a failed reload
 * that changes nothing. The watched set follows the graph after each good build.
 */
import { sharedLogicApi } from './shared-logic-api.ts';
import type { App } from '../engine/app.ts';
import type { Clock } from '../platform/clock.ts';
import { createFileWatcher, type FileWatcher } from '../platform/file-watcher.ts';
import { bundleForNodeWorker } from '../platform/node-bundle.ts';
import type { LogicHostProfile } from '../protocol/handshake.ts';
import { formatDiagnostic } from '../protocol/format-diagnostic.ts';

/** Default debounce: saves closer than this are one reload. */
export const RELOAD_DEBOUNCE_MS = 50;

/** Options of watchGame. */
export interface WatchGameOptions {
  /** The game's entry file (as given to createNodeApp). */
  readonly game: string;
  /** The files of its module graph (BundledModule.inputs of the first build). */
  readonly inputs: readonly string[];
  readonly host?: LogicHostProfile;
  /** The app's clock: debounce and save times. */
  readonly clock: Clock;
  /** Default RELOAD_DEBOUNCE_MS. */
  readonly debounceMs?: number;
  /** The bundler's nice value (NodeBundleOptions.nice; createNodeApp passes its `logicNice`). */
  readonly nice?: number;
  /** Each coded warning of a reload's build (TF3013: an import that differs by letter case), formatted. */
  readonly onWarning?: (line: string) => void;
}

/** A running watch. */
export interface GameWatch {
  /** Stops watching; a pending debounce is cancelled. Idempotent. */
  close(): void;
  /** Folders watched now. */
  readonly watching: number;
  /** Builds started (one per debounced burst, plus one per burst that arrived during a build). */
  readonly builds: number;
}

/**
 * Watches the game's files and reloads `app` on each save burst.
 *
 * @example
 * ```ts
 * const watch = watchGame(app, { game: 'game.ts', inputs: bundle.inputs, clock });
 * // ... later
 * watch.close();
 * ```
 */
export function watchGame(app: App, options: WatchGameOptions): GameWatch {
  const { clock, game, host } = options;
  const debounceMs = options.debounceMs ?? RELOAD_DEBOUNCE_MS;
  let closed = false;
  let debounce: AbortController | null = null;
  /** When the first save of the burst being debounced was seen. */
  let burstAt = -1;
  let building = false;
  /** A burst ended while a build ran: build again when it is done (with the first save's time). */
  let again = -1;
  let builds = 0;

  const build = async (savedAt: number): Promise<void> => {
    building = true;
    builds++;
    try {
      const bundle = await bundleForNodeWorker(game, 'game', { host: host ?? 'twinframe', nice: options.nice, shared: sharedLogicApi() });
      if (closed) return;
      if (options.onWarning !== undefined) for (const w of bundle.warnings) options.onWarning(formatDiagnostic(w));
      watcher.update(bundle.inputs);
      app.reload({ gameUrl: bundle.url, savedAt });
    } catch (error) {
      if (!closed) app.reload({ error, savedAt });
    } finally {
      building = false;
    }
    if (!closed && again >= 0) {
      const next = again;
      again = -1;
      void build(next);
    }
  };

  const onChange = (): void => {
    if (closed) return;
    if (burstAt < 0) burstAt = clock.now();
    debounce?.abort();
    const signal = (debounce = new AbortController()).signal;
    void clock.delay(debounceMs, signal).then(() => {
      if (signal.aborted || closed) return;
      debounce = null;
      const savedAt = burstAt;
      burstAt = -1;
      if (building) {
        if (again < 0) again = savedAt;
      } else {
        void build(savedAt);
      }
    });
  };

  const watcher: FileWatcher = createFileWatcher(options.inputs, onChange);
  return {
    close(): void {
      closed = true;
      debounce?.abort();
      debounce = null;
      watcher.close();
    },
    get watching(): number {
      return watcher.watching;
    },
    get builds(): number {
      return builds;
    },
  };
}
