/**
 * The engine side of the input state (input-state.ts has the layout): the buffer's allocation and
 * InputWriter, its one writer, which the browser's DOM capture, headless injection and replay feed
 * as an InputSink.
 */
import * as layout from './input-state.ts';

// Module-local copies of the layout (why: command-reader.ts): these classes run every frame.
const {
  BUTTON_PRESSES_SLOT, BUTTON_RELEASES_SLOT, CLIENT_DX_TOTAL_SLOT, CLIENT_DY_TOTAL_SLOT, FIXED_ONE, INPUT_STATE_SLOTS,
  INPUT_VERSION_SLOT, KEY_COUNT, KEY_DOWN_SLOT, KEY_PRESSES_SLOT, KEY_RELEASES_SLOT, MOUSE_BUTTONS_SLOT, MOUSE_BUTTON_COUNT,
  MOUSE_DX_TOTAL_SLOT, MOUSE_DY_TOTAL_SLOT, MOUSE_X_SLOT, MOUSE_Y_SLOT, PAD_AXES_SLOT, PAD_AXIS_COUNT, PAD_BUTTONS_SLOT,
  PAD_BUTTON_COUNT, PAD_BUTTON_VALUES_SLOT, PAD_CONNECTED_SLOT, PAD_COUNT, PAD_PRESSES_SLOT, PAD_RELEASES_SLOT,
  POINTER_LOCKED_SLOT, WHEEL_TOTAL_SLOT, INPUT_BUFFER_BYTES,
} = layout;

/** Where input events go: the browser's DOM capture and headless injection both call this. */
export interface InputSink {
  keyDown(vk: number): void;
  keyUp(vk: number): void;
  /** Pointer position (canvas pixels) and movement since the last event (pointer-lock movement). */
  mouseMove(x: number, y: number, dx: number, dy: number): void;
  mouseButton(button: number, down: boolean): void;
  wheel(delta: number): void;
  /** Whether the pointer is locked to the canvas (movement then counts as client delta too). */
  setPointerLocked(locked: boolean): void;
  /**
   * One gamepad's whole state, in the W3C standard mapping (the layout in input-state.ts): `pad` 0-3,
   * `buttonsMask` bit b = button b pressed, `axes` in -1..1 (missing ones read 0), `buttonValues`
   * in 0..1 (analog triggers; a pressed button given no value or 0 reads 1). A disconnected pad reads
   * all zero; buttons that were pressed count as released. Set it once per engine frame (the
   * browser's GamepadPoller does) or whenever it changes (headless injection, replay).
   */
  setGamepad(pad: number, connected: boolean, buttonsMask: number, axes: ArrayLike<number>, buttonValues?: ArrayLike<number>): void;
}

/** Allocates a zeroed input state. Allocates; setup only. */
export function createInputStateBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(INPUT_BUFFER_BYTES);
}

/**
 * The engine-side writer: the only writer of an input state. Out-of-range codes are ignored
 * (counted). Every change is bracketed by two VERSION bumps (odd while it is under way), so a
 * reader that saw the same even VERSION before and after its copy knows the copy is unchanged.
 */
export class InputWriter implements InputSink {
  private readonly i32: Int32Array;
  /** Events ignored because a key or button code was out of range. */
  ignoredEvents = 0;

  constructor(sab: SharedArrayBuffer) {
    this.i32 = new Int32Array(sab);
  }

  /** Opens a change: VERSION becomes odd before any slot changes. */
  private beginChange(): void {
    // ORDERING: published before the slots change; a reader that loads it after its copy sees a new value.
    Atomics.add(this.i32, INPUT_VERSION_SLOT, 1);
  }

  /** Closes a change: VERSION even again, after every slot of it was stored. */
  private endChange(): void {
    // ORDERING: published after the change's slots; a reader seeing this value sees them too.
    Atomics.add(this.i32, INPUT_VERSION_SLOT, 1);
  }

