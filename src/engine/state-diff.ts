/**
 * Field-by-field comparison of two copies of a state (entity or camera records): what a replay's
 * divergence report names (docs/replay.md). Each side is a run of records of one schema (a
 * StateWriter's working copy, or a recorded keyframe rebuilt into a scratch writer); records are
 * matched by slot, and a slot live on one side only, or holding another id, is a missing or an
 * extra record. Field names are the schema's (`position[0]`, `color`, ...). Error path and tools
 * only: it allocates its report.
 */
import { ID_WORD, type StateSchema } from '../shared-memory/state-schema.ts';

/** A run of records of one schema: record `slot` starts at word `base + slot * schema.strideWords` of `i32`. */
export interface StateRecords {
  readonly i32: Int32Array;
  readonly base: number;
  /** Slots 0..high-1 may be live. */
  readonly high: number;
}

/** One field that differs; values decoded by the field's type (f32, i32 or u32). */
export interface FieldDifference {
  /** The schema's field name, with `[i]` for an element of a vector field (`position[2]`). */
  readonly field: string;
  readonly recorded: number;
  readonly replayed: number;
}

/** One record that differs between the recorded and the replayed state. */
export interface RecordDifference {
  /** `changed`: live on both sides with different fields; `missing`: only the recording has it; `extra`: only the replay. */
  readonly status: 'changed' | 'missing' | 'extra';
  readonly id: number;
  readonly slot: number;
  /** The differing fields (`changed`), or every field of the one side that has it (`missing`, `extra`). */
  readonly fields: readonly FieldDifference[];
}

/** The result of a comparison: the first `limit` differing records and how many differ in all. */
export interface StateDiff {
  readonly schema: string;
  readonly differences: readonly RecordDifference[];
  /** Records that differ, including those past `limit`. */
  readonly total: number;
}

/** The records of a StateWriter's working copy (the engine's own, latest state). */
export function writerRecords(writer: { readonly i32: Int32Array; readonly high: number; recordOffset(slot: number): number }): StateRecords {
  return { i32: writer.i32, base: writer.recordOffset(0), high: writer.high };
}

const scratch = new DataView(new ArrayBuffer(4));

function decode(type: 'f32' | 'i32' | 'u32', word: number): number {
  if (type === 'i32') return word;
  if (type === 'u32') return word >>> 0;
  scratch.setInt32(0, word, true);
  return scratch.getFloat32(0, true);
}

function fieldName(name: string, count: number, i: number): string {
  return count === 1 ? name : `${name}[${i}]`;
}

/** Every field of record `o` (the one side's view of a missing or extra record). */
function allFields(schema: StateSchema, i32: Int32Array, o: number, recordedSide: boolean): FieldDifference[] {
  const out: FieldDifference[] = [];
  for (const f of schema.fields) {
    if (f.name === 'id') continue;
    const at = schema.offsets[f.name]!;
    for (let i = 0; i < f.count; i++) {
      const v = decode(f.type, i32[o + at + i]!);
      out.push(recordedSide ? { field: fieldName(f.name, f.count, i), recorded: v, replayed: Number.NaN } : { field: fieldName(f.name, f.count, i), recorded: Number.NaN, replayed: v });
    }
  }
  return out;
}

/**
 * Compares `recorded` with `replayed` record by record (both of `schema`); returns the first
 * `limit` differing records in slot order and the total. Words are compared bit for bit, so a NaN
 * or a -0 that differs is a difference.
 */
export function diffStateRecords(schema: StateSchema, recorded: StateRecords, replayed: StateRecords, limit = 50): StateDiff {
  const stride = schema.strideWords;
  const high = Math.max(recorded.high, replayed.high);
  const differences: RecordDifference[] = [];
  let total = 0;
  const add = (d: RecordDifference): void => {
    total++;
    if (differences.length < limit) differences.push(d);
  };
  for (let slot = 0; slot < high; slot++) {
    const ro = recorded.base + slot * stride;
    const po = replayed.base + slot * stride;
    const rid = slot < recorded.high ? recorded.i32[ro + ID_WORD]! : 0;
    const pid = slot < replayed.high ? replayed.i32[po + ID_WORD]! : 0;
    if (rid === 0 && pid === 0) continue;
    if (rid !== pid) {
      if (rid !== 0) add({ status: 'missing', id: rid, slot, fields: allFields(schema, recorded.i32, ro, true) });
      if (pid !== 0) add({ status: 'extra', id: pid, slot, fields: allFields(schema, replayed.i32, po, false) });
      continue;
    }
    let fields: FieldDifference[] | null = null;
    for (const f of schema.fields) {
      if (f.name === 'id') continue;
      const at = schema.offsets[f.name]!;
      for (let i = 0; i < f.count; i++) {
        const a = recorded.i32[ro + at + i]!;
        const b = replayed.i32[po + at + i]!;
        if (a === b) continue;
        fields ??= [];
        fields.push({ field: fieldName(f.name, f.count, i), recorded: decode(f.type, a), replayed: decode(f.type, b) });
      }
    }
    if (fields !== null) add({ status: 'changed', id: rid, slot, fields });
  }
  return { schema: schema.name, differences, total };
}

/** One line per differing record: `entity 1048577 (slot 1) changed: position[0] 1.5 -> 2`. For reports. */
export function formatStateDiff(kind: string, diff: StateDiff): string[] {
  const lines: string[] = [];
  for (const d of diff.differences) {
    if (d.status === 'changed') {
      lines.push(`${kind} ${d.id} (slot ${d.slot}) changed: ${d.fields.map((f) => `${f.field} ${f.recorded} -> ${f.replayed}`).join(', ')}`);
    } else {
      lines.push(`${kind} ${d.id} (slot ${d.slot}) ${d.status === 'missing' ? 'is in the recording but not in the replay' : 'is in the replay but not in the recording'}`);
    }
  }
  if (diff.total > diff.differences.length) lines.push(`... and ${diff.total - diff.differences.length} more ${kind} record(s)`);
  return lines;
}
