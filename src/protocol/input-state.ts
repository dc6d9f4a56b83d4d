/**
 * Input state (engine -> logic): keyboard, mouse and gamepads captured on the main thread.
 *
 * ```
 *  Int32 slots of one SharedArrayBuffer (INPUT_STATE_BYTES); the engine's InputWriter is the only writer.
 *     0 ..  255  KEY_DOWN[vk]           1 while Windows virtual-key `vk` is held
 *   256 ..  511  KEY_PRESSES[vk]        presses of `vk` so far (free-running, wraps mod 2^32)
 *   512 ..  767  KEY_RELEASES[vk]       releases of `vk` so far
 *   768          MOUSE_X                pointer x in canvas pixels, fixed point (x FIXED_ONE)
 *   769          MOUSE_Y                pointer y
 *   770          MOUSE_DX_TOTAL         sum of all movement deltas so far, fixed point (pointer-lock friendly)
 *   771          MOUSE_DY_TOTAL
 *   772          MOUSE_BUTTONS          bitmask of buttons held (bit b = button b, 0 left, 1 middle, 2 right)
 *   773          WHEEL_TOTAL            sum of wheel deltas so far, fixed point
 *   774 ..  781  BUTTON_PRESSES[b]      presses of mouse button b (b < 8)
 *   782 ..  789  BUTTON_RELEASES[b]
 *   790 ..  793  PAD_CONNECTED[p]       1 when gamepad p (p < 4) is connected
 *   794 ..  797  PAD_BUTTONS[p]         bitmask of pressed buttons of gamepad p
 *   798 ..  829  PAD_AXES[p*8+a]        axis a (a < 8) of gamepad p, fixed point in -FIXED_ONE..FIXED_ONE
 *   830          POINTER_LOCKED         1 while the pointer is locked to the canvas (the original's FPS cursor mode)
 *   831          CLIENT_DX_TOTAL        sum of cursor movement in client pixels while locked, fixed point
 *   832          CLIENT_DY_TOTAL
 *   833 ..  960  PAD_BUTTON_VALUES[p*32+b]  analog value of button b of gamepad p, fixed point in 0..FIXED_ONE
 *   961 .. 1088  PAD_PRESSES[p*32+b]    presses of button b of gamepad p so far
 *  1089 .. 1216  PAD_RELEASES[p*32+b]   releases of button b of gamepad p so far
 *  1217          VERSION                bumped twice by every InputWriter change (odd while one is under
 *                                       way), outside the state proper (INPUT_STATE_SLOTS): lets the
 *                                       logic tell "nothing changed since tick T" in O(1) (record/replay)
 * ```
 * Gamepad buttons and axes are in the W3C "standard" gamepad mapping (buttons 0 A/bottom, 1 B/right,
 * 2 X/left, 3 Y/top, 4 LB, 5 RB, 6 LT, 7 RT, 8 back, 9 start, 10 LS, 11 RS, 12-15 d-pad up, down,
 * left, right, 16 home; axes 0-1 left stick x/y, 2-3 right stick x/y, y pointing down). The mouse
 * delta (MOUSE_D*_TOTAL) is the raw relative movement of every event; the client delta
 * (CLIENT_D*_TOTAL) is that movement only while the pointer is locked, as the original's
 * `GetCursorClientDelta` answers its FPS-mode movement and 0 while the cursor is free.
 * Every field is one Int32 written and read with Atomics, so no value can tear. The logic's reader
 * copies the whole state once per logic frame (beginFrame) and answers every query of the frame
 * from that copy, so a frame sees one input state however long it runs (record/replay needs
 * exactly that). Edges ("just pressed") are exact per logic frame however many engine frames a
 * logic frame spans: the reader compares press/release counters with its previous frame's copy.
 * Key codes are Windows virtual-key codes (the ProtogameJS3D scripts use them): 'A'..'Z' = 65..90,
 * '0'..'9' = 48..57, space 32, escape 27, arrows 37-40 (left, up, right, down), F1-F12 112-123,
 * shift 16, ctrl 17, enter 13, tab 9.
 */

export const KEY_COUNT = 256;
export const MOUSE_BUTTON_COUNT = 8;
export const PAD_COUNT = 4;
export const PAD_AXIS_COUNT = 8;
/** Buttons per gamepad (the pressed mask is one Int32). */
export const PAD_BUTTON_COUNT = 32;
/** Fixed-point scale of mouse positions, deltas, wheel and pad axes. */
export const FIXED_ONE = 256;

