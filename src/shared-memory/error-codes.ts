/** Diagnostic and error codes raised by the shared-memory layer (TF1xxx), selected from the one code table. See docs/errors/. */
import { codesOf } from './error-code-table.ts';

export const SHARED_MEMORY_CODES = codesOf('SHARED_MEMORY');
