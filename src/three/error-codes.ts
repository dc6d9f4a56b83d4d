/**
 * Diagnostic and error codes raised by the three.js renderer layer (TF4500-TF4599, inside the
 * engine's TF4xxx range because the renderer draws for the engine). See docs/errors/.
 * Append entries; never renumber.
 */
import { defineCodes } from '../shared-memory/twinframe-error.ts';

/** Codes of the three.js renderer (`src/three/`), TF4500-TF4599. */
export const THREE_RENDERER_CODES = defineCodes({
  WEBGL2_UNAVAILABLE: { code: 'TF4500', severity: 'fatal', summary: 'The canvas could not give a WebGL2 context, so the three.js renderer cannot draw.' },
  RENDERER_BAD_OPTION: { code: 'TF4501', severity: 'error', summary: 'ThreeRenderer was constructed or resized with an invalid option (canvas, size, pixel ratio, capacity, colour).' },
  RENDERER_BAD_ARGUMENT: { code: 'TF4502', severity: 'error', summary: 'The engine called the three.js renderer with an unknown mesh or camera type, a stale instance slot, or invalid camera projection values.' },
});
