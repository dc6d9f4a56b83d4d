/**
 * Input for game scripts (the global `Input` and `ctx.input`): keys by name ('W', 'Space',
 * 'ArrowUp') or Windows virtual-key code, mouse position, per-frame delta, buttons and wheel, as
 * captured by the engine and taken once per logic frame (edges are exact per logic frame), and
 * gamepads 0-3 in the W3C standard mapping (`ctx.input.gamepads[0].axis('LeftX')`). An unknown key
 * name throws TF5010. Allocates nothing.
 */
import { keyCodeOf, PAD_COUNT } from '../protocol/input-state.ts';
import { GamepadViewApi, type GamepadView } from './gamepad-view.ts';
import type { KeyName } from '../protocol/input-state.ts';
import type { InputReader } from '../protocol/input-reader.ts';
import { badArgument } from './vector-args.ts';

/** A key: a name ('W', 'w', '7', 'Space', 'ArrowUp', ...) or a virtual-key code 0-255. */
export type Key = KeyName | string | number;

/** What games read of the input, this logic frame. */
export interface GameInput {
  /** True while `key` is held. */
  isKeyDown(key: Key): boolean;
  /** True when `key` was pressed since the previous logic frame. */
  wasKeyJustPressed(key: Key): boolean;
  /** True when `key` was released since the previous logic frame. */
  wasKeyJustReleased(key: Key): boolean;
  /** Pointer position in canvas pixels. */
  readonly mouseX: number;
  readonly mouseY: number;
  /** Pointer movement since the previous logic frame. */
  readonly mouseDeltaX: number;
  readonly mouseDeltaY: number;
  /** Wheel movement since the previous logic frame. */
  readonly wheelDelta: number;
  /** Mouse button `button` (0 left, 1 middle, 2 right) held / pressed / released this frame. */
  isMouseButtonDown(button: number): boolean;
  wasMouseButtonJustPressed(button: number): boolean;
  wasMouseButtonJustReleased(button: number): boolean;
  /** The four gamepad slots (views created once; read them every frame). */
  readonly gamepads: readonly GamepadView[];
  /** Gamepad slot `index` (0-3), the same object as `gamepads[index]`; TF5010 for another index. */
  gamepad(index: number): GamepadView;
}

/** GameInput over the runtime's InputReader. */
export class GameInputApi implements GameInput {
  private readonly reader: InputReader;
  private readonly prefix: string;
  private readonly nIsKeyDown: string;
  private readonly nJustPressed: string;
  private readonly nJustReleased: string;
  readonly gamepads: readonly GamepadViewApi[];

  /** `prefix` names the API in messages: `Input` or `ctx.input`. */
  constructor(reader: InputReader, prefix: string) {
    this.reader = reader;
    this.prefix = prefix;
    this.nIsKeyDown = `${prefix}.isKeyDown`;
    this.nJustPressed = `${prefix}.wasKeyJustPressed`;
    this.nJustReleased = `${prefix}.wasKeyJustReleased`;
    const pads: GamepadViewApi[] = [];
    for (let i = 0; i < PAD_COUNT; i++) pads.push(new GamepadViewApi(reader, i, prefix));
    this.gamepads = Object.freeze(pads);
  }

  isKeyDown(key: Key): boolean {
    return this.reader.isKeyDown(this.code(this.nIsKeyDown, key));
  }
  wasKeyJustPressed(key: Key): boolean {
    return this.reader.wasKeyJustPressed(this.code(this.nJustPressed, key));
  }
  wasKeyJustReleased(key: Key): boolean {
    return this.reader.wasKeyJustReleased(this.code(this.nJustReleased, key));
  }
  get mouseX(): number {
    return this.reader.mouseX;
  }
  get mouseY(): number {
    return this.reader.mouseY;
  }
  get mouseDeltaX(): number {
    return this.reader.mouseDeltaX;
  }
  get mouseDeltaY(): number {
    return this.reader.mouseDeltaY;
  }
  get wheelDelta(): number {
    return this.reader.wheelDelta;
  }
  isMouseButtonDown(button: number): boolean {
    return this.reader.isMouseButtonDown(button);
  }
  wasMouseButtonJustPressed(button: number): boolean {
    return this.reader.wasMouseButtonJustPressed(button);
  }
  wasMouseButtonJustReleased(button: number): boolean {
    return this.reader.wasMouseButtonJustReleased(button);
  }

  gamepad(index: number): GamepadView {
    // small, the error path apart, so V8 inlines it into the game's loop
    if (typeof index === 'number' && (index | 0) === index && index >= 0 && index < PAD_COUNT) return this.gamepads[index]!;
    return badGamepadIndex(this.prefix, index);
  }

  private code(api: string, key: unknown): number {
    const c = typeof key === 'string' || typeof key === 'number' ? keyCodeOf(key) : -1;
    if (c >= 0) return c;
    return badArgument(api, 'key', key, "a key name ('W', 'Space', 'ArrowUp', 'Escape', 'F1', ...) or a virtual-key code 0-255", `See VK in the protocol for the names (${this.prefix} uses Windows virtual-key codes).`);
  }
}

function badGamepadIndex(prefix: string, index: unknown): never {
  return badArgument(`${prefix}.gamepad`, 'index', index, `a gamepad slot 0-${PAD_COUNT - 1}`, 'Pads take the slots 0-3 in the order they connect; check gamepad(i).connected.');
}
