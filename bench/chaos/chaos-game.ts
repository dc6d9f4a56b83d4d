// The chaos benchmarks' game: 1000 cubes, each moved every logic frame (the same engine work in
// every mode while the logic runs), misbehaving as the option `mode` says:
//   good   nothing else (the baseline)
//   throw  throws in update every frame (TF5001 every frame)
//   slow   every update takes 100 ms (busy)
//   hang   while (true) {} at tick `at` (default 30) of every incarnation, after logging
//          `hang-start <epoch ms>` (the watchdog benchmark measures detection from it)
//   crash  process.exit(1) at tick 60 of every incarnation (about once a second at 60 Hz)
import { defineGame, type EntityHandle } from '../../src/logic/index.ts';

const N = 1000;
const cubes: EntityHandle[] = [];
const delta = { x: 0.01, y: 0, z: 0 };
export default defineGame({
  setup(ctx) {
    for (let i = 0; i < N; i++) cubes.push(ctx.entities.createMesh('cube', [i % 40, Math.floor(i / 40), 0], 0.5, [i & 255, 128, 64]));
  },
  update(ctx) {
    const mode = ctx.options.mode;
    const tick = ctx.time.tick;
    delta.x = tick % 2 === 0 ? 0.01 : -0.01;
    for (let i = 0; i < N; i++) ctx.entities.moveBy(cubes[i]!, delta);
    if (mode === 'throw') throw new Error('chaos: throw every frame');
    if (mode === 'slow') {
      const until = performance.now() + 100;
      while (performance.now() < until) { /* busy */ }
    }
    if (mode === 'hang' && tick === Number(ctx.options.at ?? 30)) {
      console.log(`hang-start ${performance.timeOrigin + performance.now()}`);
      for (;;) { /* hang */ }
    }
    if (mode === 'crash' && tick === 60) process.exit(1);
  },
});
