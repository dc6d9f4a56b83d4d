/**
 * `replay.scrub_ms.p50` (issue 16, target <= 100): from a scrub request to the drawn frame of a
 * random tick of a 5-minute recording at 60 engine frames a second (18,000 frames, 100 moving
 * entities, a keyframe every 2 s; `--quick`: 1 minute). Measured in Node on the viewer's own path
 * (ReplayTimeline.seek: restore the last keyframe at or before the tick, apply the recorded frames
 * through the engine's CommandReader/EntitySystem, end the frame) with the NullRenderer standing in
 * for three.js; the browser viewer adds one three.js render to this (the Chromium test
 * test/browser/replay-view.test.ts prints its scrub times). The recording is made with the real
 * CommandWriter and round-tripped through the file format first.
 */
import type { BenchSuite } from '../harness.ts';
import { percentile } from '../harness.ts';
import { encodeRecording } from '../../src/protocol/recording-encoder.ts';
import { decodeRecording } from '../../src/protocol/recording-decoder.ts';
import { KeyframeWorld } from '../../src/engine/keyframe-world.ts';
import { NullRenderer } from '../../src/platform/null-renderer.ts';
import { ReplayTimeline } from '../../src/dev/replay-view-timeline.ts';
import { syntheticRecording } from '../../test/dev/replay-view-synthetic.ts';

const suite: BenchSuite = {
  name: 'replay scrub',
  async run(ctx) {
    const seconds = ctx.quick ? 60 : 300;
    const frames = seconds * 60;
    const t0 = performance.now();
    const s = syntheticRecording({ frames, entities: 100, keyframeEvery: 120 });
    const file = await encodeRecording(s.header, s.events);
    const t1 = performance.now();
    const recording = await decodeRecording(file);
    const t2 = performance.now();
    ctx.log(`recording: ${seconds} s, ${frames} frames, ${(file.byteLength / 1e6).toFixed(1)} MB (made in ${((t1 - t0) / 1000).toFixed(1)} s, decoded in ${(t2 - t1).toFixed(0)} ms)`);
    const renderer = new NullRenderer();
    const world = new KeyframeWorld({ renderer, entityCapacity: s.header.entityCapacity, cameraCapacity: s.header.cameraCapacity });
    const timeline = new ReplayTimeline(recording, world);
    // Scrubs to random ticks (a fixed LCG, so every run asks for the same ones).
    let seed = 16;
    const next = (): number => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed / 2 ** 32;
    };
    const scrubs = ctx.quick ? 100 : 300;
    const samples: number[] = [];
    for (let i = 0; i < scrubs + 20; i++) {
      const tick = 1 + Math.floor(next() * frames);
      const a = performance.now();
      timeline.seek(timeline.indexOfTick(tick));
      renderer.render();
      const ms = performance.now() - a;
      if (i >= 20) samples.push(ms); // the first ones warm the JIT up
    }
    if (timeline.hashMismatches !== 0) throw new Error(`replay scrub bench: ${timeline.hashMismatches} scrubs showed a world whose hash differs from the recorded one`);
    ctx.log(`scrub ms: p50 ${percentile(samples, 50).toFixed(2)}, p95 ${percentile(samples, 95).toFixed(2)}, max ${percentile(samples, 100).toFixed(2)} over ${samples.length} random ticks (Node, NullRenderer)`);
    ctx.report('replay.scrub_ms.p50', percentile(samples, 50), 'ms', { target: '<= 100' });
  },
};

export default suite;
