/**
 * The `twinframe` command line: `twinframe run <game-module> [options]` (see `--help`),
 * `twinframe replay <recording>`, and
 * `twinframe --version`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand } from './run-command.ts';
import { initCommand } from './init-command.ts';
import { replayCommand } from './replay-command.ts';
import { badArgument } from './cli-args.ts';
import { CLI_CODES } from './error-codes.ts';
import { TwinframeError } from '../shared-memory/twinframe-error.ts';

const USAGE_TOP = `usage: twinframe <command> [options]

commands:
  run <game-module>   run a game headless in Node (twinframe run --help for the options)
  dev <game>          serve a game in the browser; a save hot-reloads its logic (twinframe dev --help)
  build <game>        write a static site of a game (twinframe build --help)
  init [dir]          write a new game project into dir (twinframe init --help)
  replay <recording>  re-run a recording headless and verify it (twinframe replay --help)

options:
  --version, -v       print the version of twinframe`;

/**
 * The version in twinframe's own package.json: the nearest package.json named "twinframe" above
 * this file (whatever the layout: `src/cli/`, `dist/cli/`, an installed package), so the CLI
 * reports its own version whatever the current directory. Throws when there is none.
 */
export function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown; version?: unknown };
      if (parsed.name === 'twinframe' && typeof parsed.version === 'string') return parsed.version;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new TwinframeError(CLI_CODES.PACKAGE_MANIFEST_MISSING.code, `twinframe --version: no package.json of twinframe above ${fileURLToPath(import.meta.url)}; got none. Reinstall twinframe (npm install twinframe) or run the CLI from a checkout.`);
    dir = parent;
  }
}

/** Dispatches a command line; resolves with the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  const io = { out: (l: string) => console.log(l), err: (l: string) => console.error(l) };
  if (command === 'run') return runCommand(rest, io);
  // The dev layer loads Vite and its bundler (~230 ms of module loading): only dev and build import it.
  if (command === 'dev') return (await import('../dev/dev-command.ts')).devUntilStopped(rest, io);
  if (command === 'build') return (await import('../dev/dev-command.ts')).buildCommand(rest, io);
  if (command === 'init') return initCommand(rest, io);
  if (command === 'replay') return replayCommand(rest, io);
  if (command === '--version' || command === '-v') {
    console.log(packageVersion());
    return 0;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE_TOP);
    return command === undefined ? 2 : 0;
  }
  console.error(badArgument('', `unknown command; got ${JSON.stringify(command)}. The commands are run, dev, build, init and replay: twinframe run <game-module>.`));
  console.error(USAGE_TOP);
  return 2;
}
