/**
 * Every diagnostic and error code of every layer, declared once as data. See docs/errors/.
 *
 * Each entry names the `table` it belongs to; each layer's `src/<layer>/error-codes.ts` selects its
 * own tables with {@link codesOf} (a test checks that a layer selects only tables of its layer, and
 * that only those files read this one), so a layer still imports only its own and lower codes.
 * Ranges, by table: {@link CODE_TABLES}. Append entries; never renumber.
 */
import { TwinframeError, type ErrorCodeInfo, type Severity } from './twinframe-error.ts';

/** The tables, with the layer that owns each and the code range its entries must fall in. */
export const CODE_TABLES = {
  /** Rings, state buffers and the code table itself. */
  SHARED_MEMORY: { layer: 'shared-memory', first: 1000, last: 1999 },
  /** Records and queues. */
  PROTOCOL: { layer: 'protocol', first: 2000, last: 2099 },
  /** The platform seams and their Node implementations; TF3500-TF3599 are kept for the browser platform. */
  PLATFORM: { layer: 'platform', first: 3000, last: 3499 },
  /** Command validation and application (the seed's C++ EntityAPI / CameraAPI). */
  COMMAND: { layer: 'engine', first: 4000, last: 4099 },
  /** The app, the logic host and the watchdog. */
  RUNTIME: { layer: 'engine', first: 4100, last: 4199 },
  /** The three.js renderer (inside the engine's TF4xxx range because it draws for the engine). */
  THREE_RENDERER: { layer: 'three', first: 4500, last: 4599 },
  /** The logic runtime (worker entry, script APIs, guards). */
  LOGIC: { layer: 'logic', first: 5000, last: 5499 },
  /** The ProtogameJS3D host profile (`src/logic/protogame/`). */
  PROTOGAME: { layer: 'logic', first: 5500, last: 5599 },
  /** The `twinframe` command line itself. */
  CLI: { layer: 'cli', first: 6000, last: 6099 },
  /** `twinframe init`. */
  INIT: { layer: 'cli', first: 6100, last: 6149 },
  /** `twinframe dev` and `twinframe build` (`src/dev/`), inside the command line's range because the dev layer serves it. */
  DEV: { layer: 'dev', first: 6500, last: 6599 },
} as const;

/** The name of one table of {@link CODE_TABLES}. */
export type CodeTableName = keyof typeof CODE_TABLES;

/** One entry of {@link ERROR_CODES}: the code is its key. */
interface CodeEntry {
  readonly table: CodeTableName;
  readonly name: string;
  readonly severity: Severity;
  readonly summary: string;
}

