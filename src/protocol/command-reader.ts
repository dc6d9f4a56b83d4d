/**
 * Decoder side of the RenderCommandQueue (engine thread). `drain` decodes each record in place and
 * calls the entity, camera or audio system's method for it with plain numbers (the targets of
 * command-targets.ts; one case per payload shape of the command table, command-table.ts, and
 * test/protocol/command-table.test.ts checks they agree), so draining is allocation-free. Every record is validated before dispatch:
 * - unknown opcode (TF2001) or a payload length that does not match the opcode (TF2002): the ring
 *   framing is intact, so only that record is skipped (resynchronised at the next record);
 * - broken framing (TF1005, from the ring): the reader resets, discarding every published record,
 *   and drain returns; the writer's later records are read normally.
 * Each is reported through `sink.onMalformed(code, type, length)`. drain never throws into the
 * caller's frame (unless a target itself throws) and does at most `maxCommands` records of work,
 * and never more than one ring's worth (capacity / 16 records, the smallest command's size), so a
 * producer that keeps publishing cannot keep one drain call running.
 * Records are read in spans (RingReader.openSpan: one write-index load and no reader field store
 * per record; the ring's framing rules are checked here, per header). Each record is consumed before
 * its target method runs and the span is closed in a finally, so a throwing target never sees its
 * record again; its fields are copied to locals before the call. A target must not drain the same
 * reader from inside a drain. A run of update-position records goes to the target in one call (updatePositionRun).
 */
import { RingReader } from '../shared-memory/ring-reader.ts';
import * as ringLayout from '../shared-memory/ring-layout.ts';
import { SHARED_MEMORY_CODES } from '../shared-memory/error-codes.ts';
import { COMMAND_OPCODES, COMMAND_PAYLOAD_BYTES } from './command-opcodes.ts';
import { OPCODE_MASK } from './command-table.ts';
import { PROTOCOL_CODES } from './error-codes.ts';
import { QUEUE_KINDS, checkQueueKind } from './queue-kind.ts';
import { applyAudioCommand } from './command-audio-dispatch.ts';
import type { CommandSink, CommandTap } from './command-sink.ts';

export type { CommandSink, CommandTap } from './command-sink.ts';

// Module-local copies: V8 folds module-local consts into optimized code but loads and hole-checks
// imported bindings (and property loads on imported objects) on every use, in every switch case.
const {
  CREATE_MESH, UPDATE_POSITION, MOVE_BY, UPDATE_ORIENTATION, UPDATE_COLOR, UPDATE_SCALE,
  DESTROY_ENTITY, CREATE_CAMERA, UPDATE_CAMERA, UPDATE_CAMERA_POSITION, UPDATE_CAMERA_ORIENTATION, MOVE_CAMERA,
  CAMERA_LOOK_AT, SET_ACTIVE_CAMERA, UPDATE_CAMERA_TYPE, DESTROY_CAMERA, FRAME_END,
  TICK_FACTS, INPUT_FACTS, CALLBACK_FACTS,
} = COMMAND_OPCODES;
const PAYLOAD_BYTES = COMMAND_PAYLOAD_BYTES;
const OPCODE_BITS = OPCODE_MASK;
const { PADDING_TYPE, RECORD_HEADER_BYTES, RECORD_TAG, RECORD_TYPE_MASK, RING_CORRUPT, RING_EMPTY } = ringLayout;

/** Bytes of the smallest command record (8-byte header + 8-byte padded payload). */
const MIN_COMMAND_RECORD_BYTES = 16;
const CODE_UNKNOWN = PROTOCOL_CODES.COMMAND_OPCODE_UNKNOWN.code;
const CODE_LENGTH = PROTOCOL_CODES.COMMAND_LENGTH_INVALID.code;
const CODE_FRAMING = SHARED_MEMORY_CODES.RING_FRAMING_CORRUPT.code;

/** Reads commands from a RenderCommandQueue ring. Construct on the engine thread. */
export class CommandReader {
  /** The underlying ring end (counters, waitForData, corruptResets). */
  readonly ring: RingReader;
  /** Records rejected so far (unknown opcode, bad length, or framing resets). */
  malformedRecords = 0;
  /** Sees every record taken, raw (recording); null: no copy at all. */
  tap: CommandTap | null = null;
  private readonly i32: Int32Array;
  private readonly u32: Uint32Array;
  private readonly f32: Float32Array;
  private readonly maxPerDrain: number;
  /** Valid records the current drain dispatched (walk adds to it). */
  private dispatched = 0;

  /** Throws TF1004/TF2006 for a buffer that is not a command queue. */
  constructor(sab: SharedArrayBuffer) {
    this.ring = new RingReader(sab);
    checkQueueKind('CommandReader.constructor', this.ring.kind, QUEUE_KINDS.COMMANDS, 'createCommandQueueBuffer');
    this.i32 = this.ring.i32;
    this.u32 = this.ring.u32;
    this.f32 = this.ring.f32;
    this.maxPerDrain = this.ring.capacityBytes / MIN_COMMAND_RECORD_BYTES;
  }

