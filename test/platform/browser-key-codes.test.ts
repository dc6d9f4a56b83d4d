import { describe, expect, it } from 'vitest';
import { VK, virtualKeyFromCode } from '../../src/platform/browser-key-codes.ts';

describe('virtualKeyFromCode', () => {
  it('maps letters, digits and the keys the seed names to their virtual-key codes', () => {
    expect(virtualKeyFromCode('KeyA'), "'A' is 65").toBe(65);
    expect(virtualKeyFromCode('KeyZ'), "'Z' is 90").toBe(90);
    expect(['KeyW', 'KeyA', 'KeyS', 'KeyD'].map(virtualKeyFromCode), 'WASD').toEqual([87, 65, 83, 68]);
    expect(virtualKeyFromCode('Digit0'), "'0' is 48").toBe(48);
    expect(virtualKeyFromCode('Digit9'), "'9' is 57").toBe(57);
    expect(virtualKeyFromCode('Space'), 'space').toBe(VK.SPACE);
    expect(virtualKeyFromCode('Escape'), 'escape').toBe(27);
    expect(['ArrowLeft', 'ArrowUp', 'ArrowRight', 'ArrowDown'].map(virtualKeyFromCode), 'arrows 37-40').toEqual([37, 38, 39, 40]);
    expect(virtualKeyFromCode('F1'), 'F1').toBe(112);
    expect(virtualKeyFromCode('F12'), 'F12').toBe(123);
    expect([virtualKeyFromCode('ShiftLeft'), virtualKeyFromCode('ShiftRight')], 'both shifts are 16').toEqual([16, 16]);
    expect([virtualKeyFromCode('ControlLeft'), virtualKeyFromCode('ControlRight')], 'both controls are 17').toEqual([17, 17]);
    expect(virtualKeyFromCode('Numpad5'), 'numpad digits 96-105').toBe(101);
  });

  it('gives 0 for keys without a virtual-key code', () => {
    expect(virtualKeyFromCode('MediaPlayPause'), 'media key').toBe(0);
    expect(virtualKeyFromCode(''), 'empty code (some synthetic events)').toBe(0);
  });
});
