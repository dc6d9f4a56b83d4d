/**
 * Logic-side id allocation (entity-id.ts format): a free list of slot indices plus a generation per
 * slot, so a handle is usable in the frame that creates it and a destroyed id never names the next
 * entity that reuses its slot. The engine validates every id against its own slot table.
 */
import type { IdAllocatorState } from '../protocol/hot-reload.ts';
import { ID_MAX_SLOTS, idGeneration, idIndex, isWellFormedId, makeId, nextGeneration } from '../protocol/entity-id.ts';

/**
 * Issues and takes back ids for one kind of object (entities or cameras). Allocates only when its
 * tables grow (doubling); allocate/release/isLive allocate nothing otherwise. Logic thread only.
 */
export class IdAllocator {
  private capacity: number;
  private generations = new Uint16Array(64);
  private free = new Int32Array(64);
  private freeCount = 0;
  /** Slots ever used (indices 0 .. used-1). */
  private used = 0;
  /** Ids allocated and not released. */
  liveCount = 0;

  /** `capacity` is the most ids live at once (the state buffer's capacity; at most 2^20). */
  constructor(capacity: number = ID_MAX_SLOTS) {
    this.capacity = Math.min(capacity, ID_MAX_SLOTS);
  }

  /** Lowers or raises the slot limit (at the handshake, to the engine's capacity). Ids already issued stay valid. */
  setCapacity(capacity: number): void {
    this.capacity = Math.min(Math.max(0, capacity | 0), ID_MAX_SLOTS);
  }

  /** The slot limit. */
  get slotCapacity(): number {
    return this.capacity;
  }

  /** A fresh id (> 0), or 0 when every slot is in use. Freed slots are reused most recent first. */
  allocate(): number {
    let index: number;
    if (this.freeCount > 0) {
      index = this.free[--this.freeCount]!;
    } else {
      if (this.used >= this.capacity) return 0;
      index = this.used++;
      if (index >= this.generations.length) this.grow(index + 1);
      this.generations[index] = 1;
    }
    this.liveCount++;
    return makeId(index, this.generations[index]!);
  }

  /** True when `id` was issued by this allocator and not released since. */
  isLive(id: number): boolean {
    if (!isWellFormedId(id)) return false;
    const index = idIndex(id);
    return index < this.used && this.generations[index] === idGeneration(id) && !this.isFree(index);
  }

  /** Gives an id back (after destroy, or after the engine refused its creation); false when it was not live. */
  release(id: number): boolean {
    if (!this.isLive(id)) return false;
    const index = idIndex(id);
    this.generations[index] = nextGeneration(this.generations[index]!);
    if (this.freeCount >= this.free.length) {
      const next = new Int32Array(this.free.length * 2);
      next.set(this.free);
      this.free = next;
    }
    this.free[this.freeCount++] = index;
    this.liveCount--;
    return true;
  }

  /** A copy of the allocator's tables (hot reload hands it to the next incarnation). Allocates. */
  exportState(): IdAllocatorState {
    return { used: this.used, liveCount: this.liveCount, generations: this.generations.slice(0, this.used), free: this.free.slice(0, this.freeCount) };
  }

  /**
   * Continues from `state` (another incarnation's `exportState()`): the ids it issued stay live and
   * new ones never collide with them. Allocates; once, at a hot reload.
   */
  importState(state: IdAllocatorState): void {
    const used = Math.min(state.used, state.generations.length);
    this.generations = new Uint16Array(Math.max(64, used));
    this.generations.set(state.generations.subarray(0, used));
    this.free = new Int32Array(Math.max(64, state.free.length));
    this.free.set(state.free);
    this.freeCount = state.free.length;
    this.used = used;
    this.liveCount = state.liveCount;
  }

  private isFree(index: number): boolean {
    // Freed slots carry the next generation already, so a released id fails the generation check;
    // this only guards a slot released and not yet reissued whose generation wrapped back.
    for (let i = 0; i < this.freeCount; i++) if (this.free[i] === index) return true;
    return false;
  }

  private grow(min: number): void {
    let cap = this.generations.length;
    while (cap < min) cap *= 2;
    const next = new Uint16Array(cap);
    next.set(this.generations);
    this.generations = next;
  }
}
