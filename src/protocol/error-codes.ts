/** Diagnostic and error codes raised by the protocol layer (TF2001-TF2099), selected from the one code table. See docs/errors/. */
import { codesOf } from '../shared-memory/error-code-table.ts';

export const PROTOCOL_CODES = codesOf('PROTOCOL');
