/**
 * The records a StateWriter's working copy changed since its last publish: a list of slots in the
 * order they were first marked (with the id each was marked with, the latest mark winning), plus
 * the mean dirty ratio of recent publishes. Marking is O(1) and unchecked; `drain` validates the
 * marks at publish (an id that names no record, the seed's error scenario 5, is counted as
 * dropped) and keeps the publish's slots as a row of the history of the last HISTORY publishes,
 * which `replay` copies into a back buffer that missed them.
 * Nothing here allocates after construction. Used by the writer's thread only.
 */
import { ID_WORD } from './state-schema.ts';

/** Publishes remembered in the dirty history; a back buffer further behind gets a full copy. */
export const HISTORY = 8;
/** Dirty ratios averaged by `averageRatio`. */
const RATIO_WINDOW = 60;

/** Slots marked dirty since the last publish. */
export class DirtySet {
  /** Marks in the set (one per slot). */
  count = 0;
  /** Marks the last `drain` dropped, and the first id it dropped. */
  lastDropped = 0; firstDroppedId = 0;
  /** Position + 1 of each slot in `slots` (0: not marked). */
  private readonly pos: Int32Array;
  private readonly slots: Int32Array;
  private readonly ids: Int32Array;
  /** Id a slot held when it was destroyed since the last publish (its mark is not a dropped id). */
  private readonly removedId: Int32Array;
  /** The slots each of the last HISTORY publishes changed (row `seq % HISTORY`, from `capacity * row`), and how many. */
  private readonly history: Int32Array;
  private readonly historyLen = new Int32Array(HISTORY);
  private readonly capacity: number;
  private readonly ratios = new Float64Array(RATIO_WINDOW);
  private ratioSum = 0; private ratioCount = 0; private ratioNext = 0;

  constructor(capacity: number) {
    this.pos = new Int32Array(capacity);
    this.slots = new Int32Array(capacity);
    this.ids = new Int32Array(capacity);
    this.removedId = new Int32Array(capacity);
    this.history = new Int32Array(HISTORY * capacity);
    this.capacity = capacity;
  }

  /** Marks `slot` (below the capacity) changed, by `id`. */
  mark(slot: number, id: number): void {
    const p = this.pos[slot]!;
    if (p !== 0) {
      this.ids[p - 1] = id;
      return;
    }
    const n = this.count++;
    this.slots[n] = slot;
    this.ids[n] = id;
    this.pos[slot] = n + 1;
  }

  /** `slot`'s record, `id`, was destroyed: a mark by `id` until the next publish is not dropped. */
  removed(slot: number, id: number): void {
    this.removedId[slot] = id;
  }

  /** Whether `slot` is marked. */
  has(slot: number): boolean {
    return this.pos[slot] !== 0;
  }

  /** Slot of the i-th mark (0 <= i < count). */
  slotAt(i: number): number {
    return this.slots[i]!;
  }

  /**
   * Empties the set at a publish: counts the marks whose id names no record in the working copy
   * (records at word `workBase`, `stride` words each) in `lastDropped`, and keeps every marked
   * slot as publish `seq`'s history row, dropped ones too (the stale id may have replaced the mark
   * of a real change to the same slot, destroy + create or an update of the record now in it, and
   * copying a record from the working copy is always correct). Returns the slots kept.
   */
  drain(i32: Int32Array, workBase: number, stride: number, seq: number): number {
    const rows = this.count;
    const history = this.history;
    const row = (seq % HISTORY) * this.capacity;
    let dropped = 0;
    for (let i = 0; i < rows; i++) {
      const slot = this.slots[i]!;
      const id = this.ids[i]!;
      this.pos[slot] = 0;
      const current = i32[workBase + slot * stride + ID_WORD]!;
      if (current !== id && !(current === 0 && this.removedId[slot] === id)) {
        if (dropped === 0) this.firstDroppedId = id;
        dropped++;
      }
      history[row + i] = slot;
      this.removedId[slot] = 0;
    }
    this.count = 0;
    this.lastDropped = dropped;
    this.historyLen[seq % HISTORY] = rows;
    return rows;
  }

  /** Slots the history rows of publishes `v + 1 .. seq` hold (seq - v <= HISTORY). */
  slotsSince(v: number, seq: number): number {
    let total = 0;
    for (let s = v + 1; s <= seq; s++) total += this.historyLen[s % HISTORY]!;
    return total;
  }

  /** Copies the records of the history rows of publishes `v + 1 .. seq` from word `from` to word `to` (records of `stride` words). */
  replay(v: number, seq: number, i32: Int32Array, from: number, to: number, stride: number): void {
    const history = this.history;
    for (let s = v + 1; s <= seq; s++) {
      const r = (s % HISTORY) * this.capacity;
      const len = this.historyLen[s % HISTORY]!;
      for (let k = 0; k < len; k++) {
        const off = history[r + k]! * stride;
        const dst = to + off;
        const src = from + off;
        for (let w = 0; w < stride; w++) i32[dst + w] = i32[src + w]!;
      }
    }
  }

  /** Mean of dirty / live over the last 60 successful publishes (0..1). */
  get averageRatio(): number {
    return this.ratioCount === 0 ? 0 : this.ratioSum / this.ratioCount;
  }

  /** Records one successful publish's dirty ratio (a failed publish records none). */
  recordRatio(dirty: number, live: number): void {
    const ratio = live === 0 ? 0 : Math.min(1, dirty / live);
    const k = this.ratioNext;
    this.ratioNext = (k + 1) % RATIO_WINDOW;
    if (this.ratioCount < RATIO_WINDOW) this.ratioCount++;
    else this.ratioSum -= this.ratios[k]!;
    this.ratios[k] = ratio;
    this.ratioSum += ratio;
  }
}
