import { describe, expect, it } from 'vitest';
import { InputReader, InputWriter, createInputStateBuffer, keyCodeOf, VK } from '../../src/protocol/input-state.ts';

describe('InputState', () => {
  it('reports held keys and exact edges per logic frame, however many engine frames pass', () => {
    const sab = createInputStateBuffer();
    const w = new InputWriter(sab);
    const r = new InputReader(sab);
    w.keyDown(87); // W
    w.keyDown(87); // auto-repeat: not a new press
    r.beginFrame();
    expect(r.isKeyDown(87), 'W held').toBe(true);
    expect(r.wasKeyJustPressed(87), 'W just pressed').toBe(true);
    r.beginFrame();
    expect(r.wasKeyJustPressed(87), 'the edge lasts one logic frame').toBe(false);
    w.keyUp(87);
    w.keyDown(87);
    w.keyUp(87); // a tap between two logic frames
    r.beginFrame();
    expect(r.isKeyDown(87), 'released').toBe(false);
    expect(r.wasKeyJustPressed(87), 'a tap between frames is still seen as pressed').toBe(true);
    expect(r.wasKeyJustReleased(87), 'and released').toBe(true);
  });
  it('accumulates mouse deltas and wheel exactly between frames', () => {
    const sab = createInputStateBuffer();
    const w = new InputWriter(sab);
    const r = new InputReader(sab);
    w.mouseMove(10, 20, 3, -2);
    w.mouseMove(12, 21, 2, 1);
    w.wheel(-1);
    w.mouseButton(0, true);
    r.beginFrame();
    expect([r.mouseX, r.mouseY], 'latest position').toEqual([12, 21]);
    expect([r.mouseDeltaX, r.mouseDeltaY], 'sum of deltas').toEqual([5, -1]);
    expect(r.wheelDelta, 'wheel').toBe(-1);
    expect(r.isMouseButtonDown(0) && r.wasMouseButtonJustPressed(0), 'left button pressed').toBe(true);
    r.beginFrame();
    expect([r.mouseDeltaX, r.mouseDeltaY, r.wheelDelta], 'no movement since').toEqual([0, 0, 0]);
  });
  it('ignores out-of-range codes and counts them', () => {
    const w = new InputWriter(createInputStateBuffer());
    w.keyDown(300);
    w.keyDown(-1);
    w.mouseButton(9, true);
    w.wheel(Number.NaN);
    expect(w.ignoredEvents, 'four bad events ignored').toBe(4);
  });
  it('maps key names to virtual-key codes', () => {
    expect(keyCodeOf('w')).toBe(87);
    expect(keyCodeOf('7')).toBe(55);
    expect(keyCodeOf('Space')).toBe(VK.Space);
    expect(keyCodeOf('ArrowUp')).toBe(38);
    expect(keyCodeOf('Nope'), 'unknown names are -1').toBe(-1);
  });
});
