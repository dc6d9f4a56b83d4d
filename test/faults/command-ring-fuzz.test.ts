/**
 * Fault suite, random-bytes fuzzing of the RenderCommandQueue (issue 5; no worker needed): 100,000
 * records written raw into a real command ring (RingWriter with random types, lengths and payload
 * bytes, plus well-formed commands with random field values: unknown and stale ids, NaN, infinities,
 * out-of-range colours and types) are drained by the real CommandReader + CommandOutcomes +
 * EntitySystem + CameraSystem, frame after frame, as the app does. The engine never throws, every
 * malformed record is counted, every well-formed command is either applied or refused, and the state
 * stays consistent (live count = records with a nonzero id = render resources = renderer instances).
 * The seed is printed; rerun one with TWINFRAME_SEED=<seed>.
 */
import { describe, expect, it } from 'vitest';
import { CommandOutcomes } from '../../src/engine/command-outcomes.ts';
import { EntitySystem } from '../../src/engine/entity-system.ts';
import { CameraSystem } from '../../src/engine/camera-system.ts';
import { CallbackOutbox } from '../../src/engine/callback-outbox.ts';
import { DiagnosticHub } from '../../src/engine/diagnostic-hub.ts';
import { RenderResourceManager } from '../../src/engine/render-resource-manager.ts';
import { createCommandQueueBuffer } from '../../src/protocol/command-writer.ts';
import { CommandReader } from '../../src/protocol/command-reader.ts';
import { COMMAND_OPCODES, COMMAND_PAYLOAD_BYTES, MAX_COMMAND_OPCODE } from '../../src/protocol/command-opcodes.ts';
import { COMMAND_SPECS } from '../../src/protocol/command-table.ts';
import { FRAME_END_FACTS_BYTES } from '../../src/protocol/logic-facts.ts';

/** The last game-command opcode (the recording's fact records follow it in the table). */
const GAME_MAX_OPCODE = COMMAND_OPCODES.SET_SOUND_POSITION;
import { type CallbackProcessor, CallbackReader, CallbackWriter, createCallbackQueueBuffer } from '../../src/protocol/callback-queue.ts';
import { ENTITY_SCHEMA, createEntityStateBuffer } from '../../src/protocol/entity-state.ts';
import { CAMERA_SCHEMA, createCameraStateBuffer } from '../../src/protocol/camera-state.ts';
import { makeId } from '../../src/protocol/entity-id.ts';
import { StateWriter } from '../../src/shared-memory/state-writer.ts';
import { StateReader } from '../../src/shared-memory/state-reader.ts';
import { RingWriter } from '../../src/shared-memory/ring-writer.ts';
import { CONTROL_BYTES } from '../../src/shared-memory/ring-layout.ts';
import { RecordingRenderer } from '../../src/platform/recording-renderer.ts';
import { MemoryLogger } from '../../src/platform/logger.ts';
import { ApplyBudget } from '../../src/engine/apply-budget.ts';
import { AudioSystem } from '../../src/engine/audio-system.ts';
import { RecordingAudioSink } from '../../src/platform/audio-sink.ts';

/** No budget: these tests flush everything the ring takes. */
const UNBOUNDED = new ApplyBudget(() => 0, Infinity);

