/**
 * The engine side of the CallbackQueue with backpressure (non-negotiable 2): every callback is
 * written as a callback record through a SpillingRingWriter (src/shared-memory/ring-spill.ts) in
 * front of the queue's ring, so it goes into the ring at once while nothing waits, and into the
 * ring's spill area, in order, once the ring is full; `flush()` (once per frame, phase 3) copies
 * the spilled records into the ring first, within the frame's budget (`apply-budget.ts`). Nothing is dropped, and a steady frame allocates
 * nothing (the spill grows by doubling, and records are encoded in place).
 */
import { SpillingRingWriter } from '../shared-memory/ring-spill.ts';
import { CALLBACK_RECORD_TYPE, callbackPayloadBytes, encodeCallback } from '../protocol/callback-queue.ts';
import type { CallbackWriter } from '../protocol/callback-queue.ts';
import { BUDGET_CHECK_INTERVAL, type ApplyBudget } from './apply-budget.ts';

/** Buffers callbacks the ring cannot take yet. Engine thread only. */
export class CallbackOutbox {
  private spill: SpillingRingWriter;
  private maxMessageBytes: number;
  /** Callbacks dropped by retarget (their requester is gone). */
  private discarded = 0;
  /** Callbacks handed to the outbox. */
  accepted = 0;
  /** Times a callback did not fit the ring: a send that started a spill, or a flush that left some waiting. */
  fullEvents = 0;
  /** Most callbacks ever waiting. */
  highWater = 0;

  constructor(writer: CallbackWriter) {
    this.spill = new SpillingRingWriter(writer.ring);
    this.maxMessageBytes = writer.maxMessageBytes;
  }

  /** Sends to a new ring (a restarted worker); whatever waits is discarded (its requester is gone). Returns how many were discarded. */
  retarget(writer: CallbackWriter): number {
    const n = this.spill.discard();
    this.discarded += n;
    this.spill = new SpillingRingWriter(writer.ring);
    this.maxMessageBytes = writer.maxMessageBytes;
    return n;
  }

  /** Callbacks waiting in the spill. */
  get waiting(): number {
    return this.spill.waitingRecords;
  }

  /** Callbacks written into the ring. */
  get delivered(): number {
    return this.accepted - this.spill.waitingRecords - this.discarded;
  }

  /**
   * Sends one callback now, or keeps it (in order) for the next flush. `code` and `message` are a
   * refusal's TFnnnn code and text, both '' on success. Always accepted; allocates nothing.
   */
  send(callbackId: number, resultId: number, type: number, code = '', message = ''): void {
    this.accepted++;
    const s = this.spill;
    const before = s.waitingRecords;
    const off = s.reserve(CALLBACK_RECORD_TYPE, callbackPayloadBytes(message, this.maxMessageBytes));
    encodeCallback(s, off, callbackId, resultId, type, code, message, this.maxMessageBytes);
    s.commit();
    s.publish();
    const waiting = s.waitingRecords;
    if (waiting > before) {
      if (before === 0) this.fullEvents++;
      if (waiting > this.highWater) this.highWater = waiting;
    }
  }

  /**
   * Sends waiting callbacks, in order, until the ring is full or `budget` is spent (checked every
   * BUDGET_CHECK_INTERVAL callbacks); returns how many are still waiting. Allocates nothing.
   */
  flush(budget: ApplyBudget): number {
    const s = this.spill;
    if (s.waitingRecords === 0) return 0;
    budget.begin();
    for (;;) {
      const before = s.waitingRecords;
      const left = s.drain(BUDGET_CHECK_INTERVAL);
      if (left === 0) return 0;
      if (before - left < BUDGET_CHECK_INTERVAL) {
        // The ring is full: the rest goes when the logic has read some.
        this.fullEvents++;
        return left;
      }
      if (budget.expired()) {
        budget.callbackFramesOverBudget++;
        return left;
      }
    }
  }
}
