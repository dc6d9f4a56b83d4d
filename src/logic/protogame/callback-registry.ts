/**
 * The host's side of the ProtogameJS3D callback protocol: issues callback ids for the natives that
 * return one (`entity.createMesh`, `camera.create`, `setActive`, `updateType`, `destroy`), turns
 * CallbackQueue records into the plain objects `callbackQueue.dequeueAll()` returns, and keeps the
 * logic-side bookkeeping those results imply (an entity or camera id the engine refused is given
 * back to its allocator; a confirmed camera becomes live for `camera.getHandle`).
 *
 * Every callback settles: a request the host cannot send (no free id, queue full, unknown mesh or
 * camera type) is answered by a local failure record, delivered by the next `dequeueAll()` before
 * the engine's records, in the same shape.
 *
 * SOUND_ENDED records (a playback that ended by itself) are not for the script: they go to
 * `onSoundEnded` (the audio native's `isPlaying` bookkeeping). So that they are seen even when the
 * script pulls callbacks late or never, the host calls `pump()` at the start of every logic frame:
 * it takes the available records off the queue, applies the sound ends, and holds the script's
 * records, in order, for its next `dequeueAll()`.
 */
import { CALLBACK_TYPES, CALLBACK_TYPE_NAMES } from '../../protocol/callback-queue.ts';
import type { CallbackProcessor } from '../../protocol/callback-queue.ts';
import type { ProtogameHostDeps } from './protogame-host-deps.ts';

/** What a pending callback was issued for. */
export const REQUEST_KINDS = {
  ENTITY_CREATE: 0,
  CAMERA_CREATE: 1,
  CAMERA_SET_ACTIVE: 2,
  CAMERA_UPDATE_TYPE: 3,
  CAMERA_DESTROY: 4,
} as const;
/** One request kind. */
export type RequestKind = (typeof REQUEST_KINDS)[keyof typeof REQUEST_KINDS];

/** The callback type name a locally settled request of each kind gets (same as the engine's answer). */
const LOCAL_TYPE_OF_KIND: readonly string[] = ['ENTITY_CREATED', 'CAMERA_CREATED', 'GENERIC', 'GENERIC', 'GENERIC'];

/** One record of `callbackQueue.dequeueAll()`: a plain object, `type` a string. */
export interface ProtogameCallback {
  callbackId: number;
  resultId: number;
  errorMessage: string;
  type: string;
}

interface PendingRequest {
  readonly kind: RequestKind;
  /** The entity or camera the request is about. */
  readonly targetId: number;
}

const SOUND_ENDED = CALLBACK_TYPES.SOUND_ENDED;

/** Largest callback id (uint32 on the wire). */
const MAX_CALLBACK_ID = 0xffffffff;

/** Counters of the callback protocol, for statistics and tests. */
export interface CallbackRegistryStats {
  /** Callback ids issued. */
  readonly issued: number;
  /** Records delivered to the script (engine's and local). */
  readonly delivered: number;
  /** Requests settled locally with an error (never sent). */
  readonly localFailures: number;
  /** Requests issued and not yet answered. */
  readonly pending: number;
  /** Malformed CallbackQueue records skipped. */
  readonly malformed: number;
}

/** Issues callback ids and delivers callbacks to the script. One per host; logic thread only. */
export class CallbackRegistry implements CallbackProcessor {
  private readonly deps: ProtogameHostDeps;
  private readonly liveCameras: Set<number>;
  private readonly pending = new Map<number, PendingRequest>();
  private local: ProtogameCallback[] = [];
  /** Script records `pump` took off the queue, for the next dequeueAll. */
  private held: ProtogameCallback[] = [];
  private out: ProtogameCallback[] | null = null;
  /** Set by the host: a playback the engine reported ended by itself (SOUND_ENDED records). */
  onSoundEnded: ((playbackId: number) => void) | null = null;
  private counter = 0;
  private issued = 0;
  private delivered = 0;
  private localFailures = 0;
  private malformed = 0;

  /** `liveCameras` is the host's set of confirmed camera ids, kept up to date from camera results. */
  constructor(deps: ProtogameHostDeps, liveCameras: Set<number>) {
    this.deps = deps;
    this.liveCameras = liveCameras;
  }

