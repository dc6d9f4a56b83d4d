/**
 * The channel between the demo page and the demo game beyond the player's own keys: reserved
 * virtual-key codes (0x88-0x8F are unassigned on Windows keyboards, so no real key sends them)
 * that the page presses through `app.input` and the game reads with `ctx.input`. The fault buttons
 * use nothing but the runtime's input state, like any game input.
 */

/** Held: throw in update every frame. */
export const KEY_FAULT_THROW = 0x88;
/** Held: busy-wait 200 ms in every update (slow frames). */
export const KEY_FAULT_SLOW = 0x89;
/** Pressed: `while (true) {}` in update (the watchdog terminates and restarts the logic). */
export const KEY_FAULT_HANG = 0x8a;
/** Pressed: throw from a timer, outside every guard (an uncaught error: the worker crashes). */
export const KEY_FAULT_CRASH = 0x8b;
/** Pressed: the worker closes itself (`self.close()`: it ends without an error). */
export const KEY_FAULT_EXIT = 0x8c;
/** Pressed: a flood of 200,000 commands in one frame (backpressure: all applied, in order, over the next frames). */
export const KEY_FAULT_FLOOD = 0x8d;
/** Held while the page holds the pointer lock: mouse movement turns the camera. */
export const KEY_MOUSE_LOOK = 0x8e;

/** Commands one flood sends. */
export const FLOOD_COMMANDS = 200_000;
/** How long a slow frame busy-waits, ms. */
export const SLOW_FRAME_MS = 200;

/** The game id the demo's worker entry resolves to its statically imported game module. */
export const DEMO_GAME_ID = 'twinframe-demo:game';
