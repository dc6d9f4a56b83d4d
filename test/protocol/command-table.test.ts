// The command table (src/protocol/command-table.ts) is the one declaration of every command. This
// test fails when anything that follows from it disagrees: the derived opcodes, sizes and names,
// CommandWriter's hand-written encoders (each must write exactly its table fields, in order, with
// the table's element types), CommandReader's dispatch (each record the table describes must reach
// the method the table names, with the same values), the engine systems' method sets, the script
// API names, and the reference table in docs/AsyncArchitecturePhases.md.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  API_STYLES, API_STYLE_SHIFT, COMMAND_SPECS, COMMAND_TABLE, OPCODE_MASK, apiNameOf, commandApiName,
} from '../../src/protocol/command-table.ts';
import type { CommandSpec } from '../../src/protocol/command-table.ts';
import { COMMAND_NAMES, COMMAND_OPCODES, COMMAND_PAYLOAD_BYTES, MAX_COMMAND_OPCODE, commandName } from '../../src/protocol/command-opcodes.ts';
import { commandReferenceMarkdown } from '../../src/protocol/command-reference.ts';
import { CommandWriter, createCommandQueueBuffer } from '../../src/protocol/command-writer.ts';
import { CommandReader } from '../../src/protocol/command-reader.ts';
import { RingReader } from '../../src/shared-memory/ring-reader.ts';
import { RingWriter } from '../../src/shared-memory/ring-writer.ts';
import { EntitySystem } from '../../src/engine/entity-system.ts';
import { CameraSystem } from '../../src/engine/camera-system.ts';
import { AudioSystem } from '../../src/engine/audio-system.ts';
import { COMMAND_METHODS, recordingHandler } from './command-test-handler.ts';
import { INPUT_STATE_SLOTS as INPUT_FACTS_SLOTS_FOR_TEST } from '../../src/protocol/input-state.ts';
import type { Call } from './command-test-handler.ts';
import { FRAME_END_FACTS_BYTES, createTickFacts, forEachRecord, readFrameEndFacts, readTickFactsOf } from '../../src/protocol/logic-facts.ts';

const allSpecs: readonly CommandSpec[] = COMMAND_TABLE;
/** The commands the game's APIs and the runtime's FRAME_END write (the fact records are tested on their own below). */
const specs: readonly CommandSpec[] = allSpecs.filter((s) => s.target !== 'facts');
const factSpecs: readonly CommandSpec[] = allSpecs.filter((s) => s.target === 'facts');

/** A distinct, exactly representable value for field `k` of `spec` (ints stay ints, u32 above 2^31). */
function sample(spec: CommandSpec, k: number): number {
  const t = spec.fields[k]!.type;
  if (t === 'u32') return 0x80000000 + spec.opcode * 16 + k;
  if (t === 'i32') return -(spec.opcode * 100 + k);
  return spec.opcode + k / 4;
}

/** Reads field `k` of a record at byte `offset` as the table's element type says. */
function readField(ring: RingReader, offset: number, type: string, k: number): number {
  const q = (offset >> 2) + k;
  return type === 'u32' ? ring.u32[q]! : type === 'i32' ? ring.i32[q]! : ring.f32[q]!;
}