/** All codes, keyed by code, in code order. */
export const ERROR_CODES = {
  TF1000: { table: 'SHARED_MEMORY', name: 'CODE_TABLE_INVALID', severity: 'fatal', summary: 'An error-code table is malformed (internal consistency check).' },
  TF1001: { table: 'SHARED_MEMORY', name: 'RING_CAPACITY_INVALID', severity: 'error', summary: 'A ring capacity is not a power of two within the supported range.' },
  TF1002: { table: 'SHARED_MEMORY', name: 'RING_RECORD_TOO_LARGE', severity: 'error', summary: 'A ring record is larger than the ring can ever hold, or its size is not a byte count.' },
  TF1003: { table: 'SHARED_MEMORY', name: 'RING_RECORD_TYPE_INVALID', severity: 'error', summary: 'A ring record type is outside 0..65534.' },
  TF1004: { table: 'SHARED_MEMORY', name: 'RING_BUFFER_INVALID', severity: 'error', summary: 'A buffer handed to RingWriter or RingReader is not a ring made by createRingBuffer.' },
  TF1005: { table: 'SHARED_MEMORY', name: 'RING_FRAMING_CORRUPT', severity: 'error', summary: 'The ring reader found a malformed record header and discarded every published record.' },
  TF1006: { table: 'SHARED_MEMORY', name: 'SHARED_ARRAY_BUFFER_UNAVAILABLE', severity: 'fatal', summary: 'SharedArrayBuffer is missing: the page is not cross-origin isolated.' },
  TF1007: { table: 'SHARED_MEMORY', name: 'RING_OPTIONS_INVALID', severity: 'error', summary: 'A ring option (such as maxRecords) is out of range.' },
  TF1008: { table: 'SHARED_MEMORY', name: 'STATE_SCHEMA_INVALID', severity: 'fatal', summary: 'A state schema has a duplicate or empty field name, an unknown element type or a bad count.' },
  TF1009: { table: 'SHARED_MEMORY', name: 'STATE_BUFFER_INVALID', severity: 'error', summary: 'A buffer handed to StateWriter or StateReader is not a state buffer of that schema, or its capacity is out of range.' },
  TF1010: { table: 'SHARED_MEMORY', name: 'STATE_PUBLISH_FAULT_INJECTED', severity: 'error', summary: 'A StateWriter publish failed because a test or the demo armed injectPublishFault (the reader keeps the last good publish).' },
  TF2001: { table: 'PROTOCOL', name: 'COMMAND_OPCODE_UNKNOWN', severity: 'error', summary: 'A command record has an opcode the reader does not know; it was skipped.' },
  TF2002: { table: 'PROTOCOL', name: 'COMMAND_LENGTH_INVALID', severity: 'error', summary: "A command record's payload length does not match its opcode; it was skipped." },
  TF2003: { table: 'PROTOCOL', name: 'CALLBACK_RECORD_INVALID', severity: 'error', summary: 'A callback record has an unknown type or an impossible length; it was skipped.' },
  TF2004: { table: 'PROTOCOL', name: 'DIAGNOSTIC_RECORD_INVALID', severity: 'error', summary: 'A diagnostic record is malformed; it was skipped.' },
  TF2005: { table: 'PROTOCOL', name: 'QUEUE_CAPACITY_INVALID', severity: 'error', summary: 'A queue was created with a capacity or message limit out of range.' },
  TF2006: { table: 'PROTOCOL', name: 'QUEUE_BUFFER_INVALID', severity: 'error', summary: 'A queue end was attached to a ring that was not made for that queue.' },
  TF2020: { table: 'PROTOCOL', name: 'RECORDING_NOT_A_RECORDING', severity: 'error', summary: 'A file given as a recording does not start with the recording magic bytes (not a twinframe recording, or damaged at its start).' },
  TF2021: { table: 'PROTOCOL', name: 'RECORDING_VERSION_UNSUPPORTED', severity: 'error', summary: 'A recording was written in a format version this twinframe cannot read (a newer twinframe, or an unknown version).' },
  TF2022: { table: 'PROTOCOL', name: 'RECORDING_HEADER_INVALID', severity: 'error', summary: "A recording's header is cut short, fails its checksum, or is not the JSON object the format describes; the file was refused." },
  TF2023: { table: 'PROTOCOL', name: 'RECORDING_CHUNK_CORRUPT', severity: 'error', summary: 'A chunk of a recording has a bad marker, length or CRC-32, or does not decompress to its declared size; the file was refused at that chunk.' },
  TF2024: { table: 'PROTOCOL', name: 'RECORDING_EVENT_INVALID', severity: 'error', summary: 'An event inside a recording chunk (one that passed its checksum) is malformed: an unknown kind, a length past the chunk end, or a bad value.' },
  TF2025: { table: 'PROTOCOL', name: 'RECORDING_INPUT_INVALID', severity: 'error', summary: 'The recording encoder was given a header or event it cannot write (a missing field, a value out of range, or an event after finish()).' },
  TF3001: { table: 'PLATFORM', name: 'CLOCK_RATE_INVALID', severity: 'error', summary: 'A frame clock was created with a rate that is not a number of frames per second in (0, 1000].' },
  TF3002: { table: 'PLATFORM', name: 'WORKER_SPAWN_FAILED', severity: 'fatal', summary: 'The logic worker thread could not be started (bad entry file, resource limits, or the platform refused the thread).' },
  TF3004: { table: 'PLATFORM', name: 'WORKER_ENDPOINT_MISSING', severity: 'fatal', summary: 'The logic entry was started outside a worker thread, so it has no parent port to receive the handshake from.' },
  TF3010: { table: 'PLATFORM', name: 'GAME_MODULE_NOT_FOUND', severity: 'fatal', summary: 'The game module, or a module it imports, could not be found when the logic bundle was built.' },
  TF3011: { table: 'PLATFORM', name: 'GAME_MODULE_SYNTAX_ERROR', severity: 'fatal', summary: 'The game module, or a module it imports, has a syntax or type-syntax error, so it cannot be loaded.' },
  TF3012: { table: 'PLATFORM', name: 'GAME_BUNDLE_FAILED', severity: 'fatal', summary: 'The logic bundle could not be built or written for another reason (cache directory not writable, esbuild failure).' },
  TF3013: { table: 'PLATFORM', name: 'IMPORT_CASE_DIFFERS', severity: 'warning', summary: "An import of a 'protogame' script tree differs from the file on disk only by letter case; it resolves, as on Windows, but fails on case-sensitive hosts." },
  TF3014: { table: 'PLATFORM', name: 'IMPORT_CASE_AMBIGUOUS', severity: 'fatal', summary: "An import of a 'protogame' script tree matches two files or folders that differ only by letter case, so which one it means is ambiguous." },
  TF3030: { table: 'PLATFORM', name: 'SOUND_LOAD_FAILED', severity: 'warning', summary: 'A sound named by audio.createOrGetSound could not be loaded (no such file under the data root, an HTTP error, or undecodable audio); it stays silent.' },
  TF4001: { table: 'COMMAND', name: 'ENTITY_NOT_FOUND', severity: 'error', summary: 'A command named an entity that does not exist (never created, or destroyed); it was refused.' },
  TF4002: { table: 'COMMAND', name: 'ENTITY_ID_INVALID', severity: 'error', summary: 'createMesh came with an id that is malformed, beyond the entity capacity, or already live; the creation was refused.' },
  TF4003: { table: 'COMMAND', name: 'VALUE_INVALID', severity: 'error', summary: 'A command carried a value that is not finite or out of range (NaN position, colour channel outside 0-255, negative scale, bad clip planes); it was refused.' },
  TF4004: { table: 'COMMAND', name: 'MESH_TYPE_UNKNOWN', severity: 'error', summary: 'createMesh named a mesh type the engine does not know; the creation was refused.' },
  TF4005: { table: 'COMMAND', name: 'CAMERA_NOT_FOUND', severity: 'error', summary: 'A command named a camera that does not exist (never created, or destroyed); it was refused.' },
  TF4006: { table: 'COMMAND', name: 'CAMERA_ID_INVALID', severity: 'error', summary: 'createCamera came with an id that is malformed, beyond the camera capacity, or already live; the creation was refused.' },
  TF4007: { table: 'COMMAND', name: 'CAMERA_TYPE_UNKNOWN', severity: 'error', summary: 'A camera command named a camera type other than world or screen; it was refused.' },
  TF4020: { table: 'COMMAND', name: 'SOUND_UNKNOWN', severity: 'error', summary: 'An audio command named a sound id that is out of range or whose path never arrived; it was refused.' },
  TF4021: { table: 'COMMAND', name: 'PLAYBACK_UNKNOWN', severity: 'error', summary: 'An audio command named a playback id that was never started (or started a playback with an id already used); it was refused.' },
  TF4100: { table: 'RUNTIME', name: 'APP_OPTION_INVALID', severity: 'fatal', summary: 'createApp was given an option out of range or of the wrong type.' },
  TF4101: { table: 'RUNTIME', name: 'LOGIC_FRAMES_SKIPPED', severity: 'warning', summary: 'The logic frame was not complete when the engine wanted to trigger the next one (lockstep); the engine skipped the trigger and kept rendering. Logged every 60 skips.' },
  TF4102: { table: 'RUNTIME', name: 'LOGIC_HUNG', severity: 'error', summary: 'The logic worker stayed inside a frame past the hang timeout (its heartbeat stopped); it was terminated.' },
  TF4103: { table: 'RUNTIME', name: 'LOGIC_CRASHED', severity: 'error', summary: 'The logic worker thread died (uncaught error, out of memory, or exit); the engine kept rendering the last good state.' },
  TF4104: { table: 'RUNTIME', name: 'LOGIC_RESTARTED', severity: 'info', summary: 'A new logic worker incarnation was started after a crash or a hang; the previous world was cleared and the game starts again.' },
  TF4105: { table: 'RUNTIME', name: 'LOGIC_RESTART_LIMIT', severity: 'fatal', summary: 'The logic worker failed more often than the restart policy allows; it stays down and the engine keeps rendering the last good state.' },
  TF4106: { table: 'RUNTIME', name: 'SHUTDOWN_TIMEOUT', severity: 'warning', summary: 'The logic worker did not stop within the graceful shutdown timeout after being asked to; it was terminated.' },
  TF4107: { table: 'RUNTIME', name: 'CALLBACK_BACKPRESSURE', severity: 'warning', summary: 'The CallbackQueue was full; callbacks wait in the engine-side overflow and go, in order, in the next frames.' },
  TF4108: { table: 'RUNTIME', name: 'PUBLISH_FAILED', severity: 'error', summary: 'Publishing entity or camera state (SwapBuffers) failed; the logic keeps seeing the last good state and the next publish repairs it.' },
  TF4109: { table: 'RUNTIME', name: 'DIRTY_ID_DROPPED', severity: 'warning', summary: "An id marked dirty named no record when state was published (the seed's error scenario 5); it was dropped from the dirty set." },
  TF4110: { table: 'RUNTIME', name: 'QUEUE_NEARLY_FULL', severity: 'warning', summary: 'A queue passed 80% of its capacity; the producer will soon hit backpressure.' },
  TF4111: { table: 'RUNTIME', name: 'LOGIC_LOAD_FAILED', severity: 'fatal', summary: 'The logic worker reported that the game could not be loaded; the engine runs on with an empty world.' },
  TF4112: { table: 'RUNTIME', name: 'ENGINE_FRAME_FAILED', severity: 'error', summary: 'An engine frame threw (an engine bug or a throwing renderer); the frame loop caught it and goes on with the next frame.' },
  TF4113: { table: 'RUNTIME', name: 'LOGIC_STALLED', severity: 'warning', summary: 'The logic worker has been inside a frame without a heartbeat for the stall threshold; it will be declared hung at the hang timeout.' },
  TF4140: { table: 'RUNTIME', name: 'LOGIC_RELOADED', severity: 'info', summary: 'A hot reload swapped in the new game code; the message gives the time from the save to its first frame and whether the world was kept.' },
  TF4141: { table: 'RUNTIME', name: 'RELOAD_FAILED', severity: 'error', summary: 'A hot reload failed (the new code did not load, or failed in its first frame); the running code and its world were kept, and the next good save reloads again.' },
  TF4160: { table: 'RUNTIME', name: 'FLIGHT_RECORDING_WRITTEN', severity: 'info', summary: 'The flight recorder wrote the last seconds of play (and every logic fact of the running incarnation) as a recording after an error, a crash or a hang; the message names the file or download.' },
  TF4161: { table: 'RUNTIME', name: 'RECORDING_FAILED', severity: 'error', summary: 'A recording (the `record` option, `--record`, or a flight recording) could not be encoded or written; the run went on without it.' },
  TF4162: { table: 'RUNTIME', name: 'FLIGHT_RECORDER_STOPPED', severity: 'warning', summary: 'The flight recorder stopped for good: more entities were live than flightRecorderMaxEntities (default 20,000), and hashing and keeping a world that large every frame would slow every engine frame.' },
  TF4500: { table: 'THREE_RENDERER', name: 'WEBGL2_UNAVAILABLE', severity: 'fatal', summary: 'The canvas could not give a WebGL2 context, so the three.js renderer cannot draw.' },
  TF4501: { table: 'THREE_RENDERER', name: 'RENDERER_BAD_OPTION', severity: 'error', summary: 'ThreeRenderer was constructed or resized with an invalid option (canvas, size, pixel ratio, capacity, colour).' },
  TF4502: { table: 'THREE_RENDERER', name: 'RENDERER_BAD_ARGUMENT', severity: 'error', summary: 'The engine called the three.js renderer with an unknown mesh or camera type, a stale instance slot, or invalid camera projection values.' },
  TF4503: { table: 'THREE_RENDERER', name: 'WIDE_LINES_UNAVAILABLE', severity: 'fatal', summary: 'The installed three.js LineMaterial shader is not the one the per-segment width of wide debug lines patches (an unsupported three.js version).' },
  TF4504: { table: 'THREE_RENDERER', name: 'INSTANCE_SHADER_UNAVAILABLE', severity: 'fatal', summary: 'The installed three.js project_vertex shader chunk is not the one the per-instance position attribute (instanceOffset) patches (an unsupported three.js version).' },
  TF5001: { table: 'LOGIC', name: 'SCRIPT_ERROR', severity: 'error', summary: 'Game code threw in a frame phase (setup, update, render, a system, a callback); the logic caught it, reported it and went on with the next frame.' },
  TF5002: { table: 'LOGIC', name: 'UNHANDLED_REJECTION', severity: 'error', summary: 'A promise in the game code was rejected and nothing handled the rejection.' },
  TF5003: { table: 'LOGIC', name: 'RUNTIME_FAILED', severity: 'fatal', summary: 'The logic runtime itself failed outside game code (a bug in twinframe); the worker stopped and set its status to failed.' },
  TF5010: { table: 'LOGIC', name: 'API_ARGUMENT_INVALID', severity: 'error', summary: 'A game called a twinframe script API (EntityAPI, CameraAPI, JSEngine, ctx.*) with an argument of the wrong type or shape.' },
  TF5011: { table: 'LOGIC', name: 'ID_CAPACITY_EXHAUSTED', severity: 'error', summary: 'Every entity (or camera) id is in use, so a creation could not get an id; it was refused on the logic side.' },
  TF5020: { table: 'LOGIC', name: 'CALLBACK_UNKNOWN', severity: 'warning', summary: 'A callback arrived from the engine with an id no request is waiting for; it was ignored.' },
  TF5021: { table: 'LOGIC', name: 'REQUEST_REFUSED', severity: 'warning', summary: 'The engine refused a request made with a callback (creation, set active, type change, destroy) and the game did not observe the refusal.' },
  TF5022: { table: 'LOGIC', name: 'REQUEST_ABANDONED', severity: 'info', summary: 'The logic stopped before the engine answered a request made with a callback; the request settled with this error (requests nobody observed are summed up in one line at the stop).' },
  TF5030: { table: 'LOGIC', name: 'CONSOLE_OUTPUT', severity: 'info', summary: 'A line the game wrote with console.* on the logic thread, forwarded to the engine.' },
  TF5040: { table: 'LOGIC', name: 'HANDSHAKE_INVALID', severity: 'fatal', summary: 'The logic worker received a first message that is not a handshake of its protocol version.' },
  TF5041: { table: 'LOGIC', name: 'GAME_LOAD_FAILED', severity: 'fatal', summary: 'Evaluating the game module threw, so the game could not start.' },
  TF5042: { table: 'LOGIC', name: 'GAME_EMPTY', severity: 'warning', summary: 'The game module neither default-exports defineGame(...) nor registers a system, so no frame runs game code.' },
  TF5050: { table: 'LOGIC', name: 'COMMAND_BACKPRESSURE', severity: 'warning', summary: 'The RenderCommandQueue was full; commands wait in the logic-side overflow and go, in order, in the next frames.' },
  TF5060: { table: 'LOGIC', name: 'HOT_DATA_NOT_CLONEABLE', severity: 'error', summary: 'What a ctx.hot.dispose hook wrote could not be structured-cloned to the new incarnation; the reload went on without the data (and without keeping the world).' },
  TF5500: { table: 'PROTOGAME', name: 'NATIVE_ARGUMENT_COUNT', severity: 'error', summary: 'A ProtogameJS3D native was called with the wrong number of arguments.' },
  TF5501: { table: 'PROTOGAME', name: 'NATIVE_ARGUMENT_TYPE', severity: 'error', summary: 'A ProtogameJS3D native was called with an argument of the wrong type or out of range.' },
  TF5502: { table: 'PROTOGAME', name: 'REQUEST_REFUSED', severity: 'error', summary: 'A ProtogameJS3D request that returns a callbackId could not be sent; its callback settles with this error.' },
  TF5504: { table: 'PROTOGAME', name: 'JSENGINE_MISSING', severity: 'warning', summary: 'A ProtogameJS3D main.js loaded but defined no globalThis.JSEngine with update or render, so no frame runs any script.' },
  TF5505: { table: 'PROTOGAME', name: 'DEBUG_PRIMITIVES_DROPPED', severity: 'warning', summary: 'A ProtogameJS3D script kept more debug primitives alive than the recorder holds; the extra ones were dropped and counted.' },
  TF5506: { table: 'PROTOGAME', name: 'DEBUG_DRAW_OVERFLOW', severity: 'warning', summary: 'More world debug primitives were live than the debug-draw buffer carries to the engine; the extra ones were not drawn (counted).' },
  TF6001: { table: 'CLI', name: 'PACKAGE_MANIFEST_MISSING', severity: 'fatal', summary: "The CLI could not find twinframe's own package.json above its files, so it cannot tell its version; the installation is incomplete." },
  TF6002: { table: 'CLI', name: 'CLI_BAD_ARGUMENT', severity: 'error', summary: '`twinframe run`, `replay` or `init` (or `twinframe` itself) was given a missing, unknown or invalid argument; nothing ran.' },
  TF6101: { table: 'INIT', name: 'INIT_TARGET_NOT_EMPTY', severity: 'fatal', summary: 'twinframe init was pointed at a folder that already holds files (or at a file); nothing was written.' },
  TF6102: { table: 'INIT', name: 'INIT_TEMPLATES_MISSING', severity: 'fatal', summary: 'twinframe init found no starter templates beside its own package.json (a broken or partial install); nothing was written.' },
  TF6500: { table: 'DEV', name: 'DEV_BAD_ARGUMENT', severity: 'error', summary: '`twinframe dev` or `twinframe build` was given a missing, unknown or invalid argument.' },
  TF6501: { table: 'DEV', name: 'DEV_GAME_NOT_FOUND', severity: 'error', summary: 'The game file given to `twinframe dev` or `twinframe build` does not exist or is not a file.' },
  TF6502: { table: 'DEV', name: 'DEV_GAME_COMPILE_FAILED', severity: 'fatal', summary: 'The dev server could not compile the game module (a syntax error or an import that does not resolve), so the page cannot load it.' },
  TF6503: { table: 'DEV', name: 'DEV_SERVER_FAILED', severity: 'fatal', summary: 'The dev server could not start (the port is taken, or Vite failed) or the static build failed.' },
  TF6504: { table: 'DEV', name: 'DEV_DATA_ROOT_NOT_FOUND', severity: 'error', summary: 'With --host protogame, no folder holding Data/ was found above the script, and --data-root was not given or does not exist.' },
  TF6505: { table: 'DEV', name: 'OVERLAY_CANVAS_UNAVAILABLE', severity: 'error', summary: 'The live overlay could not get a 2D context for its frame-time graph canvas.' },
  TF6506: { table: 'DEV', name: 'REPLAY_VIEW_FILE_UNREADABLE', severity: 'error', summary: 'The recording given to `twinframe replay FILE --view` does not exist, is not a file, or could not be read.' },
} as const satisfies Record<string, CodeEntry>;

