import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CommandWriter, createCommandQueueBuffer } from '../../src/protocol/command-writer.ts';
import { CommandReader } from '../../src/protocol/command-reader.ts';
import { COMMAND_OPCODES, COMMAND_PAYLOAD_BYTES } from '../../src/protocol/command-opcodes.ts';
import { RingWriter } from '../../src/shared-memory/ring-writer.ts';
import { CONTROL_BYTES, CONTROL_SLOTS, READ_INDEX_SLOT, WRITE_INDEX_SLOT, maxPayloadBytesFor } from '../../src/shared-memory/ring-layout.ts';
import { measureHeapGrowth } from '../helpers/heap.ts';
import { SummingHandler, recordingHandler } from './command-test-handler.ts';
import type { Call } from './command-test-handler.ts';

const SEED = Number(process.env.TWINFRAME_SEED ?? Math.floor(Math.random() * 2 ** 31));

function raw(w: RingWriter, type: number, len: number, fill = 0): void {
  const off = w.tryReserve(type, len);
  if (off < 0) throw new Error('test setup: ring full');
  for (let i = 0; i < len; i++) w.u8[off + i] = fill;
  w.commit();
}

describe('CommandReader', () => {
  describe('#drain', () => {
    it('skips an unknown opcode (TF2001) and a wrong length (TF2002) and keeps going', () => {
      const sab = createCommandQueueBuffer(1024);
      const w = new CommandWriter(sab);
      const raw1 = w.ring; // one producer: raw records go through the command writer's own ring end
      w.updateScale(1, 2);
      raw(raw1, 99, 8);
      raw(raw1, 2, 12); // UPDATE_POSITION needs 16
      raw(raw1, 0, 0); // opcode 0 is unused
      w.destroyEntity(7);
      raw1.publish();
      const calls: Call[] = [];
      const r = new CommandReader(sab);
      expect(r.drain(recordingHandler(calls), 100), 'two valid commands').toBe(2);
      expect(calls, 'valid commands around the bad records, each bad one reported').toEqual([
        ['updateScale', 1, 2],
        ['onMalformed:TF2001', 99, 8],
        ['onMalformed:TF2002', 2, 12],
        ['onMalformed:TF2001', 0, 0],
        ['destroyEntity', 7],
      ]);
      expect(r.malformedRecords, 'counted').toBe(3);
    });

    it('reports broken framing once (TF1005), resets, and reads later commands', () => {
      const sab = createCommandQueueBuffer(1024);
      const w = new CommandWriter(sab);
      w.updateScale(1, 2);
      w.updateScale(2, 3);
      w.flush();
      new Int32Array(sab, CONTROL_BYTES, 4)[0] = 1 << 20; // first record's length word: impossible
      const r = new CommandReader(sab);
      const calls: Call[] = [];
      expect(r.drain(recordingHandler(calls), 100), 'nothing valid before the reset').toBe(0);
      expect(calls, 'one framing diagnostic with the bad length').toEqual([['onMalformed:TF1005', 0x54460006, 1 << 20]]);
      w.updateScale(3, 4);
      w.flush();
      calls.length = 0;
      expect(r.drain(recordingHandler(calls), 100), 'the next command arrives').toBe(1);
      expect(calls, 'intact').toEqual([['updateScale', 3, 4]]);
    });

    it('does at most maxCommands records of work per call', () => {
      const sab = createCommandQueueBuffer(1 << 16);
      const w = new CommandWriter(sab);
      for (let i = 0; i < 100; i++) w.destroyEntity(i);
      w.flush();
      const r = new CommandReader(sab);
      const h = new SummingHandler();
      expect(r.drain(h, 30), 'first batch').toBe(30);
      expect(r.drain(h, 1000), 'the rest').toBe(70);
    });

    it('hands released space back to a starved writer at the end of drain', () => {
      const sab = createCommandQueueBuffer(1024);
      const w = new CommandWriter(sab);
      let n = 0;
      while (w.destroyEntity(n)) n++;
      w.flush();
      const r = new CommandReader(sab);
      expect(r.drain(new SummingHandler(), 10), 'ten of the full ring').toBe(10);
      expect(w.ring.totalDequeued, 'the writer counted a full event, so drain published its releases').toBe(10);
      expect(w.destroyEntity(999), 'room again').toBe(true);
    });

    it('releases a record before dispatch, so a throwing handler never sees it twice', () => {
      const sab = createCommandQueueBuffer(1024);
      const w = new CommandWriter(sab);
      w.destroyEntity(1);
      w.destroyEntity(2);
      w.flush();
      const r = new CommandReader(sab);
      const seen: number[] = [];
      const h = new SummingHandler();
      h.destroyEntity = (id: number) => {
        seen.push(id);
        if (id === 1) throw new Error('handler bug');
        return true;
      };
      expect(() => r.drain(h, 10), "the handler's own error propagates").toThrow('handler bug');
      r.drain(h, 10);
      expect(seen, 'each command dispatched exactly once').toEqual([1, 2]);
    });
  });

  describe('spans', () => {
    it(`reads commands of mixed sizes across thousands of wraps of a small ring, in order, whatever the drain sizes (seed ${SEED})`, () => {
      let state = SEED >>> 0 || 1;
      const rand = (n: number): number => {
        state ^= state << 13; state >>>= 0; state ^= state >>> 17; state ^= state << 5; state >>>= 0;
        return state % n;
      };
      const sab = createCommandQueueBuffer(256);
      const w = new CommandWriter(sab);
      const r = new CommandReader(sab);
      const calls: Call[] = [];
      const h = recordingHandler(calls);
      const sent: Call[] = [];
      let next = 1;
      for (let round = 0; round < 4000; round++) {
        // fill with a random mix until the ring refuses (records of 16, 24, 32 and 56 bytes: every wrap pads)
        for (;;) {
          const id = next;
          const kind = rand(4);
          const ok = kind === 0 ? w.destroyEntity(id) : kind === 1 ? w.updatePosition(id, 1, 2, 3) : kind === 2 ? w.updateColor(id, 4, 5, 6, 7)
            : w.createMesh(id, 9, 1, 1, 2, 3, 1, 4, 5, 6, 7);
          if (!ok) break;
          sent.push(kind === 0 ? ['destroyEntity', id] : kind === 1 ? ['updatePosition', id, 1, 2, 3] : kind === 2 ? ['updateColor', id, 4, 5, 6, 7]
            : ['createMesh', id, 9, 1, 1, 2, 3, 1, 4, 5, 6, 7]);
          next++;
          if (rand(3) === 0) w.flush();
        }
        w.flush();
        r.drain(h, 1 + rand(12));
      }
      while (r.drain(h, 1000) > 0);
      expect(r.malformedRecords, `seed ${SEED}: nothing refused`).toBe(0);
      expect(r.ring.corruptResets, `seed ${SEED}: no framing reset`).toBe(0);
      expect(calls.length, `seed ${SEED}: every command dispatched once`).toBe(sent.length);
      expect(calls, `seed ${SEED}: in order, fields intact`).toEqual(sent);
      expect(r.ring.totalDequeued, `seed ${SEED}: every record released`).toBe(sent.length);
    });
  });

  describe('update-position runs', () => {
    it(`a run ends at maxCommands, at another type or API style and at the ring's end; in order, the tap sees each record once (seed ${SEED})`, () => {
      let state = SEED >>> 0 || 1;
      const rand = (n: number): number => {
        state ^= state << 13; state >>>= 0; state ^= state >>> 17; state ^= state << 5; state >>>= 0;
        return state % n;
      };
      const sab = createCommandQueueBuffer(512);
      const w = new CommandWriter(sab);
      const r = new CommandReader(sab);
      const calls: Call[] = [];
      const h = recordingHandler(calls);
      const runs: number[] = [];
      const run = h.entities.updatePositionRun;
      (h.entities as { updatePositionRun: typeof run }).updatePositionRun = (i32, f32, q, count, stride) => {
        runs.push(count);
        return run(i32, f32, q, count, stride);
      };
      const tapped: number[] = [];
      r.tap = { record: (i32, start) => { tapped.push(i32[start + 2]!); } };
      const sent: Call[] = [];
      let next = 1;
      for (let round = 0; round < 2000; round++) {
        for (;;) {
          const id = next;
          // Mostly update-position records, in both API styles, now and then a record of another type.
          const other = rand(8) === 0;
          w.apiStyle = rand(6) === 0 ? 1 : 0;
          const ok = other ? w.moveBy(id, 7, 8, 9) : w.updatePosition(id, id, 2, 3);
          if (!ok) break;
          sent.push(other ? ['moveBy', id, 7, 8, 9] : ['updatePosition', id, id, 2, 3]);
          next++;
          if (rand(16) === 0) w.flush();
        }
        w.flush();
        r.drain(h, 1 + rand(40));
      }
      while (r.drain(h, 1000) > 0);
      expect(r.malformedRecords, `seed ${SEED}: nothing refused`).toBe(0);
      expect(calls, `seed ${SEED}: every command once, in order, fields intact`).toEqual(sent);
      expect(tapped, `seed ${SEED}: the tap saw every record once, in order`).toEqual(sent.map((c) => c[1]));
      expect(Math.max(...runs), `seed ${SEED}: runs of several records happened`).toBeGreaterThan(3);
    });
  });

  describe('fuzzing', () => {
    it(`random records with valid framing: every bad one reported, every good one dispatched (seed ${SEED})`, () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 255 })), { maxLength: 80 }),
          (recs) => {
            const sab = createCommandQueueBuffer(1 << 14);
            const w = new RingWriter(sab);
            let good = 0;
            for (const [type, len, fill] of recs) {
              raw(w, type, len, fill);
              // (CALLBACK_FACTS carries its callback's message after its fields: any longer length is valid too.)
              if (COMMAND_PAYLOAD_BYTES[type] === len || (type === COMMAND_OPCODES.CALLBACK_FACTS && len > COMMAND_PAYLOAD_BYTES[type]!)) good++;
            }
            w.publish();
            const h = new SummingHandler();
            const r = new CommandReader(sab);
            const n = r.drain(h, 1000);
            expect(n, `seed ${SEED}: valid commands dispatched`).toBe(good);
            expect(h.malformed, `seed ${SEED}: invalid ones reported`).toBe(recs.length - good);
          },
        ),
        { seed: SEED, numRuns: 500 },
      );
    });

    it(`random bytes over storage and indices never make drain throw or hang (seed ${SEED})`, () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 7, max: 12 }),
          fc.uint8Array({ minLength: 1, maxLength: 4096 }),
          fc.option(fc.tuple(fc.integer(), fc.integer())),
          fc.integer({ min: 0, max: 60 }),
          (log2, bytes, indices, commands) => {
            const cap = 2 ** log2;
            const sab = createCommandQueueBuffer(cap);
            const w = new CommandWriter(sab);
            for (let i = 0; i < commands; i++) if (!w.updatePosition(i, i, i, i)) break;
            w.flush();
            const storage = new Uint8Array(sab, CONTROL_BYTES, cap);
            for (let i = 0; i < cap; i++) storage[i] = bytes[i % bytes.length]! ^ (i * 13);
            if (indices) {
              const c = new Int32Array(sab, 0, CONTROL_SLOTS);
              c[WRITE_INDEX_SLOT] = indices[0];
              c[READ_INDEX_SLOT] = indices[1];
            }
            const r = new CommandReader(sab);
            const h = new SummingHandler();
            const limit = cap / 8 + 2;
            const n = r.drain(h, limit);
            expect(n + h.malformed, `seed ${SEED}: bounded work`).toBeLessThanOrEqual(limit);
            expect(r.drain(h, limit), `seed ${SEED}: drained to empty: a second drain finds nothing`).toBe(0);
            expect(maxPayloadBytesFor(cap), 'sanity').toBeGreaterThan(0);
          },
        ),
        { seed: SEED, numRuns: 1000 },
      );
    });
  });

  describe('allocation', () => {
    it('encoding and decoding a million commands allocates nothing measurable after warm-up', () => {
      const sab = createCommandQueueBuffer(1 << 16);
      const w = new CommandWriter(sab);
      const r = new CommandReader(sab);
      const h = new SummingHandler();
      let k = 0;
      const frame = () => {
        for (let i = 0; i < 1000; i++) {
          const id = k++ & 0xfffff;
          if ((i & 3) === 0) w.updatePosition(id, i, i + 1, i + 2);
          else if ((i & 3) === 1) w.updateColor(id, 1, 2, 3, 4);
          else if ((i & 3) === 2) w.createMesh(id, i, 0, 1, 2, 3, 1, 255, 0, 0, 255);
          else w.moveCamera(id, 1, 1, 1);
        }
        w.flush();
        r.drain(h, 2000);
      };
      const g = measureHeapGrowth(frame, 1000, 500);
      expect(h.count, 'every command arrived (warm-up + 3 measured rounds)').toBe(g.calls * 1000);
      const info = `allocated ${g.allocatedBytes} B, retained ${g.bytes} B, gc runs ${g.gcRuns}, gc exposed ${g.gcExposed}`;
      // 1.2M commands: even one byte per command would show as > 1 MB; what remains is measurement noise
      expect(g.gcRuns, `no garbage collection was needed (${info})`).toBe(0);
      expect(g.allocatedBytes, `allocation over 1.2M commands stays under 256 KiB (${info})`).toBeLessThan(256 * 1024);
      expect(g.bytes, `retained heap growth (${info})`).toBeLessThan(64 * 1024);
    });
  });
});
