/**
 * One gamepad as game scripts read it (`ctx.input.gamepads[i]`, `ctx.input.gamepad(i)`): a view
 * over the shared input state in the W3C standard mapping, answering for the current logic frame.
 * The four views are created once; reading them allocates nothing. A bad button or axis name
 * throws TF5010.
 */
import { FIXED_ONE, PAD_AXES_SLOT, PAD_AXIS_COUNT, PAD_BUTTON_COUNT, PAD_BUTTON_VALUES_SLOT } from '../protocol/input-state.ts';
import type { InputReader } from '../protocol/input-reader.ts';
import { badArgument } from './vector-args.ts';

/** Standard-mapping button indices by name (as `navigator.getGamepads()` reports them). */
export const PAD_BUTTON = {
  A: 0, B: 1, X: 2, Y: 3, LB: 4, RB: 5, LT: 6, RT: 7, Back: 8, Start: 9,
  LeftStick: 10, RightStick: 11, Up: 12, Down: 13, Left: 14, Right: 15, Home: 16,
} as const;
export type PadButtonName = keyof typeof PAD_BUTTON;

/** Standard-mapping axis indices by name (sticks in -1..1, x right, y down). */
export const PAD_AXIS = { LeftX: 0, LeftY: 1, RightX: 2, RightY: 3 } as const;
export type PadAxisName = keyof typeof PAD_AXIS;

/** What games read of one gamepad, this logic frame. */
export interface GamepadView {
  /** The slot, 0-3. */
  readonly index: number;
  /** True while a pad is in this slot. A disconnected slot reads 0 and false everywhere. */
  readonly connected: boolean;
  /** Axis value in -1..1 (`'LeftX'` or 0-7). */
  axis(axis: PadAxisName | number): number;
  /** True while the button (`'A'`, `'RT'`, ... or 0-31) is pressed. */
  isButtonDown(button: PadButtonName | number): boolean;
  /** Analog value of the button in 0..1 (the triggers; 0 or 1 for digital buttons). */
  buttonValue(button: PadButtonName | number): number;
  /** True when the button was pressed since the previous logic frame. */
  wasButtonJustPressed(button: PadButtonName | number): boolean;
  /** True when the button was released (or its pad disconnected) since the previous logic frame. */
  wasButtonJustReleased(button: PadButtonName | number): boolean;
}

/** A GamepadView over the runtime's InputReader, for one slot. */
export class GamepadViewApi implements GamepadView {
  readonly index: number;
  private readonly reader: InputReader;
  private readonly slots: Int32Array;
  private readonly axesBase: number;
  private readonly valuesBase: number;
  private readonly api: string;

  /** `prefix` names the API in messages (`ctx.input`). Allocates; setup only. */
  constructor(reader: InputReader, index: number, prefix: string) {
    this.reader = reader;
    this.index = index;
    this.slots = reader.slots;
    this.axesBase = PAD_AXES_SLOT + index * PAD_AXIS_COUNT;
    this.valuesBase = PAD_BUTTON_VALUES_SLOT + index * PAD_BUTTON_COUNT;
    this.api = `${prefix}.gamepads[${index}]`;
  }

  get connected(): boolean {
    return this.reader.isPadConnected(this.index);
  }
  // axis and buttonValue read the slot themselves: one call less between the game and the value
  axis(axis: PadAxisName | number): number {
    // The reader's snapshot of this frame (plain memory of this thread).
    return this.slots[this.axesBase + this.axisIndex(axis)]! / FIXED_ONE;
  }
  isButtonDown(button: PadButtonName | number): boolean {
    return this.reader.isPadButtonDown(this.index, this.buttonIndex(button));
  }
  buttonValue(button: PadButtonName | number): number {
    return this.slots[this.valuesBase + this.buttonIndex(button)]! / FIXED_ONE;
  }
  wasButtonJustPressed(button: PadButtonName | number): boolean {
    return this.reader.wasPadButtonJustPressed(this.index, this.buttonIndex(button));
  }
  wasButtonJustReleased(button: PadButtonName | number): boolean {
    return this.reader.wasPadButtonJustReleased(this.index, this.buttonIndex(button));
  }

  // Kept small (the error paths are module functions) so V8 inlines them into the game's loop:
  // a double returned from a call that is not inlined is boxed, i.e. allocated.
  private buttonIndex(button: unknown): number {
    if (typeof button === 'number' && (button | 0) === button && button >= 0 && button < PAD_BUTTON_COUNT) return button;
    const named = typeof button === 'string' ? BUTTON_INDEX.get(button) : undefined;
    return named ?? badButton(this.api, button);
  }

  private axisIndex(axis: unknown): number {
    if (typeof axis === 'number' && (axis | 0) === axis && axis >= 0 && axis < PAD_AXIS_COUNT) return axis;
    const named = typeof axis === 'string' ? AXIS_INDEX.get(axis) : undefined;
    return named ?? badAxis(this.api, axis);
  }
}

const BUTTON_INDEX: ReadonlyMap<string, number> = new Map(Object.entries(PAD_BUTTON));
const AXIS_INDEX: ReadonlyMap<string, number> = new Map(Object.entries(PAD_AXIS));

function badButton(api: string, button: unknown): never {
  return badArgument(api, 'button', button, `a button name (${Object.keys(PAD_BUTTON).join(', ')}) or an index 0-${PAD_BUTTON_COUNT - 1}`, 'Buttons use the W3C standard gamepad mapping (0 A, 1 B, 2 X, 3 Y, ...).');
}

function badAxis(api: string, axis: unknown): never {
  return badArgument(api, 'axis', axis, `an axis name (${Object.keys(PAD_AXIS).join(', ')}) or an index 0-${PAD_AXIS_COUNT - 1}`, 'Axes use the W3C standard gamepad mapping (y points down).');
}
