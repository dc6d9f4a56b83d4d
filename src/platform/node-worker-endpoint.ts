/**
 * The worker side of the handshake in a Node `worker_threads` worker (WorkerSideEndpoint). It also
 * turns source maps on, so errors thrown by a bundled game report the game's own file, line and
 * column.
 */
import { parentPort } from 'node:worker_threads';
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { PLATFORM_CODES } from './error-codes.ts';
import type { WorkerSideEndpoint } from './worker-endpoint.ts';

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
export function createNodeWorkerEndpoint(): WorkerSideEndpoint {
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
  return {
    onceMessage(fn: (message: unknown) => void): void {
      port.once('message', fn);
    },
    keepAlive(): void {
      if (held) return;
      held = true;
      port.on('message', hold);
    },
    nextMessage(fn: (message: unknown) => void): void {
      port.once('message', fn);
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
