/**
 * A hot-reloading run replays with the code each incarnation ran (issue 16, docs/replay.md "Hot
 * reloads"): `twinframe run --watch --record F` in a CLI process, the test saves new code while
 * it runs, then edits the file once more after the run; `replayRecordingFile(F, { verify })`
 * replays both incarnations from the bundles the recording holds and matches every tick.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runWatchWithOneSave } from '../helpers/watch-run.ts';
import { replayRecordingFile } from '../../src/startup/replay-driver.ts';
import { decodeRecording } from '../../src/protocol/recording-decoder.ts';
import { readFileSync } from 'node:fs';


// No ctx.hot: a reload restarts the game's world from its setup (what a replay reproduces).
const game = (step: number): string => `let cube;
export default {
  setup(ctx) { cube = ctx.entities.createMesh('cube', { x: 0, y: 0, z: 0 }, 1, { r: 1, g: 1, b: 1, a: 255 }); },
  update(ctx) { ctx.entities.moveBy(cube, { x: ${step} * Math.random(), y: 0, z: 0 }); },
};
`;

describe('replaying a hot-reloaded recording', () => {
  it('stores each incarnation\'s bundle and replays it, though the game file changed again since: identical', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twinframe-replay-watch-'));
    const file = join(dir, 'game.ts');
    const rec = join(dir, 'run.tfrec');
    writeFileSync(file, game(1));
    try {
      const { code, stdout, stderr, saved } = await runWatchWithOneSave(file, ['--seconds', '5', '--record', rec], game(2));
      expect(stderr).not.toMatch(/error TF/);
      expect(code, stdout + stderr).toBe(0);
      expect(saved).toBe(true);
      expect(stdout, 'the save reloaded the game').toContain('TF4140');

      const decoded = await decodeRecording(new Uint8Array(readFileSync(rec)));
      const bundles = decoded.events.filter((e) => e.kind === 'bundle');
      expect(bundles.map((b) => b.incarnation), 'the first incarnation\'s code and the reloaded one').toEqual([1, 2]);
      expect(bundles[0]!.kind === 'bundle' && bundles[0]!.hash).toBe(decoded.header.bundleHash);

      // The file changes once more: a replay from the game file would diverge from both incarnations.
      writeFileSync(file, game(3));
      const report = await replayRecordingFile(rec, { verify: true });
      expect(report.divergence).toBeNull();
      expect(report.incarnations).toBe(2);
      expect(report.ticks).toBe(report.recordedTicks);
      expect(report.ticks).toBeGreaterThan(30);
      expect(report.bundles.map((b) => [b.incarnation, b.source, b.bundleHashMatches])).toEqual([[1, 'recording', true], [2, 'recording', true]]);
      expect(report.bundleHashMatches).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
