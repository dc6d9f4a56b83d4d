import { describe, expect, it } from 'vitest';
import { createControlBlock, HEARTBEAT_SLOT, LOGIC_PHASE_UPDATE, LOGIC_STATUS_RUNNING, PHASE_SLOT, STATUS_SLOT } from '../../src/protocol/control-block.ts';
import type { LogicPacing } from '../../src/protocol/handshake.ts';
import { DiagnosticHub } from '../../src/engine/diagnostic-hub.ts';
import { LogicTrigger } from '../../src/engine/logic-trigger.ts';
import { LogicWatchdog, WATCHDOG } from '../../src/engine/logic-watchdog.ts';
import { ManualClock } from '../../src/platform/manual-clock.ts';
import { MemoryLogger } from '../../src/platform/logger.ts';

const HANG_MS = 250;

/** A watchdog, its trigger and a control block of a running worker, on a manual clock at 0. */
function rig(pacing: LogicPacing): { clock: ManualClock; control: Int32Array; trigger: LogicTrigger; watchdog: LogicWatchdog; logger: MemoryLogger; stop: AbortController } {
  const clock = new ManualClock(0);
  const logger = new MemoryLogger();
  const diagnostics = new DiagnosticHub(logger);
  const stop = new AbortController();
  const control = new Int32Array(createControlBlock(1));
  Atomics.store(control, STATUS_SLOT, LOGIC_STATUS_RUNNING);
  const trigger = new LogicTrigger(diagnostics, () => clock.now());
  const watchdog = new LogicWatchdog({ clock, pacing, diagnostics, stallTimeoutMs: 100, hangTimeoutMs: HANG_MS, stopSignal: stop.signal, recheck: () => {} });
  watchdog.reset(0);
  return { clock, control, trigger, watchdog, logger, stop };
}

/** The worker starts the requested frame (enters a phase: one beat) and never beats again. */
function workerHangsInUpdate(control: Int32Array): void {
  Atomics.store(control, PHASE_SLOT, LOGIC_PHASE_UPDATE);
  Atomics.add(control, HEARTBEAT_SLOT, 1);
}

describe('LogicWatchdog', () => {
  it('lockstep: a hang is timed from the request of the frame that hung, not from the later check that saw its beat', () => {
    const { clock, control, trigger, watchdog, logger, stop } = rig({ mode: 'lockstep' });
    expect(watchdog.check(control, trigger, 1, 0)).toBe(WATCHDOG.OK); // t=0: the first heartbeat seen
    clock.advance(10);
    trigger.trigger(control, 0); // t=10: frame 1 requested
    clock.advance(2);
    workerHangsInUpdate(control); // t=12: the worker starts it and hangs
    clock.advance(14);
    expect(watchdog.check(control, trigger, 1, 0)).toBe(WATCHDOG.OK); // t=26: the beat is observed a frame late
    clock.advance(259 - 26);
    expect(watchdog.check(control, trigger, 1, 0)).toBe(WATCHDOG.OK); // 249 ms after the request
    expect(logger.matching('is stalled')).toHaveLength(1);
    clock.advance(2);
    // t=261: 251 ms after the request. Timed from the observation (t=26) it would be 235 ms: not yet hung.
    expect(watchdog.check(control, trigger, 1, 0)).toBe(WATCHDOG.HUNG);
    expect(watchdog.hangs).toBe(1);
    expect(watchdog.lastHangDetectMs).toBe(251);
    stop.abort();
  });

  it('lockstep: a beat is never credited before the check that last saw the heartbeat unchanged', () => {
    const { clock, control, trigger, watchdog, stop } = rig({ mode: 'lockstep' });
    trigger.trigger(control, 0); // t=0: requested
    expect(watchdog.check(control, trigger, 1, 0)).toBe(WATCHDOG.OK);
    clock.advance(100);
    expect(watchdog.check(control, trigger, 1, 0)).toBe(WATCHDOG.OK); // t=100: still no beat (owed, idle: stalled)
    clock.advance(50);
    workerHangsInUpdate(control); // t=150: the worker finally starts the frame and hangs in it
    clock.advance(10);
    expect(watchdog.check(control, trigger, 1, 0)).toBe(WATCHDOG.OK); // t=160: the beat is after t=100, not at the request (0)
    clock.advance(100 + HANG_MS - 160);
    expect(watchdog.check(control, trigger, 1, 0)).toBe(WATCHDOG.OK); // t=350: 250 ms after t=100
    clock.advance(1);
    expect(watchdog.check(control, trigger, 1, 0)).toBe(WATCHDOG.HUNG);
    expect(watchdog.lastHangDetectMs).toBe(251);
    stop.abort();
  });

  it('free-running: the observation is the only bound (no request to time from)', () => {
    const { clock, control, trigger, watchdog, stop } = rig({ mode: 'free', hz: 60 });
    expect(watchdog.check(control, trigger, 1, 0)).toBe(WATCHDOG.OK);
    clock.advance(2);
    workerHangsInUpdate(control);
    clock.advance(14);
    expect(watchdog.check(control, trigger, 1, 0)).toBe(WATCHDOG.OK); // t=16: observed
    clock.advance(HANG_MS);
    expect(watchdog.check(control, trigger, 1, 0)).toBe(WATCHDOG.OK); // 250 ms after the observation
    clock.advance(1);
    expect(watchdog.check(control, trigger, 1, 0)).toBe(WATCHDOG.HUNG);
    expect(watchdog.lastHangDetectMs).toBe(251);
    stop.abort();
  });
});
