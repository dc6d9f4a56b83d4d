/**
 * One hot reload of the logic, as the logic host drives it (docs/hot-reload.md): a standby worker
 * loads the new code while the old one runs (`loading`); once it is READY the old one is asked to
 * stop for a reload (`stopping`: it runs its dispose hooks and posts the hand-over); its last
 * commands are applied (`draining`); the standby worker is activated and adopted, and its first
 * frame is on trial (`trial`: its commands wait) until it completes without an error. A reload
 * that fails anywhere before the trial ends leaves the old code running, or (a failed trial)
 * brings the previous code back with the same hand-over.
 */
import { CallbackWriter } from '../protocol/callback-queue.ts';
import { CommandReader } from '../protocol/command-reader.ts';
import { DiagnosticReader, type Diagnostic } from '../protocol/diagnostic-queue.ts';
import type { HandshakeMessage } from '../protocol/handshake.ts';
import type { HotActivate, HotHandover } from '../protocol/hot-reload.ts';
import type { WorkerHandle } from '../platform/worker-host.ts';
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { RUNTIME_CODES } from './error-codes.ts';

/** Where a reload is. */
export type ReloadStage = 'loading' | 'stopping' | 'draining' | 'trial';

/**
 * A reload in progress: the standby worker and what it will take over. Its queue ends are made
 * when it starts (outside any engine frame), so the frame that swaps it in only adopts them; the
 * acts it owes the workers after that frame wait here. Engine thread only.
 */
export class ReloadJob {
  stage: ReloadStage = 'loading';
  readonly control: Int32Array;
  readonly diagnostics: DiagnosticReader;
  readonly commands: CommandReader;
  readonly callbacks: CallbackWriter;
  /** The old incarnation's control block, owed its stop request after the frame that chose to stop it (null: none owed). */
  stopOwed: Int32Array | null = null;
  /** The swap is owed after the frame that saw the old incarnation's last commands applied. */
  activateOwed = false;
  /** The activation message owed to the standby worker once it was swapped in (null: none owed). */
  goOwed: HotActivate | null = null;
  worker: WorkerHandle | null = null;
  exited: Promise<void> = Promise.resolve();
  /** The standby worker ended (or failed) before it was adopted. */
  dead = false;
  /** The old incarnation's hand-over, once it arrived (null: none, the world is rebuilt). */
  handover: HotHandover | null = null;
  /** The old incarnation has exited. */
  oldExited = false;
  /** When the old incarnation was asked to stop (engine clock). */
  stopAskedAt = 0;
  /** The first error of this incarnation while on trial (or while loading): the reload failed. */
  failure: Diagnostic | null = null;

  constructor(
    readonly incarnation: number,
    readonly gameUrl: string,
    /** When the save was seen (engine clock): save-to-first-frame is measured from it. */
    readonly savedAt: number,
    readonly handshake: HandshakeMessage,
    /** True when this job brings the previous code back after a failed trial (it is not on trial itself). */
    readonly rollback: boolean,
    /** The incarnation it replaces. */
    readonly oldIncarnation: number,
  ) {
    this.control = new Int32Array(handshake.buffers.control);
    this.diagnostics = new DiagnosticReader(handshake.buffers.diagnostics);
    this.commands = new CommandReader(handshake.buffers.commands);
    this.callbacks = new CallbackWriter(handshake.buffers.callbacks);
  }
}

/** A reload the host was asked for: new code to run, or the reason there is none (a bundle that failed). */
export type ReloadRequest =
  | { readonly gameUrl: string; readonly savedAt: number }
  | { readonly error: unknown; readonly savedAt: number };

/** The reload counters (`stats().reload`). */
export interface ReloadCounters {
  /** Reloads that reached the first frame of the new code. */
  readonly count: number;
  /** Reloads that failed (bundle, load, first frame) and changed nothing. */
  readonly failed: number;
  /** Save-to-first-frame times of the successful reloads, ms. */
  readonly ms: readonly number[];
}

/** The diagnostic of new code that did not build (its bundler's code and file:line:column when it has them). */
export function buildFailure(e: unknown, tick: number): Diagnostic {
  const at = e instanceof TwinframeError ? (e.details as { file?: unknown; line?: unknown; column?: unknown } | undefined) : undefined;
  return {
    code: e instanceof TwinframeError ? e.code : RUNTIME_CODES.RELOAD_FAILED.code, severity: 'error',
    message: `reload: the new code did not build, so the running code stays; ${e instanceof Error ? e.message : String(e)}`,
    file: typeof at?.file === 'string' ? at.file : '', line: typeof at?.line === 'number' ? at.line : 0, column: typeof at?.column === 'number' ? at.column : 0,
    stack: '', phase: 'load', tick,
  };
}

/** A failed reload's TF4141: `why`, naming the first error's file:line:column. */
export function reloadFailure(why: string, failure: Diagnostic | null, tick: number): Diagnostic {
  const where = failure !== null && failure.file !== '' ? ` at ${failure.file}:${failure.line}:${failure.column}` : '';
  return {
    code: RUNTIME_CODES.RELOAD_FAILED.code, severity: 'error',
    message: `reload: ${why}${where}${failure !== null ? ` (${failure.code}: ${failure.message.split('\n')[0]})` : ''}; the running code and its world are unchanged. Fix the error and save again.`,
    file: failure?.file ?? '', line: failure?.line ?? 0, column: failure?.column ?? 0, stack: failure?.stack ?? '', phase: 'load', tick,
  };
}
