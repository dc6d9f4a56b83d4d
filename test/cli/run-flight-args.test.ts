/**
 * `twinframe run --flight-max-entities N` (docs/guide.md "Recording a run"): the App option
 * flightRecorderMaxEntities from the command line. The spawner has live entities from its first
 * frames, so N = 0 stops the flight recorder (TF4162, once), the default (20,000) does not, and a
 * bad N is refused with exit 2.
 */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRunArgs } from '../../src/cli/cli-args.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/twinframe.mjs', ...args], { cwd: root, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** TF4162 diagnostics of a run's --json report. */
function stops(json: string): number {
  const report = JSON.parse(readFileSync(json, 'utf8')) as { diagnostics: { by_code: Record<string, number> } };
  return report.diagnostics.by_code.TF4162 ?? 0;
}

describe('twinframe run --flight-max-entities', () => {
  it('parses a count or Infinity, and refuses anything else with the option\'s message', () => {
    expect(parseRunArgs(['g.ts', '--flight-max-entities', '500'])).toMatchObject({ flightMaxEntities: 500 });
    expect(parseRunArgs(['g.ts', '--flight-max-entities', 'Infinity'])).toMatchObject({ flightMaxEntities: Infinity });
    expect(parseRunArgs(['g.ts'])).not.toHaveProperty('flightMaxEntities');
    for (const bad of ['-1', 'many', '']) {
      expect(parseRunArgs(['g.ts', '--flight-max-entities', bad])).toBe(`--flight-max-entities needs a number in 0..1000000000 or Infinity; got ${JSON.stringify(bad)}. Example: --flight-max-entities 50000.`);
    }
  });

  it('stops the flight recorder past N live entities (TF4162 once); the default keeps it on; a bad N exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twinframe-flight-max-'));
    try {
      const stopped = join(dir, 'stopped.json');
      const r = await cli(['run', 'examples/spawner/game.ts', '--frames', '60', '--flight-max-entities', '0', '--json', stopped, '--quiet']);
      expect(r.code, r.stderr).toBe(0);
      expect(stops(stopped), 'stopped once').toBe(1);
      expect(r.stdout + r.stderr).toContain('flightRecorderMaxEntities 0');
      const kept = join(dir, 'kept.json');
      const k = await cli(['run', 'examples/spawner/game.ts', '--frames', '60', '--json', kept, '--quiet']);
      expect(k.code, k.stderr).toBe(0);
      expect(stops(kept), 'the default limit is far above the spawner').toBe(0);
      const bad = await cli(['run', 'examples/spawner/game.ts', '--flight-max-entities', '-5']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--flight-max-entities needs a number in 0..1000000000 or Infinity; got "-5"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
