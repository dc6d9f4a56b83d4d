/**
 * Reading the logic's fact records (INPUT_FACTS, CALLBACK_FACTS, and a tick's own facts: carried by
 * its FRAME_END while recording from format version 4 on, a TICK_FACTS record before it in versions
 * 1 to 3; command-table.ts) and walking framed ring records copied raw (a recording's
 * EngineFrameEvent.records): what the replay driver and the tools need to find, per tick, what the
 * recorded logic consumed. Allocation-free except where a function says it returns something new.
 */
import { COMMAND_OPCODES } from './command-opcodes.ts';
import { OPCODE_MASK } from './command-table.ts';
import { INPUT_STATE_SLOTS } from './input-state.ts';

export const { TICK_FACTS, INPUT_FACTS, CALLBACK_FACTS, FRAME_END } = COMMAND_OPCODES;

/**
 * Payload bytes of a FRAME_END that carries its tick's facts (a recording worker's, format version
 * 4): word 0 the tick (as in every FRAME_END), word 1 reserved (0), the raw dt as an f64 in words
 * 2-3 (8-aligned), then the entity and camera snapshots' ENGINE_FRAME_WORD, the callback count and
 * the incarnation. A FRAME_END without facts is the table's one word.
 */
export const FRAME_END_FACTS_BYTES = 32;

/** What one logic tick consumed (its FRAME_END's facts; TICK_FACTS in format versions 1 to 3). */
export interface TickFacts {
  tick: number;
  /** Raw dt in seconds (what `ctx.time.rawDt` was; the virtual clock advanced by it). */
  rawDt: number;
  /** ENGINE_FRAME_WORD of the entity and camera snapshots the tick read. */
  entityFrame: number;
  cameraFrame: number;
  /** Callback records delivered to the tick (as many CALLBACK_FACTS follow). */
  callbacks: number;
  incarnation: number;
}

/** A zeroed TickFacts to decode into. Allocates. */
export function createTickFacts(): TickFacts {
  return { tick: 0, rawDt: 0, entityFrame: 0, cameraFrame: 0, callbacks: 0, incarnation: 0 };
}

/** Decodes the TICK_FACTS payload at byte `payloadOffset` (8-aligned) of `bytes` into `out`. */
export function readTickFacts(bytes: Uint8Array, payloadOffset: number, out: TickFacts): TickFacts {
  const v = new DataView(bytes.buffer, bytes.byteOffset + payloadOffset, 28);
  out.rawDt = v.getFloat64(0, true);
  out.tick = v.getInt32(8, true);
  out.entityFrame = v.getInt32(12, true);
  out.cameraFrame = v.getInt32(16, true);
  out.callbacks = v.getInt32(20, true);
  out.incarnation = v.getInt32(24, true);
  return out;
}

/**
 * Decodes the facts of the FRAME_END payload at byte `payloadOffset` (8-aligned) of `bytes` into
 * `out` (a payload of FRAME_END_FACTS_BYTES: check the record's length first).
 */
export function readFrameEndFacts(bytes: Uint8Array, payloadOffset: number, out: TickFacts): TickFacts {
  const v = new DataView(bytes.buffer, bytes.byteOffset + payloadOffset, FRAME_END_FACTS_BYTES);
  out.tick = v.getInt32(0, true);
  out.rawDt = v.getFloat64(8, true);
  out.entityFrame = v.getInt32(16, true);
  out.cameraFrame = v.getInt32(20, true);
  out.callbacks = v.getInt32(24, true);
  out.incarnation = v.getInt32(28, true);
  return out;
}

/**
 * Decodes the tick facts a record carries into `out` and returns true: a FRAME_END of
 * FRAME_END_FACTS_BYTES (format version 4) or a TICK_FACTS (versions 1 to 3); false (and `out`
 * untouched) for any other record. `opcode`, `payloadOffset` and `payloadLength` as forEachRecord
 * gives them.
 */
export function readTickFactsOf(bytes: Uint8Array, opcode: number, payloadOffset: number, payloadLength: number, out: TickFacts): boolean {
  if (opcode === FRAME_END) {
    if (payloadLength !== FRAME_END_FACTS_BYTES) return false;
    readFrameEndFacts(bytes, payloadOffset, out);
    return true;
  }
  if (opcode !== TICK_FACTS) return false;
  readTickFacts(bytes, payloadOffset, out);
  return true;
}

/** Copies the INPUT_FACTS payload at `payloadOffset` of `bytes` into `out` (INPUT_STATE_SLOTS words). */
export function readInputFacts(bytes: Uint8Array, payloadOffset: number, out: Int32Array): Int32Array {
  const v = new DataView(bytes.buffer, bytes.byteOffset + payloadOffset, INPUT_STATE_SLOTS * 4);
  for (let k = 0; k < INPUT_STATE_SLOTS; k++) out[k] = v.getInt32(k * 4, true);
  return out;
}

/**
 * Calls `visit(opcode, type, payloadOffset, payloadLength)` for each record framed as in the ring
 * (length word, tag/type word, payload padded to 8) in `bytes[0, end)`; stops early when `visit`
 * returns false. Returns the records visited. Bad framing ends the walk (the count so far).
 */
export function forEachRecord(bytes: Uint8Array, visit: (opcode: number, type: number, payloadOffset: number, payloadLength: number) => boolean | void, end: number = bytes.length): number {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  let n = 0;
  while (at + 8 <= end) {
    const length = v.getInt32(at, true);
    const type = v.getInt32(at + 4, true) & 0xffff;
    if (length < 0 || at + 8 + length > end) break;
    n++;
    if (visit(type & OPCODE_MASK, type, at + 8, length) === false) break;
    at += 8 + ((length + 7) & -8);
  }
  return n;
}
