/**
 * DestroyedIds: for each record slot, the id destroyed there last and the logic tick it happened
 * at, so a refusal of a command naming a dead id can say why ("destroyed at tick 41" or "never
 * created"). Engine thread only; allocates nothing but the refusal's text.
 */
import { ID_INDEX_MASK } from '../protocol/entity-id.ts';

/** The last destroyed id and tick of each slot below `capacity`. */
export class DestroyedIds {
  private readonly tick: Int32Array;
  private readonly id: Int32Array;

  constructor(capacity: number) {
    this.tick = new Int32Array(capacity);
    this.id = new Int32Array(capacity);
  }

  /** Remembers that `id` was destroyed at logic tick `tick`. */
  note(id: number, tick: number): void {
    const slot = id & ID_INDEX_MASK;
    if (slot >= this.id.length) return;
    this.id[slot] = id;
    this.tick[slot] = tick;
  }

  /** Why `id` names nothing: `destroyed at tick N` or `never created` (error path; allocates the text). */
  why(id: number): string {
    const slot = id & ID_INDEX_MASK;
    return slot < this.id.length && this.id[slot] === id ? `destroyed at tick ${this.tick[slot]}` : 'never created';
  }
}
