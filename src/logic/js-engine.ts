/**
 * The seed's JSEngine: game systems with an update and a render hook, run each logic frame in
 * priority order (0-100, lower first; equal priorities in registration order). Installed as the
 * global `JSEngine` for seed-style games; the typed `defineGame` game runs as the system "game".
 */
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { LOGIC_CODES } from './error-codes.ts';
import { formatValue } from '../protocol/value-format.ts';

/** A system as a game registers it. */
export interface SystemDefinition {
  /** Called once per logic frame with the frame's delta in seconds (game time). */
  update?(dt: number): void;
  /** Called once per logic frame after every update. */
  render?(): void;
  /** 0-100, lower runs first; default 50. */
  priority?: number;
  /** Disabled systems are skipped; default true. */
  enabled?: boolean;
}

/** A registered system (the runtime's view). */
export interface RegisteredSystem {
  readonly id: string;
  readonly definition: SystemDefinition;
  readonly priority: number;
  readonly order: number;
  enabled: boolean;
}

function argError(op: string, what: string, got: unknown, expected: string, remedy: string): TwinframeError {
  return new TwinframeError(LOGIC_CODES.API_ARGUMENT_INVALID.code, `JSEngine.${op}: ${what}; got ${formatValue(got)}, expected ${expected}. ${remedy}`);
}

/** The system registry. Logic thread only. */
export class JSEngine {
  private list: RegisteredSystem[] = [];
  private nextOrder = 0;

  /**
   * Registers (or replaces) system `id`. Throws TF5010 for an empty id, a definition without
   * update or render functions, or a priority outside 0-100.
   *
   * @example
   * ```ts
   * JSEngine.registerSystem('spin', { priority: 10, update(dt) { angle += 90 * dt; } });
   * ```
   */
  registerSystem(id: string, definition: SystemDefinition): void {
    if (typeof id !== 'string' || id.length === 0) throw argError('registerSystem', 'bad system id', id, 'a non-empty string', 'Name the system, e.g. "spawner".');
    if (typeof definition !== 'object' || definition === null) throw argError('registerSystem', `bad definition for "${id}"`, definition, 'an object { update?, render?, priority?, enabled? }', 'Pass an object with an update(dt) function.');
    const { update, render } = definition;
    if ((update !== undefined && typeof update !== 'function') || (render !== undefined && typeof render !== 'function') || (update === undefined && render === undefined)) {
      throw argError('registerSystem', `system "${id}" has no update or render function`, definition, 'update(dt) and/or render() functions', 'Add an update(dt) method.');
    }
    const priority = definition.priority ?? 50;
    if (typeof priority !== 'number' || !(priority >= 0 && priority <= 100)) {
      throw argError('registerSystem', `bad priority for "${id}"`, priority, 'a number from 0 to 100 (lower runs first)', 'Use 50 unless the order matters.');
    }
    const existing = this.list.findIndex((s) => s.id === id);
    const entry: RegisteredSystem = { id, definition, priority, order: existing >= 0 ? this.list[existing]!.order : this.nextOrder++, enabled: definition.enabled !== false };
    const next = this.list.filter((s) => s.id !== id);
    next.push(entry);
    next.sort((a, b) => a.priority - b.priority || a.order - b.order);
    this.list = next;
  }

  /** Removes system `id`; returns whether it existed. Takes effect from the next phase. */
  unregisterSystem(id: string): boolean {
    const before = this.list.length;
    this.list = this.list.filter((s) => s.id !== id);
    return this.list.length !== before;
  }

  /** Enables or disables system `id`; returns whether it exists. */
  setSystemEnabled(id: string, enabled: boolean): boolean {
    const s = this.list.find((x) => x.id === id);
    if (s === undefined) return false;
    s.enabled = enabled;
    // The runtime also honours `definition.enabled === false` (a seed script may toggle it on its own object).
    if (Object.isExtensible(s.definition) || 'enabled' in s.definition) {
      try {
        s.definition.enabled = enabled;
      } catch {
        // A frozen definition: the registry's flag alone decides.
      }
    }
    return true;
  }

  /** True when system `id` is registered. */
  hasSystem(id: string): boolean {
    return this.list.some((s) => s.id === id);
  }

  /** Ids in run order. Allocates. */
  systemIds(): string[] {
    return this.list.map((s) => s.id);
  }

  /** The systems in run order (the array is replaced, never mutated, on registration: safe to iterate while systems register). */
  get systems(): readonly RegisteredSystem[] {
    return this.list;
  }
}
