/**
 * Where a command's `--json` report goes: the file named, or stdout alone when the value is
 * STDOUT (a bare `--json`, `--json -`; cli-args.ts), so CI can pipe it.
 */
import { writeFileSync } from 'node:fs';
import { STDOUT } from './cli-args.ts';
import type { CliOutput } from './run-command.ts';

/** Writes `report` as indented JSON to the file `target`, or to `io.out` when `target` is STDOUT. */
export function writeJsonReport(target: string, report: unknown, io: CliOutput): void {
  const json = JSON.stringify(report, null, 2);
  if (target === STDOUT) io.out(json);
  else writeFileSync(target, `${json}\n`);
}
