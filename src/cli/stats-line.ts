/**
 * The CLI's once-a-second line and its JSON report, both from App stats.
 */
import type { AppStats } from '../engine/app.ts';

/** One line: rates over the last interval and current totals. */
export function statsLine(now: AppStats, before: AppStats | null): string {
  const dt = before === null ? now.elapsed_ms / 1000 : (now.elapsed_ms - before.elapsed_ms) / 1000;
  const rate = (a: number, b: number): number => (dt > 0 ? (a - b) / dt : 0);
  const engineFps = rate(now.engine.frames, before?.engine.frames ?? 0);
  const logicFps = rate(now.logic.frames, before?.logic.frames ?? 0);
  const cmds = rate(now.commands.applied + now.commands.rejected, (before?.commands.applied ?? 0) + (before?.commands.rejected ?? 0));
  return [
    `t=${(now.elapsed_ms / 1000).toFixed(1)}s`,
    `engine ${engineFps.toFixed(1)} fps`,
    `logic ${logicFps.toFixed(1)} fps`,
    `skipped ${now.logic.skipped_frames}`,
    `commands ${Math.round(cmds)}/s`,
    `callbacks ${now.callbacks.delivered}`,
    `entities ${now.entities.live}`,
    `publish p99 ${now.publish.us.p99.toFixed(1)} us`,
    // The game's own console lines (TF5030) are counted apart: they are output, not problems.
    `diagnostics ${now.diagnostics.total - consoleLines(now)}`,
    `console ${consoleLines(now)}`,
    ...(now.reload.count + now.reload.failed > 0 ? [`reloads ${now.reload.count} (failed ${now.reload.failed}, p50 ${now.reload.ms.p50.toFixed(0)} ms)`] : []),
  ].join(' | ');
}

/** Console lines the game printed (TF5030 diagnostics). */
function consoleLines(s: AppStats): number {
  return s.diagnostics.by_code['TF5030'] ?? 0;
}

/** The JSON report: App stats plus the run's settings. */
export function statsReport(stats: AppStats, run: Record<string, unknown>): Record<string, unknown> {
  return { run, ...stats };
}
