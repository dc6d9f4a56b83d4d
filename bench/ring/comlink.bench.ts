/**
 * Comlink baselines (what a user would otherwise pick to drive a worker-side game with RPC), in the
 * same run as our queues:
 * - `baseline.comlink.call_roundtrip.p50_us`: one awaited Comlink call with an answer (like a
 *   creation confirmed by a callback); `callback.roundtrip.p50_us` is printed against it;
 * - `baseline.comlink.fire_and_forget.calls_per_s`: Comlink calls issued without awaiting each one
 *   (then one awaited call to drain); `ring.cross_thread.single.vs_comlink` is printed against it.
 */
import { Worker } from 'node:worker_threads';
import * as Comlink from 'comlink';
// @ts-expect-error -- comlink ships this adapter's types under dist/umd only
import nodeEndpointUntyped from 'comlink/dist/esm/node-adapter.mjs';

/** Comlink's Node adapter: wraps a worker_threads endpoint as a Comlink endpoint. */
const nodeEndpoint = nodeEndpointUntyped as (nep: unknown) => Comlink.Endpoint;
import type { BenchContext, BenchSuite } from '../harness.ts';
import { percentile } from '../harness.ts';

interface Remote {
  updatePosition(id: number, x: number, y: number, z: number): void;
  createMesh(id: number): number;
  count(): number;
}

const suite: BenchSuite = {
  name: 'comlink baseline',
  async run(ctx: BenchContext) {
    const worker = new Worker(new URL('./comlink-worker.mjs', import.meta.url), { execArgv: [] });
    const remote = Comlink.wrap<Remote>(nodeEndpoint(worker as never));
    try {
      const trips = ctx.quick ? 2_000 : 20_000;
      const samples = new Float64Array(trips);
      for (let i = 0; i < 500; i++) await remote.createMesh(i);
      for (let i = 0; i < trips; i++) {
        const t0 = performance.now();
        await remote.createMesh(i);
        samples[i] = (performance.now() - t0) * 1000;
      }
      ctx.report('baseline.comlink.call_roundtrip.p50_us', percentile(samples, 50), 'µs');

      const calls = ctx.quick ? 50_000 : 300_000;
      const before = await remote.count();
      const t0 = performance.now();
      for (let i = 0; i < calls; i++) void remote.updatePosition(i, 1, 2, 3);
      while ((await remote.count()) - before < calls) { /* the last await drains the queue */ }
      const rate = (calls / (performance.now() - t0)) * 1000;
      ctx.report('baseline.comlink.fire_and_forget.calls_per_s', rate, 'calls/s');
    } finally {
      remote[Comlink.releaseProxy]();
      await worker.terminate();
    }
  },
};
export default suite;
