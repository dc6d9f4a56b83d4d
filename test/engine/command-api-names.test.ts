// Refusals name the API the game actually called, and one fault gets one code whichever API sent
// it. The game side is the real logic runtime with each API style installed on it (the seed globals
// EntityAPI/CameraAPI, the typed ctx of defineGame, the ProtogameJS3D natives), writing to the real
// RenderCommandQueue; the engine side is the real CommandReader, CommandOutcomes, EntitySystem and
// CameraSystem, answering through the real CallbackQueue.
import { describe, expect, it } from 'vitest';
import { CommandOutcomes } from '../../src/engine/command-outcomes.ts';
import { EntitySystem } from '../../src/engine/entity-system.ts';
import { CameraSystem } from '../../src/engine/camera-system.ts';
import { CallbackOutbox } from '../../src/engine/callback-outbox.ts';
import { DiagnosticHub, type EngineDiagnostic } from '../../src/engine/diagnostic-hub.ts';
import { RenderResourceManager } from '../../src/engine/render-resource-manager.ts';
import { LogicRuntime } from '../../src/logic/logic-runtime.ts';
import { installScriptGlobals } from '../../src/logic/script-globals.ts';
import { createGameContext } from '../../src/logic/game-context.ts';
import { installProtogameHost } from '../../src/logic/protogame/install-protogame-host.ts';
import { RecordingRenderer } from '../../src/platform/recording-renderer.ts';
import { MemoryLogger } from '../../src/platform/logger.ts';
import { LogicRig } from '../logic/logic-rig.ts';
import { ApplyBudget } from '../../src/engine/apply-budget.ts';

/** No budget: these tests flush everything the ring takes. */
const UNBOUNDED = new ApplyBudget(() => 0, Infinity);

type G = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- script globals are untyped for seed-style games

/** The logic runtime on the rig's buffers plus the engine's command application on the same buffers. */
function world() {
  const rig = new LogicRig();
  const runtime = new LogicRuntime(rig.handshake, () => rig.nowMs);
  const hub = new DiagnosticHub(new MemoryLogger());
  const diagnostics: EngineDiagnostic[] = [];
  hub.on((d) => diagnostics.push(d));
  const outbox = new CallbackOutbox(rig.callbackWriter);
  const renderer = new RecordingRenderer();
  const outcomes = new CommandOutcomes(hub);
  const entities = new EntitySystem(rig.entityWriter, new RenderResourceManager(rig.entityWriter.capacity), renderer, outbox, outcomes);
  const cameras = new CameraSystem(rig.cameraWriter, renderer, outbox, outcomes);
  outcomes.attach(entities, cameras, outbox);
  outcomes.resetTick();
  return {
    rig, runtime, diagnostics, outcomes,
    /** The engine's apply phase: everything the logic published, then the callbacks. */
    apply(): void {
      while (rig.commandReader.drain(outcomes, 1 << 16) > 0);
      outbox.flush(UNBOUNDED);
    },
  };
}

const NAN_MESSAGE = /: delta must be three finite numbers; got \(NaN, 0, 0\)\. Check the arithmetic that produced it\.$/;

