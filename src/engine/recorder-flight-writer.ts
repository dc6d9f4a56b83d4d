/**
 * The flight recorder's file encoder (recorder.ts, docs/replay.md "Crashes and hangs"), off the
 * engine frame: at an error the recorder only pins the log (RecorderLog.pin: no copy) and queues
 * the snapshot here; the entries are encoded into the recording codec in slices of
 * FLIGHT_SLICE_BYTES, one slice per event-loop task (the clock's yieldThen: between engine frames,
 * never inside one), each chunk compressed by the platform's asynchronous CompressionStream; the
 * finished file's bytes come out of the promise `write` returned. Files are encoded one at a time
 * and come out in the order they were queued (a second error's file waits for the first); each
 * snapshot is released as soon as its entries were read, before its compression ends.
 */
import type { RecordingHeader } from '../protocol/recording.ts';
import { INPUT_STATE_SLOTS } from '../protocol/input-state.ts';
import { concatBytes } from '../protocol/recording-compression.ts';
import type { RecordingStream } from './recorder-config.ts';
import type { LogSnapshot } from './recorder-entries.ts';
import { streamEntries } from './recorder-log-events.ts';
import { openRecordingStream } from './recorder-stream.ts';

/** Log bytes encoded per event-loop task (about a millisecond of work on a warm engine thread). */
export const FLIGHT_SLICE_BYTES = 64 * 1024;

/** One queued file. */
interface FlightJob {
  readonly snapshot: LogSnapshot;
  readonly header: RecordingHeader;
  /** The next entry to encode (word offset). */
  at: number;
  /** The input state as of the entries encoded so far (INPUT_DELTA back to INPUT_FACTS). */
  readonly input: Int32Array;
  /** Opened by the first slice (the header's encoding too stays out of the frame). */
  stream: RecordingStream | null;
  readonly parts: Uint8Array[];
  readonly resolve: (bytes: Uint8Array) => void;
  readonly reject: (e: unknown) => void;
}

/** Encodes frozen log snapshots into flight files between frames. Engine thread only. */
export class FlightWriter {
  private readonly queue: FlightJob[] = [];
  private scheduled = false;
  /** Settles once the file queued last was handed out: each file waits for the one before (files come out in order). */
  private delivered: Promise<void> = Promise.resolve();
  /** Slices run so far (each one event-loop task; tests read it). */
  slices = 0;

  /**
   * @param yieldThen the clock's: runs a function from a fresh event-loop task.
   * @param release called with a snapshot's arena once its entries were read.
   */
  constructor(private readonly yieldThen: (fn: () => void) => void, private readonly release: (arena: Int32Array) => void) {}

  /** Files queued whose entries are not all encoded yet. */
  get queued(): number {
    return this.queue.length;
  }

  /** Queues the file of `snapshot` under `header`; resolves with its bytes, rejects when an entry cannot be encoded. */
  write(snapshot: LogSnapshot, header: RecordingHeader): Promise<Uint8Array> {
    return new Promise<Uint8Array>((resolve, reject) => {
      this.queue.push({ snapshot, header, at: 0, input: new Int32Array(INPUT_STATE_SLOTS), stream: null, parts: [], resolve, reject });
      this.schedule();
    });
  }

  /** Encodes every queued entry now (the app stops: no frame is left to yield between). */
  hurry(): void {
    while (this.queue.length > 0) this.slice();
  }

  private readonly step = (): void => {
    this.scheduled = false;
    this.slice();
    if (this.queue.length > 0) this.schedule();
  };

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.yieldThen(this.step);
  }

  /** Encodes the next FLIGHT_SLICE_BYTES (whole entries, at least one) of the first queued file. */
  private slice(): void {
    const job = this.queue[0];
    if (job === undefined) return;
    this.slices++;
    const { i32, end } = job.snapshot;
    const limit = job.at + (FLIGHT_SLICE_BYTES >> 2);
    let to = job.at;
    while (to < end && (to === job.at || to < limit)) to += i32[to + 1]!;
    let stream = job.stream;
    try {
      if (stream === null) stream = job.stream = openRecordingStream(job.header, (chunk) => { job.parts.push(chunk); });
      streamEntries(job.snapshot, job.at, to, stream, job.input);
    } catch (e) {
      this.done(job);
      job.reject(e);
      return;
    }
    job.at = to;
    if (to < end) return;
    this.done(job);
    const bytes = stream.finish().then(() => concatBytes(job.parts));
    // A small file's compression may end before a larger one's queued before it: it waits.
    this.delivered = this.delivered.then(() => bytes).then(job.resolve, job.reject);
  }

  private done(job: FlightJob): void {
    this.queue.shift();
    this.release(job.snapshot.i32);
  }
}
