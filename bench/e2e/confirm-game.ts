// Bench game: creates one entity per logic frame with a callback and logs, for each confirmation,
// how many logic frames it took (1 = confirmed at the start of the very next frame).
import { defineGame } from '../../src/logic/index.ts';

const pending: number[] = [];
export default defineGame({
  update(ctx) {
    const tick = ctx.time.tick;
    if (tick > 5 && ctx.entities.count < 2000) {
      const h = ctx.entities.createMesh('cube', [tick % 50, 0, 0], 1, [255, 255, 255]);
      pending.push(tick);
      void h.ready.then(() => console.log(`confirm ${ctx.time.tick - pending.shift()!}`));
    }
  },
});
