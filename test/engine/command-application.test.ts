import { describe, expect, it } from 'vitest';
import { CommandOutcomes } from '../../src/engine/command-outcomes.ts';
import { EntitySystem } from '../../src/engine/entity-system.ts';
import { CameraSystem } from '../../src/engine/camera-system.ts';
import { CallbackOutbox } from '../../src/engine/callback-outbox.ts';
import { DiagnosticHub, type EngineDiagnostic } from '../../src/engine/diagnostic-hub.ts';
import { RenderResourceManager } from '../../src/engine/render-resource-manager.ts';
import { CommandWriter, createCommandQueueBuffer } from '../../src/protocol/command-writer.ts';
import { CommandReader } from '../../src/protocol/command-reader.ts';
import { CALLBACK_TYPES, type CallbackProcessor, CallbackReader, CallbackWriter, createCallbackQueueBuffer } from '../../src/protocol/callback-queue.ts';
import { ENTITY_SCHEMA, createEntityStateBuffer, emptyEntitySnapshot, readEntity } from '../../src/protocol/entity-state.ts';
import { CAMERA_SCHEMA, createCameraStateBuffer, activeCameraId } from '../../src/protocol/camera-state.ts';
import { makeId } from '../../src/protocol/entity-id.ts';
import { StateWriter } from '../../src/shared-memory/state-writer.ts';
import { StateReader } from '../../src/shared-memory/state-reader.ts';
import { RecordingRenderer } from '../../src/platform/recording-renderer.ts';
import { MemoryLogger } from '../../src/platform/logger.ts';
import { ApplyBudget } from '../../src/engine/apply-budget.ts';

/** No budget: these tests flush everything the ring takes. */
const UNBOUNDED = new ApplyBudget(() => 0, Infinity);

interface Answer { callbackId: number; resultId: number; type: number; code: string; message: string }

function rig(callbackCapacity = 64) {
  const entityBuf = createEntityStateBuffer(64);
  const cameraBuf = createCameraStateBuffer(8);
  const entityState = new StateWriter(entityBuf, ENTITY_SCHEMA);
  const cameraState = new StateWriter(cameraBuf, CAMERA_SCHEMA);
  const entityReader = new StateReader(entityBuf, ENTITY_SCHEMA);
  const cameraReader = new StateReader(cameraBuf, CAMERA_SCHEMA);
  const cbBuf = createCallbackQueueBuffer(callbackCapacity);
  const outbox = new CallbackOutbox(new CallbackWriter(cbBuf));
  const cbReader = new CallbackReader(cbBuf);
  const hub = new DiagnosticHub(new MemoryLogger());
  const diagnostics: EngineDiagnostic[] = [];
  hub.on((d) => diagnostics.push(d));
  const renderer = new RecordingRenderer();
  const applier = new CommandOutcomes(hub);
  const entities = new EntitySystem(entityState, new RenderResourceManager(64), renderer, outbox, applier);
  const cameras = new CameraSystem(cameraState, renderer, outbox, applier);
  applier.attach(entities, cameras, outbox);
  applier.resetTick();
  const cmdBuf = createCommandQueueBuffer(1 << 14);
  const writer = new CommandWriter(cmdBuf);
  const reader = new CommandReader(cmdBuf);
  const answers: Answer[] = [];
  return {
    writer, applier, entities, cameras, renderer, diagnostics, outbox, entityState, cameraState,
    /** One engine frame: apply, flush callbacks, render sync, publish; then the logic takes the snapshot. */
    frame(): void {
      writer.flush();
      reader.drain(applier, 1 << 20);
      outbox.flush(UNBOUNDED);
      entities.syncRenderer();
      cameras.syncRenderer();
      entityState.publish(1, applier.lastLogicTick);
      cameraState.publish(1, applier.lastLogicTick);
      entityReader.refresh();
      cameraReader.refresh();
    },
    answers(): Answer[] {
      const processor: CallbackProcessor = {
        onCallback: (callbackId: number, resultId: number, type: number, code: string, message: string) => { answers.push({ callbackId, resultId, type, code, message }); },
        onMalformed: () => {},
      };
      cbReader.dequeueAll(processor);
      return answers.splice(0);
    },
    entityReader, cameraReader,
  };
}

