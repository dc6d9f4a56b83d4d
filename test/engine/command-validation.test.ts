// The command table says how the engine validates each field (its kind) and which code a bad value
// gets (FIELD_KIND_CODES). This test holds the real EntitySystem and CameraSystem to it: for every
// command, every validated field and every API style, it sends the command with that one field bad
// (all others valid) through the real CommandWriter, CommandReader and systems, and expects one
// refusal with the table's code, counted once, whose message starts with the API name the table
// gives for that style; and the all-valid command is applied.
import { describe, expect, it } from 'vitest';
import { CommandOutcomes } from '../../src/engine/command-outcomes.ts';
import { EntitySystem } from '../../src/engine/entity-system.ts';
import { CameraSystem } from '../../src/engine/camera-system.ts';
import { AudioSystem } from '../../src/engine/audio-system.ts';
import { RecordingAudioSink } from '../../src/platform/audio-sink.ts';
import { CallbackOutbox } from '../../src/engine/callback-outbox.ts';
import { DiagnosticHub, type EngineDiagnostic } from '../../src/engine/diagnostic-hub.ts';
import { RenderResourceManager } from '../../src/engine/render-resource-manager.ts';
import { CommandWriter, createCommandQueueBuffer } from '../../src/protocol/command-writer.ts';
import { CommandReader } from '../../src/protocol/command-reader.ts';
import { API_STYLES, COMMAND_TABLE, FIELD_KIND_CODES, apiNameOf } from '../../src/protocol/command-table.ts';
import type { CommandFieldKind, CommandSpec } from '../../src/protocol/command-table.ts';
import { CallbackWriter, createCallbackQueueBuffer } from '../../src/protocol/callback-queue.ts';
import { ENTITY_SCHEMA, createEntityStateBuffer } from '../../src/protocol/entity-state.ts';
import { CAMERA_SCHEMA, createCameraStateBuffer } from '../../src/protocol/camera-state.ts';
import { makeId } from '../../src/protocol/entity-id.ts';
import { StateWriter } from '../../src/shared-memory/state-writer.ts';
import { RecordingRenderer } from '../../src/platform/recording-renderer.ts';
import { MemoryLogger } from '../../src/platform/logger.ts';

const ENTITY_CAPACITY = 16;
const CAMERA_CAPACITY = 8;
const LIVE_ENTITY = makeId(0, 1);
const LIVE_CAMERA = makeId(0, 1);
const LIVE_SOUND = 1;
const LIVE_PLAYBACK = 1;

function rig() {
  const entityState = new StateWriter(createEntityStateBuffer(ENTITY_CAPACITY), ENTITY_SCHEMA);
  const cameraState = new StateWriter(createCameraStateBuffer(CAMERA_CAPACITY), CAMERA_SCHEMA);
  const outbox = new CallbackOutbox(new CallbackWriter(createCallbackQueueBuffer(256)));
  const hub = new DiagnosticHub(new MemoryLogger());
  const diagnostics: EngineDiagnostic[] = [];
  hub.on((d) => diagnostics.push(d));
  const renderer = new RecordingRenderer();
  const outcomes = new CommandOutcomes(hub);
  const entities = new EntitySystem(entityState, new RenderResourceManager(ENTITY_CAPACITY), renderer, outbox, outcomes);
  const cameras = new CameraSystem(cameraState, renderer, outbox, outcomes);
  outcomes.attach(entities, cameras, outbox);
  outcomes.audio = new AudioSystem(new RecordingAudioSink(), outcomes, hub);
  outcomes.resetTick();
  const sab = createCommandQueueBuffer(1 << 14);
  const writer = new CommandWriter(sab);
  const reader = new CommandReader(sab);
  writer.createMesh(LIVE_ENTITY, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1);
  writer.createCamera(LIVE_CAMERA, 0, 0, 0, 0, 0, 0, 0, 0, 60, 0.1, 1000);
  writer.loadSound(LIVE_SOUND, 0, 4, 0, 0x61746144, 0, 0, 0, 0, 0, 0, 0); // "Data"
  writer.startSound(LIVE_PLAYBACK, LIVE_SOUND, 0, 1, 0, 1, 0, 0, 0, 0, 0);
  writer.flush();
  reader.drain(outcomes, 100);
  expect(outcomes.applied, 'the live entity, camera, sound and playback exist').toBe(4);
  outcomes.applied = 0;
  return { writer, reader, outcomes, diagnostics, outbox };
}

