/**
 * The framing half of the RenderCommandQueue's writer: appends one command record (type
 * `opcode | apiStyle << 8`, a fixed payload) into the ring, or into the ring's spill when the ring
 * is full or earlier records wait there (shared-memory/ring-spill.ts), and writes the payload
 * shapes several commands share (an id and three numbers, an id and a callback, an id and one
 * number, one word). CommandWriter (command-writer.ts) adds one named encoder per command of the
 * table on top. A refusing writer returns false when the ring is full and writes nothing; a
 * spilling writer never refuses (backpressure, never loss). No method throws after construction,
 * and none allocates except when a spill grows (under backpressure only).
 */
import { RingWriter } from '../shared-memory/ring-writer.ts';
import { SpillingRingWriter } from '../shared-memory/ring-spill.ts';
import { maxPayloadBytesFor } from '../shared-memory/ring-layout.ts';
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { COMMAND_PAYLOAD_BYTES, MAX_COMMAND_OPCODE } from './command-opcodes.ts';
import { API_STYLE_SHIFT, COMMAND_SPECS, type ApiStyle } from './command-table.ts';
import { PROTOCOL_CODES } from './error-codes.ts';
import { QUEUE_KINDS, checkQueueKind } from './queue-kind.ts';

/** Smallest command ring: the largest command must fit (a record is at most half the ring). */
export const MIN_COMMAND_RING_BYTES = 128;

// The largest game command sets the smallest ring; fact records (recording only) are larger and
// need a ring of at least MIN_RECORDING_RING_BYTES, which the engine checks when it records.
let largestCommand = 0;
for (let op = 1; op <= MAX_COMMAND_OPCODE; op++) if (COMMAND_SPECS[op]?.target !== 'facts') largestCommand = Math.max(largestCommand, COMMAND_PAYLOAD_BYTES[op]!);

/**
 * Appends command records to a RenderCommandQueue ring. Construct on the logic thread from the
 * buffer of createCommandQueueBuffer; throws TF1004/TF2006 for a wrong buffer, TF2005 for a ring
 * too small for the largest command.
 */
export class CommandRecordWriter {
  /** The underlying ring end (counters: totalEnqueued, fullEvents, highWaterBytes, ...). */
  readonly ring: RingWriter;
  /**
   * The spill in front of the ring when constructed with `spill: true` (then no method refuses:
   * a command that does not fit waits in the spill, in ring framing, and `spill.drain()` copies it
   * raw into the ring as space frees, order kept); null for a refusing writer.
   */
  readonly spill: SpillingRingWriter | null;
  protected i32: Int32Array;
  protected u32: Uint32Array;
  protected f32: Float32Array;
  protected f64: Float64Array;
  protected u8: Uint8Array;
  /** True while commands go straight into the ring (nothing waits in the spill). */
  private direct = true;
  /** The API style of the commands being written, already shifted into the record type. */
  protected styleBits = 0;

  /**
   * `spill` false (default): each method returns false when the ring is full and writes nothing.
   * `spill` true: each method always writes (into the ring, or its spill when full or when earlier
   * commands wait there) and returns true; drain the spill with `spill.drain()` each frame.
   */
  constructor(sab: SharedArrayBuffer, spill = false) {
    this.ring = new RingWriter(sab);
    checkQueueKind('CommandWriter.constructor', this.ring.kind, QUEUE_KINDS.COMMANDS, 'createCommandQueueBuffer');
    if (maxPayloadBytesFor(this.ring.capacityBytes) < largestCommand) {
      throw new TwinframeError(
        PROTOCOL_CODES.QUEUE_CAPACITY_INVALID.code,
        `CommandWriter.constructor: ring too small for the largest command; got ${this.ring.capacityBytes} bytes, expected at least ${MIN_COMMAND_RING_BYTES}. Allocate it with createCommandQueueBuffer().`,
      );
    }
    this.spill = spill ? new SpillingRingWriter(this.ring) : null;
    this.i32 = this.ring.i32;
    this.u32 = this.ring.u32;
    this.f32 = this.ring.f32;
    this.f64 = this.ring.f64;
    this.u8 = this.ring.u8;
  }

  /**
   * Appends a record header of `type` with `payloadBytes` and returns the payload's byte offset
   * into `i32/u32/f32`, or -1 when a refusing writer's ring is full. While nothing waits in the
   * spill (`direct`) this is the ring's own tryAppend: kept this small so the per-command encoders
   * inline into the script APIs and pass their numbers unboxed (logic-heap.test.ts guards it).
   */
  protected append(type: number, payloadBytes: number): number {
    if (this.direct) {
      const off = this.ring.tryAppend(type, payloadBytes);
      if (off >= 0) return off;
    }
    return this.appendSlow(type, payloadBytes);
  }

