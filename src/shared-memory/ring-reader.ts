/**
 * The consumer end of the SPSC ring (layout: see ring-layout.ts; this file writes only the consumer
 * line, READ_INDEX_SLOT..HIGH_WATER_SLOT, and reads storage bytes between the read index and the
 * published write index, which the writer does not touch until they are released).
 *
 * ```
 *  storage:  ... free | released, unpublished | current record | published, unread | free ...
 *                     ^ published read index   ^ this.read                         ^ write index
 * ```
 * Read loop: `while ((t = r.tryRead()) >= 0) { decode at r.offset, r.length; r.release(); }`; or in
 * spans (openSpan, walk the headers, closeSpan: CommandReader.drain). Released bytes go back to the
 * writer in batches (ring-release.ts). High-water mark: at each write-index load, the largest
 * `write - published read` seen.
 *
 * Corrupt framing (a header whose tag, length or padding is impossible, or a write index out of
 * range): the reader cannot find the next record boundary, so it resets: it discards every
 * published record (read index := the writer's published index), counts a reset
 * (`corruptResets`, TF1005) and returns RING_CORRUPT once. It never throws and never loops.
 */
import * as layout from './ring-layout.ts';
import { RingRelease } from './ring-release.ts';
import { sleepWhileUnchanged, waitWhileUnchanged } from './ring-wait.ts';
import type { RingWaitResult } from './ring-wait.ts';

// Module-local copies of the layout constants: V8 folds module-local consts into optimized code but
// loads and hole-checks imported bindings on every use (measured: ~30% of the per-record cost).
const {
  CONSUMER_SLEEPING_SLOT, CORRUPT_RESETS_SLOT, ENQUEUED_SLOT, HIGH_WATER_SLOT, PADDING_TYPE,
  RECORD_ALIGN_BYTES, RECORD_HEADER_BYTES, RECORD_LENGTH_WORD, RECORD_TAG, RECORD_TAG_TYPE_WORD,
  RECORD_TYPE_MASK, RING_CORRUPT, RING_EMPTY, WRITE_INDEX_SLOT,
} = layout;

/**
 * Consumer end of a ring: tryRead, decode in place, release. Single consumer: one RingReader per
 * ring, on one thread. Never throws after construction.
 */
export class RingReader extends RingRelease {
  /** Byte offset of the current record's payload (valid after tryRead returned a type >= 0). */
  offset = 0;
  /** Payload length in bytes of the current record. */
  length = 0;
  /** Type word and length of the last corrupt header (for the diagnostic), after RING_CORRUPT. */
  lastCorruptType = 0;
  lastCorruptLength = 0;

  private highWater: number;
  private cachedWrite: number;
  private currentBytes = 0;
  private currentType = 0;
  /** Size of the record parse() validated last. */
  private parsedBytes = 0;
  private corruptLocal: number;

  /** Attaches the consumer end to a ring made by createRingBuffer. Throws TF1004 if it is not one. */
  constructor(sab: SharedArrayBuffer) {
    super('RingReader.constructor', sab);
    this.cachedWrite = this.read;
    // ORDERING: adopts this line's own counters.
    this.corruptLocal = Atomics.load(this.control, CORRUPT_RESETS_SLOT) >>> 0;
    // ORDERING: as above.
    this.highWater = Atomics.load(this.control, HIGH_WATER_SLOT);
  }

  /**
   * Returns the next record's type (>= 0) and sets `offset`/`length` to its payload, or RING_EMPTY
   * (-1), or RING_CORRUPT (-2, after a reset; see the file doc). Until release() it returns the same
   * record again. Allocates nothing.
   */
  tryRead(): number {
    if (this.currentBytes !== 0) return this.currentType;
    const type = this.parse();
    if (type >= 0) {
      this.currentBytes = this.parsedBytes;
      this.currentType = type;
    }
    return type;
  }

