/**
 * A game bundle is CommonJS (the worker requires it: Node's ES module loader never starts there,
 * issue 15's start-up), unless the game awaits at top level: then it stays an ES module. Either
 * way the game runs as before: strict mode, `import.meta.url` (the bundle's own), its default
 * export. Real esbuild, real worker threads through createNodeApp, a cache folder of the test's own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNodeApp } from '../../src/startup/node-app.ts';
import { bundleForNodeWorker } from '../../src/platform/node-bundle.ts';
import { MemoryLogger } from '../../src/platform/logger.ts';
import { sharedLogicApi } from '../../src/startup/shared-logic-api.ts';

const defineGame = fileURLToPath(new URL('../../src/logic/index.ts', import.meta.url));
let root: string;
let previous: string | undefined;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'twinframe-game-format-'));
  previous = process.env['TWINFRAME_CACHE_DIR'];
  process.env['TWINFRAME_CACHE_DIR'] = join(root, 'cache');
});

afterAll(() => {
  if (previous === undefined) delete process.env['TWINFRAME_CACHE_DIR'];
  else process.env['TWINFRAME_CACHE_DIR'] = previous;
  rmSync(root, { recursive: true, force: true });
});

/** A game that logs, in its first frame, `label`, whether it runs strict, and its import.meta.url. */
function game(name: string, label: string, prelude: string): string {
  const file = join(root, name);
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

/** Runs `file` until its first frame's line arrives; returns the line. */
async function firstLine(file: string, label: string): Promise<string> {
  const app = await createNodeApp({ game: file, fps: 60, logger: new MemoryLogger() });
  let line = '';
  app.on('diagnostic', (d) => { if (d.message.startsWith(label)) line = d.message; });
  app.start();
  const t0 = Date.now();
  while (line === '' && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 10));
  await app.stop();
  return line;
}

describe('game bundles', () => {
  it('are CommonJS, run strict, and keep import.meta.url (the bundle\'s)', async () => {
    const file = game('plain.ts', 'plain', 'const value = 7;');
    const bundle = await bundleForNodeWorker(file, 'game', { shared: sharedLogicApi() });
    expect(bundle.file.endsWith('.cjs'), bundle.file).toBe(true);
    const line = await firstLine(file, 'plain');
    expect(line, 'the game ran its first frame').toContain('plain 7');
    expect(line).toContain('strict=true');
    expect(line).toContain(`url=${bundle.url}`);
  });

  it('stay ES modules when the game awaits at top level, and run the same', async () => {
    const file = game('awaits.ts', 'awaits', 'const value = await Promise.resolve(8);');
    const bundle = await bundleForNodeWorker(file, 'game', { shared: sharedLogicApi() });
    expect(bundle.file.endsWith('.mjs'), bundle.file).toBe(true);
    const line = await firstLine(file, 'awaits');
    expect(line, 'the game ran its first frame').toContain('awaits 8');
    expect(line).toContain('strict=true');
    expect(line).toContain(`url=${bundle.url}`);
  });
});
