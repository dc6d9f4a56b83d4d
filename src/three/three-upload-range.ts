/**
 * The slots of one instanced attribute written since its last upload, handed to three.js as one
 * update range (from the lowest to the highest slot written: one `bufferSubData`), or as the whole
 * buffer when the range covers most of the used slots, or when the range queued last was never
 * uploaded (three.js uploads an attribute only when it draws its mesh; a range queued over one that
 * was not uploaded yet would lose the older writes). The range object is reused every frame.
 * (three.js sorts the ranges with an inline comparator when it uploads them: that one closure per
 * attribute per frame is three's, not ours.)
 */
import type { InstancedBufferAttribute } from 'three';

/** The dirty slots of one attribute of `itemSize` floats per slot. Allocates nothing per frame. */
export class UploadRange {
  private min = Number.MAX_SAFE_INTEGER;
  private max = -1;
  /** True from a queued upload until three.js reports it done (`onUploaded`). */
  private pending = false;
  private readonly range = { start: 0, count: 0 };
  /** three.js calls this after uploading the attribute (`attribute.onUpload`); created once. */
  readonly onUploaded = (): void => {
    this.pending = false;
  };

  constructor(private readonly itemSize: number) {}

  /** Marks one slot written. */
  mark(slot: number): void {
    if (slot < this.min) this.min = slot;
    if (slot > this.max) this.max = slot;
  }

  /** Forgets the marks and the pending upload (new buffers are uploaded whole on first use). */
  reset(): void {
    this.min = Number.MAX_SAFE_INTEGER;
    this.max = -1;
    this.pending = false;
  }

  /** Queues the upload of the slots marked since the last flush (nothing when none were); `used`: slots in use. */
  flush(attribute: InstancedBufferAttribute, used: number): void {
    if (this.max < 0) return;
    const partial = !this.pending && (this.max - this.min + 1) * 2 < used;
    attribute.clearUpdateRanges();
    if (partial) {
      this.range.start = this.min * this.itemSize;
      this.range.count = (this.max - this.min + 1) * this.itemSize;
      (attribute.updateRanges as { start: number; count: number }[]).push(this.range);
    }
    attribute.needsUpdate = true;
    this.pending = true;
    this.min = Number.MAX_SAFE_INTEGER;
    this.max = -1;
  }
}
