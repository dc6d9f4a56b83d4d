/**
 * `twinframe run game.ts --json` with no file name (or `--json -`): the report goes to stdout,
 * alone, so CI can pipe it (`twinframe run game.ts --json > report.json`, `| jq`); the per-second
 * line and the game's console go to stderr then. The arguments are parsed as a user types them
 * (replay's the same way; its run is in replay-command.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseReplayArgs, parseRunArgs } from '../../src/cli/cli-args.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/twinframe.mjs', ...args], { cwd: root, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('twinframe run --json without a file name', () => {
  it('parses a bare --json, --json -, and --json before the game module as stdout', () => {
    expect(parseRunArgs(['g.ts', '--json'])).toMatchObject({ game: 'g.ts', json: '-' });
    expect(parseRunArgs(['g.ts', '--json', '-'])).toMatchObject({ game: 'g.ts', json: '-' });
    expect(parseRunArgs(['g.ts', '--json', '--frames', '10'])).toMatchObject({ game: 'g.ts', json: '-', frames: 10 });
    expect(parseRunArgs(['--json', 'game.ts', '--frames', '10'])).toMatchObject({ game: 'game.ts', json: '-', frames: 10 });
    expect(parseRunArgs(['--json', 'main.js'])).toMatchObject({ game: 'main.js', json: '-' });
    expect(parseRunArgs(['g.ts', '--json', 'out/stats.json'])).toMatchObject({ game: 'g.ts', json: 'out/stats.json' });
    expect(parseReplayArgs(['run.tfrec', '--json'])).toMatchObject({ file: 'run.tfrec', json: '-' });
    expect(parseReplayArgs(['--json', 'run.tfrec', '--verify'])).toMatchObject({ file: 'run.tfrec', json: '-', verify: true });
    expect(parseReplayArgs(['run.tfrec', '--json', 'replay.json'])).toMatchObject({ file: 'run.tfrec', json: 'replay.json' });
  });

  it('prints the report alone on stdout and the live line on stderr', async () => {
    const r = await cli(['run', 'examples/spawner/game.ts', '--frames', '90', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { engine: { frames: number }; entities: { live: number } };
    expect(report.engine.frames).toBe(90);
    expect(report.entities.live).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/engine [\d.]+ fps \| logic [\d.]+ fps/);
  });
});
