/**
 * Recording benchmarks (issue 16; headless, null renderer, lockstep, real workers), the spawner
 * example:
 * - replay.record_overhead_ratio: the logic frame p50 (stats().logic.frame_ms.p50, the worker's own
 *   measure of its frame) while recording (`record`: the worker writes its facts every tick, the
 *   engine copies every record) over the same without recording nor flight recorder: paired runs
 *   in one process (10 pairs in --quick, 16 in full; which side runs first alternates pair by
 *   pair), the true median of the per-pair ratios. Target <= 1.03.
 * - replay.bytes_per_minute: the recording file's bytes per minute of play (3,600 engine frames at
 *   60 fps) of the spawner with scripted input: the mouse moving every frame, a key pressed and
 *   released every half second, a gamepad stick swept. Aim <= 1 MB per minute.
 */
import { fileURLToPath } from 'node:url';
import type { BenchContext, BenchSuite } from '../harness.ts';
import { createNodeApp } from '../../src/startup/node-app.ts';
import { runHeadless } from '../../src/startup/run-headless.ts';
import { MemoryLogger } from '../../src/platform/logger.ts';
import { testHooks } from '../../src/startup/testing.ts';

const SPAWNER = fileURLToPath(new URL('../../examples/spawner/game.ts', import.meta.url));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** One round: the spawner for `ms` after a warm-up; returns the logic frame p50 in ms. */
async function logicP50(recording: boolean, ms: number): Promise<number> {
  let bytes = 0;
  const app = await createNodeApp({
    game: SPAWNER, fps: 120, logger: new MemoryLogger(),
    ...(recording ? { record: (c: Uint8Array) => { bytes += c.byteLength; } } : { flightRecorderSeconds: 0 }),
  });
  try {
    app.start();
    await sleep(1000);
    testHooks(app).resetTimings();
    await sleep(ms);
    return app.stats().logic.frame_ms.p50;
  } finally {
    await app.stop();
    if (recording && bytes === 0) throw new Error('record.bench: the recording wrote nothing');
  }
}

/** The true median: the middle value, or the mean of the two middle values of an even count. */
function median(xs: readonly number[]): number {
  const a = [...xs].sort((x, y) => x - y);
  const m = a.length >> 1;
  return a.length % 2 === 1 ? a[m]! : (a[m - 1]! + a[m]!) / 2;
}

async function overhead(ctx: BenchContext): Promise<void> {
  const pairs = ctx.quick ? 10 : 16;
  const ms = ctx.quick ? 1000 : 2000;
  const ratios: number[] = [];
  const off: number[] = [];
  const on: number[] = [];
  // Paired runs in one process: each pair measures both, back to back, and alternates which goes
  // first (off-on, on-off, ...), so a drift of the shared machine's load over a pair hits both
  // about equally and favours neither side over the run; the median of the per-pair ratios
  // ignores the pairs a burst of load hit.
  for (let p = 0; p < pairs; p++) {
    const recordFirst = p % 2 === 1;
    const first = await logicP50(recordFirst, ms);
    const second = await logicP50(!recordFirst, ms);
    const b = recordFirst ? first : second;
    const a = recordFirst ? second : first;
    on.push(b);
    off.push(a);
    ratios.push(b / a);
    ctx.log(`pair ${p + 1} (${recordFirst ? 'recording first' : 'recording second'}): logic p50 ${b.toFixed(4)} ms recording, ${a.toFixed(4)} ms without: ratio ${ratios[p]!.toFixed(3)}`);
  }
  ctx.log(`ratios sorted: ${[...ratios].sort((x, y) => x - y).map((r) => r.toFixed(3)).join(' ')}`);
  ctx.report('replay.record_logic_p50_ms', median(on), 'ms');
  ctx.report('replay.norecord_logic_p50_ms', median(off), 'ms');
  ctx.report('replay.record_overhead_ratio', median(ratios), 'x', { target: '<= 1.03' });
}

async function bytesPerMinute(ctx: BenchContext): Promise<void> {
  const frames = ctx.quick ? 900 : 3600;
  let bytes = 0;
  const axes = [0, 0];
  await runHeadless(SPAWNER, {
    frames, fps: ctx.quick ? 240 : 120, flightRecorderSeconds: 0,
    record: (c) => { bytes += c.byteLength; },
    beforeFrame: (n, input) => {
      input.mouseMove(320 + 200 * Math.sin(n / 40), 240 + 150 * Math.cos(n / 55), 2, -1);
      if (n % 30 === 0) input.keyDown(87);
      if (n % 30 === 15) input.keyUp(87);
      axes[0] = Math.sin(n / 90);
      axes[1] = Math.cos(n / 70);
      input.setGamepad(0, true, n % 60 < 10 ? 1 : 0, axes);
    },
  });
  ctx.log(`${bytes} bytes for ${frames} frames`);
  ctx.report('replay.bytes_per_minute', (bytes * 3600) / frames, 'B', { target: '<= 1e6 (aim)' });
}

const suite: BenchSuite = {
  name: 'replay: record',
  async run(ctx) {
    await overhead(ctx);
    await bytesPerMinute(ctx);
  },
};
export default suite;
