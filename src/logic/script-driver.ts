/**
 * The seam between the logic runtime's frame and a game that is not a set of JSEngine systems:
 * the 'protogame' profile's script, driven through its own `globalThis.JSEngine`
 * (protogame-profile.ts implements it; logic-runtime.ts calls it in the update and render phases).
 */

/**
 * Drives the game's code inside the update and render phases when the game is not a set of
 * JSEngine systems (the 'protogame' profile: the script's own `globalThis.JSEngine`).
 */
export interface ScriptDriver {
  /** Whether the runtime delivers CallbackQueue records itself (false: the script pulls them). */
  readonly deliversCallbacks: boolean;
  /** Runs the update phase's game code with the frame's game-time delta (guard it). */
  update(dt: number): void;
  /** Runs the render phase's game code (guard it). */
  render(): void;
}
