/**
 * Diagnostic and error codes raised by the logic layer (TF5xxx). See docs/errors/.
 *
 * Ranges: TF5000-TF5499 belong to the logic runtime (`LOGIC_CODES`); TF5500-TF5599 belong to the
 * ProtogameJS3D host profile (`src/logic/protogame/`, `PROTOGAME_CODES`); other logic tables take
 * their own ranges. Append entries; never renumber.
 */
import { defineCodes } from '../shared-memory/twinframe-error.ts';

/** Codes of the ProtogameJS3D host profile (`src/logic/protogame/`), TF5500-TF5599. */
export const PROTOGAME_CODES = defineCodes({
  NATIVE_ARGUMENT_COUNT: { code: 'TF5500', severity: 'error', summary: 'A ProtogameJS3D native was called with the wrong number of arguments.' },
  NATIVE_ARGUMENT_TYPE: { code: 'TF5501', severity: 'error', summary: 'A ProtogameJS3D native was called with an argument of the wrong type or out of range.' },
  REQUEST_REFUSED: { code: 'TF5502', severity: 'error', summary: 'A ProtogameJS3D request that returns a callbackId could not be sent; its callback settles with this error.' },
  JSENGINE_MISSING: { code: 'TF5504', severity: 'warning', summary: 'A ProtogameJS3D main.js loaded but defined no globalThis.JSEngine with update or render, so no frame runs any script.' },
  DEBUG_PRIMITIVES_DROPPED: { code: 'TF5505', severity: 'warning', summary: 'A ProtogameJS3D script kept more debug primitives alive than the recorder holds; the extra ones were dropped and counted.' },
  DEBUG_DRAW_OVERFLOW: { code: 'TF5506', severity: 'warning', summary: 'More world debug primitives were live than the debug-draw buffer carries to the engine; the extra ones were not drawn (counted).' },
});

/** Codes of the logic runtime (worker entry, script APIs, guards), TF5000-TF5499. */
export const LOGIC_CODES = defineCodes({
  SCRIPT_ERROR: { code: 'TF5001', severity: 'error', summary: 'Game code threw in a frame phase (setup, update, render, a system, a callback); the logic caught it, reported it and went on with the next frame.' },
  UNHANDLED_REJECTION: { code: 'TF5002', severity: 'error', summary: 'A promise in the game code was rejected and nothing handled the rejection.' },
  RUNTIME_FAILED: { code: 'TF5003', severity: 'fatal', summary: 'The logic runtime itself failed outside game code (a bug in twinframe); the worker stopped and set its status to failed.' },
  API_ARGUMENT_INVALID: { code: 'TF5010', severity: 'error', summary: 'A game called a twinframe script API (EntityAPI, CameraAPI, JSEngine, ctx.*) with an argument of the wrong type or shape.' },
  ID_CAPACITY_EXHAUSTED: { code: 'TF5011', severity: 'error', summary: 'Every entity (or camera) id is in use, so a creation could not get an id; it was refused on the logic side.' },
  CALLBACK_UNKNOWN: { code: 'TF5020', severity: 'warning', summary: 'A callback arrived from the engine with an id no request is waiting for; it was ignored.' },
  REQUEST_REFUSED: { code: 'TF5021', severity: 'warning', summary: 'The engine refused a request made with a callback (creation, set active, type change, destroy) and the game did not observe the refusal.' },
  REQUEST_ABANDONED: { code: 'TF5022', severity: 'warning', summary: 'The logic stopped before the engine answered a request made with a callback; the request settled with this error.' },
  CONSOLE_OUTPUT: { code: 'TF5030', severity: 'info', summary: 'A line the game wrote with console.* on the logic thread, forwarded to the engine.' },
  HANDSHAKE_INVALID: { code: 'TF5040', severity: 'fatal', summary: 'The logic worker received a first message that is not a handshake of its protocol version.' },
  GAME_LOAD_FAILED: { code: 'TF5041', severity: 'fatal', summary: 'Evaluating the game module threw, so the game could not start.' },
  GAME_EMPTY: { code: 'TF5042', severity: 'warning', summary: 'The game module neither default-exports defineGame(...) nor registers a system, so no frame runs game code.' },
  HOT_DATA_NOT_CLONEABLE: { code: 'TF5060', severity: 'error', summary: 'What a ctx.hot.dispose hook wrote could not be structured-cloned to the new incarnation; the reload went on without the data (and without keeping the world).' },
  COMMAND_BACKPRESSURE: { code: 'TF5050', severity: 'warning', summary: 'The RenderCommandQueue was full; commands wait in the logic-side overflow and go, in order, in the next frames.' },
});
