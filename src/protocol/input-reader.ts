/**
 * The logic side of the input state (input-state.ts has the layout): InputReader, which takes one
 * snapshot per logic frame and answers every query of the frame from it.
 */
import * as layout from './input-state.ts';

// Module-local copies of the layout (why: command-reader.ts): these classes run every frame.
const {
  BUTTON_PRESSES_SLOT, BUTTON_RELEASES_SLOT, CLIENT_DX_TOTAL_SLOT, CLIENT_DY_TOTAL_SLOT, FIXED_ONE, INPUT_STATE_SLOTS,
  INPUT_VERSION_SLOT, KEY_COUNT, KEY_DOWN_SLOT, KEY_PRESSES_SLOT, KEY_RELEASES_SLOT, MOUSE_BUTTONS_SLOT, MOUSE_BUTTON_COUNT,
  MOUSE_DX_TOTAL_SLOT, MOUSE_DY_TOTAL_SLOT, MOUSE_X_SLOT, MOUSE_Y_SLOT, PAD_AXES_SLOT, PAD_AXIS_COUNT, PAD_BUTTONS_SLOT,
  PAD_BUTTON_COUNT, PAD_BUTTON_VALUES_SLOT, PAD_CONNECTED_SLOT, PAD_COUNT, PAD_PRESSES_SLOT, PAD_RELEASES_SLOT,
  POINTER_LOCKED_SLOT, WHEEL_TOTAL_SLOT,
} = layout;

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
