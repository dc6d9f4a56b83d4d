/**
 * DebugDrawBuffer: the live world debug primitives of the ProtogameJS3D `debugRenderInterface`
 * (points, lines, wire spheres, arrows), carried from the logic to the engine as StateBuffer records.
 * Here the LOGIC is the writer (one StateWriter in the worker, `DebugDrawWriter`) and the ENGINE the
 * reader (a StateReader refreshed in its render phase); the ownership hand-off of state-layout.ts
 * applies unchanged, so a snapshot is never torn. Coordinates are the seed's (X forward, Y left,
 * Z up).
 *
 * Text (world, billboard and screen text, messages) travels in the same buffer: a text record
 * (kinds 4-7) is followed by ceil(bytes / 36) `textBytes` records (kind 8) holding its UTF-8 bytes in
 * words 2-10. Why here and not in the command ring: text is part of the debug SET (it lives and dies
 * with the set, a new set replaces it whole), so it needs the set's hand-off, and the triple buffer
 * already gives exactly that: a text record and its bytes are published in one snapshot and can never
 * tear apart or outlive each other; the ring would deliver it per frame as a stream of one-off
 * records the engine would have to collect into a set itself. The bytes share the buffer's bounded
 * capacity (a text that does not fit with all its bytes is not carried and counts in `dropped`), a
 * text is cut at MAX_DEBUG_TEXT_BYTES (with the string codec's truncation marker, counted in
 * `truncated`), and the engine decodes strings only when a new set arrives.
 *
 * ```
 *  word  0 id      i32  DEBUG_DRAW_ID_BASE | slot (slot = the primitive's index in the frame); 0 = free
 *        1 kind    u32  index into DEBUG_DRAW_KINDS: 0 point, 1 line, 2 wireSphere, 3 arrow
 *        2 ax, 3 ay, 4 az  f32  point / sphere centre / line and arrow start
 *        5 bx, 6 by, 7 bz  f32  line and arrow end (0 for a point or a sphere)
                          text: (height, alignX, alignY); screen text a = (x, y, 0); message a = b = 0
 *        8 radius  f32  point size, sphere radius, line and arrow thickness (world units)
                  (text kinds: u32 byte length of the UTF-8 text in the following textBytes records)
 *        9 color   u32  RGBA8: r | g << 8 | b << 16 | a << 24 (packColor in entity-state.ts)
 *       10 mode    u32  index into DEBUG_DRAW_MODES: 0 ALWAYS, 1 USE_DEPTH, 2 X_RAY
 * ```
 *
 * Each logic frame whose live set changed, the writer rewrites the frame's primitives into slots
 * 0..n-1 (frees the slots past n) and publishes; the region header's LIVE is n and LOGIC_TICK the
 * logic tick (ENGINE_FRAME is 0: the logic does not know the engine's frame). On a worker restart the
 * engine's reader keeps its front, and the new writer starts with the buffer the dead one owned
 * (`StateReader.orphanedBack()`, the handshake's `debugDrawBack`).
 */
import { defineStateSchema } from '../shared-memory/state-schema.ts';
import { createStateBuffer } from '../shared-memory/state-layout.ts';
import { StateWriter, PUBLISH_STATUS, RECORD_STATUS } from '../shared-memory/state-writer.ts';
import { encodeUtf8Into, utf8ByteLength } from './string-codec.ts';

/** The debug-draw record schema. */
export const DEBUG_DRAW_SCHEMA = defineStateSchema('DebugDrawState', [
  { name: 'kind', type: 'u32' },
  { name: 'a', type: 'f32', count: 3 },
  { name: 'b', type: 'f32', count: 3 },
  { name: 'radius', type: 'f32' },
  { name: 'color', type: 'u32' },
  { name: 'mode', type: 'u32' },
]);

/** Word offsets inside a debug-draw record. */
export const D_ID = 0;
export const D_KIND = 1;
export const D_AX = 2;
export const D_AY = 3;
export const D_AZ = 4;
export const D_BX = 5;
export const D_BY = 6;
export const D_BZ = 7;
export const D_RADIUS = 8;
export const D_COLOR = 9;
export const D_MODE = 10;

/** Kinds of carried record, by index (the recorder's kinds, then the text byte continuation). */
export const DEBUG_DRAW_KINDS = ['point', 'line', 'wireSphere', 'arrow', 'worldText', 'billboardText', 'screenText', 'message', 'textBytes'] as const;
export type DebugDrawKind = (typeof DEBUG_DRAW_KINDS)[number];
export const DEBUG_KIND_POINT = 0;
export const DEBUG_KIND_LINE = 1;
export const DEBUG_KIND_WIRE_SPHERE = 2;
export const DEBUG_KIND_ARROW = 3;
export const DEBUG_KIND_WORLD_TEXT = 4;
export const DEBUG_KIND_BILLBOARD_TEXT = 5;
export const DEBUG_KIND_SCREEN_TEXT = 6;
export const DEBUG_KIND_MESSAGE = 7;
export const DEBUG_KIND_TEXT_BYTES = 8;

