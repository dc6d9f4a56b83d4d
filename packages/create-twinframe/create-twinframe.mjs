#!/usr/bin/env node
// `npm create twinframe [dir] [-- options]` (npm runs `npm exec create-twinframe`): runs the
// `twinframe init` of the twinframe this package depends on, with the same arguments, so the
// starter and its options live in one place (twinframe's templates/ and `twinframe init --help`).
// Without a folder it writes into ./my-game (npm create is usually run in the parent folder; a
// folder that is not empty is refused, TF6101).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const args = process.argv.slice(2);
/** Whether the arguments name a folder: a word that is not an option nor an option's value. */
const namesFolder = args.some((a, i) => !a.startsWith('-') && args[i - 1] !== '--twinframe' && args[i - 1] !== '--name');
const helps = args.includes('--help') || args.includes('-h');
const bin = join(dirname(createRequire(import.meta.url).resolve('twinframe/package.json')), 'bin', 'twinframe.mjs');
const result = spawnSync(process.execPath, [bin, 'init', ...(namesFolder || helps ? [] : ['my-game']), ...args], { stdio: 'inherit' });
if (result.error !== undefined) {
  console.error(`create-twinframe: could not run twinframe init (${bin}): ${result.error.message}. Reinstall: npm create twinframe@latest.`);
  process.exit(1);
}
process.exit(result.status ?? 1);
