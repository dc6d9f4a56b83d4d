/**
 * The recorder's arena (src/engine/recorder-log.ts): frames of raw ring records, trimmed to the
 * flight window (old frames keep their facts, lose their commands; old keyframes go; old
 * INPUT_FACTS shrink to deltas), read back in order with every INPUT_FACTS exactly as recorded.
 */
import { describe, expect, it } from 'vitest';
import { RecorderLog } from '../../src/engine/recorder-log.ts';
import { ENTRY_HEADER_WORDS } from '../../src/engine/recorder-entries.ts';
import { expandFrame } from '../../src/engine/recorder-window.ts';
import { Recorder } from '../../src/engine/recorder.ts';
import { CommandWriter, createCommandQueueBuffer } from '../../src/protocol/command-writer.ts';
import { CommandReader } from '../../src/protocol/command-reader.ts';
import { INPUT_STATE_SLOTS, MOUSE_X_SLOT, MOUSE_Y_SLOT } from '../../src/protocol/input-state.ts';
import { COMMAND_OPCODES } from '../../src/protocol/command-opcodes.ts';
import { forEachRecord } from '../../src/protocol/logic-facts.ts';
import type { CommandSink } from '../../src/protocol/command-reader.ts';
import type { EngineFrameEvent } from '../../src/protocol/recording.ts';

const sink = { entities: {}, cameras: {}, origin: 0, applied: 0, rejected: 0, frameEnd() {}, onMalformed() {} } as unknown as CommandSink;
// The drain dispatches moveBy to its target; a recording needs only the tap.
(sink.entities as unknown as Record<string, unknown>)['moveBy'] = () => true;

/** Runs `frames` frames of a stand-in logic (a move, its facts, input changing every frame) through a real ring into a log. */
function fill(log: RecorderLog, frames: number, msPerFrame: number): Int32Array[] {
  const sab = createCommandQueueBuffer(1 << 16);
  const w = new CommandWriter(sab);
  const r = new CommandReader(sab);
  r.tap = log;
  const inputs: Int32Array[] = [];
  const state = new Int32Array(INPUT_STATE_SLOTS);
  for (let f = 1; f <= frames; f++) {
    w.moveBy(1, f, 0, 0);
    w.tickFacts(1 / 60, f, f, f, 0, 1);
    state[MOUSE_X_SLOT] = f * 256;
    if (f % 7 === 0) state[MOUSE_Y_SLOT] = f; // some ticks change two slots
    if (f % 50 === 0) state.fill(f, 0, 700); // and a few change most of them (the delta would be bigger)
    w.inputFacts(state);
    inputs.push(state.slice());
    w.frameEnd(f);
    w.flush();
    r.drain(sink, 1000);
    log.closeFrame(f, 1, f * msPerFrame);
  }
  return inputs;
}

/** The INPUT_FACTS payloads of the log, read back in order. */
function inputsOf(log: RecorderLog): Int32Array[] {
  const state = new Int32Array(INPUT_STATE_SLOTS);
  const out: Int32Array[] = [];
  log.forEachEntry(0, (at) => {
    const bytes = expandFrame(log, at, state) ?? log.u8.slice((at + 8) * 4, (at + 8) * 4 + log.i32[at + 6]!);
    forEachRecord(bytes, (op, _type, off, len) => {
      if (op === COMMAND_OPCODES.INPUT_FACTS) out.push(new Int32Array(bytes.slice(off, off + len).buffer));
    });
  });
  return out;
}

