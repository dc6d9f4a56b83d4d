/**
 * runHeadless (`twinframe/testing`): runs a game file headless in Node for a number of logic
 * frames and returns what the engine holds then (every live entity) with the statistics and the
 * diagnostics. What a game's own test needs: one call, a real worker thread, a clean stop.
 */
import { fileURLToPath } from 'node:url';
import type { App, AppStats } from '../engine/app.ts';
import type { EngineDiagnostic } from '../engine/diagnostic-hub.ts';
import { RUNTIME_CODES } from '../engine/error-codes.ts';
import { TEST_HOOKS, type AppTestHooks } from '../engine/app.ts';
import { ManualClock } from '../platform/manual-clock.ts';
import { MemoryLogger } from '../platform/logger.ts';
import { emptyEntitySnapshot, type EntitySnapshot } from '../protocol/entity-state.ts';
import type { InputSink } from '../protocol/input-writer.ts';
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import type { NodeAppOptions } from './node-app.ts';

/** Options of runHeadless: createNodeApp's (but the game and the clock), plus how many frames and how to pace them. */
export interface RunHeadlessOptions extends Omit<NodeAppOptions, 'game' | 'clock' | 'logic' | 'maxFrames'> {
  /** Logic frames to run (the game's `update` runs this often), 1 to 1,000,000. */
  readonly frames: number;
  /**
   * Frames per second of wall time (default 60): the run is paced so the game's `ctx.time.dt` is
   * about 1 / fps, as in a real run. Raise it for a faster test (dt shrinks with it).
   */
  readonly fps?: number;
  /**
   * Called once before each logic frame with its number (1 first) and the app's input: what it
   * does to the input (`input.keyDown(VK.ArrowRight)`, `input.keyUp(...)`) is what that frame and
   * the next ones read, as if the player pressed the key just before that frame.
   */
  readonly beforeFrame?: (frame: number, input: InputSink) => void;
  /** Wall milliseconds the logic may take to complete one frame (or to load) before the run fails with TF4102 (default 10,000). */
  readonly timeoutMs?: number;
}

