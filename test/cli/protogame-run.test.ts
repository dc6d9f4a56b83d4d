/**
 * `twinframe run --host protogame examples/protogame/Scripts/main.js` as a user runs it: a child
 * process on the real CLI (tsx loader, esbuild bundle of the script tree, a real logic worker),
 * 120 engine frames, a JSON report. Also a script tree that fails to load exits 1 with its code.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'bin', 'twinframe.mjs');

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'run', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 90_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('twinframe run --host protogame', () => {
  it('runs the example script tree for 120 frames and writes the JSON report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'twinframe-protogame-'));
    try {
      const json = join(dir, 'report.json');
      const r = run(['--host', 'protogame', 'examples/protogame/Scripts/main.js', '--frames', '120', '--json', json]);
      expect(r.stderr).not.toMatch(/error TF/);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('main.js: loaded');
      const report = JSON.parse(readFileSync(json, 'utf8')) as Record<string, Record<string, unknown>>;
      expect(report.run).toMatchObject({ host: 'protogame', frames: 120 });
      expect(report.engine!.frames).toBe(120);
      expect(report.logic!.frames as number).toBeGreaterThan(30);
      expect(report.logic!.incarnation).toBe(1);
      // player, spinner and grid are created through ENTITY_CREATED callbacks; one camera is active.
      expect(report.entities).toMatchObject({ live: 3, created: 3 });
      expect((report.cameras as { live: number; active: number }).live).toBe(1);
      expect((report.cameras as { active: number }).active).toBeGreaterThan(0);
      expect(report.commands).toMatchObject({ rejected: 0, malformed: 0 });
      expect(report.worker).toMatchObject({ restarts: 0, hangs: 0, crashes: 0 });
      const byCode = (report.diagnostics as { by_code: Record<string, number> }).by_code;
      for (const code of ['TF5001', 'TF5002', 'TF5003', 'TF5041', 'TF5504']) expect(byCode[code] ?? 0).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without --host protogame, the script tree fails to load with TF5041 saying to pass it', () => {
    const r = run(['examples/protogame/Scripts/main.js', '--frames', '30', '--quiet']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('TF5041');
    expect(r.stderr).toMatch(/`\w+` is one of the ProtogameJS3D natives/);
    expect(r.stderr).toContain('--host protogame');
    // Printed once: the exit line names the code rather than repeating the message.
    expect(r.stderr.split('Logic.load: the game module could not be loaded').length - 1).toBe(1);
    expect(r.stderr).toContain('twinframe run: the game did not run: TF5041 (printed above)');
  });

  it('exits 1 with the load error when main.js throws while it is evaluated', () => {
    const dir = mkdtempSync(join(tmpdir(), 'twinframe-protogame-'));
    try {
      writeFileSync(join(dir, 'helper.js'), 'export function boom() { throw new Error("broken script tree"); }\n');
      writeFileSync(join(dir, 'main.js'), 'import { boom } from "./helper.js";\nboom();\n');
      const r = run(['--host', 'protogame', join(dir, 'main.js'), '--frames', '60', '--quiet']);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('TF5041');
      expect(r.stderr).toContain('broken script tree');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
