/**
 * Gamepad API polling on the browser main thread: once per animation frame (the engine's input
 * phase) the connected pads of `navigator.getGamepads()` are written to an `InputSink` in slots
 * 0-3 (XInput's limit), in the W3C standard mapping the browser reports.
 * The engine publishes what the sink gathered; this class only copies the polled values.
 */
import { PAD_BUTTON_COUNT, PAD_COUNT } from '../protocol/input-state.ts';
import type { InputSink } from '../protocol/input-writer.ts';

/** The part of `Navigator` the poller uses (a test page may replace `getGamepads`). */
export interface GamepadSource {
  getGamepads(): ArrayLike<Gamepad | null>;
}

/** Options of `new GamepadPoller(...)`. */
export interface GamepadPollerOptions {
  /** Where pads are read; default `navigator` (none: nothing is ever connected). */
  readonly source?: GamepadSource;
  /** Where `gamepadconnected`/`gamepaddisconnected` arrive; default `window`. */
  readonly events?: EventTarget;
}

const NO_AXES: readonly number[] = [];

/**
 * Copies the connected gamepads into an `InputSink` on each {@link GamepadPoller.poll}. A pad keeps
 * the slot it got when it appeared (its browser index when that slot is free, else the first free
 * one) until it disconnects; a disconnect (the event, or the pad missing from the polled list)
 * writes the slot as disconnected, releasing its buttons. A fifth pad waits for a free slot and is
 * counted in `overflowPads`. `navigator.getGamepads()` is only called after a `gamepadconnected`
 * event (browsers expose no pad before one), so a page without pads pays nothing per frame; the
 * array the browser returns is its own allocation, the poller adds none.
 *
 * @example
 * ```ts
 * const pads = new GamepadPoller();
 * createApp({ ...options, pollInput: (input) => pads.poll(input) });
 * // ... later
 * pads.dispose();
 * ```
 */
export class GamepadPoller {
  /** Polls that found a connected pad with no free slot. */
  overflowPads = 0;
  private source: GamepadSource | null;
  private readonly events: EventTarget | null;
  /** Browser `Gamepad.index` held by each slot, -1 when free. */
  private readonly slotIndex = new Int32Array(PAD_COUNT).fill(-1);
  private readonly values = new Float64Array(PAD_BUTTON_COUNT);
  /** True once a pad was announced; stays true while any slot is held. */
  private active = false;
  /** A connect or disconnect since the last poll: poll at least once more, even with no slot held. */
  private announced = false;
  private disposed = false;

  /** Starts listening for connect events. Allocates (the handlers); setup only. */
  constructor(options: GamepadPollerOptions = {}) {
    const nav = typeof navigator === 'undefined' ? undefined : (navigator as Partial<GamepadSource>);
    this.source = options.source ?? (nav !== undefined && typeof nav.getGamepads === 'function' ? (nav as GamepadSource) : null);
    this.events = options.events ?? (typeof window === 'undefined' ? null : window);
    this.events?.addEventListener('gamepadconnected', this.onConnected);
    this.events?.addEventListener('gamepaddisconnected', this.onConnected);
    // A pad announced before this poller existed (its event already fired) is polled too.
    let pads: ArrayLike<Gamepad | null> = [];
    try {
      pads = this.source?.getGamepads() ?? pads;
    } catch {
      this.source = null; // a permissions policy without 'gamepad' throws: the page has no pads
    }
    for (let i = 0; i < pads.length; i++) if (pads[i] !== null && pads[i] !== undefined) this.onConnected();
  }

  /** Slots held by a pad now. */
  get connectedPads(): number {
    let n = 0;
    for (let s = 0; s < PAD_COUNT; s++) if (this.slotIndex[s]! >= 0) n++;
    return n;
  }

  /** Writes every slot's pad (or its disconnect) to `sink`. Call once per engine frame. */
  poll(sink: InputSink): void {
    if (!this.active || this.disposed || this.source === null) return;
    const pads = this.source.getGamepads();
    // 1: pads that hold a slot; 2: slots whose pad is gone are freed; 3: new pads take free slots
    let seen = 0;
    for (let i = 0; i < pads.length; i++) {
      const pad = pads[i];
      if (pad === null || pad === undefined || !pad.connected) continue;
      const slot = this.slotIndex.indexOf(pad.index);
      if (slot < 0) continue;
      seen |= 1 << slot;
      this.write(sink, slot, pad);
    }
    let held = 0;
    for (let s = 0; s < PAD_COUNT; s++) {
      if (this.slotIndex[s]! < 0) continue;
      if ((seen & (1 << s)) === 0) {
        this.slotIndex[s] = -1;
        sink.setGamepad(s, false, 0, NO_AXES);
      } else {
        held++;
      }
    }
    for (let i = 0; i < pads.length; i++) {
      const pad = pads[i];
      if (pad === null || pad === undefined || !pad.connected || this.slotIndex.indexOf(pad.index) >= 0) continue;
      const slot = this.freeSlot(pad.index);
      if (slot < 0) { this.overflowPads++; continue; }
      this.slotIndex[slot] = pad.index;
      held++;
      this.write(sink, slot, pad);
    }
    if (held === 0 && !this.announced) this.active = false;
    this.announced = false;
  }

  /** Stops listening. Slots already written stay as they are until the sink is reset. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.events?.removeEventListener('gamepadconnected', this.onConnected);
    this.events?.removeEventListener('gamepaddisconnected', this.onConnected);
  }

  private readonly onConnected = (): void => {
    this.active = true;
    this.announced = true;
  };

  /** The slot a new pad gets: its browser index when that slot is free, else the first free one; -1 when none. */
  private freeSlot(index: number): number {
    if (index >= 0 && index < PAD_COUNT && this.slotIndex[index]! < 0) return index;
    return this.slotIndex.indexOf(-1);
  }

  private write(sink: InputSink, slot: number, pad: Gamepad): void {
    const buttons = pad.buttons;
    const n = buttons.length < PAD_BUTTON_COUNT ? buttons.length : PAD_BUTTON_COUNT;
    let mask = 0;
    for (let b = 0; b < PAD_BUTTON_COUNT; b++) {
      const button = b < n ? buttons[b] : undefined;
      if (button !== undefined && button.pressed) mask |= 1 << b;
      this.values[b] = button !== undefined ? button.value : 0;
    }
    sink.setGamepad(slot, true, mask, pad.axes, this.values);
  }
}
