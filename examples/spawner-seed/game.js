/**
 * The spawner in the seed's style: globals installed in the worker (JSEngine, EntityAPI,
 * CameraAPI), ids delivered to callbacks dispatched from the CallbackQueue at the start of update.
 *
 *   npx twinframe run examples/spawner-seed/game.js --seconds 5
 */
/* global JSEngine, EntityAPI, CameraAPI */
const alive = [];
let untilSpawn = 0;
let elapsed = 0;
let created = 0;
let seed = 7;
function random() {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 4294967296;
}

const cameraId = CameraAPI.createCamera({ x: -25, y: 0, z: 12 }, { yaw: 0, pitch: 25, roll: 0 }, 'world', (id) => {
  console.log(`camera ${id} created`);
  CameraAPI.setActiveCamera(id);
});
CameraAPI.lookAt(cameraId, { x: 0, y: 0, z: 0 });

JSEngine.registerSystem('spawner', {
  priority: 10,
  update(dt) {
    elapsed += dt;
    untilSpawn -= dt;
    if (untilSpawn <= 0) {
      untilSpawn += 0.25;
      const type = random() < 0.5 ? 'cube' : 'sphere';
      EntityAPI.createMesh(type, [0, 0, 1], 0.5 + random(), { r: 255, g: 255, b: 255, a: 255 }, (entityId) => {
        created++;
        if (created % 10 === 1) console.log(`spawned ${type} ${entityId} (${created} so far)`);
        alive.push({ id: entityId, radius: 3 + random() * 12, phase: random() * 6.28, speed: 0.5 + random() * 2 });
        if (alive.length > 40) EntityAPI.destroyEntity(alive.shift().id);
      });
    }
  },
});

JSEngine.registerSystem('mover', {
  priority: 20,
  update(dt) {
    for (const e of alive) {
      e.phase += e.speed * dt;
      EntityAPI.updatePosition(e.id, { x: Math.cos(e.phase) * e.radius, y: Math.sin(e.phase) * e.radius, z: 2 + Math.sin(elapsed + e.phase) });
      EntityAPI.updateColor(e.id, { r: 128 + 127 * Math.sin(elapsed + e.phase), g: 128, b: 128 + 127 * Math.cos(elapsed), a: 255 });
    }
  },
});
