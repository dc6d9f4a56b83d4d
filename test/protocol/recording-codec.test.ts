// The recording file format (issue 16): round trips, incremental chunks, truncation, corruption and
// versioning. The decoder may only ever return or reject with a coded TwinframeError.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RECORDING_FORMAT_VERSION, type RecordingEvent } from '../../src/protocol/recording.ts';
import { RecordingEncoder, encodeRecording } from '../../src/protocol/recording-encoder.ts';
import { decodeRecording } from '../../src/protocol/recording-decoder.ts';
import { crc32 } from '../../src/protocol/crc32.ts';
import { encodeRecordingPreamble } from '../../src/protocol/recording-encoder.ts';
import { CHUNK_FRAME_BYTES, CHUNK_MARKER } from '../../src/protocol/recording-layout.ts';
import { TwinframeError } from '../../src/shared-memory/twinframe-error.ts';
import { RECORD_TAG } from '../../src/shared-memory/ring-layout.ts';
import { COMMAND_OPCODES } from '../../src/protocol/command-opcodes.ts';
import { INPUT_STATE_SLOTS } from '../../src/protocol/input-state.ts';
import { readFileSync } from 'node:fs';
import { bytesOf, smallEvents, testHeader } from './recording-fixtures.ts';

const DECODE_CODES = ['TF2020', 'TF2021', 'TF2022', 'TF2023', 'TF2024'];

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TwinframeError) return e.code;
    throw e;
  }
  return 'resolved';
}

/** The TwinframeError `p` rejects with (fails the test when it resolves or rejects with anything else). */
async function refusal(p: Promise<unknown>): Promise<TwinframeError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TwinframeError) return e;
    throw e;
  }
  throw new Error('expected a coded refusal; the decode succeeded');
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const count = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const bytes = fc.uint8Array({ maxLength: 300 });
const eventArb: fc.Arbitrary<RecordingEvent> = fc.oneof(
  fc.record({ kind: fc.constant('frame' as const), frame: count, incarnation: u32, position: count, stateHash: u32, records: bytes }),
  fc.record({ kind: fc.constant('keyframe' as const), frame: count, incarnation: u32, position: count, entities: bytes, cameras: bytes }),
  fc.record({ kind: fc.constant('incarnation' as const), frame: count, incarnation: u32, reason: fc.constantFrom('start' as const, 'restart' as const, 'reload' as const) }),
  fc.record({ kind: fc.constant('keyframe' as const), frame: count, incarnation: u32, position: count, entities: bytes, cameras: bytes, debug: fc.uint8Array({ minLength: 1, maxLength: 200 }) }),
  fc.record({ kind: fc.constant('bulk' as const), frame: count, incarnation: u32, positions: fc.uint8Array({ maxLength: 160 }).map((b) => b.slice(0, b.byteLength - (b.byteLength % 16))) }),
  fc.record({ kind: fc.constant('debug' as const), frame: count, incarnation: u32, records: bytes }),
  fc.record({
    kind: fc.constant('bundle' as const), frame: count, incarnation: u32,
    hash: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')),
    name: fc.constantFrom('game-a.cjs', 'game-b.mjs', 'g.js'), bytes,
  }),
  fc.record({ kind: fc.constant('diagnostic' as const), frame: count, tick: fc.integer({ min: -1, max: 1e12 }), code: fc.string(), severity: fc.string(), message: fc.string({ unit: 'grapheme', maxLength: 80 }) }),
);

describe('crc32', () => {
  it('matches the standard check value and continues over ranges', () => {
    const s = new TextEncoder().encode('123456789');
    expect(crc32(s)).toBe(0xcbf43926);
    expect(crc32(s, 4, 9, crc32(s, 0, 4))).toBe(0xcbf43926);
  });
});

