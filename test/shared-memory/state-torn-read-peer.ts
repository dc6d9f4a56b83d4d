// Both ends of the StateBuffer torn-read stress test (state-torn-read.test.ts). Every field of an
// entity record derives from one counter `c` (the engine frame that last wrote the record) and the
// record's id, so a record copied half before and half after a change, or mixed with another
// record, or a snapshot changing while the logic reads it, shows as an inconsistent record. The
// engine end runs on the main thread, the logic end in a worker (state-torn-read.worker.ts).
import { PUBLISH_STATUS, RECORD_STATUS, StateWriter } from '../../src/shared-memory/state-writer.ts';
import { StateReader } from '../../src/shared-memory/state-reader.ts';
import {
  ENTITY_SCHEMA, E_COLOR, E_FLAGS, E_ID, E_MESH, E_PITCH, E_ROLL, E_SCALE, E_X, E_Y, E_YAW, E_Z,
} from '../../src/protocol/entity-state.ts';
import { idIndex, makeId, nextGeneration } from '../../src/protocol/entity-id.ts';

/** Control words (Int32Array over a small SharedArrayBuffer). */
export const CTRL_STATE = 0;
export const STATE_STARTING = 0;
export const STATE_READY = 1;
export const STATE_STOP = 2;
/** Control word: snapshots the reader has checked so far (the engine runs on until there are enough). */
export const CTRL_SNAPSHOTS = 1;
export const CTRL_WORDS = 4;

/** logicTick the engine stamps for a frame (the reader checks the pair). */
export function tickOf(frame: number): number {
  return (frame * 2 + 1) | 0;
}

/** Writes every field of the record at word offset `o` from the counter `c` and the id. */
export function writeRecord(w: StateWriter, o: number, id: number, c: number): void {
  const f = w.f32;
  const u = w.u32;
  f[o + E_X] = c;
  f[o + E_Y] = c + 1;
  f[o + E_Z] = c + 2;
  f[o + E_YAW] = -c;
  f[o + E_PITCH] = c * 0.5;
  f[o + E_ROLL] = (c & 0xffff) + 0.25;
  u[o + E_COLOR] = (Math.imul(c, 0x9e3779b1) ^ id) >>> 0;
  f[o + E_SCALE] = (c & 1023) + 0.5;
  u[o + E_MESH] = (c ^ id) >>> 0;
  u[o + E_FLAGS] = (c & 3) | (id & 0xff) << 8;
}

/**
 * 0 when the record at `o` (holding `id`) is consistent with its own counter and was written no
 * later than `frame`; otherwise the number of the first bad word (1..10) or 11 for a counter out of
 * range.
 */
export function checkRecord(r: StateReader, o: number, id: number, frame: number): number {
  const f = r.f32;
  const u = r.u32;
  const c = f[o + E_X]!;
  if (!(c >= 1 && c <= frame && Math.floor(c) === c)) return 11;
  if (f[o + E_Y] !== c + 1) return E_Y;
  if (f[o + E_Z] !== c + 2) return E_Z;
  if (f[o + E_YAW] !== -c) return E_YAW;
  if (f[o + E_PITCH] !== c * 0.5) return E_PITCH;
  if (f[o + E_ROLL] !== (c & 0xffff) + 0.25) return E_ROLL;
  if (u[o + E_COLOR] !== (Math.imul(c, 0x9e3779b1) ^ id) >>> 0) return E_COLOR;
  if (f[o + E_SCALE] !== (c & 1023) + 0.5) return E_SCALE;
  if (u[o + E_MESH] !== (c ^ id) >>> 0) return E_MESH;
  if (u[o + E_FLAGS] !== ((c & 3) | (id & 0xff) << 8)) return E_FLAGS;
  return 0;
}

export interface EngineOptions {
  readonly capacity: number;
  /** Records created before the first publish. */
  readonly initial: number;
  /** Run for at least this long. */
  readonly ms: number;
  readonly seed: number;
  /** The control words shared with the reader (its snapshot count is read from CTRL_SNAPSHOTS). */
  readonly ctrl: Int32Array;
  /**
   * After `ms`, keep publishing (pausing 1 ms between frames, so a starved reader gets the CPU)
   * until the reader has checked this many snapshots or `maxMs` has passed, whichever is first.
   * On a loaded machine a fixed time can leave the reader a few dozen snapshots.
   */
  readonly minSnapshots: number;
  readonly maxMs: number;
}

export interface EngineResult {
  readonly frames: number;
  readonly fullCopies: number;
  readonly catchUps: number;
  readonly failed: number;
  readonly creates: number;
  readonly destroys: number;
  readonly recordsWritten: number;
  readonly unexpectedStatus: number;
}

