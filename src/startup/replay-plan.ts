/**
 * What a replay does, read out of a decoded recording (docs/replay.md): per incarnation of the
 * logic, its recorded engine frames (position, state hash, whether their command records are all
 * there) and its logic ticks with the facts each one consumed (raw dt, the snapshot it read, its
 * input, its callbacks), plus the game commands each tick wrote (to compare a replayed tick's
 * commands with). Built once before a replay starts; allocates freely.
 *
 * A tick's records arrive in ring order: its game commands, then its facts (INPUT_FACTS when the
 * input changed, one CALLBACK_FACTS per callback delivered), then its FRAME_END carrying the tick's
 * own facts (format version 4; versions 1 to 3 have a TICK_FACTS record before the other facts and
 * a one-word FRAME_END: both are read). A flight recording keeps every fact of an incarnation but the game commands of its
 * last seconds only: a frame whose game commands are missing is marked incomplete, and commands
 * are compared only where the recording has them.
 */
import { COMMAND_OPCODES } from '../protocol/command-opcodes.ts';
import { INPUT_STATE_SLOTS } from '../protocol/input-state.ts';
import { OPCODE_MASK } from '../protocol/command-table.ts';
import { isFrameEnd, isGameCommand, recordType, recordWords } from '../engine/replay-commands.ts';
import { RECORD_HEADER_BYTES, RECORD_LENGTH_WORD } from '../shared-memory/ring-layout.ts';
import { FRAME_END_FACTS_BYTES } from '../protocol/logic-facts.ts';
import type { BundleEvent, DiagnosticEvent, EngineFrameEvent, KeyframeEvent, RecordingEvent } from './replay-model.ts';

const { TICK_FACTS, INPUT_FACTS, CALLBACK_FACTS } = COMMAND_OPCODES;
const HEADER_WORDS = RECORD_HEADER_BYTES >> 2;

/** One recorded logic tick and what it consumed. */
export interface PlannedTick {
  readonly tick: number;
  /** Raw dt in seconds, as the worker measured it. */
  readonly rawDt: number;
  /** ENGINE_FRAME_WORD of the entity and camera snapshots the tick read. */
  readonly entityFrame: number;
  readonly cameraFrame: number;
  /** Callback records delivered to the tick (from its FRAME_END's facts, or TICK_FACTS). */
  readonly callbackCount: number;
  /** The whole input state the tick read when it changed since the previous tick, else null (unchanged). */
  input: Int32Array | null;
  /** Raw CallbackQueue payloads delivered to the tick, in order. */
  readonly callbacks: Uint8Array[];
  /** Position (game commands of the incarnation) before this tick's first command and after its last. */
  commandsFrom: number;
  commandsTo: number;
}

/** One recorded engine frame of an incarnation. */
export interface PlannedFrame {
  readonly frame: number;
  /** Game-command records applied in this incarnation after the frame. */
  readonly position: number;
  /** FRAME_END records applied in this incarnation after the frame (a flight recording keeps them in old frames too). */
  readonly frameEnds: number;
  readonly stateHash: number;
  /** Whether every game command the frame applied is in the recording (a flight recording drops old ones). */
  readonly complete: boolean;
}

/** One incarnation (worker) of the logic. */
export interface PlannedIncarnation {
  readonly incarnation: number;
  readonly reason: 'start' | 'restart' | 'reload';
  /** The engine frame at which it started. */
  readonly startFrame: number;
  readonly frames: PlannedFrame[];
  readonly ticks: PlannedTick[];
  /** The recorded game-command records, ring-framed, concatenated (words). */
  commands: Int32Array;
  /** Word offset in `commands` of the record at each position, -1 where the recording lacks it. */
  commandAt: Int32Array;
  readonly diagnostics: DiagnosticEvent[];
  readonly keyframes: KeyframeEvent[];
  /** The input state the worker's input reader attached with (its first tick's edges are differences with it); null when unknown. */
  readonly attachInput: Int32Array | null;
  /** The game bundle it ran (the last bundle event at or before it: a watched run); null: the game file's. */
  readonly bundle: BundleEvent | null;
}

