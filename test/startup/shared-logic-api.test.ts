/**
 * A Node game bundle takes `twinframe/logic` from the logic worker's runtime instead of copying it
 * (shared-logic-api.ts, platform/shared-module-plugin.ts): the bundle holds the game's own code
 * only, and what the game imports is the runtime's instance — a TwinframeError the API throws at
 * the game is `instanceof` the class the game imported, as in the browser, where the game and the
 * worker runtime share one module graph. A bundle loaded outside a logic worker says so.
 * Real esbuild, real worker threads through createNodeApp, a cache folder of the test's own.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForNodeWorker } from '../../src/platform/node-bundle.ts';
import { LOGIC_API_KEY, sharedLogicApi } from '../../src/startup/shared-logic-api.ts';
import { useTempBundleCache } from '../helpers/temp-bundle-cache.ts';
import { firstConsoleLine } from '../helpers/first-console-line.ts';

const temp = useTempBundleCache('twinframe-shared-api-');

const logicIndex = fileURLToPath(new URL('../../src/logic/index.ts', import.meta.url));

/** A game that, in setup, gives createMesh a position of the wrong shape (TF5010, thrown at the call) and logs what it caught. */
function writeGame(name: string, importPath: string): string {
  const file = join(temp.root, name);
  writeFileSync(file, [
    `import { defineGame, TwinframeError, isTwinframeError } from ${JSON.stringify(importPath)};`,
    'export default defineGame({',
    '  setup(ctx) {',
    '    try {',
    "      ctx.entities.createMesh('cube', 'here' as never, 1, [255, 255, 255]);",
    "      console.log('caught: nothing');",
    '    } catch (e) {',
    "      console.log(`caught: instanceof=${String(e instanceof TwinframeError)} coded=${String(isTwinframeError(e))} code=${isTwinframeError(e) ? e.code : '-'}`);",
    '    }',
    '  },',
    '});',
    '',
  ].join('\n'));
  return file;
}

describe("a game's twinframe/logic", () => {
  it('is not copied into its bundle', async () => {
    const file = writeGame('bundle.ts', logicIndex);
    const copied = await bundleForNodeWorker(file, 'game');
    const shared = await bundleForNodeWorker(file, 'game', { shared: sharedLogicApi() });
    const copiedText = readFileSync(copied.file, 'utf8');
    const sharedText = readFileSync(shared.file, 'utf8');
    expect(copiedText, 'without the option the bundle copies the API and its error-code tables').toContain('error-code-table.ts');
    expect(sharedText).not.toContain('error-code-table.ts');
    expect(sharedText).toContain(`Symbol.for(${JSON.stringify(LOGIC_API_KEY)})`);
    expect(sharedText.length, `bundle bytes shared vs copied (${copiedText.length})`).toBeLessThan(copiedText.length / 3);
  });

  it("is the runtime's instance in the worker: the API's errors are instanceof the game's TwinframeError", async () => {
    const file = writeGame('instance.ts', logicIndex);
    expect(await firstConsoleLine(file, 'caught:')).toMatch(/^caught: instanceof=true coded=true code=TF\d+/);
  });

  it("is the runtime's instance for refusals too: a refused request rejects with a TwinframeError the game recognises", async () => {
    const file = join(temp.root, 'refusal.ts');
    writeFileSync(file, [
      `import { defineGame, isTwinframeError } from ${JSON.stringify(logicIndex)};`,
      'export default defineGame({',
      '  setup(ctx) {',
      "    ctx.entities.createMesh('cube', [0, 0, Number.NaN], 1, [255, 255, 255]).ready.then(",
      "      () => console.log('refusal: created'),",
      "      (e: unknown) => console.log(`refusal: coded=${String(isTwinframeError(e))} code=${isTwinframeError(e) ? e.code : '-'}`),",
      '    );',
      '  },',
      '});',
      '',
    ].join('\n'));
    expect(await firstConsoleLine(file, 'refusal:')).toBe('refusal: coded=true code=TF4003');
  });

  it('outside a logic worker, fails to load with a message that says where it runs', async () => {
    const file = writeGame('outside.ts', logicIndex);
    const bundle = await bundleForNodeWorker(file, 'game', { shared: sharedLogicApi() });
    expect(() => createRequire(import.meta.url)(bundle.file)).toThrow(/takes .*logic[/\\]index\.ts from the logic worker's runtime .*Run it in a twinframe logic worker/);
  });
});
