import { describe, expect, it } from 'vitest';
import { createInputNative, deadZoneAxis, XBOX_BUTTON_TO_STANDARD } from '../../../src/logic/protogame/input-native.ts';
import { PAD_BUTTON_COUNT } from '../../../src/protocol/input-state.ts';
import { isTwinframeError } from '../../../src/shared-memory/twinframe-error.ts';
import { createProtogameRig } from './protogame-test-rig.ts';

const VK_W = 87;
const VK_SPACE = 32;

function setup() {
  const rig = createProtogameRig();
  return { rig, input: createInputNative(rig.inputReader) };
}

describe('input native', () => {
  it('reads keys by Windows virtual-key code with exact per-frame edges', () => {
    const { rig, input } = setup();
    rig.inputWriter.keyDown(VK_W);
    rig.inputReader.beginFrame();
    expect(input.isKeyDown(VK_W), 'W held').toBe(true);
    expect(input.isKeyPressed(VK_W), 'isKeyPressed means held').toBe(true);
    expect(input.wasKeyJustPressed(VK_W), 'W just pressed this frame').toBe(true);
    rig.inputReader.beginFrame();
    expect(input.wasKeyJustPressed(VK_W), 'no longer "just" pressed next frame').toBe(false);
    expect(input.isKeyDown(VK_W), 'still held').toBe(true);
    rig.inputWriter.keyUp(VK_W);
    rig.inputReader.beginFrame();
    expect(input.wasKeyJustReleased(VK_W), 'just released').toBe(true);
    expect(input.isKeyDown(VK_SPACE), 'space never pressed').toBe(false);
  });

  it('a press and release between two logic frames is still seen as just pressed', () => {
    const { rig, input } = setup();
    rig.inputWriter.keyDown(VK_SPACE);
    rig.inputWriter.keyUp(VK_SPACE);
    rig.inputReader.beginFrame();
    expect(input.wasKeyJustPressed(VK_SPACE), 'the tap is not lost').toBe(true);
    expect(input.isKeyDown(VK_SPACE), 'not held').toBe(false);
  });

  it('returns mouse position and delta as {x, y} and maps button numbers (0 left, 1 right, 2 middle)', () => {
    const { rig, input } = setup();
    rig.inputWriter.mouseMove(100, 50, 3, -2);
    rig.inputWriter.mouseButton(2, true); // DOM button 2 = right
    rig.inputReader.beginFrame();
    expect(input.getMousePosition(), 'position').toEqual({ x: 100, y: 50 });
    expect(input.getMouseDelta(), 'delta').toEqual({ x: 3, y: -2 });
    expect(input.getCursorClientDelta(), 'no client delta while the cursor is free (the original\'s POINTER mode)').toEqual({ x: 0, y: 0 });
    expect(input.isMouseButtonPressed(1), 'button 1 is the right button').toBe(true);
    expect(input.wasMouseButtonJustPressed(1), 'just pressed').toBe(true);
    expect(input.isMouseButtonPressed(2), 'button 2 (middle) is up').toBe(false);
  });

  it('getCursorClientDelta is the movement while the pointer is locked (FPS mode), getMouseDelta every movement', () => {
    const { rig, input } = setup();
    rig.inputWriter.setPointerLocked(true);
    rig.inputWriter.mouseMove(100, 50, 6, -4);
    rig.inputWriter.mouseMove(100, 50, 1, 1);
    rig.inputReader.beginFrame();
    expect(input.getCursorClientDelta(), 'client delta while locked').toEqual({ x: 7, y: -3 });
    expect(input.getMouseDelta(), 'mouse delta').toEqual({ x: 7, y: -3 });
    rig.inputWriter.setPointerLocked(false);
    rig.inputWriter.mouseMove(110, 55, 10, 5);
    rig.inputReader.beginFrame();
    expect(input.getCursorClientDelta(), 'free again: no client delta').toEqual({ x: 0, y: 0 });
    expect(input.getMouseDelta(), 'the mouse delta still moves').toEqual({ x: 10, y: 5 });
  });

  it('isControllerConnected answers per slot 0-3, a missing pad reading disconnected, 0 and false', () => {
    const { rig, input } = setup();
    expect([0, 1, 2, 3].map((i) => input.isControllerConnected(i)), 'no pad').toEqual([false, false, false, false]);
    expect([input.getControllerAxis(0, 0), input.isControllerButtonPressed(0, 0)], 'a missing pad reads 0 and false').toEqual([0, false]);
    rig.inputWriter.setGamepad(1, true, 0, []);
    rig.inputReader.beginFrame(); // the next logic frame reads it (one snapshot per frame)
    rig.inputWriter.setGamepad(3, true, 0, []);
    rig.inputReader.beginFrame(); // the next logic frame reads it (one snapshot per frame)
    expect([0, 1, 2, 3].map((i) => input.isControllerConnected(i)), 'pads 1 and 3').toEqual([false, true, false, true]);
    rig.inputWriter.setGamepad(1, false, 0, []);
    rig.inputReader.beginFrame(); // the next logic frame reads it (one snapshot per frame)
    expect(input.isControllerConnected(1), 'pad 1 went away').toBe(false);
  });

  it('isControllerButtonPressed uses the original XboxButtonID order (A B X Y back start LB RB LS RS right up left down)', () => {
    const { rig, input } = setup();
    // W3C standard index of each XboxButtonID, written out independently of the table under test
    const standardOf: Record<string, number> = { A: 0, B: 1, X: 2, Y: 3, BACK: 8, START: 9, LSHOULDER: 4, RSHOULDER: 5, LTHUMB: 10, RTHUMB: 11, DPAD_RIGHT: 15, DPAD_UP: 12, DPAD_LEFT: 14, DPAD_DOWN: 13 };
    const xbox = ['A', 'B', 'X', 'Y', 'BACK', 'START', 'LSHOULDER', 'RSHOULDER', 'LTHUMB', 'RTHUMB', 'DPAD_RIGHT', 'DPAD_UP', 'DPAD_LEFT', 'DPAD_DOWN'];
    expect(XBOX_BUTTON_TO_STANDARD.length, 'one entry per XboxButtonID').toBe(xbox.length);
    xbox.forEach((name, id) => {
      rig.inputWriter.setGamepad(0, true, 1 << standardOf[name]!, []);
      rig.inputReader.beginFrame(); // the next logic frame reads it (one snapshot per frame)
      const pressed = xbox.map((_, other) => input.isControllerButtonPressed(0, other));
      expect(pressed, `standard button ${standardOf[name]} pressed reads as XboxButtonID ${id} (${name}) only`).toEqual(xbox.map((_, other) => other === id));
    });
    rig.inputWriter.setGamepad(0, true, (1 << 16) | (1 << 6) | (1 << 7), []);
    rig.inputReader.beginFrame(); // the next logic frame reads it (one snapshot per frame)
    expect(xbox.map((_, id) => input.isControllerButtonPressed(0, id)).some(Boolean), 'home and the triggers are no XInput button').toBe(false);
  });

  it('getControllerAxis uses the original order (left x, left y up, right x, right y up, left trigger, right trigger) with its dead zone', () => {
    const { rig, input } = setup();
    const values = new Float64Array(PAD_BUTTON_COUNT);
    values[6] = 0.25; // LT
    values[7] = 1; // RT
    // standard axes: left x right, left y DOWN, right x, right y down
    rig.inputWriter.setGamepad(2, true, 1 << 7, [1, 0, 0, -1], values);
    rig.inputReader.beginFrame(); // the next logic frame reads it (one snapshot per frame)
    expect([0, 1, 2, 3, 4, 5].map((a) => input.getControllerAxis(2, a)), 'full tilt: left stick right, right stick up (y up is +1)').toEqual([1, 0, 0, 1, 0.25, 1]);
    rig.inputWriter.setGamepad(2, true, 0, [0, 0.5, -0.25, 0]);
    rig.inputReader.beginFrame(); // the next logic frame reads it (one snapshot per frame)
    expect(input.getControllerAxis(2, 1), 'left stick half down: y -(0.5-0.3)/(0.95-0.3)').toBeCloseTo(-(0.5 - 0.3) / 0.65, 2);
    expect(input.getControllerAxis(2, 2), 'right stick at 25%: inside the inner dead zone').toBe(0);
    rig.inputWriter.setGamepad(2, true, 0, [0.75, -0.75]);
    rig.inputReader.beginFrame(); // the next logic frame reads it (one snapshot per frame)
    const len = Math.SQRT2 * 0.75; // past the outer dead zone: length 1, direction kept
    expect(input.getControllerAxis(2, 0), 'diagonal x').toBeCloseTo(0.75 / len, 2);
    expect(input.getControllerAxis(2, 1), 'diagonal y (up)').toBeCloseTo(0.75 / len, 2);
    expect(deadZoneAxis(0.2, 0.2), 'length 0.28 is dead').toBe(0);
  });

  it('refuses a controller index outside 0-3, an axis outside 0-5 and a button outside 0-13 (TF5501)', () => {
    const { input } = setup();
    const codeOf = (fn: () => unknown): string | undefined => {
      try {
        fn();
      } catch (e) {
        return isTwinframeError(e) ? e.code : 'not a TwinframeError';
      }
      return undefined;
    };
    expect(codeOf(() => input.isControllerConnected(4)), 'pad 4').toBe('TF5501');
    expect(codeOf(() => input.getControllerAxis(0, 6)), 'axis 6').toBe('TF5501');
    expect(codeOf(() => input.isControllerButtonPressed(0, 14)), 'button 14').toBe('TF5501');
    expect(codeOf(() => input.isControllerButtonPressed(0, 1.5)), 'a fractional button').toBe('TF5501');
    expect(codeOf(() => (input.getControllerAxis as (...a: unknown[]) => number)(0)), 'a missing axis').toBe('TF5500');
    expect(codeOf(() => input.isControllerButtonPressed(0, 13)), 'button 13 (d-pad down) is fine').toBeUndefined();
  });

  it('refuses a key code that is not an integer 0-255 (TF5501) and a wrong count (TF5500)', () => {
    const { input } = setup();
    const codeOf = (fn: () => unknown): string | undefined => {
      try {
        fn();
      } catch (e) {
        return isTwinframeError(e) ? e.code : 'not a TwinframeError';
      }
      return undefined;
    };
    expect(codeOf(() => input.isKeyDown('W')), 'a character instead of a code').toBe('TF5501');
    expect(codeOf(() => input.isKeyDown(256)), 'out of range').toBe('TF5501');
    expect(codeOf(() => (input.isKeyDown as (...a: unknown[]) => boolean)()), 'no argument').toBe('TF5500');
    expect(codeOf(() => (input.getMousePosition as (...a: unknown[]) => unknown)(1)), 'an extra argument').toBe('TF5500');
  });
});
