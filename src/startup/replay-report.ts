/** What replayRecording (replay-driver.ts) takes and reports. */
import type { Logger } from '../platform/logger.ts';
import type { RecordDifference } from '../engine/state-diff.ts';
import type { RecordingEvent, RecordingHeader } from './replay-model.ts';
import type { IncarnationBundle } from './replay-bundles.ts';

/** A decoded recording (what recfile's decodeRecording returns; only the header and the events are read). */
export interface DecodedRecording {
  readonly header: RecordingHeader;
  readonly events: readonly RecordingEvent[];
  readonly truncatedAt?: number | null;
}

/** Options of replayRecording. */
export interface ReplayOptions {
  /** The game to run (default: the recording's gamePath). */
  readonly game?: string;
  /** Compare with the recording and stop at the first divergence (default true). */
  readonly verify?: boolean;
  /** Stop once this many logic ticks (over every incarnation) were replayed. */
  readonly untilTick?: number;
  /** A replayed tick that does not complete within this many wall milliseconds is a hang (TF4102). Default 2000. */
  readonly hangTimeoutMs?: number;
  /** Wall milliseconds the worker may take to load the game before its first tick. Default 30,000. */
  readonly loadTimeoutMs?: number;
  /** Where the replay's own diagnostics go (default: nowhere; they are in the report). */
  readonly logger?: Logger;
}

/** An error the replayed logic raised, or a crash or hang of its worker. */
export interface ReplayError {
  readonly incarnation: number;
  readonly tick: number;
  readonly code: string;
  readonly severity: string;
  readonly message: string;
}

/** Where and how a replay first differed from its recording. */
export interface ReplayDivergence {
  readonly incarnation: number;
  /** The first logic tick whose result differs (its commands, or the state they made). */
  readonly tick: number;
  /** The recorded engine frame at which the worlds were compared. */
  readonly frame: number;
  /** `commands`: the tick wrote other commands; `state`: the state hash differs; `error`: the logic failed where the recording did not (or the reverse). */
  readonly reason: 'commands' | 'state' | 'error';
  readonly detail: string;
  /** Entities and cameras whose records differ, field by field (recorded -> replayed). */
  readonly entities: readonly RecordDifference[];
  readonly cameras: readonly RecordDifference[];
  /** One line per differing record. */
  readonly lines: readonly string[];
}

/** What a replay did and found. */
export interface ReplayReport {
  /** Logic ticks replayed (over every incarnation). */
  readonly ticks: number;
  /** Engine frames of the recording replayed. */
  readonly frames: number;
  /** Ticks in the recording. */
  readonly recordedTicks: number;
  /** Recorded seconds replayed (the sum of the replayed ticks' raw dts). */
  readonly recordedSeconds: number;
  /** Wall seconds of the replay, from the first worker's start to the last tick (bundling excluded). */
  readonly wallSeconds: number;
  /** Of wallSeconds, what the workers took to start and load the game (each incarnation's first tick). */
  readonly loadSeconds: number;
  /** Recorded seconds replayed per wall second once the game was loaded: recordedSeconds / (wallSeconds - loadSeconds). */
  readonly speedX: number;
  readonly verified: boolean;
  /** The first divergence, or null when the replay matched the recording (or was not verified). */
  readonly divergence: ReplayDivergence | null;
  readonly recordedBundleHash: string;
  /** SHA-256 hex of the game file's bundle as replayed now; '' when every incarnation ran a bundle the recording holds. */
  readonly bundleHash: string;
  /** Every incarnation ran code whose hash is the recorded one (or unknown, ''): see `bundles`. */
  readonly bundleHashMatches: boolean;
  /** Per incarnation, which code it ran (the recording's bundle of a watched run, or the game file) and whether it matches. */
  readonly bundles: readonly IncarnationBundle[];
  /** Errors of the replayed logic (script errors, crashes TF4103, hangs TF4102), in order. */
  readonly errors: readonly ReplayError[];
  /** The recording's diagnostics of severity error or fatal, in order. */
  readonly recordedErrors: readonly ReplayError[];
  readonly incarnations: number;
}

