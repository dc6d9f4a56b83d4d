import { describe, expect, it } from 'vitest';
import { keyCodeOf, VK, PAD_AXIS_COUNT, PAD_BUTTON_COUNT, PAD_COUNT } from '../../src/protocol/input-state.ts';
import { InputReader } from '../../src/protocol/input-reader.ts';
import { InputWriter, createInputStateBuffer } from '../../src/protocol/input-writer.ts';
import { measureHeapGrowth } from '../helpers/heap.ts';

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

  it('counts the movement as client delta only while the pointer is locked (the original\'s FPS mode)', () => {
    const sab = createInputStateBuffer();
    const w = new InputWriter(sab);
    const r = new InputReader(sab);
    w.mouseMove(10, 10, 4, 2);
    r.beginFrame();
    expect([r.mouseDeltaX, r.mouseDeltaY], 'the mouse delta counts every event').toEqual([4, 2]);
    expect([r.clientDeltaX, r.clientDeltaY], 'a free cursor has no client delta').toEqual([0, 0]);
    expect(r.pointerLocked, 'not locked').toBe(false);
    w.setPointerLocked(true);
    w.mouseMove(10, 10, -3, 5);
    w.mouseMove(10, 10, 1, 1);
    r.beginFrame();
    expect(r.pointerLocked, 'locked').toBe(true);
    expect([r.mouseDeltaX, r.mouseDeltaY], 'mouse delta').toEqual([-2, 6]);
    expect([r.clientDeltaX, r.clientDeltaY], 'client delta while locked').toEqual([-2, 6]);
    w.setPointerLocked(false);
    w.mouseMove(12, 11, 2, 1);
    r.beginFrame();
    expect([r.mouseDeltaX, r.clientDeltaX], 'unlocked again: only the mouse delta moves').toEqual([2, 0]);
  });

  describe('gamepads', () => {
    it('reads a pad\'s buttons, analog values and axes, with exact press and release edges per logic frame', () => {
      const sab = createInputStateBuffer();
      const w = new InputWriter(sab);
      const r = new InputReader(sab);
      const values = new Float64Array(PAD_BUTTON_COUNT);
      values[7] = 0.25; // right trigger half-way
      w.setGamepad(0, true, 0b1, [0.5, -0.75, 0, 1], values);
      r.beginFrame();
      expect(r.isPadConnected(0), 'connected').toBe(true);
      expect([r.padAxis(0, 0), r.padAxis(0, 1), r.padAxis(0, 3)], 'axes').toEqual([0.5, -0.75, 1]);
      expect(r.padAxis(0, 5), 'an axis the pad does not report reads 0').toBe(0);
      expect(r.isPadButtonDown(0, 0) && r.wasPadButtonJustPressed(0, 0), 'A pressed this frame').toBe(true);
      expect(r.padButtonValue(0, 7), 'analog trigger value').toBe(0.25);
      expect(r.padButtonsMask(0), 'mask').toBe(1);
      r.beginFrame();
      expect(r.wasPadButtonJustPressed(0, 0), 'the edge lasts one logic frame').toBe(false);
      expect(r.isPadButtonDown(0, 0), 'still held').toBe(true);
      // two polls between two logic frames: released then pressed again is both edges
      w.setGamepad(0, true, 0, [0.5, -0.75]);
      w.setGamepad(0, true, 0b1, [0.5, -0.75]);
      r.beginFrame();
      expect([r.wasPadButtonJustReleased(0, 0), r.wasPadButtonJustPressed(0, 0)], 'a release and re-press between frames is not lost').toEqual([true, true]);
      expect(r.padButtonValue(0, 0), 'without values a pressed button reads 1').toBe(1);
      expect(r.padAxis(0, 3), 'axes not given again read 0').toBe(0);
      w.setGamepad(0, true, 0b1, [Number.NaN, 7, -7]);
      r.beginFrame();
      expect([r.padAxis(0, 0), r.padAxis(0, 1), r.padAxis(0, 2)], 'NaN reads 0, out-of-range clamps').toEqual([0, 1, -1]);
    });

    it('connects and disconnects: a pad that goes away reads all zero and its held buttons count as released', () => {
      const sab = createInputStateBuffer();
      const w = new InputWriter(sab);
      const r = new InputReader(sab);
      expect(r.isPadConnected(2), 'nothing connected at first').toBe(false);
      w.setGamepad(2, true, (1 << 6) | (1 << 12), [1, 1, -1, -1], [0, 0, 0, 0, 0, 0, 0.5]);
      r.beginFrame();
      expect([r.isPadConnected(2), r.isPadButtonDown(2, 12), r.padButtonValue(2, 6)], 'connected with d-pad up and LT').toEqual([true, true, 0.5]);
      w.setGamepad(2, false, 0b111, [1, 1], [1, 1, 1]);
      r.beginFrame();
      expect(r.isPadConnected(2), 'disconnected').toBe(false);
      expect(r.padButtonsMask(2), 'no button held (the mask given with a disconnect is ignored)').toBe(0);
      for (let a = 0; a < PAD_AXIS_COUNT; a++) expect(r.padAxis(2, a), `axis ${a} at rest`).toBe(0);
      expect([r.padButtonValue(2, 6), r.padButtonValue(2, 0)], 'values at rest').toEqual([0, 0]);
      expect([r.wasPadButtonJustReleased(2, 6), r.wasPadButtonJustReleased(2, 12)], 'the disconnect released LT and up').toEqual([true, true]);
      expect(r.wasPadButtonJustPressed(2, 0), 'nothing pressed by the disconnect').toBe(false);
      w.setGamepad(2, true, 0, [0.1]);
      r.beginFrame();
      expect([r.isPadConnected(2), r.padAxis(2, 0)], 'reconnected in the same slot').toEqual([true, 0.1015625]);
    });

    it('keeps four pads apart and ignores (counts) a fifth slot', () => {
      const sab = createInputStateBuffer();
      const w = new InputWriter(sab);
      const r = new InputReader(sab);
      for (let p = 0; p < PAD_COUNT; p++) w.setGamepad(p, true, 1 << p, [p / 4, -p / 4]);
      w.setGamepad(PAD_COUNT, true, 1, [1]);
      w.setGamepad(-1, true, 1, [1]);
      r.beginFrame();
      expect(w.ignoredEvents, 'slots 4 and -1 ignored').toBe(2);
      for (let p = 0; p < PAD_COUNT; p++) {
        expect(r.isPadConnected(p), `pad ${p} connected`).toBe(true);
        expect(r.padButtonsMask(p), `pad ${p} holds only its own button`).toBe(1 << p);
        expect([r.padAxis(p, 0), r.padAxis(p, 1)], `pad ${p} axes`).toEqual([p / 4, -p / 4 || 0]);
      }
      w.setGamepad(1, false, 0, []);
      r.beginFrame();
      expect([0, 1, 2, 3].map((p) => r.isPadConnected(p)), 'only pad 1 left').toEqual([true, false, true, true]);
      expect([r.isPadConnected(4), r.padAxis(9, 0), r.isPadButtonDown(0, 40), r.padButtonValue(0, -1)], 'out-of-range reads are false and 0').toEqual([false, 0, false, 0]);
    });

    it('writes polled pads and reads them every frame without allocating', () => {
      const sab = createInputStateBuffer();
      const w = new InputWriter(sab);
      const r = new InputReader(sab);
      const axes = new Float64Array(4);
      const values = new Float64Array(PAD_BUTTON_COUNT);
      let i = 0;
      const sink = new Float64Array(1); // a captured float `let` would box a number per update
      const g = measureHeapGrowth(() => {
        i++;
        axes[0] = (i % 200) / 100 - 1;
        values[7] = (i % 10) / 10;
        for (let p = 0; p < PAD_COUNT; p++) w.setGamepad(p, (i & 63) !== p, i & 0xffff, axes, values);
        w.mouseMove(i & 255, 3, 1, -1);
        r.beginFrame();
        for (let p = 0; p < PAD_COUNT; p++) {
          if (r.isPadConnected(p)) sink[0]++;
          sink[0] += r.padAxis(p, 0) + r.padButtonValue(p, 7) + r.padButtonsMask(p);
          if (r.wasPadButtonJustPressed(p, 3) || r.wasPadButtonJustReleased(p, 3) || r.isPadButtonDown(p, 1)) sink[0]++;
        }
        sink[0] += r.clientDeltaX + r.mouseDeltaY;
        // A long warm-up: under load the optimising compile lands late (seen: 195,888 B over 20,000
        // frames with 2,000 warm-up, about 10 B a frame, less than one object: compiler activity).
      }, 20_000, 40_000);
      const info = `allocated ${g.allocatedBytes} B, gc runs ${g.gcRuns}, sink ${sink[0]}`;
      expect(g.gcRuns, `no gc over 20k frames of 4 pads (${info})`).toBe(0);
      expect(g.allocatedBytes, `under 64 KiB allocated (${info})`).toBeLessThan(64 * 1024);
    });
  });
  describe('snapshot per logic frame (record/replay)', () => {
    it('answers every query of a frame from the copy taken at beginFrame, whatever the engine writes meanwhile', () => {
      const sab = createInputStateBuffer();
      const w = new InputWriter(sab);
      const r = new InputReader(sab);
      w.keyDown(VK.Space);
      w.mouseMove(10, 20, 3, 4);
      w.mouseButton(0, true);
      w.setGamepad(1, true, 0b10, [0.5], [0, 0.25]);
      w.setPointerLocked(true);
      r.beginFrame();
      const seen = (): unknown[] => [r.isKeyDown(VK.Space), r.wasKeyJustPressed(VK.Space), r.mouseX, r.mouseY, r.mouseDeltaX, r.isMouseButtonDown(0),
        r.isPadConnected(1), r.isPadButtonDown(1, 1), r.padAxis(1, 0), r.padButtonValue(1, 1), r.padButtonsMask(1), r.pointerLocked];
      const first = seen();
      expect(first).toEqual([true, true, 10, 20, 3, true, true, true, 0.5, 0.25, 0b10, true]);
      // The engine changes everything while the frame runs: the frame keeps seeing its snapshot.
      w.keyUp(VK.Space);
      w.mouseMove(99, 98, 50, 50);
      w.mouseButton(0, false);
      w.setGamepad(1, false, 0, []);
      w.setPointerLocked(false);
      expect(seen(), 'live changes are invisible until the next beginFrame').toEqual(first);
      r.beginFrame();
      expect(seen()).toEqual([false, false, 99, 98, 50, false, false, false, 0, 0, 0, false]);
    });

    it('tells an unchanged state by its version: the same even version for two frames means the same snapshot', () => {
      const sab = createInputStateBuffer();
      const w = new InputWriter(sab);
      const r = new InputReader(sab);
      const v0 = r.snapshotVersion;
      expect(v0, 'a settled version is even').toBeGreaterThanOrEqual(0);
      r.beginFrame();
      expect(r.snapshotVersion, 'no change: same version').toBe(v0);
      w.keyDown(65);
      r.beginFrame();
      expect(r.snapshotVersion, 'a change moves it by two').toBe(v0 + 2);
      w.keyDown(65); // already held: no change, no bump
      r.beginFrame();
      expect(r.snapshotVersion).toBe(v0 + 2);
      const state = new Int32Array(r.slots.length).fill(0);
      state[VK.Escape] = 1;
      w.writeState(state);
      r.beginFrame();
      expect(r.snapshotVersion, 'writeState is one change').toBe(v0 + 4);
      expect([r.isKeyDown(VK.Escape), r.isKeyDown(65)], 'writeState replaces the whole state').toEqual([true, false]);
    });

    it('takes the snapshot without allocating', () => {
      const sab = createInputStateBuffer();
      const w = new InputWriter(sab);
      const r = new InputReader(sab);
      let i = 0;
      let lost = 0;
      const g = measureHeapGrowth(() => {
        i++;
        w.keyDown(65 + (i & 7));
        r.beginFrame();
        if (!r.wasKeyJustPressed(65 + (i & 7)) || r.snapshotVersion < 0) lost++;
        w.keyUp(65 + (i & 7));
      }, 20_000, 2_000);
      const info = `allocated ${g.allocatedBytes} B, gc runs ${g.gcRuns}`;
      expect(lost, 'every edge seen, every snapshot settled').toBe(0);
      expect(g.gcRuns, `no gc over 20k snapshots (${info})`).toBe(0);
      expect(g.allocatedBytes, `under 64 KiB allocated (${info})`).toBeLessThan(64 * 1024);
    });
  });
});
