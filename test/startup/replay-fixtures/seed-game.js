// Seed style (globals), for the record-then-verify tests (test/startup/replay.test.ts): Math.random
// spawns, keyboard, mouse and gamepad move the player, the creation callbacks move the new entities,
// performance.now and Date.now tint the player.
/* global JSEngine, EntityAPI, Input */
let player = 0;
const spawned = [];
let confirmed = 0;
let x = 0;
EntityAPI.createMesh('cube', [0, 0, 0], 1, [255, 255, 255], (id) => { player = id; });

JSEngine.registerSystem('replayed', {
  update(dt) {
    if (player === 0) return;
    if (Input.isKeyDown('ArrowRight')) x += 10 * dt;
    const pad = Input.gamepad(0);
    EntityAPI.updatePosition(player, [x, Input.mouseX / 100, pad.connected ? pad.axis('LeftX') : 0]);
    if (Input.wasKeyJustPressed('A')) EntityAPI.updateColor(player, [Math.floor(Math.random() * 255), 0, 0]);
    if (Input.wasMouseButtonJustPressed(0) && spawned.length > 0) EntityAPI.destroyEntity(spawned.shift());
    if (Math.random() < 0.3 && spawned.length < 40) {
      EntityAPI.createMesh(Math.random() < 0.5 ? 'cube' : 'sphere', [Math.random() * 20 - 10, Math.random() * 20 - 10, 0], 0.25 + Math.random(), [200, 100, 50], (id) => {
        confirmed++;
        spawned.push(id);
        EntityAPI.moveBy(id, [0, 0, confirmed % 7]);
      });
    }
    EntityAPI.updateOrientation(player, [(performance.now() / 10) % 360, (Date.now() % 3600) / 10, 0]);
  },
});
