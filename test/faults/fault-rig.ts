/**
 * Shared helpers of the fault suite: start a fixture game from test/fixtures/faults on a real
 * worker (createNodeApp: esbuild bundle, worker_threads, real SharedArrayBuffers), collect every
 * diagnostic, wait for conditions, and measure the engine's frame rate over a fault window.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { createNodeApp, type NodeAppOptions } from '../../src/startup/node-app.ts';
import type { App } from '../../src/engine/app.ts';
import type { EngineDiagnostic } from '../../src/engine/diagnostic-hub.ts';
import { MemoryLogger } from '../../src/platform/logger.ts';
import { createTimerClock } from '../../src/platform/timer-clock.ts';

/** Engine frames per second used by the fault tests. */
export const FPS = 60;
/** Share of the expected engine frames a fault window must reach (machines are noisy; 2 cores). */
export const MIN_FRAME_SHARE = 0.8;
/** Longest engine frame (its own work) a fault may cause; generous: a busy machine preempts threads. */
export const MAX_FRAME_MS = 250;
/** Shortest frame-rate window. */
export const MIN_WINDOW_MS = 1000;

export const faultGame = (name: string): string => fileURLToPath(new URL(`../fixtures/faults/${name}`, import.meta.url));
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The 1-based line of the fixture that carries `marker` (e.g. `THROW:update`). */
export function markerLine(name: string, marker: string): number {
  const lines = readFileSync(faultGame(name), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(marker));
  if (i < 0) throw new Error(`marker ${marker} not in ${name}`);
  return i + 1;
}

/** A running fixture game and what it reported. */
export interface FaultRun {
  readonly app: App;
  readonly logger: MemoryLogger;
  readonly diagnostics: EngineDiagnostic[];
  /** Console lines of the game (TF5030), optionally of one incarnation. */
  lines(incarnation?: number): string[];
  /** Diagnostics of one code. */
  of(code: string): EngineDiagnostic[];
  /** Resolves once `pred` holds (polled every 5 ms); rejects with `what` after `timeoutMs`. */
  waitFor(what: string, pred: () => boolean, timeoutMs?: number): Promise<void>;
  /**
   * Starts a frame-rate window; `end()` (after at least MIN_WINDOW_MS, waiting if needed, so one
   * scheduling hiccup of a busy machine does not decide) asserts the engine ran >= MIN_FRAME_SHARE
   * of the expected frames (the frame rate, or what a reference ticker on the same thread got when
   * the machine is too busy for that, but never less than half the frame rate) and that no engine
   * frame took MAX_FRAME_MS or more, and returns the share.
   */
  window(): { end(): Promise<number> };
}

const running = new Set<App>();

/** Starts fixture `name` with `options` and returns its run. */
export async function startFault(name: string, options: Partial<NodeAppOptions> = {}): Promise<FaultRun> {
  const logger = new MemoryLogger();
  const diagnostics: EngineDiagnostic[] = [];
  const app = await createNodeApp({ game: faultGame(name), fps: FPS, logger, ...options });
  app.on('diagnostic', (d) => diagnostics.push(d));
  running.add(app);
  app.start();
  return {
    app, logger, diagnostics,
    lines: (incarnation) => diagnostics.filter((d) => d.code === 'TF5030' && (incarnation === undefined || d.incarnation === incarnation)).map((d) => d.message),
    of: (code) => diagnostics.filter((d) => d.code === code),
    async waitFor(what, pred, timeoutMs = 10_000) {
      const until = performance.now() + timeoutMs;
      while (!pred()) {
        if (performance.now() > until) {
          const seen = diagnostics.map((d) => `${d.code} ${d.message.slice(0, 160)}`).slice(-15).join('\n  ');
          throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last diagnostics:\n  ${seen}`);
        }
        await sleep(5);
      }
    },
    window() {
      const s0 = app.stats();
      // A reference ticker at the same rate on the same thread: on a machine so busy that the
      // thread itself is not scheduled 60 times a second, the engine is held to what the thread got.
      const reference = createTimerClock({ fps: options.fps ?? FPS, spinMs: 0 });
      let ticks = 0;
      const tick = (): void => {
        ticks++;
        reference.scheduleFrame(tick);
      };
      reference.scheduleFrame(tick);
      return {
        async end() {
          const wait = MIN_WINDOW_MS - (app.stats().elapsed_ms - s0.elapsed_ms);
          if (wait > 0) await sleep(wait);
          const s1 = app.stats();
          reference.dispose();
          const ms = s1.elapsed_ms - s0.elapsed_ms;
          const frames = s1.engine.frames - s0.engine.frames;
          const atFps = (ms / 1000) * (options.fps ?? FPS);
          const expected = Math.min(atFps, Math.max(ticks, atFps / 2));
          const share = frames / expected;
          const what = `engine ran ${frames} frames in ${ms.toFixed(0)} ms during the fault (${atFps.toFixed(0)} at the frame rate; the thread's reference ticker got ${ticks})`;
          expect(share, what).toBeGreaterThanOrEqual(MIN_FRAME_SHARE);
          // and no engine frame itself was held up by the fault
          expect(s1.engine.frame_ms.max, 'the longest engine frame (ms)').toBeLessThan(MAX_FRAME_MS);
          return share;
        },
      };
    },
  };
}

/** Stops every app started by startFault (afterEach). */
export async function stopAll(): Promise<void> {
  const apps = [...running];
  running.clear();
  await Promise.all(apps.map((a) => a.stop()));
}
