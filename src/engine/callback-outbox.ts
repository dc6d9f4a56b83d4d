/**
 * The engine side of the CallbackQueue with backpressure (non-negotiable 2): a callback goes into
 * the ring at once while nothing waits; once the ring is full it and every later callback wait in
 * an engine-side overflow, in order, and `flush()` (once per frame, phase 3) sends them first.
 * Nothing is dropped. The overflow is typed arrays plus the error messages (strings that already
 * exist); it grows by doubling, so a steady frame allocates nothing.
 */
import type { CallbackWriter } from '../protocol/callback-queue.ts';

/** Counters of the outbox. */
export interface CallbackOutboxStats {
  /** Callbacks handed to the outbox. */
  readonly accepted: number;
  /** Callbacks written into the ring. */
  readonly delivered: number;
  /** Callbacks waiting in the overflow now. */
  readonly waiting: number;
  /** Times a callback did not fit the ring. */
  readonly fullEvents: number;
  /** Most callbacks ever waiting. */
  readonly highWater: number;
}

/** Buffers callbacks the ring cannot take yet. Engine thread only. */
export class CallbackOutbox {
  private writer: CallbackWriter;
  private ids = new Float64Array(64);
  private results = new Float64Array(64);
  private types = new Int32Array(64);
  private messages: string[] = [];
  private head = 0;
  private tail = 0;
  accepted = 0;
  delivered = 0;
  fullEvents = 0;
  highWater = 0;

  constructor(writer: CallbackWriter) {
    this.writer = writer;
  }

  /** Sends to a new ring (a restarted worker); whatever waits is discarded (its requester is gone). Returns how many were discarded. */
  retarget(writer: CallbackWriter): number {
    const discarded = this.tail - this.head;
    this.writer = writer;
    this.head = this.tail = 0;
    this.messages.length = 0;
    return discarded;
  }

  /** Callbacks waiting in the overflow. */
  get waiting(): number {
    return this.tail - this.head;
  }

  /** Sends one callback now, or keeps it for the next flush. Always accepted. */
  send(callbackId: number, resultId: number, type: number, errorMessage: string): void {
    this.accepted++;
    if (this.head === this.tail && this.writer.enqueue(callbackId, resultId, type, errorMessage)) {
      this.delivered++;
      return;
    }
    if (this.head === this.tail) this.fullEvents++;
    this.keep(callbackId, resultId, type, errorMessage);
  }

  /** Sends waiting callbacks, in order, until the ring is full; returns how many are still waiting. */
  flush(): number {
    while (this.head < this.tail) {
      const i = this.head;
      if (!this.writer.enqueue(this.ids[i]!, this.results[i]!, this.types[i]!, this.messages[i] ?? '')) {
        this.fullEvents++;
        return this.tail - this.head;
      }
      this.messages[i] = '';
      this.head++;
      this.delivered++;
    }
    this.head = this.tail = 0;
    return 0;
  }

  stats(): CallbackOutboxStats {
    return { accepted: this.accepted, delivered: this.delivered, waiting: this.waiting, fullEvents: this.fullEvents, highWater: this.highWater };
  }

  private keep(callbackId: number, resultId: number, type: number, errorMessage: string): void {
    if (this.tail === this.ids.length) this.grow();
    const i = this.tail++;
    this.ids[i] = callbackId;
    this.results[i] = resultId;
    this.types[i] = type;
    this.messages[i] = errorMessage;
    if (this.tail - this.head > this.highWater) this.highWater = this.tail - this.head;
  }

  private grow(): void {
    const n = this.tail - this.head;
    const size = n * 2 > this.ids.length ? this.ids.length * 2 : this.ids.length;
    const ids = new Float64Array(size);
    const results = new Float64Array(size);
    const types = new Int32Array(size);
    ids.set(this.ids.subarray(this.head, this.tail));
    results.set(this.results.subarray(this.head, this.tail));
    types.set(this.types.subarray(this.head, this.tail));
    this.messages = this.messages.slice(this.head, this.tail);
    this.ids = ids;
    this.results = results;
    this.types = types;
    this.head = 0;
    this.tail = n;
  }
}