describe('recording codec', () => {
  it('round-trips any event list (property, seeded), over chunk sizes and compression methods', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventArb, { maxLength: 40 }),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom('deflate-raw' as const, 'gzip' as const, 'stored' as const),
        async (events, chunkFrames, compression) => {
          const file = await encodeRecording(testHeader(), events, { chunkFrames, chunkBytes: 512, compression });
          const got = await decodeRecording(file);
          expect(got.truncatedAt).toBeNull();
          expect(got.header).toEqual(testHeader());
          expect(got.events).toEqual(events);
        },
      ),
      { seed: 16_2026, numRuns: 60 },
    );
  });

  it('emits whole chunks as events arrive, and a file cut between chunks reads up to its last chunk', async () => {
    const chunks: Uint8Array[] = [];
    const enc = new RecordingEncoder(testHeader(), { chunkFrames: 10, onChunk: (c) => chunks.push(c) });
    const events = smallEvents(55);
    for (const e of events) enc.add(e);
    const drained = await enc.drain();
    expect(drained.length, 'five full chunks of 10 frames sealed before finish').toBe(5);
    expect(chunks).toEqual(drained);
    // A writer that crashed here has preamble + 5 chunks on disk.
    const partial = concat([enc.preamble, ...drained]);
    const cut = await decodeRecording(partial);
    expect(cut.truncatedAt).toBe(partial.byteLength);
    expect(cut.chunks).toBe(5);
    const framesRead = cut.events.filter((e) => e.kind === 'frame').length;
    expect(framesRead).toBe(50);
    expect(cut.events).toEqual(events.slice(0, cut.events.length));
    const rest = await enc.finish();
    const whole = await decodeRecording(concat([enc.preamble, ...drained, ...rest]));
    expect(whole.truncatedAt).toBeNull();
    expect(whole.events).toEqual(events);
    expect(() => enc.add(events[0]!)).toThrow(expect.objectContaining({ code: 'TF2025' }) as Error);
  });

  it('addFrame writes the same bytes as add() of the same frame event, from a range of a larger buffer', async () => {
    const ring = bytesOf(256, 9);
    const a = new RecordingEncoder(testHeader());
    const b = new RecordingEncoder(testHeader());
    a.addFrame(7, 2, 99, 0xdeadbeef, ring, 40, 120);
    b.add({ kind: 'frame', frame: 7, incarnation: 2, position: 99, stateHash: 0xdeadbeef, records: ring.slice(40, 120) });
    const fa = concat([a.preamble, ...(await a.finish())]);
    const fb = concat([b.preamble, ...(await b.finish())]);
    expect(fa).toEqual(fb);
    const got = await decodeRecording(fa);
    expect(got.events).toEqual([{ kind: 'frame', frame: 7, incarnation: 2, position: 99, stateHash: 0xdeadbeef, records: ring.slice(40, 120) }]);
  });

  it('stores INPUT_FACTS delta-coded against the previous one and decodes them back whole', async () => {
    // Frames of INPUT_FACTS records (the whole input state) where a few slots change per frame.
    const slots = INPUT_STATE_SLOTS;
    const state = new Int32Array(slots);
    const events: RecordingEvent[] = [];
    for (let f = 1; f <= 30; f++) {
      state[f % 7] = f * 13;
      state[100 + (f % 3)] = -f;
      const rec = new Int32Array(2 + slots + (slots & 1));
      rec[0] = slots * 4;
      rec[1] = (RECORD_TAG << 16) | COMMAND_OPCODES.INPUT_FACTS;
      rec.set(state, 2);
      events.push({ kind: 'frame', frame: f, incarnation: 1, position: 0, stateHash: f, records: new Uint8Array(rec.buffer) });
    }
    const stored = await encodeRecording(testHeader(), events, { compression: 'stored' });
    // Whole records would be 30 * ~4.9 KB; the deltas are tens of bytes each (the first is against zeros).
    expect(stored.byteLength).toBeLessThan(slots * 4 * 2);
    const got = await decodeRecording(stored);
    expect(got.formatVersion).toBe(RECORDING_FORMAT_VERSION);
    expect(got.events).toEqual(events);
  });

  it('reads a version-1 file (test/fixtures/recording-v1.tfrec, written before format version 2) and refuses version 0', async () => {
    const v1 = new Uint8Array(readFileSync(new URL('../fixtures/recording-v1.tfrec', import.meta.url)));
    const got = await decodeRecording(v1);
    expect(got.formatVersion).toBe(1);
    expect(got.truncatedAt).toBeNull();
    expect(got.events.filter((e) => e.kind === 'frame').length).toBeGreaterThan(100);
    const v0 = v1.slice();
    new DataView(v0.buffer).setUint32(8, 0, true);
    expect(await codeOf(decodeRecording(v0))).toBe('TF2021');
  });

  it('reads a version-2 file (test/fixtures/recording-v2.tfrec, written before format version 3: no bundle events)', async () => {
    const v2 = new Uint8Array(readFileSync(new URL('../fixtures/recording-v2.tfrec', import.meta.url)));
    const got = await decodeRecording(v2);
    expect(got.formatVersion).toBe(2);
    expect(got.truncatedAt).toBeNull();
    expect(got.events.filter((e) => e.kind === 'frame').length).toBeGreaterThan(100);
    expect(got.events.some((e) => e.kind === 'bundle')).toBe(false);
    // Its input was delta-coded (version 2): every INPUT_FACTS comes back whole.
    let inputs = 0;
    for (const e of got.events) {
      if (e.kind !== 'frame') continue;
      const w = new Int32Array(e.records.buffer, e.records.byteOffset, e.records.byteLength >> 2);
      for (let q = 0; q + 2 <= w.length; q += 2 + (((w[q]! + 7) & -8) >> 2)) {
        if ((w[q + 1]! & 0xff) === COMMAND_OPCODES.INPUT_FACTS) {
          inputs++;
          expect(w[q], 'a whole INPUT_FACTS payload').toBe(INPUT_STATE_SLOTS * 4);
        }
      }
    }
    expect(inputs).toBeGreaterThan(10);
  });

  it('refuses a bundle event it cannot write (hash, name) with TF2025', async () => {
    const bad = [
      { kind: 'bundle', frame: 0, incarnation: 1, hash: 'not hex', name: 'g.cjs', bytes: new Uint8Array(1) },
      { kind: 'bundle', frame: 0, incarnation: 1, hash: 'ab'.repeat(32), name: '../g.cjs', bytes: new Uint8Array(1) },
      { kind: 'bundle', frame: 0, incarnation: 1, hash: 'ab'.repeat(32), name: 'g.ts', bytes: new Uint8Array(1) },
    ] as unknown as RecordingEvent[];
    for (const e of bad) expect(() => new RecordingEncoder(testHeader()).add(e), JSON.stringify(e.kind)).toThrow(expect.objectContaining({ code: 'TF2025' }) as Error);
  });

  it('a file cut at every byte gives a coded refusal or a prefix of the events with truncatedAt', async () => {
    const events = smallEvents(24);
    const file = await encodeRecording(testHeader(), events, { chunkFrames: 4 });
    let prefixes = 0;
    for (let n = 0; n < file.byteLength; n++) {
      let got;
      try {
        got = await decodeRecording(file.slice(0, n));
      } catch (e) {
        expect(e, `cut at ${n}`).toBeInstanceOf(TwinframeError);
        expect(['TF2020', 'TF2022'], `cut at ${n}: ${String(e)}`).toContain((e as TwinframeError).code);
        continue;
      }
      prefixes++;
      expect(got.truncatedAt, `cut at ${n}`).not.toBeNull();
      expect(got.truncatedAt!).toBeLessThanOrEqual(n);
      expect(got.events, `cut at ${n}`).toEqual(events.slice(0, got.events.length));
    }
    expect(prefixes, 'every cut after the header reads').toBeGreaterThan(file.byteLength / 2);
    const whole = await decodeRecording(file);
    expect(whole.truncatedAt).toBeNull();
    expect(whole.events).toEqual(events);
  });

  it('random byte flips give only coded refusals naming chunk and offset (fuzz)', async () => {
    const file = await encodeRecording(testHeader(), smallEvents(40), { chunkFrames: 8 });
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(file.byteLength - 1), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }), async (flips) => {
        const bad = file.slice();
        for (const [at, x] of flips) bad[at]! ^= x;
        try {
          await decodeRecording(bad);
        } catch (e) {
          expect(e).toBeInstanceOf(TwinframeError);
          const err = e as TwinframeError;
          expect(DECODE_CODES).toContain(err.code);
          expect(err.details).toHaveProperty('offset');
          expect(err.details).toHaveProperty('chunk');
          seen.add(err.code);
          return;
        }
        throw new Error(`flips ${JSON.stringify(flips)} decoded without a refusal`);
      }),
      { seed: 1602, numRuns: 400 },
    );
    expect([...seen].sort(), 'header and chunk damage were both met').toEqual(expect.arrayContaining(['TF2022', 'TF2023']));
  });

  it('a chunk flip names that chunk and its byte offset', async () => {
    const file = await encodeRecording(testHeader(), smallEvents(40), { chunkFrames: 8 });
    const ok = await decodeRecording(file);
    expect(ok.chunks).toBeGreaterThan(3);
    const bad = file.slice();
    bad[bad.byteLength - 40]! ^= 0x10; // inside the last chunk's payload (the end frame is 28 bytes)
    const err = await refusal(decodeRecording(bad));
    expect(err).toBeInstanceOf(TwinframeError);
    expect(err.code).toBe('TF2023');
    expect(err.details?.chunk).toBe(ok.chunks - 1);
    expect(err.message).toMatch(/chunk \d+ at byte \d+/);
  });

  it('refuses a wrong or future version, a non-recording and a bad input type', async () => {
    const file = await encodeRecording(testHeader(), smallEvents(3));
    const future = file.slice();
    new DataView(future.buffer).setUint32(8, RECORDING_FORMAT_VERSION + 1, true);
    const e1 = await refusal(decodeRecording(future));
    expect(e1.code).toBe('TF2021');
    expect(e1.message).toContain('newer');
    const zero = file.slice();
    new DataView(zero.buffer).setUint32(8, 0, true);
    expect(await codeOf(decodeRecording(zero))).toBe('TF2021');
    expect(await codeOf(decodeRecording(new TextEncoder().encode('{"formatVersion":1}')))).toBe('TF2020');
    expect(await codeOf(decodeRecording('nope' as unknown as Uint8Array))).toBe('TF2020');
    expect(await codeOf(decodeRecording(new Uint8Array(0)))).toBe('TF2022');
  });

  it('refuses a header or event it cannot write with TF2025 and writes nothing of it', async () => {
    expect(() => new RecordingEncoder({ ...testHeader(), host: 'other' as 'twinframe' })).toThrow(expect.objectContaining({ code: 'TF2025' }) as Error);
    expect(() => new RecordingEncoder(testHeader({ formatVersion: 99 }))).toThrow(expect.objectContaining({ code: 'TF2025' }) as Error);
    const enc = new RecordingEncoder(testHeader());
    const bad: unknown[] = [
      { kind: 'frame', frame: -1, incarnation: 0, position: 0, stateHash: 0, records: new Uint8Array(0) },
      { kind: 'frame', frame: 1, incarnation: 0, position: 0.5, stateHash: 0, records: new Uint8Array(0) },
      { kind: 'frame', frame: 1, incarnation: 0, position: 0, stateHash: 2 ** 32, records: new Uint8Array(0) },
      { kind: 'frame', frame: 1, incarnation: 0, position: 0, stateHash: 0, records: [1, 2] },
      { kind: 'keyframe', frame: 1, incarnation: 0, position: 0, entities: new Uint8Array(4), cameras: null },
      { kind: 'incarnation', frame: 1, incarnation: 0, reason: 'boot' },
      { kind: 'diagnostic', frame: 1, tick: 0.5, code: 'x', severity: 'y', message: 'z' },
      { kind: 'nope' },
    ];
    for (const e of bad) expect(() => enc.add(e as RecordingEvent), JSON.stringify(e)).toThrow(expect.objectContaining({ code: 'TF2025' }) as Error);
    expect(() => enc.addFrame(0, 0, 0, 0, new Uint8Array(4), 2, 9)).toThrow(expect.objectContaining({ code: 'TF2025' }) as Error);
    enc.add({ kind: 'incarnation', frame: 0, incarnation: 1, reason: 'start' });
    const got = await decodeRecording(concat([enc.preamble, ...(await enc.finish())]));
    expect(got.events).toEqual([{ kind: 'incarnation', frame: 0, incarnation: 1, reason: 'start' }]);
  });

  it('refuses a well-framed chunk with a malformed event (TF2024, naming the event offset)', async () => {
    // A 'stored' chunk whose CRCs are right but whose one event has kind 9.
    const raw = new Uint8Array([9, 0, 0, 0, 0]);
    const frame = new Uint8Array(CHUNK_FRAME_BYTES + raw.byteLength);
    const v = new DataView(frame.buffer);
    v.setUint32(0, CHUNK_MARKER, true);
    v.setUint32(8, raw.byteLength, true);
    v.setUint32(12, raw.byteLength, true);
    v.setUint32(16, 1, true);
    v.setUint32(20, crc32(frame, 0, 20), true);
    v.setUint32(24, crc32(raw), true);
    frame.set(raw, CHUNK_FRAME_BYTES);
    const pre = encodeRecordingPreamble(testHeader());
    const err = await refusal(decodeRecording(concat([pre, frame])));
    expect(err).toBeInstanceOf(TwinframeError);
    expect(err.code).toBe('TF2024');
    expect(err.details).toMatchObject({ chunk: 0, offset: pre.byteLength, eventOffset: 0 });
  });
});
