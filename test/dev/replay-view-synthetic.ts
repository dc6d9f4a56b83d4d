// A synthetic recording for the viewer's tests and the scrub bench, made the way the recorder
// makes one: a scripted "logic" writes each tick's commands with the real CommandWriter into a
// real command ring; the records are read back raw (framed as in the ring) as the frame's bytes; a
// reference engine world (KeyframeWorld, applying every frame in order) gives each frame's state
// hash and the keyframes. A plain model of the script (`modelAt`) says independently what the
// world holds after any frame.
import { CommandWriter, createCommandQueueBuffer } from '../../src/protocol/command-writer.ts';
import { RingReader } from '../../src/shared-memory/ring-reader.ts';
import { RECORD_HEADER_BYTES, RECORD_TAG } from '../../src/shared-memory/ring-layout.ts';
import { makeId } from '../../src/protocol/entity-id.ts';
import { MESH_TYPES } from '../../src/protocol/mesh-types.ts';
import { RECORDING_FORMAT_VERSION, type RecordingEvent, type RecordingHeader } from '../../src/protocol/recording.ts';
import { KeyframeWorld } from '../../src/engine/keyframe-world.ts';
import { NullRenderer } from '../../src/platform/null-renderer.ts';

export interface SyntheticOptions {
  /** Engine frames (one logic tick each). */
  readonly frames: number;
  /** Entities the script keeps alive (created one per tick at the start). */
  readonly entities: number;
  /** A keyframe after every this many frames. */
  readonly keyframeEvery: number;
  /** Frame index before which the logic restarts (an incarnation 'restart'), if any. */
  readonly restartAt?: number;
  readonly entityCapacity?: number;
}

export interface Synthetic {
  readonly header: RecordingHeader;
  readonly events: RecordingEvent[];
  /** What the world holds after frame `index` (0-based among frame events): entity id -> position. */
  modelAt(index: number): Map<number, [number, number, number]>;
  /** The logic tick after frame `index`. */
  tickAt(index: number): number;
}

export const CAMERA_ID = makeId(1, 1);

/** The scripted logic: what it does at `tick` (1-based within its incarnation). */
function script(tick: number, n: number, live: Map<number, [number, number, number]>, gen: Int32Array, w: CommandWriter | null): void {
  if (tick === 1) {
    w?.createCamera(CAMERA_ID, 0, -30, 0, 12, 0, 0, 0, 0, 60, 0.1, 1000);
    w?.cameraLookAt(CAMERA_ID, 0, 0, 0);
  }
  if (tick <= n) {
    const k = tick - 1;
    const id = makeId(k + 1, gen[k]!);
    live.set(id, [0, 0, 0]);
    w?.createMesh(id, 0, k % 2, 0, 0, 0, 0.5, 40 + (k * 13) % 200, 120, 200, 255);
  }
  // Every 50 ticks one entity goes away for 5 ticks and comes back with a new generation.
  if (tick > n && tick % 50 === 25) {
    const k = Math.floor(tick / 50) % n;
    const id = makeId(k + 1, gen[k]!);
    live.delete(id);
    w?.destroyEntity(id);
  }
  if (tick > n && tick % 50 === 30) {
    const k = Math.floor(tick / 50) % n;
    gen[k] = gen[k]! + 1;
    const id = makeId(k + 1, gen[k]!);
    live.set(id, [0, 0, 0]);
    w?.createMesh(id, 0, k % 2, 0, 0, 0, 0.5, 40 + (k * 13) % 200, 120, 200, 255);
  }
  for (const [id, pos] of live) {
    const k = (id & 0xfffff) - 1;
    const a = tick * 0.05 + k;
    const x = Math.fround(Math.cos(a) * (5 + (k % 7)));
    const y = Math.fround(Math.sin(a) * (5 + (k % 7)));
    const z = Math.fround(k * 0.1);
    pos[0] = x; pos[1] = y; pos[2] = z;
    w?.updatePosition(id, x, y, z);
  }
  w?.frameEnd(tick);
}

