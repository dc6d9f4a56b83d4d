/**
 * What the engine recorder (recorder.ts) is configured with and writes to: its timing constants,
 * the recording stream it feeds, its app's configuration, and which errors write a flight file.
 */
import type { RecordedBundle, RecordingEvent, RecordingHeader } from '../protocol/recording.ts';
import type { Severity } from '../shared-memory/twinframe-error.ts';

/** Milliseconds between keyframes (scrubbing starts from the last one before a tick). */
export const KEYFRAME_INTERVAL_MS = 2000;
/** The flight recorder trims its log this often. */
export const TRIM_INTERVAL_MS = 1000;
/**
 * Most bytes the flight recorder's log holds: past it the window's commands and keyframes go; if
 * the incarnation's facts alone pass it, the log starts over (its files then start mid-incarnation;
 * counted in `flightOverflows`).
 */
export const FLIGHT_MAX_BYTES = 64 * 1024 * 1024;
/** Engine frames the flight recorder waits after an error for its tick's facts to arrive before it writes. */
export const FLIGHT_SETTLE_FRAMES = 30;

/** Codes after which the logic is gone (nothing more of its tick will come): written at once. */
export const WORKER_GONE_CODES = new Set(['TF4102', 'TF4103']);
/**
 * Errors that write no file: consequences of an error reported under its own code (TF4105: the
 * logic stays down after its failures; TF4141: a hot reload failed, for the error it names) or
 * with nothing to replay (TF4111, TF5040, TF5041: the game never loaded; TF3010, TF3011, TF3012,
 * TF3014: the new code did not even bundle, so the game that runs is the one that did not fail).
 * Nor does any error before the first logic tick was applied.
 */
export const NO_FILE_CODES = new Set(['TF3010', 'TF3011', 'TF3012', 'TF3014', 'TF4105', 'TF4111', 'TF4141', 'TF5040', 'TF5041']);

/** Where a recording's events go: recfile's RecordingEncoder, through startup's adapter. */
export interface RecordingStream {
  /** One frame event; `records[start..end)` is copied before the call returns. */
  frame(frame: number, incarnation: number, position: number, stateHash: number, records: Uint8Array, start: number, end: number): void;
  /** A `bulk` or `debug` event whose bytes are `bytes[start..end)` (copied before the call returns). */
  bytes(kind: 'bulk' | 'debug', frame: number, incarnation: number, bytes: Uint8Array, start: number, end: number): void;
  /** Any other event (copied or kept; the recorder does not reuse its arrays). */
  event(e: RecordingEvent): void;
  /** Ends the recording (the last chunk and the end marker); resolves once every chunk was delivered. */
  finish(): Promise<void>;
}

/** What the recorder needs from its app. */
export interface RecorderConfig {
  /** The header of every recording it makes, but `kind` and `createdAt`. */
  readonly header: Omit<RecordingHeader, 'kind' | 'createdAt'>;
  /** The app's clock (ms). */
  now(): number;
  /** A recording from the start (App option `record`): creates its stream at start; absent: none. */
  readonly createStream?: ((header: RecordingHeader) => RecordingStream) | undefined;
  /** Flight recorder window in seconds (0: off). */
  readonly flightSeconds: number;
  /**
   * Delivers a flight recording's file (write it, offer a download; encoded off the engine frame
   * by recorder-flight-writer.ts); resolves with where it went, for TF4160. Absent: the flight
   * recorder is off.
   */
  readonly writeFlight?: ((bytes: Uint8Array, header: RecordingHeader, reason: { code: string; tick: number }) => Promise<string>) | undefined;
  /** The clock's: runs a function from a fresh event-loop task (flight files are encoded in such tasks, between frames). */
  yieldThen(fn: () => void): void;
  /** Reports the recorder's own diagnostics (TF4160 written, TF4161 failed). */
  report(code: string, severity: Severity, message: string, tick: number): void;
  /** The codes it reports, from the engine's table. */
  readonly codes: { readonly written: string; readonly failed: string; readonly stopped: string };
  /**
   * The game bundle at a worker's game URL (a watched run: `twinframe run --watch`), recorded once
   * per incarnation running other code than the one before; undefined: not recorded. Called on the
   * engine thread at an incarnation's start: return what was read before (no I/O).
   */
  readonly bundleOf?: ((gameUrl: string) => RecordedBundle | undefined) | undefined;
  /** The flight recorder stops for good (codes.stopped) once more entities than this are live (default Infinity). */
  readonly flightMaxEntities?: number;
  /** The most bytes the flight log holds (default FLIGHT_MAX_BYTES). */
  readonly flightMaxBytes?: number;
}

/** A pending flight write: the error that asked for it. */
export interface FlightTrigger {
  readonly code: string;
  readonly tick: number;
  readonly atFrame: number;
  readonly immediate: boolean;
}