  /**
   * Decodes up to `maxCommands` records (valid or not; at most capacity / 16), dispatches each valid
   * one straight to its target (counted in `sink.applied` or `sink.rejected`) or to `sink.frameEnd`,
   * and returns how many valid records were dispatched.
   * Ends with the ring's flushLazy (released space goes back to the writer when a sixteenth of the
   * ring is unpublished or the writer is starved), done once: when drain stops at an empty ring,
   * the load that found it empty did it. Allocates nothing.
   */
  drain(sink: CommandSink, maxCommands: number): number {
    const ring = this.ring;
    const limit = maxCommands < this.maxPerDrain ? maxCommands : this.maxPerDrain;
    const chunk = ring.releaseBatchBytes;
    this.dispatched = 0;
    let n = 0;
    let span = 0;
    while (n < limit) {
      span = ring.openSpan();
      if (span < 0) break;
      const start = ring.offset;
      const end = start + span;
      // Walked a chunk at a time, so released space goes back to the writer as often as with
      // per-record takes.
      const walked = this.walk(sink, start, span < chunk ? end : start + chunk, end, limit - n);
      if (walked < 0) break;
      n += walked;
    }
    if (span === RING_CORRUPT) this.malformed(sink, CODE_FRAMING, ring.lastCorruptType, ring.lastCorruptLength);
    // RING_EMPTY: openSpan's write-index load found nothing and already did the lazy flush.
    else if (span !== RING_EMPTY) ring.flushLazy();
    return this.dispatched;
  }

