/**
 * The records a StateWriter's working copy changed since its last publish: a list of slots in the
 * order they were first marked, plus the mean dirty ratio of recent publishes. A mark is O(1) and
 * touches no per-slot word (a two-bit-per-slot map, the entry lists and the record the caller just
 * wrote); it takes its verdict at once: whether its id names the record in the slot (or the one
 * destroyed there since the last publish). `drain` counts the marks whose latest verdict is bad as
 * dropped (the seed's error scenario 5) and keeps the publish's slots as a row of the history of
 * the last HISTORY publishes, which `replay` copies into a back buffer that missed them.
 *
 * Why a verdict taken at the mark is the one the publish would take: a record's id word changes
 * only in StateWriter.create and destroy, and each marks the slot after the change, so after a
 * slot's latest mark its id word (and its destroyed id) stay as the mark saw them until the drain.
 * Nothing here allocates after construction. Used by the writer's thread only.
 */
import { ID_WORD } from './state-schema.ts';
import type { SharedCopier } from './shared-copy.ts';

/** Publishes remembered in the dirty history; a back buffer further behind gets a full copy. */
export const HISTORY = 8;
/** Entries a repeated mark of a slot looks back through for the slot's entry. */
const REMARK_SCAN = 4;
/** A state buffer this small stays in a core's cache (1 MiB: the L2 of the machine measured). */
const CACHED_BYTES = 1 << 20;
/** Dirty ratios averaged by `averageRatio`. */
const RATIO_WINDOW = 60;

/** Slots marked dirty since the last publish. */
export class DirtySet {
  /** Marks in the set (one per slot). */
  count = 0;
  /** Marks the last `drain` dropped, and the first id it dropped. */
  lastDropped = 0; firstDroppedId = 0;
  /**
   * Two bits per slot, 16 slots a word: bit 2k marks slot k, bit 2k+1 says its latest verdict is
   * in `remarkBad` (a later mark of a slot whose entry was not among the last few). A random store
   * into a per-slot array cost a cache miss per mark once a full copy had streamed through the
   * cache (measured 60-80 ns a mark at 100,000 slots); this map is 1/16 of that size.
   */
  private readonly marks: Int32Array;
  /** Each entry's verdict: 0 when its id names the record, else the id (dropped at the drain). */
  private readonly bad: Int32Array;
  /** The latest verdict of a slot marked again away from its entry (when its bit 2k+1 is set). */
  private readonly remarkBad: Int32Array;
  /** Slots whose bit 2k+1 is set (0: the drain need not look). */
  private remarked = 0;
  /** Id a slot held when it was destroyed, and the publish that destroy belongs to (its mark by that id is not a dropped id). */
  private readonly removedId: Int32Array;
  private readonly removedSeq: Int32Array;
  /**
   * The slots each of the last HISTORY publishes changed (row `seq % HISTORY`, from
   * `capacity * row`), and how many. The marks of the pending publish are appended to its row
   * directly, so a publish moves no slot list.
   */
  private readonly history: Int32Array;
  private readonly historyLen = new Int32Array(HISTORY);
  private readonly capacity: number;
  /** The publish the marks belong to (the writer numbers every attempt, failed ones too), and the word of its history row. */
  private pending = 1;
  private row: number;
  private readonly ratios = new Float64Array(RATIO_WINDOW);
  private ratioSum = 0; private ratioCount = 0; private ratioNext = 0;

  /** A set for the working copy whose records start at word `workBase` of `i32`, `stride` words each. */
  constructor(
    capacity: number,
    private readonly i32: Int32Array,
    private readonly workBase: number,
    private readonly stride: number,
  ) {
    this.marks = new Int32Array((capacity + 15) >> 4);
    this.bad = new Int32Array(capacity);
    this.remarkBad = new Int32Array(capacity);
    this.removedId = new Int32Array(capacity);
    this.removedSeq = new Int32Array(capacity);
    this.history = new Int32Array(HISTORY * capacity);
    this.capacity = capacity;
    this.row = (this.pending % HISTORY) * capacity;
  }

