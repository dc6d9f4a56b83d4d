// @ts-check
// Runs game.ts headless (a real worker thread, as in `npm start`) for 60 frames and checks what the
// engine holds: every entity was created, the spheres circled, and the cube followed the arrow key
// the test held down. Plain JavaScript on Node's own test runner (`node --test`), type-checked by
// `npm run typecheck` through the JSDoc types twinframe ships.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MESH_TYPES } from 'twinframe';
import { runHeadless, VK } from 'twinframe/testing';

const game = new URL('../game.ts', import.meta.url);
const CUBE = MESH_TYPES.indexOf('cube');
const SPHERE = MESH_TYPES.indexOf('sphere');
const GRID = MESH_TYPES.indexOf('grid');

test('60 frames headless: entities created, spheres circling, the cube follows ArrowUp', async () => {
  const run = await runHeadless(game, {
    frames: 60,
    beforeFrame: (frame, input) => {
      if (frame === 1) input.keyDown(VK.ArrowUp);
    },
  });

  assert.equal(run.stats.logic.frames, 60);
  const errors = run.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'fatal');
  assert.deepEqual(errors, [], 'no errors');

  assert.equal(run.entities.length, 7, 'a grid, a cube and five spheres');
  assert.equal(run.entities.filter((e) => e.mesh === GRID).length, 1);
  const cube = run.entities.find((e) => e.mesh === CUBE);
  const spheres = run.entities.filter((e) => e.mesh === SPHERE);
  assert.ok(cube, 'the cube exists');
  assert.equal(spheres.length, 5);

  // ArrowUp held for about a second at 4 units/s: the cube went forward (+X) and not sideways.
  assert.ok(cube.x > 1, `the cube moved forward; x = ${cube.x}`);
  assert.ok(Math.abs(cube.y) < 1e-6, `the cube did not move sideways; y = ${cube.y}`);

  // The spheres circle the cube at radius 5 (entities come by ascending id: creation order), each
  // one turned along its orbit from the angle it was created at.
  spheres.forEach((s, i) => {
    const radius = Math.hypot(s.x - cube.x, s.y - cube.y);
    assert.ok(Math.abs(radius - 5) < 0.5, `sphere ${i} circles the cube; radius ${radius}`);
    const turned = (Math.atan2(s.y - cube.y, s.x - cube.x) - (i / 5) * Math.PI * 2 + 4 * Math.PI) % (2 * Math.PI);
    assert.ok(turned > 0.2 && turned < 2 * Math.PI - 0.2, `sphere ${i} moved along its orbit; turned ${turned} rad`);
  });
});
