// Typed style, for the record-then-verify tests (test/startup/replay.test.ts): everything a replay
// must reproduce in one game. Math.random and crypto.getRandomValues pick spawns, sizes and
// colours; performance.now and Date.now tint the player; the keyboard (ArrowRight held, A pressed),
// the mouse (position, button 0) and gamepad 0 (left stick, button A) move it; every spawn's
// ENTITY_CREATED callback (its `ready`) moves the new entity and counts it. Options:
//   crashAt N  process.exit(3) inside tick N (a crash);  hangAt N  an endless loop in tick N (a hang)
//   speed S    the player's speed (default 10; an "edited" game changes it)
import { defineGame, type EntityHandle } from '../../../src/logic/index.ts';

const SPEED = 10;
let player: EntityHandle;
let x = 0;
const spawned: number[] = [];
let confirmed = 0;
export default defineGame({
  setup(ctx) {
    player = ctx.entities.createMesh('cube', [0, 0, 0], 1, [255, 255, 255]);
  },
  update(ctx) {
    const tick = ctx.time.tick;
    const dt = ctx.time.dt;
    if (tick === Number(ctx.options.crashAt)) process.exit(3);
    if (tick === Number(ctx.options.hangAt)) for (;;) { /* hang */ }
    const speed = Number(ctx.options.speed ?? SPEED);
    const input = ctx.input;
    if (input.isKeyDown('ArrowRight')) x += speed * dt;
    if (input.wasKeyJustPressed('A')) {
      const rgb = new Uint8Array(3);
      crypto.getRandomValues(rgb);
      ctx.entities.updateColor(player, [rgb[0]!, rgb[1]!, rgb[2]!]);
    }
    const pad = input.gamepads[0]!;
    const padZ = pad.connected ? pad.axis('LeftX') * speed * dt : 0;
    // The snapshot is read too: the player's last published z tilts it.
    const z = ctx.entities.get(player)?.z ?? 0;
    ctx.entities.updatePosition(player, [x, input.mouseX / 100, padZ + (pad.isButtonDown('A') ? 1 : 0)]);
    ctx.entities.updateScale(player, 1 + Math.abs(z) / 10);
    if (input.wasMouseButtonJustPressed(0) && spawned.length > 0) ctx.entities.destroy(spawned.shift()!);
    if (Math.random() < 0.3 && spawned.length < 40) {
      const e = ctx.entities.createMesh(Math.random() < 0.5 ? 'cube' : 'sphere', [Math.random() * 20 - 10, Math.random() * 20 - 10, 0], 0.25 + Math.random(), [200, 100, 50]);
      void e.ready.then((id) => {
        confirmed++;
        spawned.push(id);
        ctx.entities.moveBy(e, [0, 0, confirmed % 7]);
      });
    }
    // Virtual time: performance.now and Date.now advance with the recorded dts.
    ctx.entities.updateOrientation(player, [(performance.now() / 10) % 360, (Date.now() % 3600) / 10, 0]);
  },
});
