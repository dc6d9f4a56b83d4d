import { describe, expect, it } from 'vitest';
import { createRafClock, type AnimationFrameScope } from '../../src/platform/raf-clock.ts';

/** A fake window: animation frames run only when the test calls frame(). */
function fakeScope(): AnimationFrameScope & { frame(): void; pending: number; time: number } {
  let next = 1;
  const callbacks = new Map<number, (t: number) => void>();
  const scope = {
    time: 0,
    get pending() {
      return callbacks.size;
    },
    requestAnimationFrame(cb: (t: number) => void): number {
      callbacks.set(next, cb);
      return next++;
    },
    cancelAnimationFrame(handle: number): void {
      callbacks.delete(handle);
    },
    performance: { now: () => scope.time },
    frame(): void {
      scope.time += 16;
      const due = [...callbacks.values()];
      callbacks.clear();
      for (const cb of due) cb(scope.time);
    },
  };
  return scope;
}

describe('createRafClock', () => {
  it('calls every callback scheduled before a frame once, at that frame, with one animation-frame request', () => {
    const scope = fakeScope();
    const clock = createRafClock(scope);
    const seen: string[] = [];
    clock.scheduleFrame((t) => seen.push(`a@${t}`));
    clock.scheduleFrame((t) => seen.push(`b@${t}`));
    expect(scope.pending, 'one request serves both').toBe(1);
    scope.frame();
    expect(seen).toEqual(['a@16', 'b@16']);
    scope.frame();
    expect(seen, 'called at most once per schedule').toHaveLength(2);
  });

  it('runs a loop that reschedules from inside its callback at the next frame, not the same one', () => {
    const scope = fakeScope();
    const clock = createRafClock(scope);
    let frames = 0;
    const loop = (): void => {
      frames++;
      clock.scheduleFrame(loop);
    };
    clock.scheduleFrame(loop);
    for (let i = 0; i < 5; i++) scope.frame();
    expect(frames).toBe(5);
    expect(clock.now(), 'now() is performance.now()').toBe(80);
  });

  it('cancels one callback, and nothing after dispose', () => {
    const scope = fakeScope();
    const clock = createRafClock(scope);
    const seen: string[] = [];
    const h = clock.scheduleFrame(() => seen.push('cancelled'));
    clock.scheduleFrame(() => seen.push('kept'));
    clock.cancelFrame(h);
    clock.cancelFrame(12345); // unknown handles are ignored
    scope.frame();
    expect(seen).toEqual(['kept']);
    const only = clock.scheduleFrame(() => seen.push('never'));
    clock.cancelFrame(only);
    expect(scope.pending, 'the request is withdrawn with the last callback').toBe(0);
    clock.scheduleFrame(() => seen.push('disposed'));
    clock.dispose();
    clock.scheduleFrame(() => seen.push('after dispose'));
    scope.frame();
    expect(seen).toEqual(['kept']);
    expect(scope.pending).toBe(0);
  });
});
