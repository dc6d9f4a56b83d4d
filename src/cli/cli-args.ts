/**
 * The CLI's argument parsing: `twinframe run` and `replay` arguments, and what every command shares
 * (--help, an option's value). A parser returns the options or an error message that says what was
 * wrong, the value, and what to pass instead (the CLI prints it with the usage and exits 2).
 */
import { formatDiagnostic } from '../protocol/format-diagnostic.ts';
import { CLI_CODES } from './error-codes.ts';
import type { CliOutput } from './run-command.ts';

/**
 * The arguments of `twinframe <command>`, parsed by `parse`, or the exit status when there is
 * nothing to run: 0 after printing `usage` for --help or -h; 2 after printing what was wrong (once,
 * with code TF6002 and its docs page) and the usage. Every command of the CLI starts with it.
 */
export function parseCommandArgs<T extends object>(
  command: string, usage: string, argv: readonly string[], io: CliOutput, parse: (argv: readonly string[]) => T | string,
): T | number {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(usage);
    return 0;
  }
  const args = parse(argv);
  if (typeof args === 'string') {
    io.err(badArgument(command, args));
    io.err(usage);
    return 2;
  }
  return args;
}

/**
 * The line printed for a bad argument of `twinframe <command>`: `twinframe run: error TF6002
 * Cli.run: <what was wrong, the value, the remedy> -> docs/errors/TF6002.md`.
 */
export function badArgument(command: string, what: string): string {
  const op = command === '' ? 'Cli' : `Cli.${command}`;
  return `twinframe${command === '' ? '' : ` ${command}`}: error ${formatDiagnostic({ code: CLI_CODES.CLI_BAD_ARGUMENT.code, message: `${op}: ${what}` })}`;
}

/** Parsed `run` options. */
export interface RunArgs {
  readonly game: string;
  readonly frames?: number;
  readonly seconds?: number;
  readonly fps: number;
  readonly logic: 'lockstep' | { readonly hz: number };
  /** Where the JSON report goes: a file name, or STDOUT ('-': then nothing else is printed on stdout). */
  readonly json?: string;
  /** Hot reload: watch the game's files and swap in the new code on each save (docs/hot-reload.md). */
  readonly watch?: boolean;
  readonly quiet: boolean;
  readonly host: 'twinframe' | 'protogame';
  readonly gameOptions: Record<string, string | number | boolean>;
  readonly entityCapacity?: number;
  readonly hangTimeoutMs?: number;
  /** Record the run to this file (docs/replay.md). */
  readonly record?: string;
  /** Seconds the flight recorder keeps (0: off); default the app's (30). */
  readonly flightSeconds?: number;
  /** Live entities past which the flight recorder stops (TF4162); default the app's (20,000); Infinity: never. */
  readonly flightMaxEntities?: number;
  /** Seed of ctx.random and, while recording, of Math.random / crypto.getRandomValues. */
  readonly seed?: number;
  /** Exit 3 when the game reported any error (a diagnostic of severity error or fatal). */
  readonly strict?: boolean;
}

