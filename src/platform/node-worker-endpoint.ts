/**
 * The worker side of the handshake in a Node `worker_threads` worker (WorkerSideEndpoint). It also
 * turns source maps on, so errors thrown by a bundled game report the game's own file, line and
 * column.
 */
import { parentPort } from 'node:worker_threads';
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { PLATFORM_CODES } from './error-codes.ts';
import type { WorkerSideEndpoint } from './worker-endpoint.ts';
import { lowerThisThreadPriority } from './thread-priority.ts';

/** Options of createNodeWorkerEndpoint. */
export interface NodeWorkerEndpointOptions {
  /**
   * The nice value this thread lowers itself to once it becomes the running logic (Linux; 0 or
   * absent: unchanged; thread-priority.ts): at a handshake that is not a standby's, or at a
   * standby's activation (its next message). Not before (unless `background`): a hot reload's
   * standby loads at full priority, so a reload never waits for a slowed load, and a thread's
   * nice value can never be lowered back.
   */
  readonly nice?: number;
  /**
   * Lower the priority to `nice` at once, before the handshake (a background spawn: the restart
   * spare, which nobody waits for; WorkerSpawnOptions.background). Default false.
   */
  readonly background?: boolean;
}

/** Whether `message` is a standby handshake (it waits for an activation before it runs). */
function isStandbyHandshake(message: unknown): boolean {
  return typeof message === 'object' && message !== null && (message as { standby?: unknown }).standby === true;
}

/**
 * Creates the endpoint of the current worker thread. Throws when called on the main thread (there
 * is no parent port). In Node 20 a pending `Atomics.waitAsync` does not keep a thread alive, so
 * `keepAlive` holds a message listener open until `close`.
 *
 * @example
 * ```ts
 * runLogic(createNodeWorkerEndpoint(), () => import('./game.ts'));
 * ```
 */
export function createNodeWorkerEndpoint(options: NodeWorkerEndpointOptions = {}): WorkerSideEndpoint {
  const port = parentPort;
  if (port === null) {
    throw new TwinframeError(
      PLATFORM_CODES.WORKER_ENDPOINT_MISSING.code,
      'createNodeWorkerEndpoint: no parent port; got the main thread, expected a worker_threads worker. Start the logic through a WorkerHost.',
    );
  }
  process.setSourceMapsEnabled(true);
  const hold = (): void => {};
  let held = false;
  let lowered = options.nice === undefined || options.nice <= 0;
  /** The thread now runs the game: it yields a contended core to the engine thread from here on. */
  const becameActive = (): void => {
    if (lowered) return;
    lowered = true;
    lowerThisThreadPriority(options.nice ?? 0);
  };
  // A background thread yields to the engine from here on, its runtime and game loading included.
  if (options.background === true) becameActive();
  return {
    onceMessage(fn: (message: unknown) => void): void {
      port.once('message', (message: unknown) => {
        if (!isStandbyHandshake(message)) becameActive();
        fn(message);
      });
    },
    keepAlive(): void {
      if (held) return;
      held = true;
      port.on('message', hold);
    },
    nextMessage(fn: (message: unknown) => void): void {
      // Only a standby asks for a next message: its activation.
      port.once('message', (message: unknown) => {
        becameActive();
        fn(message);
      });
    },
    post(message: unknown): void {
      port.postMessage(message);
    },
    close(): void {
      if (held) port.off('message', hold);
      held = false;
      port.unref();
    },
  };
}
