/**
 * What a KeyframeWorld draws that the command ring does not carry (recording format version 2):
 * the positions the bulk path applied in a frame (BulkPositionsEvent), set through the engine's own
 * EntitySystem.updatePosition, and the debug-draw set (DebugDrawEvent, and the one a keyframe
 * carries), handed to the renderer by the engine's own DebugDrawSync through a private debug-draw
 * buffer: the recorded records are written into it as the logic's DebugDrawWriter would publish
 * them, so lines, points and texts reach the renderer exactly as in the recorded run.
 */
import { DEBUG_DRAW_SCHEMA, DEFAULT_DEBUG_DRAW_CAPACITY, createDebugDrawBuffer } from '../protocol/debug-draw-state.ts';
import { ID_INDEX_MASK } from '../protocol/entity-id.ts';
import { StateReader } from '../shared-memory/state-reader.ts';
import { StateWriter } from '../shared-memory/state-writer.ts';
import type { Renderer } from '../platform/renderer.ts';
import { DebugDrawSync } from './debug-draw-sync.ts';
import type { EntitySystem } from './entity-system.ts';

const EMPTY = new Uint8Array(0);
const STRIDE_BYTES = DEBUG_DRAW_SCHEMA.strideWords * 4;

function wordAt(u8: Uint8Array, byte: number): number {
  return u8[byte]! | (u8[byte + 1]! << 8) | (u8[byte + 2]! << 16) | (u8[byte + 3]! << 24);
}

/** Bulk positions and the debug-draw set of a replayed world. */
export class KeyframeDrawing {
  /** Bulk positions applied, and refused (an id the world does not hold: a recording cut before its creation). */
  bulkApplied = 0;
  bulkRefused = 0;
  /** Debug-draw sets handed to the renderer. */
  debugSets = 0;
  private readonly f32 = new Float32Array(1);
  private readonly f32Bits = new Int32Array(this.f32.buffer);
  private writer: StateWriter | null = null;
  private sync: DebugDrawSync | null = null;
  /** The set to draw at the next flush (null: unchanged since the last one). */
  private pending: Uint8Array | null = null;
  /** The set drawn now (the records last flushed). */
  current: Uint8Array = EMPTY;

  constructor(private readonly renderer: Renderer, private readonly entities: EntitySystem) {}

  /** Moves each entity of `positions` (16 bytes each: id, x, y, z) as the bulk path did. */
  applyBulk(positions: Uint8Array): void {
    const bits = this.f32Bits;
    const f = this.f32;
    for (let o = 0; o + 16 <= positions.byteLength; o += 16) {
      bits[0] = wordAt(positions, o + 4);
      const x = f[0]!;
      bits[0] = wordAt(positions, o + 8);
      const y = f[0]!;
      bits[0] = wordAt(positions, o + 12);
      if (this.entities.updatePosition(wordAt(positions, o), x, y, f[0]!)) this.bulkApplied++;
      else this.bulkRefused++;
    }
  }

  /** The debug-draw set becomes `records` (DebugDrawEvent.records' layout; empty: none), drawn at the next flush. */
  setDebug(records: Uint8Array): void {
    this.pending = records;
  }

  /** Hands a changed debug-draw set to the renderer (the frame's end). */
  flush(): void {
    const records = this.pending;
    if (records === null) return;
    this.pending = null;
    if (records.byteLength === 0 && this.current.byteLength === 0) return;
    this.current = records;
    const n = Math.floor(records.byteLength / STRIDE_BYTES);
    let writer = this.writer;
    if (writer === null || writer.capacity < n) {
      // The recorded run's capacity is not in the recording: the buffer grows to the largest set seen.
      const sab = createDebugDrawBuffer(Math.max(n, DEFAULT_DEBUG_DRAW_CAPACITY));
      writer = new StateWriter(sab, DEBUG_DRAW_SCHEMA);
      this.writer = writer;
      this.sync = new DebugDrawSync(new StateReader(sab, DEBUG_DRAW_SCHEMA), this.renderer);
    }
    writer.clear();
    const i32 = writer.i32;
    for (let slot = 0; slot < n; slot++) {
      const o = slot * STRIDE_BYTES;
      const id = wordAt(records, o);
      if (id === 0 || (id & ID_INDEX_MASK) !== slot) continue;
      writer.create(id);
      writer.markDirty(id);
      const w = writer.recordOffset(slot);
      for (let k = 1; k < DEBUG_DRAW_SCHEMA.strideWords; k++) i32[w + k] = wordAt(records, o + 4 * k);
    }
    writer.publish(0, 0);
    this.sync!.sync();
    this.debugSets++;
  }

  /** Primitives and texts of the set drawn now (DebugDrawSync's counts). */
  get debugPrimitives(): number {
    return this.sync?.primitives ?? 0;
  }
}