  /** Marks `slot` (below the capacity) changed, by `id` (the latest mark of a slot counts). */
  mark(slot: number, id: number): void {
    // The verdict: the record in the slot is `id`'s, or `id`'s record was destroyed there since the last publish.
    const current = this.i32[this.workBase + slot * this.stride + ID_WORD]!;
    const verdict = current === id || (current === 0 && this.removedSeq[slot] === this.pending && this.removedId[slot] === id) ? 0 : id;
    const w = slot >> 4;
    const bit = 1 << ((slot & 15) << 1);
    const word = this.marks[w]!;
    if ((word & bit) === 0) {
      this.marks[w] = word | bit;
      const n = this.count++;
      this.history[this.row + n] = slot;
      this.bad[n] = verdict;
      return;
    }
    // Marked again: commands to one entity come together, so its entry is usually among the last
    // few; else the verdict goes to the per-slot word (and stays there until the drain).
    if ((word & (bit << 1)) === 0) {
      const history = this.history;
      const row = this.row;
      const n = this.count;
      for (let k = n - 1, stop = n > REMARK_SCAN ? n - REMARK_SCAN : 0; k >= stop; k--) {
        if (history[row + k] === slot) {
          this.bad[k] = verdict;
          return;
        }
      }
      this.marks[w] = word | (bit << 1);
      this.remarked++;
    }
    this.remarkBad[slot] = verdict;
  }

  /** `slot`'s record, `id`, was destroyed: a mark by `id` until the next publish is not dropped. */
  removed(slot: number, id: number): void {
    this.removedId[slot] = id;
    this.removedSeq[slot] = this.pending;
  }

  /** Whether `slot` is marked. */
  has(slot: number): boolean {
    return (this.marks[slot >> 4]! & (1 << ((slot & 15) << 1))) !== 0;
  }

  /** Slot of the i-th mark (0 <= i < count). */
  slotAt(i: number): number {
    return this.history[this.row + i]!;
  }

  /**
   * Empties the set at publish `seq` (the number the marks belong to): counts the marks whose id
   * named no record in `lastDropped`, and keeps every marked slot as publish `seq`'s history row,
   * dropped ones too (the stale id may have replaced the mark of a real change to the same slot,
   * destroy + create or an update of the record now in it, and copying a record from the working
   * copy is always correct). Returns the slots kept.
   */
  drain(seq: number): number {
    const rows = this.count;
    const history = this.history;
    const row = this.row;
    const bad = this.bad;
    const marks = this.marks;
    let dropped = 0;
    if (this.remarked === 0) {
      for (let i = 0; i < rows; i++) {
        if (bad[i] !== 0) {
          if (dropped === 0) this.firstDroppedId = bad[i]!;
          dropped++;
        }
      }
    } else {
      for (let i = 0; i < rows; i++) {
        const slot = history[row + i]!;
        const id = (marks[slot >> 4]! & (2 << ((slot & 15) << 1))) === 0 ? bad[i]! : this.remarkBad[slot]!;
        if (id !== 0) {
          if (dropped === 0) this.firstDroppedId = id;
          dropped++;
        }
      }
      this.remarked = 0;
    }
    // Every marked slot is drained, so whole words go: word by word for a few marks, all at once for many.
    if (rows > marks.length >> 3) marks.fill(0);
    else for (let i = 0; i < rows; i++) marks[history[row + i]! >> 4] = 0;
    this.count = 0;
    this.lastDropped = dropped;
    this.historyLen[seq % HISTORY] = rows;
    this.pending = seq + 1;
    this.row = (this.pending % HISTORY) * this.capacity;
    return rows;
  }

  /** Slots the history rows of publishes `v + 1 .. seq` hold (seq - v <= HISTORY). */
  slotsSince(v: number, seq: number): number {
    let total = 0;
    for (let s = v + 1; s <= seq; s++) total += this.historyLen[s % HISTORY]!;
    return total;
  }

