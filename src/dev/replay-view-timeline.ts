/**
 * ReplayTimeline: the viewer's model of a decoded recording. It indexes the recording once (every
 * engine frame with its logic tick, the keyframes, the restarts, the diagnostics) and moves a
 * KeyframeWorld to any frame: a scrub restores the last keyframe at or before the target (or
 * continues from the current frame when that is nearer) and applies the recorded frames up to it
 * through the engine's own command path. Renderer-agnostic: the browser viewer draws the world
 * with three.js, the tests and the scrub bench with the NullRenderer.
 *
 * The stream's order is the truth: a keyframe stands for the world at its place in the stream
 * (after the frame events before it), an incarnation event 'restart' empties the world at its
 * place (the engine's restart rule), a 'reload' keeps it (what the game's ctx.hot did is in the
 * frames that follow). For a flight recording (`kind: 'flight'`) the timeline starts at the first
 * keyframe: the frames before it apply to a world the window does not hold.
 */
import { COMMAND_OPCODES } from '../protocol/command-opcodes.ts';
import { OPCODE_MASK } from '../protocol/command-table.ts';
import type { BulkPositionsEvent, DebugDrawEvent, DecodedRecording, DiagnosticEvent, EngineFrameEvent, KeyframeEvent, RecordingHeader } from '../protocol/recording.ts';
import { RECORD_HEADER_BYTES, RECORD_TAG } from '../shared-memory/ring-layout.ts';
import type { KeyframeWorld } from '../engine/keyframe-world.ts';
import { describeRecord } from '../engine/replay-commands.ts';
import { forEachRecord } from '../protocol/logic-facts.ts';

const OP_FRAME = 0;
const OP_KEYFRAME = 1;
const OP_RESTART = 2;
const OP_BULK = 3;
const OP_DEBUG = 4;
const FRAME_END = COMMAND_OPCODES.FRAME_END;

/** What one seek did (for the overlay and the bench). */
export interface SeekResult {
  /** The frame index now shown. */
  index: number;
  /** The keyframe restored (its index in `keyframes`), or -1 when the seek continued or started from nothing. */
  restoredKeyframe: number;
  /** Recorded frames applied. */
  framesApplied: number;
}

function wordAt(u8: Uint8Array, byte: number): number {
  return u8[byte]! | (u8[byte + 1]! << 8) | (u8[byte + 2]! << 16) | (u8[byte + 3]! << 24);
}

/** The tick of the last FRAME_END record in `records`, or `fallback` when there is none. */
export function lastFrameEndTick(records: Uint8Array, fallback: number): number {
  let tick = fallback;
  let p = 0;
  while (records.byteLength - p >= RECORD_HEADER_BYTES) {
    const length = wordAt(records, p);
    const tagType = wordAt(records, p + 4);
    const next = p + RECORD_HEADER_BYTES + ((length + 7) & -8);
    if (tagType >>> 16 !== RECORD_TAG || length < 0 || next > records.byteLength) break;
    if ((tagType & OPCODE_MASK) === FRAME_END && (tagType & 0xffff) !== 0xffff && length >= 4) tick = wordAt(records, p + RECORD_HEADER_BYTES);
    p = next;
  }
  return tick;
}

/** A decoded recording indexed for seeking, driving one KeyframeWorld. */
export class ReplayTimeline {
  readonly header: RecordingHeader;
  /** The frames shown, in order (index 0..frameCount-1). */
  readonly frames: EngineFrameEvent[] = [];
  /** The logic tick after each frame (the last FRAME_END applied so far). */
  readonly ticks: Int32Array;
  readonly keyframes: KeyframeEvent[] = [];
  /** The engine-side events (format version 2): bulk positions and debug-draw sets, in stream order. */
  readonly bulks: BulkPositionsEvent[] = [];
  readonly debugSets: DebugDrawEvent[] = [];
  /** Where the file ended early (DecodedRecording.truncatedAt). */
  readonly truncatedAt: number | null;
  /** Frames whose world hash differed from the recorded one when shown (the viewer counts, it does not stop). */
  hashMismatches = 0;
  /** The frame index shown now, -1 before the first seek. */
  current = -1;
  private readonly diagnostics = new Map<number, DiagnosticEvent[]>();
  private readonly allDiagnostics: DiagnosticEvent[] = [];
  /** The ops in stream order: kind and the index into frames / keyframes. */
  private readonly opKind: Int8Array;
  private readonly opRef: Int32Array;
  /** Op index of each frame, of the last op that belongs to it (its bulk and debug events), and of each keyframe. */
  private readonly frameOp: Int32Array;
  private readonly frameLastOp: Int32Array;
  private readonly keyframeOp: Int32Array;
  /** For each frame, the last keyframe whose op precedes the frame's (-1 when none). */
  private readonly keyframeBefore: Int32Array;
  /** Op index the world is at now (-1: nothing applied). */
  private opAt = -1;

