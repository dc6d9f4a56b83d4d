/**
 * Parses the arguments of `twinframe dev` and `twinframe build`: the game file (which must
 * exist), the host profile, and for protogame the data root (the folder holding `Data/`: given
 * with `--data-root`, or the nearest folder above the script that has one). Bad arguments throw
 * TF6500 (TF6501 for a missing game, TF6504 for a missing data root) with what to pass instead.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { LogicHostProfile } from '../protocol/handshake.ts';
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { DEV_CODES } from './error-codes.ts';

/** What `dev` and `build` share. */
export interface GameSiteArgs {
  /** The game module's absolute path. */
  readonly game: string;
  readonly host: LogicHostProfile;
  /** The folder served at `/`: the game's folder, or for protogame its data root. */
  readonly root: string;
}

/** Parsed `twinframe dev` arguments. */
export interface DevArgs extends GameSiteArgs {
  /** The port to listen on (0: any free one). */
  readonly port: number;
  /** Whether `--port` was given (then a taken port is an error, not the next free one). */
  readonly strictPort: boolean;
  readonly open: boolean;
}

/** Parsed `twinframe build` arguments. */
export interface BuildArgs extends GameSiteArgs {
  /** The output folder's absolute path. */
  readonly out: string;
  readonly coiServiceWorker: boolean;
}

export const DEV_USAGE = `usage: twinframe dev <game> [--host twinframe|protogame] [--port N] [--open] [--data-root DIR]

Serves the game in a built-in page (three.js renderer, the live overlay of both threads, input,
the cross-origin isolation headers) through Vite, and prints its URL. A game that fails to load
shows its coded error with file and line in the page and here; save the file and the page tries
again.

options:
  --host PROFILE      twinframe (default) or protogame (ProtogameJS3D scripts: pass their main.js)
  --port N            the port (default 5173, or the next free one; with --port, exactly N)
  --open              open the page in the default browser (BROWSER=<app, or a .js script
                      that gets the URL> picks another, as in Vite; BROWSER=none: none)
  --data-root DIR     protogame: the folder holding Data/ (default: the nearest one above the script)
  --help              this text`;

export const BUILD_USAGE = `usage: twinframe build <game> --out DIR [--host twinframe|protogame] [--coi-serviceworker] [--data-root DIR]

Writes a static site of the game (the built-in page, the logic worker with the game bundled in)
to DIR, with _headers (Netlify, Cloudflare Pages) and vercel.json that send the cross-origin
isolation headers; other hosts: docs/hosting.md.

options:
  --out DIR              the output folder (emptied first; never the game's own folder)
  --host PROFILE         twinframe (default) or protogame (its Data/ folder is copied along)
  --coi-serviceworker    also work on hosts that cannot set headers (GitHub Pages): a service
                         worker adds them; the first visit reloads once (docs/hosting.md)
  --data-root DIR        protogame: the folder holding Data/ (default: the nearest one above the script)
  --help                 this text`;

function bad(op: string, what: string, got: unknown, remedy: string): TwinframeError {
  return new TwinframeError(DEV_CODES.DEV_BAD_ARGUMENT.code, `Cli.${op}: ${what}; got ${JSON.stringify(got)}. ${remedy}`);
}