function freshGenerations(n: number): Int32Array {
  return new Int32Array(n).fill(1);
}

/** Reads every published record of `reader`'s ring, framed as in the ring, into one array. */
function takeRaw(reader: RingReader): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const type = reader.take();
    if (type < 0) break;
    const len = reader.length;
    const rec = new Uint8Array(RECORD_HEADER_BYTES + ((len + 7) & -8));
    const v = new DataView(rec.buffer);
    v.setInt32(0, len, true);
    v.setInt32(4, (RECORD_TAG << 16) | type, true);
    rec.set(reader.u8.subarray(reader.offset, reader.offset + len), RECORD_HEADER_BYTES);
    parts.push(rec);
    total += rec.byteLength;
  }
  reader.flush();
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

export function syntheticHeader(options: SyntheticOptions): RecordingHeader {
  return {
    formatVersion: RECORDING_FORMAT_VERSION, twinframeVersion: '0.1.0', bundleHash: '', host: 'twinframe', pacing: 'lockstep',
    logicHz: 60, seed: 7, epochMs: 0, gameOptions: {}, entityCapacity: options.entityCapacity ?? 1024, cameraCapacity: 8,
    gamePath: 'synthetic', createdAt: '2026-12-03T13:00:00.000Z', kind: 'full',
  };
}

/** Makes the recording (see the file comment). */
export function syntheticRecording(options: SyntheticOptions): Synthetic {
  const header = syntheticHeader(options);
  const n = options.entities;
  const ring = createCommandQueueBuffer(1 << 20);
  const writer = new CommandWriter(ring);
  const reader = new RingReader(ring);
  const reference = new KeyframeWorld({ renderer: new NullRenderer(), entityCapacity: header.entityCapacity, cameraCapacity: header.cameraCapacity });
  const events: RecordingEvent[] = [{ kind: 'incarnation', frame: 0, incarnation: 1, reason: 'start' }];
  let live = new Map<number, [number, number, number]>();
  let gen = freshGenerations(n);
  let incarnation = 1;
  let tick = 0;
  let position = 0;
  const ticks: number[] = [];
  const restartAt = options.restartAt ?? -1;
  for (let i = 0; i < options.frames; i++) {
    const frame = i + 1;
    if (i === restartAt) {
      incarnation++;
      tick = 0;
      position = 0;
      live = new Map();
      gen = freshGenerations(n);
      reference.clear();
      events.push({ kind: 'incarnation', frame, incarnation, reason: 'restart' });
      events.push({ kind: 'diagnostic', frame, tick: -1, code: 'TF4110', severity: 'error', message: 'the logic restarted (synthetic)' });
    }
    tick++;
    script(tick, n, live, gen, writer);
    writer.flush();
    const records = takeRaw(reader);
    const applied = { commands: 0, skipped: 0, malformedBytes: 0 };
    reference.applyRecords(records, 0, records.byteLength, applied);
    reference.endFrame();
    position += applied.commands;
    events.push({ kind: 'frame', frame, incarnation, position, stateHash: reference.stateHash(), records });
    if (tick % 40 === 7) events.push({ kind: 'diagnostic', frame, tick, code: 'TF4001', severity: 'error', message: `synthetic diagnostic at tick ${tick}` });
    if ((i + 1) % options.keyframeEvery === 0) {
      const kf = reference.capture();
      events.push({ kind: 'keyframe', frame, incarnation, position, entities: kf.entities, cameras: kf.cameras });
    }
    ticks.push(tick);
  }
  return {
    header,
    events,
    tickAt: (index) => ticks[index]!,
    modelAt(index) {
      let m = new Map<number, [number, number, number]>();
      let g = freshGenerations(n);
      let t = 0;
      for (let i = 0; i <= index; i++) {
        if (i === restartAt) {
          m = new Map();
          g = freshGenerations(n);
          t = 0;
        }
        t++;
        script(t, n, m, g, null);
      }
      return m;
    },
  };
}

export { MESH_TYPES };
