/**
 * The render phase's hand-over of the logic's debug-draw set to the renderer, as lines
 * (`debug-draw-lines.ts`) and texts (the seam's `debugText`), with the counters stats report.
 * Allocates nothing per frame; a new set allocates its texts' strings (decoded once per set).
 */
import type { StateReader } from '../shared-memory/state-reader.ts';
import type { Renderer } from '../platform/renderer.ts';
import { emitDebugRecordLines, type DebugLineSink } from './debug-draw-lines.ts';
import {
  D_AX, D_AY, D_AZ, D_BX, D_BY, D_BZ, D_COLOR, D_KIND, D_MODE, D_RADIUS, DEBUG_KIND_TEXT_BYTES, DEBUG_KIND_WORLD_TEXT,
  DEBUG_TEXT_BYTES_OFFSET, DEBUG_TEXT_BYTES_PER_RECORD, MAX_DEBUG_TEXT_BYTES, isDebugTextKind,
} from '../protocol/debug-draw-state.ts';
import { decodeUtf8 } from '../protocol/string-codec.ts';

/** Draws the debug-draw snapshot the engine holds. */
export class DebugDrawSync {
  /** Primitives in the set drawn now, and the lines they became. */
  primitives = 0;
  lines = 0;
  /** Sets received from the logic. */
  sets = 0;
  /** Texts in the set drawn now (world, billboard, screen texts and messages). */
  texts = 0;
  /** Records skipped as malformed (non-finite values, unknown kind). */
  skipped = 0;
  private readonly sink: DebugLineSink | null;
  private readonly u8: Uint8Array;
  private readonly textBytes = new Uint8Array(MAX_DEBUG_TEXT_BYTES);

  constructor(private readonly reader: StateReader, private readonly renderer: Renderer) {
    this.sink = typeof renderer.debugLine === 'function' ? (renderer as DebugLineSink) : null;
    this.u8 = new Uint8Array(reader.u32.buffer);
  }

  /** Takes the logic's newest set, if it published one since the last call, and hands it over. */
  sync(): void {
    if (this.reader.refresh()) this.submit();
  }

  /** The world was cleared (restart): no debug lines until the new incarnation publishes some. */
  clear(): void {
    if (this.primitives === 0) return;
    this.renderer.beginDebug?.();
    this.renderer.endDebug?.();
    this.primitives = 0;
    this.lines = 0;
    this.texts = 0;
  }

  private submit(): void {
    const r = this.reader;
    const i32 = r.i32;
    const high = Math.min(r.high, r.capacity);
    let primitives = 0;
    let lines = 0;
    let texts = 0;
    this.renderer.beginDebug?.();
    for (let slot = 0; slot < high; slot++) {
      const o = r.recordOffset(slot);
      if (i32[o] === 0) continue;
      const kind = r.u32[o + D_KIND]!;
      if (kind === DEBUG_KIND_TEXT_BYTES) continue; // read with its text record
      if (isDebugTextKind(kind)) {
        const next = this.text(slot, o, high);
        if (next < 0) {
          this.skipped++;
          continue;
        }
        slot = next;
        primitives++;
        texts++;
        continue;
      }
      const n = emitDebugRecordLines(r.f32, r.u32, o, this.sink);
      if (n === 0) {
        this.skipped++;
        continue;
      }
      primitives++;
      lines += n;
    }
    this.renderer.endDebug?.();
    this.primitives = primitives;
    this.lines = lines;
    this.texts = texts;
    this.sets++;
  }

  /**
   * Hands the text record in `slot` (word offset `o`) to the renderer; returns the slot of its last
   * textBytes record, or -1 when malformed (bytes missing, a non-finite value, too long).
   */
  private text(slot: number, o: number, high: number): number {
    const r = this.reader;
    const f = r.f32;
    const u = r.u32;
    const length = u[o + D_RADIUS]!;
    const chunks = Math.ceil(length / DEBUG_TEXT_BYTES_PER_RECORD);
    if (length > MAX_DEBUG_TEXT_BYTES || slot + chunks >= high) return -1;
    const x = f[o + D_AX]!, y = f[o + D_AY]!, z = f[o + D_AZ]!;
    const h = f[o + D_BX]!, ax = f[o + D_BY]!, ay = f[o + D_BZ]!;
    if (!Number.isFinite(x + y + z + h + ax + ay)) return -1;
    const bytes = this.textBytes;
    const u8 = this.u8;
    for (let c = 0; c < chunks; c++) {
      const co = r.recordOffset(slot + 1 + c);
      if (u[co + D_KIND] !== DEBUG_KIND_TEXT_BYTES) return -1;
      const start = c * DEBUG_TEXT_BYTES_PER_RECORD;
      const end = Math.min(length, start + DEBUG_TEXT_BYTES_PER_RECORD);
      const base = co * 4 + DEBUG_TEXT_BYTES_OFFSET;
      for (let i = start; i < end; i++) bytes[i] = u8[base + i - start]!;
    }
    const c = u[o + D_COLOR]!;
    this.renderer.debugText?.(
      u[o + D_KIND]! - DEBUG_KIND_WORLD_TEXT, decodeUtf8(bytes, 0, length),
      x, y, z, h, ax, ay, c & 255, (c >>> 8) & 255, (c >>> 16) & 255, c >>> 24, u[o + D_MODE]!,
    );
    return slot + chunks;
  }
}
