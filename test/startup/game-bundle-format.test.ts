/**
 * A game bundle is CommonJS (the worker requires it: Node's ES module loader never starts there,
 * issue 15's start-up), unless the game awaits at top level: then it stays an ES module. Either
 * way the game runs as before: strict mode, `import.meta.url` (the bundle's own), its default
 * export. Real esbuild, real worker threads through createNodeApp, a cache folder of the test's own.
 */
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForNodeWorker } from '../../src/platform/node-bundle.ts';
import { sharedLogicApi } from '../../src/startup/shared-logic-api.ts';
import { useTempBundleCache } from '../helpers/temp-bundle-cache.ts';
import { firstConsoleLine } from '../helpers/first-console-line.ts';

const temp = useTempBundleCache('twinframe-game-format-');

const defineGame = fileURLToPath(new URL('../../src/logic/index.ts', import.meta.url));

/** A game that logs, in its first frame, `label`, whether it runs strict, and its import.meta.url. */
function game(name: string, label: string, prelude: string): string {
  const file = join(temp.root, name);
  writeFileSync(file, [
    `import { defineGame } from ${JSON.stringify(defineGame)};`,
    prelude,
    'const strict = (function (this: unknown) { return this === undefined; })();',
    'export default defineGame({',
    `  update(ctx) { if (ctx.time.tick === 1) console.log(\`${label} \${String(value)} strict=\${String(strict)} url=\${import.meta.url}\`); },`,
    '});',
    '',
  ].join('\n'));
  return file;
}

describe('game bundles', () => {
  it('are CommonJS, run strict, and keep import.meta.url (the bundle\'s)', async () => {
    const file = game('plain.ts', 'plain', 'const value = 7;');
    const bundle = await bundleForNodeWorker(file, 'game', { shared: sharedLogicApi() });
    expect(bundle.file.endsWith('.cjs'), bundle.file).toBe(true);
    const line = await firstConsoleLine(file, 'plain');
    expect(line, 'the game ran its first frame').toContain('plain 7');
    expect(line).toContain('strict=true');
    expect(line).toContain(`url=${bundle.url}`);
  });

  it('stay ES modules when the game awaits at top level, and run the same', async () => {
    const file = game('awaits.ts', 'awaits', 'const value = await Promise.resolve(8);');
    const bundle = await bundleForNodeWorker(file, 'game', { shared: sharedLogicApi() });
    expect(bundle.file.endsWith('.mjs'), bundle.file).toBe(true);
    const line = await firstConsoleLine(file, 'awaits');
    expect(line, 'the game ran its first frame').toContain('awaits 8');
    expect(line).toContain('strict=true');
    expect(line).toContain(`url=${bundle.url}`);
  });
});
