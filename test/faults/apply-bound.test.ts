/**
 * Fault suite, engine side of a command flood without a worker: the apply phase takes only the
 * records published when it began, so a logic that keeps publishing while the engine drains (a
 * flood in one update) cannot hold the engine's frame; what it publishes meanwhile is applied, in
 * order, next frame. And it stops at its time budget (`applyBudgetMs`, read through the clock seam
 * every BUDGET_CHECK_INTERVAL commands): the rest waits, in order, counted. The "logic" here is
 * this test writing into the real RenderCommandQueue the app handed to a stand-in WorkerHost; the
 * time a command costs is the manual clock advanced by the renderer as the engine applies it.
 * The callback side likewise: CallbackOutbox.flush stops at the budget.
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
import { ApplyBudget, BUDGET_CHECK_INTERVAL } from '../../src/engine/apply-budget.ts';
import { CallbackOutbox } from '../../src/engine/callback-outbox.ts';
import { CallbackReader, CallbackWriter, createCallbackQueueBuffer } from '../../src/protocol/callback-queue.ts';

function standInHost(onSpawn: (h: HandshakeMessage) => void): WorkerHost {
  return {
    spawn(handshake: HandshakeMessage) {
      onSpawn(handshake);
      return { terminate: () => Promise.resolve() };
    },
  };
}

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

describe('apply phase under its time budget', () => {
  it('stops within one check interval of the budget, carries the rest, applies everything in order', () => {
    const clock = new ManualClock();
    const COST_MS = 0.01; // what one creation costs, in manual time
    const N = 20_000;
    const BUDGET = 4;
    const meshes: number[] = [];
    // Each creation costs COST_MS of the engine's time (the renderer advances the clock as the engine applies it).
    class CostlyRenderer extends NullRenderer {
      override createInstance(mesh: number): number {
        meshes.push(mesh);
        clock.advance(COST_MS);
        return super.createInstance(mesh);
      }
    }
    let writer!: CommandWriter;
    const app = createApp({
      workerHost: standInHost((h) => { writer = new CommandWriter(h.buffers.commands); }), game: 'file:///stand-in.js',
      clock, renderer: new CostlyRenderer(), logger: new MemoryLogger(), entityCapacity: 32768, commandQueueBytes: 1 << 21,
      applyBudgetMs: BUDGET,
    });
    app.start();
    // A flood in one logic frame: creations of alternating mesh types at x = i, then one entity
    // set and moved (order-dependent: the move must follow the set).
    for (let i = 0; i < N; i++) writer.createMesh(makeId(i, 1), 0, i % 3, i, 0, 0, 1, 255, 255, 255, 255);
    writer.updatePosition(makeId(0, 1), 1000, 0, 0);
    writer.moveBy(makeId(0, 1), 1, 0, 0);
    writer.ring.publish();
    const hooks = testHooks(app);
    const perFrame: number[] = [];
    let frames = 0;
    while (app.stats().commands.applied < N + 2 && frames < 1000) {
      const before = app.stats().commands.applied;
      hooks.runFrame();
      frames++;
      perFrame.push(app.stats().commands.applied - before);
    }
    const s = app.stats();
    expect(s.commands.applied, 'everything applied').toBe(N + 2);
    expect(s.commands.rejected).toBe(0);
    // No frame's apply phase ran past the budget by more than one check interval's cost.
    const interval = BUDGET_CHECK_INTERVAL * COST_MS;
    expect(s.engine.phase_ms.apply.max).toBeGreaterThan(0);
    expect(s.engine.phase_ms.apply.max, `apply phase max ${s.engine.phase_ms.apply.max} ms`).toBeLessThanOrEqual(BUDGET + interval + 1e-6);
    // The flood took many frames, each within the budget's share of commands.
    expect(frames).toBeGreaterThanOrEqual(Math.floor((N * COST_MS) / (BUDGET + interval)));
    for (const n of perFrame) expect(n).toBeLessThanOrEqual(Math.ceil(BUDGET / COST_MS) + BUDGET_CHECK_INTERVAL);
    // Counted: every frame but the last stopped at the budget and carried the rest.
    expect(s.commands.over_budget_frames).toBe(frames - 1);
    expect(s.commands.carried).toBeGreaterThan(N);
    // In order: the renderer saw the creations' mesh types in the order sent; each entity has its x.
    expect(meshes).toHaveLength(N);
    for (let i = 0; i < N; i++) if (meshes[i] !== i % 3) expect(meshes[i], `creation ${i}`).toBe(i % 3);
    const e = emptyEntitySnapshot();
    expect(app.readEntity(makeId(0, 1), e) && e.x, 'set, then moved').toBe(1001);
    for (let i = 1; i < N; i += 997) expect(app.readEntity(makeId(i, 1), e) && e.x).toBe(i);
    void app.stop();
  });

  it('applies everything at once with an unbounded budget (applyBudgetMs: Infinity)', () => {
    const clock = new ManualClock();
    class CostlyRenderer extends NullRenderer {
      override createInstance(mesh: number): number {
        clock.advance(0.01);
        return super.createInstance(mesh);
      }
    }
    let writer!: CommandWriter;
    const app = createApp({
      workerHost: standInHost((h) => { writer = new CommandWriter(h.buffers.commands); }), game: 'file:///stand-in.js',
      clock, renderer: new CostlyRenderer(), logger: new MemoryLogger(), applyBudgetMs: Infinity,
    });
    app.start();
    for (let i = 0; i < 2000; i++) writer.createMesh(makeId(i, 1), 0, 0, i, 0, 0, 1, 255, 255, 255, 255);
    writer.ring.publish();
    testHooks(app).runFrame();
    expect(app.stats().commands.applied).toBe(2000);
    expect(app.stats().commands.over_budget_frames).toBe(0);
    void app.stop();
  });
});

describe('callback flush under its time budget', () => {
  it('stops at the budget with callbacks waiting, in order, and sends them next frame', () => {
    const sab = createCallbackQueueBuffer(4096);
    const outbox = new CallbackOutbox(new CallbackWriter(sab));
    const reader = new CallbackReader(sab);
    // Each clock read costs 1 ms here: begin() reads once, so the budget of 2 ms expires at the second check.
    let t = 0;
    const budget = new ApplyBudget(() => ++t, 2);
    const N = 6000;
    for (let i = 1; i <= N; i++) outbox.send(i, i, 0);
    expect(outbox.waiting).toBe(N - 4096); // the ring took its capacity; the rest spilled
    const seen: number[] = [];
    const processor = { onCallback: (callbackId: number) => { seen.push(callbackId); } };
    reader.dequeueAll(processor);
    const left = outbox.flush(budget);
    expect(N - 4096 - left, 'two check intervals flushed before the budget expired').toBe(2 * BUDGET_CHECK_INTERVAL);
    expect(budget.callbackFramesOverBudget).toBe(1);
    for (let frame = 0; frame < 20 && outbox.waiting > 0; frame++) {
      reader.dequeueAll(processor);
      outbox.flush(budget);
    }
    reader.dequeueAll(processor);
    expect(outbox.waiting).toBe(0);
    expect(seen).toHaveLength(N);
    for (let i = 0; i < N; i++) if (seen[i] !== i + 1) expect(seen[i], `callback ${i}`).toBe(i + 1);
  });
});
