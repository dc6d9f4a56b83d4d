/**
 * The engine-side recorder (issue 16, docs/replay.md): per engine frame, the raw ring records the
 * apply phase took from the command ring (game commands and the logic's fact records, in order:
 * the drain's tap), the position (game-command records of the incarnation so far) and a hash of
 * the published state; incarnation starts, restarts and reloads; keyframes of the published state
 * every KEYFRAME_INTERVAL_MS; diagnostics. All of it goes first into a RecorderLog (an arena, no
 * per-frame allocation), then to either or both of:
 * - a recording stream (App option `record` from the start, or `app.startRecording(sink)` at any
 *   time): each frame's new entries are handed to the encoder (allocation-free for frames), whose
 *   chunks go to the sink as they are sealed; a stream started mid-run begins with what the flight
 *   recorder holds (every fact of the running incarnation, so a replay starts at its first tick);
 * - the flight recorder (App option `flightRecorderSeconds`, default 30): the log keeps every fact
 *   of the current incarnation and the commands and keyframes of the last N seconds
 *   (RecorderLog.trim); on the first error of each code, a crash or a hang, the log is frozen
 *   (pinned, no copy) and encoded into one file between frames (recorder-flight-writer.ts), handed
 *   to the flight sink (a file next to the report in Node, a download in the browser), and TF4160
 *   names where it went (TF4161 why not). Files are encoded one at a time, in order.
 * Without the flight recorder, streamed entries leave the log at once.
 */
import type { RecordingEvent, RecordingHeader } from '../protocol/recording.ts';
import { stateHashOfRecords, type StateRecords } from '../protocol/state-hash.ts';
import type { CommandReader } from '../protocol/command-reader.ts';
import { INPUT_STATE_SLOTS } from '../protocol/input-state.ts';
import type { EngineDiagnostic } from './diagnostic-hub.ts';
import { RecorderLog } from './recorder-log.ts';
import type { KeyframeSource } from './recorder-entries.ts';
import { logEvents, streamEntries } from './recorder-log-events.ts';
import { EngineStateCapture, type BulkSource, type DebugSource } from './recorder-engine-state.ts';
import { FlightWriter } from './recorder-flight-writer.ts';
import { FlightTriggers } from './recorder-flight-trigger.ts';
import { FLIGHT_MAX_BYTES, KEYFRAME_INTERVAL_MS, TRIM_INTERVAL_MS, type FlightTrigger, type RecorderConfig, type RecordingStream } from './recorder-config.ts';

/** Records an app's run. Engine thread only. */
export class Recorder {
  readonly log = new RecorderLog();
  /** Bulk positions and debug-draw sets (what the command ring does not carry). */
  private readonly drawn = new EngineStateCapture();
  /** Encodes flight files off the engine frame. */
  readonly flightWriter: FlightWriter;
  /** Flight files written, write failures, frames recorded, chunks handed to the stream. */
  flightFiles = 0;
  failures = 0;
  frames = 0;
  /** Times the flight log's facts alone passed the byte bound and it started over. */
  flightOverflows = 0;
  /** Where the last flight recording went (TF4160's path or name). */
  lastFlightPath = '';
  private readonly config: RecorderConfig;
  private stream: RecordingStream | null = null;
  /** Log entries before this word offset were handed to the stream. */
  private streamedEnd = 0;
  /** The input state as of the entries streamed so far (to turn the log's INPUT_DELTA back into INPUT_FACTS). */
  private readonly streamInput = new Int32Array(INPUT_STATE_SLOTS);
  private readonly flight: boolean;
  private incarnation = 1;
  private openFrame = -1;
  private startedAt = 0;
  private lastKeyframeAt = -Infinity;
  private lastTrimAt = 0;
  private readonly triggers = new FlightTriggers();
  private readonly writes: Promise<unknown>[] = [];
  private stopped = false;
  /** The command reader whose drain copies into the log (its tap), so a stopped flight recorder can let go of it. */
  private reader: CommandReader | null = null;
  /** The flight recorder stopped because the world grew past flightMaxEntities (TF4162). */
  flightStoppedAt = 0;
  private frame = 0;
  /** Keyframe period: KEYFRAME_INTERVAL_MS, or half a short flight window (so the window always holds one). */
  private readonly keyframeMs: number;

  constructor(config: RecorderConfig) {
    this.config = config;
    this.flightWriter = new FlightWriter(config.yieldThen, (arena) => this.log.release(arena));
    this.flight = config.createStream === undefined && config.flightSeconds > 0 && config.writeFlight !== undefined;
    this.keyframeMs = this.flight ? Math.min(KEYFRAME_INTERVAL_MS, config.flightSeconds * 500) : KEYFRAME_INTERVAL_MS;
  }

  /** Whether anything records (a recording stream or the flight recorder). */
  get active(): boolean {
    return this.stream !== null || this.flight;
  }

