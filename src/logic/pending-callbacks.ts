/**
 * The logic side's callback registry (the seed's `g_pendingCallbacks`): a request made with a
 * callback gets a callback id; the engine answers through the CallbackQueue with that id; the
 * registry finds the request, forgets it, and settles it. Each settlement runs guarded: a
 * callback that throws is reported and the other callbacks of the frame still run.
 * Every request settles exactly once: with the engine's answer, or locally (no free id, logic
 * stopping) with an error, delivered at the next callbacks phase.
 */
import type { CallbackProcessor } from '../protocol/callback-queue.ts';
import { LOGIC_CODES } from './error-codes.ts';
import type { ScriptGuard } from './script-guard.ts';

/** A request waiting for its answer. Implementations call game code; the registry guards them. */
export interface PendingRequest {
  /** What it was, for messages: e.g. `EntityAPI.createMesh`. */
  readonly api: string;
  /** The engine confirmed; `resultId` is the entity or camera id. */
  onResult(resultId: number): void;
  /** The engine (or the logic) refused with `code` (TFnnnn) and `message` (its text, without the code). */
  onError(code: string, message: string): void;
}

/** Largest callback id (uint32 on the wire; 0 means "no callback"). */
const MAX_CALLBACK_ID = 0xffffffff;

/** The callback registry; also the CallbackQueue processor. Logic thread only. */
export class PendingCallbacks implements CallbackProcessor {
  private readonly guard: ScriptGuard;
  private readonly pending = new Map<number, PendingRequest>();
  private readonly localFailures: { request: PendingRequest; code: string; message: string }[] = [];
  private counter = 0;

  constructor(guard: ScriptGuard) {
    this.guard = guard;
  }

  /** Remembers `request` and returns its callback id (> 0). */
  register(request: PendingRequest): number {
    let id = this.counter;
    do {
      id = id >= MAX_CALLBACK_ID ? 1 : id + 1;
    } while (this.pending.has(id));
    this.counter = id;
    this.pending.set(id, request);
    return id;
  }

  /** Settles `request` with the error `code` and `message` at the next callbacks phase (it was never sent). */
  failLocally(request: PendingRequest, code: string, message: string): void {
    this.localFailures.push({ request, code, message });
  }

  /** Forgets callback `id` without settling it (its command could not be sent and was settled locally). */
  forget(id: number): boolean {
    return this.pending.delete(id);
  }

  /** Settles the local failures, in order (called at the start of the callbacks phase). */
  deliverLocal(): number {
    const n = this.localFailures.length;
    if (n === 0) return 0;
    const list = this.localFailures.splice(0, n);
    for (const f of list) this.settle(f.request, 0, f.code, f.message);
    return n;
  }

  onCallback(callbackId: number, resultId: number, _type: number, code: string, message: string): void {
    const request = this.pending.get(callbackId);
    if (request === undefined) {
      this.guard.report(
        LOGIC_CODES.CALLBACK_UNKNOWN.code, 'warning',
        `PendingCallbacks.onCallback: no request waits for this callback; got callbackId ${callbackId} (resultId ${resultId}${code || message ? `, error ${code} ${message}` : ''}), expected one of the ${this.pending.size} pending ids. It was ignored.`,
      );
      return;
    }
    this.pending.delete(callbackId);
    this.settle(request, resultId, code, message);
  }

  onMalformed(code: string, type: number, length: number): void {
    this.guard.report(code, 'error', `CallbackReader.dequeueAll: malformed callback record skipped; got type ${type}, length ${length}, expected a callback record. A request may never settle; report this as a bug.`);
  }

  /** Settles every pending request with the error `code` and `message` (the logic is stopping). Returns how many. */
  failAll(code: string, message: string): number {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const r of all) this.settle(r, 0, code, message);
    return all.length;
  }

  /** Requests waiting for an answer. */
  get size(): number {
    return this.pending.size;
  }

  /** A success carries neither code nor message; a refusal without a code gets TF5021. */
  private settle(request: PendingRequest, resultId: number, code: string, message: string): void {
    try {
      if (code.length === 0 && message.length === 0) request.onResult(resultId);
      else request.onError(code || LOGIC_CODES.REQUEST_REFUSED.code, message);
    } catch (e) {
      this.guard.scriptError('callbacks', this.guard.systemId, e);
    }
  }
}
