/**
 * Hot reload benchmarks (issue 14; headless, null renderer, 60 fps engine, lockstep, real workers
 * and real files): the spawner example copied into a temp folder and run with `watch: true`.
 * - reload.save_to_first_frame_ms.p50 / .p99: from just before the file is written to the
 *   engine's TF4140 (it sees the first completed logic frame of the new code). Targets <= 150 / <= 300.
 * - reload.engine_p99_ratio: the engine frame p99 (wall time) in a window with a reload every
 *   second over the p99 in a quiet window of the same app just before it; the median of the
 *   per-round ratios (rounds: quick 3, full 7). Target <= 1.1.
 * - reload.engine_work_p99_ratio: the same with each frame's own work (its wall time minus the
 *   engine thread's run-queue wait in it, frame-wait-clock.ts): a reload's bundle and standby
 *   worker add CPU demand, and on a shared 2-core machine the engine's long frames are mostly
 *   time it waited for a CPU. The log lines give both p99s, frames and run-queue wait per window.
 * - reload.engine_p99_floor_ratio / reload.engine_work_p99_floor_ratio: the same two ratios with no
 *   reload in the loaded window, but another process spinning at the start of each second for as
 *   much CPU time as the round's reloads added to the machine (cpu-pulse.ts): what concurrent CPU
 *   work alone does to the engine's frames here, so the reload ratios cannot be below it.
 * - reload.logic_gap_ms.p50: the longest time without a new logic frame (app.logicFrameMs.count,
 *   polled every millisecond) from the write to 300 ms after the reload. Aim: one logic frame.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchContext, BenchSuite } from '../harness.ts';
import { percentile } from '../harness.ts';
import { createNodeApp } from '../../src/startup/node-app.ts';
import { MemoryLogger } from '../../src/platform/logger.ts';
import type { App } from '../../src/engine/app.ts';
import { createTimerClock } from '../../src/platform/timer-clock.ts';
import { formatRunQueueWait, runQueueWaitMs } from '../chaos/run-queue-wait.ts';
import { FrameWaitClock } from './frame-wait-clock.ts';
import { machineBusyMs, startCpuPulse } from './cpu-pulse.ts';

const FPS = 60;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const SPAWNER = fileURLToPath(new URL('../../examples/spawner/game.ts', import.meta.url));
const LOGIC_INDEX = fileURLToPath(new URL('../../src/logic/index.ts', import.meta.url));

/** The spawner's source with its import made absolute and a revision mark (new code each time). */
function spawnerSource(rev: number): string {
  return `${readFileSync(SPAWNER, 'utf8').replace("'../../src/logic/index.ts'", JSON.stringify(LOGIC_INDEX))}\nexport const REVISION = ${rev};\n`;
}

async function startSpawner(dir: string): Promise<{ app: App; file: string }> {
  const file = join(dir, 'game.ts');
  writeFileSync(file, spawnerSource(0));
  const app = await createNodeApp({ game: file, fps: FPS, logger: new MemoryLogger(), watch: true });
  app.start();
  return { app, file };
}

/** One reload: write, wait for TF4140; returns save-to-first-frame and the longest logic gap (ms). */
async function timedReload(app: App, file: string, rev: number): Promise<{ ms: number; gap: number }> {
  let done = -1;
  const off = app.on('diagnostic', (d) => { if (d.code === 'TF4140' && done < 0) done = performance.now(); });
  const t0 = performance.now();
  writeFileSync(file, spawnerSource(rev));
  let lastCount = app.logicFrameMs.count;
  let lastAt = t0;
  let gap = 0;
  const until = t0 + 5000;
  while (performance.now() < until && (done < 0 || performance.now() < done + 300)) {
    await sleep(1);
    const now = performance.now();
    const count = app.logicFrameMs.count;
    if (count !== lastCount) {
      gap = Math.max(gap, now - lastAt);
      lastCount = count;
      lastAt = now;
    }
  }
  gap = Math.max(gap, performance.now() - lastAt);
  off();
  return { ms: done < 0 ? Number.NaN : done - t0, gap };
}

async function saveToFirstFrame(ctx: BenchContext): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tf-reload-bench-'));
  const { app, file } = await startSpawner(dir);
  await sleep(500);
  const times: number[] = [];
  const gaps: number[] = [];
  const n = ctx.quick ? 6 : 30;
  for (let i = 1; i <= n; i++) {
    const r = await timedReload(app, file, i);
    if (!Number.isNaN(r.ms)) times.push(r.ms);
    gaps.push(r.gap);
    await sleep(150);
  }
  const s = app.stats();
  await app.stop();
  rmSync(dir, { recursive: true, force: true });
  ctx.log(`reload: ${times.length}/${n} reloads, ${s.reload.failed} failed; save to first frame ${times.map((x) => x.toFixed(0)).join(', ')} ms; logic gaps ${gaps.map((x) => x.toFixed(0)).join(', ')} ms`);
  ctx.report('reload.save_to_first_frame_ms.p50', percentile(times, 50), 'ms', { target: '<= 150' });
  ctx.report('reload.save_to_first_frame_ms.p99', percentile(times, 99), 'ms', { target: '<= 300' });
  ctx.report('reload.logic_gap_ms.p50', percentile(gaps, 50), 'ms', { target: `~ one logic frame (${(1000 / FPS).toFixed(1)})` });
}

