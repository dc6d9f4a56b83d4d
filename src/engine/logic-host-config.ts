/**
 * What the logic host is built from (`LogicHostConfig`, filled by the app from its resolved
 * options) and what each incarnation starts with: fresh queues and control block, the state
 * buffers it takes over, in one handshake message.
 */
import { createControlBlock } from '../protocol/control-block.ts';
import { createCommandQueueBuffer } from '../protocol/command-writer.ts';
import type { CommandReader } from '../protocol/command-reader.ts';
import { createCallbackQueueBuffer, type CallbackWriter } from '../protocol/callback-queue.ts';
import { createDiagnosticQueueBuffer } from '../protocol/diagnostic-queue.ts';
import { HANDSHAKE_TYPE, PROTOCOL_VERSION, type HandshakeMessage, type LogicHostProfile, type LogicPacing } from '../protocol/handshake.ts';
import type { StateWriter } from '../shared-memory/state-writer.ts';
import type { StateReader } from '../shared-memory/state-reader.ts';
import type { Clock } from '../platform/clock.ts';
import type { WorkerHost } from '../platform/worker-host.ts';
import type { DiagnosticHub } from './diagnostic-hub.ts';
import type { RestartPolicy } from './restart-policy.ts';

/** What the logic host needs; the App builds it. */
export interface LogicHostConfig {
  readonly workerHost: WorkerHost;
  readonly gameUrl: string;
  readonly profile: LogicHostProfile;
  readonly pacing: LogicPacing;
  readonly seed: number;
  readonly gameOptions: Readonly<Record<string, string | number | boolean>>;
  readonly entities: StateWriter;
  readonly cameras: StateWriter;
  readonly entityBuffer: SharedArrayBuffer;
  readonly cameraBuffer: SharedArrayBuffer;
  readonly inputBuffer: SharedArrayBuffer;
  /** The debug-draw buffer (the worker writes it) and the engine's reader of it. */
  readonly debugDrawBuffer: SharedArrayBuffer;
  readonly debugDraw: StateReader;
  /** The bulk-transform buffer (the worker writes it) and the engine's take-over at a restart (returns the back buffer the new writer owns). */
  readonly bulkTransforms?: { readonly buffer: SharedArrayBuffer; takeOver(): number };
  readonly commandQueueBytes: number;
  readonly callbackCapacity: number;
  readonly diagnosticQueueBytes: number;
  readonly hangTimeoutMs: number;
  readonly restart: RestartPolicy | null;
  readonly shutdownTimeoutMs: number;
  /** Time, timeouts and back-off (the engine's clock). */
  readonly clock: Clock;
  readonly diagnostics: DiagnosticHub;
  /**
   * A new incarnation is about to start (not called for the first): retarget callbacks; `previous`
   * is the dead one's command reader (its counters); `reason` says why (a restart after a crash or
   * hang, or a hot reload); `gameUrl` is the game code it runs (a recording of a watched run stores it).
   */
  readonly onIncarnation: (incarnation: number, callbacks: CallbackWriter, previous: CommandReader | null, reason: 'restart' | 'reload', gameUrl: string) => void;
  /** Record/replay (handshake `record`, `deterministic`, `replay`; docs/replay.md). */
  readonly record?: boolean;
  readonly deterministic?: { readonly seed: number; readonly epochMs: number } | undefined;
  readonly replay?: boolean;
  /**
   * The new incarnation is about to change the world (its first commands arrived, or its first
   * frame completed): clear the previous incarnation's entities and cameras, which were drawn
   * until now.
   */
  readonly onWorldClear: () => void;
  /** A worker inside a frame with no heartbeat for this long is reported as stalled (warning). */
  readonly stallTimeoutMs: number;
}

/** Life of the logic worker as the engine sees it. */
export type LogicHostState = 'idle' | 'running' | 'restarting' | 'down' | 'stopping' | 'stopped';

/**
 * The handshake of incarnation `incarnation`: new control block and queues; the state buffers
 * with the front each one's new reader takes over (a restart hands over what the dead worker held).
 */
export function incarnationHandshake(c: LogicHostConfig, incarnation: number, standbyUrl?: string, gameUrl: string = c.gameUrl): HandshakeMessage {
  const standby = standbyUrl !== undefined;
  const control = createControlBlock(incarnation);
  const commands = createCommandQueueBuffer(c.commandQueueBytes);
  const callbacks = createCallbackQueueBuffer(c.callbackCapacity);
  const diagnostics = createDiagnosticQueueBuffer(c.diagnosticQueueBytes);
  const first = incarnation === 1;
  let debugDrawBack = 0;
  if (!first && !standby) {
    // The dead worker's last debug-draw publish, if not taken yet, is taken (and dropped) now so it
    // cannot surface after the world is cleared; the new writer gets the buffer the dead one held.
    c.debugDraw.refresh();
    debugDrawBack = c.debugDraw.orphanedBack();
  }
  // A standby worker (hot reload) takes the buffer over at its activation, once the old writer stopped.
  // The first writer gets a fresh buffer (no back named): it need not clear a dead writer's working
  // copy, which in shared memory costs ~1.2 ms of its start at 16,384 entities (relaxed-atomic fill).
  const bulkTransformBack = first || c.bulkTransforms === undefined ? undefined : standby ? 0 : c.bulkTransforms.takeOver();
  return {
    type: HANDSHAKE_TYPE,
    protocolVersion: PROTOCOL_VERSION,
    incarnation,
    buffers: {
      control, commands, callbacks, diagnostics, entities: c.entityBuffer, cameras: c.cameraBuffer, input: c.inputBuffer, debugDraw: c.debugDrawBuffer,
      ...(c.bulkTransforms === undefined ? {} : { bulkTransforms: c.bulkTransforms.buffer }),
    },
    entityCapacity: c.entities.capacity,
    cameraCapacity: c.cameras.capacity,
    entityFront: first || standby ? 2 : c.entities.orphanedFront(),
    cameraFront: first || standby ? 2 : c.cameras.orphanedFront(),
    debugDrawBack,
    ...(bulkTransformBack === undefined ? {} : { bulkTransformBack }),
    pacing: c.pacing,
    seed: c.seed,
    host: c.profile,
    gameUrl: standby ? standbyUrl : gameUrl,
    // A standby worker (hot reload) learns its state indices at activation (protocol/hot-reload.ts).
    ...(standby ? { standby: true } : {}),
    gameOptions: c.gameOptions,
    ...(c.record === true ? { record: true } : {}),
    ...(c.deterministic !== undefined ? { deterministic: c.deterministic } : {}),
    ...(c.replay === true ? { replay: true } : {}),
  };
}