  /**
   * tryRead and release in one call (the fast path for draining): returns the next record's type
   * and sets `offset`/`length`, or RING_EMPTY / RING_CORRUPT. The record is already released, but its
   * bytes stay valid until the next call on this reader (releases are published only at the start of
   * the next take, or by flush/flushLazy/tryRead). Allocates nothing.
   */
  take(): number {
    if (this.currentBytes !== 0) this.release();
    if (((this.read - this.publishedRead) | 0) >= this.releaseBatchBytes) this.publishRead();
    const type = this.parse();
    if (type >= 0) {
      // released without the batch check: these bytes stay unpublished until the next call
      this.read = (this.read + this.parsedBytes) | 0;
      this.dequeuedLocal++;
    }
    return type;
  }

  /**
   * Batched reading (CommandReader.drain): returns the length in bytes of the published records from
   * the read index up to the storage end (a padding record there is skipped first), with `offset` at
   * the first one's header, or RING_EMPTY / RING_CORRUPT. The caller walks the span header by header
   * with the ring-layout rules (tag; length within the span; padding ends it; else `corrupt`), then
   * closeSpan. No field store per record, one write-index load per span. Allocates nothing.
   */
  openSpan(): number {
    if (this.currentBytes !== 0) this.release();
    if (((this.read - this.publishedRead) | 0) >= this.releaseBatchBytes) this.publishRead();
    const type = this.parse();
    if (type < 0) return type;
    const pos = this.read & this.mask;
    this.offset = pos;
    const avail = (this.cachedWrite - this.read) | 0;
    const tail = this.capacityBytes - pos;
    return avail < tail ? avail : tail;
  }


  /**
   * Validates the header at the read index (skipping a padding record) and sets offset, length and
   * parsedBytes; returns the type, RING_EMPTY or RING_CORRUPT. Does not advance past the record.
   */
  private parse(): number {
    let r = this.read;
    // At most two passes: padding fills the storage to its end and is corrupt at position 0.
    for (;;) {
      let avail = (this.cachedWrite - r) | 0;
      if (avail === 0) {
        avail = this.refresh(r);
        if (avail <= 0) return avail;
      }
      const pos = r & this.mask;
      const len = this.i32[(pos >> 2) + RECORD_LENGTH_WORD]!;
      const word = this.i32[(pos >> 2) + RECORD_TAG_TYPE_WORD]!;
      const tail = this.capacityBytes - pos;
      if (word >>> 16 !== RECORD_TAG || (len >>> 0) > tail - RECORD_HEADER_BYTES) return this.corrupt(len, word);
      if ((word & RECORD_TYPE_MASK) === PADDING_TYPE) {
        if (len !== tail - RECORD_HEADER_BYTES || pos === 0 || avail < tail) return this.corrupt(len, word);
        r = (r + tail) | 0;
        this.read = r;
        continue;
      }
      const recordBytes = RECORD_HEADER_BYTES + ((len + RECORD_ALIGN_BYTES - 1) & -RECORD_ALIGN_BYTES);
      if (recordBytes > avail) return this.corrupt(len, word);
      this.offset = pos + RECORD_HEADER_BYTES;
      this.length = len;
      this.parsedBytes = recordBytes;
      return word & RECORD_TYPE_MASK;
    }
  }

  /**
   * Loads the write index when the cached one shows nothing; returns the bytes available, RING_EMPTY
   * (after a lazy flush) or RING_CORRUPT. Validates the index once per load, not once per record.
   */
  private refresh(r: number): number {
    const c = this.control;
    // ORDERING: observes records the writer published; their bytes are read only after this load.
    const w = Atomics.load(c, WRITE_INDEX_SLOT);
    this.cachedWrite = w;
    const avail = (w - r) | 0;
    if (avail === 0) {
      this.flushLazy();
      return RING_EMPTY;
    }
    if (avail < 0 || avail > this.capacityBytes || (avail & (RECORD_ALIGN_BYTES - 1)) !== 0) return this.corrupt(avail, -1);
    const used = (w - this.publishedRead) | 0;
    if (used > this.highWater) {
      this.highWater = used;
      // ORDERING: a statistic of the consumer line.
      Atomics.store(c, HIGH_WATER_SLOT, used);
    }
    return avail;
  }

