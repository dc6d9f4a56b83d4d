/**
 * The replay driver's staging of the replayed worker's output (replay-session.ts): every record the
 * worker writes is copied out of its command ring into a growable log, to be applied when the
 * recorded engine frame that applied it comes; with verification each game command is compared
 * with the recorded one at the same position as it is staged.
 */
import { RECORD_ALIGN_BYTES, RECORD_TAG } from '../shared-memory/ring-layout.ts';
import type { RingReader } from '../shared-memory/ring-reader.ts';
import { describeRecord, isFrameEnd, isGameCommand, recordWords } from '../engine/replay-commands.ts';
import type { PlannedIncarnation } from './replay-plan.ts';

/** A growable log of ring-framed records (the replayed worker's output, staged before it is applied). */
export class StagedRecords {
  words = new Int32Array(1 << 14);
  length = 0;
  /** Word offset of the next record to apply. */
  read = 0;

  ensure(extra: number): void {
    if (this.length + extra <= this.words.length) return;
    // Applied records are dropped first; the buffer doubles only when that is not enough.
    if (this.read > 0) {
      this.words.copyWithin(0, this.read, this.length);
      this.length -= this.read;
      this.read = 0;
    }
    if (this.length + extra > this.words.length) {
      const grown = new Int32Array(Math.max(this.words.length * 2, this.length + extra));
      grown.set(this.words.subarray(0, this.length));
      this.words = grown;
    }
  }
}


/** The staged records of the running incarnation and what staging found. */
export class CommandStaging {
  readonly records = new StagedRecords();
  /** Game commands of the current incarnation staged (compared) so far. */
  stagedCommands = 0;
  /** The tick of the last FRAME_END staged (the worker's tick is complete a few stores later). */
  frameEndTick = -1;
  /** A divergence seen in a tick's commands (reported once the tick completed). */
  pending: { tick: number; detail: string } | null = null;

  constructor(private readonly verify: boolean) {}

  /** A new incarnation: nothing staged. */
  reset(): void {
    this.records.length = 0;
    this.records.read = 0;
    this.stagedCommands = 0;
    this.frameEndTick = -1;
  }

  /** Stages every record the worker has published, comparing each game command with the recorded one. */
  stage(ring: RingReader, inc: PlannedIncarnation, tick: number): void {
    const s = this.records;
    for (;;) {
      const type = ring.tryRead();
      if (type < 0) break;
      const len = ring.length;
      const n = 2 + (((len + RECORD_ALIGN_BYTES - 1) & -RECORD_ALIGN_BYTES) >> 2);
      s.ensure(n);
      const w = s.words;
      const at = s.length;
      w[at] = len;
      w[at + 1] = (RECORD_TAG << 16) | type;
      const src = ring.i32;
      const from = ring.offset >> 2;
      for (let i = 2; i < n; i++) w[at + i] = src[from + i - 2]!;
      s.length += n;
      ring.release();
      if (isFrameEnd(type)) this.frameEndTick = w[at + 2]!;
      else if (isGameCommand(type)) {
        const k = this.stagedCommands++;
        if (this.verify && this.pending === null && !sameCommand(inc, k, w, at, n)) {
          this.pending = { tick, detail: `tick ${tick} wrote game command ${k + 1} of its incarnation differently from the recording: ${describeRecord(inc.commands, inc.commandAt[k]!)} was recorded, ${describeRecord(w, at)} replayed` };
        }
      }
    }
    ring.flush();
  }
}

/** Whether the replayed command at word `at` (n words) equals the recorded command at position `k` (true when the recording lacks it). */
function sameCommand(inc: PlannedIncarnation, k: number, w: Int32Array, at: number, n: number): boolean {
  if (k >= inc.commandAt.length) return true;
  const q = inc.commandAt[k]!;
  if (q < 0) return true;
  const r = inc.commands;
  if (recordWords(r, q) !== n) return false;
  for (let i = 0; i < n; i++) if (r[q + i] !== w[at + i]) return false;
  return true;
}

