/**
 * Diagnostic and error codes raised by the logic layer (TF5xxx), selected from the one code table
 * (`src/shared-memory/error-code-table.ts`). See docs/errors/.
 *
 * Ranges: TF5000-TF5499 belong to the logic runtime (`LOGIC_CODES`); TF5500-TF5599 belong to the
 * ProtogameJS3D host profile (`src/logic/protogame/`, `PROTOGAME_CODES`).
 */
import { codesOf } from '../shared-memory/error-code-table.ts';

/** Codes of the ProtogameJS3D host profile (`src/logic/protogame/`), TF5500-TF5599. */
export const PROTOGAME_CODES = codesOf('PROTOGAME');

/** Codes of the logic runtime (worker entry, script APIs, guards), TF5000-TF5499. */
export const LOGIC_CODES = codesOf('LOGIC');
