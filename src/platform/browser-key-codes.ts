/**
 * `KeyboardEvent.code` (the physical key, layout-independent) -> Windows virtual-key code, the
 * key numbering of the seed's scripts ('A'..'Z' = 65..90, '0'..'9' = 48..57, space 32, escape 27,
 * arrows 37-40, F1-F12 112-123, shift 16, ctrl 17). Physical keys keep WASD where it is on AZERTY
 * and Dvorak keyboards, as games expect. Left and right modifiers share the generic code (16, 17,
 * 18), as the seed's `IsKeyDown(KEYCODE_SHIFT)` reads them.
 */

/** Virtual-key codes of the keys a game most often names. */
export const VK = {
  BACKSPACE: 8, TAB: 9, ENTER: 13, SHIFT: 16, CONTROL: 17, ALT: 18, PAUSE: 19, CAPS_LOCK: 20,
  ESCAPE: 27, SPACE: 32, PAGE_UP: 33, PAGE_DOWN: 34, END: 35, HOME: 36,
  LEFT: 37, UP: 38, RIGHT: 39, DOWN: 40, PRINT_SCREEN: 44, INSERT: 45, DELETE: 46,
  F1: 112, F12: 123,
} as const;

const TABLE = new Map<string, number>();
for (let i = 0; i < 26; i++) TABLE.set(`Key${String.fromCharCode(65 + i)}`, 65 + i);
for (let i = 0; i < 10; i++) {
  TABLE.set(`Digit${i}`, 48 + i);
  TABLE.set(`Numpad${i}`, 96 + i);
}
for (let i = 1; i <= 24; i++) TABLE.set(`F${i}`, 111 + i);
for (const [code, vk] of [
  ['Backspace', 8], ['Tab', 9], ['Enter', 13], ['NumpadEnter', 13],
  ['ShiftLeft', 16], ['ShiftRight', 16], ['ControlLeft', 17], ['ControlRight', 17], ['AltLeft', 18], ['AltRight', 18],
  ['Pause', 19], ['CapsLock', 20], ['Escape', 27], ['Space', 32], ['PageUp', 33], ['PageDown', 34], ['End', 35], ['Home', 36],
  ['ArrowLeft', 37], ['ArrowUp', 38], ['ArrowRight', 39], ['ArrowDown', 40], ['PrintScreen', 44], ['Insert', 45], ['Delete', 46],
  ['MetaLeft', 91], ['MetaRight', 92], ['ContextMenu', 93],
  ['NumpadMultiply', 106], ['NumpadAdd', 107], ['NumpadSubtract', 109], ['NumpadDecimal', 110], ['NumpadDivide', 111],
  ['NumLock', 144], ['ScrollLock', 145],
  ['Semicolon', 186], ['Equal', 187], ['Comma', 188], ['Minus', 189], ['Period', 190], ['Slash', 191], ['Backquote', 192],
  ['BracketLeft', 219], ['Backslash', 220], ['BracketRight', 221], ['Quote', 222], ['IntlBackslash', 226],
] as const) {
  TABLE.set(code, vk);
}

/**
 * The Windows virtual-key code of a physical key, or 0 when the key has none (unknown codes,
 * media keys). Allocates nothing.
 *
 * @example
 * ```ts
 * virtualKeyFromCode('KeyW'); // 87 ('W')
 * virtualKeyFromCode('ShiftRight'); // 16
 * ```
 */
export function virtualKeyFromCode(code: string): number {
  return TABLE.get(code) ?? 0;
}
