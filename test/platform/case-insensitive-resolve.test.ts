/**
 * Case-insensitive module resolution for host 'protogame' (script trees written on Windows): a
 * tree whose imports differ from its files and folders only by letter case runs headless on a real
 * logic worker, with one TF3013 warning per distinct spelled path; the same tree under the default
 * host is refused with TF3010 (exact resolution); a tree where two files differ only by case is
 * refused with TF3014 naming both.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNodeApp } from '../../src/cli/index.ts';
import type { EngineDiagnostic } from '../../src/engine/diagnostic-hub.ts';
import { bundleForNodeWorker } from '../../src/platform/node-bundle.ts';
import { MemoryLogger } from '../../src/platform/logger.ts';
import { isTwinframeError } from '../../src/shared-memory/twinframe-error.ts';
import { writeMixedCaseTree } from '../helpers/mixed-case-tree.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const temp = mkdtempSync(join(tmpdir(), 'twinframe-case-'));
/** The protogame-tree fixture with its imports respelled by case (generated: test/helpers/mixed-case-tree.ts). */
const TREE = writeMixedCaseTree(join(temp, 'mixed-case'));
const MAIN_JS = join(TREE, 'main.js');
afterAll(() => rmSync(temp, { recursive: true, force: true }));

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

describe("case-insensitive imports for host 'protogame'", () => {
  it('runs a tree whose imports differ from the files only by case, warning once per distinct path', async () => {
    const logger = new MemoryLogger();
    const app = await createNodeApp({ game: MAIN_JS, host: 'protogame', logger, fps: 60 });
    const diagnostics: EngineDiagnostic[] = [];
    app.on('diagnostic', (d) => diagnostics.push(d));
    const consoleLines = (): string[] => diagnostics.filter((d) => d.code === 'TF5030').map((d) => d.message);
    try {
      app.start();
      const end = Date.now() + 20_000;
      while (!consoleLines().some((l) => l.startsWith('clock resumed')) && Date.now() < end) await sleep(20);
      expect(consoleLines(), 'the tree ran to its clock test').toContainEqual(expect.stringMatching(/^clock resumed/));
      expect(consoleLines().filter((l) => l === 'core/Subsystem.js: loaded'), 'both spellings are one module').toHaveLength(1);
      expect(consoleLines()).toContain('subsystems: entity,camera');
      expect(consoleLines()).toContain('main: loaded');
      expect(consoleLines().filter((l) => l.startsWith('entity-created')).length, 'entities created').toBeGreaterThan(0);
      // No script error from the logic (the tree's own argument-error probes report through the engine, as for the original tree).
      expect(diagnostics.filter((d) => d.source === 'logic' && d.code !== 'TF5030' && d.severity !== 'info' && d.severity !== 'debug').map((d) => d.message)).toEqual([]);
    } finally {
      await app.stop();
    }
    const warnings = logger.matching('TF3013').map((l) => l.message);
    const spelled = [
      ['./Core/JSEngine.js', 'core/JSEngine.js'],
      ['./testGame.js', 'TestGame.js'],
      ['./interface/EntityWrapper.js', 'Interface/EntityWrapper.js'],
      ['./Interface/cameraWrapper.js', 'Interface/CameraWrapper.js'],
      // Imported by both wrappers: one warning.
      ['../Core/Subsystem.js', 'core/Subsystem.js'],
    ];
    expect(warnings, warnings.join('\n')).toHaveLength(spelled.length);
    for (const [written, onDisk] of spelled) {
      const mine = warnings.filter((w) => w.includes(`got "${written}"`));
      expect(mine, `one warning for ${written}`).toHaveLength(1);
      expect(mine[0], 'names the spelling on disk').toContain(`on disk ${join(TREE, onDisk!)}`);
    }
    expect(warnings[0]).toMatch(/^TF3013 bundle: an import differs from the file on disk only by letter case; got ".+" in \/.+:\d+:\d+, on disk /);
    for (const w of warnings) expect(w, 'ends with its page, as every coded line does').toMatch(/ -> docs\/errors\/TF3013\.md$/);
  });

  it('keeps exact resolution for the default host: the same tree is refused with TF3010', async () => {
    const e = await rejection(bundleForNodeWorker(MAIN_JS, 'game'));
    expect(isTwinframeError(e) ? e.code : e).toBe('TF3010');
    expect((e as Error).message).toContain('./Core/JSEngine.js');
  });

  it('refuses an import that two files differing only by case match, with TF3014 naming both', async () => {
    const root = join(temp, 'ambiguous');
    mkdirSync(join(root, 'a'), { recursive: true });
    writeFileSync(join(root, 'a', 'Foo.js'), 'export const which = "Foo";\n');
    writeFileSync(join(root, 'a', 'foo.js'), 'export const which = "foo";\n');
    writeFileSync(join(root, 'main.js'), 'import { which } from "./a/FOO.js";\nconsole.log(which);\n');
    expect(readdirSync(join(root, 'a')).sort(), 'a case-sensitive file system holds both').toEqual(['Foo.js', 'foo.js']);
    const e = await rejection(bundleForNodeWorker(join(root, 'main.js'), 'game', { host: 'protogame' }));
    expect(isTwinframeError(e) ? e.code : e).toBe('TF3014');
    const message = (e as Error).message;
    expect(message).toContain('got "./a/FOO.js"');
    expect(message).toContain(`${join(root, 'main.js')}:1:23`);
    expect(message).toContain(join(root, 'a', 'Foo.js'));
    expect(message).toContain(join(root, 'a', 'foo.js'));
  });

  it('refuses an ambiguous import even when its spelling matches one of the files exactly', async () => {
    const root = join(temp, 'exact-but-ambiguous');
    mkdirSync(join(root, 'Lib'), { recursive: true });
    mkdirSync(join(root, 'lib'), { recursive: true });
    writeFileSync(join(root, 'Lib', 'x.js'), 'export const x = 1;\n');
    writeFileSync(join(root, 'lib', 'x.js'), 'export const x = 2;\n');
    writeFileSync(join(root, 'main.js'), 'import { x } from "./lib/x.js";\nconsole.log(x);\n');
    const e = await rejection(bundleForNodeWorker(join(root, 'main.js'), 'game', { host: 'protogame' }));
    expect(isTwinframeError(e) ? e.code : e).toBe('TF3014');
    expect((e as Error).message).toContain(`${join(root, 'Lib')} and ${join(root, 'lib')}`);
  });
});
