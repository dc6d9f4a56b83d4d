/**
 * What the engine draws that does not travel in the command ring, captured for the recording
 * (format version 2): the positions the bulk path (`ctx.entities.setPositions`,
 * bulk-transform-sync.ts) applied in a frame, and each new debug-draw set (lines, points, texts:
 * debug-draw-sync.ts). Both go into the recorder log as BULK and DEBUG entries; the last debug set
 * is kept here too, because every keyframe carries it (a scrub restores it with the world).
 * Allocation-free per frame but for the log's or the set copy's growth.
 */
import { E_X, E_Y, E_Z } from '../protocol/entity-state.ts';
import { ENTRY_BULK, ENTRY_DEBUG } from './recorder-entries.ts';
import type { RecorderLog } from './recorder-log.ts';

/** The entity StateWriter after the bulk apply: its dirty list holds every entity it moved. */
export interface BulkSource {
  readonly i32: Int32Array;
  readonly pendingDirty: number;
  /** Live records. */
  readonly live: number;
  /** Every record may have changed (StateWriter.markAllChanged): the dirty marks name only some. */
  readonly allChangedPending: boolean;
  /** Slots 0..high-1 may be live. */
  readonly high: number;
  dirtySlotAt(i: number): number;
  recordOffset(slot: number): number;
}

/** The engine's StateReader of the debug-draw buffer, as its DebugDrawSync left it. */
export interface DebugSource {
  readonly i32: Int32Array;
  readonly high: number;
  readonly strideWords: number;
  recordOffset(slot: number): number;
}

/** Captures bulk positions and debug-draw sets into a recorder log. Engine thread only. */
export class EngineStateCapture {
  /** The debug-draw set drawn now (its records, slots 0..n-1), for keyframes. */
  debug = new Int32Array(1024);
  debugWords = 0;
  /** Bulk publishes and debug sets seen (the engine's counters: a change means a new one). */
  private bulkPublishes = 0;
  private debugSets = 0;

  /**
   * After the apply phase's bulk apply: when `publishes` (BulkTransformSync.publishes) says a
   * publish was applied, appends the final position of every entity dirty this frame (those the
   * bulk path moved, and those commands changed, whose position the entry repeats harmlessly).
   */
  bulk(log: RecorderLog, frame: number, incarnation: number, timeMs: number, entities: BulkSource, publishes: number): void {
    if (publishes === this.bulkPublishes) return;
    this.bulkPublishes = publishes;
    // After a bulk write of many the dirty marks name only some changes: every live record then.
    const all = entities.allChangedPending;
    const n = all ? entities.high : entities.pendingDirty;
    let at = log.words(ENTRY_BULK, frame, incarnation, 4 * n, timeMs);
    const start = at;
    const src = entities.i32;
    const dst = log.i32;
    for (let k = 0; k < n; k++) {
      const o = entities.recordOffset(all ? k : entities.dirtySlotAt(k));
      const id = src[o]!;
      if (id === 0) continue; // destroyed this frame, or a free slot
      dst[at] = id;
      dst[at + 1] = src[o + E_X]!;
      dst[at + 2] = src[o + E_Y]!;
      dst[at + 3] = src[o + E_Z]!;
      at += 4;
    }
    log.endEntry(start, at);
  }

  /**
   * After the render phase's debug sync: when `sets` (DebugDrawSync.sets) says a new set was
   * taken and it differs from the one drawn before, appends it and keeps it for keyframes.
   */
  debugSet(log: RecorderLog, frame: number, incarnation: number, timeMs: number, reader: DebugSource, sets: number): void {
    if (sets === this.debugSets) return;
    this.debugSets = sets;
    const words = reader.high * reader.strideWords;
    const from = reader.recordOffset(0);
    const src = reader.i32;
    let same = words === this.debugWords;
    for (let k = 0; same && k < words; k++) same = src[from + k] === this.debug[k];
    if (same) return;
    if (this.debug.length < words) this.debug = new Int32Array(Math.max(words, 2 * this.debug.length));
    const d = this.debug;
    for (let k = 0; k < words; k++) d[k] = src[from + k]!;
    this.debugWords = words;
    const at = log.words(ENTRY_DEBUG, frame, incarnation, words, timeMs);
    const dst = log.i32;
    for (let k = 0; k < words; k++) dst[at + k] = d[k]!;
  }

  /** The world was cleared (a restart): no debug set is drawn until the new incarnation publishes one. */
  clearDebug(): void {
    this.debugWords = 0;
  }
}
