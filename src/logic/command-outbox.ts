/**
 * The logic side of the RenderCommandQueue with backpressure (non-negotiable 2): a CommandWriter
 * whose records go through the ring's spill (shared-memory/ring-spill.ts). Every command goes
 * straight into the ring while it has room; once one does not fit, it and every later command wait
 * in the spill, in the ring's own framing and in order, and `drainOverflow()` copies them raw into
 * the ring as space frees (at the start of each logic frame and before publishing). Nothing is
 * dropped, and every command method returns true (accepted).
 *
 * The spill grows by doubling (an allocation only under backpressure); in a steady frame nothing
 * allocates. The API style (`apiStyle`) is part of each record's type, so it survives the spill.
 */
import { CommandWriter } from '../protocol/command-writer.ts';
import type { SpillingRingWriter } from '../shared-memory/ring-spill.ts';

/** The RenderCommandQueue's producer end with the spill. Logic thread only. */
export class CommandOutbox extends CommandWriter {
  private readonly spilling: SpillingRingWriter;

  /** Writes into the command ring in `sab` (createCommandQueueBuffer); throws TF1004/TF2006 for a wrong buffer. */
  constructor(sab: SharedArrayBuffer) {
    super(sab, true);
    this.spilling = this.spill!;
  }

  /** Commands waiting in the spill (FRAME_END records included). */
  get overflowCount(): number {
    return this.spilling.waitingRecords;
  }

  /** Commands that went through the spill so far (a counter; mirrored to the control block's OVERFLOW_EVENTS). */
  get overflowEventCount(): number {
    return this.spilling.spilledRecords;
  }

  /**
   * Copies as many waiting commands as fit into the ring, in order, and publishes them; returns
   * how many remain. Call at the start of a logic frame and before publishing.
   */
  drainOverflow(): number {
    return this.drainSpill();
  }
}