/** A recording, ready to replay. */
export interface ReplayPlan {
  readonly incarnations: PlannedIncarnation[];
  /** Every engine frame event in order (the recorded world is rebuilt from them and the keyframes). */
  readonly frames: EngineFrameEvent[];
  readonly keyframes: KeyframeEvent[];
  /** The bulk positions (format 2's `bulk` event) the engine applied after a frame's records, by that frame's event. */
  readonly bulkAfter: Map<EngineFrameEvent, Uint8Array>;
  /** Logic ticks over every incarnation. */
  readonly tickCount: number;
  /** Recorded seconds (sum of the ticks' raw dts). */
  readonly seconds: number;
}

/** An Int32Array over `bytes` (copied when not 4-byte aligned). */
export function wordsOf(bytes: Uint8Array): Int32Array {
  if ((bytes.byteOffset & 3) === 0) return new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2);
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Int32Array(copy.buffer, 0, copy.byteLength >> 2);
}

class IncarnationBuilder {
  readonly frames: PlannedFrame[] = [];
  readonly ticks: PlannedTick[] = [];
  readonly diagnostics: DiagnosticEvent[] = [];
  readonly keyframes: KeyframeEvent[] = [];
  private commandWords: number[] = [];
  private readonly commandAt: number[] = [];
  private position = 0;
  private frameEnds = 0;
  private open: PlannedTick | null = null;
  private pendingInput: Int32Array | null = null;
  private pendingCallbacks: Uint8Array[] = [];
  /** Position where the next tick's commands start. */
  private tickStart = 0;
  attachInput: Int32Array | null = null;
  bundle: BundleEvent | null = null;

  constructor(readonly incarnation: number, readonly reason: 'start' | 'restart' | 'reload', readonly startFrame: number) {}

  addFrame(e: EngineFrameEvent): void {
    const words = wordsOf(e.records);
    const before = this.position;
    let count = 0;
    for (let q = 0; q + HEADER_WORDS <= words.length; q += recordWords(words, q)) if (isGameCommand(recordType(words, q))) count++;
    // A flight recording keeps the facts of old frames but not their game commands: positions
    // inside such a frame are unknown (-1), and so are its ticks' command ranges.
    const complete = before + count === e.position;
    let commands = 0;
    for (let q = 0; q + HEADER_WORDS <= words.length; q += recordWords(words, q)) {
      const type = recordType(words, q);
      if (isGameCommand(type)) {
        commands++;
        this.commandAt.push(this.commandWords.length);
        for (let i = 0, n = recordWords(words, q); i < n; i++) this.commandWords.push(words[q + i]!);
      } else if (isFrameEnd(type)) {
        this.frameEnds++;
        const at = complete ? before + commands : -1;
        if (words[q + RECORD_LENGTH_WORD] === FRAME_END_FACTS_BYTES) this.openTick(words, q + HEADER_WORDS, at);
        if (this.open !== null) {
          this.open.commandsTo = at;
          this.open = null;
        }
        this.tickStart = at;
      } else {
        this.fact(words, q, type, complete ? before + commands : -1);
      }
    }
    if (!complete) {
      for (let k = before + commands; k < e.position; k++) this.commandAt.push(-1);
      // The commands the frame has are not at known positions either.
      for (let k = before; k < before + commands; k++) this.commandAt[k] = -1;
      this.commandAt.length = Math.max(e.position, before);
    }
    this.position = Math.max(e.position, before);
    if (!complete) this.tickStart = -1;
    this.frames.push({ frame: e.frame, position: e.position, frameEnds: this.frameEnds, stateHash: e.stateHash >>> 0, complete });
  }

  private fact(words: Int32Array, q: number, type: number, position: number): void {
    const op = type & OPCODE_MASK;
    const p = q + HEADER_WORDS;
    if (op === TICK_FACTS) {
      // Versions 1 to 3: [rawDt f64][tick][entityFrame][cameraFrame][callbacks][incarnation].
      this.pushTick(words[p + 2]!, words[p]!, words[p + 1]!, words[p + 3]!, words[p + 4]!, words[p + 5]!, position);
    } else if (op === INPUT_FACTS) {
      const input = words.slice(p, p + INPUT_STATE_SLOTS);
      // A worker's first tick carries two: the state its input reader attached with, then its own
      // (after the tick's TICK_FACTS in versions 1 to 3, before its FRAME_END from version 4 on).
      if (this.open !== null && this.open.input !== null && this.ticks.length === 1) this.attachInput = this.open.input;
      if (this.open === null && this.pendingInput !== null && this.ticks.length === 0) this.attachInput = this.pendingInput;
      if (this.open !== null) this.open.input = input;
      else this.pendingInput = input;
    } else if (op === CALLBACK_FACTS) {
      const len = words[q + RECORD_LENGTH_WORD]!;
      const bytes = new Uint8Array(words.buffer, words.byteOffset + p * 4, len).slice();
      if (this.open !== null) this.open.callbacks.push(bytes);
      else this.pendingCallbacks.push(bytes);
    }
  }