/** Text kinds as the renderer seam's `debugText` numbers them (kind - DEBUG_KIND_WORLD_TEXT). */
export const DEBUG_TEXT_KINDS = ['worldText', 'billboardText', 'screenText', 'message'] as const;
/** Longest text carried, in UTF-8 bytes (longer ones are cut, with the truncation marker). */
export const MAX_DEBUG_TEXT_BYTES = 256;
/** UTF-8 bytes one textBytes record holds (words 2-10). */
export const DEBUG_TEXT_BYTES_PER_RECORD = 36;
/** Byte offset of a textBytes record's bytes from its record's first byte. */
export const DEBUG_TEXT_BYTES_OFFSET = D_AX * 4;

/** Whether `kind` is one of the four text kinds. */
export function isDebugTextKind(kind: number): boolean {
  return kind >= DEBUG_KIND_WORLD_TEXT && kind <= DEBUG_KIND_MESSAGE;
}

/** Depth modes, by index (the original's DebugRenderMode). */
export const DEBUG_DRAW_MODES = ['ALWAYS', 'USE_DEPTH', 'X_RAY'] as const;
export const DEBUG_MODE_ALWAYS = 0;
export const DEBUG_MODE_USE_DEPTH = 1;
export const DEBUG_MODE_X_RAY = 2;

/** Generation bits of every record id (ids must be > 0; the slot is the low 20 bits). */
export const DEBUG_DRAW_ID_BASE = 1 << 20;

/** Default capacity of the debug-draw buffer (primitives carried per frame). */
export const DEFAULT_DEBUG_DRAW_CAPACITY = 4096;

/** Allocates a debug-draw state buffer for `capacity` primitives (TF1009 outside 1..2^20). */
export function createDebugDrawBuffer(capacity: number = DEFAULT_DEBUG_DRAW_CAPACITY): SharedArrayBuffer {
  return createStateBuffer(DEBUG_DRAW_SCHEMA, capacity);
}

/**
 * The logic's end: `begin()`, `add(kind, values, rgba, mode)` per primitive, `publish(tick)`. Primitives past the
 * capacity are not carried and are counted (`dropped`, `lastDropped`); nothing throws after
 * construction and nothing allocates.
 */
export class DebugDrawWriter {
  readonly state: StateWriter;
  readonly capacity: number;
  /** Primitives not carried because the buffer was full, in total and in the last publish. */
  dropped = 0;
  lastDropped = 0;
  /** Texts cut at MAX_DEBUG_TEXT_BYTES. */
  truncated = 0;
  /** Publishes made (successful ones; a failed publish keeps the last good one and counts in `failed`). */
  publishes = 0;
  failed = 0;
  private count = 0;
  private published = 0;
  private readonly u8: Uint8Array;
  private readonly textScratch = new Uint8Array(MAX_DEBUG_TEXT_BYTES);

  /**
   * Attaches to `sab` (TF1009 when it is not a debug-draw buffer). `back`: the buffer the writer
   * owns at start; omit it for the first worker, pass the handshake's `debugDrawBack` after a restart.
   */
  constructor(sab: SharedArrayBuffer, back?: number) {
    this.state = new StateWriter(sab, DEBUG_DRAW_SCHEMA, back === undefined ? {} : { back });
    this.capacity = this.state.capacity;
    this.u8 = new Uint8Array(sab);
  }

  /** Primitives written since `begin()`. */
  get size(): number {
    return this.count;
  }

  /** Primitives in the last publish. */
  get publishedSize(): number {
    return this.published;
  }

  /** Starts a new set of primitives (the previous publish stays visible until `publish`). */
  begin(): void {
    this.count = 0;
    this.lastDropped = 0;
  }

  /**
   * Adds one primitive: `kind` and `mode` indices; `values` in the natives' argument order, point and
   * wireSphere `(x, y, z, radius)`, line and arrow `(x1, y1, z1, x2, y2, z2, radius)`; `rgba` four
   * channels 0-255. Arrays in, not loose floats, so nothing is boxed on a call that is not inlined.
   * False (counted in `dropped`) when the buffer is full; false (not counted) for an unknown kind.
   */
  add(kind: number, values: ArrayLike<number>, rgba: ArrayLike<number>, mode: number): boolean {
    if (kind !== DEBUG_KIND_POINT && kind !== DEBUG_KIND_LINE && kind !== DEBUG_KIND_WIRE_SPHERE && kind !== DEBUG_KIND_ARROW) return false;
    const w = this.state;
    const slot = this.count;
    if (slot >= this.capacity) {
      this.dropped++;
      this.lastDropped++;
      return false;
    }
    const id = DEBUG_DRAW_ID_BASE | slot;
    // Slots keep their id from publish to publish: rewrite and mark dirty, create only new ones.
    if (w.slotOf(id) < 0 && w.create(id) !== RECORD_STATUS.OK) return false;
    w.markDirty(id);
    const o = w.recordOffset(slot);
    const f = w.f32;
    const u = w.u32;
    u[o + D_KIND] = kind;
    f[o + D_AX] = values[0]!; f[o + D_AY] = values[1]!; f[o + D_AZ] = values[2]!;
    if (kind === DEBUG_KIND_LINE || kind === DEBUG_KIND_ARROW) {
      f[o + D_BX] = values[3]!; f[o + D_BY] = values[4]!; f[o + D_BZ] = values[5]!;
      f[o + D_RADIUS] = values[6]!;
    } else {
      f[o + D_BX] = 0; f[o + D_BY] = 0; f[o + D_BZ] = 0;
      f[o + D_RADIUS] = values[3]!;
    }
    u[o + D_COLOR] = ((rgba[0]! & 255) | ((rgba[1]! & 255) << 8) | ((rgba[2]! & 255) << 16) | ((rgba[3]! & 255) << 24)) >>> 0;
    u[o + D_MODE] = mode;
    this.count = slot + 1;
    return true;
  }

