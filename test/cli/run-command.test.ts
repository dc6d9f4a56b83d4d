/**
 * The CLI as a user runs it: `node bin/twinframe.mjs run ...` in a child process, on each example.
 */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'twinframe-cli-'));

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/twinframe.mjs', ...args], { cwd: root, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

function get(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], obj);
}

const REQUIRED_KEYS = [
  'engine.frames', 'engine.frame_ms.p50', 'engine.frame_ms.p99', 'engine.frame_ms.max', 'logic.frames', 'logic.frame_ms.p50',
  'logic.frame_ms.p99', 'logic.skipped_frames', 'commands.applied', 'commands.rejected', 'callbacks.delivered', 'entities.live',
  'publish.us.p50', 'publish.us.p99', 'diagnostics.total', 'diagnostics.by_code', 'worker.restarts',
  'queues.command.high_water_bytes', 'queues.command.full_events',
];

describe('twinframe run', () => {
  it.each([
    ['examples/spawner/game.ts', []],
    ['examples/spawner-seed/game.js', ['--logic', '30']],
    ['examples/stress/game.ts', ['--', '--count', '2000']],
  ])('runs %s headless and writes the JSON report', async (game, extra) => {
    const json = join(tmp, `${game.replace(/\W/g, '_')}.json`);
    const r = await cli(['run', game, '--frames', '120', '--json', json, ...extra]);
    expect(r.stderr).not.toMatch(/error TF/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/engine [\d.]+ fps \| logic [\d.]+ fps \| skipped \d+ \| commands \d+\/s \| callbacks \d+ \| entities \d+ \| publish p99 [\d.]+ us \| diagnostics \d+ \| console \d+/);
    const report = JSON.parse(readFileSync(json, 'utf8')) as unknown;
    for (const key of REQUIRED_KEYS) expect(get(report, key), key).toBeDefined();
    expect(get(report, 'engine.frames')).toBe(120);
    expect(get(report, 'logic.frames') as number).toBeGreaterThan(10);
    expect(get(report, 'entities.live') as number).toBeGreaterThan(0);
    expect(get(report, 'commands.rejected')).toBe(0);
  });

  it('prints the usage with --help and exits 0', async () => {
    const r = await cli(['run', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--frames N');
    expect(r.stdout).toContain('engine.frame_ms');
  });

  it('refuses bad arguments with a clear message and exit 2', async () => {
    const r = await cli(['run', 'examples/spawner/game.ts', '--fps', 'fast']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--fps needs a number in 1..1000; got "fast"');
    expect(r.stderr, 'the code once, the value, the docs page').toMatch(/^twinframe run: error TF6002 Cli\.run: --fps needs [^\n]*got "fast"[^\n]* -> docs\/errors\/TF6002\.md$/m);
    expect(r.stderr.match(/error TF6002/g), 'printed once').toHaveLength(1);
  });

  it('refuses an unknown command with TF6002 and exit 2', async () => {
    const r = await cli(['frob']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^twinframe: error TF6002 Cli: unknown command; got "frob"\. The commands are run, dev, build, init and replay[^\n]* -> docs\/errors\/TF6002\.md$/m);
  });

  it('reports a missing game module with a code and exit 1', async () => {
    const r = await cli(['run', 'examples/nope/game.ts', '--frames', '10']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error TF3010 .*examples\/nope\/game\.ts does not exist/);
    expect(r.stderr, 'the code is printed once, and the line ends with its page').toMatch(/^twinframe run: error TF3010 bundle: [^\n]*-> docs\/errors\/TF3010\.md$/m);
  });

  it('reports a syntax error with file and line and exit 1', async () => {
    const r = await cli(['run', 'test/fixtures/games/syntax-error.js', '--frames', '10']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error TF3011 .*syntax-error\.js:3:\d+/);
  });

  it('--strict exits 3 when the game reported an error (CI); without it the run succeeds; a clean game passes', async () => {
    const game = join(tmp, 'throws-in-update.ts');
    writeFileSync(game, 'let n = 0;\nexport default { update() { n++; if (n % 10 === 0) throw new Error(`boom ${n}`); } };\n');
    const strict = await cli(['run', game, '--frames', '60', '--quiet', '--strict', '--flight-seconds', '0']);
    expect(strict.code, strict.stderr).toBe(3);
    expect(strict.stderr).toMatch(/^twinframe run: --strict: the game reported \d+ errors? \(TF5001 x\d+\); the first is printed above\.$/m);
    // Printed once: the first error's own line, and the summary that names only its code.
    expect(strict.stderr.split('boom 10').length - 1).toBe(1);
    const loose = await cli(['run', game, '--frames', '60', '--quiet', '--flight-seconds', '0']);
    expect(loose.code).toBe(0);
    const clean = await cli(['run', 'examples/spawner/game.ts', '--frames', '60', '--quiet', '--strict']);
    expect(clean.code, clean.stderr).toBe(0);
  });

  it('records the run with --record FILE: a complete recording of the whole run', async () => {
    const file = join(tmp, 'spawner.tfrec');
    const r = await cli(['run', 'examples/spawner/game.ts', '--frames', '90', '--record', file, '--seed', '5', '--quiet']);
    expect(r.stderr).not.toMatch(/error TF/);
    expect(r.code).toBe(0);
    const { decodeRecording } = await import('../../src/protocol/recording-decoder.ts');
    const rec = await decodeRecording(new Uint8Array(readFileSync(file)));
    expect(rec.truncatedAt, 'complete').toBeNull();
    expect(rec.header).toMatchObject({ kind: 'full', seed: 5, host: 'twinframe' });
    expect(rec.header.twinframeVersion, 'the package version').toMatch(/^\d+\.\d+\.\d+/);
    expect(rec.header.gamePath).toContain('spawner');
    expect(rec.events.filter((e) => e.kind === 'frame').length, 'every engine frame').toBe(90);
  });

  it('refuses --record without a file and a bad --flight-seconds (exit 2)', async () => {
    const r = await cli(['run', 'examples/spawner/game.ts', '--record']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--record needs a file name');
    const f = await cli(['run', 'examples/spawner/game.ts', '--flight-seconds', '-1']);
    expect(f.code).toBe(2);
    expect(f.stderr).toContain('--flight-seconds needs a number in 0..3600');
  });
});
