/**
 * The `twinframe` command line: `twinframe run <game-module> [options]` (see `--help`).
 */
import { runCommand } from './run-command.ts';

const USAGE_TOP = `usage: twinframe <command> [options]

commands:
  run <game-module>   run a game headless in Node (twinframe run --help for the options)`;

/** Dispatches a command line; resolves with the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  const io = { out: (l: string) => console.log(l), err: (l: string) => console.error(l) };
  if (command === 'run') return runCommand(rest, io);
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE_TOP);
    return command === undefined ? 2 : 0;
  }
  console.error(`twinframe: unknown command ${JSON.stringify(command)}. The command is run: twinframe run <game-module>.`);
  console.error(USAGE_TOP);
  return 2;
}