export const USAGE = `usage: twinframe run <game-module> [options] [-- game options]

Runs a game headless in Node (null renderer): the engine on the main thread, the game's logic on a
worker thread, joined by lock-free queues and triple-buffered state in SharedArrayBuffer.

options:
  --frames N          stop after N engine frames
  --seconds S         stop after S seconds (default 5 when neither --frames nor --seconds is given)
  --fps N             engine frames per second (default 60)
  --logic MODE        lockstep (default: one logic frame per engine frame, skipped while the last
                      one runs) or a rate in Hz for free-running logic, e.g. --logic 30
  --host PROFILE      twinframe (default) or protogame (ProtogameJS3D scripts: pass their main.js)
  --entities N        entity capacity of the state buffer (default 16384)
  --hang-timeout MS   a logic frame without heartbeat for this long is hung (default 2000)
  --watch             hot reload: watch the game's files and run the new code on each save, keeping
                      the world when the game opts in (ctx.hot); runs until Ctrl-C unless --frames
                      or --seconds is given (docs/hot-reload.md)
  --json [FILE]       write the final statistics as JSON to FILE; without FILE (or with -) print
                      them alone on stdout (the per-second line and the game's console go to
                      stderr), e.g. twinframe run game.ts --json > report.json
  --record FILE       record the run to FILE (replay it with twinframe replay FILE; docs/replay.md)
  --flight-seconds S  seconds of play the flight recorder keeps and writes on the first error of each
                      code, a crash or a hang, next to the --json report or in the working directory
                      (default 30; 0 turns it off)
  --flight-max-entities N
                      the flight recorder stops for the rest of the run once more than N entities
                      are live (TF4162; default 20000; Infinity: never); --record is never stopped
  --seed N            seed of ctx.random and, while recording, of Math.random (default 1)
  --quiet             no per-second line (errors are still printed)
  --strict            exit 3 when the game reported any error (a script error, a refused command,
                      a crash or hang), for CI; without it such a run exits 0 and the report counts them
  --help              this text

game options: everything after "--" as --name value pairs (or --flag), read by the game as
ctx.options (numbers are converted), e.g. twinframe run examples/stress/game.ts -- --count 10000

Once a second it prints: engine fps, logic fps, skipped frames, commands/s, callbacks delivered,
live entities, publish p99, diagnostics. engine.frame_ms in the JSON is the engine's own work per
frame (its seven phases), not the time between frames.
Exit status: 0 on success, 1 when the game could not be loaded or the logic stayed down, 2 for bad
arguments, 3 with --strict when the game reported an error.`;

function num(name: string, v: string | undefined, min: number, max: number): number | string {
  const n = Number(v);
  if (v === undefined || v === '' || !Number.isFinite(n) || n < min || n > max) {
    return `${name} needs a number in ${min}..${max}; got ${JSON.stringify(v ?? null)}. Example: ${name} ${min === 0 ? 1 : min}.`;
  }
  return n;
}

/**
 * The value given after option `name`, or the message saying it is missing (nothing, an empty
 * string or another option follows it), naming `what` it needs and an example value.
 */
export function optionValue(name: string, v: string | undefined, what: string, example: string): { readonly value: string } | string {
  if (v === undefined || v === '' || v.startsWith('--')) {
    return `${name} needs ${what}; got ${v === undefined ? 'nothing' : JSON.stringify(v)}. Example: ${name} ${example}.`;
  }
  return { value: v };
}

/** The `--json` value that means standard output (also what a bare `--json` becomes). */
export const STDOUT = '-';

/** A module a game is written in, not a report file: `run --json game.ts` means stdout and that game. */
const MODULE_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/i;
/** A recording, not a report file: `replay --json run.tfrec` means stdout and that recording. */
const RECORDING_FILE = /\.tfrec$/i;

/**
 * The target of `--json` followed by `v`, and whether `v` was its value: STDOUT when no file name
 * was given (the end, an empty value, another option, "-", or the command's positional file, which
 * `positional` matches), else `v`.
 */
function jsonTarget(v: string | undefined, positional: RegExp): { readonly target: string; readonly consumed: boolean } {
  if (v === undefined || v.startsWith('--') || positional.test(v)) return { target: STDOUT, consumed: false };
  return { target: v === '' ? STDOUT : v, consumed: true };
}

