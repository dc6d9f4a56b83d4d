/**
 * The engine's world, as replay keeps it (docs/replay.md): the entity and camera state (the
 * engine's StateWriters) changed only by the engine's own EntitySystem and CameraSystem, which
 * apply command records one at a time through the ordinary CommandReader (engine/replay-commands.ts).
 * The callbacks those systems answer with go to a private queue and are dropped: in a replay the
 * logic gets the callbacks the recording delivered, not the replay's. (The recorded world, rebuilt
 * on a divergence, is the viewer's KeyframeWorld: this one differs in that its state buffers are
 * shared with the replayed worker, it stops at any record (a recorded position) and it publishes
 * stamped with the recorded engine frames.)
 */
import { CAMERA_SCHEMA, createCameraStateBuffer } from '../protocol/camera-state.ts';
import { createEntityStateBuffer, ENTITY_SCHEMA } from '../protocol/entity-state.ts';
import { CallbackReader, CallbackWriter, createCallbackQueueBuffer, type CallbackProcessor } from '../protocol/callback-queue.ts';
import { StateWriter } from '../shared-memory/state-writer.ts';
import { AudioSystem } from '../engine/audio-system.ts';
import { CallbackOutbox } from '../engine/callback-outbox.ts';
import { CameraSystem } from '../engine/camera-system.ts';
import { CommandOutcomes } from '../engine/command-outcomes.ts';
import { DiagnosticHub } from '../engine/diagnostic-hub.ts';
import { EntitySystem } from '../engine/entity-system.ts';
import { RenderResourceManager } from '../engine/render-resource-manager.ts';
import { RecordApplier } from '../engine/replay-commands.ts';
import { diffStateRecords, writerRecords, type StateDiff } from '../engine/state-diff.ts';
import { RecordingAudioSink } from '../platform/audio-sink.ts';
import type { Logger } from '../platform/logger.ts';
import { NullRenderer } from '../platform/null-renderer.ts';
import { stateHashOfRecords } from './replay-model.ts';

const DROP: CallbackProcessor = { onCallback(): void {} };

/** Entity and camera state with the engine systems that change it. Main thread only. */
export class ReplayWorld {
  readonly entityBuffer: SharedArrayBuffer;
  readonly cameraBuffer: SharedArrayBuffer;
  readonly entities: StateWriter;
  readonly cameras: StateWriter;
  readonly outcomes: CommandOutcomes;
  readonly diagnostics: DiagnosticHub;
  private readonly entitySystem: EntitySystem;
  private readonly cameraSystem: CameraSystem;
  private readonly applier = new RecordApplier();
  private readonly dropped: CallbackReader;

  constructor(entityCapacity: number, cameraCapacity: number, logger: Logger) {
    this.entityBuffer = createEntityStateBuffer(entityCapacity);
    this.cameraBuffer = createCameraStateBuffer(cameraCapacity);
    this.entities = new StateWriter(this.entityBuffer, ENTITY_SCHEMA);
    this.cameras = new StateWriter(this.cameraBuffer, CAMERA_SCHEMA);
    this.diagnostics = new DiagnosticHub(logger);
    const callbacks = createCallbackQueueBuffer(1024);
    this.dropped = new CallbackReader(callbacks);
    const outbox = new CallbackOutbox(new CallbackWriter(callbacks));
    const renderer = new NullRenderer();
    this.outcomes = new CommandOutcomes(this.diagnostics);
    this.outcomes.audio = new AudioSystem(new RecordingAudioSink({ maxRecorded: 0 }), this.outcomes, this.diagnostics);
    this.entitySystem = new EntitySystem(this.entities, new RenderResourceManager(entityCapacity), renderer, outbox, this.outcomes);
    this.cameraSystem = new CameraSystem(this.cameras, renderer, outbox, this.outcomes);
    this.outcomes.attach(this.entitySystem, this.cameraSystem, outbox);
    this.outcomes.resetTick();
  }

  /** Applies the command or FRAME_END at word `q` of `words` (facts are skipped); returns the next record's word offset. */
  apply(words: Int32Array, q: number): number {
    const next = this.applier.apply(words, q, this.outcomes);
    // The engine's own answers are not the logic's in a replay: drop them as they come.
    this.dropped.dequeueAll(DROP);
    return next;
  }

  /** Applies every command record of `words`. */
  applyAll(words: Int32Array): void {
    for (let q = 0; q + 2 <= words.length;) q = this.apply(words, q);
  }

  /** A new incarnation's world starts empty (the app's world clear at a restart). */
  clear(): void {
    this.entitySystem.clear();
    this.cameraSystem.clear();
    this.outcomes.resetTick();
  }

  /** The state hash of the current records (what the recorder stores per engine frame). */
  hash(): number {
    return stateHashOfRecords(this.entities, this.cameras);
  }

  /** Publishes the current records to the worker's next snapshot, stamped with the recorded engine frame. */
  publish(frame: number): void {
    this.entities.publish(frame, this.outcomes.lastLogicTick);
    this.cameras.publish(frame, this.outcomes.lastLogicTick);
  }

  /** Field-by-field differences from the recorded world's entity and camera state (recorded -> this, replayed). */
  diffFrom(entities: StateWriter, cameras: StateWriter): { entities: StateDiff; cameras: StateDiff } {
    return {
      entities: diffStateRecords(ENTITY_SCHEMA, writerRecords(entities), writerRecords(this.entities)),
      cameras: diffStateRecords(CAMERA_SCHEMA, writerRecords(cameras), writerRecords(this.cameras)),
    };
  }
}
