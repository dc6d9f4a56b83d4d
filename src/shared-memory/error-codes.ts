/** Diagnostic and error codes raised by the shared-memory layer (TF1xxx). See docs/errors/. */
import { defineCodes } from './twinframe-error.ts';

export const SHARED_MEMORY_CODES = defineCodes({
  CODE_TABLE_INVALID: { code: 'TF1000', severity: 'fatal', summary: 'An error-code table is malformed (internal consistency check).' },
});
