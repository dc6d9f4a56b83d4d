/**
 * The `input` native of the ProtogameJS3D host over twinframe's input state. Key codes are Windows
 * virtual-key codes ('A'..'Z' = 65..90, '0'..'9' = 48..57, space 32, escape 27, arrows 37-40,
 * F1-F12 112-123, shift 16, ctrl 17). Answers are for the current logic frame: "just pressed" and
 * "just released" are exact per logic frame, however many engine frames it spans. Mouse buttons use
 * the original's numbering (0 left, 1 right, 2 middle). Gamepads come from the Gamepad API where
 * the engine has one (else they read as disconnected, false and 0), in the original's XInput
 * numbering: the input state holds the W3C standard mapping and the tables below translate.
 */
import { KEY_COUNT, MOUSE_BUTTON_COUNT, PAD_COUNT } from '../../protocol/input-state.ts';
import type { ProtogameInputSource } from './protogame-host-deps.ts';
import { NativeSignature, param } from './native-signature.ts';

/** A 2D vector as the input natives return it. */
export interface InputVector {
  x: number;
  y: number;
}

/** The `input` object scripts see on globalThis. */
export interface InputNative {
  isKeyDown(keyCode: unknown): boolean;
  isKeyPressed(keyCode: unknown): boolean;
  wasKeyJustPressed(keyCode: unknown): boolean;
  wasKeyJustReleased(keyCode: unknown): boolean;
  getMousePosition(): InputVector;
  getMouseDelta(): InputVector;
  getCursorClientDelta(): InputVector;
  isMouseButtonPressed(button: unknown): boolean;
  wasMouseButtonJustPressed(button: unknown): boolean;
  isControllerConnected(index: unknown): boolean;
  getControllerAxis(index: unknown, axis: unknown): number;
  isControllerButtonPressed(index: unknown, button: unknown): boolean;
}

const I = 'input';
const KEY = param('keyCode');
const BUTTON = param('button');
const PAD = param('index');
/** Signatures of the `input` methods (also listed in docs/protogame-host.md). */
export const INPUT_SIGNATURES = {
  isKeyDown: new NativeSignature(I, 'isKeyDown', [KEY]),
  isKeyPressed: new NativeSignature(I, 'isKeyPressed', [KEY]),
  wasKeyJustPressed: new NativeSignature(I, 'wasKeyJustPressed', [KEY]),
  wasKeyJustReleased: new NativeSignature(I, 'wasKeyJustReleased', [KEY]),
  getMousePosition: new NativeSignature(I, 'getMousePosition', []),
  getMouseDelta: new NativeSignature(I, 'getMouseDelta', []),
  getCursorClientDelta: new NativeSignature(I, 'getCursorClientDelta', []),
  isMouseButtonPressed: new NativeSignature(I, 'isMouseButtonPressed', [BUTTON]),
  wasMouseButtonJustPressed: new NativeSignature(I, 'wasMouseButtonJustPressed', [BUTTON]),
  isControllerConnected: new NativeSignature(I, 'isControllerConnected', [PAD]),
  getControllerAxis: new NativeSignature(I, 'getControllerAxis', [PAD, param('axis')]),
  isControllerButtonPressed: new NativeSignature(I, 'isControllerButtonPressed', [PAD, param('button')]),
} as const;

/**
 * The W3C standard-gamepad button of each of the original's `XboxButtonID`s (its XInput order):
 * 0 A, 1 B, 2 X, 3 Y, 4 back, 5 start, 6 left shoulder, 7 right shoulder, 8 left thumb, 9 right
 * thumb, 10 d-pad right, 11 d-pad up, 12 d-pad left, 13 d-pad down.
 */
export const XBOX_BUTTON_TO_STANDARD: readonly number[] = [0, 1, 2, 3, 8, 9, 4, 5, 10, 11, 15, 12, 14, 13];
/** Buttons of the original's controller (`XBOX_BUTTON_NUM`). */
export const XBOX_BUTTON_COUNT = 14;
/**
 * The controller axes in the original's order: 0 left stick x, 1 left stick y, 2 right stick x,
 * 3 right stick y (sticks -1..1, y up as XInput's, after the original's radial dead zone), 4 left
 * trigger, 5 right trigger (0..1).
 */
export const XBOX_AXIS_COUNT = 6;
/** The original `AnalogJoystick`'s dead zone: below 30% of full tilt reads 0, above 95% reads 1. */
export const STICK_INNER_DEAD_ZONE = 0.3;
export const STICK_OUTER_DEAD_ZONE = 0.95;
/** Standard-mapping buttons that carry the analog triggers. */
const STANDARD_LEFT_TRIGGER = 6;
const STANDARD_RIGHT_TRIGGER = 7;