export interface ReaderResult {
  readonly snapshots: number;
  readonly records: number;
  readonly freeSlots: number;
  /** Live records whose fields disagree with their counter. */
  readonly inconsistent: number;
  /** Free slots (id 0) with any non-zero word. */
  readonly dirtyFree: number;
  /** Snapshots whose stamp is wrong: seq or frame not increasing, tick not matching, the newest record not from this frame, LIVE not the live count, or the header changing during the scan. */
  readonly stampErrors: number;
  readonly lastFrame: number;
  /** The first few problems, described. */
  readonly problems: readonly string[];
}

/**
 * Engine end: publishes continuously for `ms`. Each frame destroys and creates a few records,
 * rewrites a random subset (sometimes most of them, so both publish paths run) with the frame
 * number as counter, sometimes injects a publish fault, and publishes stamped (frame, tickOf(frame)).
 */
export function runEngine(sab: SharedArrayBuffer, o: EngineOptions): EngineResult {
  const w = new StateWriter(sab, ENTITY_SCHEMA);
  let x = o.seed >>> 0 || 1;
  const rnd = (n: number): number => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x % n;
  };
  const cap = o.capacity;
  const generation = new Int32Array(cap);
  // live ids in a dense array with positions, so a random live record is O(1) to pick and remove
  const live = new Int32Array(cap);
  const pos = new Int32Array(cap).fill(-1);
  let nLive = 0;
  let frame = 0;
  let creates = 0;
  let destroys = 0;
  let written = 0;
  let fullCopies = 0;
  let catchUps = 0;
  let failed = 0;
  let unexpected = 0;
  const create = (slot: number): void => {
    const g = nextGeneration(generation[slot]!);
    const id = makeId(slot, g);
    if (w.create(id) !== RECORD_STATUS.OK) {
      unexpected++;
      return;
    }
    generation[slot] = g;
    writeRecord(w, w.recordOffset(slot), id, frame);
    live[nLive] = id;
    pos[slot] = nLive++;
    creates++;
  };
  const destroyAt = (k: number): void => {
    const id = live[k]!;
    if (w.destroy(id) !== RECORD_STATUS.OK) unexpected++;
    const last = live[--nLive]!;
    live[k] = last;
    pos[idIndex(last)] = k;
    pos[idIndex(id)] = -1;
    destroys++;
  };

  frame = 1;
  while (nLive < o.initial) {
    const slot = rnd(cap);
    if (pos[slot] === -1) create(slot);
  }
  const t0 = performance.now();
  let t = t0;
  let lastFailed = false;
  // ORDERING: observe — the reader's progress count only decides when to stop; no data rides on it.
  const enough = (): boolean => Atomics.load(o.ctrl, CTRL_SNAPSHOTS) >= o.minSnapshots;
  for (; t - t0 < o.ms || (t - t0 < o.maxMs && !enough()); frame++) {
    if (t - t0 >= o.ms) {
      // extra time for a starved reader: leave it the CPU for up to 1 ms per frame
      // ORDERING: observe — a timed sleep on the reader's count; no data rides on it.
      Atomics.wait(o.ctrl, CTRL_SNAPSHOTS, Atomics.load(o.ctrl, CTRL_SNAPSHOTS), 1);
      t = performance.now();
    }
    if (frame > 1) {
      // destroy a few and create as many, half of them in the slot just freed (destroy + create of
      // one slot in one frame, the next generation), so the live count stays at `initial`
      const n = rnd(4);
      for (let i = 0; i < n; i++) {
        const k = rnd(nLive);
        const freed = idIndex(live[k]!);
        destroyAt(k);
        let slot = freed;
        if (rnd(2) === 0) while (pos[slot] !== -1 || slot === freed) slot = rnd(cap);
        create(slot);
      }
      // mostly small dirty subsets (catch-up), now and then most records (full copy)
      const roll = rnd(100);
      const d = roll === 0 ? nLive : roll < 3 ? rnd(nLive) + 1 : rnd(64) + 1;
      for (let i = 0; i < d; i++) {
        const id = live[rnd(nLive)]!;
        const slot = idIndex(id);
        writeRecord(w, w.recordOffset(slot), id, frame);
        w.markDirty(id);
        written++;
      }
      if (rnd(500) === 0) w.injectPublishFault();
    }
    const status = w.publish(frame, tickOf(frame));
    lastFailed = status === PUBLISH_STATUS.FAILED_EXCEPTION;
    if (status === PUBLISH_STATUS.FAILED_EXCEPTION) failed++;
    else if (status !== PUBLISH_STATUS.OK) unexpected++;
    else if (w.lastWasFull) fullCopies++;
    else catchUps++;
    // vary the pace: sometimes the reader gets every publish, sometimes it misses many
    if ((frame & 7) === 0) t = performance.now();
    if (rnd(8) === 0) {
      const until = performance.now() + rnd(50) / 1000;
      while (performance.now() < until);
      t = performance.now();
    }
  }
  if (lastFailed) {
    // A fault injected into the last frame left it unpublished (1 run in 500): publish one more
    // frame, so the reader's last snapshot is always the engine's last frame. It rewrites one live
    // record as every frame does: the reader checks that a snapshot's newest record is its frame's.
    const id = live[rnd(nLive)]!;
    writeRecord(w, w.recordOffset(idIndex(id)), id, frame);
    w.markDirty(id);
    written++;
    if (w.publish(frame, tickOf(frame)) !== PUBLISH_STATUS.OK) unexpected++;
    frame++;
  }
  return { frames: frame - 1, fullCopies, catchUps, failed, creates, destroys, recordsWritten: written, unexpectedStatus: unexpected };
}

