/**
 * `twinframe run <game>`: runs a game headless with the null renderer, prints a line a second,
 * writes a JSON report, and exits 0 on success, 1 when the game could not be loaded or the logic
 * stayed down, 2 for bad arguments, 3 with --strict when the game reported an error.
 */
import { dirname, resolve } from 'node:path';
import { isTwinframeError } from '../shared-memory/twinframe-error.ts';
import { formatDiagnostic } from '../protocol/format-diagnostic.ts';
import { createConsoleLogger, type Logger } from '../platform/logger.ts';
import { RUNTIME_CODES } from '../engine/error-codes.ts';
import type { AppStats } from '../engine/app.ts';
import { createNodeApp } from '../startup/node-app.ts';
import { parseCommandArgs, parseRunArgs, STDOUT, USAGE } from './cli-args.ts';
import { statsLine, statsReport } from './stats-line.ts';
import { writeJsonReport } from './json-report.ts';

/** Where the command writes (injected for tests). */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

const FATAL_CODES = new Set([RUNTIME_CODES.LOGIC_LOAD_FAILED.code, RUNTIME_CODES.LOGIC_RESTART_LIMIT.code]);

/** Runs the command; resolves with the exit status. */
export async function runCommand(argv: readonly string[], io: CliOutput): Promise<number> {
  const args = parseCommandArgs('run', USAGE, argv, io, parseRunArgs);
  if (typeof args === 'number') return args;
  // `--json` without a file: the report is stdout's only content (CI pipes it), so the per-second
  // line and every log line (the game's console too) go to stderr.
  const reportOut = args.json === STDOUT;
  const live = reportOut ? (line: string): void => io.err(line) : (line: string): void => io.out(line);
  // The fatal diagnostic is printed by the logger as it happens; the exit line names its code
  // instead of printing it twice, unless the logger had thinned that code out (then it prints it).
  let lastError = '';
  const consoleLogger = createConsoleLogger(args.quiet ? 'warn' : 'info', reportOut);
  const logger: Logger = {
    log(level, source, message): void {
      if (level === 'error') lastError = message;
      consoleLogger.log(level, source, message);
    },
  };
  let app;
  let twinframeVersion = '';
  try {
    // (Loaded here: main.ts imports this module.)
    twinframeVersion = (await import('./main.ts')).packageVersion();
  } catch {
    // A run from an unusual layout records without a version; replay then cannot compare it.
  }
  try {
    app = await createNodeApp({
      game: args.game,
      host: args.host,
      fps: args.fps,
      logic: args.logic,
      gameOptions: args.gameOptions,
      entityCapacity: args.entityCapacity,
      hangTimeoutMs: args.hangTimeoutMs,
      maxFrames: args.frames,
      watch: args.watch === true,
      logger,
      ...(args.record !== undefined ? { record: args.record } : {}),
      ...(args.flightSeconds !== undefined ? { flightRecorderSeconds: args.flightSeconds } : {}),
      ...(args.flightMaxEntities !== undefined ? { flightRecorderMaxEntities: args.flightMaxEntities } : {}),
      ...(args.seed !== undefined ? { seed: args.seed } : {}),
      // Flight recordings go next to the report, else into the working directory.
      flightRecorderDir: args.json !== undefined && !reportOut ? dirname(resolve(args.json)) : process.cwd(),
      recordingInfo: { twinframeVersion, gamePath: resolve(args.game) },
    });
  } catch (e) {
    if (isTwinframeError(e)) {
      io.err(`twinframe run: error ${formatDiagnostic({ code: e.code, message: e.text })}`);
      return 1;
    }
    throw e;
  }
  let fatal = '';
  // --strict: the errors the game reported, by code in first-seen order (a Map keeps it).
  const errors = new Map<string, number>();
  let wake: () => void = () => {};
  app.on('diagnostic', (d) => {
    if (d.severity === 'error' || d.severity === 'fatal') errors.set(d.code, (errors.get(d.code) ?? 0) + 1);
    // With --watch a game that fails to load is fixed by the next save: the run goes on.
    if (args.watch === true) return;
    if (FATAL_CODES.has(d.code) || (d.severity === 'fatal' && d.source === 'logic')) {
      if (fatal === '') fatal = lastError.startsWith(`${d.code} ${d.message}`) ? `${d.code} (printed above)` : formatDiagnostic(d);
      wake();
    }
  });
  app.start();
  let last: AppStats | null = null;
  const ticker = setInterval(() => {
    const s = app.stats();
    if (!args.quiet) live(statsLine(s, last));
    last = s;
  }, 1000);
  const quitPoll = setInterval(() => { if (app.quitRequested) wake(); }, 50);
  const stopOn = new Promise<void>((resolve) => { wake = resolve; });
  const timers: Promise<void>[] = [app.finished, stopOn];
  // A watch runs until Ctrl-C (then stops cleanly and writes its report).
  const interrupted = (): void => wake();
  if (args.watch === true) process.once('SIGINT', interrupted);
  let deadline: ReturnType<typeof setTimeout> | undefined;
  if (args.seconds !== undefined) timers.push(new Promise((resolve) => { deadline = setTimeout(resolve, args.seconds! * 1000); }));
  await Promise.race(timers);
  clearInterval(ticker);
  clearInterval(quitPoll);
  process.off('SIGINT', interrupted);
  if (deadline !== undefined) clearTimeout(deadline);
  await app.stop();
  const stats = app.stats();
  if (!args.quiet) live(statsLine(stats, null));
  if (args.json !== undefined) {
    writeJsonReport(args.json, statsReport(stats, { game: args.game, fps: args.fps, logic: args.logic, host: args.host, frames: args.frames ?? null, seconds: args.seconds ?? null, watch: args.watch === true, options: args.gameOptions }), io);
  }
  if (fatal !== '') {
    io.err(`twinframe run: the game did not run: ${fatal}`);
    return 1;
  }
  if (args.strict === true && errors.size > 0) {
    let n = 0;
    for (const count of errors.values()) n += count;
    const byCode = [...errors].map(([code, count]) => `${code} x${count}`).join(', ');
    io.err(`twinframe run: --strict: the game reported ${n} error${n === 1 ? '' : 's'} (${byCode}); the first is printed above.`);
    return 3;
  }
  return 0;
}
