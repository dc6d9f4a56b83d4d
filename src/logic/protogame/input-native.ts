/**
 * The `input` native of the ProtogameJS3D host over twinframe's input state. Key codes are Windows
 * virtual-key codes ('A'..'Z' = 65..90, '0'..'9' = 48..57, space 32, escape 27, arrows 37-40,
 * F1-F12 112-123, shift 16, ctrl 17). Answers are for the current logic frame: "just pressed" and
 * "just released" are exact per logic frame, however many engine frames it spans. Mouse buttons use
 * the original's numbering (0 left, 1 right, 2 middle). Gamepads come from the Gamepad API where
 * the engine has one, else they read as disconnected (false and 0).
 */
import { KEY_COUNT, MOUSE_BUTTON_COUNT, PAD_AXIS_COUNT, PAD_COUNT } from '../../protocol/input-state.ts';
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
      S.isKeyDown.count(arguments.length);
      return input.isKeyDown(S.isKeyDown.integer(0, keyCode, 0, MAX_KEY));
    },
    isKeyPressed(keyCode) {
      S.isKeyPressed.count(arguments.length);
      return input.isKeyDown(S.isKeyPressed.integer(0, keyCode, 0, MAX_KEY));
    },
    wasKeyJustPressed(keyCode) {
      S.wasKeyJustPressed.count(arguments.length);
      return input.wasKeyJustPressed(S.wasKeyJustPressed.integer(0, keyCode, 0, MAX_KEY));
    },
    wasKeyJustReleased(keyCode) {
      S.wasKeyJustReleased.count(arguments.length);
      return input.wasKeyJustReleased(S.wasKeyJustReleased.integer(0, keyCode, 0, MAX_KEY));
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
      return { x: input.mouseDeltaX, y: input.mouseDeltaY };
    },
    isMouseButtonPressed(button) {
      S.isMouseButtonPressed.count(arguments.length);
      return input.isMouseButtonDown(domButton(S.isMouseButtonPressed.integer(0, button, 0, MAX_BUTTON)));
    },
    wasMouseButtonJustPressed(button) {
      S.wasMouseButtonJustPressed.count(arguments.length);
      return input.wasMouseButtonJustPressed(domButton(S.wasMouseButtonJustPressed.integer(0, button, 0, MAX_BUTTON)));
    },
    isControllerConnected(index) {
      S.isControllerConnected.count(arguments.length);
      return input.isPadConnected(S.isControllerConnected.integer(0, index, 0, MAX_PAD));
    },
    getControllerAxis(index, axis) {
      const sig = S.getControllerAxis;
      sig.count(arguments.length);
      return input.padAxis(sig.integer(0, index, 0, MAX_PAD), sig.integer(1, axis, 0, PAD_AXIS_COUNT - 1));
    },
    isControllerButtonPressed(index, button) {
      const sig = S.isControllerButtonPressed;
      sig.count(arguments.length);
      return input.isPadButtonDown(sig.integer(0, index, 0, MAX_PAD), sig.integer(1, button, 0, 31));
    },
  };
}
