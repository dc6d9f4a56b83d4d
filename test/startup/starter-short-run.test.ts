/**
 * The starter `twinframe init` writes (templates/starter/game.ts) run for a single frame, as a
 * smoke test in CI runs it (`twinframe run game.ts --frames 1`): the app stops before the engine
 * confirmed the setup's creations. Each pending request settles with TF5022; the starter's own
 * handler on the cube's `ready` must not call that a refusal, and the requests it does not observe
 * are one info line, not a warning each. Through the CLI (a real worker; the game's console after
 * the stop goes straight to the terminal, so only the process's output shows it).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const STARTER = fileURLToPath(new URL('../../templates/starter/game.ts', import.meta.url));
const LOGIC = fileURLToPath(new URL('../../src/logic/index.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tf-starter-short-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/twinframe.mjs', ...args], { cwd: root, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

describe('the starter game stopped after one frame', () => {
  it('says nothing was refused: one info TF5022 for the unconfirmed requests, no warning', async () => {
    // The starter imports 'twinframe/logic' (the installed package); here that is the repo's own source.
    const game = join(dir, 'game.ts');
    writeFileSync(game, readFileSync(STARTER, 'utf8').replace("from 'twinframe/logic'", `from ${JSON.stringify(LOGIC)}`));
    const { code, output } = await cli(['run', game, '--frames', '1']);
    expect(code, output).toBe(0);
    expect(output, 'no refusal').not.toMatch(/refused/);
    const abandoned = output.split('\n').filter((l) => l.includes('TF5022'));
    expect(abandoned.length, `one line (the stop found the setup unconfirmed)\n${output}`).toBe(1);
    expect(abandoned[0]).toMatch(/^\[logic\] TF5022 Logic\.shutdown: \d+ requests the game made without an error handler/);
  });
});
