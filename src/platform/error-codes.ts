/**
 * Diagnostic and error codes raised by the platform layer (TF3xxx). See docs/errors/.
 *
 * TF3000-TF3499 belong to the Node platform and the seams (`PLATFORM_CODES`); TF3500-TF3599 are
 * kept for the browser platform (a page that is not cross-origin isolated is TF1006, the one code
 * of a missing SharedArrayBuffer). Append entries; never renumber.
 */
import { defineCodes } from '../shared-memory/twinframe-error.ts';

/** Codes of the platform seams and their Node implementations, TF3000-TF3499. */
export const PLATFORM_CODES = defineCodes({
  CLOCK_RATE_INVALID: { code: 'TF3001', severity: 'error', summary: 'A frame clock was created with a rate that is not a number of frames per second in (0, 1000].' },
  WORKER_SPAWN_FAILED: { code: 'TF3002', severity: 'fatal', summary: 'The logic worker thread could not be started (bad entry file, resource limits, or the platform refused the thread).' },
  WORKER_ENDPOINT_MISSING: { code: 'TF3004', severity: 'fatal', summary: 'The logic entry was started outside a worker thread, so it has no parent port to receive the handshake from.' },
  GAME_MODULE_NOT_FOUND: { code: 'TF3010', severity: 'fatal', summary: 'The game module, or a module it imports, could not be found when the logic bundle was built.' },
  GAME_MODULE_SYNTAX_ERROR: { code: 'TF3011', severity: 'fatal', summary: 'The game module, or a module it imports, has a syntax or type-syntax error, so it cannot be loaded.' },
  GAME_BUNDLE_FAILED: { code: 'TF3012', severity: 'fatal', summary: 'The logic bundle could not be built or written for another reason (cache directory not writable, esbuild failure).' },
  IMPORT_CASE_DIFFERS: { code: 'TF3013', severity: 'warning', summary: "An import of a 'protogame' script tree differs from the file on disk only by letter case; it resolves, as on Windows, but fails on case-sensitive hosts." },
  SOUND_LOAD_FAILED: { code: 'TF3030', severity: 'warning', summary: 'A sound named by audio.createOrGetSound could not be loaded (no such file under the data root, an HTTP error, or undecodable audio); it stays silent.' },
  IMPORT_CASE_AMBIGUOUS: { code: 'TF3014', severity: 'fatal', summary: "An import of a 'protogame' script tree matches two files or folders that differ only by letter case, so which one it means is ambiguous." },
});
