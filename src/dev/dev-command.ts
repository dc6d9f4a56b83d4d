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
 * What `dev` and `build` share: `--help` (or `-h`) prints `usage` and resolves 0; otherwise resolves
 * with what `run` resolves, or, when it throws a TwinframeError, prints it and resolves with its exit status.
 */
async function runCommand<T>(verb: string, usage: string, argv: readonly string[], io: CommandOutput, run: () => Promise<T>): Promise<T | number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(usage);
    return 0;
  }
  try {
    return await run();
  } catch (e) {
    if (!isTwinframeError(e)) throw e;
    return fail(io, verb, e, usage);
  }
}

/**
 * Runs `twinframe dev`: resolves with the running server (the process stays up serving it), or
 * with an exit status when it could not start.
 */
export async function devCommand(argv: readonly string[], io: CommandOutput): Promise<number | DevServer> {
  return runCommand('dev', DEV_USAGE, argv, io, async () => {
    const args = parseDevArgs(argv);
    const server = await startDevServer(args);
    io.out(`twinframe dev: ${args.game} at ${server.url} (cross-origin isolated; Ctrl+C stops)`);
    return server;
  });
}

/** Runs `twinframe build`; resolves with the exit status. */
export async function buildCommand(argv: readonly string[], io: CommandOutput): Promise<number> {
  return runCommand('build', BUILD_USAGE, argv, io, async () => {
    const args = parseBuildArgs(argv);
    const files = await buildSite(args);
    io.out(`twinframe build: ${args.game} -> ${args.out} (${files.length} files; _headers and vercel.json send the isolation headers${args.coiServiceWorker ? ', coi-serviceworker.js adds them where a host cannot' : ''}; see HOSTING.md)`);
    return 0;
  });
}

/**
 * `twinframe dev` for the command line: starts the server, then serves until SIGINT or SIGTERM
 * (Ctrl+C), closes it and resolves 0; or resolves with the exit status when it could not start.
 */
export async function devUntilStopped(argv: readonly string[], io: CommandOutput): Promise<number> {
  return serveUntilStopped(await devCommand(argv, io));
}

/**
 * Waits until the process is asked to stop (Ctrl+C: SIGINT, or SIGTERM), then closes the server a
 * serving command `started` and resolves 0; resolves at once with `started` when that is the exit
 * status of a command that could not start. `twinframe dev` and `twinframe replay --view` end so.
 */
export async function serveUntilStopped(started: number | { close(): Promise<void> }): Promise<number> {
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