  /**
   * Replaces the whole input state by `state` (INPUT_STATE_SLOTS values, e.g. a recording's
   * INPUT_FACTS), as one change. Replay only; allocates nothing.
   */
  writeState(state: ArrayLike<number>): void {
    this.beginChange();
    for (let i = 0; i < INPUT_STATE_SLOTS; i++) {
      // ORDERING: each slot is one atomic Int32; the VERSION bumps around the loop bracket the change.
      Atomics.store(this.i32, i, state[i]! | 0);
    }
    this.endChange();
  }

  keyDown(vk: number): void {
    this.keyChange(vk, 1, KEY_PRESSES_SLOT);
  }

  keyUp(vk: number): void {
    this.keyChange(vk, 0, KEY_RELEASES_SLOT);
  }

  /**
   * Key `vk` becomes held (`down` 1) or not (0), counted in the press or release counters at
   * `countersSlot`. A change to the state it is already in is not an edge: an auto-repeat keydown
   * of a held key, a release without a press (focus lost mid-press).
   */
  private keyChange(vk: number, down: number, countersSlot: number): void {
    if (!(vk >= 0 && vk < KEY_COUNT)) { this.ignoredEvents++; return; }
    vk |= 0;
    // ORDERING: only this thread writes the slot; the load just skips non-edges.
    if (Atomics.load(this.i32, KEY_DOWN_SLOT + vk) === down) return;
    this.beginChange();
    // ORDERING: publishes "held" / "not held" for the logic's isKeyDown.
    Atomics.store(this.i32, KEY_DOWN_SLOT + vk, down);
    // ORDERING: publishes one more press / release; the logic's edge detection compares these counters per frame.
    Atomics.add(this.i32, countersSlot + vk, 1);
    this.endChange();
  }

  mouseMove(x: number, y: number, dx: number, dy: number): void {
    this.beginChange();
    // ORDERING: each coordinate is one atomic Int32; x and y may be seen one event apart, never torn.
    Atomics.store(this.i32, MOUSE_X_SLOT, Math.round(x * FIXED_ONE) | 0);
    // ORDERING: as above.
    Atomics.store(this.i32, MOUSE_Y_SLOT, Math.round(y * FIXED_ONE) | 0);
    // ORDERING: accumulates movement; the logic's delta is the difference between two frames' totals.
    Atomics.add(this.i32, MOUSE_DX_TOTAL_SLOT, Math.round(dx * FIXED_ONE) | 0);
    // ORDERING: as above.
    Atomics.add(this.i32, MOUSE_DY_TOTAL_SLOT, Math.round(dy * FIXED_ONE) | 0);
    // ORDERING: only this thread writes the lock flag; the load just picks where the movement counts.
    if (Atomics.load(this.i32, POINTER_LOCKED_SLOT) === 1) {
      // ORDERING: accumulates client-pixel movement while locked; the logic's client delta is a difference of totals.
      Atomics.add(this.i32, CLIENT_DX_TOTAL_SLOT, Math.round(dx * FIXED_ONE) | 0);
      // ORDERING: as above.
      Atomics.add(this.i32, CLIENT_DY_TOTAL_SLOT, Math.round(dy * FIXED_ONE) | 0);
    }
    this.endChange();
  }

  setPointerLocked(locked: boolean): void {
    this.beginChange();
    // ORDERING: publishes the cursor mode for the logic's pointerLocked; later moves count as client delta.
    Atomics.store(this.i32, POINTER_LOCKED_SLOT, locked ? 1 : 0);
    this.endChange();
  }

