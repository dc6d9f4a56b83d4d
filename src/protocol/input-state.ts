/**
 * Input state (engine -> logic): keyboard, mouse and gamepads captured on the main thread. This
 * file is the layout and the key codes; the engine's writer is input-writer.ts (InputWriter, fed
 * as an InputSink), the logic's reader input-reader.ts (InputReader).
 *
 * ```
 *  Int32 slots of one SharedArrayBuffer (INPUT_STATE_BYTES); the engine's InputWriter is the only writer.
 *     0 ..  255  KEY_DOWN[vk]           1 while Windows virtual-key `vk` is held
 *   256 ..  511  KEY_PRESSES[vk]        presses of `vk` so far (free-running, wraps mod 2^32)
 *   512 ..  767  KEY_RELEASES[vk]       releases of `vk` so far
 *   768          MOUSE_X                pointer x in canvas pixels, fixed point (x FIXED_ONE)
 *   769          MOUSE_Y                pointer y
 *   770          MOUSE_DX_TOTAL         sum of all movement deltas so far, fixed point (pointer-lock friendly)
 *   771          MOUSE_DY_TOTAL
 *   772          MOUSE_BUTTONS          bitmask of buttons held (bit b = button b, 0 left, 1 middle, 2 right)
 *   773          WHEEL_TOTAL            sum of wheel deltas so far, fixed point
 *   774 ..  781  BUTTON_PRESSES[b]      presses of mouse button b (b < 8)
 *   782 ..  789  BUTTON_RELEASES[b]
 *   790 ..  793  PAD_CONNECTED[p]       1 when gamepad p (p < 4) is connected
 *   794 ..  797  PAD_BUTTONS[p]         bitmask of pressed buttons of gamepad p
 *   798 ..  829  PAD_AXES[p*8+a]        axis a (a < 8) of gamepad p, fixed point in -FIXED_ONE..FIXED_ONE
 *   830          POINTER_LOCKED         1 while the pointer is locked to the canvas (the original's FPS cursor mode)
 *   831          CLIENT_DX_TOTAL        sum of cursor movement in client pixels while locked, fixed point
 *   832          CLIENT_DY_TOTAL
 *   833 ..  960  PAD_BUTTON_VALUES[p*32+b]  analog value of button b of gamepad p, fixed point in 0..FIXED_ONE
 *   961 .. 1088  PAD_PRESSES[p*32+b]    presses of button b of gamepad p so far
 *  1089 .. 1216  PAD_RELEASES[p*32+b]   releases of button b of gamepad p so far
 *  1217          VERSION                bumped twice by every InputWriter change (odd while one is under
 *                                       way), outside the state proper (INPUT_STATE_SLOTS): lets the
 *                                       logic tell "nothing changed since tick T" in O(1) (record/replay)
 * ```
 * Gamepad buttons and axes are in the W3C "standard" gamepad mapping (buttons 0 A/bottom, 1 B/right,
 * 2 X/left, 3 Y/top, 4 LB, 5 RB, 6 LT, 7 RT, 8 back, 9 start, 10 LS, 11 RS, 12-15 d-pad up, down,
 * left, right, 16 home; axes 0-1 left stick x/y, 2-3 right stick x/y, y pointing down). The mouse
 * delta (MOUSE_D*_TOTAL) is the raw relative movement of every event; the client delta
 * (CLIENT_D*_TOTAL) is that movement only while the pointer is locked, as the original's
 * `GetCursorClientDelta` answers its FPS-mode movement and 0 while the cursor is free.
 * Every field is one Int32 written and read with Atomics, so no value can tear. The logic's reader
 * copies the whole state once per logic frame (beginFrame) and answers every query of the frame
 * from that copy, so a frame sees one input state however long it runs (record/replay needs
 * exactly that). Edges ("just pressed") are exact per logic frame however many engine frames a
 * logic frame spans: the reader compares press/release counters with its previous frame's copy.
 * Key codes are Windows virtual-key codes (the ProtogameJS3D scripts use them): 'A'..'Z' = 65..90,
 * '0'..'9' = 48..57, space 32, escape 27, arrows 37-40 (left, up, right, down), F1-F12 112-123,
 * shift 16, ctrl 17, enter 13, tab 9.
 */

