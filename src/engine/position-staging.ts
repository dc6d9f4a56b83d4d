/**
 * Positions of renderer instances staged for one `Renderer.setInstancePositions` call: the render
 * phase appends every entity whose only change since it was last handed over is its position
 * (updatePosition, moveBy), and flushes once per frame. So a frame that moves 100,000 entities
 * through per-entity commands makes one renderer call that writes positions, instead of 100,000
 * setInstance calls that each read the whole record and, in three.js, compose a matrix.
 *
 * The arrays are sized for the entity capacity once (an entity is staged at most once between
 * flushes: the dirty list holds each slot once); adding and flushing allocate nothing.
 */
import type { Renderer } from '../platform/renderer.ts';

/** Staged instance moves, in the layout setInstancePositions takes. Engine thread only. */
export class PositionStaging {
  /** Mesh type, instance slot and seed position (x, y, z) of staged entry `i` (`xyz[3i..3i+2]`). */
  readonly mesh: Uint8Array;
  readonly slot: Int32Array;
  readonly xyz: Float32Array;
  /** Entries staged since the last flush. */
  count = 0;

  /** Room for `capacity` entries (the entity capacity). */
  constructor(capacity: number) {
    this.mesh = new Uint8Array(capacity);
    this.slot = new Int32Array(capacity);
    this.xyz = new Float32Array(3 * capacity);
  }

  /** Stages instance `slot` of mesh type `mesh` at (x, y, z). At most `capacity` entries between flushes. */
  add(mesh: number, slot: number, x: number, y: number, z: number): void {
    const k = this.count++;
    this.mesh[k] = mesh;
    this.slot[k] = slot;
    const k3 = 3 * k;
    this.xyz[k3] = x;
    this.xyz[k3 + 1] = y;
    this.xyz[k3 + 2] = z;
  }

  /**
   * Hands the staged entries to `renderer.setInstancePositions` in one call (none when nothing is
   * staged) and empties the staging; returns how many were handed over. Allocates nothing.
   */
  flush(renderer: Renderer): number {
    const n = this.count;
    this.count = 0;
    if (n > 0) renderer.setInstancePositions!(this.mesh, this.slot, this.xyz, n);
    return n;
  }
}