  /** A version-4 FRAME_END's facts at word `p`: [tick][0][rawDt f64][entityFrame][cameraFrame][callbacks][incarnation]; the tick's facts so far are its own. */
  private openTick(words: Int32Array, p: number, position: number): void {
    this.pushTick(words[p]!, words[p + 2]!, words[p + 3]!, words[p + 4]!, words[p + 5]!, words[p + 6]!, position);
  }

  /** Starts planned tick `tick` (raw dt as the two words of its f64) with the input and callbacks pending; it is the open tick until its FRAME_END. */
  private pushTick(tick: number, dtLo: number, dtHi: number, entityFrame: number, cameraFrame: number, callbackCount: number, position: number): void {
    const rawDt = new Float64Array(new Int32Array([dtLo, dtHi]).buffer)[0]!;
    const t: PlannedTick = {
      tick, rawDt, entityFrame, cameraFrame, callbackCount,
      input: this.pendingInput, callbacks: this.pendingCallbacks, commandsFrom: this.tickStart, commandsTo: position,
    };
    this.pendingInput = null;
    this.pendingCallbacks = [];
    this.ticks.push(t);
    this.open = t;
  }

  build(): PlannedIncarnation {
    return {
      incarnation: this.incarnation, reason: this.reason, startFrame: this.startFrame,
      frames: this.frames, ticks: this.ticks, commands: Int32Array.from(this.commandWords), commandAt: Int32Array.from(this.commandAt),
      diagnostics: this.diagnostics, keyframes: this.keyframes, attachInput: this.attachInput, bundle: this.bundle,
    };
  }
}

/** Reads a decoded recording's events into a replay plan. */
export function planReplay(events: readonly RecordingEvent[]): ReplayPlan {
  const builders = new Map<number, IncarnationBuilder>();
  const frames: EngineFrameEvent[] = [];
  const keyframes: KeyframeEvent[] = [];
  const bulkAfter = new Map<EngineFrameEvent, Uint8Array>();
  const builder = (incarnation: number, frame: number, reason: 'start' | 'restart' | 'reload' = incarnation === 1 ? 'start' : 'restart'): IncarnationBuilder => {
    let b = builders.get(incarnation);
    if (b === undefined) {
      b = new IncarnationBuilder(incarnation, reason, frame);
      builders.set(incarnation, b);
    }
    return b;
  };
  for (const e of events) {
    if (e.kind === 'incarnation') builder(e.incarnation, e.frame, e.reason);
    else if (e.kind === 'frame') {
      frames.push(e);
      builder(e.incarnation, e.frame).addFrame(e);
    } else if (e.kind === 'keyframe') {
      keyframes.push(e);
      builder(e.incarnation, e.frame).keyframes.push(e);
    } else if (e.kind === 'bulk') {
      // It follows its frame's event (the engine records it later in the same frame).
      const f = frames.at(-1);
      if (f !== undefined && f.frame === e.frame && f.incarnation === e.incarnation) bulkAfter.set(f, e.positions);
    } else if (e.kind === 'bundle') {
      builder(e.incarnation, e.frame).bundle = e;
    } else if (e.kind === 'diagnostic') {
      // A diagnostic belongs to the incarnation current at its frame: the last one started at or before it.
      let target: IncarnationBuilder | undefined;
      for (const b of builders.values()) if (b.startFrame <= e.frame && (target === undefined || b.startFrame >= target.startFrame)) target = b;
      (target ?? builder(1, e.frame)).diagnostics.push(e);
    }
  }
  const sorted = [...builders.values()].sort((a, b) => a.incarnation - b.incarnation);
  // An incarnation without a bundle event of its own ran the code of the one before (a restart).
  for (let i = 1; i < sorted.length; i++) sorted[i]!.bundle ??= sorted[i - 1]!.bundle;
  const incarnations = sorted.map((b) => b.build());
  let tickCount = 0;
  let seconds = 0;
  for (const inc of incarnations) {
    tickCount += inc.ticks.length;
    for (const t of inc.ticks) seconds += t.rawDt;
  }
  return { incarnations, frames, keyframes, bulkAfter, tickCount, seconds };
}