  /**
   * The ring was full or the spill holds records: -1 for a refusing writer; otherwise the record
   * goes into the spill (in order after the waiting ones) and the views point at it.
   */
  private appendSlow(type: number, payloadBytes: number): number {
    const spill = this.spill;
    if (spill === null) return -1;
    this.direct = false;
    const off = spill.append(type, payloadBytes);
    this.viewsOf(spill);
    return off;
  }

  /** Points the payload views at the ring's or the spill's storage (both expose the same five). */
  private viewsOf(storage: RingWriter | SpillingRingWriter): void {
    this.i32 = storage.i32;
    this.u32 = storage.u32;
    this.f32 = storage.f32;
    this.f64 = storage.f64;
    this.u8 = storage.u8;
  }

  /**
   * Copies the spill's waiting records raw into the ring (order kept) and publishes them; returns
   * how many still wait (0 for a refusing writer). Once none wait, commands go straight into the
   * ring again. Call at the start of each logic frame and before publishing.
   */
  drainSpill(): number {
    const spill = this.spill;
    if (spill === null) return 0;
    const waiting = spill.drain();
    if (waiting === 0 && !this.direct) {
      this.direct = true;
      this.viewsOf(this.ring);
    }
    return waiting;
  }

  /**
   * Which script API style issues the next commands (API_STYLES; default SEED): stored in each
   * record's type, so the engine's refusals name the API the game called. Set it before writing.
   */
  get apiStyle(): ApiStyle {
    return (this.styleBits >> API_STYLE_SHIFT) as ApiStyle;
  }
  set apiStyle(style: ApiStyle) {
    this.styleBits = style << API_STYLE_SHIFT;
  }

  /** Publishes every command written since the last flush (one atomic store); call once per frame. */
  flush(): void {
    this.ring.publish();
  }

  /**
   * Writes command `op` on `id` with three numbers: the shape of the table's id-and-three-f32
   * commands (UPDATE_POSITION, MOVE_BY, UPDATE_ORIENTATION, the camera pose commands and
   * SET_SOUND_POSITION), whose named methods call it. The script APIs send those by opcode.
   */
  idVec3(op: number, id: number, a: number, b: number, c: number): boolean {
    const q = this.appendWithId(op, id, 16);
    if (q < 0) return false;
    const f = this.f32;
    f[q + 1] = a; f[q + 2] = b; f[q + 3] = c;
    return true;
  }

  /**
   * Writes command `op` on `id` with the callback the engine answers on: the shape of the table's
   * id-and-callback commands (SET_ACTIVE_CAMERA, DESTROY_CAMERA), whose named methods call it.
   */
  idCallback(op: number, id: number, callbackId: number): boolean {
    const q = this.appendWithId(op, id, 8);
    if (q < 0) return false;
    this.u32[q + 1] = callbackId;
    return true;
  }

  /**
   * Writes command `op` on `id` with one number: the shape of UPDATE_SCALE and the playback
   * settings (SET_SOUND_VOLUME, _BALANCE, _SPEED). The id word keeps its bits whether the table
   * calls it i32 or u32.
   */
  protected idValue(op: number, id: number, value: number): boolean {
    const q = this.appendWithId(op, id, 8);
    if (q < 0) return false;
    this.f32[q + 1] = value;
    return true;
  }

  /**
   * Writes command `op` whose payload is one word: DESTROY_ENTITY, STOP_SOUND, FRAME_END (its
   * tick). The word keeps its bits whether the table calls it i32 or u32.
   */
  protected oneWord(op: number, word: number): boolean {
    return this.appendWithId(op, word, 4) >= 0;
  }

  /**
   * Appends a record of command `op` in the current API style with `payloadBytes`, writes `id` as
   * its first word (every command's payload starts with its entity, camera, sound, playback or
   * listener id; the word keeps its bits whether the table calls it i32 or u32), and returns the
   * payload's word index into `i32/u32/f32` for the other fields, or -1 when a refusing writer's
   * ring is full.
   */
  protected appendWithId(op: number, id: number, payloadBytes: number): number {
    const off = this.append(op | this.styleBits, payloadBytes);
    if (off < 0) return -1;
    const q = off >> 2;
    this.i32[q] = id;
    return q;
  }
}