  /**
   * The prior of the writer's PublishCostModel (what it decides by until it has timed both ways,
   * and alone without a clock): a catch-up of more than `high / catchUpLimit(high)` records costs
   * more than one full copy of `high` records. From per-record costs measured on 2
   * cores (the publish bench with d = n / (3k), catch-up forced against a full copy): records in
   * cache catch up at ~16-19 ns and stream at ~1.7 ns a record, crossing at ~1/10; at 100,000
   * records a catch-up of 1/24 took 0.63x a full copy and one of 1/16 1.9x, crossing at ~1/20.
   */
  catchUpLimit(high: number): number {
    return this.fitsCache(high) ? 10 : 20;
  }

  /** Whether four regions of `high` records fit in CACHED_BYTES. */
  private fitsCache(high: number): boolean {
    return high * this.stride * 16 <= CACHED_BYTES;
  }

  /**
   * Copies the records of the history rows of publishes `v + 1 .. seq` from word `from` to word
   * `to` (records of `stride` words; slots below `high`). Two loop shapes, measured ABAB against each other (bench/state):
   * while the buffer fits in a core's cache, four loads then four stores (`replayQuads`) take
   * ~0.85x the time of a word-by-word loop; once records miss the cache, the word loop was 1.1-1.3x
   * faster. Kept as two small functions: one function with both loops was slower in both cases.
   * With a `copier` (the buffer is copyable, shared-copy.ts), WebAssembly copies each row's records
   * instead, 8 bytes a load: 3.5-4x the speed of the word loop on 30 records of 44 bytes.
   */
  replay(v: number, seq: number, i32: Int32Array, from: number, to: number, stride: number, high: number, copier: SharedCopier | null = null): void {
    if (copier !== null) {
      // Each history row's slots go to the copier's record loop (8 bytes a load); a row too long for its scratch room is copied here.
      for (let s = v + 1; s <= seq; s++) {
        const r = (s % HISTORY) * this.capacity;
        const len = this.historyLen[s % HISTORY]!;
        if (!copier.copyRecords(this.history, r, len, from, to, stride)) this.replayRow(r, len, i32, from, to, stride);
      }
      return;
    }
    if ((stride & 3) === 0 && this.fitsCache(high)) {
      this.replayQuads(v, seq, i32, from, to, stride);
      return;
    }
    for (let s = v + 1; s <= seq; s++) this.replayRow((s % HISTORY) * this.capacity, this.historyLen[s % HISTORY]!, i32, from, to, stride);
  }

  /** Copies the `len` records of the history row at `r` word by word. */
  private replayRow(r: number, len: number, i32: Int32Array, from: number, to: number, stride: number): void {
    const history = this.history;
    for (let k = 0; k < len; k++) {
      const off = history[r + k]! * stride;
      const dst = to + off;
      const src = from + off;
      for (let w = 0; w < stride; w++) i32[dst + w] = i32[src + w]!;
    }
  }

  /** `replay` for a stride that is a multiple of 4 words. */
  private replayQuads(v: number, seq: number, i32: Int32Array, from: number, to: number, stride: number): void {
    const history = this.history;
    for (let s = v + 1; s <= seq; s++) {
      const r = (s % HISTORY) * this.capacity;
      const len = this.historyLen[s % HISTORY]!;
      for (let k = 0; k < len; k++) {
        const off = history[r + k]! * stride;
        let src = from + off;
        let dst = to + off;
        const end = src + stride;
        for (; src < end; src += 4, dst += 4) {
          const a = i32[src]!;
          const b = i32[src + 1]!;
          const c = i32[src + 2]!;
          const d = i32[src + 3]!;
          i32[dst] = a;
          i32[dst + 1] = b;
          i32[dst + 2] = c;
          i32[dst + 3] = d;
        }
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
