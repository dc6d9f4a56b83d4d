/**
 * The browser implementation of WorkerHost: the logic runs in a module Worker
 * (`new Worker(url, { type: 'module' })`) that receives the handshake as its first and only
 * message; afterwards everything goes through shared memory, except hot reload's two messages
 * (`post`: a standby worker's activation; `onMessage`: the hand-over; once per incarnation).
 *
 * Browsers differ from Node's worker_threads in three ways this host smooths over:
 * - A worker has no exit event. `terminate()` reports the exit itself (code 1, as Node does), and
 *   a worker that ends by itself (graceful shutdown, or a game calling `self.close()`) is noticed
 *   through a Web Lock the worker holds for its life (see `browser-worker-endpoint.ts`): the host
 *   waits on the same lock and reports exit code 0 when the browser releases it. Without Web Locks
 *   the host falls back to watching the control block's STATUS for STOPPED.
 * - An uncaught error does not end a browser worker. Node's does, and the runtime's fault model
 *   says an error that escaped every guard is a crash, so by default (`uncaughtErrors: 'crash'`)
 *   the host reports it (`onError`, with the ErrorEvent's file, line and column), terminates the
 *   worker and reports the exit, and the engine restarts the logic like on Node.
 * - A worker script that cannot load (missing file, syntax error, wrong MIME type, blocked by
 *   COEP) fires a plain `error` Event without details: always fatal, reported with the script URL.
 */
import { LOGIC_STATUS_STOPPED, STATUS_SLOT } from '../protocol/control-block.ts';
import type { HandshakeMessage } from '../protocol/handshake.ts';
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { WORKER_LOCK_PREFIX } from './browser-worker-endpoint.ts';
import { PLATFORM_CODES } from './error-codes.ts';
import { locateStack } from './worker-host.ts';
import type { WorkerFailure, WorkerHandle, WorkerHost, WorkerListener } from './worker-host.ts';

/** The part of a DOM `Worker` the host uses (injectable for tests). */
export interface BrowserWorkerLike {
  postMessage(message: unknown): void;
  terminate(): void;
  addEventListener(type: 'error' | 'messageerror' | 'message', listener: (event: Event) => void): void;
}

/** The part of the Web Locks API the host uses. */
export interface HostLocks {
  request(name: string, options: { signal?: AbortSignal }, callback: () => void): Promise<unknown>;
  query(): Promise<{ held?: ReadonlyArray<{ name?: string }> }>;
}

/** Options of createBrowserWorkerHost. */
export interface BrowserWorkerHostOptions {
  /**
   * The worker's entry script: a module that calls `runBrowserLogicWorker()` (`twinframe/worker`),
   * e.g. `new URL('./logic-worker.ts', import.meta.url)` written where a bundler sees it (Vite
   * turns it into a worker chunk).
   */
  readonly url: string | URL;
  /** An uncaught worker error ends the incarnation ('crash', default, as in Node) or is only reported ('report'). */
  readonly uncaughtErrors?: 'crash' | 'report';
  /** Creates the worker; default `new Worker(url, { type: 'module', name })`. */
  readonly createWorker?: (url: string | URL, options: { type: 'module'; name: string }) => BrowserWorkerLike;
  /** The Web Locks API; default `navigator.locks` (null: none, watch the control block instead). */
  readonly locks?: HostLocks | null;
  /** How often to look for the worker's lock while it starts, and for STOPPED without locks; default 20 ms. */
  readonly pollMs?: number;
}

function failureOfEvent(event: Event, url: string): WorkerFailure {
  const e = event as Partial<ErrorEvent>;
  if (typeof e.message === 'string' && e.message !== '') {
    const error = e.error as unknown;
    const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : `${e.message}\n    at ${e.filename ?? url}:${e.lineno ?? 0}:${e.colno ?? 0}`;
    const where = e.filename ? { file: e.filename, line: e.lineno ?? 0, column: e.colno ?? 0 } : locateStack(stack);
    return { message: e.message, stack, file: where.file, line: where.line, column: where.column };
  }
  // A load failure: the browser tells nothing more (details are in the devtools console).
  const message = `the worker script ${url} could not be loaded or evaluated (missing file, syntax error, wrong MIME type, or blocked by Cross-Origin-Embedder-Policy); see the browser console for details`;
  return { message, stack: message, file: url, line: 0, column: 0 };
}

function defaultLocks(): HostLocks | null {
  const nav = (globalThis as { navigator?: { locks?: HostLocks } }).navigator;
  return nav?.locks !== undefined && typeof nav.locks.request === 'function' ? nav.locks : null;
}

