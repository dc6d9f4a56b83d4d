/**
 * Runs a typed game (`defineGame`) as the system "game": `setup(ctx)` once, guarded, before any
 * update; when setup returns a promise, frames keep running and the game's update and render start
 * once it settles (a rejected setup is reported like a throw, TF5001 in phase "setup", and update
 * still starts: each phase is guarded on its own). Allocates nothing per frame.
 */
import type { GameContext, GameDefinition } from './define-game.ts';
import type { LogicServices } from './logic-services.ts';

/** The system id of a typed game. */
export const TYPED_GAME_SYSTEM_ID = 'game';

/** A typed game registered with the runtime's JSEngine. Logic thread only. */
export class TypedGame {
  private readonly def: GameDefinition;
  private readonly ctx: GameContext;
  private readonly services: LogicServices;
  private ready = false;

  constructor(def: GameDefinition, ctx: GameContext, services: LogicServices) {
    this.def = def;
    this.ctx = ctx;
    this.services = services;
    const update = def.update;
    const render = def.render;
    // The system's hooks: long-lived closures (allocated once), guarded by the runtime's frame.
    services.systems.registerSystem(TYPED_GAME_SYSTEM_ID, {
      priority: def.priority ?? 50,
      ...(update === undefined ? {} : { update: (dt: number) => { if (this.ready) update.call(def, ctx, dt); } }),
      ...(render === undefined ? {} : { render: () => { if (this.ready) render.call(def, ctx); } }),
      ...(update === undefined && render === undefined ? { update: () => {} } : {}),
    });
  }

  /** True once setup has settled (or there is none). */
  get started(): boolean {
    return this.ready;
  }

  /** Runs setup, guarded; call once, in the setup phase. */
  setup(): void {
    const setup = this.def.setup;
    const guard = this.services.guard;
    if (setup === undefined) {
      this.ready = true;
      return;
    }
    let result: unknown;
    try {
      result = setup.call(this.def, this.ctx);
    } catch (e) {
      guard.scriptError('setup', TYPED_GAME_SYSTEM_ID, e);
      this.ready = true;
      return;
    }
    if (result !== null && typeof result === 'object' && typeof (result as PromiseLike<unknown>).then === 'function') {
      Promise.resolve(result as PromiseLike<unknown>).then(
        () => { this.ready = true; },
        (e: unknown) => {
          guard.scriptError('setup', TYPED_GAME_SYSTEM_ID, e);
          this.ready = true;
        },
      );
    } else {
      this.ready = true;
    }
  }
}