/** What runHeadless returns. */
export interface HeadlessRun {
  /** Every live entity in the engine's state after the last frame's commands were applied, by ascending id. */
  readonly entities: EntitySnapshot[];
  /** `app.stats()` after the last frame (engine and logic frames, commands, callbacks, diagnostics...). */
  readonly stats: AppStats;
  /** Every diagnostic of the run, in order (the game's `console.*` lines are TF5030). */
  readonly diagnostics: EngineDiagnostic[];
  /** The game's `console.*` lines (the messages of the TF5030 diagnostics), in order. */
  readonly logs: string[];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function optionError(what: string, value: unknown, remedy: string): TwinframeError {
  return new TwinframeError(RUNTIME_CODES.APP_OPTION_INVALID.code, `runHeadless: ${what}; got ${JSON.stringify(value) ?? String(value)}. ${remedy}`);
}

function hooksOf(app: App): AppTestHooks {
  return (app as unknown as Record<typeof TEST_HOOKS, AppTestHooks>)[TEST_HOOKS];
}

/**
 * Runs `game` (a file path or `file:` URL, TypeScript or JavaScript) headless for `frames` logic
 * frames in lockstep and stops it; resolves with the live entities, the statistics and the
 * diagnostics. Each engine frame waits for the logic to complete the frame before it (nothing is
 * skipped), so after the call the engine has applied every command of the last logic frame.
 * Rejects with TF4100 for a bad option, the game's bundling error (TF3010...) when it cannot be
 * bundled, the code of the fatal diagnostic (e.g. TF4111 when it fails to load, TF4105 when it
 * crashes: restarting is off unless `restart` is given) when the logic stops, and TF4102 when a
 * frame takes longer than `timeoutMs`. The worker is stopped in every case. Node only.
 *
 * @example
 * ```ts
 * import { runHeadless } from 'twinframe/testing';
 *
 * const run = await runHeadless(new URL('../game.ts', import.meta.url), { frames: 60 });
 * console.log(run.entities.length, run.stats.logic.frames); // e.g. 6 60
 * ```
 */
export async function runHeadless(game: string | URL, options: RunHeadlessOptions): Promise<HeadlessRun> {
  const { frames, fps = 60, beforeFrame, timeoutMs = 10_000, logger, restart, ...appOptions } = options;
  if (!(Number.isInteger(frames) && frames >= 1 && frames <= 1_000_000)) throw optionError('frames must be an integer in 1..1000000', frames, 'Pass e.g. { frames: 60 } for one second at 60 fps.');
  if (!(typeof fps === 'number' && fps > 0 && fps <= 1000)) throw optionError('fps must be a number in (0, 1000]', fps, 'Leave it out for 60.');
  if (!(typeof timeoutMs === 'number' && timeoutMs > 0)) throw optionError('timeoutMs must be a number > 0', timeoutMs, 'Leave it out for 10000.');
  const gamePath = game instanceof URL ? fileURLToPath(game) : game;
  if (typeof gamePath !== 'string' || gamePath === '') throw optionError('game must be a file path or a file: URL', game, 'Pass e.g. new URL(\'../game.ts\', import.meta.url).');

  // Loaded on call, so `twinframe/testing` stays importable where esbuild and worker_threads are not.
  const { createNodeApp } = await import('./node-app.ts');
  const clock = new ManualClock();
  const app = await createNodeApp({ ...appOptions, game: gamePath, clock, logic: 'lockstep', logger: logger ?? new MemoryLogger(), restart: restart ?? false });
  const diagnostics: EngineDiagnostic[] = [];
  app.on('diagnostic', (d) => diagnostics.push(d));
  const logic = hooksOf(app).logic;
  const frameMs = 1000 / fps;
  try {
    app.start();
    const startedAt = performance.now();
    let waitingSince = startedAt;
    let engineFrame = 0;
    let announced = 0;
    while (logic.observed.logicFrames < frames) {
      if (logic.state !== 'running') throw stoppedError(logic.observed.logicFrames, frames, diagnostics);
      if (performance.now() - waitingSince > timeoutMs) {
        throw new TwinframeError(RUNTIME_CODES.LOGIC_HUNG.code, `runHeadless: logic frame ${logic.observed.logicFrames + 1} of ${frames} did not complete within ${timeoutMs} ms; got ${logic.frameOwed() ? 'a frame still running' : 'no first frame (the game is still loading or its setup never settles)'}. Look for a long loop or a promise setup awaits forever, or raise timeoutMs.`);
      }
      // Wall-clock pacing: frame n starts no earlier than n frame periods after the start, so the
      // worker's dt is about 1 / fps; a frame the logic still owes is waited for, never skipped.
      const due = startedAt + engineFrame * frameMs;
      if (logic.frameOwed() || performance.now() < due) {
        await sleep(logic.frameOwed() ? 1 : Math.max(1, due - performance.now()));
        continue;
      }
      engineFrame++;
      // The step's trigger phase requests logic frame `triggered + 1` (unless the game is still
      // loading); its input phase runs first, so what beforeFrame writes is what that frame reads.
      const next = logic.triggered + 1;
      if (next !== announced && next <= frames) {
        announced = next;
        beforeFrame?.(next, app.input);
      }
      const before = logic.observed.logicFrames;
      clock.step(frameMs);
      if (logic.observed.logicFrames !== before || logic.frameOwed()) waitingSince = performance.now();
    }
    // The tasks due between frames: the last frame's diagnostics are drained after it.
    clock.advance(0);
    const entities: EntitySnapshot[] = [];
    for (const id of app.entityIds().sort((a, b) => a - b)) {
      const e = emptyEntitySnapshot();
      if (app.readEntity(id, e)) entities.push(e);
    }
    const stats = app.stats();
    const logs = diagnostics.filter((d) => d.code === 'TF5030').map((d) => d.message);
    return { entities, stats, diagnostics, logs };
  } finally {
    await stopApp(app, clock);
  }
}

/** The error for a logic that stopped before `frames`: the code and message of its last fatal (or error) diagnostic. */
function stoppedError(done: number, frames: number, diagnostics: readonly EngineDiagnostic[]): TwinframeError {
  const severe = diagnostics.filter((d) => d.severity === 'fatal' || d.severity === 'error');
  const last = severe.at(-1);
  const cause = severe.map((d) => `${d.code} ${d.message}`).join(' | ');
  return new TwinframeError(last?.code ?? RUNTIME_CODES.LOGIC_CRASHED.code, `runHeadless: the logic stopped after ${done} of ${frames} frames; got ${cause === '' ? 'no diagnostic' : cause}. Fix the error above (the first one is the cause; the game's file and line are in it).`, { diagnostics: severe.map((d) => ({ code: d.code, message: d.message })) });
}

/**
 * Stops the app; when the worker does not exit within two wall seconds, moves the manual clock
 * past the shutdown timeout so the logic host terminates it (a ManualClock never fires that
 * timeout by itself).
 */
async function stopApp(app: App, clock: ManualClock): Promise<void> {
  let stopped = false;
  const stopping = app.stop().then(() => { stopped = true; });
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([stopping, new Promise<void>((resolve) => { timer = setTimeout(resolve, 2000); })]);
  clearTimeout(timer);
  if (!stopped) {
    clock.advance(24 * 3600 * 1000);
    await stopping;
  }
}
