/**
 * `twinframe run --watch` end to end (issue 14): the CLI process runs a game from a temp folder,
 * the test saves new code while it runs, and the JSON report and the live line show the reload.
 */
import { describe, expect, it } from 'vitest';
import { runWatchWithOneSave } from '../helpers/watch-run.ts';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';


const game = (y: number): string => `let cube = 0;
export default {
  setup(ctx) {
    ctx.hot.accept();
    if (!ctx.hot.isReload) cube = ctx.entities.createMesh('cube', { x: 0, y: 0, z: 0 }, 1, { r: 1, g: 1, b: 1, a: 255 }).id;
    else console.log('reloaded with ' + ctx.entities.count + ' entity');
  },
  update(ctx) { ctx.entities.updatePosition(1, { x: 0, y: ${y}, z: 0 }); },
};
`;

describe('twinframe run --watch', () => {
  it('reloads the game on a save; --json has reload.count, reload.failed, reload.ms.p50 and reload.ms.max; the live line shows reloads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twinframe-watch-'));
    const file = join(dir, 'game.ts');
    const json = join(dir, 'report.json');
    writeFileSync(file, game(1));
    const { code, stdout, stderr, saved } = await runWatchWithOneSave(file, ['--seconds', '5', '--json', json], game(2));
    try {
      expect(stderr).not.toMatch(/error TF/);
      expect(code).toBe(0);
      expect(saved).toBe(true);
      const report = JSON.parse(readFileSync(json, 'utf8')) as { reload: { count: number; failed: number; ms: { p50: number; max: number } }; run: { watch: boolean } };
      expect(report.run.watch).toBe(true);
      expect(report.reload.count).toBe(1);
      expect(report.reload.failed).toBe(0);
      expect(report.reload.ms.p50).toBeGreaterThan(0);
      expect(report.reload.ms.max).toBeGreaterThanOrEqual(report.reload.ms.p50);
      expect(stdout).toMatch(/reloads 1 \(failed 0, p50 \d+ ms\)/);
      expect(stdout).toContain('TF4140');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
