/**
 * What the script APIs (EntityAPI, CameraAPI, Input, JSEngine, the typed `ctx`) are built on: the
 * logic runtime's ends of the shared structures and its bookkeeping. One instance per worker,
 * created by the runtime from the handshake; logic thread only.
 */
import type { InputReader } from '../protocol/input-reader.ts';
import type { BulkTransformWriter } from '../protocol/bulk-transform-state.ts';
import type { StateReader } from '../shared-memory/state-reader.ts';
import type { CommandOutbox } from './command-outbox.ts';
import type { IdAllocator } from './id-allocator.ts';
import type { JSEngine } from './js-engine.ts';
import type { LogicControl } from './logic-control.ts';
import type { LogicTime } from './logic-time.ts';
import type { PendingCallbacks } from './pending-callbacks.ts';
import type { RequestOwner } from './request-handle.ts';
import type { ScriptGuard } from './script-guard.ts';
import type { HotModule } from './hot-module.ts';

/** The runtime's services, shared by every script API. */
export interface LogicServices {
  readonly outbox: CommandOutbox;
  readonly entityIds: IdAllocator;
  readonly cameraIds: IdAllocator;
  readonly pending: PendingCallbacks;
  /** Reports refusals nobody observes. */
  readonly owner: RequestOwner;
  /** The published entity and camera snapshots (refreshed once per frame; re-seated once when a standby worker is activated). */
  entities: StateReader;
  cameras: StateReader;
  /** `ctx.hot`: the data carried across a hot reload and the game's dispose hooks (replaced once at activation). */
  hot: HotModule;
  readonly input: InputReader;
  readonly control: LogicControl;
  readonly guard: ScriptGuard;
  readonly systems: JSEngine;
  readonly time: LogicTime;
  /** The handshake's seed for the game's random source. */
  readonly seed: number;
  /** The handshake's game options. */
  readonly options: Readonly<Record<string, string | number | boolean>>;
  /** The worker's end of the bulk-transform buffer (`setPositions`); absent when the handshake has none. */
  bulk?: BulkTransformWriter;
}
