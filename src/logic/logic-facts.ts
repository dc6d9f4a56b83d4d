/**
 * The logic worker's recorder (handshake `record: true`): what each tick consumed from outside,
 * written into the command ring after the tick's commands (command-table.ts: INPUT_FACTS,
 * CALLBACK_FACTS) and, last, in the tick's FRAME_END itself (its raw dt, the snapshots it read, its
 * callback count, the incarnation: CommandWriter.frameEnd's facts, format version 4), so the
 * engine's recorder sees them in ring order with the commands. One record per tick more than a
 * run without recording only when the input changed or callbacks came. Exists only when recording:
 * a worker that does not record has no instance and pays nothing.
 *
 * Input: INPUT_FACTS only on ticks whose snapshot differs from the last one written; the first
 * tick of a worker has two, the state its input reader attached with and the tick's own. The input
 * reader's snapshot version makes the usual "nothing changed" O(1); when the version moved (or a
 * change overlapped the copy) the snapshot is compared with the last one written (an engine that
 * sets an unchanged gamepad every frame moves the version without changing the state).
 * Callbacks: the callback reader's tap copies each delivered record's payload into a growable
 * per-tick buffer (grows by doubling; a steady tick allocates nothing).
 */
import type { CallbackReader } from '../protocol/callback-queue.ts';
import type { CommandWriter } from '../protocol/command-writer.ts';
import { INPUT_STATE_SLOTS } from '../protocol/input-state.ts';
import type { InputReader } from '../protocol/input-reader.ts';
import { createTickFacts, type TickFacts } from '../protocol/logic-facts.ts';

/** First size of the per-tick callback copy (grows by doubling). */
const INITIAL_CALLBACK_BYTES = 4096;

/** Writes a tick's facts. Logic thread only; one per worker. */
export class LogicFacts {
  /** Ticks whose facts were written; INPUT_FACTS records written (counters for tests and stats). */
  ticks = 0;
  inputWrites = 0;
  private readonly lastInput = new Int32Array(INPUT_STATE_SLOTS);
  /** The snapshot version of the last INPUT_FACTS written (-1: none yet, or unknown). */
  private lastVersion = -1;
  private wroteInput = false;
  private callbackBytes = new Uint8Array(INITIAL_CALLBACK_BYTES);
  /** Per delivered callback of this tick: its payload's start and length in callbackBytes. */
  private callbackSpans = new Int32Array(64);
  private callbackCount = 0;
  private callbackUsed = 0;
  /** The facts the tick's FRAME_END carries (one object, refilled every tick). */
  private readonly tick: TickFacts = createTickFacts();

  /** Taps `callbacks` (its delivered records are copied from now on). Allocates; once. */
  constructor(callbacks: CallbackReader, incarnation: number) {
    this.tick.incarnation = incarnation;
    callbacks.tap = (u8, off, len) => this.copyCallback(u8, off, len);
  }

  /** Callback records delivered so far in this tick. */
  get callbacksThisTick(): number {
    return this.callbackCount;
  }

  /**
   * Ends tick `tick` through `out` (after its commands): INPUT_FACTS when the input differs from
   * the last written, one CALLBACK_FACTS per callback delivered since the previous tick ended, then
   * the tick's FRAME_END carrying its facts. The next tick's callbacks are copied from empty.
   * Returns what the FRAME_END's write returned.
   */
  endTick(out: CommandWriter, tick: number, rawDt: number, entityFrame: number, cameraFrame: number, input: InputReader): boolean {
    const version = input.snapshotVersion;
    if (!this.wroteInput || version < 0 || version !== this.lastVersion) this.writeInput(out, input, version);
    const count = this.callbackCount;
    if (count !== 0) {
      const spans = this.callbackSpans;
      for (let c = 0; c < count; c++) out.callbackFacts(this.callbackBytes, spans[2 * c]!, spans[2 * c + 1]!);
      this.callbackCount = 0;
      this.callbackUsed = 0;
    }
    const f = this.tick;
    f.rawDt = rawDt;
    f.entityFrame = entityFrame;
    f.cameraFrame = cameraFrame;
    f.callbacks = count;
    this.ticks++;
    return out.frameEnd(tick, f);
  }

  /** INPUT_FACTS when the snapshot differs from the last written (the worker's first: the attach state too). */
  private writeInput(out: CommandWriter, input: InputReader, version: number): void {
    // A worker's first facts start with the input state its reader attached with (its previous
    // snapshot at this first tick): the tick's edges are differences with it, so a replay must
    // attach with the same state (it may hold keys pressed before the worker started).
    if (!this.wroteInput) {
      out.inputFacts(input.previous);
      this.inputWrites++;
    }
    const snap = input.slots;
    const last = this.lastInput;
    let same = this.wroteInput;
    if (same) {
      for (let k = 0; k < INPUT_STATE_SLOTS; k++) {
        if (snap[k] !== last[k]) {
          same = false;
          break;
        }
      }
    }
    if (!same) {
      out.inputFacts(snap);
      last.set(snap);
      this.wroteInput = true;
      this.inputWrites++;
    }
    this.lastVersion = version;
  }

  private copyCallback(u8: Uint8Array, off: number, len: number): void {
    const need = this.callbackUsed + len;
    if (need > this.callbackBytes.length) {
      let size = this.callbackBytes.length * 2;
      while (size < need) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.callbackBytes);
      this.callbackBytes = grown;
    }
    if (2 * this.callbackCount + 2 > this.callbackSpans.length) {
      const grown = new Int32Array(this.callbackSpans.length * 2);
      grown.set(this.callbackSpans);
      this.callbackSpans = grown;
    }
    const dst = this.callbackBytes;
    const at = this.callbackUsed;
    for (let k = 0; k < len; k++) dst[at + k] = u8[off + k]!;
    this.callbackSpans[2 * this.callbackCount] = at;
    this.callbackSpans[2 * this.callbackCount + 1] = len;
    this.callbackCount++;
    this.callbackUsed = need;
  }
}
