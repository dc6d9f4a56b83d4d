/**
 * The worker side of the engine <-> logic handshake (style G9: a tiny seam with one implementation
 * per platform). The logic runtime receives exactly one message through it (the handshake); after
 * that every exchange goes through shared memory.
 */
export interface WorkerSideEndpoint {
  /** Calls `fn` once, with the first message the engine sends (the handshake). */
  onceMessage(fn: (message: unknown) => void): void;
  /**
   * Keeps the worker thread alive while the logic runs. Needed in Node 20, where a pending
   * `Atomics.waitAsync` does not keep a thread alive; a no-op in browsers.
   */
  keepAlive(): void;
  /** Lets the thread end once nothing else is pending (graceful shutdown). */
  close(): void;
  /** Calls `fn` once with the next message after the handshake (a standby worker's hot-reload activation). Absent: no hot reload. */
  nextMessage?(fn: (message: unknown) => void): void;
  /** Posts one message to the engine (the hot-reload hand-over at a reload stop; never on a hot path). Absent: no hot reload. */
  post?(message: unknown): void;
}
