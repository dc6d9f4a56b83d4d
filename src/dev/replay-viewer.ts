/**
 * The entry `twinframe replay FILE --view` loads (src/cli/replay-command.ts imports it only when
 * asked for, since it starts a dev server): `viewRecording` checks the recording, serves the viewer
 * (replay-view-command.ts) and resolves with the exit status once stopped (SIGINT/SIGTERM).
 */
import { resolve } from 'node:path';
import type { CommandOutput } from './dev-command.ts';
import { replayViewUntilStopped } from './replay-view-command.ts';

/** Where the viewer listens; all optional (any free port on 127.0.0.1, no browser opened). */
export interface ViewRecordingOptions {
  readonly port?: number;
  readonly open?: boolean;
  readonly listen?: string;
}

/**
 * Serves the viewer on `file` until SIGINT/SIGTERM; resolves 0 then, 2 for a missing or bad file
 * (printed with its code), 1 when the server cannot start.
 */
export function viewRecording(file: string, io: CommandOutput, options: ViewRecordingOptions = {}): Promise<number> {
  const argv = [resolve(file), '--view'];
  if (options.port !== undefined) argv.push('--port', String(options.port));
  if (options.open === true) argv.push('--open');
  if (options.listen !== undefined) argv.push('--listen', options.listen);
  return replayViewUntilStopped(argv, io);
}
