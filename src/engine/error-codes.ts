/**
 * Diagnostic and error codes raised by the engine layer (TF4xxx). See docs/errors/.
 *
 * Ranges: TF4000-TF4099 command application (`COMMAND_CODES`), TF4100-TF4199 the app, the logic
 * host and the watchdog (`RUNTIME_CODES`); TF4500-TF4599 belong to the three.js renderer
 * (`src/three/error-codes.ts`). Append entries; never renumber.
 */
import { defineCodes } from '../shared-memory/twinframe-error.ts';

/** Codes of command validation and application (the seed's C++ EntityAPI / CameraAPI), TF4000-TF4099. */
export const COMMAND_CODES = defineCodes({
  ENTITY_NOT_FOUND: { code: 'TF4001', severity: 'error', summary: 'A command named an entity that does not exist (never created, or destroyed); it was refused.' },
  ENTITY_ID_INVALID: { code: 'TF4002', severity: 'error', summary: 'createMesh came with an id that is malformed, beyond the entity capacity, or already live; the creation was refused.' },
  VALUE_INVALID: { code: 'TF4003', severity: 'error', summary: 'A command carried a value that is not finite or out of range (NaN position, colour channel outside 0-255, negative scale, bad clip planes); it was refused.' },
  MESH_TYPE_UNKNOWN: { code: 'TF4004', severity: 'error', summary: 'createMesh named a mesh type the engine does not know; the creation was refused.' },
  CAMERA_NOT_FOUND: { code: 'TF4005', severity: 'error', summary: 'A command named a camera that does not exist (never created, or destroyed); it was refused.' },
  CAMERA_ID_INVALID: { code: 'TF4006', severity: 'error', summary: 'createCamera came with an id that is malformed, beyond the camera capacity, or already live; the creation was refused.' },
  SOUND_UNKNOWN: { code: 'TF4020', severity: 'error', summary: 'An audio command named a sound id that is out of range or whose path never arrived; it was refused.' },
  PLAYBACK_UNKNOWN: { code: 'TF4021', severity: 'error', summary: 'An audio command named a playback id that was never started (or started a playback with an id already used); it was refused.' },
  CAMERA_TYPE_UNKNOWN: { code: 'TF4007', severity: 'error', summary: 'A camera command named a camera type other than world or screen; it was refused.' },
});

/** Codes of the app, the logic host and the watchdog, TF4100-TF4199. */
export const RUNTIME_CODES = defineCodes({
  APP_OPTION_INVALID: { code: 'TF4100', severity: 'fatal', summary: 'createApp was given an option out of range or of the wrong type.' },
  LOGIC_FRAMES_SKIPPED: { code: 'TF4101', severity: 'warning', summary: 'The logic frame was not complete when the engine wanted to trigger the next one (lockstep); the engine skipped the trigger and kept rendering. Logged every 60 skips.' },
  LOGIC_HUNG: { code: 'TF4102', severity: 'error', summary: 'The logic worker stayed inside a frame past the hang timeout (its heartbeat stopped); it was terminated.' },
  LOGIC_CRASHED: { code: 'TF4103', severity: 'error', summary: 'The logic worker thread died (uncaught error, out of memory, or exit); the engine kept rendering the last good state.' },
  LOGIC_RESTARTED: { code: 'TF4104', severity: 'info', summary: 'A new logic worker incarnation was started after a crash or a hang; the previous world was cleared and the game starts again.' },
  LOGIC_RESTART_LIMIT: { code: 'TF4105', severity: 'fatal', summary: 'The logic worker failed more often than the restart policy allows; it stays down and the engine keeps rendering the last good state.' },
  SHUTDOWN_TIMEOUT: { code: 'TF4106', severity: 'warning', summary: 'The logic worker did not stop within the graceful shutdown timeout after being asked to; it was terminated.' },
  CALLBACK_BACKPRESSURE: { code: 'TF4107', severity: 'warning', summary: 'The CallbackQueue was full; callbacks wait in the engine-side overflow and go, in order, in the next frames.' },
  PUBLISH_FAILED: { code: 'TF4108', severity: 'error', summary: 'Publishing entity or camera state (SwapBuffers) failed; the logic keeps seeing the last good state and the next publish repairs it.' },
  DIRTY_ID_DROPPED: { code: 'TF4109', severity: 'warning', summary: 'An id marked dirty named no record when state was published (the seed\'s error scenario 5); it was dropped from the dirty set.' },
  QUEUE_NEARLY_FULL: { code: 'TF4110', severity: 'warning', summary: 'A queue passed 80% of its capacity; the producer will soon hit backpressure.' },
  ENGINE_FRAME_FAILED: { code: 'TF4112', severity: 'error', summary: 'An engine frame threw (an engine bug or a throwing renderer); the frame loop caught it and goes on with the next frame.' },
  LOGIC_STALLED: { code: 'TF4113', severity: 'warning', summary: 'The logic worker has been inside a frame without a heartbeat for the stall threshold; it will be declared hung at the hang timeout.' },
  LOGIC_RELOADED: { code: 'TF4140', severity: 'info', summary: 'A hot reload swapped in the new game code; the message gives the time from the save to its first frame and whether the world was kept.' },
  RELOAD_FAILED: { code: 'TF4141', severity: 'error', summary: 'A hot reload failed (the new code did not load, or failed in its first frame); the running code and its world were kept, and the next good save reloads again.' },
  LOGIC_LOAD_FAILED: { code: 'TF4111', severity: 'fatal', summary: 'The logic worker reported that the game could not be loaded; the engine runs on with an empty world.' },
});
