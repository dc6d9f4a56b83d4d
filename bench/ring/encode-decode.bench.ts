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
 * Every row is the lower quartile of the frames of 1,000 commands timed one by one (quietNsPerOp):
 * a frame that a preemption or another process's cache traffic slowed down lands in the upper
 * quartiles, where the best of five ~80 ms means averaged it in (2-3x from run to run at load 6+).
 * Measured in a worker of its own (encode-decode-measure.ts; why there), so the rows do not depend on
 * which suites ran before this one in the bench process.
 */
import { Worker } from 'node:worker_threads';
import type { BenchContext, BenchSuite } from '../harness.ts';
import type { EncodeDecodeData, EncodeDecodeRow } from './encode-decode-measure.ts';

const suite: BenchSuite = {
  name: 'ring encode/decode',
  async run(ctx: BenchContext) {
    const data: EncodeDecodeData = { quick: ctx.quick };
    const worker = new Worker(new URL('../../test/helpers/ts-worker.mjs', import.meta.url), {
      workerData: { ...data, entry: new URL('./encode-decode-measure.ts', import.meta.url).href },
    });
    try {
      const rows = await new Promise<EncodeDecodeRow[]>((resolve, reject) => {
        worker.once('message', (m: { rows: EncodeDecodeRow[] }) => resolve(m.rows));
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`bench: the encode/decode worker exited (${code}) before reporting`)));
      });
      for (const row of rows) ctx.report(row.name, row.value, row.unit, row.opts);
    } finally {
      await worker.terminate();
    }
  },
};
export default suite;
