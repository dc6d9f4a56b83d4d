/**
 * Error codes raised by the command line (TF6xxx). See docs/errors/. Append entries; never renumber.
 */
import { defineCodes } from '../shared-memory/twinframe-error.ts';

/** Codes of the `twinframe` command line, TF6000-TF6999. */
export const CLI_CODES = defineCodes({
  PACKAGE_MANIFEST_MISSING: { code: 'TF6001', severity: 'fatal', summary: "The CLI could not find twinframe's own package.json above its files, so it cannot tell its version; the installation is incomplete." },
});
