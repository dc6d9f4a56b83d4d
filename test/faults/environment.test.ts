/**
 * Fault suite, environment (issue 5): without SharedArrayBuffer (a page that is not cross-origin
 * isolated) createApp fails with TF1006 naming both headers; a game module that cannot be loaded
 * (missing file, missing import, syntax error) is a coded error (TF3010 / TF3011) with file and line
 * from createNodeApp, and the CLI exits non-zero with that message.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/engine/app.ts';
import { createNodeApp } from '../../src/cli/node-app.ts';
import { createNodeWorkerHost } from '../../src/platform/node-worker-host.ts';
import { ManualClock } from '../../src/platform/manual-clock.ts';
import { isTwinframeError, TwinframeError } from '../../src/shared-memory/twinframe-error.ts';
import { faultGame } from './fault-rig.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

function cli(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/twinframe.mjs', ...args], { cwd: root, timeout: 60_000 }, (error, _stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr });
    });
  });
}

async function rejection(p: Promise<unknown>): Promise<TwinframeError> {
  try {
    await p;
  } catch (e) {
    if (isTwinframeError(e)) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('fault: environment', () => {
  it('createApp without SharedArrayBuffer fails with TF1006 naming both headers', () => {
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'SharedArrayBuffer')!;
    let error: unknown;
    try {
      delete (globalThis as { SharedArrayBuffer?: unknown }).SharedArrayBuffer;
      expect(typeof SharedArrayBuffer).toBe('undefined');
      createApp({ workerHost: createNodeWorkerHost({ entry: 'unused.mjs' }), game: 'file:///unused.js', clock: new ManualClock() });
    } catch (e) {
      error = e;
    } finally {
      Object.defineProperty(globalThis, 'SharedArrayBuffer', saved);
    }
    expect(typeof SharedArrayBuffer).toBe('function');
    expect(isTwinframeError(error, 'TF1006')).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain('Cross-Origin-Opener-Policy: same-origin');
    expect(message).toContain('Cross-Origin-Embedder-Policy: require-corp');
  });

  it('a missing game module: TF3010 naming the file', async () => {
    const missing = faultGame('no-such-game.js');
    const e = await rejection(createNodeApp({ game: missing }));
    expect(e.code).toBe('TF3010');
    expect(e.message).toContain(missing);
    expect(e.details).toMatchObject({ file: missing });
  });

  it('a game importing a missing module: TF3010 with the importing file and line', async () => {
    const game = faultGame('imports-missing.js');
    const e = await rejection(createNodeApp({ game }));
    expect(e.code).toBe('TF3010');
    expect(e.message).toContain(`${game}:2:`);
    expect(e.message).toContain('no-such-helper.js');
    expect(e.details).toMatchObject({ file: game, line: 2 });
  });

  it('a game with a syntax error: TF3011 with file and line', async () => {
    const game = faultGame('syntax-error.js');
    const e = await rejection(createNodeApp({ game }));
    expect(e.code).toBe('TF3011');
    expect(e.message).toContain(`${game}:4:`);
    expect(e.details).toMatchObject({ file: game, line: 4 });
  });

  it('the CLI exits non-zero with the coded message for a bad game', async () => {
    const [syntax, missing] = await Promise.all([
      cli(['run', 'test/fixtures/faults/syntax-error.js', '--frames', '10']),
      cli(['run', 'test/fixtures/faults/no-such-game.js', '--frames', '10']),
    ]);
    expect(syntax.code).not.toBe(0);
    expect(syntax.stderr).toMatch(/TF3011 .*test\/fixtures\/faults\/syntax-error\.js:4:\d+/);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/TF3010 .*test\/fixtures\/faults\/no-such-game\.js does not exist/);
  });
});
