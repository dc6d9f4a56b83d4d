/**
 * The flight recorder's window over the recorder log (recorder-log.ts): entries older than the
 * window become compact. Frames keep only their fact and FRAME_END records (what a replay from the
 * incarnation's start needs); keyframes and the engine-side bulk and debug-draw entries (drawing
 * only) go; incarnation and diagnostic entries stay. An old INPUT_FACTS record (the whole input
 * state, ~4.9 KB) becomes an INPUT_DELTA record (the slots that differ from the INPUT_FACTS before
 * it, as slot/value pairs; the same record a recording file stores, recording-input-delta.ts) when
 * that is smaller: a moving mouse costs tens of bytes a tick instead of kilobytes. expandFrame
 * turns them back into INPUT_FACTS when the log is read in order.
 */
import { RECORD_TAG } from '../shared-memory/ring-layout.ts';
import { COMMAND_OPCODES } from '../protocol/command-opcodes.ts';
import { INPUT_STATE_SLOTS } from '../protocol/input-state.ts';
import { INPUT_DELTA_TYPE, INPUT_FACTS_BYTES } from '../protocol/recording-input-delta.ts';
import { ENTRY_BULK, ENTRY_DEBUG, ENTRY_FRAME, ENTRY_HEADER_WORDS, ENTRY_KEYFRAME, GAME_COMMAND } from './recorder-entries.ts';

const INPUT_FACTS = COMMAND_OPCODES.INPUT_FACTS;
const INPUT_FACTS_WORDS = 2 + INPUT_STATE_SLOTS + (INPUT_STATE_SLOTS & 1);

/** Words a ring record of `len` payload bytes takes in the log. */
function recordWords(len: number): number {
  return 2 + (((len + 7) & -8) >> 2);
}

/** The trim state of one log. Engine thread only. */
export class RecorderWindow {
  /** Entries before this word offset were trimmed already (trim starts here). */
  private trimmedEnd = 0;
  /** The input state as of the last INPUT_FACTS trim compacted (what the next INPUT_DELTA is taken against). */
  private readonly trimInput = new Int32Array(INPUT_STATE_SLOTS);
  /** An INPUT_DELTA under construction (slot/value pairs). */
  private readonly delta = new Int32Array(2 * INPUT_STATE_SLOTS);

  /** The log was emptied. */
  reset(): void {
    this.trimmedEnd = 0;
    this.trimInput.fill(0);
  }

  /**
   * Compacts the entries of `i[0..used)` before the first frame at or after `cutoffMs` (see the
   * module comment), moving the rest down in place (no allocation); returns the words now used.
   */
  trim(i: Int32Array, used: number, cutoffMs: number): number {
    let r = this.trimmedEnd;
    let w = r;
    while (r < used) {
      const kind = i[r]!;
      const words = i[r + 1]!;
      if (kind === ENTRY_FRAME && i[r + 7]! >= cutoffMs) break;
      if (kind === ENTRY_KEYFRAME || kind === ENTRY_BULK || kind === ENTRY_DEBUG) {
        r += words;
        continue;
      }
      if (kind !== ENTRY_FRAME) {
        if (w !== r) i.copyWithin(w, r, r + words);
        w += words;
        r += words;
        continue;
      }
      // A frame: header, then only the records that are not game commands.
      const h = w;
      if (w !== r) i.copyWithin(w, r, r + ENTRY_HEADER_WORDS);
      w += ENTRY_HEADER_WORDS;
      let q = r + ENTRY_HEADER_WORDS;
      const end = r + words;
      while (q < end) {
        const len = i[q]!;
        const recWords = recordWords(len);
        const type = i[q + 1]! & 0xffff;
        if (type === INPUT_FACTS && len === INPUT_FACTS_BYTES) {
          w = this.compactInput(i, q, w, recWords);
        } else if (GAME_COMMAND[type & 0xff] !== 1 || type > 0x3ff) {
          if (w !== q) i.copyWithin(w, q, q + recWords);
          w += recWords;
        }
        q += recWords;
      }
      i[h + 1] = w - h;
      i[h + 6] = (w - h - ENTRY_HEADER_WORDS) * 4;
      r = end;
    }
    if (w !== r) i.copyWithin(w, r, used);
    this.trimmedEnd = w;
    return used - (r - w);
  }

