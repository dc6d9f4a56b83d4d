/**
 * Callback round trip: the engine (main thread) enqueues a callback, the logic worker dequeues it
 * and answers with a command (setActiveCamera carrying the callback id), the engine sees that
 * command. Both sides poll (no sleeping). Reported as p50 and p99 in microseconds over many trips.
 * Target p99 <= 5 µs; the seed asks for callback latency < 1 frame (16,667 µs).
 */
import type { BenchContext, BenchSuite } from '../harness.ts';
import { percentile } from '../harness.ts';
import { CALLBACK_TYPES, CallbackWriter, createCallbackQueueBuffer } from '../../src/protocol/callback-queue.ts';
import { CommandReader } from '../../src/protocol/command-reader.ts';
import { createCommandQueueBuffer } from '../../src/protocol/command-writer.ts';
import { SummingHandler } from '../../test/protocol/command-test-handler.ts';
import { startBenchWorker } from './bench-worker.ts';

/** Sees the echo: setActiveCamera(resultId, callbackId). */
class EchoHandler extends SummingHandler {
  lastCallback = 0;
  override setActiveCamera(_id: number, callbackId: number): boolean {
    this.lastCallback = callbackId;
    return true;
  }
}

const suite: BenchSuite = {
  name: 'callback round trip',
  async run(ctx: BenchContext) {
    const trips = ctx.quick ? 20_000 : 200_000;
    const callbacks = createCallbackQueueBuffer(100);
    const commands = createCommandQueueBuffer(1 << 16);
    const cbw = new CallbackWriter(callbacks);
    const cmd = new CommandReader(commands);
    const h = new EchoHandler();
    const w = await startBenchWorker({ role: 'callback-echo', count: trips, callbacks, commands });
    w.go();
    const samples = new Float64Array(trips);
    const warm = Math.min(2000, trips / 10);
    for (let i = 1; i <= trips + warm; i++) {
      const t0 = performance.now();
      cbw.enqueue(i, i * 2, CALLBACK_TYPES.GENERIC);
      while (h.lastCallback !== i) cmd.drain(h, 16);
      if (i > warm) samples[i - warm - 1] = (performance.now() - t0) * 1000;
    }
    w.stop();
    await w.done;
    await w.worker.terminate();
    ctx.report('callback.roundtrip.p50_us', percentile(samples, 50), 'µs', { compare: { baseline: 'baseline.comlink.call_roundtrip.p50_us', higherIsBetter: false } });
    ctx.report('callback.roundtrip.p99_us', percentile(samples, 99), 'µs', { target: '<= 5' });
  },
};
export default suite;
