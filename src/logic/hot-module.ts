/**
 * `ctx.hot`, the game's side of a hot reload, in the shape of Vite's `import.meta.hot`: the old
 * incarnation registers `dispose(fn)` hooks that write what the new one needs into `data`; the new
 * incarnation reads it as `ctx.hot.data`, and `ctx.hot.isReload` tells its setup that the world
 * (entities, cameras, their ids) was kept. Opting in (calling `accept()` or registering a dispose
 * hook) is what keeps the world; a game that does neither is restarted on reload (docs/hot-reload.md).
 */
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { LOGIC_CODES } from './error-codes.ts';
import { formatValue } from '../protocol/value-format.ts';
import type { ScriptGuard } from './script-guard.ts';

/** What a dispose hook receives: write the state the next incarnation needs into it (structured-cloneable values). */
export type HotData = Record<string, unknown>;

/** `ctx.hot`: hand state from the old code to the new code across a hot reload. */
export interface GameHot {
  /** True when this incarnation took over a kept world from the previous one (setup should not rebuild it). */
  readonly isReload: boolean;
  /** What the previous incarnation's dispose hooks wrote (a structured clone); `{}` on a fresh start. */
  readonly data: Readonly<HotData>;
  /** Opts in: on the next reload the world and its ids are kept. */
  accept(): void;
  /** Opts in and registers `fn`, run once when this incarnation is replaced: write what survives into `data`. */
  dispose(fn: (data: HotData) => void): void;
}

/** The runtime's hot state: the carried data, the opt-in and the dispose hooks. Logic thread only. */
export class HotModule implements GameHot {
  accepted = false;
  private readonly disposers: ((data: HotData) => void)[] = [];

  constructor(readonly data: Readonly<HotData>, readonly isReload: boolean) {}

  accept(): void {
    this.accepted = true;
  }

  dispose(fn: (data: HotData) => void): void {
    if (typeof fn !== 'function') {
      throw new TwinframeError(LOGIC_CODES.API_ARGUMENT_INVALID.code, `ctx.hot.dispose: bad hook; got ${formatValue(fn)}, expected a function (data) => { ... }. Write ctx.hot.dispose((data) => { data.player = player; }).`);
    }
    this.accepted = true;
    this.disposers.push(fn);
  }

  /** Runs every dispose hook (each guarded) and returns the data they wrote. Allocates; once, at a reload stop. */
  runDispose(guard: ScriptGuard): HotData {
    const data: HotData = {};
    for (const fn of this.disposers) {
      try {
        fn(data);
      } catch (e) {
        guard.scriptError('shutdown', 'game', e);
      }
    }
    return data;
  }
}
