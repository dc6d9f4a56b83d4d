/**
 * The StateWriter's contract types: the statuses `publish`, `create` and `destroy` return instead
 * of throwing (the engine turns them into diagnostics), the writer's options, and the counters it
 * keeps for the engine's stats.
 */
import { StateBufferEnd } from './state-layout.ts';

/** Outcome of `publish`. */
export const PUBLISH_STATUS = {
  /** Published. */
  OK: 0,
  /** Published; some dirty ids named no record and were dropped (`droppedIds`, `firstDroppedId`). */
  OK_DROPPED_DIRTY: 1,
  /** Published after the debug comparison found a dirty publish differing from a full copy (`debugMismatches`); repaired by a full copy. */
  OK_DEBUG_MISMATCH: 2,
  /** Not published: more live records than capacity (`live`); the last good publish stays. */
  FAILED_CAPACITY: 3,
  /** Not published: the copy threw (`lastError`); the last good publish stays. */
  FAILED_EXCEPTION: 4,
} as const;
export type PublishStatus = (typeof PUBLISH_STATUS)[keyof typeof PUBLISH_STATUS];

/** Outcome of `create` and `destroy`. */
export const RECORD_STATUS = {
  OK: 0,
  /** The id's slot index is not below the capacity (or the id is not a positive integer). */
  OUT_OF_RANGE: 1,
  /** create: the slot is held by a live record. */
  SLOT_IN_USE: 2,
  /** destroy: no live record has this id. */
  NOT_LIVE: 3,
} as const;
export type RecordStatus = (typeof RECORD_STATUS)[keyof typeof RECORD_STATUS];

/** Options of StateWriter. */
export interface StateWriterOptions {
  /** Milliseconds clock for publish timings (inject the platform clock); default: no timing. */
  readonly now?: () => number;
  /** Copy only dirty records (default true); false: every publish is one full copy. */
  readonly dirtyTracking?: boolean;
  /** Compare every dirty publish with a full copy and report differences (slow; default false). */
  readonly debugCompare?: boolean;
  /**
   * The buffer this writer owns at start (mirrors StateReader's `front`): omit it (0) for a fresh
   * buffer; when taking over from a writer whose thread is gone, the reader's `orphanedBack()`.
   * Given, the writer forgets the dead writer's working copy and treats every published buffer's
   * contents as unknown (its first publish into each one is a full copy).
   */
  readonly back?: number;
}

/**
 * A StateWriter's statistics: plain numbers the writer updates as it publishes and the engine
 * reads (no allocation). The base of StateWriter, so the writer's file keeps its algorithm only.
 */
export abstract class StateWriterCounters extends StateBufferEnd {
  /** Publishes done (including failed ones), and failed ones. */
  totalPublishes = 0; failedPublishes = 0;
  /** Records dirty in the last publish (after validation). */
  lastDirtyCount = 0;
  /** Records copied by the last publish (catch-up included; a full copy counts HIGH records). */
  lastCopiedRecords = 0;
  /** Whether the last publish was a full copy. */
  lastWasFull = false;
  /** Records copied by all successful publishes, and how many of those publishes were full copies. */
  copiedRecords = 0; fullCopies = 0;
  /** Milliseconds the last timed publish took (the first and one in 8 after it are timed; 0 without a clock). */
  lastPublishMs = 0;
  /** Dirty marks dropped because their id named no record (seed error scenario 5), total and in the last publish. */
  droppedIds = 0;
  lastDroppedIds = 0; firstDroppedId = 0;
  debugMismatches = 0; // records that differed in the last debug comparison
  lastError: unknown = undefined; // the error of the last failed publish
}
