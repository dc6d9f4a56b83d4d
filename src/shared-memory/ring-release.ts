/**
 * The consumer end's release side (RingReader extends it): the read index and record count it
 * publishes back to the writer on the consumer line (READ_INDEX_SLOT, DEQUEUED_SLOT; layout:
 * ring-layout.ts), and the statistics computed from them.
 *
 * Release batching (the consumer line is written rarely, so the producer's cached copy stays valid):
 * released bytes go back to the writer (READ_INDEX_SLOT) when
 *  (a) `flush()` is called (always publishes),
 *  (b) a quarter of the capacity has been released since the last publish (in release()),
 *  (c) `flushLazy()` is called, or tryRead finds the ring empty, and either a sixteenth of the
 *      capacity is unpublished or the writer has counted a full event since the last publish (it is
 *      starved) or sleeps in waitForSpace,
 *  (d) before sleeping in waitForData / waitForDataAsync.
 * So a starved writer gets its space at the reader's next empty tryRead or flushLazy (drains end
 * with one). High-water mark: at each write-index load, the largest `write - published read` seen.
 */
import * as layout from './ring-layout.ts';
import { RingEnd } from './ring-end.ts';
import { wakeSleeper } from './ring-wait.ts';

// Module-local copies of the layout constants (why: ring-writer.ts).
const { DEQUEUED_SLOT, ENQUEUED_SLOT, FULL_EVENTS_SLOT, PRODUCER_SLEEPING_SLOT, READ_INDEX_SLOT, WRITE_INDEX_SLOT } = layout;

/** Release batching and the consumer's counters. Consumer thread only. */
export class RingRelease extends RingEnd {
  /** Bytes released between two publishes of the read index (a span walker closes its span after about this many). */
  readonly releaseBatchBytes: number;
  private readonly lazyFlushBytes: number;
  /** FULL_EVENTS_SLOT as seen at the last publish. */
  private fullSeen = 0;
  /** The local read index: everything before it is released. */
  protected read: number;
  protected publishedRead: number;
  protected dequeuedLocal: number;

  /** Attaches to `sab` (TF1004, naming `api`, if it is not a ring) at the published read index. */
  protected constructor(api: string, sab: SharedArrayBuffer) {
    super(api, sab);
    const cap = this.capacityBytes;
    this.releaseBatchBytes = cap >> 2;
    this.lazyFlushBytes = cap >> 4;
    // ORDERING: adopts the published read index (a restarted consumer continues after it).
    this.read = Atomics.load(this.control, READ_INDEX_SLOT);
    this.publishedRead = this.read;
    // ORDERING: adopts this line's own counter.
    this.dequeuedLocal = Atomics.load(this.control, DEQUEUED_SLOT) >>> 0;
  }

  /**
   * Closes the span openSpan opened: `bytes` (whole records from its start) and `records` of it were
   * consumed; they are released as release() does. Allocates nothing.
   */
  closeSpan(bytes: number, records: number): void {
    const r = (this.read + bytes) | 0;
    this.read = r;
    this.dequeuedLocal += records;
    if (((r - this.publishedRead) | 0) >= this.releaseBatchBytes) this.publishRead();
  }

  /** Hands every released byte back to the writer now (one atomic store). */
  flush(): void {
    if (this.read !== this.publishedRead) this.publishRead();
  }

  /**
   * Hands released bytes back only when it matters (see release batching in the file doc): a
   * sixteenth of the ring is unpublished, or the writer is starved or asleep. Call at the end of a
   * drain; cheap when nothing needs publishing.
   */
  flushLazy(): void {
    const r = this.read;
    if (r === this.publishedRead) return;
    if (((r - this.publishedRead) | 0) >= this.lazyFlushBytes) {
      this.publishRead();
      return;
    }
    const c = this.control;
    // ORDERING: observes whether the writer was refused space since our last publish.
    const full = Atomics.load(c, FULL_EVENTS_SLOT);
    // ORDERING: observes whether the writer sleeps in waitForSpace.
    if (full !== this.fullSeen || Atomics.load(c, PRODUCER_SLEEPING_SLOT) !== 0) this.publishRead();
  }

  /** Records released so far (exact for this reader's lifetime; includes unpublished releases). */
  get totalDequeued(): number {
    return this.dequeuedLocal;
  }

  /** Records the writer has published (can be late). */
  get totalEnqueued(): number {
    // ORDERING: observes the producer's published-record count (stored before its write index).
    const e = Atomics.load(this.control, ENQUEUED_SLOT);
    return this.dequeuedLocal + ((e - (this.dequeuedLocal | 0)) >>> 0);
  }

  /** Bytes published and not yet released by this reader (can be late). */
  get approximateSizeBytes(): number {
    // ORDERING: observes the producer's published write index.
    return (Atomics.load(this.control, WRITE_INDEX_SLOT) - this.read) | 0;
  }

  /** Records published and not yet released (can be late). */
  get approximateSizeRecords(): number {
    return this.totalEnqueued - this.dequeuedLocal;
  }

  /** Publishes the read index and the released-record count, and wakes a writer sleeping for space. */
  protected publishRead(): void {
    const r = this.read;
    this.publishedRead = r;
    const c = this.control;
    // ORDERING: full events up to here are answered by this publish.
    this.fullSeen = Atomics.load(c, FULL_EVENTS_SLOT);
    // ORDERING: the count goes with the index it describes; the writer reads it for maxRecords.
    Atomics.store(c, DEQUEUED_SLOT, this.dequeuedLocal | 0);
    // ORDERING: hands the released bytes back to the writer; it reuses them only after loading this.
    Atomics.store(c, READ_INDEX_SLOT, r);
    wakeSleeper(c, PRODUCER_SLEEPING_SLOT, READ_INDEX_SLOT);
  }
}
