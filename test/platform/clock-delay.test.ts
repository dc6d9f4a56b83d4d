// The clock seam's delays and yields: a delay resolves after its time, an abort clears it at once
// (nothing left pending: the fix for issue 13's 5 s exit), and the manual clock runs them in manual time.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/manual-clock.ts';
import { createTimerClock } from '../../src/platform/timer-clock.ts';
import { platformEventLoop } from '../../src/platform/event-loop-yield.ts';

const activeTimeouts = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('Clock.delay', () => {
  it('timer clock: resolves after about the delay; an abort resolves at once and clears the timer', async () => {
    const clock = createTimerClock({ fps: 60 });
    const t0 = performance.now();
    await clock.delay(30);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(25);
    const before = activeTimeouts();
    const ac = new AbortController();
    const long = clock.delay(60_000, ac.signal);
    expect(activeTimeouts()).toBe(before + 1);
    const t1 = performance.now();
    ac.abort();
    await long;
    expect(performance.now() - t1, 'an aborted delay resolves without waiting').toBeLessThan(1000);
    expect(activeTimeouts(), 'the aborted delay left no timer').toBe(before);
    clock.dispose();
  });

  it('an already aborted signal resolves at once without a timer', async () => {
    const ac = new AbortController();
    ac.abort();
    const before = activeTimeouts();
    await createTimerClock({ fps: 60 }).delay(60_000, ac.signal);
    expect(activeTimeouts()).toBe(before);
  });

  it('manual clock: delays, sleeps and yields fire when manual time reaches them, earliest first', async () => {
    const clock = new ManualClock();
    const order: string[] = [];
    void clock.delay(20).then(() => order.push('delay 20'));
    clock.sleepThen(() => order.push('sleep 10'), 10);
    clock.yieldThen(() => order.push('yield'));
    const ac = new AbortController();
    let aborted = false;
    void clock.delay(5, ac.signal).then(() => { aborted = true; });
    ac.abort();
    await Promise.resolve();
    expect(aborted, 'abort resolves the delay at once').toBe(true);
    expect(clock.pendingTimers).toBe(3);
    clock.advance(10);
    await Promise.resolve();
    expect(order).toEqual(['yield', 'sleep 10']);
    clock.step(10);
    await Promise.resolve();
    expect(order).toEqual(['yield', 'sleep 10', 'delay 20']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('the platform event loop yields to a fresh task (after microtasks)', async () => {
    const order: string[] = [];
    await new Promise<void>((resolve) => {
      platformEventLoop.yieldThen(() => { order.push('task'); resolve(); });
      void Promise.resolve().then(() => order.push('microtask'));
    });
    expect(order).toEqual(['microtask', 'task']);
  });
});