  constructor(recording: DecodedRecording, readonly world: KeyframeWorld) {
    this.header = recording.header;
    this.truncatedAt = recording.truncatedAt;
    const events = recording.events;
    let first = 0;
    if (recording.header.kind === 'flight') {
      const k = events.findIndex((e) => e.kind === 'keyframe');
      if (k > 0) first = k;
    }
    const kinds: number[] = [];
    const refs: number[] = [];
    // Each op: its kind and its index in the list of its events (push returns the new length).
    const op = (kind: number, ref: number): void => {
      kinds.push(kind);
      refs.push(ref);
    };
    for (let i = first; i < events.length; i++) {
      const e = events[i]!;
      if (e.kind === 'frame') op(OP_FRAME, this.frames.push(e) - 1);
      else if (e.kind === 'keyframe') op(OP_KEYFRAME, this.keyframes.push(e) - 1);
      else if (e.kind === 'incarnation') {
        if (e.reason === 'restart') op(OP_RESTART, -1);
      } else if (e.kind === 'bulk') op(OP_BULK, this.bulks.push(e) - 1);
      else if (e.kind === 'debug') op(OP_DEBUG, this.debugSets.push(e) - 1);
      else if (e.kind === 'diagnostic') {
        this.allDiagnostics.push(e);
        const list = this.diagnostics.get(e.frame);
        if (list === undefined) this.diagnostics.set(e.frame, [e]);
        else list.push(e);
      }
    }
    this.opKind = Int8Array.from(kinds);
    this.opRef = Int32Array.from(refs);
    this.frameOp = new Int32Array(this.frames.length);
    this.frameLastOp = new Int32Array(this.frames.length);
    this.keyframeOp = new Int32Array(this.keyframes.length);
    this.keyframeBefore = new Int32Array(this.frames.length);
    this.ticks = new Int32Array(this.frames.length);
    let lastKeyframe = -1;
    let tick = 0;
    for (let op = 0; op < kinds.length; op++) {
      const ref = refs[op]!;
      if (kinds[op] === OP_FRAME) {
        this.frameOp[ref] = op;
        // The frame's bulk positions and debug set follow it in the stream (the engine records them later in the frame).
        let last = op;
        while (last + 1 < kinds.length && (kinds[last + 1] === OP_BULK || kinds[last + 1] === OP_DEBUG)) last++;
        this.frameLastOp[ref] = last;
        this.keyframeBefore[ref] = lastKeyframe;
        tick = lastFrameEndTick(this.frames[ref]!.records, tick);
        this.ticks[ref] = tick;
      } else if (kinds[op] === OP_KEYFRAME) {
        this.keyframeOp[ref] = op;
        lastKeyframe = ref;
        tick = this.keyframeTick(this.keyframes[ref]!, tick);
      } else {
        tick = 0;
      }
    }
  }

  /** Frames in the timeline. */
  get frameCount(): number {
    return this.frames.length;
  }