  /**
   * Writes the INPUT_FACTS record at word `q` back at word `w` (<= q) as an INPUT_DELTA against the
   * previous one when that is smaller, else as it is; returns the new write position.
   */
  private compactInput(i: Int32Array, q: number, w: number, recWords: number): number {
    const prev = this.trimInput;
    const d = this.delta;
    const base = q + 2;
    let n = 0;
    for (let k = 0; k < INPUT_STATE_SLOTS; k++) {
      const v = i[base + k]!;
      if (v !== prev[k]) {
        d[n++] = k;
        d[n++] = v;
        prev[k] = v;
      }
    }
    const deltaWords = 2 + n + (n & 1);
    if (deltaWords >= recWords) {
      if (w !== q) i.copyWithin(w, q, q + recWords);
      return w + recWords;
    }
    // The delta is shorter than the record it replaces, so writing it at w <= q overwrites only
    // words of this record already read (into prev and d).
    i[w] = n * 4;
    i[w + 1] = (RECORD_TAG << 16) | INPUT_DELTA_TYPE;
    for (let k = 0; k < n; k++) i[w + 2 + k] = d[k]!;
    if ((n & 1) === 1) i[w + 2 + n] = 0;
    return w + deltaWords;
  }
}

/**
 * The ring records of the FRAME entry at word `at` of `log` with every INPUT_DELTA
 * turned back into INPUT_FACTS, or null when the frame holds no INPUT_DELTA (use its bytes as they
 * are). `state` is the input state as of the entries read before, in log order, from the log's
 * start (zeros there); it is updated by the frame's input records. Allocates only for a frame with a delta.
 */
export function expandFrame(log: { readonly i32: Int32Array }, at: number, state: Int32Array): Uint8Array | null {
  const i = log.i32;
  const start = at + ENTRY_HEADER_WORDS;
  const end = at + i[at + 1]!;
  let deltas = 0;
  for (let q = start; q < end;) {
    const len = i[q]!;
    const type = i[q + 1]! & 0xffff;
    if (type === INPUT_FACTS && len === INPUT_FACTS_BYTES) {
      if (deltas === 0) for (let k = 0; k < INPUT_STATE_SLOTS; k++) state[k] = i[q + 2 + k]!;
    } else if (type === INPUT_DELTA_TYPE) {
      deltas++;
    }
    q += recordWords(len);
  }
  if (deltas === 0) return null;
  // A frame with deltas: rebuilt in order (the first pass stopped following the state at its first delta).
  const out = new Int32Array(end - start + deltas * INPUT_FACTS_WORDS);
  let w = 0;
  let seen = 0;
  for (let q = start; q < end;) {
    const len = i[q]!;
    const recWords = recordWords(len);
    const type = i[q + 1]! & 0xffff;
    if (type === INPUT_DELTA_TYPE) {
      seen++;
      for (let k = 0; k < len >> 2; k += 2) state[i[q + 2 + k]!] = i[q + 3 + k]!;
      out[w] = INPUT_FACTS_BYTES;
      out[w + 1] = (RECORD_TAG << 16) | INPUT_FACTS;
      out.set(state, w + 2);
      w += INPUT_FACTS_WORDS;
    } else {
      // A full INPUT_FACTS after this frame's first delta moves the state on (before it, pass one did).
      if (seen > 0 && type === INPUT_FACTS && len === INPUT_FACTS_BYTES) for (let k = 0; k < INPUT_STATE_SLOTS; k++) state[k] = i[q + 2 + k]!;
      out.set(i.subarray(q, q + recWords), w);
      w += recWords;
    }
    q += recWords;
  }
  return new Uint8Array(out.buffer, 0, w * 4);
}
