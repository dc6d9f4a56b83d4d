/**
 * The engine side of the logic worker (style G9): start a thread with one handshake message,
 * hear about its failures and its end, terminate it. Implementations: `createNodeWorkerHost`
 * (worker_threads) and the browser helper's module-Worker host.
 */
import type { HandshakeMessage } from '../protocol/handshake.ts';

/** An uncaught failure of the worker thread, as plain data (it crossed a thread). */
export interface WorkerFailure {
  readonly message: string;
  readonly stack: string;
  /** Source file, line and column where known ('' and 0 otherwise). */
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** What the host reports about one worker. Called on the engine thread, from its event loop. */
export interface WorkerListener {
  /** The worker raised an error no guard caught (it is ending, or has ended). */
  onError(failure: WorkerFailure): void;
  /** The worker thread ended, by itself or by terminate(); called once. */
  onExit(exitCode: number): void;
  /**
   * A message the worker posted (only the hot-reload hand-over: once per incarnation, never on a
   * hot path). Hosts without it cannot hot-reload.
   */
  onMessage?(message: unknown): void;
}

/** A running worker. */
export interface WorkerHandle {
  /** Stops the thread at once (even in an infinite loop); resolves when it is gone. Idempotent. */
  terminate(): Promise<void>;
  /**
   * Posts one message after the handshake: only the hot-reload activation of a standby worker
   * (once per incarnation, never on a hot path). Absent on hosts that cannot hot-reload.
   */
  post?(message: unknown): void;
}

/** How one worker is started (WorkerHost.spawn). */
export interface WorkerSpawnOptions {
  /**
   * The worker is not awaited by anyone (the restart spare): it runs at the logic's lowered
   * priority from its first instruction, so its start and its game's import yield a contended
   * core to the engine thread, instead of loading at full priority as a worker someone waits for
   * does (Node: the host's `nice`, Linux only; browsers expose no thread priority, so there it
   * starts as any other). Default false.
   */
  readonly background?: boolean;
}

/** Starts logic workers. */
export interface WorkerHost {
  /**
   * Starts one worker and posts `handshake` to it as its first and only message (the
   * SharedArrayBuffers inside are shared, not copied). Throws TF3002 when the thread cannot start.
   */
  spawn(handshake: HandshakeMessage, listener: WorkerListener, options?: WorkerSpawnOptions): WorkerHandle;
  /** Ends what the host keeps for later spawns (a pre-started thread); the app's stop calls it. */
  dispose?(): Promise<void>;
}

/**
 * Extracts file, line and column from the first stack frame of `stack` that has them and whose
 * file does not match `skip` ('' and 0 when none; the first located frame when every one is
 * skipped). Allocates; error path only.
 */
export function locateStack(stack: string, skip?: RegExp): { file: string; line: number; column: number } {
  const re = /\(?((?:file:\/\/|\/|[A-Za-z]:\\|https?:\/\/)[^\s()]*?):(\d+):(\d+)\)?/;
  let first: { file: string; line: number; column: number } | undefined;
  for (const line of stack.split('\n')) {
    const m = re.exec(line);
    if (!m) continue;
    const at = { file: m[1]!, line: Number(m[2]), column: Number(m[3]) };
    if (skip === undefined || !skip.test(at.file)) return at;
    first ??= at;
  }
  return first ?? { file: '', line: 0, column: 0 };
}