/** Parses the arguments after `run`. */
export function parseRunArgs(argv: readonly string[]): RunArgs | string {
  let game: string | undefined;
  let frames: number | undefined;
  let seconds: number | undefined;
  let fps = 60;
  let logic: RunArgs['logic'] = 'lockstep';
  let json: string | undefined;
  let watch = false;
  let quiet = false;
  let host: RunArgs['host'] = 'twinframe';
  let entityCapacity: number | undefined;
  let hangTimeoutMs: number | undefined;
  let record: string | undefined;
  let flightSeconds: number | undefined;
  let flightMaxEntities: number | undefined;
  let seed: number | undefined;
  let strict = false;
  const gameOptions: Record<string, string | number | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      for (let k = i + 1; k < argv.length; k++) {
        const key = argv[k]!;
        if (!key.startsWith('--')) return `game options must be --name value pairs; got ${JSON.stringify(key)}. Example: -- --count 1000.`;
        const next = argv[k + 1];
        if (next === undefined || next.startsWith('--')) gameOptions[key.slice(2)] = true;
        else {
          gameOptions[key.slice(2)] = next !== '' && Number.isFinite(Number(next)) ? Number(next) : next;
          k++;
        }
      }
      break;
    }
    const value = argv[i + 1];
    let r: number | string;
    let t: { readonly value: string } | string;
    switch (a) {
      case '--frames': r = num(a, value, 1, 1e9); if (typeof r === 'string') return r; frames = Math.floor(r); i++; break;
      case '--seconds': r = num(a, value, 0.001, 1e7); if (typeof r === 'string') return r; seconds = r; i++; break;
      case '--fps': r = num(a, value, 1, 1000); if (typeof r === 'string') return r; fps = r; i++; break;
      case '--entities': r = num(a, value, 1, 1 << 20); if (typeof r === 'string') return r; entityCapacity = Math.floor(r); i++; break;
      case '--hang-timeout': r = num(a, value, 1, 1e7); if (typeof r === 'string') return r; hangTimeoutMs = r; i++; break;
      case '--logic':
        if (value === 'lockstep') logic = 'lockstep';
        else {
          r = num(a, value, 0.001, 1000);
          if (typeof r === 'string') return `--logic needs lockstep or a rate in Hz (0-1000]; got ${JSON.stringify(value ?? null)}. Example: --logic 30.`;
          logic = { hz: r };
        }
        i++;
        break;
      case '--host':
        if (value !== 'twinframe' && value !== 'protogame') return `--host needs twinframe or protogame; got ${JSON.stringify(value ?? null)}.`;
        host = value;
        i++;
        break;
      case '--json': { const j = jsonTarget(value, MODULE_FILE); json = j.target; if (j.consumed) i++; break; }
      case '--record': t = optionValue(a, value, 'a file name', 'run.tfrec'); if (typeof t === 'string') return t; record = t.value; i++; break;
      case '--flight-seconds': r = num(a, value, 0, 3600); if (typeof r === 'string') return r; flightSeconds = r; i++; break;
      case '--flight-max-entities':
        r = value === 'Infinity' ? Infinity : num(a, value, 0, 1e9);
        if (typeof r === 'string') return `${a} needs a number in 0..1000000000 or Infinity; got ${JSON.stringify(value ?? null)}. Example: ${a} 50000.`;
        flightMaxEntities = Math.floor(r);
        i++;
        break;
      case '--seed': r = num(a, value, -2147483648, 4294967295); if (typeof r === 'string') return r; seed = Math.floor(r); i++; break;
      case '--quiet': quiet = true; break;
      case '--watch': watch = true; break;
      case '--strict': strict = true; break;
      default:
        if (a.startsWith('--')) return `unknown option ${a}. Run twinframe run --help for the options; game options go after "--".`;
        if (game !== undefined) return `only one game module may be given; got ${JSON.stringify(game)} and ${JSON.stringify(a)}.`;
        game = a;
    }
  }
  if (game === undefined) return 'missing <game-module>: pass the path of a game module, e.g. twinframe run examples/spawner/game.ts.';
  if (frames === undefined && seconds === undefined && !watch) seconds = 5;
  return {
    game, frames, seconds, fps, logic, json, quiet, host, gameOptions, entityCapacity, hangTimeoutMs, ...(watch ? { watch } : {}),
    ...(record !== undefined ? { record } : {}), ...(flightSeconds !== undefined ? { flightSeconds } : {}),
    ...(flightMaxEntities !== undefined ? { flightMaxEntities } : {}), ...(seed !== undefined ? { seed } : {}),
    ...(strict ? { strict } : {}),
  };
}