/**
 * Logic end: refreshes in a loop until the engine says stop, and checks every slot of every
 * snapshot it takes: live records against their counter, free slots all zero, and the stamp.
 */
export function runReader(sab: SharedArrayBuffer, ctrl: Int32Array): ReaderResult {
  const r = new StateReader(sab, ENTITY_SCHEMA);
  const stride = r.strideWords;
  const problems: string[] = [];
  let snapshots = 0;
  let records = 0;
  let freeSlots = 0;
  let inconsistent = 0;
  let dirtyFree = 0;
  let stampErrors = 0;
  let lastSeq = 0;
  let lastFrame = 0;
  const note = (s: string): void => {
    if (problems.length < 8) problems.push(s);
  };
  // ORDERING: observe — the engine waits for this before its first publish; no data rides on it.
  Atomics.store(ctrl, CTRL_STATE, STATE_READY);
  let stopping = false;
  for (;;) {
    if (!r.refresh()) {
      if (stopping) break;
      // ORDERING: observe — the stop flag only ends the loop; one more refresh follows it.
      if (Atomics.load(ctrl, CTRL_STATE) === STATE_STOP) stopping = true;
      continue;
    }
    snapshots++;
    // ORDERING: observe — progress for the engine's stop condition; no data rides on it.
    Atomics.store(ctrl, CTRL_SNAPSHOTS, snapshots);
    const seq = r.seq;
    const frame = r.engineFrame;
    const tick = r.logicTick;
    const high = r.high;
    if (seq <= lastSeq || frame <= lastFrame || tick !== tickOf(frame) || seq !== frame) {
      stampErrors++;
      note(`snapshot ${snapshots}: seq ${seq} (last ${lastSeq}), frame ${frame} (last ${lastFrame}), tick ${tick} (expected ${tickOf(frame)})`);
    }
    lastSeq = seq;
    lastFrame = frame;
    let n = 0;
    let newest = 0;
    for (let slot = 0; slot < high; slot++) {
      const o = r.recordOffset(slot);
      const id = r.i32[o + E_ID]!;
      if (id === 0) {
        freeSlots++;
        for (let k = 1; k < stride; k++) {
          if (r.i32[o + k] !== 0) {
            dirtyFree++;
            note(`frame ${frame}: free slot ${slot} has word ${k} = ${r.i32[o + k]}`);
            break;
          }
        }
        continue;
      }
      n++;
      records++;
      if (idIndex(id) !== slot) {
        inconsistent++;
        note(`frame ${frame}: slot ${slot} holds id ${id} of slot ${idIndex(id)}`);
        continue;
      }
      const bad = checkRecord(r, o, id, frame);
      if (bad !== 0) {
        inconsistent++;
        note(`frame ${frame}: record ${id} (slot ${slot}) word ${bad}: ${Array.from(r.i32.subarray(o, o + stride)).join(',')} (x = ${r.f32[o + E_X]})`);
        continue;
      }
      const c = r.f32[o + E_X]!;
      if (c > newest) newest = c;
    }
    // the frame's own writes are in the snapshot (every frame rewrites at least one live record),
    // LIVE counts what is there, and nothing in the header moved while we read
    if (newest !== frame || n !== r.live || r.seq !== seq || r.engineFrame !== frame || r.high !== high) {
      stampErrors++;
      note(`frame ${frame}: newest record from frame ${newest}, ${n} live (header ${r.live}), header now seq ${r.seq} frame ${r.engineFrame} high ${r.high}`);
    }
  }
  return { snapshots, records, freeSlots, inconsistent, dirtyFree, stampErrors, lastFrame, problems };
}
