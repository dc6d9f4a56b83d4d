/**
 * Diagnostic and error codes raised by the platform layer (TF3xxx), selected from the one code
 * table (`src/shared-memory/error-code-table.ts`). See docs/errors/.
 *
 * TF3000-TF3499 belong to the Node platform and the seams (`PLATFORM_CODES`); TF3500-TF3599 are
 * kept for the browser platform (a page that is not cross-origin isolated is TF1006, the one code
 * of a missing SharedArrayBuffer).
 */
import { codesOf } from '../shared-memory/error-code-table.ts';

/** Codes of the platform seams and their Node implementations, TF3000-TF3499. */
export const PLATFORM_CODES = codesOf('PLATFORM');