  /** Frees the current record (its bytes may be reused once published back; see release batching). */
  release(): void {
    const b = this.currentBytes;
    if (b === 0) return;
    const r = (this.read + b) | 0;
    this.read = r;
    this.currentBytes = 0;
    this.dequeuedLocal++;
    if (((r - this.publishedRead) | 0) >= this.releaseBatchBytes) this.publishRead();
  }



  /** True when a record is available now (loads the write index if the cached one shows none). */
  hasData(): boolean {
    if (this.currentBytes !== 0 || this.cachedWrite !== this.read) return true;
    // ORDERING: observes the writer's published index.
    this.cachedWrite = Atomics.load(this.control, WRITE_INDEX_SLOT);
    return this.cachedWrite !== this.read;
  }

  /**
   * Blocks this thread until the writer publishes, at most `timeoutMs` (worker threads and Node's
   * main thread only: browsers forbid Atomics.wait on the main thread; use waitForDataAsync there).
   * Returns 'not-equal' at once when data is already available, 'ok' when woken, 'timed-out'.
   * Publishes released bytes first so a writer waiting for space is not stuck behind a sleeper.
   */
  waitForData(timeoutMs: number): RingWaitResult {
    if (this.hasData()) return 'not-equal';
    this.flush();
    return sleepWhileUnchanged(this.control, CONSUMER_SLEEPING_SLOT, WRITE_INDEX_SLOT, this.read, timeoutMs);
  }

  /**
   * Like waitForData but never blocks (browser main thread): resolves when the writer publishes or
   * after `timeoutMs`. Allocates a promise per call (idle path only, never per record). In Node 20 a
   * pending Atomics.waitAsync does not keep the thread alive on its own.
   */
  waitForDataAsync(timeoutMs: number): Promise<RingWaitResult> {
    if (this.hasData()) return Promise.resolve('not-equal');
    this.flush();
    return waitWhileUnchanged(this.control, CONSUMER_SLEEPING_SLOT, WRITE_INDEX_SLOT, this.read, timeoutMs);
  }



  /**
   * Corrupt framing (the header `length`, `typeWord`; a span walker calls it after closing its span):
   * discards every published record and counts a reset (see the file doc); returns RING_CORRUPT.
   * The discarded records are counted as dequeued from the writer's published count, loaded after
   * the index: exact unless the writer is between its two stores of a publish (count stored, index
   * not yet), when that publish's records are counted twice (discarded, then read).
   */
  corrupt(length: number, typeWord: number): number {
    this.lastCorruptLength = length;
    this.lastCorruptType = typeWord;
    const c = this.control;
    // ORDERING: discards everything the writer has published up to now; acquires the record count
    // stored before this index, so the count loaded next includes every record before it.
    const w = Atomics.load(c, WRITE_INDEX_SLOT);
    // After the index, so no publish between the two loads goes uncounted (a count loaded first
    // missed a publish landing between them: dequeued fell behind for good). It can still be ahead
    // by a publish whose index is not stored yet: two words are not one snapshot (corrupt's doc).
    // ORDERING: sees the count stored before the index loaded above, or a newer one.
    const enq = Atomics.load(c, ENQUEUED_SLOT);
    this.read = w;
    this.cachedWrite = w;
    this.currentBytes = 0;
    const skipped = (enq - (this.dequeuedLocal | 0)) >>> 0;
    if (skipped <= this.capacityBytes) this.dequeuedLocal += skipped;
    this.corruptLocal++;
    // ORDERING: a statistic of the consumer line.
    Atomics.store(c, CORRUPT_RESETS_SLOT, this.corruptLocal | 0);
    this.publishRead();
    return RING_CORRUPT;
  }
}
