import { formatDiagnostic } from '../../src/protocol/format-diagnostic.ts';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { locateLoadError, loadGameModule } from '../../src/logic/game-loader.ts';
import { createBundleSourceMapper } from '../../src/platform/bundle-source-map.ts';
import { bundleForNodeWorker } from '../../src/platform/node-bundle.ts';

function err(name: string, message: string, stack: string, code?: string): Error {
  const e = name === 'SyntaxError' ? new SyntaxError(message) : new Error(message);
  e.stack = stack;
  if (code) (e as Error & { code: string }).code = code;
  return e;
}

describe('locateLoadError', () => {
  it('takes the game frame of a throw while evaluating', () => {
    const e = err('Error', 'boom', 'Error: boom\n    at file:///g/game.mjs:2:7\n    at ModuleJob.run (node:internal/modules/esm/module_job:325:25)');
    expect(locateLoadError(e, 'file:///g/game.mjs'), 'location').toEqual({ file: 'file:///g/game.mjs', line: 2, column: 7 });
  });
  it('reads the file:line header Node prints for syntax errors', () => {
    const e = err('SyntaxError', "Unexpected token ';'", "file:///g/game.mjs:12\nexport const b = (;\n                  ^\n\nSyntaxError: Unexpected token ';'");
    expect(locateLoadError(e, 'file:///g/game.mjs'), 'location').toEqual({ file: 'file:///g/game.mjs', line: 12, column: 19 });
  });
  it('names the game for a syntax error whose stack shows only the loader, and the missing module for a resolution error', () => {
    const syntax = err('SyntaxError', "Unexpected token ';'", "SyntaxError: Unexpected token ';'\n    at compileSourceTextModule (node:internal/modules/esm/utils:346:16)");
    expect(locateLoadError(syntax, 'file:///g/game.mjs').file, 'syntax').toBe('file:///g/game.mjs');
    const missing = err('Error', "Cannot find module '/g/lib.mjs' imported from /g/game.mjs", 'Error [ERR_MODULE_NOT_FOUND]: ...\n    at finalizeResolution (node:internal/modules/esm/resolve:283:11)', 'ERR_MODULE_NOT_FOUND');
    expect(locateLoadError(missing, 'file:///g/game.mjs').file, 'missing').toBe('/g/lib.mjs');
  });
});

describe('loadGameModule', () => {
  it('returns the module, or a TF5041 fatal diagnostic', async () => {
    expect(await loadGameModule('x', async () => ({ a: 1 }), 0), 'ok').toEqual({ ok: true, module: { a: 1 } });
    const r = await loadGameModule('file:///g/game.mjs', async () => { throw 'not an error'; }, 0);
    expect(r.ok ? null : [r.diagnostic.code, r.diagnostic.severity, r.diagnostic.file], 'failure').toEqual(['TF5041', 'fatal', 'file:///g/game.mjs']);
  });

  it('says to run a ProtogameJS3D script tree with the protogame host when one of its globals is missing', async () => {
    const missing = (name: string) => async (): Promise<never> => { throw new ReferenceError(`${name} is not defined`); };
    for (const name of ['clock', 'entity', 'debugRenderInterface']) {
      const r = await loadGameModule('file:///g/Scripts/main.js', missing(name), 0);
      const message = r.ok ? '' : r.diagnostic.message;
      expect(message, name).toContain(`ReferenceError: ${name} is not defined`);
      expect(message, name).toContain(`\`${name}\` is one of the ProtogameJS3D natives`);
      expect(message, name).toContain("--host protogame (the app option host: 'protogame')");
      expect(message, name).toContain('docs/protogame-host.md');
    }
    // Any other missing name, another error, or the protogame host itself (where the natives are
    // installed and a missing one is the script's own bug): the plain remedy.
    const other = await loadGameModule('file:///g/game.mjs', missing('playerSpeed'), 0);
    const typeError = await loadGameModule('file:///g/game.mjs', async () => { throw new TypeError('clock is not defined'); }, 0);
    const onProtogame = await loadGameModule('file:///g/Scripts/main.js', missing('clock'), 0, undefined, 'protogame');
    for (const [what, r] of [['other name', other], ['TypeError', typeError], ['protogame host', onProtogame]] as const) {
      expect(r.ok ? '' : r.diagnostic.message, what).toMatch(/Fix the error in the game module \(or its path: [^)]+\) and start again\.$/);
    }
  });
});

describe('loadGameModule with the bundle source mapper', () => {
  // Imported here, in a process whose Node source-map support is off: every frame points at the
  // bundle, and only the mapper can lead back to the game.
  it.each([
    ['load-error.js', 'parse(SETTINGS)', 'SyntaxError'],
    ['load-error.ts', 'new RangeError', 'RangeError'],
  ])('reports a throw while %s first loads at the game\'s own file:line:column', async (name, site, kind) => {
    const file = fileURLToPath(new URL(`../fixtures/games/${name}`, import.meta.url));
    const lines = readFileSync(file, 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes(site)) + 1;
    const column = lines[line - 1]!.indexOf(site) + 1;
    const bundle = await bundleForNodeWorker(file, 'game');
    const r = await loadGameModule(bundle.url, (url) => import(url), 0, createBundleSourceMapper());
    if (r.ok) throw new Error(`${name} loaded, but it throws at the top level`);
    expect({ file: r.diagnostic.file, line: r.diagnostic.line, column: r.diagnostic.column }, r.diagnostic.message).toEqual({ file, line, column });
    expect(r.diagnostic.message).toContain(`got ${kind}: `);
    expect(formatDiagnostic(r.diagnostic), 'the printed form carries the location once').toContain(`at ${file}:${line}:${column}`);
    expect(r.diagnostic.message, 'the bundle is not named').not.toContain(bundle.file);
  });

  it('names the game\'s own file, not the bundle, when the error has no frame at all', async () => {
    const file = fileURLToPath(new URL('../fixtures/games/load-error.ts', import.meta.url));
    const bundle = await bundleForNodeWorker(file, 'game');
    const r = await loadGameModule(bundle.url, async () => { throw 'not an error'; }, 0, createBundleSourceMapper());
    expect(r.ok ? null : { file: r.diagnostic.file, line: r.diagnostic.line }).toEqual({ file, line: 0 });
  });
});

