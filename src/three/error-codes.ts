/**
 * Diagnostic and error codes raised by the three.js renderer layer (TF4500-TF4599, inside the
 * engine's TF4xxx range because the renderer draws for the engine), selected from the one code
 * table (`src/shared-memory/error-code-table.ts`). See docs/errors/.
 */
import { codesOf } from '../shared-memory/error-code-table.ts';

/** Codes of the three.js renderer (`src/three/`), TF4500-TF4599. */
export const THREE_RENDERER_CODES = codesOf('THREE_RENDERER');