const SEED = Number(process.env.TWINFRAME_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RECORDS = 100_000;
const ENTITY_CAPACITY = 64;
const CAMERA_CAPACITY = 8;
const RING_BYTES = 1 << 14;

/** mulberry32: a small seeded generator. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function rig() {
  const entityBuf = createEntityStateBuffer(ENTITY_CAPACITY);
  const cameraBuf = createCameraStateBuffer(CAMERA_CAPACITY);
  const entityState = new StateWriter(entityBuf, ENTITY_SCHEMA);
  const cameraState = new StateWriter(cameraBuf, CAMERA_SCHEMA);
  const entityReader = new StateReader(entityBuf, ENTITY_SCHEMA);
  const cameraReader = new StateReader(cameraBuf, CAMERA_SCHEMA);
  const cbBuf = createCallbackQueueBuffer(64);
  const outbox = new CallbackOutbox(new CallbackWriter(cbBuf));
  const cbReader = new CallbackReader(cbBuf);
  const hub = new DiagnosticHub(new MemoryLogger());
  const renderer = new RecordingRenderer();
  const resources = new RenderResourceManager(ENTITY_CAPACITY);
  const applier = new CommandOutcomes(hub);
  const entities = new EntitySystem(entityState, resources, renderer, outbox, applier);
  const cameras = new CameraSystem(cameraState, renderer, outbox, applier);
  applier.attach(entities, cameras, outbox);
  // The audio commands (opcodes 18-24) are well-formed commands like the others: the app always
  // has an audio system, so the fuzz's too.
  applier.audio = new AudioSystem(new RecordingAudioSink(), applier, hub);
  applier.resetTick();
  const cmdBuf = createCommandQueueBuffer(RING_BYTES);
  const ring = new RingWriter(cmdBuf);
  const reader = new CommandReader(cmdBuf);
  let answers = 0;
  const processor: CallbackProcessor = { onCallback: () => { answers++; }, onMalformed: () => {} };
  let frame = 0;
  return {
    ring, reader, applier, entities, cameras, entityState, cameraState, entityReader, cameraReader, renderer, resources, hub, outbox, cmdBuf,
    get answers() { return answers; },
    /** One engine frame (apply, callbacks, render sync, publish) and the logic's snapshot; drains everything published. */
    frame(): void {
      frame++;
      for (let k = 0; k < 64 && reader.ring.approximateSizeBytes > 0; k++) reader.drain(applier, 1 << 20);
      outbox.flush(UNBOUNDED);
      cbReader.dequeueAll(processor);
      entities.syncRenderer();
      cameras.syncRenderer();
      entityState.publish(frame, applier.lastLogicTick);
      cameraState.publish(frame, applier.lastLogicTick);
      entityReader.refresh();
      cameraReader.refresh();
    },
  };
}

type Rig = ReturnType<typeof rig>;

/** Live records counted the slow way: slots whose id is nonzero. */
function nonzero(state: StateWriter): number {
  let n = 0;
  for (let slot = 0; slot < state.high; slot++) if (state.i32[state.recordOffset(slot)] !== 0) n++;
  return n;
}

function expectConsistent(r: Rig, tag: string): void {
  expect(r.entityState.live, tag).toBe(nonzero(r.entityState));
  expect(r.entityState.live, tag).toBe(r.entities.created - r.entities.destroyed);
  expect(r.resources.count, tag).toBe(r.entityState.live);
  expect(r.renderer.instances().length, tag).toBe(r.entityState.live);
  expect(r.cameraState.live, tag).toBe(nonzero(r.cameraState));
  expect(r.entityReader.live, tag).toBe(r.entityState.live);
  expect(r.cameraReader.live, tag).toBe(r.cameraState.live);
}

const F32 = [0, 1, -1, 0.5, 128, 255, 256, -0.5, Number.NaN, Infinity, -Infinity, 3.5e38, 1e-45, 90, -90, 1000];

