/**
 * The instance slots of one mesh type, handed out the way every renderer does (style G9): the most
 * recently freed slot first, else the next never-used one, so slots stay dense from 0 and a
 * renderer draws the range below `highWater`. The null and recording renderers and the three.js
 * instance pool share it.
 */

/** One mesh type's slots: a free list over a growing Int32Array (it grows only when more slots are free at once than ever before). */
export class SlotAllocator {
  private free = new Int32Array(64);
  private freeCount = 0;
  private nextSlot = 0;

  /** A free slot (reused ones first). */
  allocate(): number {
    if (this.freeCount > 0) return this.free[--this.freeCount]!;
    return this.nextSlot++;
  }

  /** Returns a slot to the free list. */
  release(slot: number): void {
    if (this.freeCount === this.free.length) {
      const grown = new Int32Array(this.free.length * 2);
      grown.set(this.free);
      this.free = grown;
    }
    this.free[this.freeCount++] = slot;
  }

  /** One past the highest slot ever handed out (slots below it are live or free). */
  get highWater(): number {
    return this.nextSlot;
  }

  /** Slots handed out and not released. */
  get live(): number {
    return this.nextSlot - this.freeCount;
  }

  /** Forgets every slot. */
  clear(): void {
    this.freeCount = 0;
    this.nextSlot = 0;
  }
}
