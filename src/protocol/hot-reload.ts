/**
 * The two messages of a hot reload, the only ones after the handshake (once per incarnation,
 * never on a hot path): the old worker's hand-over at a reload stop (what its dispose hooks put in
 * `data`, whether it opted in, its id allocators) and the engine's activation of the standby
 * worker that replaces it (the state-buffer indices it takes over, and the hand-over when the world
 * is kept). Both are structured-cloned by postMessage.
 */

export const HOT_HANDOVER_TYPE = 'twinframe:hot-handover';
export const HOT_ACTIVATE_TYPE = 'twinframe:hot-activate';

/** An id allocator's state (logic/id-allocator.ts), so ids issued by one incarnation stay valid in the next. */
export interface IdAllocatorState {
  readonly used: number;
  readonly liveCount: number;
  /** Generation of each used slot (length `used`). */
  readonly generations: Uint16Array;
  /** Free slot indices, most recently freed last. */
  readonly free: Int32Array;
}

/** What an old incarnation hands the next one (worker -> engine, at a SHUTDOWN_RELOAD stop). */
export interface HotHandover {
  readonly type: typeof HOT_HANDOVER_TYPE;
  /** The game opted in (ctx.hot.accept() or ctx.hot.dispose(...)): the world is kept. */
  readonly accepted: boolean;
  /** What the dispose hooks wrote (structured-cloned); `{}` when none. */
  readonly data: Record<string, unknown>;
  readonly entityIds: IdAllocatorState;
  readonly cameraIds: IdAllocatorState;
}

/** The engine's go for a standby worker (engine -> worker, once). */
export interface HotActivate {
  readonly type: typeof HOT_ACTIVATE_TYPE;
  readonly entityFront: number;
  readonly cameraFront: number;
  readonly debugDrawBack: number;
  /** The bulk-transform buffer's back index the new writer owns (0 without the bulk path). */
  readonly bulkTransformBack: number;
  /** The previous incarnation's hand-over when the world is kept; null: a fresh start (setup rebuilds the world). */
  readonly handover: HotHandover | null;
}

/** True when `m` is a hand-over message. */
export function isHotHandover(m: unknown): m is HotHandover {
  return typeof m === 'object' && m !== null && (m as { type?: unknown }).type === HOT_HANDOVER_TYPE;
}

/** True when `m` is an activation message. */
export function isHotActivate(m: unknown): m is HotActivate {
  return typeof m === 'object' && m !== null && (m as { type?: unknown }).type === HOT_ACTIVATE_TYPE && typeof (m as { entityFront?: unknown }).entityFront === 'number';
}
