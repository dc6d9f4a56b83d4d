/**
 * The worker side of the handshake in a browser module Worker (`WorkerSideEndpoint`): the first
 * message posted to the worker is the handshake; afterwards everything goes through shared memory,
 * except hot reload's two messages (a standby worker's activation in, the hand-over out; once per
 * incarnation, never on a hot path).
 *
 * Browsers fire no event when a worker ends by itself (`self.close()`, the graceful shutdown), so
 * the endpoint holds a Web Lock named after the worker (`self.name`, set by the browser worker
 * host) for the worker's whole life; the host waits on the same lock and learns of the end when
 * the browser releases it. The handshake is delivered only once the lock is held, so the host
 * never mistakes "not taken yet" for "ended".
 */
import type { WorkerSideEndpoint } from './worker-endpoint.ts';

/** Prefix of worker names whose life is tracked by a Web Lock of the same name. */
export const WORKER_LOCK_PREFIX = 'twinframe-logic-';

/** What a worker scope offers of the Web Locks API. */
export interface WorkerLocks {
  request(name: string, callback: () => Promise<void>): Promise<unknown>;
}

/** The subset of a dedicated worker's global scope the endpoint uses (injectable for tests). */
export interface BrowserWorkerScope {
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  close(): void;
  /** Posts to the engine (hot reload's hand-over only). */
  postMessage?(message: unknown): void;
  /** The worker's name (`new Worker(url, { name })`). */
  readonly name?: string;
  readonly navigator?: { readonly locks?: WorkerLocks };
}

/** Takes the life lock when the worker's name asks for one; resolves when it is held (null: no lock). */
function holdLifeLock(scope: BrowserWorkerScope): Promise<void> | null {
  const name = scope.name ?? '';
  const locks = scope.navigator?.locks;
  if (!name.startsWith(WORKER_LOCK_PREFIX) || locks === undefined || typeof locks.request !== 'function') return null;
  return new Promise<void>((held) => {
    // Never released by the worker: the browser releases it when the worker's scope goes away.
    locks.request(name, () => {
      held();
      return new Promise<void>(() => undefined);
    }).catch(() => held());
  });
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
  const lockHeld = holdLifeLock(scope);
  // A worker scope drops a message that arrives with no listener, so one listener takes every
  // message from the start and queues it until it is asked for: the activation of a standby
  // worker may arrive before the runtime asks for it. Delivery waits for the life lock, in order.
  const queued: unknown[] = [];
  const waiting: ((message: unknown) => void)[] = [];
  const deliver = (): void => {
    while (queued.length > 0 && waiting.length > 0) waiting.shift()!(queued.shift());
  };
  const listener = (event: MessageEvent): void => {
    queued.push(event.data);
    if (lockHeld === null) deliver();
    else void lockHeld.then(deliver);
  };
  scope.addEventListener('message', listener);
  const take = (fn: (message: unknown) => void): void => {
    waiting.push(fn);
    if (lockHeld === null) deliver();
    else void lockHeld.then(deliver);
  };
  return {
    onceMessage: take,
    nextMessage: take,
    post(message: unknown): void {
      scope.postMessage?.(message);
    },
    keepAlive(): void {
      // Browser workers live until terminate() or close(): nothing to hold open.
    },
    close(): void {
      scope.removeEventListener('message', listener);
      scope.close();
    },
  };
}
