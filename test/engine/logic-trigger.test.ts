// The lockstep trigger stores the request in the trigger phase and wakes the worker only at
// `wake`, which the App calls after the frame is timed (a woken thread may take the core at once:
// its run must not count as the engine's frame). The waiter here is a real Atomics.waitAsync on
// the control block's shared memory, as the worker's pacer waits.
import { describe, expect, it } from 'vitest';
import { createControlBlock, FRAME_COMPLETED_SLOT, FRAME_REQUESTED_SLOT, LOGIC_STATUS_RUNNING, STATUS_SLOT } from '../../src/protocol/control-block.ts';
import { DiagnosticHub } from '../../src/engine/diagnostic-hub.ts';
import { LogicTrigger } from '../../src/engine/logic-trigger.ts';
import { MemoryLogger } from '../../src/platform/logger.ts';

function running(): Int32Array {
  const control = new Int32Array(createControlBlock(1));
  Atomics.store(control, STATUS_SLOT, LOGIC_STATUS_RUNNING);
  return control;
}

/** Whether `p` settled within `ms`. */
async function settledWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let done = false;
  void p.then(() => { done = true; });
  await new Promise((r) => setTimeout(r, ms));
  return done;
}

describe('LogicTrigger', () => {
  it('trigger stores the request; only wake notifies the waiting worker, once', async () => {
    const control = running();
    const trigger = new LogicTrigger(new DiagnosticHub(new MemoryLogger()), () => 0);
    const wait = Atomics.waitAsync(control, FRAME_REQUESTED_SLOT, 0, 5000);
    expect(wait.async, 'the worker waits').toBe(true);
    trigger.trigger(control, 0);
    expect(Atomics.load(control, FRAME_REQUESTED_SLOT), 'frame 1 requested').toBe(1);
    expect(await settledWithin(wait.value as Promise<unknown>, 50), 'not woken by the store alone').toBe(false);
    trigger.wake();
    expect(await wait.value, 'woken by wake').toBe('ok');
    // Nothing requested since: a second wake notifies no one (a new waiter stays asleep).
    const again = Atomics.waitAsync(control, FRAME_REQUESTED_SLOT, 1, 5000);
    trigger.wake();
    expect(await settledWithin(again.value as Promise<unknown>, 50), 'no request, no wake').toBe(false);
    Atomics.notify(control, FRAME_REQUESTED_SLOT);
  });

  it('a skipped trigger (the last frame not complete) requests and wakes nothing', () => {
    const control = running();
    const trigger = new LogicTrigger(new DiagnosticHub(new MemoryLogger()), () => 0);
    trigger.trigger(control, 0);
    trigger.wake();
    trigger.trigger(control, 1); // frame 1 not completed yet
    expect(trigger.skippedFrames).toBe(1);
    expect(Atomics.load(control, FRAME_REQUESTED_SLOT)).toBe(1);
    Atomics.store(control, FRAME_COMPLETED_SLOT, 1);
    trigger.trigger(control, 1);
    expect(Atomics.load(control, FRAME_REQUESTED_SLOT)).toBe(2);
  });

  it('reset drops a pending wake (a new incarnation has a new control block)', async () => {
    const control = running();
    const trigger = new LogicTrigger(new DiagnosticHub(new MemoryLogger()), () => 0);
    const wait = Atomics.waitAsync(control, FRAME_REQUESTED_SLOT, 0, 5000);
    trigger.trigger(control, 0);
    trigger.reset();
    trigger.wake();
    expect(await settledWithin(wait.value as Promise<unknown>, 50)).toBe(false);
    Atomics.notify(control, FRAME_REQUESTED_SLOT);
  });
});
