/**
 * The engine recorder's in-memory log (recorder.ts): one growable Int32 arena of entries (layout
 * in recorder-entries.ts), appended per engine frame without allocating (the arena grows by
 * doubling, then is reused). It is also the command drain's tap (CommandTap): every raw ring record
 * the drain takes is copied into the open frame entry. The flight recorder trims it to its window
 * (recorder-window.ts). A flight file being written pins the arena (pin/release): while pinned,
 * the entries it froze are never rewritten in place (trim waits; clear starts a fresh arena and
 * leaves the old one to the writer), so freezing the log at an error costs no copy.
 */
import type { CommandTap } from '../protocol/command-reader.ts';
import { encodeUtf8Into, utf8EncodedLength } from '../protocol/string-codec.ts';
import { ENGINE_FRAME_WORD, HIGH_WORD, LIVE_WORD, LOGIC_TICK_WORD, REGION_HEADER_WORDS } from '../shared-memory/state-layout.ts';
import {
  ENTRY_BUNDLE, ENTRY_DIAGNOSTIC, ENTRY_FRAME, ENTRY_HEADER_WORDS, ENTRY_INCARNATION, ENTRY_KEYFRAME, GAME_COMMAND, type KeyframeSource, type LogSnapshot,
} from './recorder-entries.ts';
import { RecorderWindow } from './recorder-window.ts';
import type { RecordedBundle } from '../protocol/recording.ts';

const INITIAL_WORDS = 64 * 1024;

/**
 * The byte length an arena reserves for growth in place (address space only: pages are committed
 * as it grows). Past it the log moves to a new arena with twice the reserve, one copy.
 */
export const ARENA_RESERVE_BYTES = 1 << 30;

/** Whether this platform has resizable ArrayBuffers (ES2024: Node 20, Chrome 111, Firefox 128, Safari 16.4). */
const RESIZABLE = typeof (ArrayBuffer.prototype as { resize?: unknown }).resize === 'function';

/**
 * A new arena of `words` words able to grow in place up to `reserveBytes` (a resizable ArrayBuffer
 * and a length-tracking view; a fixed one where ArrayBuffers cannot resize, or where the platform
 * refuses the reserve: V8 refuses a maxByteLength past its limit, and a 32-bit or memory-tight
 * browser may refuse 1 GiB of address space; the log then grows by copying, as it did before).
 */
export function recorderArena(words: number, reserveBytes = ARENA_RESERVE_BYTES): Int32Array {
  if (RESIZABLE) {
    try {
      return new Int32Array(new ArrayBuffer(words * 4, { maxByteLength: Math.max(words * 4, reserveBytes) }));
    } catch {
      // RangeError: the reserve was refused; a fixed arena below.
    }
  }
  return new Int32Array(words);
}

/** The arena. Engine thread only. */
export class RecorderLog implements CommandTap {
  /** The arena's words, and the same memory as bytes (both replaced when it grows). */
  i32: Int32Array;
  u8: Uint8Array;
  /** Word offset of the open frame's header, or -1. */
  private open = -1;
  private readonly window = new RecorderWindow();
  /** Words in use. */
  used = 0;
  /** Game-command records taken in the current incarnation (the position), and records taken so far (all kinds). */
  position = 0;
  records = 0;
  /** Bytes allocated by the arena's growth so far (what a heap test allows for). */
  grownBytes = 0;
  /** The game URL whose bundle was appended last ('' once a flight log starts over). */
  bundleUrl = '';
  /** Snapshots of the current arena not released yet (flight files being encoded). */
  private pins = 0;

  /** `reserveBytes`: how far the arena grows in place before it moves (ARENA_RESERVE_BYTES; tests use less). */
  constructor(initialWords = INITIAL_WORDS, private readonly reserveBytes = ARENA_RESERVE_BYTES) {
    this.i32 = recorderArena(initialWords, reserveBytes);
    this.u8 = new Uint8Array(this.i32.buffer);
  }

  /** Bytes in use. */
  get bytes(): number {
    return this.used * 4;
  }

  /** Whether a snapshot of the current arena is being read (trim waits until it is released). */
  get pinned(): boolean {
    return this.pins > 0;
  }

  /** Freezes the closed entries as they are now: they stay unchanged until {@link release}. Allocates the view (error path). */
  pin(): LogSnapshot {
    this.pins++;
    return { i32: this.i32, u8: this.u8, end: this.closedEnd };
  }

  /** The reader of a snapshot of `arena` (its `i32`) is done with it. */
  release(arena: Int32Array): void {
    if (arena === this.i32 && this.pins > 0) this.pins--;
  }

  /** Drops every entry (keeps the arena, or, while it is pinned, leaves it to its readers and starts a fresh one). */
  clear(): void {
    if (this.pins > 0) this.replaceArena(recorderArena(INITIAL_WORDS, this.reserveBytes));
    this.used = 0;
    this.open = -1;
    this.window.reset();
  }

  /**
   * Makes room for `words` more words (doubling; the only allocation). Within the arena's reserve
   * the buffer is resized in place: its views track it and nothing is copied (a copy of a big log
   * during a command flood cost thousands of page faults and 10-17 ms frames; in place, the new
   * pages only). Past the reserve (or without resizable buffers) a new arena takes a copy.
   */
  private reserve(words: number): void {
    const need = this.used + words;
    if (need <= this.i32.length) return;
    let size = this.i32.length * 2;
    while (size < need) size *= 2;
    const buffer = this.i32.buffer as ArrayBuffer;
    if (buffer.resizable && size * 4 <= buffer.maxByteLength) {
      this.grownBytes += size * 4 - buffer.byteLength;
      buffer.resize(size * 4);
      return;
    }
    const grown = recorderArena(size, Math.max(this.reserveBytes, buffer.maxByteLength * 2));
    grown.set(this.i32.subarray(0, this.used));
    this.replaceArena(grown);
  }

