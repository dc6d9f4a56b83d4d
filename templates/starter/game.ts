/**
 * A first twinframe game: a camera over a grid, a cube you steer with the arrow keys (or WASD),
 * and five spheres circling it. Escape quits.
 *
 *   npm run dev     in the browser, reloading on save
 *   npm start       headless for five seconds, one stats line a second
 *   npm test        test/game.test.js runs it headless for 60 frames and checks the state
 *
 * This file runs on the logic worker: everything it does reaches the engine through `ctx`.
 */
import { defineGame, isTwinframeError } from 'twinframe/logic';

/** Units per second the cube moves while a key is held. */
const SPEED = 4;
/** The grid's half size: the cube stays on it. */
const BOUNDS = 10;
const ORBITERS = 5;
const ORBIT_RADIUS = 5;
/** Radians per second the spheres circle. */
const ORBIT_SPEED = 1;

interface Orbiter {
  /** The sphere's entity id (a number, so it can be handed to the next code on a hot reload). */
  readonly id: number;
  angle: number;
}

/** What the running code hands to the code that replaces it when you save (see setup). */
type Kept = { player: number; playerAt: typeof playerAt; orbiters: Orbiter[] };

let player = 0;
const orbiters: Orbiter[] = [];
// Reused every frame: a game that allocates nothing per frame never pauses for garbage collection.
const playerAt = { x: 0, y: 0, z: 0.5 };
const orbiterAt = { x: 0, y: 0, z: 1 };

export default defineGame({
  setup(ctx) {
    // Hot reload (`npm run dev`, then edit this file and save): handing the ids and the state over
    // keeps the world, so the cube stays where you steered it and the spheres go on from where they
    // were. Without a dispose hook, each save would start the game again from this setup.
    ctx.hot.dispose((data) => Object.assign(data, { player, playerAt, orbiters } satisfies Kept));
    if (ctx.hot.isReload) {
      const kept = ctx.hot.data as Kept;
      player = kept.player;
      Object.assign(playerAt, kept.playerAt);
      orbiters.push(...kept.orbiters);
      return;
    }

    // X forward, Y left, Z up. The camera stands behind and above the origin, looking at it.
    const camera = ctx.cameras.create({ x: -14, y: 0, z: 9 }, { yaw: 0, pitch: 0, roll: 0 }, 'world');
    ctx.cameras.lookAt(camera, { x: 0, y: 0, z: 0 });
    void ctx.cameras.setActive(camera);

    ctx.entities.createMesh('grid', { x: 0, y: 0, z: 0 }, BOUNDS * 2, { r: 80, g: 80, b: 90, a: 255 });
    const cube = ctx.entities.createMesh('cube', playerAt, 1, { r: 255, g: 140, b: 0, a: 255 });
    player = cube.id;
    for (let i = 0; i < ORBITERS; i++) {
      const angle = (i / ORBITERS) * Math.PI * 2;
      const at = { x: Math.cos(angle) * ORBIT_RADIUS, y: Math.sin(angle) * ORBIT_RADIUS, z: 1 };
      const handle = ctx.entities.createMesh('sphere', at, 0.6, { r: 60, g: 150 + i * 20, b: 255, a: 255 });
      orbiters.push({ id: handle.id, angle });
    }
    // A handle is usable at once; `ready` settles when the engine has applied the creation.
    cube.ready.then(
      (id) => console.log(`cube ${id} is on the grid: steer it with the arrow keys or WASD`),
      (e: unknown) => {
        // TF5022: the app stopped before the engine confirmed it (a run of a frame or two), not a refusal.
        if (!isTwinframeError(e, 'TF5022')) console.warn(`the cube was refused: ${String(e)}`);
      },
    );
  },

  update(ctx, dt) {
    const input = ctx.input;
    const forward = (input.isKeyDown('ArrowUp') || input.isKeyDown('W') ? 1 : 0) - (input.isKeyDown('ArrowDown') || input.isKeyDown('S') ? 1 : 0);
    const left = (input.isKeyDown('ArrowLeft') || input.isKeyDown('A') ? 1 : 0) - (input.isKeyDown('ArrowRight') || input.isKeyDown('D') ? 1 : 0);
    playerAt.x = clamp(playerAt.x + forward * SPEED * dt, -BOUNDS, BOUNDS);
    playerAt.y = clamp(playerAt.y + left * SPEED * dt, -BOUNDS, BOUNDS);
    ctx.entities.updatePosition(player, playerAt);

    for (const o of orbiters) {
      o.angle += ORBIT_SPEED * dt;
      orbiterAt.x = playerAt.x + Math.cos(o.angle) * ORBIT_RADIUS;
      orbiterAt.y = playerAt.y + Math.sin(o.angle) * ORBIT_RADIUS;
      orbiterAt.z = 1 + 0.5 * Math.sin(ctx.time.elapsed * 2 + o.angle);
      ctx.entities.updatePosition(o.id, orbiterAt);
    }

    if (input.wasKeyJustPressed('Escape')) ctx.quit();
  },
});

function clamp(v: number, min: number, max: number): number {
  return v < min ? min : v > max ? max : v;
}
