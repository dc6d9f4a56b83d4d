/**
 * `twinframe replay FILE --view`: checks the recording (read and decoded here, so a bad file is
 * refused in the terminal with its code, exit 2), then serves the viewer (replay-view-server.ts)
 * until SIGINT or SIGTERM. The rest of `twinframe replay` (re-running and verifying the logic) is
 * src/cli/replay-command.ts, which loads replay-viewer.ts (viewRecording) for `--view`.
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { formatDiagnostic } from '../protocol/format-diagnostic.ts';
import { decodeRecording } from '../protocol/recording-decoder.ts';
import { isTwinframeError, TwinframeError } from '../shared-memory/twinframe-error.ts';
import type { CommandOutput } from './dev-command.ts';
import type { DevServer } from './dev-server.ts';
import { DEV_CODES } from './error-codes.ts';
import { startReplayViewServer, type ReplayViewOptions } from './replay-view-server.ts';

export const REPLAY_VIEW_USAGE = `usage: twinframe replay <file> --view [--port N] [--open] [--listen ADDR]

Opens the recording in the browser: the recorded world drawn with three.js from its command stream
and keyframes (no game code runs). Play/pause (Space), step (→, ← back), scrub to any frame,
speed 0.25x-8x; the overlay shows the tick and the diagnostics recorded at it.

  --port N       listen on port N (default: any free one)
  --open         open the page in the default browser
  --listen ADDR  listen address (default 127.0.0.1)`;

function badArgument(what: string, got: string): TwinframeError {
  return new TwinframeError(DEV_CODES.DEV_BAD_ARGUMENT.code, `Cli.replay: ${what}; got ${got}. See twinframe replay --help.`);
}

/** Parses `FILE --view [--port N] [--open] [--listen ADDR]`; throws TF6500 for a bad argument. */
export function parseReplayViewArgs(argv: readonly string[], cwd = process.cwd()): ReplayViewOptions {
  let file: string | undefined;
  let port = 0;
  let strictPort = false;
  let open = false;
  let listen = '127.0.0.1';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--view') continue;
    if (a === '--open') open = true;
    else if (a === '--port' || a === '--listen') {
      const v = argv[++i];
      if (v === undefined) throw badArgument(`${a} needs a value`, 'nothing');
      if (a === '--listen') listen = v;
      else {
        port = Number(v);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw badArgument('--port must be an integer in 0..65535', JSON.stringify(v));
        strictPort = port !== 0;
      }
    } else if (a.startsWith('-')) throw badArgument(`unknown option ${a} with --view (the viewer takes --port, --open, --listen)`, JSON.stringify(a));
    else if (file === undefined) file = resolve(cwd, a);
    else throw badArgument('one recording file only', JSON.stringify(a));
  }
  if (file === undefined) throw badArgument('the recording file is missing', 'no file');
  return { file, port, strictPort, open, listen };
}

/** Runs the viewer: resolves with the running server, or with an exit status (2 bad arguments or file, 1 server failure). */
export async function replayViewCommand(argv: readonly string[], io: CommandOutput): Promise<number | DevServer> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(REPLAY_VIEW_USAGE);
    return 0;
  }
  try {
    const options = parseReplayViewArgs(argv);
    let bytes: Uint8Array | undefined;
    let why = 'not a file';
    try {
      if ((await stat(options.file)).isFile()) bytes = await readFile(options.file);
    } catch (e) {
      why = e instanceof Error ? e.message : String(e);
    }
    if (bytes === undefined) {
      throw new TwinframeError(DEV_CODES.REPLAY_VIEW_FILE_UNREADABLE.code, `Cli.replay: no readable recording file at ${options.file}; got ${why}. Pass the path of a recording (twinframe run --record FILE).`);
    }
    const recording = await decodeRecording(bytes);
    const frames = recording.events.filter((e) => e.kind === 'frame').length;
    const keyframes = recording.events.filter((e) => e.kind === 'keyframe').length;
    const server = await startReplayViewServer({ ...options, logLevel: 'warn' });
    const cut = recording.truncatedAt === null ? '' : `; the file ends early, read up to byte ${recording.truncatedAt}`;
    io.out(`twinframe replay: ${options.file} (${frames} engine frames, ${keyframes} keyframes${cut}) at ${server.url} (Ctrl+C stops)`);
    return server;
  } catch (e) {
    if (!isTwinframeError(e)) throw e;
    io.err(`twinframe replay: error ${formatDiagnostic({ code: e.code, message: e.text })}`);
    if (e.code === DEV_CODES.DEV_BAD_ARGUMENT.code) io.err(REPLAY_VIEW_USAGE);
    return e.code === DEV_CODES.DEV_SERVER_FAILED.code ? 1 : 2;
  }
}

/** The signals that stop the viewer's server (Ctrl+C, a service manager). */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** `twinframe replay FILE --view` for the command line: serves until SIGINT/SIGTERM, then resolves 0 (or the exit status when it could not start). */
export async function replayViewUntilStopped(argv: readonly string[], io: CommandOutput): Promise<number> {
  const started = await replayViewCommand(argv, io);
  if (typeof started === 'number') return started;
  let stop!: () => void;
  const stopped = new Promise<void>((done) => { stop = done; });
  for (const signal of STOP_SIGNALS) process.once(signal, stop);
  await stopped;
  for (const signal of STOP_SIGNALS) process.off(signal, stop);
  await started.close();
  return 0;
}
