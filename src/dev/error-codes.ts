/**
 * Codes of the dev layer (`src/dev/`: `twinframe dev`, `twinframe build`, the Vite plugins),
 * TF6500-TF6599, inside the command line's TF6xxx range because the dev layer serves the command
 * line. See docs/errors/. Append entries; never renumber.
 */
import { defineCodes } from '../shared-memory/twinframe-error.ts';

/** Codes of `twinframe dev` and `twinframe build` (`src/dev/`), TF6500-TF6599. */
export const DEV_CODES = defineCodes({
  DEV_BAD_ARGUMENT: { code: 'TF6500', severity: 'error', summary: '`twinframe dev` or `twinframe build` was given a missing, unknown or invalid argument.' },
  DEV_GAME_NOT_FOUND: { code: 'TF6501', severity: 'error', summary: 'The game file given to `twinframe dev` or `twinframe build` does not exist or is not a file.' },
  DEV_GAME_COMPILE_FAILED: { code: 'TF6502', severity: 'fatal', summary: 'The dev server could not compile the game module (a syntax error or an import that does not resolve), so the page cannot load it.' },
  DEV_SERVER_FAILED: { code: 'TF6503', severity: 'fatal', summary: 'The dev server could not start (the port is taken, or Vite failed) or the static build failed.' },
  DEV_DATA_ROOT_NOT_FOUND: { code: 'TF6504', severity: 'error', summary: 'With --host protogame, no folder holding Data/ was found above the script, and --data-root was not given or does not exist.' },
  OVERLAY_CANVAS_UNAVAILABLE: { code: 'TF6505', severity: 'error', summary: 'The live overlay could not get a 2D context for its frame-time graph canvas.' },
});
