/**
 * Recording costs no allocation per command (non-negotiable 4): the drain's tap copies every raw
 * record into the recorder's arena, which allocates only when it grows (doubling). A stand-in
 * logic (this test, writing the real RenderCommandQueue handed to a stand-in WorkerHost) moves 100
 * entities a frame while testHooks(app).runFrame() runs the engine frame with the flight recorder
 * on (trimming its one-second window as the clock advances).
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/startup/create-app.ts';
import type { HandshakeMessage } from '../../src/protocol/handshake.ts';
import { CommandWriter } from '../../src/protocol/command-writer.ts';
import {
  FRAME_COMPLETED_SLOT, FRAME_REQUESTED_SLOT, HEARTBEAT_SLOT, LOGIC_PHASE_UPDATE, LOGIC_STATUS_RUNNING, LOGIC_TICK_SLOT, PHASE_SLOT, STATUS_SLOT,
} from '../../src/protocol/control-block.ts';
import { makeId } from '../../src/protocol/entity-id.ts';
import { ManualClock } from '../../src/platform/manual-clock.ts';
import { MemoryLogger } from '../../src/platform/logger.ts';
import type { WorkerHost } from '../../src/platform/worker-host.ts';
import { measureHeapGrowth } from '../helpers/heap.ts';
import { testHooks } from '../../src/startup/testing.ts';

describe('recorder heap', () => {
  it('the drain tap copies every record without allocating per command', () => {
    let writer!: CommandWriter;
    let control!: Int32Array;
    let handshake!: HandshakeMessage;
    const host: WorkerHost = {
      spawn(h: HandshakeMessage) {
        handshake = h;
        writer = new CommandWriter(h.buffers.commands);
        control = new Int32Array(h.buffers.control);
        return { terminate: () => Promise.resolve() };
      },
    };
    const clock = new ManualClock();
    const app = createApp({
      workerHost: host, game: 'file:///stand-in.js', clock, logger: new MemoryLogger(), commandQueueBytes: 1 << 16,
      flightRecorderSeconds: 1, flightRecorderSink: () => 'unused',
    });
    app.start();
    expect(handshake.record, 'the flight recorder asks the logic for its facts').toBe(true);
    expect(handshake.deterministic, 'and for the deterministic globals').toMatchObject({ seed: 1 });
    const recorder = testHooks(app).recorder;
    Atomics.store(control, STATUS_SLOT, LOGIC_STATUS_RUNNING);
    Atomics.store(control, PHASE_SLOT, LOGIC_PHASE_UPDATE);
    const N = 100;
    for (let i = 0; i < N; i++) writer.createMesh(makeId(i, 1), 0, 0, i, 0, 0, 1, 255, 255, 255, 255);
    let tick = 0;
    const frame = (): void => {
      tick++;
      for (let i = 0; i < N; i++) writer.moveBy(makeId(i, 1), 1, 0, 0);
      writer.frameEnd(tick);
      writer.ring.publish();
      if ((tick & 1) === 0) Atomics.add(control, HEARTBEAT_SLOT, 1);
      Atomics.store(control, LOGIC_TICK_SLOT, tick);
      Atomics.store(control, FRAME_COMPLETED_SLOT, Atomics.load(control, FRAME_REQUESTED_SLOT));
      clock.advance(1);
      testHooks(app).runFrame();
    };
    const recordsBefore = recorder.log.records;
    const grownBefore = recorder.log.grownBytes;
    // 5000 frames of 101 records: 505,000 records copied. One object per command would be megabytes.
    const growth = measureHeapGrowth(frame, 5000, 5000);
    const grown = recorder.log.grownBytes - grownBefore;
    const s = app.stats();
    expect(s.commands.rejected).toBe(0);
    expect(s.diagnostics.total).toBe(0);
    expect(recordsBefore, 'nothing drained before the first frame').toBe(0);
    expect(recorder.log.records, 'every record taken was copied: the creations, then each tick\'s moves and FRAME_END').toBe(N + tick * (N + 1));
    expect(recorder.frames, 'every frame recorded').toBeGreaterThanOrEqual(tick);
    const info = `${JSON.stringify(growth)}, arena grew ${grown} B`;
    expect(growth.allocatedBytes - grown, `allocation beyond the arena's growth (${info})`).toBeLessThan(64 * 1024);
    void app.stop();
  });
});
