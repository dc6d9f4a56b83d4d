/**
 * The render phase's hand-over of the logic's debug-draw set to the renderer, as lines
 * (`debug-draw-lines.ts`), with the counters stats report. Allocates nothing per frame.
 */
import type { StateReader } from '../shared-memory/state-reader.ts';
import type { Renderer } from '../platform/renderer.ts';
import { emitDebugRecordLines, type DebugLineSink } from './debug-draw-lines.ts';

/** Draws the debug-draw snapshot the engine holds. */
export class DebugDrawSync {
  /** Primitives in the set drawn now, and the lines they became. */
  primitives = 0;
  lines = 0;
  /** Sets received from the logic. */
  sets = 0;
  /** Records skipped as malformed (non-finite values, unknown kind). */
  skipped = 0;
  private readonly sink: DebugLineSink | null;

  constructor(private readonly reader: StateReader, private readonly renderer: Renderer) {
    this.sink = typeof renderer.debugLine === 'function' ? (renderer as DebugLineSink) : null;
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
  }

  private submit(): void {
    const r = this.reader;
    const i32 = r.i32;
    const high = Math.min(r.high, r.capacity);
    let primitives = 0;
    let lines = 0;
    this.renderer.beginDebug?.();
    for (let slot = 0; slot < high; slot++) {
      const o = r.recordOffset(slot);
      if (i32[o] === 0) continue;
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
    this.sets++;
  }
}
