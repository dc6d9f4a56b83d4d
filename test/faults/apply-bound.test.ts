/**
 * Fault suite, engine side of a command flood without a worker: the apply phase takes only the
 * records published when it began, so a logic that keeps publishing while the engine drains (a
 * flood in one update) cannot hold the engine's frame; what it publishes meanwhile is applied, in
 * order, next frame. The "logic" here is this test writing into the real RenderCommandQueue the
 * app handed to a stand-in WorkerHost, from inside the renderer while the engine applies.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/startup/create-app.ts';
import type { HandshakeMessage } from '../../src/protocol/handshake.ts';
import { CommandWriter } from '../../src/protocol/command-writer.ts';
import { emptyEntitySnapshot } from '../../src/protocol/entity-state.ts';
import { makeId } from '../../src/protocol/entity-id.ts';
import { ManualClock } from '../../src/platform/manual-clock.ts';
import { MemoryLogger } from '../../src/platform/logger.ts';
import { NullRenderer } from '../../src/platform/null-renderer.ts';
import type { WorkerHost } from '../../src/platform/worker-host.ts';
import { testHooks } from '../../src/startup/testing.ts';

describe('apply phase under a producer that keeps publishing', () => {
  it('applies only what was published when the phase began; the rest, in order, next frame', () => {
    let writer!: CommandWriter;
    const host: WorkerHost = {
      spawn(handshake: HandshakeMessage) {
        writer = new CommandWriter(handshake.buffers.commands);
        return { terminate: () => Promise.resolve() };
      },
    };
    const id = makeId(0, 1);
    // While the engine applies the creation, the "logic" publishes 100 more moves (as a flooding
    // worker does on its own thread during the engine's apply phase).
    class ProducingRenderer extends NullRenderer {
      override createInstance(mesh: number): number {
        for (let i = 0; i < 100; i++) writer.moveBy(id, 1, 0, 0);
        writer.ring.publish();
        return super.createInstance(mesh);
      }
    }
    const app = createApp({ workerHost: host, game: 'file:///stand-in.js', clock: new ManualClock(), renderer: new ProducingRenderer(), logger: new MemoryLogger() });
    app.start();
    writer.createMesh(id, 0, 0, 0, 0, 0, 1, 255, 255, 255, 255);
    writer.ring.publish();
    const e = emptyEntitySnapshot();
    testHooks(app).runFrame();
    expect(app.readEntity(id, e)).toBe(true);
    expect(e.x).toBe(0);
    expect(app.stats().commands.applied).toBe(1);
    testHooks(app).runFrame();
    expect(app.readEntity(id, e) && e.x).toBe(100);
    expect(app.stats().commands.applied).toBe(101);
    void app.stop();
  });
});