/** One measured window of `seconds` on a running app, a save (a reload) at the start of each second when `reload`. */
async function engineWindow(app: App, clock: FrameWaitClock, file: string, reload: boolean, seconds: number, rev: { n: number }): Promise<{ wallP99: number; workP99: number; frames: number; reloads: number; wait: number; busyMs: number }> {
  const reloads0 = app.stats().reload.count;
  const wait0 = runQueueWaitMs();
  const busy0 = machineBusyMs();
  clock.startWindow();
  for (let i = 0; i < seconds; i++) {
    if (reload) writeFileSync(file, spawnerSource(++rev.n));
    await sleep(1000);
  }
  const w = clock.endWindow();
  const wait = runQueueWaitMs() - wait0;
  return { ...w, reloads: app.stats().reload.count - reloads0, wait, busyMs: machineBusyMs() - busy0 };
}

/**
 * One app, alternating a quiet window, a window with a reload every second and a window with a
 * CPU pulse of the reloads' size instead (rounds: quick 3, full 7); each row is the median of the
 * per-round ratios, so a round's machine load is shared by its windows. After each reload window
 * the last reload is let finish before the next window.
 */
async function engineRatio(ctx: BenchContext): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tf-reload-bench-'));
  const file = join(dir, 'game.ts');
  writeFileSync(file, spawnerSource(0));
  const clock = new FrameWaitClock(createTimerClock({ fps: FPS }));
  const app = await createNodeApp({ game: file, clock, logger: new MemoryLogger(), watch: true });
  app.start();
  await sleep(ctx.quick ? 500 : 1000);
  const rounds = ctx.quick ? 3 : 7;
  const seconds = ctx.quick ? 2 : 4;
  const rev = { n: 0 };
  const wallRatios: number[] = [];
  const workRatios: number[] = [];
  const wallFloors: number[] = [];
  const workFloors: number[] = [];
  const pulses: number[] = [];
  const lines: string[] = [];
  let reloads = 0;
  for (let i = 0; i < rounds; i++) {
    const quiet = await engineWindow(app, clock, file, false, seconds, rev);
    const loaded = await engineWindow(app, clock, file, true, seconds, rev);
    reloads += loaded.reloads;
    // The last save's reload (and its spare worker's start) ends outside both windows.
    await sleep(600);
    // The CPU the reloads added to the machine, per second (170 ms measured on a 2-core VM where /proc/stat is missing).
    const extra = (loaded.busyMs - quiet.busyMs) / seconds;
    const busyMs = Number.isNaN(extra) ? 170 : Math.max(0, Math.min(900, extra));
    pulses.push(busyMs);
    const pulse = startCpuPulse(busyMs);
    // Its process start is outside the window.
    await sleep(300);
    const pulsed = await engineWindow(app, clock, file, false, seconds, rev);
    pulse.stop();
    await sleep(200);
    wallRatios.push(loaded.wallP99 / quiet.wallP99);
    workRatios.push(loaded.workP99 / quiet.workP99);
    wallFloors.push(pulsed.wallP99 / quiet.wallP99);
    workFloors.push(pulsed.workP99 / quiet.workP99);
    lines.push(`wall ${loaded.wallP99.toFixed(2)}/${quiet.wallP99.toFixed(2)} work ${loaded.workP99.toFixed(2)}/${quiet.workP99.toFixed(2)} ms (pulse of ${busyMs.toFixed(0)} ms/s: wall ${pulsed.wallP99.toFixed(2)} work ${pulsed.workP99.toFixed(2)}), frames ${loaded.frames}/${quiet.frames}, run-queue wait ${formatRunQueueWait(loaded.wait, seconds * 1000)}/${formatRunQueueWait(quiet.wait, seconds * 1000)}`);
  }
  const failed = app.stats().reload.failed;
  await app.stop();
  clock.dispose();
  rmSync(dir, { recursive: true, force: true });
  const ratios = (r: number[]): string => r.map((x) => x.toFixed(2)).join(', ');
  ctx.log(`reload: engine frame p99 with a reload a second / without, per round (one app, alternating windows of ${seconds} s; ${reloads} reloads, ${failed} failed): ${lines.join('; ')}`);
  ctx.log(`reload: per-round ratios: wall ${ratios(wallRatios)}; work ${ratios(workRatios)}${clock.waitKnown ? '' : ' (no schedstat here: work is wall time)'}; with a CPU pulse of ${ratios(pulses)} ms/s and no reload: wall ${ratios(wallFloors)}, work ${ratios(workFloors)}`);
  ctx.report('reload.engine_p99_ratio', percentile(wallRatios, 50), 'x', { target: '<= 1.1' });
  ctx.report('reload.engine_work_p99_ratio', percentile(workRatios, 50), 'x', { target: '<= 1.1' });
  ctx.report('reload.engine_p99_floor_ratio', percentile(wallFloors, 50), 'x', { target: 'report: engine_p99_ratio with a CPU pulse of the reloads\' size and no reload (its floor here)' });
  ctx.report('reload.engine_work_p99_floor_ratio', percentile(workFloors, 50), 'x', { target: 'report: the floor of engine_work_p99_ratio, likewise' });
}

const suite: BenchSuite = {
  name: 'reload',
  async run(ctx: BenchContext) {
    // `--case save_to_first_frame` (or logic_gap) and `--case ratio` run one measurement alone.
    if (ctx.wants('reload.save_to_first_frame_ms') || ctx.wants('reload.logic_gap_ms')) await saveToFirstFrame(ctx);
    if (ctx.wants('reload.engine_p99_ratio') || ctx.wants('reload.engine_work_p99_ratio') || ctx.wants('reload.engine_p99_floor_ratio') || ctx.wants('reload.engine_work_p99_floor_ratio')) await engineRatio(ctx);
  },
};
export default suite;