describe('RecorderLog', () => {
  it('trims old frames to their facts, shrinks their input to deltas, and reads every input back exactly', () => {
    const log = new RecorderLog(1024);
    const inputs = fill(log, 300, 10);
    const before = log.bytes;
    log.trim(2000); // frames 1..199 are older than the window
    // 199 old frames of ~5 KB (mostly the input) shrink to tens of bytes each; the 101 recent ones stay whole.
    expect(log.bytes, 'the old frames shrank').toBeLessThan(before * 0.4);
    const read = inputsOf(log);
    expect(read.length).toBe(300);
    for (let f = 0; f < 300; f++) expect(Array.from(read[f]!), `tick ${f + 1}'s input`).toEqual(Array.from(inputs[f]!));
    let oldMoves = 0;
    let recentMoves = 0;
    log.forEachEntry(0, (at) => {
      const frame = log.i32[at + 2]!;
      forEachRecord(log.u8.subarray((at + 8) * 4, (at + 8) * 4 + log.i32[at + 6]!), (op) => {
        if (op === COMMAND_OPCODES.MOVE_BY) {
          if (frame < 200) oldMoves++;
          else recentMoves++;
        }
      });
    });
    expect([oldMoves, recentMoves], 'commands only in the window').toEqual([0, 101]);
    // A second trim continues where the first stopped, and the state carries over.
    fill(log, 50, 10);
    log.trim(1e9);
    expect(inputsOf(log).length).toBe(350);
  });

  it('the recorder hands the trimmed log to a file with full INPUT_FACTS', () => {
    let now = 0;
    const rec = new Recorder({
      header: { formatVersion: 1, twinframeVersion: '', bundleHash: '', host: 'twinframe', pacing: 'lockstep', logicHz: 0, seed: 1, epochMs: 0, gameOptions: {}, entityCapacity: 4, cameraCapacity: 4, gamePath: '' },
      now: () => now, flightSeconds: 1, writeFlight: () => Promise.resolve(''), yieldThen: (fn) => { setImmediate(fn); }, report: () => {}, codes: { written: 'TF4160', failed: 'TF4161', stopped: 'TF4162' },
    });
    rec.start(null);
    const inputs = fill(rec.log, 250, 10);
    now = 2500;
    rec.log.trim(1500);
    const frames = rec.events().filter((e): e is EngineFrameEvent => e.kind === 'frame');
    const got: number[] = [];
    for (const e of frames) {
      forEachRecord(e.records, (op, _t, off) => {
        if (op === COMMAND_OPCODES.INPUT_FACTS) got.push(new DataView(e.records.buffer, e.records.byteOffset + off + MOUSE_X_SLOT * 4, 4).getInt32(0, true));
      });
    }
    expect(got).toEqual(inputs.map((s) => s[MOUSE_X_SLOT]!));
  });

  it('grows in place within its reserve (same buffer, content kept), and past it moves once to a bigger reserve', () => {
    const reserve = 4096; // bytes: 1024 words
    const log = new RecorderLog(16, reserve);
    const record = new Int32Array(8);
    const buffer = log.i32.buffer as ArrayBuffer;
    const i32 = log.i32;
    /** Appends record number `n` (its words n*8 .. n*8+7; the type word is never a game command). */
    const append = (n: number): void => {
      for (let k = 0; k < 8; k++) record[k] = n * 8 + k;
      record[1] = 0x7fff0000 | (n & 0xffff);
      log.record(record, 0, 8);
    };
    /** Every appended record is still where it was written. */
    const intact = (count: number): boolean => {
      for (let n = 0; n < count; n++) {
        const at = ENTRY_HEADER_WORDS + n * 8;
        if (log.i32[at] !== n * 8 || log.i32[at + 1] !== (0x7fff0000 | n) || log.i32[at + 7] !== n * 8 + 7) return false;
      }
      return true;
    };
    let n = 0;
    // Up to the reserve: ENTRY_HEADER_WORDS + 8 n <= 1024 words.
    while ((ENTRY_HEADER_WORDS + (n + 1) * 8) * 4 <= reserve) append(n++);
    expect(log.used * 4).toBeGreaterThan(reserve / 2);
    expect(log.i32, 'grown in place: the same view').toBe(i32);
    expect(log.i32.buffer).toBe(buffer);
    expect(buffer.byteLength).toBeLessThanOrEqual(reserve);
    expect(buffer.maxByteLength, 'the reserve is the cap').toBe(reserve);
    expect(log.u8.length, 'the byte view tracks the growth too').toBe(buffer.byteLength);
    expect(log.grownBytes).toBe(buffer.byteLength - 16 * 4);
    expect(intact(n)).toBe(true);
    // One more word than the reserve holds: a new arena with twice the reserve, the content copied.
    append(n++);
    const moved = log.i32.buffer as ArrayBuffer;
    expect(moved).not.toBe(buffer);
    expect(moved.maxByteLength).toBe(2 * reserve);
    expect(moved.byteLength).toBeLessThanOrEqual(moved.maxByteLength);
    expect(log.u8.buffer).toBe(moved);
    expect(intact(n)).toBe(true);
    // And it grows in place again up to the new cap.
    while ((ENTRY_HEADER_WORDS + (n + 1) * 8) * 4 <= 2 * reserve) append(n++);
    expect(log.i32.buffer).toBe(moved);
    expect(moved.byteLength).toBeLessThanOrEqual(2 * reserve);
    expect(intact(n)).toBe(true);
    expect(log.records).toBe(n);
  });

  it('a reserve the platform refuses (V8 refuses a 32 GiB maxByteLength) gives a fixed arena that grows by copying, content kept', () => {
    const log = new RecorderLog(16, 2 ** 35);
    expect((log.i32.buffer as ArrayBuffer).resizable).toBe(false);
    const record = new Int32Array(8);
    for (let n = 0; n < 100; n++) {
      record.fill(n);
      record[1] = 0x7fff0000 | n;
      log.record(record, 0, 8);
    }
    expect(log.records).toBe(100);
    expect(log.i32.length).toBeGreaterThanOrEqual(ENTRY_HEADER_WORDS + 800);
    for (let n = 0; n < 100; n++) {
      const at = ENTRY_HEADER_WORDS + n * 8;
      expect([log.i32[at], log.i32[at + 1], log.i32[at + 7]]).toEqual([n, 0x7fff0000 | n, n]);
    }
  });
});