export const KEY_COUNT = 256;
export const MOUSE_BUTTON_COUNT = 8;
export const PAD_COUNT = 4;
export const PAD_AXIS_COUNT = 8;
/** Buttons per gamepad (the pressed mask is one Int32). */
export const PAD_BUTTON_COUNT = 32;
/** Fixed-point scale of mouse positions, deltas, wheel and pad axes. */
export const FIXED_ONE = 256;

export const KEY_DOWN_SLOT = 0;
export const KEY_PRESSES_SLOT = 256;
export const KEY_RELEASES_SLOT = 512;
export const MOUSE_X_SLOT = 768;
export const MOUSE_Y_SLOT = 769;
export const MOUSE_DX_TOTAL_SLOT = 770;
export const MOUSE_DY_TOTAL_SLOT = 771;
export const MOUSE_BUTTONS_SLOT = 772;
export const WHEEL_TOTAL_SLOT = 773;
export const BUTTON_PRESSES_SLOT = 774;
export const BUTTON_RELEASES_SLOT = BUTTON_PRESSES_SLOT + MOUSE_BUTTON_COUNT;
export const PAD_CONNECTED_SLOT = BUTTON_RELEASES_SLOT + MOUSE_BUTTON_COUNT;
export const PAD_BUTTONS_SLOT = PAD_CONNECTED_SLOT + PAD_COUNT;
export const PAD_AXES_SLOT = PAD_BUTTONS_SLOT + PAD_COUNT;
export const POINTER_LOCKED_SLOT = PAD_AXES_SLOT + PAD_COUNT * PAD_AXIS_COUNT;
export const CLIENT_DX_TOTAL_SLOT = POINTER_LOCKED_SLOT + 1;
export const CLIENT_DY_TOTAL_SLOT = POINTER_LOCKED_SLOT + 2;
export const PAD_BUTTON_VALUES_SLOT = POINTER_LOCKED_SLOT + 3;
export const PAD_PRESSES_SLOT = PAD_BUTTON_VALUES_SLOT + PAD_COUNT * PAD_BUTTON_COUNT;
export const PAD_RELEASES_SLOT = PAD_PRESSES_SLOT + PAD_COUNT * PAD_BUTTON_COUNT;
/** Slots of the input state proper (what a logic frame sees and a recording's INPUT_FACTS carry). */
export const INPUT_STATE_SLOTS = PAD_RELEASES_SLOT + PAD_COUNT * PAD_BUTTON_COUNT;
export const INPUT_STATE_BYTES = INPUT_STATE_SLOTS * Int32Array.BYTES_PER_ELEMENT;
/** The change counter after the state (see the layout): even when no change is under way. */
export const INPUT_VERSION_SLOT = INPUT_STATE_SLOTS;
/** Bytes of the shared input buffer: the state and the version slot. */
export const INPUT_BUFFER_BYTES = (INPUT_STATE_SLOTS + 1) * Int32Array.BYTES_PER_ELEMENT;

/** Named virtual-key codes for the typed API (`ctx.input.isDown('W')`); single letters and digits map to their char code. */
export const VK = {
  Backspace: 8, Tab: 9, Enter: 13, Shift: 16, Control: 17, Alt: 18, Escape: 27, Space: 32,
  PageUp: 33, PageDown: 34, End: 35, Home: 36,
  ArrowLeft: 37, ArrowUp: 38, ArrowRight: 39, ArrowDown: 40, Delete: 46,
  F1: 112, F2: 113, F3: 114, F4: 115, F5: 116, F6: 117, F7: 118, F8: 119, F9: 120, F10: 121, F11: 122, F12: 123,
} as const;
export type KeyName = keyof typeof VK;

/** Virtual-key code of a key name ('W', 'w', '7', 'Space', 'ArrowUp') or a code given as a number; -1 when unknown. Allocates nothing. */
export function keyCodeOf(key: string | number): number {
  if (typeof key === 'number') return Number.isInteger(key) && key >= 0 && key < KEY_COUNT ? key : -1;
  if (key.length === 1) {
    let c = key.charCodeAt(0);
    if (c >= 97 && c <= 122) c -= 32;
    if ((c >= 65 && c <= 90) || (c >= 48 && c <= 57)) return c;
    if (key === ' ') return VK.Space;
    return -1;
  }
  return Object.prototype.hasOwnProperty.call(VK, key) ? VK[key as KeyName] : -1;
}
