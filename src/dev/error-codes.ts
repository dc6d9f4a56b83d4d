/**
 * Codes of the dev layer (`src/dev/`: `twinframe dev`, `twinframe build`, the Vite plugins),
 * TF6500-TF6599, inside the command line's TF6xxx range because the dev layer serves the command
 * line; selected from the one code table (`src/shared-memory/error-code-table.ts`). See docs/errors/.
 */
import { codesOf } from '../shared-memory/error-code-table.ts';

/** Codes of `twinframe dev` and `twinframe build` (`src/dev/`), TF6500-TF6599. */
export const DEV_CODES = codesOf('DEV');