export const KEY_DOWN_SLOT = 0;
export const KEY_PRESSES_SLOT = 256;
export const KEY_RELEASES_SLOT = 512;
export const MOUSE_X_SLOT = 768;
export const MOUSE_Y_SLOT = 769;
export const MOUSE_DX_TOTAL_SLOT = 770;
export const MOUSE_DY_TOTAL_SLOT = 771;
export const MOUSE_BUTTONS_SLOT = 772;
export const WHEEL_TOTAL_SLOT = 773;
export const BUTTON_PRESSES_SLOT = 774;
export const BUTTON_RELEASES_SLOT = BUTTON_PRESSES_SLOT + MOUSE_BUTTON_COUNT;
export const PAD_CONNECTED_SLOT = BUTTON_RELEASES_SLOT + MOUSE_BUTTON_COUNT;
export const PAD_BUTTONS_SLOT = PAD_CONNECTED_SLOT + PAD_COUNT;
export const PAD_AXES_SLOT = PAD_BUTTONS_SLOT + PAD_COUNT;
export const POINTER_LOCKED_SLOT = PAD_AXES_SLOT + PAD_COUNT * PAD_AXIS_COUNT;
export const CLIENT_DX_TOTAL_SLOT = POINTER_LOCKED_SLOT + 1;
export const CLIENT_DY_TOTAL_SLOT = POINTER_LOCKED_SLOT + 2;
export const PAD_BUTTON_VALUES_SLOT = POINTER_LOCKED_SLOT + 3;
export const PAD_PRESSES_SLOT = PAD_BUTTON_VALUES_SLOT + PAD_COUNT * PAD_BUTTON_COUNT;
export const PAD_RELEASES_SLOT = PAD_PRESSES_SLOT + PAD_COUNT * PAD_BUTTON_COUNT;
/** Slots of the input state proper (what a logic frame sees and a recording's INPUT_FACTS carry). */
export const INPUT_STATE_SLOTS = PAD_RELEASES_SLOT + PAD_COUNT * PAD_BUTTON_COUNT;
export const INPUT_STATE_BYTES = INPUT_STATE_SLOTS * Int32Array.BYTES_PER_ELEMENT;
/** The change counter after the state (see the layout): even when no change is under way. */
export const INPUT_VERSION_SLOT = INPUT_STATE_SLOTS;
/** Bytes of the shared input buffer: the state and the version slot. */
export const INPUT_BUFFER_BYTES = (INPUT_STATE_SLOTS + 1) * Int32Array.BYTES_PER_ELEMENT;

/** Named virtual-key codes for the typed API (`ctx.input.isDown('W')`); single letters and digits map to their char code. */
export const VK = {
  Backspace: 8, Tab: 9, Enter: 13, Shift: 16, Control: 17, Alt: 18, Escape: 27, Space: 32,
  PageUp: 33, PageDown: 34, End: 35, Home: 36,
  ArrowLeft: 37, ArrowUp: 38, ArrowRight: 39, ArrowDown: 40, Delete: 46,
  F1: 112, F2: 113, F3: 114, F4: 115, F5: 116, F6: 117, F7: 118, F8: 119, F9: 120, F10: 121, F11: 122, F12: 123,
} as const;
export type KeyName = keyof typeof VK;

/** Virtual-key code of a key name ('W', 'w', '7', 'Space', 'ArrowUp') or a code given as a number; -1 when unknown. Allocates nothing. */
export function keyCodeOf(key: string | number): number {
  if (typeof key === 'number') return Number.isInteger(key) && key >= 0 && key < KEY_COUNT ? key : -1;
  if (key.length === 1) {
    let c = key.charCodeAt(0);
    if (c >= 97 && c <= 122) c -= 32;
    if ((c >= 65 && c <= 90) || (c >= 48 && c <= 57)) return c;
    if (key === ' ') return VK.Space;
    return -1;
  }
  return Object.prototype.hasOwnProperty.call(VK, key) ? VK[key as KeyName] : -1;
}

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
   * One gamepad's whole state, in the W3C standard mapping (see the layout above): `pad` 0-3,
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

/**
 * The logic-side reader. Call {@link InputReader.beginFrame} once at the start of each logic
 * frame: it copies the whole state (INPUT_STATE_SLOTS) into a snapshot, and every query of the
 * frame answers from that snapshot (held keys, positions and pads included), so the frame sees one
 * input state however long it runs, and a recording's INPUT_FACTS (the snapshot) reproduce it
 * exactly. Edges compare the snapshot with the previous frame's. Allocates nothing after construction.
 */
