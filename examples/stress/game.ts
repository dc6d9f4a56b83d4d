/**
 * The stress game: creates `count` entities (default 1000; `-- --count 100000`) and moves every
 * one of them every logic frame, to measure both threads under load. By default each move is one
 * command (`ctx.entities.updatePosition`); with `--bulk` every position is written into one
 * Float32Array and set with one `ctx.entities.setPositions` call (the bulk transform path).
 *
 *   npx twinframe run examples/stress/game.ts --seconds 5 --entities 131072 -- --count 100000
 *   npx twinframe run examples/stress/game.ts --seconds 5 --entities 131072 -- --count 100000 --bulk
 */
import { defineGame } from '../../src/logic/index.ts';

const ids: number[] = [];
const position = { x: 0, y: 0, z: 0 };
let bulkIds = new Int32Array(0);
let bulkXyz = new Float32Array(0);

export default defineGame<{ count?: number; bulk?: boolean }>({
  setup(ctx) {
    const count = Math.max(1, Math.floor(Number(ctx.options.count ?? 1000)));
    ctx.cameras.create({ x: -60, y: 0, z: 30 }, { yaw: 0, pitch: 30, roll: 0 }, 'world');
    const side = Math.ceil(Math.sqrt(count));
    for (let i = 0; i < count; i++) {
      position.x = (i % side) - side / 2;
      position.y = Math.floor(i / side) - side / 2;
      ids.push(ctx.entities.createMesh(i % 2 === 0 ? 'cube' : 'sphere', position, 0.4, { r: 40 + (i % 200), g: 120, b: 220, a: 255 }).id);
    }
    if (ctx.options.bulk === true) {
      bulkIds = Int32Array.from(ids);
      bulkXyz = new Float32Array(3 * count);
    }
    console.log(`stress: ${count} entities, each moved every logic frame${ctx.options.bulk === true ? ' (bulk path)' : ''}`);
  },
  update(ctx) {
    const t = ctx.time.elapsed;
    const side = Math.ceil(Math.sqrt(ids.length));
    if (bulkIds.length > 0) {
      const xyz = bulkXyz;
      for (let i = 0; i < ids.length; i++) {
        xyz[3 * i] = (i % side) - side / 2;
        xyz[3 * i + 1] = Math.floor(i / side) - side / 2;
        xyz[3 * i + 2] = Math.sin(t * 2 + i * 0.01);
      }
      ctx.entities.setPositions(bulkIds, xyz);
      return;
    }
    for (let i = 0; i < ids.length; i++) {
      position.x = (i % side) - side / 2;
      position.y = Math.floor(i / side) - side / 2;
      position.z = Math.sin(t * 2 + i * 0.01);
      ctx.entities.updatePosition(ids[i]!, position);
    }
  },
});
