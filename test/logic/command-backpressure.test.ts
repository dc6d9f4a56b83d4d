// Backpressure end to end on the logic side: with a tiny RenderCommandQueue, a game that sends more
// commands than fit loses none, the engine sees them in order over the following frames, and the
// control block's OVERFLOW counters move (non-negotiable 2).
import { describe, expect, it } from 'vitest';
import { LogicRuntime } from '../../src/logic/logic-runtime.ts';
import { installScriptGlobals } from '../../src/logic/script-globals.ts';
import { LOGIC_CODES } from '../../src/logic/error-codes.ts';
import { LogicRig } from './logic-rig.ts';

type G = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- script globals are untyped for seed-style games

describe('CommandOutbox in the logic frame', () => {
  it('keeps every command across frames, in order, when the ring is tiny', () => {
    const rig = new LogicRig({ commandRingBytes: 256 });
    const runtime = new LogicRuntime(rig.handshake, () => rig.nowMs);
    const api: G = {};
    installScriptGlobals(api, runtime.services);
    const perFrame = 100;
    let sent = 0;
    runtime.services.systems.registerSystem('flood', {
      update() {
        if (runtime.tick > 3) return;
        for (let i = 0; i < perFrame; i++) api.EntityAPI.updatePosition(7, [sent++, 0, 0]);
      },
    });
    const received: number[] = [];
    const ticks: number[] = [];
    let maxOverflow = 0;
    for (let f = 0; f < 200 && (received.length < 3 * perFrame || ticks.length < runtime.tick); f++) {
      runtime.runFrame(-1);
      maxOverflow = Math.max(maxOverflow, rig.overflowCommands);
      for (const c of rig.commands()) {
        if (c[0] === 'updatePosition') received.push(c[2]!);
        else if (c[0] === 'frameEnd') ticks.push(c[1]!);
      }
    }
    expect(received.length, 'every command arrived').toBe(3 * perFrame);
    expect(received.every((x, i) => x === i), 'in order').toBe(true);
    expect(ticks, 'every frameEnd arrived, in order').toEqual(Array.from({ length: ticks.length }, (_, i) => i + 1));
    expect(maxOverflow, 'OVERFLOW_COMMANDS moved').toBeGreaterThan(0);
    expect(rig.overflowCommands, 'overflow empty at the end').toBe(0);
    expect(rig.overflowEvents, 'OVERFLOW_EVENTS counted').toBeGreaterThan(0);
    expect(rig.withCode(LOGIC_CODES.COMMAND_BACKPRESSURE.code).length, 'one TF5050 warning per episode').toBe(1);
  });
});