export class InputReader {
  /**
   * This frame's snapshot of the state (INPUT_STATE_SLOTS values, layout above): plain memory of
   * this thread, read it directly. Views read it without a call in between (a double returned
   * through one more call that V8 does not inline is boxed). Replaced in place at beginFrame.
   */
  readonly slots: Int32Array;
  /** The previous frame's snapshot (edges and deltas are differences with it). */
  private readonly prev: Int32Array;
  private readonly i32: Int32Array;
  /**
   * The VERSION the snapshot was taken at when no change was under way during the copy (the same
   * even value before and after it), else -1: equal versions of two frames mean equal snapshots.
   */
  snapshotVersion = -1;

  constructor(sab: SharedArrayBuffer) {
    this.i32 = new Int32Array(sab);
    this.slots = new Int32Array(INPUT_STATE_SLOTS);
    this.prev = new Int32Array(INPUT_STATE_SLOTS);
    this.beginFrame();
    this.beginFrame(); // a fresh reader sees no edges from input that happened before it attached
  }

  /**
   * The previous frame's snapshot, read-only: at the first frame, the state the reader attached
   * with (a recording writes it, so a replay can attach with the same; docs/replay.md).
   */
  get previous(): Int32Array {
    return this.prev;
  }

  /** Takes this frame's snapshot: edges are what changed since the previous beginFrame. */
  beginFrame(): void {
    const live = this.i32;
    const snap = this.slots;
    this.prev.set(snap);
    // ORDERING: observes the writer's VERSION before the copy (odd: a change is under way).
    const before = live.length > INPUT_VERSION_SLOT ? Atomics.load(live, INPUT_VERSION_SLOT) : -1;
    for (let i = 0; i < INPUT_STATE_SLOTS; i++) {
      // ORDERING: observes each slot the engine's InputWriter published (one atomic Int32 each).
      snap[i] = Atomics.load(live, i);
    }
    // ORDERING: observes VERSION after the copy: unchanged and even means no change overlapped it.
    const after = live.length > INPUT_VERSION_SLOT ? Atomics.load(live, INPUT_VERSION_SLOT) : -2;
    this.snapshotVersion = before === after && (before & 1) === 0 ? before : -1;
  }

