/**
 * Error codes raised by the command line (TF6xxx). See docs/errors/. Append entries; never renumber.
 *
 * Ranges: TF6000-TF6099 the CLI itself (`CLI_CODES`), TF6100-TF6149 `twinframe init` (`INIT_CODES`).
 */
import { defineCodes } from '../shared-memory/twinframe-error.ts';

/** Codes of the `twinframe` command line, TF6000-TF6099. */
export const CLI_CODES = defineCodes({
  PACKAGE_MANIFEST_MISSING: { code: 'TF6001', severity: 'fatal', summary: "The CLI could not find twinframe's own package.json above its files, so it cannot tell its version; the installation is incomplete." },
});

/** Codes of `twinframe init`, TF6100-TF6149. */
export const INIT_CODES = defineCodes({
  INIT_TARGET_NOT_EMPTY: { code: 'TF6101', severity: 'fatal', summary: 'twinframe init was pointed at a folder that already holds files (or at a file); nothing was written.' },
  INIT_TEMPLATES_MISSING: { code: 'TF6102', severity: 'fatal', summary: 'twinframe init found no starter templates beside its own package.json (a broken or partial install); nothing was written.' },
});