describe('command application (the seed C++ EntityAPI/CameraAPI)', () => {
  it('creates a mesh, confirms it on its callback and publishes it', () => {
    const r = rig();
    const id = makeId(0, 1);
    r.writer.createMesh(id, 7, 0, 1, 2, 3, 1.5, 255, 128, 0, 255);
    r.writer.frameEnd(1);
    r.frame();
    expect(r.answers()).toEqual([{ callbackId: 7, resultId: id, type: CALLBACK_TYPES.ENTITY_CREATED, code: '', message: '' }]);
    const e = emptyEntitySnapshot();
    expect(readEntity(r.entityReader, id, e)).toBe(true);
    expect(e).toMatchObject({ x: 1, y: 2, z: 3, scale: 1.5, r: 255, g: 128, b: 0, a: 255, mesh: 0, active: true });
    expect(r.entityReader.logicTick).toBe(1);
    expect(r.renderer.instances()).toHaveLength(1);
    expect(r.renderer.instances()[0]).toMatchObject({ x: 1, y: 2, z: 3, r: 255, g: 128 });
  });

  it('refuses a command on a destroyed entity with the tick it was destroyed at', () => {
    const r = rig();
    const id = makeId(3, 1);
    r.writer.createMesh(id, 0, 1, 0, 0, 0, 1, 1, 1, 1, 255);
    r.writer.frameEnd(16);
    r.writer.destroyEntity(id);
    r.writer.frameEnd(17);
    r.writer.updatePosition(id, 1, 1, 1);
    r.writer.frameEnd(18);
    r.frame();
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.code).toBe('TF4001');
    expect(r.diagnostics[0]!.message).toBe(`EntityAPI.updatePosition: entity ${id} does not exist (destroyed at tick 17); got id ${id}. Create it first or check the id.`);
    expect(r.diagnostics[0]!.tick).toBe(18);
    expect(r.applier.rejected).toBe(1);
    expect(r.entityReader.has(id)).toBe(false);
    expect(r.renderer.instances()).toHaveLength(0);
  });

  it('refuses NaN, out-of-range colours, unknown mesh types and reused ids, settling callbacks with the error', () => {
    const r = rig();
    const a = makeId(1, 1);
    r.writer.createMesh(a, 1, 9, 0, 0, 0, 1, 0, 0, 0, 255); // unknown mesh
    r.writer.createMesh(a, 2, 0, Number.NaN, 0, 0, 1, 0, 0, 0, 255); // NaN position
    r.writer.createMesh(a, 3, 0, 0, 0, 0, 1, 300, 0, 0, 255); // colour out of range
    r.writer.createMesh(a, 4, 0, 0, 0, 0, 1, 0, 0, 0, 255); // ok
    r.writer.createMesh(a, 5, 0, 0, 0, 0, 1, 0, 0, 0, 255); // same id again
    r.writer.updateScale(a, -1);
    r.frame();
    const answers = r.answers();
    expect(answers.map((x) => [x.callbackId, x.resultId])).toEqual([[1, 0], [2, 0], [3, 0], [4, a], [5, 0]]);
    expect(answers.map((x) => x.code), 'each refusal carries its code as a field, the success none').toEqual(['TF4004', 'TF4003', 'TF4003', '', 'TF4002']);
    expect(answers[0]!.message).toMatch(/^EntityAPI\.createMesh: unknown mesh type; got index 9, expected one of cube, sphere, plane, grid/);
    expect(answers[1]!.message).toMatch(/^EntityAPI\..*got \(NaN, 0, 0\)/);
    expect(answers[2]!.message).toMatch(/^EntityAPI\..*0-255.*got \(300, 0, 0, 255\)/);
    expect(answers[4]!.message).toMatch(/^EntityAPI\..*held by live entity/);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['TF4004', 'TF4003', 'TF4003', 'TF4002', 'TF4003']);
    expect(r.applier.applied).toBe(1);
    expect(r.applier.rejected).toBe(5);
  });

  it('applies a run of update-position commands in one loop: a dead id, a stale generation and non-finite values inside it are refused, coded and counted, the rest applied', () => {
    const r = rig();
    const ids = [0, 1, 2, 3, 4, 5].map((slot) => makeId(slot, 1));
    for (const id of ids) r.writer.createMesh(id, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1);
    r.writer.destroyEntity(ids[5]!);
    r.writer.frameEnd(1);
    r.frame();
    const applied = r.applier.applied;
    const runs: number[] = [];
    const run = r.entities.updatePositionRun.bind(r.entities);
    r.entities.updatePositionRun = (i32, f32, q, count, stride) => {
      runs.push(count);
      return run(i32, f32, q, count, stride);
    };
    // One run (same type, back to back): entity 0, a dead id, entity 1, NaN for entity 2, entity 3,
    // a stale generation of slot 4, Infinity for entity 4, entity 4.
    r.writer.updatePosition(ids[0]!, 1, 1, 1);
    r.writer.updatePosition(ids[5]!, 9, 9, 9);
    r.writer.updatePosition(ids[1]!, 2, 2, 2);
    r.writer.updatePosition(ids[2]!, NaN, 0, 0);
    r.writer.updatePosition(ids[3]!, 4, 4, 4);
    r.writer.updatePosition(makeId(4, 2), 8, 8, 8);
    r.writer.updatePosition(ids[4]!, 0, -Infinity, 0);
    r.writer.updatePosition(ids[4]!, 5, 5, 5);
    r.writer.frameEnd(2);
    r.frame();
    expect(runs, 'one run of all eight').toEqual([8]);
    expect(r.applier.applied - applied, 'applied').toBe(4);
    expect(r.applier.rejected, 'refused, each counted once').toBe(4);
    expect(r.diagnostics.map((d) => d.code), 'dead id, non-finite, stale generation, non-finite').toEqual(['TF4001', 'TF4003', 'TF4001', 'TF4003']);
    expect(r.diagnostics.every((d) => d.message.startsWith('EntityAPI.updatePosition: ')), 'named as the API the game called').toBe(true);
    const e = emptyEntitySnapshot();
    const at = (id: number): number[] => (readEntity(r.entityReader, id, e) ? [e.x, e.y, e.z] : []);
    expect([0, 1, 2, 3, 4].map((slot) => at(ids[slot]!)), 'the valid moves applied; entity 2 keeps its last good position').toEqual([[1, 1, 1], [2, 2, 2], [0, 0, 0], [4, 4, 4], [5, 5, 5]]);
  });

  it('makes the first camera active, moves it and hands it to the renderer', () => {
    const r = rig();
    const cam = makeId(0, 1);
    r.writer.createCamera(cam, 11, -10, 0, 5, 0, 10, 0, 0, 60, 0.1, 500);
    r.writer.moveCamera(cam, 1, 0, 0);
    r.frame();
    expect(r.answers()).toEqual([{ callbackId: 11, resultId: cam, type: CALLBACK_TYPES.CAMERA_CREATED, code: '', message: '' }]);
    expect(activeCameraId(r.cameraReader)).toBe(cam);
    expect(r.renderer.camera).toMatchObject({ x: -9, y: 0, z: 5, pitch: 10, type: 'world', fovDeg: 60 });
    r.writer.cameraLookAt(cam, -9, 10, 5);
    r.frame();
    expect(r.renderer.camera!.yaw).toBeCloseTo(90, 4);
    expect(r.renderer.camera!.pitch).toBeCloseTo(0, 4);
  });

  it('keeps callbacks that do not fit the CallbackQueue and delivers them in order later (backpressure, no drop)', () => {
    const r = rig(4);
    for (let i = 0; i < 10; i++) r.writer.createMesh(makeId(i, 1), 100 + i, 0, 0, 0, 0, 1, 0, 0, 0, 255);
    r.frame();
    expect(r.outbox.waiting).toBe(6);
    expect(r.outbox.fullEvents).toBeGreaterThan(0);
    const got: number[] = [];
    for (let f = 0; f < 5 && got.length < 10; f++) {
      got.push(...r.answers().map((a) => a.callbackId));
      r.frame();
    }
    expect(got).toEqual([100, 101, 102, 103, 104, 105, 106, 107, 108, 109]);
    expect(r.outbox.waiting).toBe(0);
  });

  it('publishes O(dirty): an unchanged entity is not copied again', () => {
    const r = rig();
    for (let i = 0; i < 20; i++) r.writer.createMesh(makeId(i, 1), 0, 0, i, 0, 0, 1, 0, 0, 0, 255);
    r.frame();
    r.writer.updatePosition(makeId(5, 1), 50, 0, 0);
    r.frame();
    expect(r.entityState.lastDirtyCount).toBe(1);
    const e = emptyEntitySnapshot();
    readEntity(r.entityReader, makeId(5, 1), e);
    expect(e.x).toBe(50);
  });
});
