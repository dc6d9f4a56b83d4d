// The render phase's position staging (src/engine/position-staging.ts, EntitySystem.syncRenderer):
// entities whose only change is their position (updatePosition, moveBy) reach the renderer in one
// setInstancePositions call per frame; a creation, orientation, colour or scale change still gets
// a setInstance with the whole look (and the latest position). Without setInstancePositions every
// changed entity gets its setInstance. Either way the renderer ends up drawing the entity state.
import { describe, expect, it } from 'vitest';
import { CommandOutcomes } from '../../src/engine/command-outcomes.ts';
import { EntitySystem } from '../../src/engine/entity-system.ts';
import { CallbackOutbox } from '../../src/engine/callback-outbox.ts';
import { DiagnosticHub } from '../../src/engine/diagnostic-hub.ts';
import { RenderResourceManager } from '../../src/engine/render-resource-manager.ts';
import { CameraSystem } from '../../src/engine/camera-system.ts';
import { CommandWriter, createCommandQueueBuffer } from '../../src/protocol/command-writer.ts';
import { CommandReader } from '../../src/protocol/command-reader.ts';
import { CallbackWriter, createCallbackQueueBuffer } from '../../src/protocol/callback-queue.ts';
import { ENTITY_SCHEMA, createEntityStateBuffer, emptyEntitySnapshot, readEntity } from '../../src/protocol/entity-state.ts';
import { CAMERA_SCHEMA, createCameraStateBuffer } from '../../src/protocol/camera-state.ts';
import { MESH_TYPES } from '../../src/protocol/mesh-types.ts';
import { makeId } from '../../src/protocol/entity-id.ts';
import { StateWriter } from '../../src/shared-memory/state-writer.ts';
import { StateReader } from '../../src/shared-memory/state-reader.ts';
import { RecordingRenderer } from '../../src/platform/recording-renderer.ts';
import { MemoryLogger } from '../../src/platform/logger.ts';
import { ApplyBudget } from '../../src/engine/apply-budget.ts';
import { PositionStaging } from '../../src/engine/position-staging.ts';

const N = 8;
const ids = Array.from({ length: N }, (_, i) => makeId(i, 1));

function rig(withPositions: boolean) {
  const entityBuf = createEntityStateBuffer(64);
  const entityState = new StateWriter(entityBuf, ENTITY_SCHEMA);
  const entityReader = new StateReader(entityBuf, ENTITY_SCHEMA);
  const cameraState = new StateWriter(createCameraStateBuffer(4), CAMERA_SCHEMA);
  const outbox = new CallbackOutbox(new CallbackWriter(createCallbackQueueBuffer(64)));
  const renderer = new RecordingRenderer();
  let positionCalls = 0;
  if (withPositions) {
    const move = renderer.setInstancePositions.bind(renderer);
    renderer.setInstancePositions = (m, s, xyz, n) => {
      positionCalls++;
      move(m, s, xyz, n);
    };
  } else {
    (renderer as { setInstancePositions?: unknown }).setInstancePositions = undefined;
  }
  const applier = new CommandOutcomes(new DiagnosticHub(new MemoryLogger()));
  const resources = new RenderResourceManager(64);
  const entities = new EntitySystem(entityState, resources, renderer, outbox, applier);
  applier.attach(entities, new CameraSystem(cameraState, renderer, outbox, applier), outbox);
  applier.resetTick();
  const cmdBuf = createCommandQueueBuffer(1 << 14);
  const writer = new CommandWriter(cmdBuf);
  const reader = new CommandReader(cmdBuf);
  let tick = 0;
  return {
    writer, renderer, applier,
    positionCalls: () => positionCalls,
    /** One engine frame: apply, render sync, publish. */
    frame(): void {
      writer.frameEnd(++tick);
      writer.flush();
      reader.drain(applier, 1 << 20);
      outbox.flush(new ApplyBudget(() => 0, Infinity));
      entities.syncRenderer();
      entityState.publish(tick, applier.lastLogicTick);
      entityReader.refresh();
    },
    /** Every entity's published look against what the renderer draws for its instance. */
    drawnAsPublished(): void {
      const e = emptyEntitySnapshot();
      for (const id of ids) {
        expect(readEntity(entityReader, id, e), `entity ${id} live`).toBe(true);
        const inst = renderer.instance(MESH_TYPES[e.mesh]!, resources.instanceSlotOf(id))!;
        expect([inst.x, inst.y, inst.z, inst.yaw, inst.scale, inst.r], `entity ${id} drawn as published`).toEqual([e.x, e.y, e.z, e.yaw, e.scale, e.r]);
      }
    },
  };
}

