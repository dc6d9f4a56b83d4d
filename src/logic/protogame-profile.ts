/**
 * The 'protogame' host profile: ProtogameJS3D's natives (src/logic/protogame) installed on the
 * worker's global over the runtime's CommandOutbox, id allocators, CallbackReader and input, then,
 * each frame, `host.beginFrame(dt)`, the script's `globalThis.JSEngine.update(dt)` and
 * `JSEngine.render()`, each guarded. The scripts define their own JSEngine and pull callbacks
 * themselves (`callbackQueue.dequeueAll()`), so twinframe's globals are not installed and the
 * runtime does not deliver callbacks in this profile.
 */
import { PROTOGAME_CODES } from './error-codes.ts';
import type { LogicRuntime, ScriptDriver } from './logic-runtime.ts';
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
    if (engine === undefined || engine === null || typeof engine.render !== 'function') return;
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
}