describe('refusals name the API the game called, with one code per fault', () => {
  it('seed style: EntityAPI.moveBy and EntityAPI.createMesh', async () => {
    const w = world();
    const g: G = {};
    installScriptGlobals(g, w.runtime.services);
    const errors: string[] = [];
    const id = g.EntityAPI.createMesh('cube', [0, 0, 0], 1, [0, 0, 0, 255]);
    g.EntityAPI.createMesh('cube', [0, 0, 0], 1, [300, 0, 0, 255], undefined, (m: string) => errors.push(m));
    g.EntityAPI.moveBy(id, [NaN, 0, 0]);
    w.runtime.runFrame(-1);
    w.apply();
    w.runtime.runFrame(-1);
    const refusals = w.diagnostics.filter((d) => d.severity === 'error');
    expect(refusals.map((d) => d.code), 'the bad colour and the NaN, both TF4003').toEqual(['TF4003', 'TF4003']);
    expect(refusals[0]!.message, 'names EntityAPI.createMesh').toMatch(/^EntityAPI\.createMesh: colour channels must be numbers in 0-255; got \(300, 0, 0, 255\)/);
    expect(refusals[1]!.message, 'names EntityAPI.moveBy').toMatch(new RegExp(`^EntityAPI\\.moveBy${NAN_MESSAGE.source}`));
    expect(errors, 'the error handler gets the code and the same message').toEqual([`TF4003 ${refusals[0]!.message}`]);
    expect(w.outcomes.applied, 'only the good creation applied').toBe(1);
    expect(w.outcomes.rejected, 'two refused, counted once each').toBe(2);
  });

  it('typed style: ctx.entities.moveBy and ctx.entities.createMesh', async () => {
    const w = world();
    const ctx = createGameContext(w.runtime.services);
    const handle = ctx.entities.createMesh('cube', [0, 0, 0], 1, [0, 0, 0, 255]);
    const refused = ctx.entities.createMesh('cube', [0, 0, 0], 1, [300, 0, 0, 255]);
    const settled = refused.ready.then(() => 'resolved', (e: Error) => e.message);
    ctx.entities.moveBy(handle, [NaN, 0, 0]);
    w.runtime.runFrame(-1);
    w.apply();
    w.runtime.runFrame(-1);
    const refusals = w.diagnostics.filter((d) => d.severity === 'error');
    expect(refusals.map((d) => d.code), 'the bad colour and the NaN, both TF4003').toEqual(['TF4003', 'TF4003']);
    expect(refusals[0]!.message, 'names ctx.entities.createMesh').toMatch(/^ctx\.entities\.createMesh: colour channels must be numbers in 0-255/);
    expect(refusals[1]!.message, 'names ctx.entities.moveBy').toMatch(new RegExp(`^ctx\\.entities\\.moveBy${NAN_MESSAGE.source}`));
    expect(await settled, 'ready rejects with the message naming ctx.entities.createMesh').toContain('ctx.entities.createMesh: colour channels must be numbers in 0-255');
    expect(await handle.ready, 'the good creation resolves').toBe(handle.id);
  });

  it('typed style names the typed camera calls too: ctx.cameras.setType, ctx.cameras.lookAt', async () => {
    const w = world();
    const ctx = createGameContext(w.runtime.services);
    const cam = ctx.cameras.create([0, 0, 0], [0, 0, 0]);
    const missing = ctx.cameras.setType(cam.id + 1, 'screen').then(() => 'resolved', (e: Error) => e.message);
    ctx.cameras.lookAt(cam, [NaN, 0, 0]);
    w.runtime.runFrame(-1);
    w.apply();
    w.runtime.runFrame(-1);
    const refusals = w.diagnostics.filter((d) => d.severity === 'error');
    expect(refusals.map((d) => `${d.code} ${d.message.slice(0, d.message.indexOf(':'))}`)).toEqual(['TF4005 ctx.cameras.setType', 'TF4003 ctx.cameras.lookAt']);
    expect(await missing, 'the promise carries the same name').toMatch(/ctx\.cameras\.setType: camera \d+ does not exist/);
  });

  it('protogame style: entity.moveBy with NaN gets the same TF4003 (not TF5501), and entity.createMesh refusals name entity.createMesh', () => {
    const w = world();
    const s = w.runtime.services;
    const host = installProtogameHost({}, {
      commands: s.outbox,
      entityIds: s.entityIds,
      cameraIds: s.cameraIds,
      callbacks: w.runtime.callbackReader,
      input: s.input,
      requestQuit: () => {},
      report: () => {},
    });
    const { entity, callbackQueue } = host.natives;
    entity.createMesh('cube', 0, 0, 0, 1, 0, 0, 0, 255, 0);
    const bad = entity.createMesh('cube', 0, 0, 0, 1, 300, 0, 0, 255, 0);
    s.outbox.flush();
    w.apply();
    const created = callbackQueue.dequeueAll();
    const id = created[0]!.resultId;
    expect(id, 'the first creation was confirmed').toBeGreaterThan(0);
    // A seed-style call in between (both styles can share a runtime): each command carries its own style.
    const g: G = {};
    installScriptGlobals(g, s);
    g.EntityAPI.updatePosition(id, [1, 2, 3]);
    expect(() => entity.moveBy(id, NaN, 0, 0), 'NaN is not a TF5501 argument error any more').not.toThrow();
    s.outbox.flush();
    w.apply();
    const refusals = w.diagnostics.filter((d) => d.severity === 'error');
    expect(refusals.map((d) => d.code), 'the bad colour and the NaN, both TF4003').toEqual(['TF4003', 'TF4003']);
    expect(refusals[0]!.message, 'names entity.createMesh').toMatch(/^entity\.createMesh: colour channels must be numbers in 0-255/);
    expect(refusals[1]!.message, 'names entity.moveBy').toMatch(new RegExp(`^entity\\.moveBy${NAN_MESSAGE.source}`));
    const refusedCallback = created.find((c) => c.callbackId === bad);
    expect(refusedCallback?.resultId, 'the refused creation settles with 0').toBe(0);
    expect(refusedCallback?.errorMessage, 'its error names entity.createMesh and carries TF4003').toMatch(/TF4003.*entity\.createMesh: colour channels/);
  });
});
