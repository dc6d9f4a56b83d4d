// Style G6: the natives a game calls per entity per frame (the fire-and-forget entity and camera
// commands, input and clock queries) and the host's frame step allocate nothing after warm-up; nor
// does the profile's copy of the live debug primitives into the debug-draw buffer.
import { describe, expect, it } from 'vitest';
import { installProtogameHost } from '../../../src/logic/protogame/install-protogame-host.ts';
import { measureHeapGrowth } from '../../helpers/heap.ts';
import { SummingHandler } from '../../protocol/command-test-handler.ts';
import { createProtogameRig } from './protogame-test-rig.ts';
import { LogicRig } from '../logic-rig.ts';
import { LogicRuntime } from '../../../src/logic/logic-runtime.ts';
import { ProtogameDriver } from '../../../src/logic/protogame-profile.ts';

describe('protogame natives on the hot path', () => {
  it('allocate nothing per call after warm-up', () => {
    const rig = createProtogameRig({ commandRingBytes: 1 << 16 });
    const host = installProtogameHost({}, rig.deps);
    const { entity, camera, input, clock } = host.natives;
    const h = clock.createClock();
    // The engine side drains with the real reader into a handler that allocates nothing.
    const reader = rig.commandReader;
    const sink = new SummingHandler();
    let seen = 0;
    let frames = 0;
    const frame = (): void => {
      frames++;
      host.beginFrame(1 / 60);
      for (let id = 1; id <= 50; id++) {
        entity.moveBy(id, 0.1, 0, 0);
        entity.updatePosition(id, 1, 2, 3);
        entity.updateOrientation(id, 90, 0, 0);
        entity.updateColor(id, 255, 0, 0, 255);
      }
      camera.updatePosition(1, 0, 0, 5);
      camera.moveBy(1, 0.1, 0, 0);
      if (input.isKeyDown(87) || input.wasKeyJustPressed(32)) seen++;
      seen += clock.getTotalSeconds(h) > 0 ? 1 : 0;
      rig.commands.flush();
      reader.drain(sink, 1 << 20);
    };
    const g = measureHeapGrowth(frame, 2000, 500);
    const info = `allocated ${g.allocatedBytes} B, gc runs ${g.gcRuns}`;
    expect(g.gcRuns, `no gc over 2000 frames of 202 native calls (${info})`).toBe(0);
    expect(g.allocatedBytes, `under 256 KiB allocated (${info})`).toBeLessThan(256 * 1024);
    expect(sink.count, 'the commands reached the engine side').toBeGreaterThan(2000 * 200);
    expect(seen, 'the clock ran').toBeGreaterThan(0);
    expect(sink.count, 'every command of every frame arrived (none waits, none lost)').toBe(frames * 202);
  });
});

describe('protogame debug drawing on the hot path', () => {
  it('copies the live world primitives into the debug-draw buffer each frame without allocating', () => {
    const rig = new LogicRig({ host: 'protogame', debugDrawCapacity: 256 });
    const runtime = new LogicRuntime(rig.handshake, () => 0);
    const global: Record<string, unknown> = {};
    const driver = new ProtogameDriver(runtime, global);
    const d = driver.host.natives.debugRenderInterface!;
    for (let i = 0; i < 10; i++) {
      d.addWorldLine(i, 0.5, 0.25, i, 1.5, 2.75, 0.05, -1, 255, 0, 0, 255, 'ALWAYS');
      d.addWorldPoint(i, 3.5, 1.25, 0.5, -1, 0, 255, 0, 255, 'USE_DEPTH');
      d.addWorldWireSphere(i, -3.5, 1.25, 1.5, -1, 0, 0, 255, 255, 'X_RAY');
      d.addWorldArrow(i, 0.5, -2.25, i, 4.5, -2.25, 0.05, -1, 255, 255, 0, 255, 2);
    }
    const reader = rig.debugDrawReader;
    let frame = 0;
    let sets = 0;
    const step = (): void => {
      // Flipping visibility forces a new set every frame: 40 primitives copied, or an empty set.
      if (++frame % 2 === 0) d.setHidden();
      else d.setVisible();
      driver.update(1 / 60);
      driver.render();
      if (reader.refresh()) sets++;
    };
    const g = measureHeapGrowth(step, 2000, 10_000, 5);
    const info = `allocated ${g.allocatedBytes} B, gc runs ${g.gcRuns}`;
    expect(g.gcRuns, `no gc over 2000 frames (${info})`).toBe(0);
    expect(g.allocatedBytes, `under 64 KiB allocated (${info})`).toBeLessThan(64 * 1024);
    expect(sets, 'a set per frame reached the engine side').toBeGreaterThan(2000);
    step();
    expect(reader.live, 'the visible set holds every world primitive').toBe(frame % 2 === 0 ? 0 : 40);
    driver.host.uninstall();
  });
});
