/**
 * The StateWriter's contract types: the statuses `publish`, `create` and `destroy` return instead
 * of throwing (the engine turns them into diagnostics), and the writer's options.
 */
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
