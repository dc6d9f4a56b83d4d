/**
 * Diagnostic and error codes raised by the engine layer (TF4xxx), selected from the one code table
 * (`src/shared-memory/error-code-table.ts`). See docs/errors/.
 *
 * Ranges: TF4000-TF4099 command application (`COMMAND_CODES`), TF4100-TF4199 the app, the logic
 * host and the watchdog (`RUNTIME_CODES`); TF4500-TF4599 belong to the three.js renderer
 * (`src/three/error-codes.ts`).
 */
import { codesOf } from '../shared-memory/error-code-table.ts';

/** Codes of command validation and application (the seed's C++ EntityAPI / CameraAPI), TF4000-TF4099. */
export const COMMAND_CODES = codesOf('COMMAND');

/** Codes of the app, the logic host and the watchdog, TF4100-TF4199. */
export const RUNTIME_CODES = codesOf('RUNTIME');
