/**
 * The spawner, typed style: a camera looking at the origin, a cube or sphere spawned every quarter
 * second (its handle is usable at once; `ready` settles when the engine confirms), each circling
 * and changing colour, the oldest destroyed once 40 are alive.
 *
 *   npx twinframe run examples/spawner/game.ts --seconds 5
 */
import { defineGame, type EntityHandle } from '../../src/logic/index.ts';

interface Spinner {
  readonly handle: EntityHandle;
  readonly radius: number;
  readonly speed: number;
  readonly height: number;
  phase: number;
}

const MAX_ALIVE = 40;
const SPAWN_EVERY = 0.25;
const spinners: Spinner[] = [];
const position = { x: 0, y: 0, z: 0 };
const color = { r: 0, g: 0, b: 0, a: 255 };
let untilSpawn = 0;
let confirmed = 0;

export default defineGame({
  setup(ctx) {
    const camera = ctx.cameras.create({ x: -25, y: 0, z: 12 }, { yaw: 0, pitch: 25, roll: 0 }, 'world');
    ctx.cameras.lookAt(camera, { x: 0, y: 0, z: 0 });
    void ctx.cameras.setActive(camera).then((id) => console.log(`camera ${id} active`));
    ctx.entities.createMesh('grid', { x: 0, y: 0, z: 0 }, 40, { r: 80, g: 80, b: 90, a: 255 });
  },

  update(ctx, dt) {
    untilSpawn -= dt;
    if (untilSpawn <= 0) {
      untilSpawn += SPAWN_EVERY;
      const kind = ctx.random() < 0.5 ? 'cube' : 'sphere';
      const handle = ctx.entities.createMesh(kind, { x: 0, y: 0, z: 1 }, 0.5 + ctx.random(), { r: 255, g: 255, b: 255, a: 255 });
      handle.ready.then(
        (id) => {
          confirmed++;
          if (confirmed % 10 === 1) console.log(`spawned ${kind} ${id} (${confirmed} confirmed so far)`);
        },
        (e: unknown) => console.warn(`spawn refused: ${String(e)}`),
      );
      spinners.push({ handle, radius: 3 + ctx.random() * 12, speed: 0.5 + ctx.random() * 2, height: 1 + ctx.random() * 6, phase: ctx.random() * Math.PI * 2 });
      if (spinners.length > MAX_ALIVE) ctx.entities.destroy(spinners.shift()!.handle);
    }
    const t = ctx.time.elapsed;
    for (const s of spinners) {
      s.phase += s.speed * dt;
      position.x = Math.cos(s.phase) * s.radius;
      position.y = Math.sin(s.phase) * s.radius;
      position.z = s.height + Math.sin(t * 2 + s.phase);
      ctx.entities.updatePosition(s.handle, position);
      color.r = 128 + 127 * Math.sin(t + s.phase);
      color.g = 128 + 127 * Math.sin(t * 1.3 + s.phase + 2);
      color.b = 128 + 127 * Math.sin(t * 0.7 + s.phase + 4);
      ctx.entities.updateColor(s.handle, color);
    }
  },
});
