/**
 * The one message the engine sends a logic worker when it starts it (architecture note section 1).
 *
 * After this message nothing on a hot path uses postMessage: frames are paced by the control block,
 * commands and diagnostics flow through rings, state through the state buffers, input through the
 * input state. The worker never answers with postMessage either: it reports progress in the
 * control block's STATUS slot and errors in the diagnostics queue.
 */

export const HANDSHAKE_TYPE = 'twinframe:handshake';
export const PROTOCOL_VERSION = 1;

/** How the logic is paced. */
export type LogicPacing =
  /** The seed's TriggerNextFrame/IsFrameComplete: one logic frame per engine trigger. */
  | { readonly mode: 'lockstep' }
  /** The logic runs at its own rate (e.g. 30 Hz while the engine draws at 60). */
  | { readonly mode: 'free'; readonly hz: number };

/** Which script surface the worker installs before loading the game. */
export type LogicHostProfile = 'twinframe' | 'protogame';

export interface HandshakeBuffers {
  readonly control: SharedArrayBuffer;
  readonly commands: SharedArrayBuffer;
  readonly callbacks: SharedArrayBuffer;
  readonly diagnostics: SharedArrayBuffer;
  readonly entities: SharedArrayBuffer;
  readonly cameras: SharedArrayBuffer;
  readonly input: SharedArrayBuffer;
  /** Debug-draw state (debug-draw-state.ts): the worker writes it, the engine reads it. */
  readonly debugDraw: SharedArrayBuffer;
  /**
   * Bulk transforms (bulk-transform-state.ts): the worker writes the positions of many entities
   * set in one call, the engine applies them in its apply phase. Absent: the bulk path is off
   * (`setPositions` refuses with TF5010).
   */
  readonly bulkTransforms?: SharedArrayBuffer;
}

export interface HandshakeMessage {
  readonly type: typeof HANDSHAKE_TYPE;
  readonly protocolVersion: number;
  /** 1 for the first worker, +1 for each restart. */
  readonly incarnation: number;
  readonly buffers: HandshakeBuffers;
  readonly entityCapacity: number;
  readonly cameraCapacity: number;
  /**
   * The state buffers' front index the worker's StateReaders start owning (StateReader's `front`):
   * 2 for fresh buffers; after a restart, the writer's `orphanedFront()`.
   */
  readonly entityFront: number;
  readonly cameraFront: number;
  /**
   * The debug-draw buffer's back index the worker's writer starts owning (StateWriter's `back`; the
   * engine is the reader of this buffer): 0 for a fresh buffer; after a restart, the engine reader's
   * `orphanedBack()`.
   */
  readonly debugDrawBack: number;
  /** Like debugDrawBack, for the bulk-transform buffer; absent for a fresh buffer (the first worker: nothing to clear). */
  readonly bulkTransformBack?: number;
  readonly pacing: LogicPacing;
  /** Seed for the game's injected random source. */
  readonly seed: number;
  readonly host: LogicHostProfile;
  /** URL of the game module when the worker loads it itself (absent when the worker bundle already imports it). */
  readonly gameUrl?: string;
  /**
   * Hot reload: load the game, store STATUS = READY and wait for the engine's one activation
   * message (protocol/hot-reload.ts) before touching shared state or running setup.
   */
  readonly standby?: boolean;
  /**
   * Record and replay (docs/replay.md): the worker writes its logic facts (INPUT_FACTS,
   * CALLBACK_FACTS) into the command ring after each tick's commands, and the tick's own facts in
   * its FRAME_END (CommandWriter.frameEnd's facts).
   */
  readonly record?: boolean;
  /**
   * Seeded `Math.random` / `crypto.getRandomValues` and virtual `performance.now` / `Date.now`
   * inside the worker (set when recording and when replaying): `seed` seeds the generators,
   * `epochMs` is what `Date.now()` returns at virtual time 0.
   */
  readonly deterministic?: { readonly seed: number; readonly epochMs: number };
  /**
   * Replay: each tick's raw dt comes from the control block's REPLAY_DT (written by the replay
   * driver before it requests the tick) instead of the worker's clock. Lockstep pacing only.
   */
  readonly replay?: boolean;
  /** Extra options the game reads as `ctx.options` (plain data, e.g. from the CLI `-- --entities 1000`). */
  readonly gameOptions?: Readonly<Record<string, string | number | boolean>>;
}

/** True when `m` looks like a handshake of this protocol version (checked by the worker before use). */
export function isHandshake(m: unknown): m is HandshakeMessage {
  if (typeof m !== 'object' || m === null) return false;
  const h = m as Partial<HandshakeMessage>;
  return h.type === HANDSHAKE_TYPE && h.protocolVersion === PROTOCOL_VERSION && typeof h.buffers === 'object';
}
