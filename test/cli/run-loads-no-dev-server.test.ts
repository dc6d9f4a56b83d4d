/**
 * `twinframe run` and `twinframe replay` are headless: they do not load Vite (the dev server and
 * the site build, with rolldown), which cost a headless `run --frames 1` ~230 ms of its ~470 ms of
 * CPU in module loading (measured with --cpu-prof from an installed package). The CLI imports the
 * dev layer only for `dev`, `build` and `replay --view`. Checked with module hooks that fail any
 * import of Vite or rolldown in the CLI's process.
 */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const refuse = fileURLToPath(new URL('./fixtures/refuse-dev-server.mjs', import.meta.url));

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', refuse, 'bin/twinframe.mjs', ...args], { cwd: root, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('the headless commands', () => {
  it('twinframe run and twinframe replay load no Vite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twinframe-no-vite-'));
    try {
      const recording = join(dir, 'run.tfrec');
      const r = await cli(['run', 'examples/spawner/game.ts', '--frames', '30', '--quiet', '--record', recording]);
      expect(r.stderr).not.toContain('refused:');
      expect(r.code, r.stderr).toBe(0);
      const p = await cli(['replay', recording, '--verify']);
      expect(p.stderr).not.toContain('refused:');
      expect(p.code, p.stderr + p.stdout).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the hooks do refuse Vite (twinframe build needs it)', async () => {
    const r = await cli(['build', 'examples/spawner/game.ts', '--out', join(tmpdir(), 'twinframe-refused-build')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('refused: vite');
  });
});
