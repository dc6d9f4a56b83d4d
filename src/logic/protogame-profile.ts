/**
 * The 'protogame' host profile: ProtogameJS3D's natives (src/logic/protogame) installed on the
 * worker's global over the runtime's CommandOutbox, id allocators, CallbackReader and input, then,
 * each frame, `host.beginFrame(dt)`, the script's `globalThis.JSEngine.update(dt)` and
 * `JSEngine.render()`, each guarded. The scripts define their own JSEngine and pull callbacks
 * themselves (`callbackQueue.dequeueAll()`), so twinframe's globals are not installed and the
 * runtime does not deliver callbacks in this profile.
 *
 * After `JSEngine.render()`, when the debugRenderInterface's live set changed (or its visibility
 * flipped), the live primitives (point, line, wire sphere, arrow, and the texts with their UTF-8
 * bytes) are copied into the debug-draw buffer and published for the engine to draw (allocation-free; past the buffer's
 * capacity they are counted and reported once, TF5506).
 */
import {
  DEBUG_KIND_ARROW, DEBUG_KIND_BILLBOARD_TEXT, DEBUG_KIND_LINE, DEBUG_KIND_MESSAGE, DEBUG_KIND_POINT, DEBUG_KIND_SCREEN_TEXT,
  DEBUG_KIND_WIRE_SPHERE, DEBUG_KIND_WORLD_TEXT,
} from '../protocol/debug-draw-state.ts';
import { PROTOGAME_CODES } from './error-codes.ts';
import type { LogicRuntime } from './logic-runtime.ts';
import type { ScriptDriver } from './script-driver.ts';
import { installProtogameHost } from './protogame/install-protogame-host.ts';
import type { ProtogameHost } from './protogame/install-protogame-host.ts';

/** The script's global JSEngine as the host calls it. */
interface ScriptJSEngine {
  update?: (dt: number) => void;
  render?: () => void;
}

/** Drives a ProtogameJS3D script tree. Logic thread only. */
export class ProtogameDriver implements ScriptDriver {
  readonly deliversCallbacks = false;
  readonly host: ProtogameHost;
  private readonly runtime: LogicRuntime;
  private readonly global: { JSEngine?: ScriptJSEngine };
  /** The recorder's `changes` and `visible` at the last debug-draw publish (-1: publish next frame). */
  private debugChanges = 0;
  private debugVisible = true;
  private debugOverflowReported = false;

  /** Installs the natives on `global` (before the script's main.js is evaluated). Allocates; once. */
  constructor(runtime: LogicRuntime, global: object) {
    this.runtime = runtime;
    this.global = global as { JSEngine?: ScriptJSEngine };
    const s = runtime.services;
    const guard = runtime.guard;
    this.host = installProtogameHost(global, {
      commands: s.outbox,
      entityIds: s.entityIds,
      cameraIds: s.cameraIds,
      callbacks: runtime.callbackReader,
      input: s.input,
      requestQuit: () => s.control.requestQuit(),
      report: (code, severity, message) => guard.report(code, severity, message),
    });
  }

  /** After main.js loaded: reports TF5504 when it defined no JSEngine with update or render. */
  checkLoaded(): void {
    const engine = this.global.JSEngine;
    if (engine !== undefined && engine !== null && (typeof engine.update === 'function' || typeof engine.render === 'function')) return;
    this.runtime.guard.report(
      PROTOGAME_CODES.JSENGINE_MISSING.code, 'warning',
      `ProtogameHost.load: main.js defined no usable globalThis.JSEngine; got ${engine === undefined ? 'undefined' : typeof engine}, expected an object with update(dt) and/or render(). Assign globalThis.JSEngine = { update(dt) {...}, render() {...} } in main.js.`,
    );
  }

  update(dt: number): void {
    const g = this.runtime.guard;
    try {
      this.host.beginFrame(dt);
    } catch (e) {
      g.scriptError('update', 'JSEngine', e);
    }
    const engine = this.global.JSEngine;
    if (engine === undefined || engine === null || typeof engine.update !== 'function') return;
    this.runtime.control.setSystemIndex(0);
    g.systemId = 'JSEngine';
    try {
      engine.update(dt);
    } catch (e) {
      g.scriptError('update', 'JSEngine', e);
    }
    g.systemId = undefined;
    this.runtime.control.setSystemIndex(-1);
  }

  render(): void {
    const engine = this.global.JSEngine;
    if (engine !== undefined && engine !== null && typeof engine.render === 'function') {
      const g = this.runtime.guard;
      this.runtime.control.setSystemIndex(0);
      g.systemId = 'JSEngine';
      try {
        engine.render();
      } catch (e) {
        g.scriptError('render', 'JSEngine', e);
      }
      g.systemId = undefined;
      this.runtime.control.setSystemIndex(-1);
    }
    this.publishDebug();
  }

  /**
   * Copies the live world debug primitives into the debug-draw buffer and publishes them, when the
   * live set or the visibility changed since the last publish. Allocates nothing.
   */
  private publishDebug(): void {
    const writer = this.runtime.debugDraw;
    const recorder = this.host.debugRender;
    if (writer === null || recorder === null) return;
    const visible = recorder.visible;
    if (recorder.changes === this.debugChanges && visible === this.debugVisible) return;
    writer.begin();
    if (visible) {
      const list = recorder.primitives();
      for (let i = 0; i < list.length; i++) {
        const p = list[i]!;
        // values are the natives' arguments, as the buffer takes them; texts carry their string too.
        const kind = p.kind === 'point' ? DEBUG_KIND_POINT
          : p.kind === 'line' ? DEBUG_KIND_LINE
            : p.kind === 'wireSphere' ? DEBUG_KIND_WIRE_SPHERE
              : p.kind === 'arrow' ? DEBUG_KIND_ARROW
                : p.kind === 'worldText' ? DEBUG_KIND_WORLD_TEXT
                  : p.kind === 'billboardText' ? DEBUG_KIND_BILLBOARD_TEXT
                    : p.kind === 'screenText' ? DEBUG_KIND_SCREEN_TEXT : DEBUG_KIND_MESSAGE;
        if (kind <= DEBUG_KIND_ARROW) writer.add(kind, p.values, p.rgba, p.mode);
        else writer.addText(kind, p.text, p.values, p.rgba, p.mode);
      }
    }
    // A failed publish (the copy threw) is retried next frame; the engine keeps the last good set.
    this.debugChanges = writer.publish(this.runtime.tick) ? recorder.changes : -1;
    this.debugVisible = visible;
    if (writer.lastDropped > 0 && !this.debugOverflowReported) {
      this.debugOverflowReported = true;
      this.runtime.guard.report(
        PROTOGAME_CODES.DEBUG_DRAW_OVERFLOW.code, 'warning',
        `debugRenderInterface: too many live debug primitives and texts to draw; got ${writer.capacity + writer.lastDropped}, expected at most ${writer.capacity} (the debug-draw buffer). The extra ${writer.lastDropped} are not drawn and are counted; give primitives shorter durations, call debugRenderInterface.clear(), or raise the app's debugDrawCapacity. Further overflows are only counted.`,
      );
    }
  }
}
