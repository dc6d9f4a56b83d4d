// The chaos benchmarks' game: 1000 cubes, each moved every logic frame (the same engine work in
// every mode while the logic runs), misbehaving as the option `mode` says:
//   good   nothing else (the baseline)
//   throw  throws in update every frame (TF5001 every frame)
//   slow   every update takes 100 ms (busy)
//   hang   while (true) {} at tick `at` (default 30) of every incarnation, after logging
//          `hang-start <epoch ms>` (the watchdog benchmark measures detection from it)
//   crash  process.exit(1) at tick `at` (default 60) of every incarnation (about once a second at 60 Hz)
//   flood  at tick `at` (default 60) sends 1,000,000 moveBy commands in one update (1000 per
//          cube, net zero), then one updatePosition of cube 0 to x = 12345; logs `flood-complete`
//          once its own snapshot shows it (every command before it was applied)
import { defineGame, type EntityHandle } from '../../src/logic/index.ts';

const N = 1000;
const cubes: EntityHandle[] = [];
const delta = { x: 0.01, y: 0, z: 0 };
const FLOOD = 1_000_000;
const marker = { x: 12345, y: 0, z: 0 };
let flooded = false;
let floodDone = false;
export default defineGame({
  setup(ctx) {
    for (let i = 0; i < N; i++) cubes.push(ctx.entities.createMesh('cube', [i % 40, Math.floor(i / 40), 0], 0.5, [i & 255, 128, 64]));
  },
  update(ctx) {
    const mode = ctx.options.mode;
    const tick = ctx.time.tick;
    delta.x = tick % 2 === 0 ? 0.01 : -0.01;
    if (mode === 'flood' && tick === Number(ctx.options.at ?? 60)) {
      for (let i = 0; i < FLOOD; i++) {
        delta.x = i % 2000 < 1000 ? 0.5 : -0.5;
        ctx.entities.moveBy(cubes[i % N]!, delta);
      }
      ctx.entities.updatePosition(cubes[0]!, marker);
      flooded = true;
      console.log(`flood-start ${FLOOD}`);
      return;
    }
    if (flooded) {
      if (!floodDone && ctx.entities.get(cubes[0]!)?.x === marker.x) {
        floodDone = true;
        console.log(`flood-complete at tick ${tick}`);
      }
      return;
    }
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
    if (mode === 'crash' && tick === Number(ctx.options.at ?? 60)) process.exit(1);
  },
});