function uniqueSuffix(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  return typeof c?.randomUUID === 'function' ? c.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/**
 * Creates a WorkerHost over module Workers. `spawn` throws TF3002 when the browser refuses to
 * create the worker (e.g. an invalid URL).
 *
 * @example
 * ```ts
 * const workerHost = createBrowserWorkerHost({ url: new URL('./logic-worker.ts', import.meta.url) });
 * const app = createApp({ workerHost, game: 'demo', clock: createRafClock() });
 * ```
 */
export function createBrowserWorkerHost(options: BrowserWorkerHostOptions): WorkerHost {
  const url = String(options.url);
  const crashOnError = (options.uncaughtErrors ?? 'crash') === 'crash';
  const create = options.createWorker ?? ((u, o) => new Worker(u, o));
  const locks = options.locks === undefined ? defaultLocks() : options.locks;
  const pollMs = options.pollMs ?? 20;
  return {
    // `background` (WorkerSpawnOptions) is not read: browsers expose no thread priority, the worker starts as any other.
    spawn(handshake: HandshakeMessage, listener: WorkerListener): WorkerHandle {
      const name = `${WORKER_LOCK_PREFIX}${handshake.incarnation}-${uniqueSuffix()}`;
      let worker: BrowserWorkerLike;
      try {
        worker = create(options.url, { type: 'module', name });
      } catch (e) {
        throw new TwinframeError(
          PLATFORM_CODES.WORKER_SPAWN_FAILED.code,
          `BrowserWorkerHost.spawn: the logic worker could not start; got ${e instanceof Error ? e.message : String(e)} for ${url}, expected a module worker script. Check the worker URL (build it with new URL('...', import.meta.url)) and that the page may start workers.`,
          { entry: url },
        );
      }
      let exited = false;
      const abort = new AbortController();
      let poll: ReturnType<typeof setTimeout> | undefined;
      const exit = (code: number): void => {
        if (exited) return;
        exited = true;
        abort.abort();
        if (poll !== undefined) clearTimeout(poll);
        listener.onExit(code);
      };
      const end = (code: number): void => {
        if (exited) return;
        worker.terminate();
        exit(code);
      };

      worker.addEventListener('error', (event) => {
        if (exited) return;
        // The host reports it: keep the browser from logging it a second time as uncaught.
        event.preventDefault();
        const message = (event as Partial<ErrorEvent>).message;
        const loadFailure = typeof message !== 'string' || message === '';
        listener.onError(failureOfEvent(event, url));
        if (loadFailure || crashOnError) end(1);
      });
      // Only the hot-reload hand-over arrives this way (once per incarnation).
      worker.addEventListener('message', (event) => {
        if (!exited) listener.onMessage?.((event as MessageEvent).data);
      });
      worker.addEventListener('messageerror', () => {
        if (exited) return;
        listener.onError({ message: 'the handshake could not be deserialized in the worker (messageerror)', stack: '', file: url, line: 0, column: 0 });
        end(1);
      });

      if (locks !== null) {
        // Wait until the worker holds its life lock, then queue for it: granted = the worker is gone.
        const watch = (): void => {
          poll = undefined;
          if (exited) return;
          locks.query().then((state) => {
            if (exited) return;
            if (state.held?.some((l) => l.name === name) === true) {
              locks.request(name, { signal: abort.signal }, () => {
                // Released by the browser: the worker closed itself (graceful stop or self.close()).
                if (!exited) {
                  worker.terminate();
                  exit(0);
                }
              }).catch(() => undefined); // AbortError once terminated by us
            } else {
              poll = setTimeout(watch, pollMs);
            }
          }, () => undefined);
        };
        watch();
      } else {
        // No Web Locks: a graceful stop is still seen through the control block.
        const control = new Int32Array(handshake.buffers.control);
        const watch = (): void => {
          poll = undefined;
          if (exited) return;
          // ORDERING: observe — the worker stores STOPPED as its last act before closing itself.
          if (Atomics.load(control, STATUS_SLOT) === LOGIC_STATUS_STOPPED) {
            end(0);
            return;
          }
          poll = setTimeout(watch, pollMs * 5);
        };
        poll = setTimeout(watch, pollMs * 5);
      }

      // The SharedArrayBuffers inside are shared, not copied.
      worker.postMessage(handshake);
      return {
        terminate(): Promise<void> {
          end(1);
          return Promise.resolve();
        },
        post(message: unknown): void {
          if (!exited) worker.postMessage(message);
        },
      };
    },
    dispose(): Promise<void> {
      // No spare worker is kept (a browser worker starts fast enough): nothing to end.
      return Promise.resolve();
    },
  };
}
