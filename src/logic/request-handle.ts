/**
 * One request sent to the engine with a callback id (a creation, setting the active camera, a type
 * change, a destroy): the PendingCallbacks entry that settles it exactly once, and, for the typed
 * API, the handle the game holds (`{ id, ready }`). On success it calls the seed-style callback with
 * the result id and resolves `ready`; on refusal it gives a created id back to its allocator, calls
 * the seed-style error handler or rejects `ready` with a TwinframeError carrying the engine's code,
 * and when the game gave no way to observe the refusal it reports TF5021 so nothing is lost silently.
 *
 * `ready` is created on first access (a handle whose promise is never read allocates no promise) and
 * always has an internal no-op rejection handler, so a refusal nobody awaits is not an unhandled
 * rejection; a `.then` the game chains still sees it.
 */
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { LOGIC_CODES } from './error-codes.ts';
import type { PendingRequest } from './pending-callbacks.ts';

/** What a request needs from the runtime to settle. */
export interface RequestOwner {
  /** Reports a refusal nobody observes (TF5021 or the local code). */
  reportUnobserved(code: string, message: string): void;
  /** Notes a request nobody observes that a graceful stop settled with TF5022 (summed up at the stop, not reported one by one). */
  abandoned(api: string, id: number): void;
}

/** Gives a refused creation's id back. */
export interface IdReleaser {
  release(id: number): unknown;
}

/** A seed-style callback: called with the result id; its optional `errorHandler` gets a refusal. */
export type SeedCallback = ((resultId: number) => void) & { errorHandler?: (errorMessage: string) => void };

const STATE_PENDING = 0;
const STATE_OK = 1;
const STATE_FAILED = 2;

const noop = (): void => {};

/** A request waiting for the engine's answer, and the typed handle of what it creates. */
export class RequestHandle implements PendingRequest {
  readonly api: string;
  /** The entity or camera id the request is about (0 when none could be allocated). */
  readonly id: number;
  private readonly owner: RequestOwner;
  private readonly releaser: IdReleaser | undefined;
  private readonly callback: SeedCallback | undefined;
  private readonly onRefused: ((errorMessage: string) => void) | undefined;
  private state = STATE_PENDING;
  private resultId = 0;
  private error: TwinframeError | undefined;
  private promise: Promise<number> | undefined;
  private resolveFn: ((id: number) => void) | undefined;
  private rejectFn: ((e: unknown) => void) | undefined;

  /**
   * `releaser` is the allocator of a creation's id (undefined for other requests); `callback` and
   * `onRefused` are the seed-style handlers (undefined for typed handles).
   */
  constructor(api: string, id: number, owner: RequestOwner, releaser?: IdReleaser, callback?: SeedCallback, onRefused?: (errorMessage: string) => void) {
    this.api = api;
    this.id = id;
    this.owner = owner;
    this.releaser = releaser;
    this.callback = callback;
    this.onRefused = onRefused ?? (typeof callback?.errorHandler === 'function' ? callback.errorHandler : undefined);
  }

  /** Resolves with the id the engine confirmed; rejects with a TwinframeError carrying the engine's code. Allocates on first access. */
  get ready(): Promise<number> {
    if (this.promise === undefined) {
      if (this.state === STATE_OK) {
        this.promise = Promise.resolve(this.resultId);
      } else if (this.state === STATE_FAILED) {
        this.promise = Promise.reject(this.error);
      } else {
        this.promise = new Promise<number>((resolve, reject) => {
          this.resolveFn = resolve;
          this.rejectFn = reject;
        });
      }
      this.promise.catch(noop);
    }
    return this.promise;
  }

  /** True once the engine confirmed the request. */
  get confirmed(): boolean {
    return this.state === STATE_OK;
  }

  /** True once the request was refused. */
  get refused(): boolean {
    return this.state === STATE_FAILED;
  }

  onResult(resultId: number): void {
    if (this.state !== STATE_PENDING) return;
    this.state = STATE_OK;
    this.resultId = resultId;
    this.resolveFn?.(resultId);
    this.resolveFn = this.rejectFn = undefined;
    if (this.callback !== undefined) this.callback(resultId);
  }

  onError(code: string, message: string): void {
    if (this.state !== STATE_PENDING) return;
    this.state = STATE_FAILED;
    if (this.releaser !== undefined && this.id !== 0) this.releaser.release(this.id);
    this.error = new TwinframeError(code, message, { api: this.api, id: this.id });
    const reject = this.rejectFn;
    this.resolveFn = this.rejectFn = undefined;
    if (reject !== undefined) {
      reject(this.error);
      return;
    }
    if (this.onRefused !== undefined) {
      // the seed-style handler takes one string: the code leads it (presentation; never parsed back)
      this.onRefused(`${code} ${message}`);
      return;
    }
    if (this.promise === undefined && code === LOGIC_CODES.REQUEST_ABANDONED.code) {
      this.owner.abandoned(this.api, this.id);
    } else if (this.promise === undefined) {
      this.owner.reportUnobserved(
        code.startsWith('TF5') ? code : LOGIC_CODES.REQUEST_REFUSED.code,
        `${this.api}: request for id ${this.id} was refused and the game did not observe it; got ${code} "${message}". Pass an error handler (or await the handle's ready) to handle it.`,
      );
    }
  }
}