/**
 * One axis of a stick after the original's radial dead zone: the stick's length is clamped to
 * [inner, outer] and mapped to [0, 1], keeping its direction. `along` is the axis asked for, `other`
 * the stick's other axis. Allocates nothing.
 */
export function deadZoneAxis(along: number, other: number): number {
  const length = Math.sqrt(along * along + other * other);
  if (length <= STICK_INNER_DEAD_ZONE) return 0;
  const clamped = length > STICK_OUTER_DEAD_ZONE ? STICK_OUTER_DEAD_ZONE : length;
  const corrected = (clamped - STICK_INNER_DEAD_ZONE) / (STICK_OUTER_DEAD_ZONE - STICK_INNER_DEAD_ZONE);
  return (along / length) * corrected;
}

/** The original's axis `axis` (0-5, see XBOX_AXIS_COUNT) of `pad`, read from the standard-mapping state. */
function xboxAxis(input: ProtogameInputSource, pad: number, axis: number): number {
  if (axis >= 4) return input.padButtonValue(pad, axis === 4 ? STANDARD_LEFT_TRIGGER : STANDARD_RIGHT_TRIGGER);
  const stick = axis < 2 ? 0 : 2; // standard axes 0-1 left stick, 2-3 right stick
  const x = input.padAxis(pad, stick);
  const y = 0 - input.padAxis(pad, stick + 1); // the standard y points down, XInput's up (0 - v: never -0)
  return (axis & 1) === 0 ? deadZoneAxis(x, y) : deadZoneAxis(y, x);
}

/**
 * The input state's button index (DOM order: 0 left, 1 middle, 2 right) of the original's button
 * number (0 left, 1 right, 2 middle); buttons 3 and up are the same in both.
 */
function domButton(button: number): number {
  return button === 1 ? 2 : button === 2 ? 1 : button;
}

/** Builds the `input` native over `input`. Allocates; install time only. */
export function createInputNative(input: ProtogameInputSource): InputNative {
  const S = INPUT_SIGNATURES;
  const MAX_KEY = KEY_COUNT - 1;
  const MAX_BUTTON = MOUSE_BUTTON_COUNT - 1;
  const MAX_PAD = PAD_COUNT - 1;
  return {
    isKeyDown(keyCode) {
      return input.isKeyDown(S.isKeyDown.integerCall(arguments.length, keyCode, 0, MAX_KEY));
    },
    isKeyPressed(keyCode) {
      return input.isKeyDown(S.isKeyPressed.integerCall(arguments.length, keyCode, 0, MAX_KEY));
    },
    wasKeyJustPressed(keyCode) {
      return input.wasKeyJustPressed(S.wasKeyJustPressed.integerCall(arguments.length, keyCode, 0, MAX_KEY));
    },
    wasKeyJustReleased(keyCode) {
      return input.wasKeyJustReleased(S.wasKeyJustReleased.integerCall(arguments.length, keyCode, 0, MAX_KEY));
    },
    getMousePosition() {
      S.getMousePosition.count(arguments.length);
      return { x: input.mouseX, y: input.mouseY };
    },
    getMouseDelta() {
      S.getMouseDelta.count(arguments.length);
      return { x: input.mouseDeltaX, y: input.mouseDeltaY };
    },
    getCursorClientDelta() {
      S.getCursorClientDelta.count(arguments.length);
      return { x: input.clientDeltaX, y: input.clientDeltaY };
    },
    isMouseButtonPressed(button) {
      return input.isMouseButtonDown(domButton(S.isMouseButtonPressed.integerCall(arguments.length, button, 0, MAX_BUTTON)));
    },
    wasMouseButtonJustPressed(button) {
      return input.wasMouseButtonJustPressed(domButton(S.wasMouseButtonJustPressed.integerCall(arguments.length, button, 0, MAX_BUTTON)));
    },
    isControllerConnected(index) {
      return input.isPadConnected(S.isControllerConnected.integerCall(arguments.length, index, 0, MAX_PAD));
    },
    getControllerAxis(index, axis) {
      const sig = S.getControllerAxis;
      sig.count(arguments.length);
      return xboxAxis(input, sig.integer(0, index, 0, MAX_PAD), sig.integer(1, axis, 0, XBOX_AXIS_COUNT - 1));
    },
    isControllerButtonPressed(index, button) {
      const sig = S.isControllerButtonPressed;
      sig.count(arguments.length);
      const pad = sig.integer(0, index, 0, MAX_PAD);
      return input.isPadButtonDown(pad, XBOX_BUTTON_TO_STANDARD[sig.integer(1, button, 0, XBOX_BUTTON_COUNT - 1)]!);
    },
  };
}
