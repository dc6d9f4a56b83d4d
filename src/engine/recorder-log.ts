/**
 * The engine recorder's in-memory log (recorder.ts): one growable Int32 arena of entries, each an
 * 8-word header and a payload, appended per engine frame without allocating (the arena grows by
 * doubling, then is reused). It is also the command drain's tap (CommandTap): every raw ring record
 * the drain takes is copied into the open frame entry.
 *
 * ```
 *  entry header (Int32 words)
 *   0 kind (ENTRY_*)   1 entry words (header included)   2 engine frame   3 incarnation
 *   4 FRAME/KEYFRAME: position (game-command records of the incarnation after the frame)
 *     INCARNATION: reason (0 start, 1 restart, 2 reload)   DIAGNOSTIC: logic tick
 *   5 FRAME: stateHash   KEYFRAME: entity bytes   DIAGNOSTIC: code bytes
 *   6 payload bytes    7 FRAME/INCARNATION: time in ms since the recorder started
 *                        KEYFRAME: camera bytes   DIAGNOSTIC: severity bytes
 *  payload: FRAME: the ring records as taken (framing kept); KEYFRAME: the entity then the camera
 *  region (16 header words + records of slots 0..HIGH-1); DIAGNOSTIC: UTF-8 code, severity, message.
 * ```
 * The flight recorder trims it (trim): frames older than its window keep only their fact and
 * FRAME_END records (what a replay from the incarnation's start needs), older keyframes go, and an
 * old INPUT_FACTS record (the whole input state, ~4.9 KB) becomes a log-private INPUT_DELTA record
 * (the slots that differ from the INPUT_FACTS before it, as slot/value pairs) when that is smaller:
 * a moving mouse costs tens of bytes a tick instead of kilobytes. expandFrame turns them back into
 * INPUT_FACTS when the log is read in order.
 */
import { COMMAND_SPECS } from '../protocol/command-table.ts';
import type { CommandTap } from '../protocol/command-reader.ts';
import { encodeUtf8Into, utf8EncodedLength } from '../protocol/string-codec.ts';
import { ENGINE_FRAME_WORD, HIGH_WORD, LIVE_WORD, LOGIC_TICK_WORD, REGION_HEADER_WORDS } from '../shared-memory/state-layout.ts';
import { RECORD_TAG } from '../shared-memory/ring-layout.ts';
import { COMMAND_OPCODES } from '../protocol/command-opcodes.ts';
import { INPUT_STATE_SLOTS } from '../protocol/input-state.ts';

export const ENTRY_FRAME = 1;
export const ENTRY_KEYFRAME = 2;
export const ENTRY_INCARNATION = 3;
export const ENTRY_DIAGNOSTIC = 4;
export const ENTRY_HEADER_WORDS = 8;
/** Incarnation reasons by their header value. */
export const INCARNATION_REASONS = ['start', 'restart', 'reload'] as const;

/** 1 for each record type whose opcode is a game command (what `position` counts), by the type's low byte. */
const GAME_COMMAND = new Uint8Array(256);
for (let op = 1; op < COMMAND_SPECS.length; op++) {
  const spec = COMMAND_SPECS[op];
  if (spec !== undefined && spec.target !== 'frame' && spec.target !== 'facts') GAME_COMMAND[op] = 1;
}

const INPUT_FACTS = COMMAND_OPCODES.INPUT_FACTS;
/** Record type of the log-private input delta (never in a ring or a file: expandFrame restores INPUT_FACTS). */
export const INPUT_DELTA_TYPE = 0xff1d;
const INPUT_FACTS_BYTES = INPUT_STATE_SLOTS * 4;
const INPUT_FACTS_WORDS = 2 + INPUT_STATE_SLOTS + (INPUT_STATE_SLOTS & 1);

/** What a keyframe copies: a StateWriter's working copy (records of slot s at workBase + s * strideWords). */
export interface KeyframeSource {
  readonly i32: Int32Array;
  readonly workBase: number;
  readonly strideWords: number;
  readonly high: number;
  readonly live: number;
}

const INITIAL_WORDS = 64 * 1024;

/** The arena. Engine thread only. */
export class RecorderLog implements CommandTap {
  i32: Int32Array;
  u8: Uint8Array;
  /** Words in use. */
  used = 0;
  /** Game-command records taken in the current incarnation (the position). */
  position = 0;
  /** Records taken so far (all kinds). */
  records = 0;
  /** Bytes allocated by the arena's growth so far (what a heap test allows for). */
  grownBytes = 0;
  /** Word offset of the open frame's header, or -1. */
  private open = -1;
  /** The input state as of the last INPUT_FACTS trim compacted (what the next INPUT_DELTA is taken against). */
  private readonly trimInput = new Int32Array(INPUT_STATE_SLOTS);
  /** An INPUT_DELTA under construction (slot/value pairs). */
  private readonly delta = new Int32Array(2 * INPUT_STATE_SLOTS);
  /** Entries before this word offset were trimmed already (trim starts here). */
  private trimmedEnd = 0;

