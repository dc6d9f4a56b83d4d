/**
 * Issue 13 item 6: a run ends when its work ends. `twinframe run` and `app.stop()` must leave no
 * pending timer behind (a shutdown timeout that is not cleared keeps Node alive until it fires, up
 * to `shutdownTimeoutMs`, 5 s by default). Measured around real child processes: the CLI as a user
 * runs it, and a host script that calls createNodeApp, start and stop.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface Timed {
  code: number | null;
  out: string;
  /** When each marker first appeared in the output (ms, this process's clock). */
  marks: Map<string, number>;
  lastOutputAt: number;
  exitAt: number;
}

/** Runs `node args` and timestamps the output markers, the last output and the exit. */
function timedRun(args: string[], markers: string[]): Promise<Timed> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const marks = new Map<string, number>();
    let out = '';
    let lastOutputAt = 0;
    const onData = (chunk: Buffer): void => {
      lastOutputAt = performance.now();
      out += chunk.toString();
      for (const m of markers) if (!marks.has(m) && out.includes(m)) marks.set(m, lastOutputAt);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => resolve({ code, out, marks, lastOutputAt, exitAt: performance.now() }));
  });
}

const HOST_SCRIPT = `
import { createNodeApp } from './src/startup/node-app.ts';
import { silentLogger } from './src/platform/logger.ts';
const app = await createNodeApp({ game: 'examples/spawner/game.ts', fps: 60, logger: silentLogger });
app.start();
await new Promise((r) => setTimeout(r, 1000));
await app.stop();
console.log('STOPPED frames=' + app.stats().engine.frames);
`;

describe('shutdown leaves nothing pending', () => {
  it('twinframe run --seconds 1 exits within 0.5 s of its last frame (the final stats line)', async () => {
    const r = await timedRun(['bin/twinframe.mjs', 'run', 'examples/spawner/game.ts', '--seconds', '1'], []);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/engine/);
    expect(r.exitAt - r.lastOutputAt, `exit came ${Math.round(r.exitAt - r.lastOutputAt)} ms after the final stats line`).toBeLessThan(500);
  }, 60_000);

  it('a game that fails to load ends the run within 1 s of the load-failure report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twinframe-load-fail-'));
    const game = join(dir, 'game.js');
    writeFileSync(game, 'throw new Error("broken at load");\nexport default {};\n');
    const r = await timedRun(['bin/twinframe.mjs', 'run', game, '--seconds', '30'], ['TF5041', 'TF4111']);
    expect(r.code, r.out).toBe(1);
    // The load failure is reported by the logic (TF5041) and then by the engine (TF4111); the run
    // ends on the first, so the second may not be printed before the exit.
    const reported = r.marks.get('TF5041') ?? r.marks.get('TF4111');
    expect(reported, `no TF5041 or TF4111 in:\n${r.out}`).toBeDefined();
    expect(r.exitAt - reported!, `exit came ${Math.round(r.exitAt - reported!)} ms after the load-failure report`).toBeLessThan(1000);
  }, 60_000);

  it('a host script that calls app.stop() exits within 0.5 s of stop resolving', async () => {
    const r = await timedRun(['--import', 'tsx', '--input-type=module', '-e', HOST_SCRIPT], ['STOPPED']);
    expect(r.code, r.out).toBe(0);
    const stopped = r.marks.get('STOPPED');
    expect(stopped, `no STOPPED line in:\n${r.out}`).toBeDefined();
    expect(r.out).toMatch(/STOPPED frames=[1-9]/);
    expect(r.exitAt - stopped!, `exit came ${Math.round(r.exitAt - stopped!)} ms after stop() resolved`).toBeLessThan(500);
  }, 60_000);
});
