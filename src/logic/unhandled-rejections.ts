/**
 * Unhandled promise rejections in game code are reported (TF5002) and never kill the worker. Node
 * needs `process.on('unhandledRejection')` (injected by the Node entry); browsers and other hosts
 * deliver an `unhandledrejection` event on the global, whose default (logging) is prevented.
 */

/** Global scope with the browser's rejection event. */
interface RejectionEventTarget {
  addEventListener(type: 'unhandledrejection', listener: (event: { reason: unknown; preventDefault(): void }) => void): void;
}

/**
 * Routes unhandled rejections to `handler` through `install` when given (Node), else through the
 * global's `unhandledrejection` event where it exists. Returns whether a route was installed.
 */
export function installRejectionHandler(handler: (reason: unknown) => void, install?: (handler: (reason: unknown) => void) => void): boolean {
  if (install !== undefined) {
    install(handler);
    return true;
  }
  const g = globalThis as unknown as Partial<RejectionEventTarget>;
  if (typeof g.addEventListener !== 'function') return false;
  (g as RejectionEventTarget).addEventListener('unhandledrejection', (event) => {
    event.preventDefault();
    handler(event.reason);
  });
  return true;
}