  mouseButton(button: number, down: boolean): void {
    if (!(button >= 0 && button < MOUSE_BUTTON_COUNT)) { this.ignoredEvents++; return; }
    button |= 0;
    const bit = 1 << button;
    // ORDERING: only this thread writes the mask; the load just avoids double-counting repeats.
    const held = (Atomics.load(this.i32, MOUSE_BUTTONS_SLOT) & bit) !== 0;
    if (down === held) return;
    this.beginChange();
    if (down) {
      // ORDERING: publishes the held bit, then the press count for edge detection.
      Atomics.or(this.i32, MOUSE_BUTTONS_SLOT, bit);
      // ORDERING: as above.
      Atomics.add(this.i32, BUTTON_PRESSES_SLOT + button, 1);
    } else {
      // ORDERING: publishes the released bit, then the release count.
      Atomics.and(this.i32, MOUSE_BUTTONS_SLOT, ~bit);
      // ORDERING: as above.
      Atomics.add(this.i32, BUTTON_RELEASES_SLOT + button, 1);
    }
    this.endChange();
  }

  wheel(delta: number): void {
    if (!Number.isFinite(delta)) { this.ignoredEvents++; return; }
    this.beginChange();
    // ORDERING: accumulates; the logic's wheel delta is the difference between two frames' totals.
    Atomics.add(this.i32, WHEEL_TOTAL_SLOT, Math.round(delta * FIXED_ONE) | 0);
    this.endChange();
  }

  setGamepad(pad: number, connected: boolean, buttonsMask: number, axes: ArrayLike<number>, buttonValues?: ArrayLike<number>): void {
    if (!(pad >= 0 && pad < PAD_COUNT)) { this.ignoredEvents++; return; }
    pad |= 0;
    const mask = connected ? buttonsMask | 0 : 0;
    this.beginChange();
    if (!connected) {
      // ORDERING: a pad going away reads disconnected before its values fall to zero.
      Atomics.store(this.i32, PAD_CONNECTED_SLOT + pad, 0);
    }
    // ORDERING: only this thread writes the mask; the previous value gives the press/release edges.
    const previous = Atomics.load(this.i32, PAD_BUTTONS_SLOT + pad);
    // ORDERING: publishes the held buttons for isPadButtonDown.
    Atomics.store(this.i32, PAD_BUTTONS_SLOT + pad, mask);
    const changed = previous ^ mask;
    const base = pad * PAD_BUTTON_COUNT;
    for (let b = 0; b < PAD_BUTTON_COUNT; b++) {
      const bit = 1 << b;
      if ((changed & bit) !== 0) {
        // ORDERING: publishes one more press or release for the logic's edge detection (as keys).
        Atomics.add(this.i32, ((mask & bit) !== 0 ? PAD_PRESSES_SLOT : PAD_RELEASES_SLOT) + base + b, 1);
      }
      let v = connected && buttonValues !== undefined && b < buttonValues.length ? buttonValues[b]! : 0;
      v = v > 1 ? 1 : v > 0 ? v : (mask & bit) !== 0 ? 1 : 0; // NaN and negatives read 0; a pressed button never rests
      // ORDERING: each value is one atomic Int32; the logic reads them individually.
      Atomics.store(this.i32, PAD_BUTTON_VALUES_SLOT + base + b, Math.round(v * FIXED_ONE) | 0);
    }
    const n = connected ? (axes.length < PAD_AXIS_COUNT ? axes.length : PAD_AXIS_COUNT) : 0;
    for (let a = 0; a < PAD_AXIS_COUNT; a++) {
      const v = a < n ? axes[a]! : 0;
      const clamped = v > 1 ? 1 : v < -1 ? -1 : v === v ? v : 0;
      // ORDERING: each axis is one atomic Int32; the logic reads them individually.
      Atomics.store(this.i32, PAD_AXES_SLOT + pad * PAD_AXIS_COUNT + a, Math.round(clamped * FIXED_ONE) | 0);
    }
    if (connected) {
      // ORDERING: a pad that appears reads connected once its first values are in place.
      Atomics.store(this.i32, PAD_CONNECTED_SLOT + pad, 1);
    }
    this.endChange();
  }

  /** Releases every held key and button (e.g. when the window loses focus), counting the releases. */
  releaseAll(): void {
    for (let vk = 0; vk < KEY_COUNT; vk++) this.keyUp(vk);
    for (let b = 0; b < MOUSE_BUTTON_COUNT; b++) this.mouseButton(b, false);
  }
}