describe('the command table', () => {
  it('is well formed: opcodes 1..N in order, unique names and methods, 4-byte field types, known kinds', () => {
    expect(allSpecs.map((s) => s.opcode), 'opcodes are 1..N, in order (never reused)').toEqual(allSpecs.map((_, i) => i + 1));
    expect(new Set(allSpecs.map((s) => s.name)).size, 'unique names').toBe(allSpecs.length);
    expect(new Set(allSpecs.map((s) => s.method)).size, 'unique methods').toBe(allSpecs.length);
    for (const s of factSpecs) {
      expect(s.api, `${s.name}: a fact is written by the runtime, no API`).toBeNull();
      for (const f of s.fields) expect(f.kind, `${s.name}.${f.name}: not validated`).toBe('fact');
    }
    expect(MAX_COMMAND_OPCODE, 'an opcode fits the low byte of the record type').toBeLessThanOrEqual(OPCODE_MASK);
    for (const s of specs) {
      expect(s.name, `${s.name}: UPPER_SNAKE name`).toMatch(/^[A-Z][A-Z_]*$/);
      expect(s.fields.length, `${s.name}: at least one field (the id or tick)`).toBeGreaterThan(0);
      for (const f of s.fields) expect(['i32', 'u32', 'f32'], `${s.name}.${f.name}: type`).toContain(f.type);
      if (s.target !== 'frame') {
        expect(s.api, `${s.name}: a game command names the APIs that emit it`).not.toBeNull();
        expect(s.fields[0]!.kind, `${s.name}: word 0 is the entity, camera, sound, playback or listener id`)
          .toMatch(s.target === 'entities' ? /^(new)?[eE]ntityId$/ : s.target === 'audio' ? /^((new)?([sS]ound|[pP]layback)Id|listenerIndex)$/ : /^(new)?[cC]ameraId$/);
      }
    }
  });

  it('derives the opcodes, payload sizes and names', () => {
    for (const s of allSpecs) {
      expect((COMMAND_OPCODES as Record<string, number>)[s.name], `${s.name}: opcode`).toBe(s.opcode);
      expect(COMMAND_NAMES[s.opcode], `${s.name}: name`).toBe(s.name);
      expect(commandName(s.opcode), `${s.name}: commandName`).toBe(s.name);
      expect(COMMAND_SPECS[s.opcode], `${s.name}: spec by opcode`).toBe(s);
      for (const style of Object.values(API_STYLES)) {
        expect(COMMAND_PAYLOAD_BYTES[s.opcode | (style << API_STYLE_SHIFT)], `${s.name}: payload bytes in style ${style}`).toBe(s.fields.length * 4);
      }
    }
    expect(Object.keys(COMMAND_OPCODES).length, 'no opcode outside the table').toBe(allSpecs.length);
    expect(COMMAND_PAYLOAD_BYTES[0], 'opcode 0 is unknown').toBe(-1);
    expect(COMMAND_PAYLOAD_BYTES[MAX_COMMAND_OPCODE + 1], 'past the table is unknown').toBe(-1);
    expect(COMMAND_PAYLOAD_BYTES[1 | (3 << API_STYLE_SHIFT)], 'an unused style is unknown').toBe(-1);
  });

  it("matches CommandWriter: each method writes exactly its table fields, in order, with the table's types and the style set", () => {
    const sab = createCommandQueueBuffer(1 << 14);
    const w = new CommandWriter(sab);
    const ring = new RingReader(sab);
    for (const s of specs) {
      const method = (w as unknown as Record<string, (...a: number[]) => boolean>)[s.method];
      expect(typeof method, `CommandWriter.${s.method} exists`).toBe('function');
      expect(method!.length, `CommandWriter.${s.method} takes one argument per field`).toBe(s.fields.length);
      for (const style of Object.values(API_STYLES)) {
        w.apiStyle = style;
        const args = s.fields.map((_, k) => sample(s, k));
        expect(method!.apply(w, args), `${s.method}: written`).toBe(true);
        w.flush();
        const type = ring.take();
        expect(type & OPCODE_MASK, `${s.method}: opcode`).toBe(s.opcode);
        if (s.target !== 'frame') expect(type >> API_STYLE_SHIFT, `${s.method}: API style`).toBe(style);
        expect(ring.length, `${s.method}: payload length`).toBe(s.fields.length * 4);
        const got = s.fields.map((f, k) => readField(ring, ring.offset, f.type, k));
        expect(got, `${s.method}: the fields in table order and type`).toEqual(args);
      }
    }
    // (The framing, the spill and the shared payload shapes are CommandRecordWriter's, its base class.)
    expect(Object.getOwnPropertyNames(CommandWriter.prototype).filter((n) => n !== 'constructor').sort(),
      'CommandWriter has one method per table command and no other method').toEqual(allSpecs.map((s) => s.method).sort());
  });

  it('matches CommandReader: a record encoded from the table reaches the method the table names with its values', () => {
    const sab = createCommandQueueBuffer(1 << 14);
    const raw = new RingWriter(sab);
    const reader = new CommandReader(sab);
    for (const s of specs) {
      for (const style of Object.values(API_STYLES)) {
        const type = s.opcode | (style << API_STYLE_SHIFT);
        const off = raw.tryAppend(type, s.fields.length * 4);
        const args = s.fields.map((_, k) => sample(s, k));
        s.fields.forEach((f, k) => {
          const q = (off >> 2) + k;
          if (f.type === 'u32') raw.u32[q] = args[k]!;
          else if (f.type === 'i32') raw.i32[q] = args[k]!;
          else raw.f32[q] = args[k]!;
        });
        raw.publish();
        const calls: Call[] = [];
        const sink = recordingHandler(calls);
        const origins: number[] = [];
        const targets = sink.entities as unknown as Record<string, (...a: number[]) => boolean>;
        const original = targets[s.method];
        if (original) targets[s.method] = (...a: number[]) => { origins.push(sink.origin); return original(...a); };
        expect(reader.drain(sink, 10), `${s.name}: one record dispatched`).toBe(1);
        expect(calls, `${s.name} (style ${style}): dispatched to ${s.method} with the table's fields`).toEqual([[s.method, ...args]]);
        if (s.target !== 'frame') {
          expect(origins, `${s.name}: sink.origin is the record type when the target runs`).toEqual([type]);
          expect(sink.applied, `${s.name}: counted once as applied`).toBe(1);
        }
      }
    }
  });

  it('matches the engine systems and the test handler: each target method exists, one per table command', () => {
    const entityMethods = specs.filter((s) => s.target === 'entities').map((s) => s.method);
    const cameraMethods = specs.filter((s) => s.target === 'cameras').map((s) => s.method);
    const audioMethods = specs.filter((s) => s.target === 'audio').map((s) => s.method);
    for (const m of audioMethods) expect(typeof (AudioSystem.prototype as unknown as Record<string, unknown>)[m], `AudioSystem.${m}`).toBe('function');
    for (const m of entityMethods) expect(typeof (EntitySystem.prototype as unknown as Record<string, unknown>)[m], `EntitySystem.${m}`).toBe('function');
    for (const m of cameraMethods) expect(typeof (CameraSystem.prototype as unknown as Record<string, unknown>)[m], `CameraSystem.${m}`).toBe('function');
    expect([...COMMAND_METHODS].sort(), 'the test handlers cover the table').toEqual(specs.map((s) => s.method).sort());
  });

  it('names the API per style, falling back to the seed name when a style has no such call', () => {
    const { MOVE_BY, UPDATE_SCALE, CAMERA_LOOK_AT, UPDATE_CAMERA_TYPE, FRAME_END } = COMMAND_OPCODES;
    expect(apiNameOf(MOVE_BY, API_STYLES.SEED)).toBe('EntityAPI.moveBy');
    expect(apiNameOf(MOVE_BY, API_STYLES.TYPED)).toBe('ctx.entities.moveBy');
    expect(apiNameOf(MOVE_BY, API_STYLES.PROTOGAME)).toBe('entity.moveBy');
    expect(apiNameOf(CAMERA_LOOK_AT, API_STYLES.TYPED)).toBe('ctx.cameras.lookAt');
    expect(apiNameOf(UPDATE_CAMERA_TYPE, API_STYLES.TYPED)).toBe('ctx.cameras.setType');
    expect(apiNameOf(UPDATE_SCALE, API_STYLES.PROTOGAME), 'protogame has no updateScale').toBe('EntityAPI.updateScale');
    expect(commandApiName(FRAME_END)).toBe('RenderCommandQueue.FRAME_END');
    for (const s of specs) {
      if (s.api === null) continue;
      if (s.target === 'audio') {
        // The seed and typed APIs have no audio: the protogame native is the name in every style.
        expect(s.api.protogame, `${s.name}: protogame name`).toMatch(/^audio\.\w+$/);
        expect(s.api.seed, `${s.name}: seed falls back to the protogame name`).toBe(s.api.protogame);
        expect(s.api.typed, `${s.name}: no typed API`).toBeNull();
        continue;
      }
      expect(s.api.seed, `${s.name}: seed name`).toMatch(s.target === 'entities' ? /^EntityAPI\.\w+$/ : /^CameraAPI\.\w+$/);
      if (s.api.typed !== null) expect(s.api.typed, `${s.name}: typed name`).toMatch(s.target === 'entities' ? /^ctx\.entities\.\w+$/ : /^ctx\.cameras\.\w+$/);
      if (s.api.protogame !== null) expect(s.api.protogame, `${s.name}: protogame name`).toMatch(s.target === 'entities' ? /^entity\.\w+$/ : /^camera\.\w+$/);
    }
  });

  it('matches CommandWriter and CommandReader for the fact records: each writes its table layout, and drain takes them without applying anything', () => {
    const { TICK_FACTS, INPUT_FACTS, CALLBACK_FACTS } = COMMAND_OPCODES;
    const sab = createCommandQueueBuffer(1 << 16);
    const w = new CommandWriter(sab);
    w.apiStyle = API_STYLES.TYPED; // facts are written without a style
    const state = new Int32Array(INPUT_FACTS_SLOTS_FOR_TEST).map((_, k) => k * 3 - 7);
    const callback = new Uint8Array(40).map((_, k) => k + 1);
    expect(w.tickFacts(1 / 60, 42, 41, 40, 2, 3)).toBe(true);
    expect(w.inputFacts(state)).toBe(true);
    expect(w.callbackFacts(callback, 4, 30)).toBe(true);
    w.flush();
    const ring = new RingReader(sab);
    expect(ring.take()).toBe(TICK_FACTS);
    expect(ring.length, 'TICK_FACTS: the table size').toBe(factSpecs[0]!.fields.length * 4);
    expect(ring.f64[ring.offset >> 3], 'rawDt: f64 in the first two words').toBe(1 / 60);
    expect(Array.from(ring.i32.subarray((ring.offset >> 2) + 2, (ring.offset >> 2) + 7)), 'tick, entityFrame, cameraFrame, callbacks, incarnation').toEqual([42, 41, 40, 2, 3]);
    expect(ring.take()).toBe(INPUT_FACTS);
    expect(ring.length, 'INPUT_FACTS: one word per input slot').toBe(factSpecs[1]!.fields.length * 4);
    expect(Array.from(ring.i32.subarray(ring.offset >> 2, (ring.offset >> 2) + state.length))).toEqual(Array.from(state));
    expect(ring.take()).toBe(CALLBACK_FACTS);
    expect(ring.length, 'CALLBACK_FACTS: the bytes given').toBe(30);
    expect(Array.from(ring.u8.subarray(ring.offset, ring.offset + 30))).toEqual(Array.from(callback.subarray(4, 34)));
    expect(COMMAND_PAYLOAD_BYTES[CALLBACK_FACTS], 'CALLBACK_FACTS: at least its fields').toBe(24);
    ring.flush();

    const w2 = new CommandWriter(sab);
    w2.tickFacts(0.5, 1, 0, 0, 0, 1);
    w2.inputFacts(state);
    w2.callbackFacts(callback, 0, 24);
    w2.callbackFacts(callback, 0, 37);
    w2.frameEnd(1);
    w2.flush();
    const reader = new CommandReader(sab);
    const calls: Call[] = [];
    const sink = recordingHandler(calls);
    const tapped: number[] = [];
    reader.tap = { record: (i32, start, words) => { tapped.push(i32[start + 1]! & 0xffff, i32[start]!, words); } };
    expect(reader.drain(sink, 100), 'five records taken').toBe(5);
    expect(calls, 'only FRAME_END reaches the sink').toEqual([['frameEnd', 1]]);
    expect(sink.applied + sink.rejected, 'facts are neither applied nor refused').toBe(0);
    expect(reader.malformedRecords, 'a longer CALLBACK_FACTS is not malformed').toBe(0);
    expect(tapped, 'the tap saw each record raw: type, payload length, words of framing').toEqual([
      TICK_FACTS, 28, 2 + 8, INPUT_FACTS, state.length * 4, 2 + ((state.length * 4 + 7) & -8) / 4,
      CALLBACK_FACTS, 24, 2 + 6, CALLBACK_FACTS, 37, 2 + 10, COMMAND_OPCODES.FRAME_END, 4, 2 + 2,
    ]);
  });

  it('FRAME_END: one word without facts; with a recording worker\'s tick facts a 32-byte payload the reader dispatches the same way', () => {
    const { FRAME_END, TICK_FACTS } = COMMAND_OPCODES;
    const sab = createCommandQueueBuffer(1 << 12);
    const w = new CommandWriter(sab);
    const facts = { tick: 999, rawDt: 1 / 60, entityFrame: 41, cameraFrame: 40, callbacks: 2, incarnation: 3 };
    for (const style of Object.values(API_STYLES)) {
      w.apiStyle = style;
      expect(w.frameEnd(7)).toBe(true);
      expect(w.frameEnd(8, facts)).toBe(true);
    }
    expect(w.frameEnd(9, null), 'null facts: the plain record').toBe(true);
    w.flush();
    const ring = new RingReader(sab);
    const raw: number[][] = [];
    for (let k = 0; k < 2 * Object.values(API_STYLES).length + 1; k++) {
      expect(ring.take() & OPCODE_MASK).toBe(FRAME_END);
      const q = ring.offset >> 2;
      raw.push(Array.from(ring.i32.subarray(q, q + (ring.length >> 2))));
      if (ring.length === FRAME_END_FACTS_BYTES) expect(ring.f64[(q + 2) >> 1], 'rawDt: the f64 at word 2').toBe(1 / 60);
      ring.release();
    }
    ring.flush();
    const plain = raw.filter((r) => r.length === 1);
    const withFacts = raw.filter((r) => r.length === FRAME_END_FACTS_BYTES / 4);
    expect(plain, 'without facts: the tick alone, as always').toEqual([[7], [7], [7], [9]]);
    expect(withFacts.map((r) => [r[0], r[1], ...r.slice(4)]), 'the tick (not facts.tick), a zero word, rawDt, then entityFrame, cameraFrame, callbacks, incarnation').toEqual(Array(3).fill([8, 0, 41, 40, 2, 3]));

    // The reader takes both sizes as FRAME_END (the tick reaches the sink) and taps each raw; no other size.
    const w2 = new CommandWriter(sab);
    w2.frameEnd(1);
    w2.frameEnd(2, facts);
    w2.flush();
    const reader = new CommandReader(sab);
    const calls: Call[] = [];
    const sink = recordingHandler(calls);
    const tapped: Uint8Array[] = [];
    reader.tap = { record: (i32, start, words) => { tapped.push(new Uint8Array(i32.buffer, i32.byteOffset + start * 4, words * 4).slice()); } };
    expect(reader.drain(sink, 100)).toBe(2);
    expect(calls).toEqual([['frameEnd', 1], ['frameEnd', 2]]);
    expect(reader.malformedRecords).toBe(0);
    const t = createTickFacts();
    const got: [number, boolean][] = [];
    for (const bytes of tapped) forEachRecord(bytes, (op, _type, off, len) => { got.push([op, readTickFactsOf(bytes, op, off, len, t)]); });
    expect(got, 'only the FRAME_END with facts holds tick facts').toEqual([[FRAME_END, false], [FRAME_END, true]]);
    expect(t).toEqual({ tick: 2, rawDt: 1 / 60, entityFrame: 41, cameraFrame: 40, callbacks: 2, incarnation: 3 });
    expect(readFrameEndFacts(tapped[1]!, 8, createTickFacts()), 'readFrameEndFacts decodes the same').toEqual(t);

    // A TICK_FACTS (format 1 to 3) still decodes as tick facts; a FRAME_END of any other size is malformed.
    const w3 = new CommandWriter(sab);
    w3.tickFacts(0.25, 5, 6, 7, 1, 2);
    w3.flush();
    const old: Uint8Array[] = [];
    reader.tap = { record: (i32, start, words) => { old.push(new Uint8Array(i32.buffer, i32.byteOffset + start * 4, words * 4).slice()); } };
    reader.drain(sink, 100);
    forEachRecord(old[0]!, (op, _type, off, len) => { expect(op).toBe(TICK_FACTS); expect(readTickFactsOf(old[0]!, op, off, len, t)).toBe(true); });
    expect(t).toEqual({ tick: 5, rawDt: 0.25, entityFrame: 6, cameraFrame: 7, callbacks: 1, incarnation: 2 });
    const rw = new RingWriter(sab);
    const off = rw.tryAppend(FRAME_END, 16);
    rw.i32[off >> 2] = 3;
    rw.publish();
    calls.length = 0;
    reader.drain(sink, 100);
    expect(calls, 'a 16-byte FRAME_END is not dispatched: refused as a wrong length').toEqual([['onMalformed:TF2002', FRAME_END, 16]]);
    expect(reader.malformedRecords).toBe(1);
  });

  it('is what docs/AsyncArchitecturePhases.md shows (regenerate it with commandReferenceMarkdown())', () => {
    const doc = readFileSync(new URL('../../docs/AsyncArchitecturePhases.md', import.meta.url), 'utf8');
    expect(doc, 'the docs contain the generated reference table verbatim').toContain(commandReferenceMarkdown());
  });
});
