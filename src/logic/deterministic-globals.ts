/**
 * Determinism inside the logic worker while recording or replaying (handshake `deterministic`,
 * docs/replay.md): the sources of non-determinism a game reaches through globals are replaced on
 * the worker's global object, for every API style and the ProtogameJS3D host (they share it):
 * - `Math.random()` and `crypto.getRandomValues()` / `crypto.randomUUID()` draw from seeded
 *   generators (seeded-random.ts; independent streams derived from the seed);
 * - `performance.now()` is the tick's virtual time: the sum of the raw dts of the ticks so far
 *   (what the recording holds, what the replay feeds back), in milliseconds, plus 0.001 ms per call
 *   within the tick so a busy-wait on it still ends; `Date.now()` and `new Date()` are `epochMs`
 *   plus that. The time is read from the game clock (a VirtualTimeSource: the runtime's LogicTime)
 *   when a game asks for it, not pushed every tick: a tick that never reads the clock costs
 *   nothing.
 * The worker's own timing (frame durations, the free-running clock) reads the platform clock
 * captured before this installs (timer-clock.ts), so it keeps real time. `uninstall()` puts every
 * original back (at the worker's shutdown).
 */
import { createSeededRandom } from './seeded-random.ts';

/** Milliseconds one call of performance.now()/Date.now() advances the virtual clock within a tick. */
export const VIRTUAL_CALL_STEP_MS = 0.001;

/** Where the virtual clock reads the time (the runtime's LogicTime), advanced by the runtime each tick. */
export interface VirtualTimeSource {
  /** The current tick: when it changes, the per-call steps start over. */
  readonly tick: number;
  /** The virtual time in ms: the sum of the raw dts (times 1000, added tick by tick) of the ticks so far. */
  readonly virtualMs: number;
}

/** The installed replacements. */
export interface DeterministicGlobals {
  /** The virtual time in ms (without the per-call steps): the source's. */
  readonly virtualMs: number;
  /** Restores every replaced global. Idempotent. */
  uninstall(): void;
}