  /** Whether a recording stream is open. */
  get streaming(): boolean {
    return this.stream !== null;
  }

  /** Whether the logic's facts flow (a stream can start mid-run only then). */
  get factsFlow(): boolean {
    return this.flight || this.config.createStream !== undefined;
  }

  /** Starts recording incarnation 1 (running the game at `gameUrl`) from `reader` (its drain's records are copied from now on). */
  start(reader: CommandReader | null, gameUrl = ''): void {
    this.startedAt = this.config.now();
    this.lastTrimAt = this.startedAt;
    if (this.config.createStream !== undefined) {
      this.stream = this.config.createStream(this.headerOf('full'));
    }
    if (!this.active) return;
    this.log.incarnation(0, 1, 0, 0);
    this.log.bundleOf(0, 1, gameUrl, this.config.bundleOf, 0);
    this.reader = reader;
    if (reader !== null) reader.tap = this.log;
  }

  /**
   * Opens a recording stream now (`app.startRecording`): it begins with what the log holds (the
   * flight recorder's: every fact of the running incarnation), then follows frame by frame. Only
   * while the flight recorder runs (else the logic writes no facts); one stream at a time.
   */
  startStream(create: (header: RecordingHeader) => RecordingStream): void {
    if (this.stream !== null || !this.flight || this.stopped) return;
    this.stream = create(this.headerOf('flight'));
    this.streamedEnd = 0;
    this.streamInput.fill(0);
  }

  /** Ends the stream started by startStream (or the `record` one): its last chunk and end marker; resolves when delivered. */
  async stopStream(): Promise<void> {
    const stream = this.stream;
    if (stream === null) return;
    this.flushNew(stream);
    this.stream = null;
    this.streamedEnd = 0;
    if (!this.flight) this.log.clear();
    await stream.finish().catch((e: unknown) => this.failed('the recording could not be finished', e));
  }

  /** A new incarnation started (restart or hot reload) running the game at `gameUrl`, reading from `reader`. */
  incarnationStarted(frame: number, incarnation: number, reason: 'restart' | 'reload', reader: CommandReader | null, gameUrl = ''): void {
    if (!this.active || this.stopped) return;
    this.incarnation = incarnation;
    // The flight recorder keeps only the incarnation that runs (a replay starts from its start);
    // a write the previous one asked for goes first.
    if (this.flight) {
      const p = this.triggers.take();
      if (p !== null) this.writeFlight(p);
      if (this.stream !== null) this.flushNew(this.stream);
      this.log.clear();
      this.streamedEnd = 0;
      this.streamInput.fill(0);
      this.log.bundleUrl = '';
    }
    this.log.incarnation(frame, incarnation, reason === 'restart' ? 1 : 2, this.elapsed());
    this.log.bundleOf(frame, incarnation, gameUrl, this.config.bundleOf, this.elapsed());
    if (reason === 'restart') this.drawn.clearDebug();
    this.lastKeyframeAt = -Infinity;
    this.reader = reader;
    if (reader !== null) reader.tap = this.log;
  }

  /** After the apply phase: closes frame `frame` (its records are in the log). */
  afterApply(frame: number): void {
    if (!this.active || this.stopped) return;
    this.frame = frame;
    this.openFrame = this.log.closeFrame(frame, this.incarnation, this.elapsed());
    this.frames++;
  }

  /** After the apply phase's bulk apply: the positions it applied (`publishes`: BulkTransformSync.publishes). */
  afterBulk(entities: BulkSource, publishes: number): void {
    if (!this.active || this.stopped) return;
    if (this.flight && this.stream === null && entities.live > (this.config.flightMaxEntities ?? Infinity)) {
      this.stopFlight(entities.live);
      return;
    }
    this.drawn.bulk(this.log, this.frame, this.incarnation, this.elapsed(), entities, publishes);
  }

  /** After the render phase's debug sync: a new debug-draw set (`sets`: DebugDrawSync.sets). */
  afterDebug(reader: DebugSource, sets: number): void {
    if (!this.active || this.stopped) return;
    this.drawn.debugSet(this.log, this.frame, this.incarnation, this.elapsed(), reader, sets);
  }

