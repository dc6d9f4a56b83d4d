/**
 * The in-memory model of a recording (issue 16): a header describing the run, then a stream of
 * events in the order the engine saw them. The byte format that stores it is in
 * `docs/recording-format.md` (encoder: recording-encoder.ts, decoder: recording-decoder.ts).
 *
 * Everything the logic consumed from outside crosses one boundary, the command ring: the engine's
 * frame events carry the raw ring records it drained (game commands and the logic's fact records,
 * in order), so the recording is that stream plus the engine's own facts (frame number, position,
 * state hash, incarnations, keyframes, diagnostics).
 */

/**
 * The format version this twinframe writes (see docs/recording-format.md "Versioning"). 2 added the
 * engine-side `bulk` and `debug` events, the keyframe's debug set and delta-coded INPUT_FACTS; 3
 * added the `bundle` event (the game code a hot-reloaded incarnation ran); 4 moved a tick's own
 * facts into its FRAME_END (a 32-byte payload) instead of a TICK_FACTS record before it.
 */
export const RECORDING_FORMAT_VERSION = 4;
/** The oldest format version this twinframe reads (a version-1 file has no bulk or debug events). */
export const RECORDING_OLDEST_READABLE_VERSION = 1;

/** What a recording says about the run that made it. Stored as JSON after the file's magic and version. */
export interface RecordingHeader {
  /** Equal to {@link RECORDING_FORMAT_VERSION} of the writer. */
  formatVersion: number;
  /** `version` of the twinframe package that recorded. */
  twinframeVersion: string;
  /** SHA-256 hex of the game bundle, or '' when unknown. */
  bundleHash: string;
  host: 'twinframe' | 'protogame';
  pacing: 'lockstep' | 'free';
  /** Logic ticks per second asked for. */
  logicHz: number;
  /** Seed of the worker's deterministic Math.random / crypto.getRandomValues. */
  seed: number;
  /** Date.now() of virtual time 0 inside the worker. */
  epochMs: number;
  gameOptions: Record<string, string | number | boolean>;
  entityCapacity: number;
  cameraCapacity: number;
  /** The game's path as given to the recorder (informational). */
  gamePath: string;
  /** ISO 8601 time the recording started. */
  createdAt: string;
  /** 'full': from the start of the run; 'flight': the flight recorder's window. */
  kind: 'full' | 'flight';
}

/** One engine frame: the raw ring bytes it consumed from the command ring (game commands and facts, in order). */
export interface EngineFrameEvent {
  kind: 'frame';
  /** The engine's frame number. */
  frame: number;
  incarnation: number;
  /** Game-command records applied in this incarnation after the frame. */
  position: number;
  /** u32 hash of the published entity+camera records after the frame (see stateHash()). */
  stateHash: number;
  /** Framed as in the ring (header words + payload), copied raw. */
  records: Uint8Array;
}

/**
 * The published entity and camera state, raw, for scrubbing. Each of `entities` and `cameras` is a
 * state region as state-layout.ts lays it out: the 16-word region header (SEQ, ENGINE_FRAME,
 * LOGIC_TICK, LIVE, HIGH, ...) then the records of slots 0..n-1, where n is at least HIGH (a writer
 * may stop after slot HIGH-1: later slots are free) and at most the capacity.
 */
export interface KeyframeEvent {
  kind: 'keyframe';
  frame: number;
  incarnation: number;
  position: number;
  entities: Uint8Array;
  cameras: Uint8Array;
  /**
   * The debug-draw set drawn at the keyframe (DebugDrawEvent.records' layout); absent when none
   * is drawn (and in a version-1 file, which does not record it).
   */
  debug?: Uint8Array;
}

/**
 * Positions the engine's bulk path (`ctx.entities.setPositions`) applied in an engine frame, after
 * the frame's commands: per entity 16 bytes, id i32 then x, y, z f32 (the entity's final position
 * that frame). They travel outside the command ring, so without them a viewer would draw those
 * entities where the commands left them.
 */
export interface BulkPositionsEvent {
  kind: 'bulk';
  frame: number;
  incarnation: number;
  positions: Uint8Array;
}

/**
 * A new debug-draw set the engine took in an engine frame (lines, points, texts: the logic's
 * debug-draw state buffer, which does not travel in the command ring): the records of slots 0..n-1
 * as the buffer holds them (DEBUG_DRAW_SCHEMA, 11 words each, free slots id 0). Empty: no set.
 */
export interface DebugDrawEvent {
  kind: 'debug';
  frame: number;
  incarnation: number;
  records: Uint8Array;
}

/** A logic incarnation began: the first start, a restart after a crash or hang, or a hot reload. */
export interface IncarnationEvent {
  kind: 'incarnation';
  frame: number;
  incarnation: number;
  reason: 'start' | 'restart' | 'reload';
}

/**
 * The game bundle (the bundled module a logic worker loads) an incarnation runs, recorded by a run
 * that hot-reloads (`twinframe run --watch`): from its incarnation on, every incarnation runs it
 * until the next bundle event. A replay loads it instead of bundling the game file, whose code may
 * have changed since. Follows its incarnation's event.
 */
export interface BundleEvent {
  kind: 'bundle';
  frame: number;
  incarnation: number;
  /** SHA-256 hex of `bytes` (as RecordingHeader.bundleHash). */
  hash: string;
  /** The bundle's file name (its extension says how Node loads it: `.cjs` or `.mjs`). */
  name: string;
  bytes: Uint8Array;
}

/** A game bundle as a recording stores it (a BundleEvent's code), as the start-up wiring hands it to the recorder. */
export interface RecordedBundle {
  /** SHA-256 hex of `bytes`. */
  readonly hash: string;
  /** Its file name (`.cjs` or `.mjs`). */
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** A diagnostic reported at an engine frame (the viewer shows them at their tick). */
export interface DiagnosticEvent {
  kind: 'diagnostic';
  frame: number;
  /** The logic tick it names (-1 when none). */
  tick: number;
  code: string;
  severity: string;
  message: string;
}

/** One event of a recording. */
export type RecordingEvent = EngineFrameEvent | KeyframeEvent | IncarnationEvent | DiagnosticEvent | BulkPositionsEvent | DebugDrawEvent | BundleEvent;

/** What decodeRecording returns. */
export interface DecodedRecording {
  header: RecordingHeader;
  /** Every event of every whole chunk, in order. */
  events: RecordingEvent[];
  /**
   * null for a complete file (it ends with the end marker). Otherwise the byte offset where the
   * readable part ends: the start of a chunk cut short, or the file's length when it stops at a
   * chunk boundary without the end marker (a writer that crashed between chunks).
   */
  truncatedAt: number | null;
  /** Whole chunks read. */
  chunks: number;
  /** The file's format version (RECORDING_OLDEST_READABLE_VERSION..RECORDING_FORMAT_VERSION). */
  formatVersion?: number;
}
