/**
 * Error codes raised by the command line (TF6xxx), selected from the one code table
 * (`src/shared-memory/error-code-table.ts`). See docs/errors/.
 *
 * Ranges: TF6000-TF6099 the CLI itself (`CLI_CODES`), TF6100-TF6149 `twinframe init` (`INIT_CODES`).
 */
import { codesOf } from '../shared-memory/error-code-table.ts';

/** Codes of the `twinframe` command line, TF6000-TF6099. */
export const CLI_CODES = codesOf('CLI');

/** Codes of `twinframe init`, TF6100-TF6149. */
export const INIT_CODES = codesOf('INIT');
