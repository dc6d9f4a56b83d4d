/**
 * GamepadPoller over a scripted `getGamepads()` list and Node's EventTarget, writing into a real
 * InputWriter whose state an InputReader reads (the Gamepad API itself is exercised in Chromium by
 * test/engine/protogame-gamepad-browser.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { GamepadPoller, type GamepadSource } from '../../src/platform/gamepad-poller.ts';
import { InputReader } from '../../src/protocol/input-reader.ts';
import { createInputStateBuffer, InputWriter } from '../../src/protocol/input-writer.ts';

interface FakePad { index: number; connected: boolean; mapping: string; axes: number[]; buttons: { pressed: boolean; value: number; touched: boolean }[] }

function pad(index: number, pressed: number[] = [], axes: number[] = [0, 0, 0, 0], values: Record<number, number> = {}): FakePad {
  const buttons = [];
  for (let b = 0; b < 17; b++) buttons.push({ pressed: pressed.includes(b), value: values[b] ?? (pressed.includes(b) ? 1 : 0), touched: false });
  return { index, connected: true, mapping: 'standard', axes, buttons };
}

function rig(initial: (FakePad | null)[] = []) {
  const list: (FakePad | null)[] = initial;
  let calls = 0;
  const source: GamepadSource = { getGamepads: () => { calls++; return list as unknown as (Gamepad | null)[]; } };
  const events = new EventTarget();
  const sab = createInputStateBuffer();
  const writer = new InputWriter(sab);
  const reader = new InputReader(sab);
  const poller = new GamepadPoller({ source, events });
  return {
    list, events, reader, poller, writer,
    get calls() { return calls; },
    frame(): void {
      poller.poll(writer);
      reader.beginFrame();
    },
    connect(p: FakePad): void {
      list[p.index] = p;
      events.dispatchEvent(new Event('gamepadconnected'));
    },
    disconnect(index: number): void {
      list[index] = null;
      events.dispatchEvent(new Event('gamepaddisconnected'));
    },
  };
}

describe('GamepadPoller', () => {
  it('does not call getGamepads before a pad is announced, then copies buttons, values and axes each poll', () => {
    const r = rig();
    r.frame();
    r.frame();
    expect(r.calls, 'only the constructor looked (no pad announced)').toBe(1);
    r.connect(pad(0, [0, 7], [0.5, -1, 0, 0.25], { 7: 0.75 }));
    r.frame();
    expect(r.reader.isPadConnected(0), 'pad 0 connected').toBe(true);
    expect([r.reader.isPadButtonDown(0, 0), r.reader.isPadButtonDown(0, 7), r.reader.isPadButtonDown(0, 1)], 'A and RT held').toEqual([true, true, false]);
    expect(r.reader.padButtonValue(0, 7), 'RT value').toBe(0.75);
    expect([r.reader.padAxis(0, 0), r.reader.padAxis(0, 1), r.reader.padAxis(0, 3)], 'axes').toEqual([0.5, -1, 0.25]);
    expect(r.reader.wasPadButtonJustPressed(0, 0), 'A edge').toBe(true);
    r.list[0]!.axes[0] = -0.5; // the browser's live object changes between frames
    r.list[0]!.buttons[0]!.pressed = false;
    r.frame();
    expect([r.reader.padAxis(0, 0), r.reader.wasPadButtonJustReleased(0, 0)], 'the next poll sees the new values').toEqual([-0.5, true]);
  });

  it('keeps several pads in their own slots and frees a slot on disconnect (event or absence)', () => {
    const r = rig();
    r.connect(pad(0, [1]));
    r.connect(pad(1, [2]));
    r.connect(pad(2, [3]));
    r.frame();
    expect([0, 1, 2, 3].map((s) => r.reader.isPadConnected(s)), 'three pads').toEqual([true, true, true, false]);
    expect([r.reader.padButtonsMask(0), r.reader.padButtonsMask(1), r.reader.padButtonsMask(2)], 'each its own buttons').toEqual([2, 4, 8]);
    r.disconnect(1);
    r.frame();
    expect([0, 1, 2].map((s) => r.reader.isPadConnected(s)), 'pad 1 gone').toEqual([true, false, true]);
    expect(r.reader.wasPadButtonJustReleased(1, 2), 'its held button released').toBe(true);
    r.list[2] = null; // gone from the list without an event (a browser that fires none)
    r.frame();
    expect(r.reader.isPadConnected(2), 'a pad missing from the polled list is disconnected').toBe(false);
    expect(r.poller.connectedPads, 'one slot held').toBe(1);
  });

  it('puts a pad whose browser index is 4 or more in the first free slot, and counts a fifth pad', () => {
    const r = rig();
    r.connect(pad(0));
    r.connect(pad(1));
    r.connect(pad(2));
    r.connect(pad(5, [9]));
    r.frame();
    expect(r.reader.isPadConnected(3) && r.reader.isPadButtonDown(3, 9), 'browser pad 5 took slot 3').toBe(true);
    r.connect(pad(6));
    r.frame();
    expect(r.poller.overflowPads, 'the fifth pad found no slot').toBeGreaterThan(0);
    r.disconnect(0);
    r.frame();
    expect(r.reader.isPadConnected(0), 'slot 0 went to the waiting pad').toBe(true);
    expect(r.poller.connectedPads, 'four slots held').toBe(4);
  });

  it('polls a pad already connected when it was created, stops polling once none is left, and stops after dispose', () => {
    const r = rig([pad(0, [0])]);
    r.frame();
    expect(r.reader.isPadConnected(0), 'the pad that was there before').toBe(true);
    r.list[0] = null;
    r.frame();
    const after = r.calls;
    r.frame();
    r.frame();
    expect(r.calls, 'no pad left: no more getGamepads calls').toBe(after);
    r.poller.dispose();
    r.connect(pad(1, [0]));
    r.frame();
    expect(r.reader.isPadConnected(1), 'nothing after dispose').toBe(false);
  });
});