  /**
   * The hot loop of drain, in its own function (inlined into drain's span loop it was compiled by
   * on-stack replacement, which V8 kept deoptimizing and re-entering): walks the open span's
   * records from `start` up to `stop` (within the span, which ends at `end`), at most `budget` of
   * them, dispatching each valid one; closes the span after the last record it consumed, also when
   * a target throws. Stops before a padding record (openSpan skips it). Returns the records walked
   * (valid or not), or -1 when the framing was broken (the ring reset, reported to the sink).
   */
  private walk(sink: CommandSink, start: number, stop: number, end: number, budget: number): number {
    const ring = this.ring;
    const i32 = this.i32;
    const u32 = this.u32;
    const f = this.f32;
    const e = sink.entities;
    const c = sink.cameras;
    const audio = sink.audio;
    const tap = this.tap;
    // Counted in locals and added to the sink once per walk (also when a target throws): a register
    // increment per command instead of a field store. Likewise the position: no reader field store
    // and no write-index load per record.
    let pos = start;
    let records = 0;
    let done = 0;
    let applied = 0;
    let refused = 0;
    let open = true;
    try {
      while (records < budget && pos < stop) {
        const h = pos >> 2;
        const len = i32[h]!;
        const word = i32[h + 1]!;
        // The ring's framing rules (ring-layout.ts), checked here per record: the tag, a length
        // within the span (whose end is a record boundary the writer published).
        if (word >>> 16 !== RECORD_TAG || (len >>> 0) > end - pos - RECORD_HEADER_BYTES) {
          open = false;
          ring.closeSpan(pos - start, records);
          ring.corrupt(len, word);
          this.malformed(sink, CODE_FRAMING, ring.lastCorruptType, ring.lastCorruptLength);
          return -1;
        }
        const type = word & RECORD_TYPE_MASK;
        // Padding fills the storage to its end: the span closes before it; openSpan checks and skips it.
        if (type === PADDING_TYPE) break;
        const recordBytes = RECORD_HEADER_BYTES + ((len + 7) & -8);
        // Consumed before dispatch: a throwing target never sees its record again (finally closes the span).
        pos += recordBytes;
        records++;
        if (tap !== null) tap.record(i32, h, recordBytes >> 2);
        const expected = PAYLOAD_BYTES[type]!;
        const op = type & OPCODE_BITS;
        // (A CALLBACK_FACTS payload carries its callback's message after the fields: only at least as long.)
        if (expected !== len && !(len > expected && expected >= 0 && op === CALLBACK_FACTS)) {
          this.malformed(sink, expected < 0 ? CODE_UNKNOWN : CODE_LENGTH, type, len);
          continue;
        }
        const q = h + 2;
        const id = i32[q]!;
        sink.origin = type;
        let ok: boolean;
        // Commands of one payload shape (the writer's idVec3, idCallback) are decoded by one case
        // and handed to their own method.
        switch (op) {
          case UPDATE_POSITION: {
            // Later records with the same header (type, API style, so length), whole in the span, join its run: one target call.
            let run = 1;
            for (; records < budget && pos < stop && i32[(pos >> 2) + 1] === word && i32[pos >> 2] === len && pos + recordBytes <= end; run++, records++, pos += recordBytes) {
              if (tap !== null) tap.record(i32, pos >> 2, recordBytes >> 2);
            }
            const ran = e.updatePositionRun(i32, f, q, run, recordBytes >> 2);
            done += run; applied += ran; refused += run - ran;
            continue;
          }
          case MOVE_BY:
          case UPDATE_ORIENTATION:
            ok = op === MOVE_BY ? e.moveBy(id, f[q + 1]!, f[q + 2]!, f[q + 3]!) : e.updateOrientation(id, f[q + 1]!, f[q + 2]!, f[q + 3]!);
            break;
          case CREATE_MESH: {
            const cb = u32[q + 1]!, mesh = i32[q + 2]!;
            const x = f[q + 3]!, y = f[q + 4]!, z = f[q + 5]!, s = f[q + 6]!;
            const r = f[q + 7]!, g = f[q + 8]!, b = f[q + 9]!, a = f[q + 10]!;
            ok = e.createMesh(id, cb, mesh, x, y, z, s, r, g, b, a);
            break;
          }
          case UPDATE_COLOR: {
            const r = f[q + 1]!, g = f[q + 2]!, b = f[q + 3]!, a = f[q + 4]!;
            ok = e.updateColor(id, r, g, b, a);
            break;
          }
          case UPDATE_SCALE:
            ok = e.updateScale(id, f[q + 1]!);
            break;
          case DESTROY_ENTITY:
            ok = e.destroyEntity(id);
            break;
          case FRAME_END:
            done++;
            sink.frameEnd(id);
            continue;
          case TICK_FACTS:
          case INPUT_FACTS:
          case CALLBACK_FACTS:
            // Recording facts: nothing to apply (the tap, when recording, copied them).
            done++;
            continue;
          case CREATE_CAMERA: {
            const cb = u32[q + 1]!;
            const x = f[q + 2]!, y = f[q + 3]!, z = f[q + 4]!;
            const yaw = f[q + 5]!, pitch = f[q + 6]!, roll = f[q + 7]!;
            const ct = i32[q + 8]!, fov = f[q + 9]!, near = f[q + 10]!, far = f[q + 11]!;
            ok = c.createCamera(id, cb, x, y, z, yaw, pitch, roll, ct, fov, near, far);
            break;
          }
          case UPDATE_CAMERA: {
            const x = f[q + 1]!, y = f[q + 2]!, z = f[q + 3]!;
            const yaw = f[q + 4]!, pitch = f[q + 5]!, roll = f[q + 6]!;
            ok = c.updateCamera(id, x, y, z, yaw, pitch, roll);
            break;
          }
          case UPDATE_CAMERA_POSITION:
          case UPDATE_CAMERA_ORIENTATION:
          case MOVE_CAMERA:
          case CAMERA_LOOK_AT: {
            const x = f[q + 1]!, y = f[q + 2]!, z = f[q + 3]!;
            ok = op === UPDATE_CAMERA_POSITION ? c.updateCameraPosition(id, x, y, z)
              : op === UPDATE_CAMERA_ORIENTATION ? c.updateCameraOrientation(id, x, y, z)
                : op === MOVE_CAMERA ? c.moveCamera(id, x, y, z) : c.cameraLookAt(id, x, y, z);
            break;
          }
          case SET_ACTIVE_CAMERA:
          case DESTROY_CAMERA: {
            const cb = u32[q + 1]!;
            ok = op === SET_ACTIVE_CAMERA ? c.setActiveCamera(id, cb) : c.destroyCamera(id, cb);
            break;
          }
          case UPDATE_CAMERA_TYPE: {
            const ct = i32[q + 1]!, cb = u32[q + 2]!;
            ok = c.updateCameraType(id, ct, cb);
            break;
          }
          default: {
            // Audio (rare: decoded out of the loop). Refused as unknown: audio for a sink without an
            // audio target (a benchmark's), or an opcode COMMAND_PAYLOAD_BYTES knows and no case
            // does (a table/switch mismatch the table-agreement test catches).
            const outcome = audio === undefined ? -1 : applyAudioCommand(audio, op, u32, f, q);
            if (outcome < 0) {
              this.malformed(sink, CODE_UNKNOWN, type, len);
              continue;
            }
            ok = outcome === 1;
          }
        }
        done++;
        if (ok) applied++;
        else refused++;
      }
    } finally {
      if (open && records !== 0) ring.closeSpan(pos - start, records);
      this.dispatched += done;
      sink.applied += applied;
      sink.rejected += refused;
    }
    return records;
  }

  /** Counts and reports a record drain refuses (the sink's onMalformed says which and why). */
  private malformed(sink: CommandSink, code: string, type: number, length: number): void {
    this.malformedRecords++;
    sink.onMalformed(code, type, length);
  }
}
