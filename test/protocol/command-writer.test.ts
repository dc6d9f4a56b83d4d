import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CommandWriter, createCommandQueueBuffer } from '../../src/protocol/command-writer.ts';
import { CommandReader } from '../../src/protocol/command-reader.ts';
import { COMMAND_OPCODES, COMMAND_PAYLOAD_BYTES, MAX_COMMAND_OPCODE, commandName } from '../../src/protocol/command-opcodes.ts';
import { createCallbackQueueBuffer } from '../../src/protocol/callback-queue.ts';
import { RING_EMPTY, recordBytesFor } from '../../src/shared-memory/ring-layout.ts';
import { isTwinframeError } from '../../src/shared-memory/twinframe-error.ts';
import { COMMAND_METHODS, recordingHandler } from './command-test-handler.ts';
import type { Call } from './command-test-handler.ts';

const SEED = Number(process.env.TWINFRAME_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** Field kinds of each command's arguments, as the opcode table documents them. */
const SIGNATURES: Record<(typeof COMMAND_METHODS)[number], string> = {
  createMesh: 'iuiffffffff',
  updatePosition: 'ifff',
  moveBy: 'ifff',
  updateOrientation: 'ifff',
  updateColor: 'iffff',
  updateScale: 'if',
  destroyEntity: 'i',
  createCamera: 'iuffffffifff',
  updateCamera: 'iffffff',
  updateCameraPosition: 'ifff',
  updateCameraOrientation: 'ifff',
  moveCamera: 'ifff',
  cameraLookAt: 'ifff',
  setActiveCamera: 'iu',
  updateCameraType: 'iiu',
  destroyCamera: 'iu',
  frameEnd: 'i',
  loadSound: 'uuuuuuuuuuuu',
  startSound: 'uuufffuufff',
  stopSound: 'u',
  setSoundVolume: 'uf',
  setSoundBalance: 'uf',
  setSoundSpeed: 'uf',
  setSoundPosition: 'ufff',
  updateListener: 'uufffffffff',
};

const camel = (name: string) => name.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function asWire(kind: string, v: number): number {
  return kind === 'i' ? v | 0 : kind === 'u' ? v >>> 0 : Math.fround(v);
}

const arg = (kind: string) =>
  kind === 'i' ? fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })
    : kind === 'u' ? fc.integer({ min: 0, max: 2 ** 32 - 1 })
      : fc.oneof(fc.double(), fc.constantFrom(300, -1, Number.NaN, Infinity, 0.1));