  /**
   * After the publish phase: the frame's state hash, a keyframe when due, then the mode's work
   * (flush to the stream / trim the window, a pending flight write). Allocation-free but for a
   * keyframe, a flush or a write.
   */
  afterPublish(entities: StateRecords & KeyframeSource, cameras: StateRecords & KeyframeSource, lastTick: number): void {
    if (!this.active || this.stopped || this.openFrame < 0) return;
    const log = this.log;
    log.setStateHash(this.openFrame, stateHashOfRecords(entities, cameras));
    this.openFrame = -1;
    const t = this.elapsed();
    if (t - this.lastKeyframeAt >= this.keyframeMs) {
      this.lastKeyframeAt = t;
      log.keyframe(this.frame, this.incarnation, lastTick, entities, cameras, this.drawn.debug, this.drawn.debugWords);
    }
    const stream = this.stream;
    if (stream !== null) {
      this.flushNew(stream);
      if (!this.flight) {
        log.clear();
        this.streamedEnd = 0;
        return;
      }
    }
    // A flight file being encoded holds the log as it was: trimming waits for it (a frame or a few).
    if (t - this.lastTrimAt >= TRIM_INTERVAL_MS && !log.pinned) {
      this.lastTrimAt = t;
      if (log.keepWindow(t, this.config.flightSeconds * 1000, this.config.flightMaxBytes ?? FLIGHT_MAX_BYTES, stream !== null)) this.flightOverflows++;
      // Everything was streamed before the trim (which only shrinks entries already handed over).
      if (stream !== null) this.streamedEnd = log.used;
    }
    const p = this.triggers.due(this.frame, lastTick);
    // Before the first tick there is nothing a replay could run.
    if (p !== null && (lastTick > 0 || p.tick > 0)) this.writeFlight(p);
  }

  /** Every diagnostic of the app: recorded, and the first error of each code triggers the flight recorder. */
  onDiagnostic(d: EngineDiagnostic): void {
    if (!this.active || this.stopped) return;
    if (d.code === this.config.codes.written) return;
    this.log.diagnostic(d.engineFrame, d.incarnation, d.tick, d.code, d.severity, d.message);
    if (!this.flight || (d.severity !== 'error' && d.severity !== 'fatal') || d.code === this.config.codes.failed) return;
    this.triggers.error(d.code, d.tick, this.frame);
  }

  /** Ends the recording: a pending flight write goes now, the full recording is flushed and finished. Resolves when all was delivered. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    const p = this.triggers.take();
    if (p !== null) this.writeFlight(p);
    this.writes.push(this.stopStream());
    this.stopped = true;
    this.flightWriter.hurry();
    await Promise.all(this.writes);
  }

  /**
   * Stops the flight recorder for good: hashing, copying and keyframing a world of `live` entities
   * every frame costs more than a crash file is worth by default (docs/replay.md). Reported once.
   */
  private stopFlight(live: number): void {
    this.stopped = true;
    this.flightStoppedAt = live;
    this.triggers.take();
    if (this.reader !== null && this.reader.tap === this.log) this.reader.tap = null;
    this.reader = null;
    this.log.clear();
    const max = this.config.flightMaxEntities ?? Infinity;
    this.config.report(this.config.codes.stopped, 'warning', `Recorder: the flight recorder stopped; got ${live} live entities, more than flightRecorderMaxEntities ${max}. Hashing and keeping a world this large every frame would slow every engine frame. Raise flightRecorderMaxEntities to keep it on, or record on purpose with --record / the record option.`, -1);
  }

  private elapsed(): number {
    return this.config.now() - this.startedAt;
  }

  private headerOf(kind: 'full' | 'flight'): RecordingHeader {
    return { ...this.config.header, kind, createdAt: new Date().toISOString() };
  }

  private failed(what: string, e: unknown): void {
    this.failures++;
    this.config.report(this.config.codes.failed, 'error', `Recorder: ${what}; got ${e instanceof Error ? e.message : String(e)}. The run goes on without it; check the path or sink you gave.`, -1);
  }

  /**
   * Freezes the log as it is (a pin, no copy) and queues its flight file: encoded between frames,
   * then handed to the sink. Allocates a little (error path); the encoding runs outside the frame.
   */
  private writeFlight(p: FlightTrigger): void {
    const write = this.config.writeFlight;
    if (write === undefined) return;
    const header = this.headerOf('flight');
    const reason = { code: p.code, tick: p.tick };
    this.writes.push(this.flightWriter.write(this.log.pin(), header).then((bytes) => write(bytes, header, reason)).then((path) => {
      this.flightFiles++;
      this.lastFlightPath = path;
      this.config.report(this.config.codes.written, 'info', `Recorder: flight recording of the last ${this.config.flightSeconds} s written to ${path} (after ${p.code} at tick ${p.tick}); replay it with: twinframe replay ${path}`, p.tick);
    }, (e: unknown) => this.failed('the flight recording could not be written', e)));
  }

  /** Hands the log's entries not streamed yet to `stream` (frames without an event object; no closure per call). */
  private flushNew(stream: RecordingStream): void {
    const end = this.log.closedEnd;
    const from = this.streamedEnd;
    this.streamedEnd = end;
    try {
      streamEntries(this.log, from, end, stream, this.streamInput);
    } catch (e) {
      // The encoder refused an event: the recording ends here (reported), the run goes on.
      if (this.stream === stream) this.stream = null;
      this.failed('the recording was ended: an event could not be encoded', e);
    }
  }

  /** The log as events (copies). Allocates; flight writes and tests. */
  events(): RecordingEvent[] {
    return logEvents(this.log, new Int32Array(INPUT_STATE_SLOTS));
  }
}
