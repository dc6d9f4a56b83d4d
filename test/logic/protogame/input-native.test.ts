import { describe, expect, it } from 'vitest';
import { createInputNative } from '../../../src/logic/protogame/input-native.ts';
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
    expect(input.getCursorClientDelta(), 'client delta').toEqual({ x: 3, y: -2 });
    expect(input.isMouseButtonPressed(1), 'button 1 is the right button').toBe(true);
    expect(input.wasMouseButtonJustPressed(1), 'just pressed').toBe(true);
    expect(input.isMouseButtonPressed(2), 'button 2 (middle) is up').toBe(false);
  });

  it('reads gamepads, and a missing pad as disconnected', () => {
    const { rig, input } = setup();
    expect(input.isControllerConnected(0), 'no pad').toBe(false);
    expect(input.getControllerAxis(0, 0), 'axis 0 without a pad').toBe(0);
    rig.inputWriter.setGamepad(1, true, 0b100, [0.5, -1]);
    expect(input.isControllerConnected(1), 'pad 1 connected').toBe(true);
    expect(input.getControllerAxis(1, 1), 'axis value in -1..1').toBe(-1);
    expect(input.isControllerButtonPressed(1, 2), 'button 2 pressed').toBe(true);
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