/** The nearest folder at or above `from` that holds a `Data` folder (any letter case), or undefined. */
export function findDataRoot(from: string): string | undefined {
  let dir = from;
  for (;;) {
    try {
      if (readdirSync(dir).some((n) => n.toLowerCase() === 'data' && statSync(join(dir, n)).isDirectory())) return dir;
    } catch {
      // an unreadable folder: look further up
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

interface Raw { positional: string[]; flags: Map<string, string | true> }

function split(op: string, argv: readonly string[], valued: readonly string[], bare: readonly string[]): Raw {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    if (valued.includes(a)) {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) throw bad(op, `${a} needs a value`, v ?? null, `Example: ${a} ${a === '--port' ? '5173' : a === '--host' ? 'protogame' : 'dist-game'}.`);
      flags.set(a, v);
      i++;
    } else if (bare.includes(a)) {
      flags.set(a, true);
    } else {
      throw bad(op, 'unknown option', a, `The options are ${[...valued, ...bare].join(', ')} (twinframe ${op} --help).`);
    }
  }
  return { positional, flags };
}

function common(op: string, raw: Raw): GameSiteArgs {
  if (raw.positional.length !== 1) {
    throw bad(op, raw.positional.length === 0 ? 'the game file is missing' : 'expected one game file', raw.positional, `Pass the game module: twinframe ${op} game.ts${op === 'build' ? ' --out dist-game' : ''}.`);
  }
  const game = resolve(raw.positional[0]!);
  if (!existsSync(game) || !statSync(game).isFile()) {
    throw new TwinframeError(DEV_CODES.DEV_GAME_NOT_FOUND.code, `Cli.${op}: the game file does not exist or is not a file; got ${JSON.stringify(game)}. Pass the path of the game module (e.g. game.ts, or Scripts/main.js with --host protogame).`);
  }
  const hostFlag = raw.flags.get('--host') ?? 'twinframe';
  if (hostFlag !== 'twinframe' && hostFlag !== 'protogame') throw bad(op, '--host must be twinframe or protogame', hostFlag, 'Pass --host protogame for ProtogameJS3D scripts, or leave it out.');
  const host: LogicHostProfile = hostFlag;
  const dataRootFlag = raw.flags.get('--data-root');
  if (dataRootFlag !== undefined && host !== 'protogame') throw bad(op, '--data-root applies to --host protogame only', dataRootFlag, 'Add --host protogame, or leave --data-root out.');
  if (host !== 'protogame') return { game, host, root: dirname(game) };
  const root = typeof dataRootFlag === 'string' ? resolve(dataRootFlag) : findDataRoot(dirname(game));
  if (root === undefined || !existsSync(root) || !statSync(root).isDirectory()) {
    throw new TwinframeError(DEV_CODES.DEV_DATA_ROOT_NOT_FOUND.code, `Cli.${op}: no data root (a folder holding Data/) for the protogame script; got ${JSON.stringify(root ?? `none above ${dirname(game)}`)}. Pass --data-root <the folder that holds Data/>.`);
  }
  return { game, host, root };
}

/** Parses `twinframe dev` arguments (after `dev`); throws a coded TwinframeError on bad ones. */
export function parseDevArgs(argv: readonly string[]): DevArgs {
  const raw = split('dev', argv, ['--host', '--port', '--data-root'], ['--open']);
  const base = common('dev', raw);
  const portFlag = raw.flags.get('--port');
  let port = 5173;
  if (portFlag !== undefined) {
    port = Number(portFlag);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw bad('dev', '--port needs a whole number in 0..65535 (0: any free port)', portFlag, 'Example: --port 5173.');
  }
  return { ...base, port, strictPort: portFlag !== undefined, open: raw.flags.has('--open') };
}

/** Parses `twinframe build` arguments (after `build`); throws a coded TwinframeError on bad ones. */
export function parseBuildArgs(argv: readonly string[]): BuildArgs {
  const raw = split('build', argv, ['--host', '--out', '--data-root'], ['--coi-serviceworker']);
  const base = common('build', raw);
  const outFlag = raw.flags.get('--out');
  if (typeof outFlag !== 'string') throw bad('build', '--out is missing', null, 'Pass the output folder: twinframe build game.ts --out dist-game.');
  const out = resolve(outFlag);
  // The output folder is emptied first: never the game's own folder or one that holds it.
  const holds = (folder: string): boolean => {
    const rel = relative(out, folder);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  };
  if (holds(dirname(base.game)) || holds(base.root)) {
    throw bad('build', '--out would be emptied but holds the game', outFlag, 'Pass a folder of its own, e.g. --out dist-game.');
  }
  return { ...base, out, coiServiceWorker: raw.flags.has('--coi-serviceworker') };
}