  /** The first frame index whose tick is at least `tick` (the last frame when none is). */
  indexOfTick(tick: number): number {
    const t = this.ticks;
    let lo = 0;
    let hi = t.length - 1;
    // Ticks do not decrease except at a restart; the search finds the first one in the run it lands in.
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (t[mid]! >= tick) hi = mid;
      else lo = mid + 1;
    }
    return Math.max(0, lo);
  }

  /** Diagnostics recorded at the engine frame shown at `index`. */
  diagnosticsAt(index: number): readonly DiagnosticEvent[] {
    const f = this.frames[index];
    return f === undefined ? [] : (this.diagnostics.get(f.frame) ?? []);
  }

  /**
   * The audio commands of the frame shown at `index` (LOAD_SOUND .. SET_SOUND_POSITION: what the
   * engine played), each as its command-table name and fields. The viewer lists them; it plays none.
   */
  soundsAt(index: number): string[] {
    const f = this.frames[index];
    if (f === undefined) return [];
    const out: string[] = [];
    const r = f.records;
    const words = (r.byteOffset & 3) === 0 ? new Int32Array(r.buffer, r.byteOffset, r.byteLength >> 2) : new Int32Array(r.slice().buffer, 0, r.byteLength >> 2);
    forEachRecord(r, (op, type, payload) => {
      if (type !== 0xffff && op >= COMMAND_OPCODES.LOAD_SOUND && op <= COMMAND_OPCODES.SET_SOUND_POSITION) out.push(describeRecord(words, (payload - RECORD_HEADER_BYTES) >> 2));
    });
    return out;
  }

  /** The last `n` diagnostics recorded at or before the frame shown at `index`. */
  recentDiagnostics(index: number, n: number): DiagnosticEvent[] {
    const f = this.frames[index];
    if (f === undefined) return [];
    const out: DiagnosticEvent[] = [];
    for (let i = this.allDiagnostics.length - 1; i >= 0 && out.length < n; i--) {
      if (this.allDiagnostics[i]!.frame <= f.frame) out.push(this.allDiagnostics[i]!);
    }
    return out.reverse();
  }

  /**
   * Shows frame `index` (clamped to the timeline): the world becomes what the engine had after
   * that frame. From the current frame when it is at or before the target and no keyframe lies
   * between them, else from the last keyframe at or before the target (or from an empty world).
   */
  seek(index: number): SeekResult {
    const result: SeekResult = { index: -1, restoredKeyframe: -1, framesApplied: 0 };
    if (this.frames.length === 0) return result;
    const target = Math.max(0, Math.min(this.frames.length - 1, Math.floor(index)));
    const targetOp = this.frameLastOp[target]!;
    const k = this.keyframeBefore[target]!;
    const kOp = k >= 0 ? this.keyframeOp[k]! : -1;
    let op: number;
    if (this.opAt >= 0 && this.opAt <= targetOp && this.opAt >= kOp) {
      op = this.opAt + 1;
    } else if (k >= 0) {
      const kf = this.keyframes[k]!;
      this.world.restore(kf.entities, kf.cameras, kf.debug);
      result.restoredKeyframe = k;
      op = kOp + 1;
    } else {
      this.world.clear();
      op = 0;
    }
    for (; op <= targetOp; op++) {
      const kind = this.opKind[op]!;
      if (kind === OP_FRAME) {
        this.world.applyRecords(this.frames[this.opRef[op]!]!.records);
        result.framesApplied++;
      } else if (kind === OP_RESTART) {
        this.world.clear();
      } else if (kind === OP_BULK) {
        this.world.applyBulk(this.bulks[this.opRef[op]!]!.positions);
      } else if (kind === OP_DEBUG) {
        this.world.setDebug(this.debugSets[this.opRef[op]!]!.records);
      } else {
        // A keyframe passed on the way: the world already is that state.
      }
    }
    this.world.endFrame();
    this.opAt = targetOp;
    this.current = target;
    result.index = target;
    if (this.world.stateHash() !== this.frames[target]!.stateHash) this.hashMismatches++;
    return result;
  }

  /** Whether the world shown now hashes as the recording says it did. */
  get matchesRecordedHash(): boolean {
    const f = this.frames[this.current];
    return f !== undefined && this.world.stateHash() === f.stateHash;
  }

  private keyframeTick(kf: KeyframeEvent, fallback: number): number {
    // LOGIC_TICK is word 2 of the region header.
    return kf.entities.byteLength >= 12 ? wordAt(kf.entities, 8) : fallback;
  }
}
