/**
 * Declarative record schemas for StateBuffer: a list of fields, each a name, an element type and a
 * count. Every element is one 4-byte word, so a record is `strideWords` words and every field sits
 * at a fixed word offset inside it. Word 0 of every record is the record's id (`i32`), which is
 * how a slot says whether it is live (id !== 0) and whom it belongs to (ids carry a generation).
 */
import { TwinframeError } from './twinframe-error.ts';
import { SHARED_MEMORY_CODES } from './error-codes.ts';

/** Element type of a field: every element is one 4-byte word. */
export type StateElementType = 'f32' | 'i32' | 'u32';

/** One field of a record: `count` consecutive elements of `type`. */
export interface StateFieldSpec {
  readonly name: string;
  readonly type: StateElementType;
  /** Number of elements (1 for a scalar, 3 for a vector); default 1. */
  readonly count?: number;
}

/** A compiled schema: field offsets in words and the record stride. */
export interface StateSchema {
  /** Name of the schema, for messages (e.g. `EntityState`). */
  readonly name: string;
  readonly fields: readonly Required<StateFieldSpec>[];
  /** Word offset of each field inside a record, by field name. */
  readonly offsets: Readonly<Record<string, number>>;
  /** Words per record (sum of the field counts, including the id word). */
  readonly strideWords: number;
  /** A 31-bit hash of the names, types and counts: both ends must agree on it. */
  readonly hash: number;
}

/** Name of the implicit first field. */
export const ID_FIELD = 'id';
/** Word offset of the id inside every record. */
export const ID_WORD = 0;

/**
 * Compiles a schema. The `id` field (i32, word 0) is added first; throws TF1008 for a duplicate or
 * empty name, a count outside 1..64 or an unknown element type (a programming error at startup).
 *
 * @example
 * ```ts
 * const PARTICLE = defineStateSchema('Particle', [
 *   { name: 'position', type: 'f32', count: 3 },
 *   { name: 'color', type: 'u32' },
 * ]);
 * PARTICLE.offsets.position; // 1
 * ```
 */
export function defineStateSchema(name: string, fields: readonly StateFieldSpec[]): StateSchema {
  const all: Required<StateFieldSpec>[] = [{ name: ID_FIELD, type: 'i32', count: 1 }];
  const offsets: Record<string, number> = { [ID_FIELD]: ID_WORD };
  let stride = 1;
  let hash = 17;
  for (const f of fields) {
    const count = f.count ?? 1;
    if (typeof f.name !== 'string' || f.name === '' || f.name in offsets) {
      throw schemaError(name, `field name ${JSON.stringify(f.name)} is empty or used twice`);
    }
    if (f.type !== 'f32' && f.type !== 'i32' && f.type !== 'u32') {
      throw schemaError(name, `field ${f.name} has type ${JSON.stringify(f.type)}; expected 'f32', 'i32' or 'u32'`);
    }
    if (!Number.isInteger(count) || count < 1 || count > 64) {
      throw schemaError(name, `field ${f.name} has count ${String(count)}; expected an integer in 1..64`);
    }
    offsets[f.name] = stride;
    all.push({ name: f.name, type: f.type, count });
    stride += count;
    const sig = `${f.name}:${f.type}:${count};`;
    for (let i = 0; i < sig.length; i++) hash = (Math.imul(hash, 31) + sig.charCodeAt(i)) | 0;
  }
  return { name, fields: all, offsets, strideWords: stride, hash: hash & 0x7fffffff };
}

function schemaError(name: string, what: string): TwinframeError {
  return new TwinframeError(
    SHARED_MEMORY_CODES.STATE_SCHEMA_INVALID.code,
    `defineStateSchema(${name}): ${what}. Give each field a unique name, a type of f32/i32/u32 and a count of 1-64.`,
  );
}
