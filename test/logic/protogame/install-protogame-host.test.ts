import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROTOGAME_NATIVE_NAMES, installProtogameHost } from '../../../src/logic/protogame/install-protogame-host.ts';
import { PROTOGAME_SIGNATURES } from '../../../src/logic/protogame/protogame-signatures.ts';
import { isTwinframeError } from '../../../src/shared-memory/twinframe-error.ts';
import { createProtogameRig } from './protogame-test-rig.ts';

const DOC = new URL('../../../docs/protogame-host.md', import.meta.url);

describe('installProtogameHost', () => {
  it('installs every native on the target and never kadi', () => {
    const target: Record<string, unknown> = {};
    installProtogameHost(target, createProtogameRig().deps);
    for (const name of PROTOGAME_NATIVE_NAMES) expect(typeof target[name], `${name} is installed`).toBe('object');
    expect('kadi' in target, 'kadi is absent').toBe(false);
  });

  it('leaves the optional natives out when disabled, and uninstall removes everything', () => {
    const target: Record<string, unknown> = {};
    const host = installProtogameHost(target, createProtogameRig().deps, { audio: false, debugRender: false });
    expect('audio' in target, 'no audio').toBe(false);
    expect('debugRenderInterface' in target, 'no debugRenderInterface').toBe(false);
    expect(host.stats().audio, 'no audio statistics').toBeNull();
    host.uninstall();
    expect(Object.keys(Object.getOwnPropertyDescriptors(target)), 'nothing left').toEqual([]);
  });

  it('installed natives are frozen so a script cannot break them for others', () => {
    const target: Record<string, { createMesh?: unknown }> = {};
    installProtogameHost(target, createProtogameRig().deps);
    expect(Object.isFrozen(target.entity), 'entity is frozen').toBe(true);
  });

  it('beginFrame advances the clocks and ages the debug primitives', () => {
    const host = installProtogameHost({}, createProtogameRig().deps);
    const h = host.natives.clock.createClock();
    host.natives.debugRenderInterface!.addMessage('one frame', 0, 255, 255, 255, 255);
    host.beginFrame(0.5);
    expect(host.natives.clock.getTotalSeconds(h), 'the clock advanced').toBe(0.5);
    expect(host.stats().debugRender?.liveTotal, 'the one-frame message expired').toBe(0);
  });

  it('appRequestQuit asks the runtime to quit', () => {
    const rig = createProtogameRig();
    const host = installProtogameHost({}, rig.deps);
    host.natives.game.appRequestQuit();
    expect(rig.quitRequests, 'one quit request').toBe(1);
  });

  describe('argument counts', () => {
    const host = installProtogameHost({}, createProtogameRig().deps);
    const natives = host.natives as unknown as Record<string, Record<string, (...a: unknown[]) => unknown>>;
    for (const [nativeName, methods] of Object.entries(PROTOGAME_SIGNATURES)) {
      for (const [method, sig] of Object.entries(methods)) {
        it(`${nativeName}.${method} with one argument too many throws TF5500 naming its signature`, () => {
          const fn = natives[nativeName]?.[method];
          expect(typeof fn, `${nativeName}.${method} is installed`).toBe('function');
          let error: unknown;
          try {
            fn!.apply(natives[nativeName], new Array<unknown>(sig.maxArgs + 1).fill(0));
          } catch (e) {
            error = e;
          }
          expect(isTwinframeError(error, 'TF5500'), 'a TF5500 error').toBe(true);
          expect((error as Error).message, 'the message names the method and the signature').toContain(
            `${nativeName}.${method}: wrong number of arguments; got ${sig.maxArgs + 1}, expected ${sig.text}.`,
          );
        });
      }
    }
  });

  it('docs/protogame-host.md lists every signature', () => {
    const doc = readFileSync(DOC, 'utf8');
    const missing: string[] = [];
    for (const [nativeName, methods] of Object.entries(PROTOGAME_SIGNATURES)) {
      for (const sig of Object.values(methods)) if (!doc.includes(`\`${nativeName}.${sig.text}\``)) missing.push(`${nativeName}.${sig.text}`);
    }
    expect(missing, 'signatures missing from docs/protogame-host.md').toEqual([]);
  });
});