  /** True while the key is held. */
  isKeyDown(vk: number): boolean {
    return vk >= 0 && vk < KEY_COUNT && this.slots[KEY_DOWN_SLOT + (vk | 0)] === 1;
  }
  /** True when the key was pressed at least once since the previous logic frame. */
  wasKeyJustPressed(vk: number): boolean {
    return vk >= 0 && vk < KEY_COUNT && this.slots[KEY_PRESSES_SLOT + (vk | 0)] !== this.prev[KEY_PRESSES_SLOT + (vk | 0)];
  }
  /** True when the key was released at least once since the previous logic frame. */
  wasKeyJustReleased(vk: number): boolean {
    return vk >= 0 && vk < KEY_COUNT && this.slots[KEY_RELEASES_SLOT + (vk | 0)] !== this.prev[KEY_RELEASES_SLOT + (vk | 0)];
  }
  /** Pointer x in canvas pixels. */
  get mouseX(): number {
    return this.slots[MOUSE_X_SLOT]! / FIXED_ONE;
  }
  /** Pointer y in canvas pixels. */
  get mouseY(): number {
    return this.slots[MOUSE_Y_SLOT]! / FIXED_ONE;
  }
  /** Pointer movement x since the previous logic frame. */
  get mouseDeltaX(): number {
    return ((this.slots[MOUSE_DX_TOTAL_SLOT]! - this.prev[MOUSE_DX_TOTAL_SLOT]!) | 0) / FIXED_ONE;
  }
  /** Pointer movement y since the previous logic frame. */
  get mouseDeltaY(): number {
    return ((this.slots[MOUSE_DY_TOTAL_SLOT]! - this.prev[MOUSE_DY_TOTAL_SLOT]!) | 0) / FIXED_ONE;
  }
  /** Cursor movement x in client pixels since the previous logic frame while the pointer was locked (0 while free). */
  get clientDeltaX(): number {
    return ((this.slots[CLIENT_DX_TOTAL_SLOT]! - this.prev[CLIENT_DX_TOTAL_SLOT]!) | 0) / FIXED_ONE;
  }
  /** Cursor movement y in client pixels since the previous logic frame while the pointer was locked. */
  get clientDeltaY(): number {
    return ((this.slots[CLIENT_DY_TOTAL_SLOT]! - this.prev[CLIENT_DY_TOTAL_SLOT]!) | 0) / FIXED_ONE;
  }
  /** True while the pointer is locked to the canvas. */
  get pointerLocked(): boolean {
    return this.slots[POINTER_LOCKED_SLOT] === 1;
  }
  /** Wheel movement since the previous logic frame. */
  get wheelDelta(): number {
    return ((this.slots[WHEEL_TOTAL_SLOT]! - this.prev[WHEEL_TOTAL_SLOT]!) | 0) / FIXED_ONE;
  }
  /** True while mouse button `b` is held. */
  isMouseButtonDown(b: number): boolean {
    return b >= 0 && b < MOUSE_BUTTON_COUNT && (this.slots[MOUSE_BUTTONS_SLOT]! & (1 << (b | 0))) !== 0;
  }
  /** True when mouse button `b` was pressed since the previous logic frame. */
  wasMouseButtonJustPressed(b: number): boolean {
    return b >= 0 && b < MOUSE_BUTTON_COUNT && this.slots[BUTTON_PRESSES_SLOT + (b | 0)] !== this.prev[BUTTON_PRESSES_SLOT + (b | 0)];
  }
  /** True when mouse button `b` was released since the previous logic frame. */
  wasMouseButtonJustReleased(b: number): boolean {
    return b >= 0 && b < MOUSE_BUTTON_COUNT && this.slots[BUTTON_RELEASES_SLOT + (b | 0)] !== this.prev[BUTTON_RELEASES_SLOT + (b | 0)];
  }
  /** True when gamepad `pad` is connected. */
  isPadConnected(pad: number): boolean {
    return pad >= 0 && pad < PAD_COUNT && this.slots[PAD_CONNECTED_SLOT + (pad | 0)] === 1;
  }
  /** Axis value in -1..1 (0 for an unknown pad or axis). */
  padAxis(pad: number, axis: number): number {
    if (!(pad >= 0 && pad < PAD_COUNT && axis >= 0 && axis < PAD_AXIS_COUNT)) return 0;
    return this.slots[PAD_AXES_SLOT + (pad | 0) * PAD_AXIS_COUNT + (axis | 0)]! / FIXED_ONE;
  }
  /** True while button `button` (standard mapping) of gamepad `pad` is pressed. */
  isPadButtonDown(pad: number, button: number): boolean {
    if (!(pad >= 0 && pad < PAD_COUNT && button >= 0 && button < PAD_BUTTON_COUNT)) return false;
    return (this.slots[PAD_BUTTONS_SLOT + (pad | 0)]! & (1 << (button | 0))) !== 0;
  }
  /** Bitmask of the pressed buttons of gamepad `pad` (bit b = button b; 0 for an unknown pad). */
  padButtonsMask(pad: number): number {
    if (!(pad >= 0 && pad < PAD_COUNT)) return 0;
    return this.slots[PAD_BUTTONS_SLOT + (pad | 0)]!;
  }
  /** Analog value of a button in 0..1 (triggers; 0 for an unknown pad or button). */
  padButtonValue(pad: number, button: number): number {
    if (!(pad >= 0 && pad < PAD_COUNT && button >= 0 && button < PAD_BUTTON_COUNT)) return 0;
    return this.slots[PAD_BUTTON_VALUES_SLOT + (pad | 0) * PAD_BUTTON_COUNT + (button | 0)]! / FIXED_ONE;
  }
  /** True when the button was pressed since the previous logic frame (a tap between frames included). */
  wasPadButtonJustPressed(pad: number, button: number): boolean {
    if (!(pad >= 0 && pad < PAD_COUNT && button >= 0 && button < PAD_BUTTON_COUNT)) return false;
    const i = PAD_PRESSES_SLOT + (pad | 0) * PAD_BUTTON_COUNT + (button | 0);
    return this.slots[i] !== this.prev[i];
  }
  /** True when the button was released since the previous logic frame (a disconnect releases). */
  wasPadButtonJustReleased(pad: number, button: number): boolean {
    if (!(pad >= 0 && pad < PAD_COUNT && button >= 0 && button < PAD_BUTTON_COUNT)) return false;
    const i = PAD_RELEASES_SLOT + (pad | 0) * PAD_BUTTON_COUNT + (button | 0);
    return this.slots[i] !== this.prev[i];
  }
}
