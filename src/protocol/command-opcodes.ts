/**
 * The RenderCommandQueue's opcode table (logic -> engine). A command is one ring record whose type
 * is the opcode and whose payload is a fixed list of 4-byte fields, in this order:
 *
 * ```
 *  opcode                       payload (4-byte fields: i = int32, u = uint32, f = float32)  bytes  record
 *  1 CREATE_MESH                i entityId, u callbackId, i meshTypeIndex, f x y z scale r g b a    44     56
 *  2 UPDATE_POSITION            i id, f x y z                                                       16     24
 *  3 MOVE_BY                    i id, f dx dy dz                                                    16     24
 *  4 UPDATE_ORIENTATION         i id, f yaw pitch roll (degrees)                                    16     24
 *  5 UPDATE_COLOR               i id, f r g b a (RGBA8 scale, sent as given: 300 or NaN survive)    20     32
 *  6 UPDATE_SCALE               i id, f scale                                                        8     16
 *  7 DESTROY_ENTITY             i id                                                                 4     16
 *  8 CREATE_CAMERA              i cameraId, u callbackId, f x y z yaw pitch roll, i typeIndex,
 *                               f fovDeg near far                                                   48     56
 *  9 UPDATE_CAMERA              i id, f x y z yaw pitch roll                                        28     40
 * 10 UPDATE_CAMERA_POSITION     i id, f x y z                                                       16     24
 * 11 UPDATE_CAMERA_ORIENTATION  i id, f yaw pitch roll                                              16     24
 * 12 MOVE_CAMERA                i id, f dx dy dz                                                    16     24
 * 13 CAMERA_LOOK_AT             i id, f tx ty tz                                                    16     24
 * 14 SET_ACTIVE_CAMERA          i id, u callbackId                                                   8     16
 * 15 UPDATE_CAMERA_TYPE         i id, i typeIndex, u callbackId                                     12     24
 * 16 DESTROY_CAMERA             i id, u callbackId                                                   8     16
 * 17 FRAME_END                  i tick (the logic frame whose commands end here)                     4     16
 * ```
 * (record = 8-byte ring header + payload rounded up to 8.) Ids are entity-id.ts ids (int32);
 * callback ids are uint32 (0 = no callback); numbers are float32, so values like 300 or NaN reach
 * the engine unchanged and it can report them. Mesh and camera types are interned indices
 * (mesh-types.ts, camera-types.ts).
 *
 * Adding a command: give it the next opcode here with its payload size and name, then a method in
 * CommandWriter, one in CommandHandler, and a case in CommandReader.drain (tests check the tables
 * agree). Opcodes are never reused.
 */

/** Opcode of each command (the ring record type). */
export const COMMAND_OPCODES = {
  CREATE_MESH: 1,
  UPDATE_POSITION: 2,
  MOVE_BY: 3,
  UPDATE_ORIENTATION: 4,
  UPDATE_COLOR: 5,
  UPDATE_SCALE: 6,
  DESTROY_ENTITY: 7,
  CREATE_CAMERA: 8,
  UPDATE_CAMERA: 9,
  UPDATE_CAMERA_POSITION: 10,
  UPDATE_CAMERA_ORIENTATION: 11,
  MOVE_CAMERA: 12,
  CAMERA_LOOK_AT: 13,
  SET_ACTIVE_CAMERA: 14,
  UPDATE_CAMERA_TYPE: 15,
  DESTROY_CAMERA: 16,
  FRAME_END: 17,
} as const;

/** One opcode value. */
export type CommandOpcode = (typeof COMMAND_OPCODES)[keyof typeof COMMAND_OPCODES];

/** Bytes per field: every field is 4 bytes. */
export const COMMAND_FIELD_BYTES = 4;

/** Number of 4-byte fields of each opcode's payload (index = opcode; 0 = unused opcode). */
const FIELD_COUNTS: readonly number[] = [0, 11, 4, 4, 4, 5, 2, 1, 12, 7, 4, 4, 4, 4, 2, 3, 2, 1];

/** Largest opcode in use. */
export const MAX_COMMAND_OPCODE = FIELD_COUNTS.length - 1;

/**
 * Payload bytes of each opcode, indexed by opcode; -1 for an unknown opcode. The reader rejects a
 * record whose length differs (TF2002). Sized 65536 so any ring type indexes it without a bounds check.
 */
export const COMMAND_PAYLOAD_BYTES: Int32Array = (() => {
  const t = new Int32Array(0x10000).fill(-1);
  for (let op = 1; op <= MAX_COMMAND_OPCODE; op++) t[op] = FIELD_COUNTS[op]! * COMMAND_FIELD_BYTES;
  return t;
})();

/** Name of each opcode, indexed by opcode ('' for 0). For diagnostics only. */
export const COMMAND_NAMES: readonly string[] = (() => {
  const names: string[] = new Array<string>(MAX_COMMAND_OPCODE + 1).fill('');
  for (const [name, op] of Object.entries(COMMAND_OPCODES)) names[op] = name;
  return names;
})();

/** The name of `opcode`, or `unknown opcode N`. Allocates; diagnostics only. */
export function commandName(opcode: number): string {
  return (opcode >= 1 && opcode <= MAX_COMMAND_OPCODE && COMMAND_NAMES[opcode]) || `unknown opcode ${opcode}`;
}

/** Default RenderCommandQueue capacity: 1 MiB holds ~43,000 update-position commands. */
export const DEFAULT_COMMAND_RING_BYTES = 1 << 20;
