/**
 * The worker's deterministic globals (record/replay): seeded Math.random and crypto, the virtual
 * clock behind performance.now / Date.now / new Date(), and a clean uninstall. Installed on a
 * scope object built from this thread's own globals, so the test thread's clock is untouched.
 */
import { describe, expect, it } from 'vitest';
import { installDeterministicGlobals, VIRTUAL_CALL_STEP_MS } from '../../src/logic/deterministic-globals.ts';
import { LogicTime } from '../../src/logic/logic-time.ts';
import { platformNow } from '../../src/platform/timer-clock.ts';

/** A scope with its own Math, performance, Date and crypto objects (so the test's globals stay real). */
function scope(): typeof globalThis {
  const s = {
    Math: Object.create(Math) as Math,
    performance: { now: () => performance.now() } as Performance,
    Date,
    crypto: Object.create(crypto) as Crypto,
  };
  return s as unknown as typeof globalThis;
}

/** A game clock as the runtime keeps it (the virtual clock's source), and how a tick advances it. */
function clock(): { time: LogicTime; tick: (rawDtSeconds: number) => void } {
  const time = new LogicTime();
  return { time, tick: (dt) => time.begin(time.tick + 1, dt) };
}

function draw(s: typeof globalThis): unknown[] {
  const words = new Uint32Array(3);
  s.crypto.getRandomValues(words);
  return [s.Math.random(), s.Math.random(), Array.from(words), s.crypto.randomUUID()];
}

describe('deterministic globals', () => {
  it('draws the same numbers for the same seed, other numbers for another', () => {
    const a = scope();
    const b = scope();
    const c = scope();
    const ga = installDeterministicGlobals(a, 42, 0, clock().time);
    const gb = installDeterministicGlobals(b, 42, 0, clock().time);
    const gc = installDeterministicGlobals(c, 43, 0, clock().time);
    const da = [draw(a), draw(a)];
    expect([draw(b), draw(b)]).toEqual(da);
    expect([draw(c), draw(c)]).not.toEqual(da);
    expect(da[0]![3], 'a version-4 UUID').toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (const g of [ga, gb, gc]) g.uninstall();
  });

  it('runs performance.now, Date.now and new Date() on the virtual clock: the sum of the ticks\' raw dts, plus a step per call', () => {
    const s = scope();
    const epoch = Date.UTC(2026, 0, 1);
    const c = clock();
    const g = installDeterministicGlobals(s, 1, epoch, c.time);
    expect(s.performance.now(), 'before any tick: 0').toBe(0);
    c.tick(0.5);
    expect(s.performance.now()).toBe(500);
    expect(s.performance.now(), 'a busy-wait on it still advances').toBe(500 + VIRTUAL_CALL_STEP_MS);
    expect(s.Date.now()).toBe(Math.floor(epoch + 500 + 2 * VIRTUAL_CALL_STEP_MS));
    expect(new s.Date().getTime(), 'new Date() without arguments').toBe(Math.floor(epoch + 500 + 3 * VIRTUAL_CALL_STEP_MS));
    expect(new s.Date(5).getTime(), 'with arguments, the real Date').toBe(5);
    expect(new s.Date() instanceof Date, 'instances are Dates').toBe(true);
    expect(typeof s.Date(), 'Date() called gives a string').toBe('string');
    c.tick(0.25);
    expect(s.performance.now(), 'the next tick starts at the sum, the per-call steps start over').toBe(750);
    expect(g.virtualMs).toBe(750);
    c.tick(0);
    expect(s.performance.now(), 'a tick of dt 0 starts the steps over too').toBe(750);
    c.tick(0.125);
    c.tick(0.125);
    expect(s.performance.now(), 'read lazily: ticks that never read the clock still count').toBe(1000);
    // The platform clock the worker's own timing reads is not the virtual one.
    const real = platformNow();
    expect(real).toBeGreaterThan(0);
    g.uninstall();
    g.uninstall();
    expect(s.performance.now(), 'uninstalled: the real clock').toBeGreaterThanOrEqual(real);
    expect(Object.prototype.hasOwnProperty.call(s.Math, 'random'), 'no trace left').toBe(false);
    expect(Object.prototype.hasOwnProperty.call(s.crypto, 'getRandomValues'), 'no trace left on crypto').toBe(false);
    expect(s.Date, 'the real Date back').toBe(Date);
  });

  it('seeds a lazily defined crypto (an accessor, as in Node and browsers) when the game first reads it, not at install, and puts the accessor back', () => {
    const real = Object.create(crypto) as Crypto;
    let reads = 0;
    const make = (): typeof globalThis => {
      const s = scope() as unknown as Record<string, unknown>;
      delete s.crypto;
      // An inherited accessor, as WorkerGlobalScope.prototype.crypto is in a browser worker.
      const proto = Object.defineProperty({}, 'crypto', { get() { reads++; return real; }, enumerable: true, configurable: true });
      return Object.setPrototypeOf(s, proto) as typeof globalThis;
    };
    const a = make();
    const g = installDeterministicGlobals(a, 42, 0, clock().time);
    expect(reads, 'installing does not read crypto (loading Web Crypto costs start-up time)').toBe(0);
    const first = draw(a);
    expect(reads, 'read through the platform\'s accessor once the game reaches it').toBeGreaterThan(0);
    g.uninstall();
    expect(Object.prototype.hasOwnProperty.call(a, 'crypto'), 'the inherited accessor is back').toBe(false);
    expect(Object.prototype.hasOwnProperty.call(real, 'getRandomValues'), 'no trace left on the crypto object').toBe(false);
    // Same seed, same draws as a plain crypto object gets.
    const b = scope();
    const gb = installDeterministicGlobals(b, 42, 0, clock().time);
    expect(draw(b)).toEqual(first);
    gb.uninstall();
  });
});
