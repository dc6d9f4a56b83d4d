/**
 * Delta coding of INPUT_FACTS records in a recording's frame events (format version 2): an
 * INPUT_FACTS record is the whole input state (~4.9 KB), written on every tick the input changed,
 * so a moving mouse made it most of a recording's bytes. In the file it is stored as an INPUT_DELTA
 * record, the slots that differ from the previous INPUT_FACTS of the stream as slot/value pairs,
 * whenever that is shorter; the decoder turns it back, so the decoded events hold INPUT_FACTS as the
 * ring carried them. Both ends start from an all-zero input and follow every frame event in file
 * order (a file is read from its start), so they agree on "previous". The engine recorder's log uses
 * the same record type for the flight window (recorder-log.ts).
 *
 * ```
 *  INPUT_DELTA ring record: length = 8 * pairs, type = INPUT_DELTA_TYPE, payload = (slot i32, value i32) * pairs
 * ```
 */
import { COMMAND_OPCODES } from './command-opcodes.ts';
import { INPUT_STATE_SLOTS } from './input-state.ts';
import { RECORD_HEADER_BYTES, RECORD_TAG } from '../shared-memory/ring-layout.ts';
import type { ByteSink } from './recording-events.ts';

/** Record type of an input delta (never in a ring: only in a recording or the recorder's log). */
export const INPUT_DELTA_TYPE = 0xff1d;
/** Payload bytes of a whole INPUT_FACTS record. */
export const INPUT_FACTS_BYTES = INPUT_STATE_SLOTS * 4;
const INPUT_FACTS = COMMAND_OPCODES.INPUT_FACTS;

function wordAt(u8: Uint8Array, byte: number): number {
  return u8[byte]! | (u8[byte + 1]! << 8) | (u8[byte + 2]! << 16) | (u8[byte + 3]! << 24);
}

/** Bytes a ring record of `length` payload bytes takes (header, payload padded to 8). */
function recordBytes(length: number): number {
  return RECORD_HEADER_BYTES + ((length + 7) & -8);
}

/** Whether the ring record at byte `p` is a whole INPUT_FACTS. */
function isInputFacts(records: Uint8Array, p: number): boolean {
  return (wordAt(records, p + 4) & 0xffff) === INPUT_FACTS && wordAt(records, p) === INPUT_FACTS_BYTES;
}

/** The end of the ring record at byte `p` of `records[..end)`, or -1 when no whole record frames there. */
function nextRecord(records: Uint8Array, p: number, end: number): number {
  if (end - p < RECORD_HEADER_BYTES) return -1;
  const length = wordAt(records, p);
  const next = p + recordBytes(length);
  return length < 0 || next > end ? -1 : next;
}

/** One end of a stream's input delta coding (an encoder's or a decoder's): the input as of the records seen. */
export class InputDeltaCoder {
  /** The input state after the last INPUT_FACTS (or delta) seen. */
  readonly state = new Int32Array(INPUT_STATE_SLOTS);
  private readonly pairs = new Int32Array(2 * INPUT_STATE_SLOTS);

  /**
   * Appends the ring records `records[start..end)` to `sink`, each INPUT_FACTS as an INPUT_DELTA
   * when that is shorter. Bytes that do not frame as records are copied as they are. Allocates
   * nothing (but the sink's growth).
   */
  write(sink: ByteSink, records: Uint8Array, start: number, end: number): void {
    let p = start;
    for (let next = nextRecord(records, p, end); next >= 0; p = next, next = nextRecord(records, p, end)) {
      if (isInputFacts(records, p)) this.writeInput(sink, records, p, next);
      else sink.copy(records, p, next);
    }
    if (p < end) sink.copy(records, p, end);
  }

  private writeInput(sink: ByteSink, records: Uint8Array, p: number, next: number): void {
    const state = this.state;
    const pairs = this.pairs;
    let n = 0;
    for (let k = 0, b = p + RECORD_HEADER_BYTES; k < INPUT_STATE_SLOTS; k++, b += 4) {
      const v = wordAt(records, b);
      if (v !== state[k]) {
        pairs[n++] = k;
        pairs[n++] = v;
        state[k] = v;
      }
    }
    const deltaLength = n * 4;
    if (recordBytes(deltaLength) >= next - p) {
      sink.copy(records, p, next);
      return;
    }
    const bytes = recordBytes(deltaLength);
    sink.reserve(bytes);
    const view = sink.view;
    let at = sink.length;
    view.setInt32(at, deltaLength, true);
    view.setInt32(at + 4, (RECORD_TAG << 16) | INPUT_DELTA_TYPE, true);
    at += RECORD_HEADER_BYTES;
    for (let k = 0; k < n; k++, at += 4) view.setInt32(at, pairs[k]!, true);
    if ((n & 1) === 1) view.setInt32(at, 0, true);
    sink.length += bytes;
  }

  /**
   * The ring records `records` with every INPUT_DELTA turned back into INPUT_FACTS (the same array
   * when it holds none), following the input state. Allocates a new array only for a frame with a
   * delta. A delta naming a slot outside the input state is skipped (the caller checked the file's CRC).
   */
  read(records: Uint8Array): Uint8Array {
    const state = this.state;
    let deltas = 0;
    let deltaBytes = 0;
    let p = 0;
    const end = records.byteLength;
    // Pass one: follow the state through whole INPUT_FACTS up to the first delta, count deltas.
    for (let next = nextRecord(records, p, end); next >= 0; p = next, next = nextRecord(records, p, end)) {
      if ((wordAt(records, p + 4) & 0xffff) === INPUT_DELTA_TYPE) {
        deltas++;
        deltaBytes += next - p;
      } else if (deltas === 0 && isInputFacts(records, p)) {
        this.take(records, p);
      }
    }
    if (deltas === 0) return records;
    const out = new Uint8Array(end - deltaBytes + deltas * recordBytes(INPUT_FACTS_BYTES));
    const view = new DataView(out.buffer);
    let w = 0;
    let seen = 0;
    p = 0;
    for (let next = nextRecord(records, p, end); next >= 0; p = next, next = nextRecord(records, p, end)) {
      const length = wordAt(records, p);
      if ((wordAt(records, p + 4) & 0xffff) === INPUT_DELTA_TYPE) {
        seen++;
        for (let b = p + RECORD_HEADER_BYTES; b + 8 <= p + RECORD_HEADER_BYTES + length; b += 8) {
          const slot = wordAt(records, b);
          if (slot >= 0 && slot < INPUT_STATE_SLOTS) state[slot] = wordAt(records, b + 4);
        }
        view.setInt32(w, INPUT_FACTS_BYTES, true);
        view.setInt32(w + 4, (RECORD_TAG << 16) | INPUT_FACTS, true);
        for (let k = 0; k < INPUT_STATE_SLOTS; k++) view.setInt32(w + RECORD_HEADER_BYTES + 4 * k, state[k]!, true);
        w += recordBytes(INPUT_FACTS_BYTES);
      } else {
        // A whole INPUT_FACTS after the frame's first delta moves the state on (before it, pass one did).
        if (seen > 0 && isInputFacts(records, p)) this.take(records, p);
        out.set(records.subarray(p, next), w);
        w += next - p;
      }
    }
    out.set(records.subarray(p, end), w);
    return out;
  }

  private take(records: Uint8Array, p: number): void {
    const state = this.state;
    for (let k = 0, b = p + RECORD_HEADER_BYTES; k < INPUT_STATE_SLOTS; k++, b += 4) state[k] = wordAt(records, b);
  }
}