/** A valid value of each kind (ids: the live ones, or a free one for creations: refused creations create nothing). */
function valid(kind: CommandFieldKind): number {
  switch (kind) {
    case 'entityId': return LIVE_ENTITY;
    case 'cameraId': return LIVE_CAMERA;
    case 'newEntityId': case 'newCameraId': return makeId(1, 1);
    case 'colour': return 100;
    case 'fov': return 60;
    case 'near': return 0.1;
    case 'far': return 1000;
    case 'finite': case 'scale': return 1;
    case 'newSoundId': case 'soundId': return LIVE_SOUND;
    case 'playbackId': return LIVE_PLAYBACK;
    case 'newPlaybackId': return LIVE_PLAYBACK + 1;
    case 'volume': case 'speed': return 1;
    case 'pathLength': return 4;
    case 'listenerCount': return 2;
    default: return 0;
  }
}

/** A value of the right element type that the kind refuses. */
function bad(kind: CommandFieldKind): number {
  switch (kind) {
    case 'entityId': return makeId(9, 3); // never created
    case 'cameraId': return makeId(5, 3);
    case 'newEntityId': return makeId(ENTITY_CAPACITY + 1, 1); // beyond the capacity
    case 'newCameraId': return makeId(CAMERA_CAPACITY + 1, 1);
    case 'finite': return NaN;
    case 'scale': return -1;
    case 'colour': return 300;
    case 'fov': return 180;
    case 'near': return 0;
    case 'far': return 0.05; // below near
    case 'meshType': return 99;
    case 'cameraType': return 9;
    case 'newSoundId': return 5000; // above MAX_SOUNDS
    case 'soundId': return 7; // never loaded
    case 'newPlaybackId': return LIVE_PLAYBACK; // already used
    case 'playbackId': return 99; // never started
    case 'flag': return 2;
    case 'volume': return -1;
    case 'balance': return 1.5;
    case 'speed': return 0;
    case 'pathLength': return 2000;
    case 'pathOffset': return 5;
    case 'listenerCount': return 9; // above MAX_LISTENERS
    case 'listenerIndex': return 2; // not below the count 2
    default: throw new Error(`no bad value for ${kind}`);
  }
}

const STYLES = Object.values(API_STYLES);
const commands = (COMMAND_TABLE as readonly CommandSpec[]).filter((c) => c.target !== 'frame' && c.target !== 'facts');

describe('command validation follows the command table', () => {
  for (const spec of commands) {
    it(`${spec.name}: each validated field refuses a bad value with the table's code, naming the API of each style`, () => {
      const r = rig();
      const write = (r.writer as unknown as Record<string, (...a: number[]) => boolean>)[spec.method]!.bind(r.writer);
      for (const style of STYLES) {
        const api = apiNameOf(spec.opcode, style);
        for (let k = 0; k < spec.fields.length; k++) {
          const code = FIELD_KIND_CODES[spec.fields[k]!.kind];
          if (code === null) continue;
          const args = spec.fields.map((f) => valid(f.kind));
          args[k] = bad(spec.fields[k]!.kind);
          r.writer.apiStyle = style;
          write(...args);
          r.writer.flush();
          const before = { rejected: r.outcomes.rejected, applied: r.outcomes.applied, diagnostics: r.diagnostics.length };
          r.reader.drain(r.outcomes, 10);
          const what = `${spec.name}.${spec.fields[k]!.name} = ${args[k]} (style ${style})`;
          expect(r.outcomes.rejected - before.rejected, `${what}: refused once`).toBe(1);
          expect(r.outcomes.applied - before.applied, `${what}: not applied`).toBe(0);
          const reported = r.diagnostics.slice(before.diagnostics);
          expect(reported.map((d) => d.code), `${what}: one diagnostic with the table's code`).toEqual([code]);
          expect(reported[0]!.message.startsWith(`${api}: `), `${what}: names ${api}; got "${reported[0]!.message}"`).toBe(true);
        }
      }
      // The all-valid command is applied.
      const args = spec.fields.map((f) => valid(f.kind));
      write(...args);
      r.writer.flush();
      const applied = r.outcomes.applied;
      r.reader.drain(r.outcomes, 10);
      expect(r.outcomes.applied - applied, `${spec.name}: the all-valid command is applied`).toBe(1);
    });
  }
});