describe('CommandWriter', () => {
  it('has one method per opcode, and the table, writer and handler agree on names and sizes', () => {
    // (The recording's fact records are written by the runtime, not dispatched: command-table.test.ts covers them.)
    const names = Object.keys(COMMAND_OPCODES).filter((n) => !n.endsWith('_FACTS')).map(camel);
    expect(names, 'opcode names map to the handler methods').toEqual([...COMMAND_METHODS]);
    for (const m of COMMAND_METHODS) {
      expect(typeof (CommandWriter.prototype as unknown as Record<string, unknown>)[m], `CommandWriter.${m}`).toBe('function');
      const op = COMMAND_OPCODES[m.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase() as keyof typeof COMMAND_OPCODES];
      expect(COMMAND_PAYLOAD_BYTES[op], `${m}: payload bytes = 4 x fields`).toBe(SIGNATURES[m].length * 4);
      expect(commandName(op), `${m}: name`).toBe(m.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase());
    }
    // The recording's fact records (TICK_FACTS.., command-table.test.ts) follow the game commands and FRAME_END.
    expect(COMMAND_OPCODES.TICK_FACTS - 1, 'no command opcode without a method').toBe(COMMAND_METHODS.length);
    expect(MAX_COMMAND_OPCODE, 'then the three fact records').toBe(COMMAND_OPCODES.CALLBACK_FACTS);
    expect(recordBytesFor(COMMAND_PAYLOAD_BYTES[COMMAND_OPCODES.UPDATE_POSITION]!), 'update-position record is 24 bytes').toBe(24);
  });

  it(`round-trips every command with arbitrary values, bad colours included (seed ${SEED})`, () => {
    const sab = createCommandQueueBuffer(1 << 16);
    const w = new CommandWriter(sab);
    const r = new CommandReader(sab);
    const cmd = fc.constantFrom(...COMMAND_METHODS).chain((m) => fc.tuple(fc.constant(m), fc.tuple(...[...SIGNATURES[m]].map(arg))));
    fc.assert(
      fc.property(fc.array(cmd, { minLength: 1, maxLength: 50 }), (cmds) => {
        const calls: Call[] = [];
        for (const [m, args] of cmds) {
          const fn = (w as unknown as Record<string, (...a: number[]) => boolean>)[m]!;
          expect(fn.apply(w, args), `seed ${SEED}: ${m} fits`).toBe(true);
        }
        w.flush();
        const n = r.drain(recordingHandler(calls), 1000);
        expect(n, `seed ${SEED}: every command dispatched`).toBe(cmds.length);
        const want = cmds.map(([m, args]) => [m, ...args.map((v, i) => asWire(SIGNATURES[m][i]!, v))]);
        expect(calls, `seed ${SEED}: handler received the values as sent (float32)`).toEqual(want);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('keeps a colour of 300 and NaN so the engine can report them', () => {
    const sab = createCommandQueueBuffer(1024);
    const w = new CommandWriter(sab);
    w.updateColor(5, 300, Number.NaN, -4, 255);
    w.flush();
    const calls: Call[] = [];
    new CommandReader(sab).drain(recordingHandler(calls), 10);
    expect(calls, 'values as given').toEqual([['updateColor', 5, 300, Number.NaN, -4, 255]]);
  });

  it('returns false when full and writes nothing; commands appear only at flush', () => {
    const sab = createCommandQueueBuffer(128);
    const w = new CommandWriter(sab);
    const r = new CommandReader(sab);
    for (let id = 1; id <= 4; id++) expect(w.updatePosition(id, 1, 2, 3), `command ${id} fits (24 bytes each)`).toBe(true);
    expect(r.ring.tryRead(), 'nothing visible before flush').toBe(RING_EMPTY);
    expect(w.createMesh(9, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1), 'a 56-byte create does not fit a 128-byte ring with 96 used').toBe(false);
    expect(w.ring.fullEvents, 'full event counted').toBe(1);
    w.flush();
    const calls: Call[] = [];
    expect(r.drain(recordingHandler(calls), 10), 'four commands').toBe(4);
    expect(calls.map((c) => c[1]), 'the refused command left no trace').toEqual([1, 2, 3, 4]);
    expect(() => createCommandQueueBuffer(64), 'a ring too small for createMesh is refused').toThrow(/TF2005/);
  });

  it('refuses buffers of another queue with TF2006', () => {
    let err: unknown;
    try {
      new CommandWriter(createCallbackQueueBuffer(4));
    } catch (e) {
      err = e;
    }
    expect(isTwinframeError(err, 'TF2006'), `coded TF2006, got ${String(err)}`).toBe(true);
    expect(() => new CommandReader(createCallbackQueueBuffer(4)), 'reader too').toThrow(/TF2006/);
  });
});

describe('CommandWriter with a spill (the logic outbox)', () => {
  it('never refuses: commands past a full ring wait in the spill and arrive complete, in order, with their API style', () => {
    const sab = createCommandQueueBuffer(256);
    const w = new CommandWriter(sab, true);
    const ring = new CommandReader(sab).ring;
    const sent: [number, number][] = [];
    const got: [number, number][] = [];
    const read = (): void => {
      for (let t = ring.take(); t >= 0; t = ring.take()) got.push([t, ring.f32[(ring.offset >> 2) + 1]!]);
    };
    let k = 0;
    for (let frame = 0; frame < 20; frame++) {
      w.drainSpill();
      for (let i = 0; i < 30; i++, k++) {
        const style = (k % 3) as 0 | 1 | 2;
        w.apiStyle = style;
        expect(w.moveBy(1, k, 0, 0), 'accepted').toBe(true);
        sent.push([COMMAND_OPCODES.MOVE_BY | (style << 8), k]);
      }
      w.flush();
      read(); // a slow consumer: it reads once per frame, a ring of 256 bytes holds ~10 commands
    }
    expect(w.spill!.spilledRecords, 'the spill was used').toBeGreaterThan(0);
    for (let i = 0; i < 200 && got.length < sent.length; i++) {
      w.drainSpill();
      read();
    }
    expect(w.spill!.waitingRecords, 'the spill drained').toBe(0);
    expect(got, 'every command, in order, each with the style it was written with').toEqual(sent);
  });
});
