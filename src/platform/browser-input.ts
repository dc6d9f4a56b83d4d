/**
 * DOM input capture on the browser main thread: keyboard, mouse, wheel and pointer lock, fed to
 * an `InputSink` (the engine's `InputWriter`) as Windows virtual-key codes, CSS pixels relative to
 * the element, and DOM button numbers (0 left, 1 middle, 2 right). Gamepads are polled, not
 * evented: see gamepad-poller.ts.
 * The engine publishes what the sink gathered once per frame; this class only forwards events.
 */
import type { InputSink } from '../protocol/input-writer.ts';
import { virtualKeyFromCode } from './browser-key-codes.ts';

/** Options of `new BrowserInput(...)`. */
export interface BrowserInputOptions {
  /** Element whose mouse events count (usually the canvas); positions are relative to it. */
  readonly element: HTMLElement;
  /** Where keys are read; default `window` (keys work without focusing the canvas). */
  readonly keyTarget?: Window | HTMLElement;
  /** Lock the pointer on a click in `element` (fly cameras: unbounded mouse deltas); default false. */
  readonly pointerLockOnClick?: boolean;
}

/** Keys whose browser default (scrolling, focus moves) a game never wants while it has the keyboard. */
const SCROLL_KEYS = new Set(['Space', 'ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'PageUp', 'PageDown', 'Home', 'End', 'Tab']);

/** Pixels per wheel "line" and "page" when the browser reports those units. */
const WHEEL_LINE_PX = 16;
const WHEEL_PAGE_PX = 800;

function isEditable(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (el === null || typeof el.tagName !== 'string') return false;
  return el.isContentEditable || el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT';
}

/**
 * Forwards DOM input to an `InputSink` until `dispose()`. Keys are physical (`KeyboardEvent.code`
 * mapped to virtual-key codes, so WASD stays put on any layout); typing into a text field is not
 * game input. Held keys and buttons are released when the window loses focus, so nothing sticks.
 * Event handlers are created once; forwarding an event allocates nothing.
 *
 * @example
 * ```ts
 * const input = new BrowserInput(sink, { element: canvas, pointerLockOnClick: true });
 * // ... later
 * input.dispose();
 * ```
 */
export class BrowserInput {
  private readonly sink: InputSink;
  private readonly element: HTMLElement;
  private readonly keyTarget: Window | HTMLElement;
  private readonly pointerLockOnClick: boolean;
  private readonly heldKeys = new Uint8Array(256);
  private heldButtons = 0;
  /** What the sink was last told about the pointer lock. */
  private lockSent = false;
  private disposed = false;

  /** Starts listening. Allocates (the handlers); setup only. */
  constructor(sink: InputSink, options: BrowserInputOptions) {
    this.sink = sink;
    this.element = options.element;
    this.keyTarget = options.keyTarget ?? window;
    this.pointerLockOnClick = options.pointerLockOnClick ?? false;
    this.keyTarget.addEventListener('keydown', this.onKeyDown as EventListener);
    this.keyTarget.addEventListener('keyup', this.onKeyUp as EventListener);
    this.element.addEventListener('mousemove', this.onMouseMove);
    this.element.addEventListener('mousedown', this.onMouseDown);
    window.addEventListener('mouseup', this.onMouseUp);
    this.element.addEventListener('wheel', this.onWheel, { passive: false });
    this.element.addEventListener('contextmenu', this.onContextMenu);
    this.element.addEventListener('click', this.onClick);
    window.addEventListener('blur', this.releaseAll);
    this.element.ownerDocument.addEventListener('pointerlockchange', this.onPointerLockChange);
  }

  /** True while `element` holds the pointer lock. */
  get pointerLocked(): boolean {
    return document.pointerLockElement === this.element;
  }

  /** Asks for pointer lock on `element` (needs a user gesture; the browser may refuse). */
  lockPointer(): void {
    if (!this.pointerLocked && typeof this.element.requestPointerLock === 'function') {
      // requestPointerLock returns a promise in current browsers; a refusal is not an error here.
      const result = this.element.requestPointerLock() as unknown as Promise<void> | undefined;
      result?.catch?.(() => undefined);
    }
  }

  /** Releases every held key and button, removes the listeners and exits pointer lock. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.releaseAll();
    this.disposed = true;
    this.keyTarget.removeEventListener('keydown', this.onKeyDown as EventListener);
    this.keyTarget.removeEventListener('keyup', this.onKeyUp as EventListener);
    this.element.removeEventListener('mousemove', this.onMouseMove);
    this.element.removeEventListener('mousedown', this.onMouseDown);
    window.removeEventListener('mouseup', this.onMouseUp);
    this.element.removeEventListener('wheel', this.onWheel);
    this.element.removeEventListener('contextmenu', this.onContextMenu);
    this.element.removeEventListener('click', this.onClick);
    window.removeEventListener('blur', this.releaseAll);
    this.element.ownerDocument.removeEventListener('pointerlockchange', this.onPointerLockChange);
    if (this.pointerLocked) document.exitPointerLock();
    if (this.lockSent) this.sink.setPointerLocked(false);
    this.lockSent = false;
  }

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    if (isEditable(event.target)) return;
    const vk = virtualKeyFromCode(event.code);
    if (vk === 0) return;
    if (SCROLL_KEYS.has(event.code)) event.preventDefault();
    if (this.heldKeys[vk] === 1) return; // auto-repeat: the key is already down
    this.heldKeys[vk] = 1;
    this.sink.keyDown(vk);
  };

  private readonly onKeyUp = (event: KeyboardEvent): void => {
    const vk = virtualKeyFromCode(event.code);
    if (vk === 0 || this.heldKeys[vk] === 0) return;
    this.heldKeys[vk] = 0;
    this.sink.keyUp(vk);
  };

  private readonly onMouseMove = (event: MouseEvent): void => {
    this.sink.mouseMove(event.offsetX, event.offsetY, event.movementX, event.movementY);
  };

  private readonly onMouseDown = (event: MouseEvent): void => {
    const bit = 1 << event.button;
    if ((this.heldButtons & bit) !== 0) return;
    this.heldButtons |= bit;
    this.sink.mouseButton(event.button, true);
  };

  private readonly onMouseUp = (event: MouseEvent): void => {
    const bit = 1 << event.button;
    if ((this.heldButtons & bit) === 0) return; // pressed elsewhere: not ours
    this.heldButtons &= ~bit;
    this.sink.mouseButton(event.button, false);
  };

  private readonly onWheel = (event: WheelEvent): void => {
    event.preventDefault();
    const unit = event.deltaMode === 1 ? WHEEL_LINE_PX : event.deltaMode === 2 ? WHEEL_PAGE_PX : 1;
    this.sink.wheel(event.deltaY * unit);
  };

  private readonly onContextMenu = (event: Event): void => {
    event.preventDefault();
  };

  /** The lock is the original's FPS cursor mode: movement then also counts as the client delta. */
  private readonly onPointerLockChange = (): void => {
    if (this.disposed) return;
    this.lockSent = this.pointerLocked;
    this.sink.setPointerLocked(this.lockSent);
  };

  private readonly onClick = (): void => {
    if (this.pointerLockOnClick) this.lockPointer();
  };

  private readonly releaseAll = (): void => {
    if (this.disposed) return;
    for (let vk = 0; vk < 256; vk++) {
      if (this.heldKeys[vk] === 1) {
        this.heldKeys[vk] = 0;
        this.sink.keyUp(vk);
      }
    }
    for (let button = 0; button < 5; button++) {
      const bit = 1 << button;
      if ((this.heldButtons & bit) !== 0) {
        this.heldButtons &= ~bit;
        this.sink.mouseButton(button, false);
      }
    }
  };
}
