/**
 * Error codes raised by the command line (TF6xxx). See docs/errors/.
 *
 * Ranges: TF6000-TF6049 `twinframe init` (`INIT_CODES`). Append entries; never renumber.
 */
import { defineCodes } from '../shared-memory/twinframe-error.ts';

/** Codes of `twinframe init`, TF6000-TF6049. */
export const INIT_CODES = defineCodes({
  INIT_TARGET_NOT_EMPTY: { code: 'TF6001', severity: 'fatal', summary: 'twinframe init was pointed at a folder that already holds files (or at a file); nothing was written.' },
  INIT_TEMPLATES_MISSING: { code: 'TF6002', severity: 'fatal', summary: 'twinframe init found no starter templates beside its own package.json (a broken or partial install); nothing was written.' },
});
