/** Error codes raised by the command line (TF6xxx), selected from the one code table. See docs/errors/. */
import { codesOf } from '../shared-memory/error-code-table.ts';

/** Codes of the `twinframe` command line, TF6000-TF6999. */
export const CLI_CODES = codesOf('CLI');
