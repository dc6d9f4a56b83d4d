/**
 * `twinframe --version` / `-v` as a user runs it: the real CLI in a child process, started from a
 * folder outside the repository, prints the version from twinframe's own package.json.
 */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'bin', 'twinframe.mjs');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('twinframe --version', () => {
  it.each([['--version'], ['-v']])('%s prints the package version and exits 0, from any folder', async (flag) => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'twinframe-version-'));
    try {
      const r = await cli([flag], elsewhere);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
      expect(r.stdout).toBe(`${VERSION}\n`);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('is listed in the top-level usage', async () => {
    const r = await cli(['--help'], ROOT);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--version, -v');
  });
});
