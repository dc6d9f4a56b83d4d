/**
 * The worker side of the handshake in a browser module Worker (`WorkerSideEndpoint`): the first
 * message posted to the worker is the handshake; afterwards everything goes through shared memory.
 */
import type { WorkerSideEndpoint } from './worker-endpoint.ts';

/** The subset of a dedicated worker's global scope the endpoint uses (injectable for tests). */
export interface BrowserWorkerScope {
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  close(): void;
}

/**
 * Creates the endpoint for the current dedicated worker (or the given scope). A browser worker
 * stays alive until it is terminated or closes itself, so `keepAlive` has nothing to do; `close`
 * closes the worker once its current task ends.
 *
 * @example
 * ```ts
 * // logic.worker.ts
 * runLogic(createBrowserWorkerEndpoint(), game);
 * ```
 */
export function createBrowserWorkerEndpoint(scope: BrowserWorkerScope = globalThis as unknown as BrowserWorkerScope): WorkerSideEndpoint {
  return {
    onceMessage(fn: (message: unknown) => void): void {
      const listener = (event: MessageEvent): void => {
        scope.removeEventListener('message', listener);
        fn(event.data);
      };
      scope.addEventListener('message', listener);
    },
    keepAlive(): void {
      // Browser workers live until terminate() or close(): nothing to hold open.
    },
    close(): void {
      scope.close();
    },
  };
}