/** Parsed `replay` options. */
export interface ReplayArgs {
  readonly file: string;
  readonly verify: boolean;
  readonly untilTick?: number;
  /** Where the JSON report goes: a file name, or STDOUT ('-': then the text report goes to stderr). */
  readonly json?: string;
  /** Draw the recording in the browser viewer instead of re-running it. */
  readonly view: boolean;
  /** Replay this game file instead of the recording's gamePath (e.g. an edited copy). */
  readonly game?: string;
  readonly hangTimeoutMs?: number;
  /** --view: the viewer's port (default any free one) and whether to open a browser. */
  readonly port?: number;
  readonly open?: boolean;
}

export const REPLAY_USAGE = `usage: twinframe replay <recording> [options]

Re-runs a recorded game headless in Node (twinframe run --record FILE, or a crash's flight
recording) from its recorded inputs, as fast as it can: the same game in a real logic worker, fed
each tick's recorded dt, input, callbacks and engine state, with seeded randomness and virtual time.

options:
  --verify            compare the replay with the recording at every tick (the state hash of every
                      engine frame and the commands of every tick); stop at the first divergence
                      and print the first divergent tick and the entities whose fields differ
  --until-tick N      stop after N logic ticks
  --game FILE         replay this game module instead of the one the recording names
  --hang-timeout MS   a replayed tick that does not complete within MS wall ms is a hang (default 2000)
  --json [FILE]       write the report as JSON to FILE (replay.ticks, replay.divergent_tick,
                      replay.speed_x, replay.bundle_hash_matches, ...); without FILE (or with -)
                      print it alone on stdout, and the text report on stderr
  --view              draw the recording in the browser viewer (play, pause, step, scrub, speed);
                      with --port N (default any free port) and --open (open a browser)
  --help              this text

Exit status: 0 when the replay matched the recording (or was not verified), 1 on a divergence,
2 for a bad file or bad arguments. docs/replay.md explains the report.`;

/** Parses the arguments after `replay`. */
export function parseReplayArgs(argv: readonly string[]): ReplayArgs | string {
  let file: string | undefined;
  let verify = false;
  let view = false;
  let untilTick: number | undefined;
  let json: string | undefined;
  let game: string | undefined;
  let hangTimeoutMs: number | undefined;
  let port: number | undefined;
  let open = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = argv[i + 1];
    let r: number | string;
    let t: { readonly value: string } | string;
    switch (a) {
      case '--verify': verify = true; break;
      case '--open': open = true; break;
      case '--port': r = num(a, value, 0, 65535); if (typeof r === 'string') return r; port = Math.floor(r); i++; break;
      case '--view': view = true; break;
      case '--until-tick': r = num(a, value, 1, 1e12); if (typeof r === 'string') return r; untilTick = Math.floor(r); i++; break;
      case '--hang-timeout': r = num(a, value, 1, 1e7); if (typeof r === 'string') return r; hangTimeoutMs = r; i++; break;
      case '--json': { const j = jsonTarget(value, RECORDING_FILE); json = j.target; if (j.consumed) i++; break; }
      case '--game': t = optionValue(a, value, 'a game module', 'examples/spawner/game.ts'); if (typeof t === 'string') return t; game = t.value; i++; break;
      default:
        if (a.startsWith('--')) return `unknown option ${a}. Run twinframe replay --help for the options.`;
        if (file !== undefined) return `only one recording may be given; got ${JSON.stringify(file)} and ${JSON.stringify(a)}.`;
        file = a;
    }
  }
  if (file === undefined) return 'missing <recording>: pass the path of a recording, e.g. twinframe replay run.tfrec --verify.';
  if (!view && (port !== undefined || open)) return '--port and --open are options of --view; got them without it. Example: twinframe replay run.tfrec --view --open.';
  return { file, verify, view, ...(port === undefined ? {} : { port }), ...(open ? { open } : {}), ...(untilTick === undefined ? {} : { untilTick }), ...(json === undefined ? {} : { json }), ...(game === undefined ? {} : { game }), ...(hangTimeoutMs === undefined ? {} : { hangTimeoutMs }) };
}