  /** Makes `arena` the log's (a pinned old one stays with its readers, unchanged). */
  private replaceArena(arena: Int32Array): void {
    this.grownBytes += arena.byteLength;
    this.i32 = arena;
    this.u8 = new Uint8Array(arena.buffer);
    this.pins = 0;
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

  /**
   * Appends a keyframe: the working copies of the entity and camera state (header words rebuilt for
   * it), then the debug-draw set drawn now (`debug[0..debugWords)`).
   */
  keyframe(frame: number, incarnation: number, lastTick: number, entities: KeyframeSource, cameras: KeyframeSource, debug: Int32Array, debugWords: number): void {
    const ew = REGION_HEADER_WORDS + entities.high * entities.strideWords;
    const cw = REGION_HEADER_WORDS + cameras.high * cameras.strideWords;
    this.reserve(ENTRY_HEADER_WORDS + ew + cw + debugWords);
    const h = this.header(ENTRY_KEYFRAME, frame, incarnation, this.position, ew * 4, (ew + cw + debugWords) * 4, cw * 4);
    let at = h + ENTRY_HEADER_WORDS;
    at = this.region(at, entities, frame, lastTick);
    at = this.region(at, cameras, frame, lastTick);
    this.i32.set(debug.subarray(0, debugWords), at);
    this.used = at + debugWords;
    this.i32[h + 1] = this.used - h;
  }

  /**
   * Appends an entry of `kind` (ENTRY_BULK or ENTRY_DEBUG) whose payload is `words` words the
   * caller writes at the returned word offset (reserved; `this.i32` is final until the next append).
   */
  words(kind: number, frame: number, incarnation: number, words: number, timeMs: number): number {
    this.reserve(ENTRY_HEADER_WORDS + words);
    const h = this.header(kind, frame, incarnation, 0, 0, words * 4, timeMs);
    this.used = h + ENTRY_HEADER_WORDS + words;
    this.i32[h + 1] = ENTRY_HEADER_WORDS + words;
    return h + ENTRY_HEADER_WORDS;
  }

  /**
   * Ends the entry `words` opened (its payload at word `payloadAt`) at word `end` instead (the
   * caller wrote less than it reserved); an entry left empty is dropped.
   */
  endEntry(payloadAt: number, end: number): void {
    const h = payloadAt - ENTRY_HEADER_WORDS;
    if (end === payloadAt) {
      this.used = h;
      return;
    }
    this.used = end;
    this.i32[h + 1] = end - h;
    this.i32[h + 6] = (end - payloadAt) * 4;
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

  /**
   * Appends the game bundle at `gameUrl` (`bundleOf`'s: a watched run) for the incarnation that
   * starts, unless it is the last one appended (a restart on the same code; `bundleUrl`).
   */
  bundleOf(frame: number, incarnation: number, gameUrl: string, bundleOf: ((url: string) => RecordedBundle | undefined) | undefined, timeMs: number): void {
    if (gameUrl === this.bundleUrl) return;
    const b = bundleOf?.(gameUrl);
    if (b === undefined) return;
    this.bundleUrl = gameUrl;
    this.bundle(frame, incarnation, b.hash, b.name, b.bytes, timeMs);
  }

  /** Appends a game bundle (`hash`: SHA-256 hex, `name`: its file name). */
  bundle(frame: number, incarnation: number, hash: string, name: string, bytes: Uint8Array, timeMs: number): void {
    const hb = utf8EncodedLength(hash, 64);
    const nb = utf8EncodedLength(name, 256);
    const total = hb + nb + bytes.byteLength;
    this.reserve(ENTRY_HEADER_WORDS + ((total + 3) >> 2));
    const h = this.header(ENTRY_BUNDLE, frame, incarnation, hb, nb, total, timeMs);
    const at = (h + ENTRY_HEADER_WORDS) * 4;
    encodeUtf8Into(hash, this.u8, at, 64);
    encodeUtf8Into(name, this.u8, at + hb, 256);
    this.u8.set(bytes, at + hb + nb);
    this.used = h + ENTRY_HEADER_WORDS + ((total + 3) >> 2);
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
   * The flight window at `nowMs`, keeping `windowMs` (trim); past `maxBytes` it shrinks to nothing
   * (facts stay, commands and keyframes go); if the facts alone pass it and nothing is `streaming`,
   * the log starts over: returns true then.
   */
  keepWindow(nowMs: number, windowMs: number, maxBytes: number, streaming: boolean): boolean {
    this.trim(nowMs - windowMs);
    if (this.bytes > maxBytes) this.trim(nowMs + 1);
    if (this.bytes <= maxBytes || streaming) return false;
    this.clear();
    return true;
  }

  /** The flight window: compacts entries before the first frame at or after `cutoffMs` (recorder-window.ts). Call between frames; a no-op while pinned. */
  trim(cutoffMs: number): void {
    if (this.open >= 0 || this.pins > 0) return;
    this.used = this.window.trim(this.i32, this.used, cutoffMs);
  }

  /** Word offset where the closed entries end (the open frame, if any, starts there). */
  get closedEnd(): number {
    return this.open >= 0 ? this.open : this.used;
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
