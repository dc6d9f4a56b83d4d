/**
 * The RenderCommandQueue's opcodes, payload sizes and names, all derived from the command table
 * (command-table.ts, where each command is declared once). A command is one ring record whose type
 * is `opcode | apiStyle << 8` and whose payload is the command's fields, 4 bytes each, in table
 * order (see docs/AsyncArchitecturePhases.md for the generated reference table). Ids are
 * entity-id.ts ids (int32); callback ids are uint32 (0 = no callback); numbers are float32, so
 * values like 300 or NaN reach the engine unchanged and it can report them. Mesh and camera types
 * are interned indices (mesh-types.ts, camera-types.ts).
 */
import { API_STYLE_COUNT, API_STYLE_SHIFT, COMMAND_SPECS, COMMAND_TABLE, OPCODE_MASK } from './command-table.ts';
import type { CommandName } from './command-table.ts';

type Table = typeof COMMAND_TABLE;

/** Opcode of each command (the low byte of the ring record type), from the table. */
export const COMMAND_OPCODES = Object.freeze(Object.fromEntries(COMMAND_TABLE.map((c) => [c.name, c.opcode]))) as {
  readonly [C in Table[number] as C['name']]: C['opcode'];
};

/** One opcode value. */
export type CommandOpcode = Table[number]['opcode'];
export type { CommandName };

/** Bytes per field: every field is 4 bytes. */
export const COMMAND_FIELD_BYTES = 4;

/** Largest opcode in use. */
export const MAX_COMMAND_OPCODE = COMMAND_SPECS.length - 1;

/**
 * Payload bytes of each record type (`opcode | apiStyle << 8`), indexed by type; -1 for an unknown
 * type. The reader rejects a record whose length differs (TF2002). Sized 65536 so any ring type
 * indexes it without a bounds check.
 */
export const COMMAND_PAYLOAD_BYTES: Int32Array = (() => {
  const t = new Int32Array(0x10000).fill(-1);
  for (const spec of COMMAND_TABLE) {
    for (let style = 0; style < API_STYLE_COUNT; style++) t[spec.opcode | (style << API_STYLE_SHIFT)] = spec.fields.length * COMMAND_FIELD_BYTES;
  }
  return t;
})();

/** Name of each opcode, indexed by opcode ('' for 0). For diagnostics only. */
export const COMMAND_NAMES: readonly string[] = Array.from(COMMAND_SPECS, (s) => s?.name ?? '');

/** The name of a record type's opcode, or `unknown opcode N`. Allocates; diagnostics only. */
export function commandName(type: number): string {
  const spec = COMMAND_PAYLOAD_BYTES[type & 0xffff]! >= 0 ? COMMAND_SPECS[type & OPCODE_MASK] : undefined;
  return spec?.name ?? `unknown opcode ${type}`;
}

/** Default RenderCommandQueue capacity: 1 MiB holds ~43,000 update-position commands. */
export const DEFAULT_COMMAND_RING_BYTES = 1 << 20;