  constructor(initialWords = INITIAL_WORDS) {
    this.i32 = new Int32Array(initialWords);
    this.u8 = new Uint8Array(this.i32.buffer);
  }

  /** Bytes in use. */
  get bytes(): number {
    return this.used * 4;
  }

  /** Drops every entry (keeps the arena). */
  clear(): void {
    this.used = 0;
    this.trimmedEnd = 0;
    this.open = -1;
    this.trimInput.fill(0);
  }

  /** Makes room for `words` more words (doubling; the only allocation). */
  private reserve(words: number): void {
    const need = this.used + words;
    if (need <= this.i32.length) return;
    let size = this.i32.length * 2;
    while (size < need) size *= 2;
    const grown = new Int32Array(size);
    this.grownBytes += size * 4;
    grown.set(this.i32.subarray(0, this.used));
    this.i32 = grown;
    this.u8 = new Uint8Array(grown.buffer);
  }

  /** Opens the frame entry the drain's records go into. */
  beginFrame(): void {
    if (this.open >= 0) return;
    this.reserve(ENTRY_HEADER_WORDS);
    this.open = this.used;
    this.used += ENTRY_HEADER_WORDS;
  }

  /** CommandTap: copies one raw ring record (framing included) into the open frame. Allocation-free but for growth. */
  record(src: Int32Array, wordStart: number, words: number): void {
    if (this.open < 0) this.beginFrame();
    this.reserve(words);
    const dst = this.i32;
    let at = this.used;
    const end = wordStart + words;
    for (let k = wordStart; k < end; k++) dst[at++] = src[k]!;
    this.used = at;
    this.records++;
    const type = src[wordStart + 1]! & 0xffff;
    if (GAME_COMMAND[type & 0xff] === 1 && type <= 0x3ff) this.position++;
  }

  /**
   * Closes the open frame after the apply phase (opening an empty one if none): its number,
   * incarnation and time; returns its header's word offset for {@link setStateHash} after the
   * publish. Entries appended later (diagnostics of the frame) follow it.
   */
  closeFrame(frame: number, incarnation: number, timeMs: number): number {
    if (this.open < 0) this.beginFrame();
    const h = this.open;
    const i = this.i32;
    i[h] = ENTRY_FRAME;
    i[h + 1] = this.used - h;
    i[h + 2] = frame;
    i[h + 3] = incarnation;
    i[h + 4] = this.position;
    i[h + 5] = 0;
    i[h + 6] = (this.used - h - ENTRY_HEADER_WORDS) * 4;
    i[h + 7] = timeMs | 0;
    this.open = -1;
    return h;
  }

  /** Sets the state hash of the frame whose header is at `h` (closeFrame's result; before any trim). */
  setStateHash(h: number, stateHash: number): void {
    this.i32[h + 5] = stateHash | 0;
  }

  /** Appends an incarnation event; a new incarnation counts its position from 0. */
  incarnation(frame: number, incarnation: number, reason: number, timeMs: number): void {
    this.position = 0;
    this.header(ENTRY_INCARNATION, frame, incarnation, reason, 0, 0, timeMs);
  }

  /** Appends a keyframe: the working copies of the entity and camera state (header words rebuilt for it). */
  keyframe(frame: number, incarnation: number, lastTick: number, entities: KeyframeSource, cameras: KeyframeSource): void {
    const ew = REGION_HEADER_WORDS + entities.high * entities.strideWords;
    const cw = REGION_HEADER_WORDS + cameras.high * cameras.strideWords;
    this.reserve(ENTRY_HEADER_WORDS + ew + cw);
    const h = this.header(ENTRY_KEYFRAME, frame, incarnation, this.position, ew * 4, (ew + cw) * 4, cw * 4);
    let at = h + ENTRY_HEADER_WORDS;
    at = this.region(at, entities, frame, lastTick);
    this.region(at, cameras, frame, lastTick);
    this.used = h + ENTRY_HEADER_WORDS + ew + cw;
    this.i32[h + 1] = this.used - h;
  }

