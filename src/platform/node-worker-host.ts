/**
 * The Node `worker_threads` implementation of WorkerHost. The entry is a plain JavaScript file
 * (the logic bundle built by `bundleLogicWorker`), so the thread starts in ~20 ms instead of the
 * ~130 ms a TypeScript loader costs.
 */
import { Worker } from 'node:worker_threads';
import type { ResourceLimits } from 'node:worker_threads';
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import type { HandshakeMessage } from '../protocol/handshake.ts';
import { PLATFORM_CODES } from './error-codes.ts';
import { locateStack } from './worker-host.ts';
import { withWorkerNice } from './thread-priority.ts';
import type { WorkerFailure, WorkerHandle, WorkerHost, WorkerListener, WorkerSpawnOptions } from './worker-host.ts';

/** Options of createNodeWorkerHost. */
export interface NodeWorkerHostOptions {
  /** The worker's entry: an absolute path or a file: URL of an ES module (plain JavaScript). */
  readonly entry: string | URL;
  /** V8 heap limits of the worker (an out-of-memory worker ends instead of taking the process down). */
  readonly resourceLimits?: ResourceLimits;
  /** Extra Node flags for the worker (e.g. `--enable-source-maps`). */
  readonly execArgv?: readonly string[];
  /**
   * Plain data handed to the worker as `workerData` (not the handshake: that is posted). With
   * `nice`, an object (or nothing) gains the key WORKER_NICE_KEY.
   */
  readonly workerData?: unknown;
  /**
   * Each thread lowers its own priority to this nice value once it runs the game (Linux; 0 or
   * absent: unchanged; thread-priority.ts; a standby at its activation, so it loads at full
   * priority; a background spawn, the restart spare, from its start): on a contended core the
   * engine thread then runs first. The runtime
   * (startNodeWorker, createNodeWorkerEndpoint) reads it from `workerData`.
   */
  readonly nice?: number;
  /**
   * Keep one spare thread started (its runtime loaded, waiting for a handshake), so the next
   * spawn skips the thread start: hot reload (`watch`) uses it. `dispose()` ends the spare.
   */
  readonly prewarm?: boolean;
  /**
   * Start one thread now (its runtime loading while the caller prepares the rest), for the first
   * spawn: createNodeApp starts it while the game bundles, so `start()` does not wait for a thread.
   * `dispose()` ends it if no spawn took it.
   */
  readonly prestart?: boolean;
}

/** How long after a spawn the next spare thread starts (prewarm). */
const SPARE_DELAY_MS = 300;

function failureOf(error: unknown): WorkerFailure {
  const e = error instanceof Error ? error : new Error(String(error));
  const stack = e.stack ?? `${e.name}: ${e.message}`;
  const where = locateStack(stack);
  return { message: e.message, stack, file: where.file, line: where.line, column: where.column };
}

/**
 * Creates a WorkerHost over `worker_threads`.
 *
 * @example
 * ```ts
 * const host = createNodeWorkerHost({ entry: bundle.file });
 * const worker = host.spawn(handshake, { onError: (f) => log(f), onExit: (code) => done(code) });
 * await worker.terminate();
 * ```
 */
export function createNodeWorkerHost(options: NodeWorkerHostOptions): WorkerHost {
  const create = (background = false): Worker => new Worker(options.entry, {
    resourceLimits: options.resourceLimits,
    execArgv: options.execArgv ? [...options.execArgv] : undefined,
    workerData: withWorkerNice(options.workerData, options.nice, background),
  });
  /** The pre-started thread (prewarm), unreferenced until used so it never keeps Node alive. */
  let spare: { worker: Worker; failed: boolean } | null = null;
  let disposed = false;
  let spareTimer: ReturnType<typeof setTimeout> | undefined;
  /**
   * The next spare starts a little after a spawn, not with it: the thread just spawned (a reload's
   * new code) gets the machine to itself while it loads.
   */
  const scheduleSpare = (): void => {
    if (!options.prewarm || disposed || spare !== null || spareTimer !== undefined) return;
    spareTimer = setTimeout(() => {
      spareTimer = undefined;
      startSpare();
    }, SPARE_DELAY_MS);
    spareTimer.unref();
  };
  const startSpare = (): void => {
    if (disposed || spare !== null) return;
    let worker: Worker;
    try {
      worker = create();
    } catch {
      return; // the next spawn starts its own thread and reports why it cannot
    }
    const entry = { worker, failed: false };
    // A spare that fails before it is used is dropped; spawn starts a fresh thread instead.
    const drop = (): void => {
      entry.failed = true;
      if (spare === entry) spare = null;
    };
    worker.once('error', drop);
    worker.once('exit', drop);
    worker.unref();
    spare = entry;
  };
  if (options.prestart === true) startSpare();
  return {
    spawn(handshake: HandshakeMessage, listener: WorkerListener, spawnOptions?: WorkerSpawnOptions): WorkerHandle {
      const background = spawnOptions?.background === true;
      let worker: Worker;
      try {
        // A background spawn starts its own thread, lowered from its start (a pre-started thread
        // runs at full priority, and is kept for a spawn someone waits for).
        const ready = background ? null : spare;
        if (!background) spare = null;
        if (ready !== null && !ready.failed) {
          worker = ready.worker;
          worker.removeAllListeners('error');
          worker.removeAllListeners('exit');
          worker.ref();
        } else {
          worker = create(background);
        }
      } catch (e) {
        const f = failureOf(e);
        throw new TwinframeError(
          PLATFORM_CODES.WORKER_SPAWN_FAILED.code,
          `NodeWorkerHost.spawn: the logic worker could not start; got ${f.message} for entry ${String(options.entry)}, expected a loadable ES module. Check the entry file and the resource limits.`,
          { entry: String(options.entry) },
        );
      }
      let exited = false;
      let exitPromise: Promise<void> | undefined;
      const exitSeen = new Promise<void>((resolve) => {
        worker.once('exit', (code: number) => {
          exited = true;
          listener.onExit(code);
          resolve();
        });
      });
      worker.on('error', (e: unknown) => listener.onError(failureOf(e)));
      // Only the hot-reload hand-over arrives this way (once per incarnation).
      worker.on('message', (m: unknown) => listener.onMessage?.(m));
      worker.postMessage(handshake);
      if (!background) scheduleSpare();
      return {
        terminate(): Promise<void> {
          if (exited) return Promise.resolve();
          exitPromise ??= worker.terminate().then(() => exitSeen);
          return exitPromise;
        },
        post(message: unknown): void {
          if (!exited) worker.postMessage(message);
        },
      };
    },
    async dispose(): Promise<void> {
      disposed = true;
      if (spareTimer !== undefined) clearTimeout(spareTimer);
      spareTimer = undefined;
      const left = spare;
      spare = null;
      if (left !== null) await left.worker.terminate();
    },
  };
}
