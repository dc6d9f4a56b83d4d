/**
 * twinframe's engine API (`twinframe`, main thread): createApp and its types, the renderer seam,
 * and the implementations that need no platform of their own. Test hooks: `twinframe/testing`.
 */
export { createApp } from './create-app.ts';
export { ENGINE_PHASES } from '../engine/app.ts';
export type { App, AppOptions, AppStats, EnginePhase, LiveSample, ReloadRequest } from '../engine/app.ts';
export type { RecordingInfo } from '../engine/app-options.ts';
export type { RecordedBundle } from '../protocol/recording.ts';
export type { EngineDiagnostic, DiagnosticListener } from '../engine/diagnostic-hub.ts';
export type { RestartPolicy } from '../engine/logic-host.ts';
export { RenderResourceManager } from '../engine/render-resource-manager.ts';
export type { RenderResources } from '../engine/render-resource-manager.ts';
export { NullRenderer } from '../platform/null-renderer.ts';
export { RecordingRenderer } from '../platform/recording-renderer.ts';
export type { RecordedDebugLine } from '../platform/recording-renderer.ts';
export type { Renderer } from '../platform/renderer.ts';
export type { Clock } from '../platform/clock.ts';
export { ManualClock } from '../platform/manual-clock.ts';
export { createTimerClock } from '../platform/timer-clock.ts';
export { createConsoleLogger, MemoryLogger, silentLogger } from '../platform/logger.ts';
export type { Logger } from '../platform/logger.ts';
export { emptyEntitySnapshot } from '../protocol/entity-state.ts';
export type { EntitySnapshot } from '../protocol/entity-state.ts';
export type { WorkerHost, WorkerHandle, WorkerListener, WorkerFailure, WorkerSpawnOptions } from '../platform/worker-host.ts';
export type { InputSink } from '../protocol/input-writer.ts';
export { VK, keyCodeOf, type KeyName } from '../protocol/input-state.ts';
export type { SampleSummary } from '../engine/frame-sampler.ts';
export type { FrameCallback } from '../platform/clock.ts';
export type { TimerClockOptions } from '../platform/timer-clock.ts';
export type { LogLevel } from '../platform/logger.ts';
export { MESH_TYPES, CAMERA_TYPES, DEBUG_DRAW_MODES } from '../platform/renderer.ts';
export type { MeshType, CameraType, InstanceLook, DebugLineLook } from '../platform/renderer.ts';
export { DebugLine } from '../platform/renderer.ts';
export type { LogicHostProfile, LogicPacing } from '../protocol/handshake.ts';
export { TwinframeError, isTwinframeError } from '../shared-memory/twinframe-error.ts';
export type { Severity } from '../shared-memory/twinframe-error.ts';