  /** Appends a diagnostic (its strings encoded in place: no allocation). */
  diagnostic(frame: number, incarnation: number, tick: number, code: string, severity: string, message: string): void {
    const max = 64 * 1024;
    const cb = utf8EncodedLength(code, 64);
    const sb = utf8EncodedLength(severity, 64);
    const mb = utf8EncodedLength(message, max);
    const total = cb + sb + mb;
    const words = (total + 3) >> 2;
    this.reserve(ENTRY_HEADER_WORDS + words);
    const h = this.header(ENTRY_DIAGNOSTIC, frame, incarnation, tick, cb, total, sb);
    const at = (h + ENTRY_HEADER_WORDS) * 4;
    encodeUtf8Into(code, this.u8, at, 64);
    encodeUtf8Into(severity, this.u8, at + cb, 64);
    encodeUtf8Into(message, this.u8, at + cb + sb, max);
    this.used = h + ENTRY_HEADER_WORDS + words;
    this.i32[h + 1] = this.used - h;
  }

  private header(kind: number, frame: number, incarnation: number, a: number, b: number, payloadBytes: number, c: number): number {
    // Never inside an open frame's records: the frame is closed first (its records so far are its own).
    if (this.open >= 0) this.closeFrame(frame, incarnation, 0);
    this.reserve(ENTRY_HEADER_WORDS);
    const h = this.used;
    const i = this.i32;
    i[h] = kind; i[h + 1] = ENTRY_HEADER_WORDS; i[h + 2] = frame; i[h + 3] = incarnation;
    i[h + 4] = a; i[h + 5] = b; i[h + 6] = payloadBytes; i[h + 7] = c;
    this.used = h + ENTRY_HEADER_WORDS;
    return h;
  }

  private region(at: number, s: KeyframeSource, frame: number, lastTick: number): number {
    const i = this.i32;
    i.fill(0, at, at + REGION_HEADER_WORDS);
    i[at + ENGINE_FRAME_WORD] = frame;
    i[at + LOGIC_TICK_WORD] = lastTick;
    i[at + LIVE_WORD] = s.live;
    i[at + HIGH_WORD] = s.high;
    const n = s.high * s.strideWords;
    i.set(s.i32.subarray(s.workBase, s.workBase + n), at + REGION_HEADER_WORDS);
    return at + REGION_HEADER_WORDS + n;
  }

  /**
   * The flight window: entries before the first frame at or after `cutoffMs` become compact (frames
   * keep only their fact and FRAME_END records, keyframes go; incarnation and diagnostic entries
   * stay). Moves the rest down in place (no allocation). Call between frames.
   */
  trim(cutoffMs: number): void {
    if (this.open >= 0) return;
    const i = this.i32;
    let r = this.trimmedEnd;
    let w = r;
    while (r < this.used) {
      const kind = i[r]!;
      const words = i[r + 1]!;
      if (kind === ENTRY_FRAME && i[r + 7]! >= cutoffMs) break;
      if (kind === ENTRY_KEYFRAME) {
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
        const recWords = 2 + (((len + 7) & -8) >> 2);
        const type = i[q + 1]! & 0xffff;
        if (type === INPUT_FACTS && len === INPUT_FACTS_BYTES) {
          w = this.compactInput(q, w, recWords);
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
    if (w !== r) i.copyWithin(w, r, this.used);
    this.used -= r - w;
    this.trimmedEnd = w;
  }

  /** Word offset where the closed entries end (the open frame, if any, starts there). */
  get closedEnd(): number {
    return this.closedEndWord();
  }

  private closedEndWord(): number {
    return this.open >= 0 ? this.open : this.used;
  }

  /**
   * Writes the INPUT_FACTS record at word `q` back at word `w` (<= q) as an INPUT_DELTA against the
   * previous one when that is smaller, else as it is; returns the new write position.
   */
  private compactInput(q: number, w: number, recWords: number): number {
    const i = this.i32;
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

  /** Visits every closed entry from word `from` (an entry's start): `visit(wordOffset)`; read the header words through `i32`. */
  forEachEntry(from: number, visit: (at: number) => void): void {
    const i = this.i32;
    let at = from;
    const end = this.closedEnd;
    while (at < end) {
      visit(at);
      at += i[at + 1]!;
    }
  }
}

/**
 * The ring records of the FRAME entry at word `at` of `log` with every INPUT_DELTA turned back into
 * INPUT_FACTS, or null when the frame holds no INPUT_DELTA (use its bytes as they are). `state` is
 * the input state as of the entries read before, in log order, from the log's start (zeros there);
 * it is updated by the frame's input records. Allocates only for a frame with a delta.
 */
export function expandFrame(log: RecorderLog, at: number, state: Int32Array): Uint8Array | null {
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
    q += 2 + (((len + 7) & -8) >> 2);
  }
  if (deltas === 0) return null;
  // A frame with deltas: rebuilt in order (the first pass stopped following the state at its first delta).
  const words = end - start + deltas * INPUT_FACTS_WORDS;
  const out = new Int32Array(words);
  let w = 0;
  let seen = 0;
  for (let q = start; q < end;) {
    const len = i[q]!;
    const recWords = 2 + (((len + 7) & -8) >> 2);
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
