/**
 * `twinframe run <file> --watch ...` as a user runs it, with one save: spawns the CLI from the
 * repository root, writes `nextCode` to `file` once the first live line shows the game running, and
 * resolves with the exit code and output when the run ends (`--seconds` bounds it).
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** How a watched run ended. */
export interface WatchRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Whether the save happened (the game printed a live line first). */
  readonly saved: boolean;
}

/** Runs `twinframe run <file> --watch <args>` and saves `nextCode` to `file` after the first live line. */
export async function runWatchWithOneSave(file: string, args: readonly string[], nextCode: string): Promise<WatchRun> {
  const child = spawn(process.execPath, ['bin/twinframe.mjs', 'run', file, '--watch', ...args], { cwd: root });
  let stdout = '';
  let stderr = '';
  let saved = false;
  child.stdout.on('data', (b: Buffer) => {
    stdout += b.toString();
    // After the first live line the game runs: save new code.
    if (!saved && /t=\d/.test(stdout)) {
      saved = true;
      writeFileSync(file, nextCode);
    }
  });
  child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, stdout, stderr, saved };
}
