/**
 * The control block: the few counters the engine and the logic worker use to pace and watch each
 * other (the seed's `TriggerNextFrame` / `IsFrameComplete`, heartbeat and shutdown flag).
 *
 * ```
 *  Int32 slots (one SharedArrayBuffer of CONTROL_BLOCK_BYTES), each 64-byte line written by ONE side
 *  line 0  engine writes      0 FRAME_REQUESTED   lockstep: number of logic frames requested so far
 *                             1 SHUTDOWN          1 = please finish the frame and stop
 *                             2 ENGINE_FRAME      engine frame counter (information only)
 *                           4-5 REPLAY_DT         replay only (handshake `replay: true`): the raw dt in seconds
 *                                                 of the tick requested next, one f64 at byte 16, written
 *                                                 before the Atomics.add on FRAME_REQUESTED that requests it
 *  line 1  logic writes      16 FRAME_COMPLETED   lockstep: FRAME_REQUESTED value of the last finished frame
 *                            17 HEARTBEAT         +1 at every phase boundary of every logic frame
 *                            18 LOGIC_TICK        tick of the last finished logic frame (starts at 0)
 *                            19 LOGIC_FRAME_US    duration of the last logic frame in microseconds
 *                            20 PHASE             LogicPhase the worker is in now (LOGIC_PHASE_*)
 *                            21 STATUS            LOGIC_STATUS_* (starting, loading, running, stopped, failed)
 *                            22 QUIT_REQUESTED    1 = the game asked the app to stop (game.appRequestQuit)
 *                            23 SYSTEM_INDEX      index of the system running now, -1 outside systems
 *                            24 OVERFLOW_COMMANDS commands waiting in the logic-side overflow (backpressure)
 *                            25 OVERFLOW_EVENTS   times a command did not fit the ring (counter)
 *  line 2  written once      32 INCARNATION       which worker incarnation owns this block (1, 2, ...)
 * ```
 * All reads and writes of these slots are atomic: every value is a single Int32, so nothing can tear.
 * The engine never blocks on any of them; the worker may `Atomics.wait`/`waitAsync` on FRAME_REQUESTED.
 */

export const CONTROL_BLOCK_SLOTS = 48;
export const CONTROL_BLOCK_BYTES = CONTROL_BLOCK_SLOTS * Int32Array.BYTES_PER_ELEMENT;

export const FRAME_REQUESTED_SLOT = 0;
export const SHUTDOWN_SLOT = 1;
export const ENGINE_FRAME_SLOT = 2;
/**
 * Replay: the raw dt (seconds, f64) of the next requested tick, at byte REPLAY_DT_BYTE_OFFSET
 * (Int32 slots 4 and 5). The replay driver stores it, then requests the tick with the Atomics.add
 * on FRAME_REQUESTED; the worker reads it after observing that request (the add publishes it).
 */
export const REPLAY_DT_SLOT = 4;
/** Byte offset of the REPLAY_DT f64 (8-byte aligned). */
export const REPLAY_DT_BYTE_OFFSET = REPLAY_DT_SLOT * Int32Array.BYTES_PER_ELEMENT;

/** The f64 view of REPLAY_DT over a control block. Allocates; once per worker or driver. */
export function replayDtView(control: SharedArrayBuffer): Float64Array {
  return new Float64Array(control, REPLAY_DT_BYTE_OFFSET, 1);
}

export const FRAME_COMPLETED_SLOT = 16;
export const HEARTBEAT_SLOT = 17;
export const LOGIC_TICK_SLOT = 18;
export const LOGIC_FRAME_US_SLOT = 19;
export const PHASE_SLOT = 20;
export const STATUS_SLOT = 21;
export const QUIT_REQUESTED_SLOT = 22;
export const SYSTEM_INDEX_SLOT = 23;
export const OVERFLOW_COMMANDS_SLOT = 24;
export const OVERFLOW_EVENTS_SLOT = 25;

export const INCARNATION_SLOT = 32;

/** Worker status values in STATUS_SLOT. */
export const LOGIC_STATUS_STARTING = 0;
export const LOGIC_STATUS_LOADING = 1;
export const LOGIC_STATUS_RUNNING = 2;
export const LOGIC_STATUS_STOPPED = 3;
export const LOGIC_STATUS_FAILED = 4;
/** A standby worker (hot reload) loaded its game and waits for its activation message. */
export const LOGIC_STATUS_READY = 5;

/** SHUTDOWN values: 1 = stop; 2 = stop for a hot reload (run the game's dispose hooks and post the hand-over first). */
export const SHUTDOWN_STOP = 1;
export const SHUTDOWN_RELOAD = 2;

/** Logic phases in PHASE_SLOT, in the order a logic frame runs them (architecture note section 3). */
export const LOGIC_PHASES = ['idle', 'load', 'setup', 'snapshot', 'callbacks', 'update', 'render', 'publish'] as const;
export type LogicPhase = (typeof LOGIC_PHASES)[number];
/**
 * Where else a diagnostic can come from: the engine's frame phases (input ... trigger; `callbacks`,
 * `render` and `publish` share the logic's names) and the moments outside any frame.
 */
export const OTHER_PHASES = ['input', 'apply', 'observe', 'trigger', 'frame', 'promise', 'shutdown', 'worker', 'watchdog', 'diagnostics'] as const;
/** Every phase a diagnostic names (Diagnostic.phase): one union for the control block and diagnostics. */
export const PHASES: readonly Phase[] = [...LOGIC_PHASES, ...OTHER_PHASES];
export type Phase = LogicPhase | (typeof OTHER_PHASES)[number];
/** True when `s` is a Phase (decoders check what crossed the ring). */
export function isPhase(s: string): s is Phase {
  return (PHASES as readonly string[]).includes(s);
}
export const LOGIC_PHASE_IDLE = 0;
export const LOGIC_PHASE_LOAD = 1;
export const LOGIC_PHASE_SETUP = 2;
export const LOGIC_PHASE_SNAPSHOT = 3;
export const LOGIC_PHASE_CALLBACKS = 4;
export const LOGIC_PHASE_UPDATE = 5;
export const LOGIC_PHASE_RENDER = 6;
export const LOGIC_PHASE_PUBLISH = 7;

/** Allocates a zeroed control block for one worker incarnation. Allocates; setup only. */
export function createControlBlock(incarnation: number): SharedArrayBuffer {
  const sab = new SharedArrayBuffer(CONTROL_BLOCK_BYTES);
  const i32 = new Int32Array(sab);
  i32[SYSTEM_INDEX_SLOT] = -1;
  // ORDERING: written before the buffer is handed to the worker in the handshake message.
  Atomics.store(i32, INCARNATION_SLOT, incarnation);
  return sab;
}