  /** Issues a callback id for a request of `kind` about `targetId`, remembered until it settles. */
  issue(kind: RequestKind, targetId: number): number {
    const id = this.nextId();
    this.pending.set(id, { kind, targetId });
    this.issued++;
    return id;
  }

  /**
   * Settles `callbackId` now with an error: the record reaches the script at its next dequeueAll.
   * Used when the request could not be sent. Allocates (error path).
   */
  failLocally(callbackId: number, errorMessage: string): void {
    const p = this.pending.get(callbackId);
    const type = p === undefined ? 'GENERIC' : LOCAL_TYPE_OF_KIND[p.kind]!;
    this.localFailures++;
    this.local.push({ callbackId, resultId: 0, errorMessage, type });
  }

  /**
   * Returns every callback available now: local failures first, then the CallbackQueue's records
   * in order. Allocates the array and one object per record (the original's contract).
   */
  dequeueAll(): ProtogameCallback[] {
    const out: ProtogameCallback[] = [];
    const local = this.local;
    if (local.length > 0) {
      this.local = [];
      for (const cb of local) this.settle(cb.callbackId, cb.errorMessage.length > 0);
      out.push(...local);
    }
    const held = this.held;
    if (held.length > 0) {
      this.held = [];
      out.push(...held);
    }
    this.out = out;
    try {
      this.deps.callbacks.dequeueAll(this);
    } finally {
      this.out = null;
    }
    this.delivered += out.length;
    return out;
  }

  /**
   * Takes every available record off the CallbackQueue now: sound ends are applied at once, the
   * script's records are settled and held for its next dequeueAll (in order). The host calls it at
   * the start of each logic frame. Allocates nothing when only sound ends (or nothing) arrived.
   */
  pump(): void {
    this.out = this.held;
    try {
      this.deps.callbacks.dequeueAll(this);
    } finally {
      this.out = null;
    }
  }

  /** CallbackProcessor: one CallbackQueue record. Not for scripts. */
  onCallback(callbackId: number, resultId: number, type: number, code: string, message: string): void {
    if (type === SOUND_ENDED) {
      this.onSoundEnded?.(resultId);
      return;
    }
    const failed = code.length > 0 || message.length > 0;
    // the original's errorMessage is one string: the code leads it (presentation only; never parsed back)
    const errorMessage = failed ? (code.length > 0 ? `${code} ${message}` : message) : '';
    this.settle(callbackId, failed);
    this.out?.push({
      callbackId,
      resultId: failed ? 0 : resultId,
      errorMessage,
      type: CALLBACK_TYPE_NAMES[type] ?? 'GENERIC',
    });
  }

  /** CallbackProcessor: a malformed record was skipped (reported, never thrown). */
  onMalformed(code: string, type: number, length: number): void {
    this.malformed++;
    this.deps.report(
      code,
      'error',
      `callbackQueue.dequeueAll: a malformed CallbackQueue record was skipped; got type ${type}, length ${length}, expected a callback record. The callback it carried never settles; report it as an engine bug.`,
    );
  }

  /** Counters for statistics. Allocates the result. */
  stats(): CallbackRegistryStats {
    return {
      issued: this.issued, delivered: this.delivered, localFailures: this.localFailures,
      pending: this.pending.size, malformed: this.malformed,
    };
  }

  private settle(callbackId: number, failed: boolean): void {
    const p = this.pending.get(callbackId);
    if (p === undefined) return;
    this.pending.delete(callbackId);
    switch (p.kind) {
      case REQUEST_KINDS.ENTITY_CREATE:
        if (failed) this.deps.entityIds.release(p.targetId);
        break;
      case REQUEST_KINDS.CAMERA_CREATE:
        if (failed) this.deps.cameraIds.release(p.targetId);
        else this.liveCameras.add(p.targetId);
        break;
      default:
        break;
    }
  }

  private nextId(): number {
    const shared = this.deps.nextCallbackId;
    if (shared !== undefined) return shared.call(this.deps);
    do {
      this.counter = this.counter >= MAX_CALLBACK_ID ? 1 : this.counter + 1;
    } while (this.pending.has(this.counter));
    return this.counter;
  }
}
