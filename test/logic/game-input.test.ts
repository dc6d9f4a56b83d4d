/**
 * GameInputApi's gamepads (`ctx.input.gamepads`, `ctx.input.gamepad(i)`) over a real input state:
 * views created once, names and indices of the standard mapping, TF5010 for bad names, and
 * per-frame reads that allocate nothing.
 */
import { describe, expect, it } from 'vitest';
import { GameInputApi } from '../../src/logic/game-input.ts';
import { PAD_AXIS, PAD_BUTTON } from '../../src/logic/gamepad-view.ts';
import { PAD_BUTTON_COUNT } from '../../src/protocol/input-state.ts';
import { InputReader } from '../../src/protocol/input-reader.ts';
import { createInputStateBuffer, InputWriter } from '../../src/protocol/input-writer.ts';
import { isTwinframeError } from '../../src/shared-memory/twinframe-error.ts';
import { measureHeapGrowth } from '../helpers/heap.ts';

function setup() {
  const sab = createInputStateBuffer();
  const writer = new InputWriter(sab);
  const reader = new InputReader(sab);
  return { writer, reader, input: new GameInputApi(reader, 'ctx.input') };
}

function errorOf(fn: () => unknown): { code: string; message: string } | undefined {
  try {
    fn();
  } catch (e) {
    return isTwinframeError(e) ? { code: e.code, message: e.message } : { code: 'not a TwinframeError', message: String(e) };
  }
  return undefined;
}

describe('ctx.input.gamepads', () => {
  it('has four views, the same objects every frame, reading disconnected and 0 without pads', () => {
    const { reader, input } = setup();
    expect(input.gamepads.length, 'four slots').toBe(4);
    const first = input.gamepads[2];
    reader.beginFrame();
    expect(input.gamepads[2], 'the same object next frame').toBe(first);
    expect(input.gamepad(2), 'gamepad(i) is gamepads[i]').toBe(first);
    expect(input.gamepads.map((p) => [p.index, p.connected, p.axis('LeftX'), p.isButtonDown('A')]), 'all at rest').toEqual([0, 1, 2, 3].map((i) => [i, false, 0, false]));
    expect(Object.isFrozen(input.gamepads), 'the list cannot be replaced by a game').toBe(true);
  });

  it('reads buttons and axes by standard name or index, with per-frame edges and analog values', () => {
    const { writer, reader, input } = setup();
    const values = new Float64Array(PAD_BUTTON_COUNT);
    values[PAD_BUTTON.LT] = 0.25;
    writer.setGamepad(1, true, (1 << PAD_BUTTON.B) | (1 << PAD_BUTTON.Up), [0, 0, -0.5, 1], values);
    reader.beginFrame();
    const pad = input.gamepad(1);
    expect(pad.connected, 'connected').toBe(true);
    expect([pad.isButtonDown('B'), pad.isButtonDown(1), pad.isButtonDown('Up'), pad.isButtonDown('A')], 'B (1) and d-pad up held').toEqual([true, true, true, false]);
    expect([pad.wasButtonJustPressed('B'), pad.buttonValue('B'), pad.buttonValue('LT')], 'edge, digital value, analog trigger').toEqual([true, 1, 0.25]);
    expect([pad.axis('RightX'), pad.axis(PAD_AXIS.RightY), pad.axis(7)], 'axes by name and index').toEqual([-0.5, 1, 0]);
    reader.beginFrame();
    expect(pad.wasButtonJustPressed('B'), 'the edge lasted one frame').toBe(false);
    writer.setGamepad(1, false, 0, []);
    reader.beginFrame();
    expect([pad.connected, pad.wasButtonJustReleased('B'), pad.axis('RightY')], 'a disconnect releases and rests').toEqual([false, true, 0]);
    expect(input.gamepad(0).connected, 'the other slots never were').toBe(false);
  });

  it('refuses unknown button and axis names and slots outside 0-3 with TF5010 naming the value', () => {
    const { input } = setup();
    const pad = input.gamepads[0]!;
    expect(errorOf(() => pad.isButtonDown('Jump' as 'A')), 'unknown button').toMatchObject({ code: 'TF5010', message: expect.stringContaining('ctx.input.gamepads[0]: bad button; got "Jump"') });
    expect(errorOf(() => pad.axis(8))?.code, 'axis 8').toBe('TF5010');
    expect(errorOf(() => pad.buttonValue(32))?.code, 'button 32').toBe('TF5010');
    expect(errorOf(() => input.gamepad(4)), 'slot 4').toMatchObject({ code: 'TF5010', message: expect.stringContaining('ctx.input.gamepad: bad index; got 4') });
    expect(errorOf(() => input.gamepad(0.5))?.code, 'a fractional slot').toBe('TF5010');
  });

  // The loops read like a game (a few values per pad). A much longer loop body can exceed V8's
  // inlining budget, and a double returned from a call it did not inline is boxed: that is V8's, not
  // the views' (each view method alone, and the input state under them, allocate nothing).
  it('reads four pads every frame without allocating', () => {
    const { writer, reader, input } = setup();
    const axes = new Float64Array([0.5, -0.5, 0.25, 0]);
    const acc = new Float64Array(2);
    let frame = 0;
    const g = measureHeapGrowth(() => {
      frame++;
      writer.setGamepad(frame & 3, true, frame & 0xff, axes);
      reader.beginFrame();
      const pads = input.gamepads;
      for (let p = 0; p < pads.length; p++) {
        const pad = pads[p]!;
        if (!pad.connected) continue;
        acc[0] += pad.axis('LeftX') - pad.axis('LeftY') + pad.buttonValue('RT');
        if (pad.wasButtonJustPressed('A') || pad.wasButtonJustReleased('Y') || pad.isButtonDown(3)) acc[1]++;
      }
    }, 20_000, 40_000, 5);
    const info = `allocated ${g.allocatedBytes} B, gc runs ${g.gcRuns}, acc ${acc[0]}/${acc[1]}`;
    expect(acc[1], 'the loop saw button activity').toBeGreaterThan(0);
    expect(g.gcRuns, `no gc over 20k frames (${info})`).toBe(0);
    expect(g.allocatedBytes, `under 64 KiB allocated (${info})`).toBeLessThan(64 * 1024);
  });

  it('reads one slot by gamepad(i) every frame without allocating', () => {
    const { writer, reader, input } = setup();
    const axes = new Float64Array([0.5, -0.5, 0.25, 0]);
    const acc = new Float64Array(2);
    let frame = 0;
    const g = measureHeapGrowth(() => {
      frame++;
      writer.setGamepad(frame & 3, true, frame & 0xff, axes);
      reader.beginFrame();
      const pad = input.gamepad(frame & 3);
      acc[0] += pad.axis('RightX') + pad.buttonValue(6);
      if (pad.wasButtonJustPressed('B')) acc[1]++;
      // A long warm-up: on a busy machine the optimising compile lands late (seen: 11 B a frame
      // after 10,000 frames, less than one object a frame, so compiler activity, not the view).
    }, 20_000, 40_000);
    const info = `allocated ${g.allocatedBytes} B, gc runs ${g.gcRuns}, acc ${acc[0]}/${acc[1]}`;
    expect(g.gcRuns, `no gc over 20k frames (${info})`).toBe(0);
    expect(g.allocatedBytes, `under 64 KiB allocated (${info})`).toBeLessThan(64 * 1024);
  });
});
