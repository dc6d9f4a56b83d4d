/**
 * `twinframe dev` and `twinframe build` as commands: parse, run, print, exit status (0 success,
 * 1 when the server or the build failed, 2 for bad arguments). Every error is printed once with
 * its code and docs page (formatDiagnostic).
 */
import { formatDiagnostic } from '../protocol/format-diagnostic.ts';
import { isTwinframeError, type TwinframeError } from '../shared-memory/twinframe-error.ts';
import { buildSite } from './build-site.ts';
import { BUILD_USAGE, DEV_USAGE, parseBuildArgs, parseDevArgs } from './dev-args.ts';
import { startDevServer, type DevServer } from './dev-server.ts';
import { DEV_CODES } from './error-codes.ts';

/** Where a command writes (injected for tests). */
export interface CommandOutput {
  out(line: string): void;
  err(line: string): void;
}

function fail(io: CommandOutput, verb: string, e: TwinframeError, usage: string): number {
  io.err(`twinframe ${verb}: error ${formatDiagnostic({ code: e.code, message: e.text })}`);
  if (e.code === DEV_CODES.DEV_BAD_ARGUMENT.code) {
    io.err(usage);
    return 2;
  }
  return e.code === DEV_CODES.DEV_GAME_NOT_FOUND.code || e.code === DEV_CODES.DEV_DATA_ROOT_NOT_FOUND.code ? 2 : 1;
}

/**
 * Runs `twinframe dev`: resolves with the running server (the process stays up serving it), or
 * with an exit status when it could not start.
 */
export async function devCommand(argv: readonly string[], io: CommandOutput): Promise<number | DevServer> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(DEV_USAGE);
    return 0;
  }
  try {
    const args = parseDevArgs(argv);
    const server = await startDevServer(args);
    io.out(`twinframe dev: ${args.game} at ${server.url} (cross-origin isolated; Ctrl+C stops)`);
    return server;
  } catch (e) {
    if (!isTwinframeError(e)) throw e;
    return fail(io, 'dev', e, DEV_USAGE);
  }
}

/** Runs `twinframe build`; resolves with the exit status. */
export async function buildCommand(argv: readonly string[], io: CommandOutput): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(BUILD_USAGE);
    return 0;
  }
  try {
    const args = parseBuildArgs(argv);
    const files = await buildSite(args);
    io.out(`twinframe build: ${args.game} -> ${args.out} (${files.length} files; _headers and vercel.json send the isolation headers${args.coiServiceWorker ? ', coi-serviceworker.js adds them where a host cannot' : ''}; see HOSTING.md)`);
    return 0;
  } catch (e) {
    if (!isTwinframeError(e)) throw e;
    return fail(io, 'build', e, BUILD_USAGE);
  }
}

/**
 * `twinframe dev` for the command line: starts the server, then serves until SIGINT or SIGTERM
 * (Ctrl+C), closes it and resolves 0; or resolves with the exit status when it could not start.
 */
export async function devUntilStopped(argv: readonly string[], io: CommandOutput): Promise<number> {
  const started = await devCommand(argv, io);
  if (typeof started === 'number') return started;
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await started.close();
  return 0;
}