type Codes = typeof ERROR_CODES;

/** The codes of one table, keyed by their UPPER_SNAKE name. */
export type CodesOf<T extends CodeTableName> = {
  readonly [C in keyof Codes as Codes[C]['table'] extends T ? Codes[C]['name'] : never]: ErrorCodeInfo;
};

/** Checks the table once, when the module loads: codes well formed, each in its table's range, names unique in a table. */
function checkCodes(): void {
  const names = new Set<string>();
  for (const [code, entry] of Object.entries(ERROR_CODES) as [string, CodeEntry][]) {
    const range = CODE_TABLES[entry.table];
    const n = /^TF\d{4}$/.test(code) ? Number(code.slice(2)) : NaN;
    const key = `${entry.table}.${entry.name}`;
    if (!(n >= range.first && n <= range.last) || names.has(key)) {
      throw new TwinframeError('TF1000', `ERROR_CODES: code ${code} for ${key} is malformed, outside TF${range.first}-TF${range.last} or its name is taken; got ${code}. Pick the next free code of the table's range and a new name.`);
    }
    names.add(key);
  }
}
checkCodes();

/** The codes of one table, keyed by name, each frozen. Allocates; module setup only. */
export function codesOf<T extends CodeTableName>(table: T): CodesOf<T> {
  const out: Record<string, ErrorCodeInfo> = {};
  for (const [code, entry] of Object.entries(ERROR_CODES) as [string, CodeEntry][]) {
    if (entry.table === table) out[entry.name] = Object.freeze({ code, name: entry.name, severity: entry.severity, summary: entry.summary });
  }
  return Object.freeze(out) as CodesOf<T>;
}