describe('position staging (render phase)', () => {
  it('position-only changes go in one setInstancePositions call a frame; other changes keep their setInstance, with the latest position', () => {
    const r = rig(true);
    for (const id of ids) r.writer.createMesh(id, 0, id & 1, 0, 0, 0, 1, 10, 20, 30, 255);
    r.frame();
    expect([r.renderer.calls.updated, r.renderer.calls.positioned, r.positionCalls()], 'a creation: setInstance with the whole look').toEqual([N, 0, 0]);
    for (let frame = 1; frame <= 3; frame++) {
      for (const id of ids) r.writer.updatePosition(id, frame, id & 0xff, -frame);
      r.frame();
    }
    expect([r.renderer.calls.updated, r.renderer.calls.positioned, r.positionCalls()], 'three frames of moves: one call each, no setInstance').toEqual([N, 3 * N, 3]);
    r.drawnAsPublished();
    // Entity 0 moved and recoloured, 1 moved and turned, 2 moved and scaled, 3 moved by a delta, the rest moved.
    for (const id of ids) r.writer.updatePosition(id, 7, 7, 7);
    r.writer.updateColor(ids[0]!, 99, 0, 0, 255);
    r.writer.updateOrientation(ids[1]!, 45, 0, 0);
    r.writer.updateScale(ids[2]!, 3);
    r.writer.moveBy(ids[3]!, 1, 0, 0);
    r.frame();
    expect([r.renderer.calls.updated - N, r.renderer.calls.positioned - 3 * N, r.positionCalls()], 'three setInstance, the other five staged in one call').toEqual([3, N - 3, 4]);
    r.drawnAsPublished();
    // Next frame, a position-only change of the recoloured entity is staged again.
    r.writer.updatePosition(ids[0]!, 1, 1, 1);
    r.frame();
    expect([r.renderer.calls.updated - N, r.positionCalls()], 'staged again').toEqual([3, 5]);
    r.drawnAsPublished();
    expect(r.renderer.misuse, 'no call on a slot that is not live').toBe(0);
  });

  it('a renderer without setInstancePositions gets a setInstance for every changed entity', () => {
    const r = rig(false);
    for (const id of ids) r.writer.createMesh(id, 0, 0, 0, 0, 0, 1, 10, 20, 30, 255);
    r.frame();
    for (const id of ids) r.writer.updatePosition(id, 1, 2, 3);
    r.frame();
    expect([r.renderer.calls.updated, r.renderer.calls.positioned], 'setInstance only').toEqual([2 * N, 0]);
    r.drawnAsPublished();
  });

  it('a destroyed entity is not staged, and a slot reused by a new entity gets its setInstance', () => {
    const r = rig(true);
    for (const id of ids) r.writer.createMesh(id, 0, 0, 0, 0, 0, 1, 10, 20, 30, 255);
    r.frame();
    r.writer.updatePosition(ids[5]!, 5, 5, 5);
    r.writer.destroyEntity(ids[5]!);
    r.writer.createMesh(makeId(5, 2), 0, 1, 6, 6, 6, 2, 1, 2, 3, 255);
    r.writer.updatePosition(makeId(5, 2), 8, 8, 8);
    r.frame();
    expect([r.renderer.calls.updated, r.renderer.calls.positioned, r.renderer.misuse], 'the new entity: one setInstance; nothing staged').toEqual([N + 1, 0, 0]);
    const inst = r.renderer.instances().find((i) => i.meshType === MESH_TYPES[1] && i.scale === 2)!;
    expect([inst.x, inst.y, inst.z], 'drawn at its latest position').toEqual([8, 8, 8]);
  });

  it('PositionStaging hands its entries over in one call and empties', () => {
    const s = new PositionStaging(4);
    const got: number[][] = [];
    const renderer = Object.assign(new RecordingRenderer(), {
      setInstancePositions: (m: Uint8Array, slots: Int32Array, xyz: Float32Array, n: number) => { got.push([n, m[1]!, slots[1]!, xyz[3]!, xyz[4]!, xyz[5]!]); },
    });
    s.add(0, 3, 1, 2, 3);
    s.add(2, 7, 4, 5, 6);
    expect(s.flush(renderer), 'handed over').toBe(2);
    expect(s.flush(renderer), 'empty: no call').toBe(0);
    expect(got).toEqual([[2, 2, 7, 4, 5, 6]]);
  });
});
