/**
 * One thread, no contention: the cost of the command path itself. `ring.encode_decode.ns_per_command`
 * encodes one update-position command (CommandWriter.updatePosition), publishes once per 1,000
 * (a frame's batch), and decodes + dispatches it (CommandReader.drain). Target <= 20 ns: at 60 Hz a
 * frame of 10,000 commands must cost well under 1 ms on both sides together. Also reported: the
 * submit side alone (the seed asks < 1 µs per submit; timed per frame of 1,000, so timer overhead
 * is amortised) and encode + decode with one publish per command.
 * `baseline.typed_array_floor.ns_per_command` is the floor of the same work: the same 24-byte records
 * written and read back with plain typed-array stores and loads over a SharedArrayBuffer, the header
 * checked and the same handler called, with no ring and no command table (what no codec can beat).
 */
import type { BenchContext, BenchSuite } from '../harness.ts';
import { timeNsPerOp } from '../harness.ts';
import { CommandReader } from '../../src/protocol/command-reader.ts';
import { CommandWriter, createCommandQueueBuffer } from '../../src/protocol/command-writer.ts';
import { SummingHandler } from '../../test/protocol/command-test-handler.ts';

const BATCH = 1000;

/** The floor: BATCH update-position records (8-byte header, id, x, y, z) stored and decoded in place, no ring. */
function rawFloor(h: SummingHandler): () => void {
  const sab = new SharedArrayBuffer(BATCH * 24);
  const i32 = new Int32Array(sab);
  const f32 = new Float32Array(sab);
  let k = 0;
  return () => {
    for (let i = 0, q = 0; i < BATCH; i++, q += 6) {
      i32[q] = 16; i32[q + 1] = 0x54460002; i32[q + 2] = k++ & 0xfffff;
      f32[q + 3] = i; f32[q + 4] = 1; f32[q + 5] = 2;
    }
    for (let i = 0, q = 0; i < BATCH; i++, q += 6) {
      if (i32[q] !== 16 || i32[q + 1]! >>> 16 !== 0x5446) h.onMalformed();
      else h.updatePosition(i32[q + 2]!, f32[q + 3]!, f32[q + 4]!, f32[q + 5]!);
    }
  };
}

const suite: BenchSuite = {
  name: 'ring encode/decode',
  async run(ctx: BenchContext) {
    const ms = ctx.quick ? 400 : 3000;
    const sab = createCommandQueueBuffer(1 << 16);
    const w = new CommandWriter(sab);
    const r = new CommandReader(sab);
    const h = new SummingHandler();
    let k = 0;
    const batched = () => {
      for (let i = 0; i < BATCH; i++) w.updatePosition(k++ & 0xfffff, i, 1, 2);
      w.flush();
      r.drain(h, BATCH);
    };
    const floor = rawFloor(h);
    ctx.report('baseline.typed_array_floor.ns_per_command', timeNsPerOp(floor, BATCH, ms), 'ns');
    ctx.report('ring.encode_decode.ns_per_command', timeNsPerOp(batched, BATCH, ms), 'ns', {
      target: '<= 20', compare: { baseline: 'baseline.typed_array_floor.ns_per_command', higherIsBetter: false },
    });

    const perRecord = () => {
      for (let i = 0; i < BATCH; i++) {
        w.updatePosition(k++ & 0xfffff, i, 1, 2);
        w.flush();
      }
      r.drain(h, BATCH);
    };
    ctx.report('ring.encode_decode.publish_each.ns_per_command', timeNsPerOp(perRecord, BATCH, ms), 'ns');

    // the submit side alone (the seed's "< 1 µs per submit"): a frame of encodes, then a drain that
    // is timed separately and subtracted, so only CommandWriter + publish remain
    const drainOnly = () => {
      r.drain(h, BATCH);
    };
    const encodeOnly = () => {
      for (let i = 0; i < BATCH; i++) w.updatePosition(k++ & 0xfffff, i, 1, 2);
      w.flush();
    };
    let encT = 0;
    let n = 0;
    const end = performance.now() + ms;
    while (performance.now() < end) {
      const t0 = performance.now();
      encodeOnly();
      encT += performance.now() - t0;
      n += BATCH;
      drainOnly();
    }
    ctx.report('ring.submit.ns_per_command', (encT * 1e6) / n, 'ns', { target: '< 1000 (seed)' });
    if (h.malformed !== 0) throw new Error(`bench: ${h.malformed} malformed commands`);
  },
};
export default suite;