describe('RenderCommandQueue fuzzing through the real command application', () => {
  it(`${RECORDS} random, corrupt and well-formed records: never throws, malformed counted, state consistent (seed ${SEED})`, () => {
    const rand = rng(SEED);
    const r = rig();
    const int = (n: number): number => Math.floor(rand() * n);
    const anId = (capacity: number): number => {
      const k = rand();
      if (k < 0.7) return makeId(int(capacity + 2), 1 + int(3)); // mostly in range, a few past capacity, stale generations
      if (k < 0.8) return 0;
      return (int(2 ** 32) | 0);
    };
    const aFloat = (): number => (rand() < 0.6 ? F32[int(F32.length)]! : (rand() - 0.5) * 2000);
    const bytes = new Uint8Array(r.cmdBuf, CONTROL_BYTES, RING_BYTES);
    const f32 = r.ring.f32;
    const i32 = r.ring.i32;
    let malformedWritten = 0;
    let commandsWritten = 0;
    let frameEnds = 0;
    let tick = 0;
    const reserve = (type: number, len: number): number => {
      let off = r.ring.tryReserve(type, len);
      if (off < 0) {
        r.frame();
        off = r.ring.tryReserve(type, len);
      }
      expect(off, 'a drained ring takes the record').toBeGreaterThanOrEqual(0);
      return off;
    };
    for (let i = 0; i < RECORDS; i++) {
      const k = rand();
      if (k < 0.45) {
        // well-formed: a real opcode with its length and random field values (a game command or
        // FRAME_END; the recording's fact records come after them in the table)
        const op = 1 + int(GAME_MAX_OPCODE);
        const len = COMMAND_PAYLOAD_BYTES[op]!;
        const off = reserve(op, len);
        const q = off >> 2;
        for (let w = 0; w < len / 4; w++) f32[q + w] = aFloat();
        const capacity = op >= COMMAND_OPCODES.CREATE_CAMERA && op <= COMMAND_OPCODES.DESTROY_CAMERA ? CAMERA_CAPACITY : ENTITY_CAPACITY;
        i32[q] = op === COMMAND_OPCODES.FRAME_END ? ++tick : anId(capacity);
        if (op === COMMAND_OPCODES.CREATE_MESH) {
          i32[q + 1] = rand() < 0.5 ? 0 : 1 + int(1e6); // callback id
          i32[q + 2] = int(6) - 1; // mesh type -1..4
          if (rand() < 0.5) { f32[q + 7] = int(256); f32[q + 8] = int(256); f32[q + 9] = int(256); f32[q + 10] = 255; f32[q + 6] = rand() * 3; }
          if (rand() < 0.5) { f32[q + 3] = rand(); f32[q + 4] = rand(); f32[q + 5] = rand(); }
        } else if (op === COMMAND_OPCODES.CREATE_CAMERA) {
          i32[q + 1] = rand() < 0.5 ? 0 : 1 + int(1e6);
          i32[q + 8] = int(4) - 1; // camera type -1..2
        } else if (op === COMMAND_OPCODES.SET_ACTIVE_CAMERA || op === COMMAND_OPCODES.DESTROY_CAMERA) {
          i32[q + 1] = rand() < 0.5 ? 0 : 1 + int(1e6);
        } else if (op === COMMAND_OPCODES.UPDATE_CAMERA_TYPE) {
          i32[q + 1] = int(4) - 1;
          i32[q + 2] = rand() < 0.5 ? 0 : 1 + int(1e6);
        }
        r.ring.commit();
        if (op === COMMAND_OPCODES.FRAME_END) frameEnds++;
        else commandsWritten++;
      } else {
        // malformed: a real opcode with a wrong length, or any type with any length; random bytes
        let type: number;
        let len: number;
        if (k < 0.7) {
          type = 1 + int(MAX_COMMAND_OPCODE);
          do len = int(64); while (len === COMMAND_PAYLOAD_BYTES[type]);
        } else {
          type = rand() < 0.5 ? int(64) : int(0xffff);
          len = int(300);
        }
        const off = reserve(type, len);
        for (let b = 0; b < len; b++) bytes[off + b] = int(256);
        r.ring.commit();
        if (COMMAND_SPECS[type & 0xff]?.target === 'facts' && COMMAND_PAYLOAD_BYTES[type]! >= 0 && (COMMAND_PAYLOAD_BYTES[type] === len || ((type & 0xff) === COMMAND_OPCODES.CALLBACK_FACTS && len > COMMAND_PAYLOAD_BYTES[type]!))) {
          // a recording fact (in any API style, as the reader takes every record type by its low
          // byte): taken, neither applied nor refused nor malformed
        } else if ((type & 0xff) === COMMAND_OPCODES.FRAME_END && COMMAND_PAYLOAD_BYTES[type]! >= 0 && len === FRAME_END_FACTS_BYTES) {
          // well-formed by chance: a recording worker's FRAME_END carries its tick's facts (32 bytes)
          if (type === COMMAND_OPCODES.FRAME_END) frameEnds++;
          else commandsWritten++;
        } else if (COMMAND_PAYLOAD_BYTES[type] === len) {
          if (type === COMMAND_OPCODES.FRAME_END) frameEnds++;
          else commandsWritten++;
        } else {
          malformedWritten++;
        }
      }
      if ((i & 63) === 63) {
        r.ring.publish();
        r.frame();
      }
      if ((i & 4095) === 4095) expectConsistent(r, `after record ${i} (seed ${SEED})`);
    }
    r.ring.publish();
    r.frame();
    r.frame();
    expect(r.reader.ring.approximateSizeBytes).toBe(0);
    expect(r.applier.malformed).toBe(malformedWritten);
    expect(r.reader.malformedRecords).toBe(malformedWritten);
    expect(r.applier.applied + r.applier.rejected).toBe(commandsWritten);
    expect(r.applier.rejected).toBeGreaterThan(0);
    expect(r.applier.applied).toBeGreaterThan(0);
    expect(r.entities.created).toBeGreaterThan(0);
    expect(r.entities.destroyed).toBeGreaterThan(0);
    expect(r.hub.count('TF2001') + r.hub.count('TF2002')).toBe(malformedWritten);
    expect(frameEnds).toBeGreaterThan(0);
    expectConsistent(r, `at the end (seed ${SEED})`);
    // every callback settled: what the outbox accepted was delivered (nothing waits, nothing dropped)
    expect(r.outbox.waiting).toBe(0);
    expect(r.answers).toBe(r.outbox.accepted);
  });

  it(`bytes scribbled over published records (broken framing) reset the queue; later commands apply (seed ${SEED})`, () => {
    const rand = rng(SEED ^ 0x5bd1e995);
    const r = rig();
    const bytes = new Uint8Array(r.cmdBuf, CONTROL_BYTES, RING_BYTES);
    let created = 0;
    for (let round = 0; round < 500; round++) {
      // a few well-formed moves, published, then random bytes over the region the reader has not read
      for (let n = 0; n < 20; n++) {
        const off = r.ring.tryReserve(COMMAND_OPCODES.MOVE_BY, 16);
        if (off < 0) break;
        r.ring.i32[off >> 2] = makeId(0, 1);
        r.ring.commit();
      }
      r.ring.publish();
      for (let s = 0; s < 1 + Math.floor(rand() * 16); s++) bytes[Math.floor(rand() * RING_BYTES)] = Math.floor(rand() * 256);
      r.frame();
      // the queue still works: a creation written now is applied
      const id = makeId(1 + (round % (ENTITY_CAPACITY - 1)), 1 + Math.floor(round / (ENTITY_CAPACITY - 1)) % 2000);
      const live = r.entityState.live;
      if (r.entityState.slotOf(id) >= 0) continue;
      const off = r.ring.tryReserve(COMMAND_OPCODES.CREATE_MESH, 44);
      expect(off).toBeGreaterThanOrEqual(0);
      const q = off >> 2;
      r.ring.i32[q] = id; r.ring.i32[q + 1] = 0; r.ring.i32[q + 2] = 0;
      for (let w = 3; w < 11; w++) r.ring.f32[q + w] = 1;
      r.ring.commit();
      r.ring.publish();
      r.frame();
      if (r.entityState.live === live + 1) created++;
      // destroy it again so slots come back
      const d = r.ring.tryReserve(COMMAND_OPCODES.DESTROY_ENTITY, 4);
      r.ring.i32[d >> 2] = id;
      r.ring.commit();
      r.ring.publish();
      r.frame();
      expectConsistent(r, `round ${round} (seed ${SEED})`);
    }
    expect(r.applier.malformed).toBeGreaterThan(0);
    expect(created).toBeGreaterThan(400);
  });
});
