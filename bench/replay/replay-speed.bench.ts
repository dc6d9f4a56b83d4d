/**
 * Replay speed (issue 16): `replay.speed_x`, recorded seconds replayed per wall second, headless,
 * with verification on (every command compared, every engine frame's state hash checked). The
 * spawner example is recorded in lockstep at 60 fps with scripted input (a real worker, the
 * engine's recorder), then replayed by the replay driver in a real worker as fast as it goes. The
 * worker's start and the game's load are not replay speed (reported apart as replay.load_ms).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchContext, BenchSuite } from '../harness.ts';
import { runHeadless } from '../../src/startup/run-headless.ts';
import { decodeRecording } from '../../src/protocol/recording-decoder.ts';
import { replayRecording } from '../../src/startup/replay-driver.ts';

const SPAWNER = fileURLToPath(new URL('../../examples/spawner/game.ts', import.meta.url));

async function run(ctx: BenchContext): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'twinframe-replay-bench-'));
  try {
    const file = join(dir, 'spawner.tfrec');
    const frames = ctx.quick ? 180 : 600;
    await runHeadless(SPAWNER, {
      frames, fps: 60, record: file, flightRecorderSeconds: 0,
      beforeFrame: (n, input) => {
        if (n % 60 === 10) input.keyDown(39);
        if (n % 60 === 40) input.keyUp(39);
        if (n % 4 === 0) input.mouseMove(n % 640, (n * 7) % 480, 1, 1);
      },
    });
    const recording = await decodeRecording(new Uint8Array(readFileSync(file)));
    const report = await replayRecording(recording, { verify: true });
    if (report.divergence !== null) throw new Error(`replay bench: the replay diverged at tick ${report.divergence.tick}: ${report.divergence.detail}`);
    ctx.log(`replay: ${report.ticks} ticks, ${report.recordedSeconds.toFixed(2)} s recorded, replayed in ${(report.wallSeconds - report.loadSeconds).toFixed(3)} s after ${(report.loadSeconds * 1000).toFixed(0)} ms of load: ${report.speedX.toFixed(1)}x`);
    ctx.report('replay.speed_x', report.speedX, 'x', { target: '>= 20' });
    ctx.report('replay.load_ms', report.loadSeconds * 1000, 'ms');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const suite: BenchSuite = { name: 'replay', run };
export default suite;