  /**
   * Adds one text primitive: `kind` DEBUG_KIND_WORLD_TEXT..DEBUG_KIND_MESSAGE; `values` as the
   * natives' numbers after the text: world and billboard `(x, y, z, height, alignX, alignY)`, screen
   * `(x, y, size, alignX, alignY)`, message none. The record and its textBytes records go in together
   * or not at all: false (counted in `dropped`) when they do not all fit. Allocates nothing.
   */
  addText(kind: number, text: string, values: ArrayLike<number>, rgba: ArrayLike<number>, mode: number): boolean {
    if (!isDebugTextKind(kind)) return false;
    const scratch = this.textScratch;
    if (utf8ByteLength(text) > MAX_DEBUG_TEXT_BYTES) this.truncated++;
    const n = encodeUtf8Into(text, scratch, 0, MAX_DEBUG_TEXT_BYTES);
    const chunks = Math.ceil(n / DEBUG_TEXT_BYTES_PER_RECORD);
    if (this.count + 1 + chunks > this.capacity) {
      this.dropped++;
      this.lastDropped++;
      return false;
    }
    const w = this.state;
    const f = w.f32;
    const u = w.u32;
    let o = this.take();
    if (o < 0) return false;
    u[o + D_KIND] = kind;
    if (kind === DEBUG_KIND_MESSAGE) {
      f[o + D_AX] = 0; f[o + D_AY] = 0; f[o + D_AZ] = 0; f[o + D_BX] = 0; f[o + D_BY] = 0; f[o + D_BZ] = 0;
    } else if (kind === DEBUG_KIND_SCREEN_TEXT) {
      f[o + D_AX] = values[0]!; f[o + D_AY] = values[1]!; f[o + D_AZ] = 0;
      f[o + D_BX] = values[2]!; f[o + D_BY] = values[3]!; f[o + D_BZ] = values[4]!;
    } else {
      f[o + D_AX] = values[0]!; f[o + D_AY] = values[1]!; f[o + D_AZ] = values[2]!;
      f[o + D_BX] = values[3]!; f[o + D_BY] = values[4]!; f[o + D_BZ] = values[5]!;
    }
    u[o + D_RADIUS] = n;
    u[o + D_COLOR] = ((rgba[0]! & 255) | ((rgba[1]! & 255) << 8) | ((rgba[2]! & 255) << 16) | ((rgba[3]! & 255) << 24)) >>> 0;
    u[o + D_MODE] = mode;
    const u8 = this.u8;
    for (let c = 0; c < chunks; c++) {
      o = this.take();
      if (o < 0) return false;
      u[o + D_KIND] = DEBUG_KIND_TEXT_BYTES;
      const start = c * DEBUG_TEXT_BYTES_PER_RECORD;
      const end = Math.min(n, start + DEBUG_TEXT_BYTES_PER_RECORD);
      const base = o * 4 + DEBUG_TEXT_BYTES_OFFSET;
      for (let i = start; i < end; i++) u8[base + i - start] = scratch[i]!;
      for (let i = end - start; i < DEBUG_TEXT_BYTES_PER_RECORD; i++) u8[base + i] = 0;
    }
    return true;
  }

  /** Claims the next slot (created or reused, marked dirty); its word offset, or -1 when it cannot be created. */
  private take(): number {
    const w = this.state;
    const slot = this.count;
    const id = DEBUG_DRAW_ID_BASE | slot;
    if (w.slotOf(id) < 0 && w.create(id) !== RECORD_STATUS.OK) return -1;
    w.markDirty(id);
    this.count = slot + 1;
    return w.recordOffset(slot);
  }

  /** Frees the slots past this set and hands the set to the engine. True when published. */
  publish(logicTick: number): boolean {
    const w = this.state;
    for (let slot = this.count; slot < this.published; slot++) w.destroy(DEBUG_DRAW_ID_BASE | slot);
    const status = w.publish(0, logicTick);
    if (status === PUBLISH_STATUS.FAILED_CAPACITY || status === PUBLISH_STATUS.FAILED_EXCEPTION) {
      this.failed++;
      // The freed slots are gone from the working copy; the next publish repairs the buffers.
      this.published = this.count;
      return false;
    }
    this.published = this.count;
    this.publishes++;
    return true;
  }
}
