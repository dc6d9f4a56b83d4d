/**
 * The `twinframe` command line: `twinframe run <game-module> [options]` (see `--help`), and
 * `twinframe --version`.
 */
import { readFileSync } from 'node:fs';
import { runCommand } from './run-command.ts';

const USAGE_TOP = `usage: twinframe <command> [options]

commands:
  run <game-module>   run a game headless in Node (twinframe run --help for the options)

options:
  --version, -v       print the version of twinframe`;

/**
 * The version in twinframe's own package.json, found relative to this file (two folders up from
 * both `src/cli/` and `dist/cli/`), so an installed package reports its own version whatever the
 * current directory.
 */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return String(manifest.version);
}

/** Dispatches a command line; resolves with the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  const io = { out: (l: string) => console.log(l), err: (l: string) => console.error(l) };
  if (command === 'run') return runCommand(rest, io);
  if (command === '--version' || command === '-v') {
    console.log(packageVersion());
    return 0;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE_TOP);
    return command === undefined ? 2 : 0;
  }
  console.error(`twinframe: unknown command ${JSON.stringify(command)}. The command is run: twinframe run <game-module>.`);
  console.error(USAGE_TOP);
  return 2;
}