/** Derives an independent 32-bit seed for stream `n` (splitmix-style mixing). */
function streamSeed(seed: number, n: number): number {
  let z = (Math.trunc(seed) + Math.imul(n, 0x9e3779b9)) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

interface Restorer {
  (): void;
}

/** Replaces `target[key]` by `value` (own, writable, configurable) and returns how to put the original back. */
function replace(target: object, key: string, value: unknown): Restorer {
  const own = Object.getOwnPropertyDescriptor(target, key);
  Object.defineProperty(target, key, { value, writable: true, configurable: true, enumerable: own?.enumerable ?? false });
  return () => {
    if (own !== undefined) Object.defineProperty(target, key, own);
    else delete (target as Record<string, unknown>)[key];
  };
}

/** Where `key` is defined on `target` or its prototype chain, with its descriptor; undefined when nowhere. */
function findProperty(target: object, key: string): PropertyDescriptor | undefined {
  for (let o: object | null = target; o !== null; o = Object.getPrototypeOf(o) as object | null) {
    const d = Object.getOwnPropertyDescriptor(o, key);
    if (d !== undefined) return d;
  }
  return undefined;
}

/**
 * Seeds `scope.crypto` (with `seed`) when the game first reaches it, not at install: the global is
 * a lazy getter in Node and browsers, and reading it loads the platform's whole Web Crypto (several
 * milliseconds of every recording worker's start-up, for games that never use it). An accessor is
 * wrapped by one that seeds the object it returns once; a plain value is seeded now.
 */
function seedCryptoWhenReached(scope: typeof globalThis, seed: (c: Crypto) => void, restore: Restorer[]): void {
  const found = findProperty(scope, 'crypto');
  if (found === undefined) return;
  const getter = found.get;
  if (getter === undefined) {
    const c = found.value as Crypto | null | undefined;
    if (c !== undefined && c !== null) seed(c);
    return;
  }
  let seeded = false;
  const own = Object.getOwnPropertyDescriptor(scope, 'crypto');
  Object.defineProperty(scope, 'crypto', {
    get(): unknown {
      const c = getter.call(scope) as Crypto | null | undefined;
      if (!seeded && c !== undefined && c !== null) {
        seeded = true;
        seed(c);
      }
      return c;
    },
    ...(found.set !== undefined ? { set: found.set } : {}),
    enumerable: found.enumerable ?? false,
    configurable: true,
  });
  restore.push(() => {
    if (own !== undefined) Object.defineProperty(scope, 'crypto', own);
    else delete (scope as { crypto?: unknown }).crypto;
  });
}

/**
 * Installs the deterministic globals on `scope` (the worker's globalThis) for `seed` and `epochMs`,
 * the virtual clock reading `time`. Allocates; once per worker. Globals the platform lacks (e.g.
 * no `crypto`) are left absent.
 */
export function installDeterministicGlobals(scope: typeof globalThis, seed: number, epochMs: number, time: VirtualTimeSource): DeterministicGlobals {
  const restore: Restorer[] = [];
  const mathRandom = createSeededRandom(streamSeed(seed, 1));
  const cryptoRandom = createSeededRandom(streamSeed(seed, 2));
  let tick = time.tick;
  let calls = 0;
  const now = (): number => {
    const t = time.tick;
    if (t !== tick) {
      tick = t;
      calls = 0;
    }
    return time.virtualMs + VIRTUAL_CALL_STEP_MS * calls++;
  };

  restore.push(replace(scope.Math, 'random', function random(): number {
    return mathRandom();
  }));

  const perf = scope.performance as Performance | undefined;
  if (perf !== undefined) {
    restore.push(replace(perf, 'now', function now_(): number {
      return now();
    }));
  }

  const RealDate = scope.Date;
  const dateNow = (): number => Math.floor(epochMs + now());
  // `new Date()` without arguments and `Date()` read the virtual clock too; every other use is the real Date's.
  const VirtualDate = function Date(this: unknown, ...args: unknown[]): unknown {
    if (!new.target) return new RealDate(dateNow()).toString();
    return args.length === 0 ? Reflect.construct(RealDate, [dateNow()], new.target) : Reflect.construct(RealDate, args, new.target);
  } as unknown as DateConstructor;
  Object.setPrototypeOf(VirtualDate, RealDate);
  Object.defineProperty(VirtualDate, 'prototype', { value: RealDate.prototype, writable: false });
  Object.defineProperty(VirtualDate, 'now', { value: dateNow, writable: true, configurable: true });
  Object.defineProperty(VirtualDate, 'length', { value: 7 });
  restore.push(replace(scope, 'Date', VirtualDate));

  const seedCrypto = (c: Crypto): void => {
    const fill = <T extends ArrayBufferView | null>(array: T): T => {
      if (array === null || !ArrayBuffer.isView(array)) return array;
      const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      for (let i = 0; i < bytes.length; i += 4) {
        const r = (cryptoRandom() * 4294967296) >>> 0;
        bytes[i] = r & 255;
        if (i + 1 < bytes.length) bytes[i + 1] = (r >>> 8) & 255;
        if (i + 2 < bytes.length) bytes[i + 2] = (r >>> 16) & 255;
        if (i + 3 < bytes.length) bytes[i + 3] = r >>> 24;
      }
      return array;
    };
    restore.push(replace(c, 'getRandomValues', fill));
    if (typeof c.randomUUID === 'function') {
      restore.push(replace(c, 'randomUUID', function randomUUID(): string {
        const b = fill(new Uint8Array(16));
        b[6] = (b[6]! & 0x0f) | 0x40;
        b[8] = (b[8]! & 0x3f) | 0x80;
        let s = '';
        for (let i = 0; i < 16; i++) {
          s += b[i]!.toString(16).padStart(2, '0');
          if (i === 3 || i === 5 || i === 7 || i === 9) s += '-';
        }
        return s;
      }));
    }
  };
  seedCryptoWhenReached(scope, seedCrypto, restore);

  let installed = true;
  return {
    get virtualMs(): number {
      return time.virtualMs;
    },
    uninstall(): void {
      if (!installed) return;
      installed = false;
      for (let i = restore.length - 1; i >= 0; i--) restore[i]!();
    },
  };
}
