/**
 * The recorder log (recorder-log.ts) read back as a recording: entry by entry into the recording
 * stream (frames, bulk and debug entries without an event object: the per-frame path), or as
 * RecordingEvents (copies; the flight recorder's file and tests).
 */
import type { KeyframeEvent, RecordingEvent } from '../protocol/recording.ts';
import { decodeUtf8 } from '../protocol/string-codec.ts';
import {
  ENTRY_BULK, ENTRY_BUNDLE, ENTRY_DEBUG, ENTRY_DIAGNOSTIC, ENTRY_FRAME, ENTRY_HEADER_WORDS, ENTRY_INCARNATION, ENTRY_KEYFRAME, INCARNATION_REASONS,
} from './recorder-entries.ts';
import { expandFrame } from './recorder-window.ts';
import type { RecorderLog } from './recorder-log.ts';

/** Entries to read: a log's arena as words and bytes (a RecorderLog, or a frozen LogSnapshot of one). */
export interface LogArena {
  readonly i32: Int32Array;
  readonly u8: Uint8Array;
}
import type { RecordingStream } from './recorder-config.ts';

/**
 * Hands the log's entries from word `from` to word `to` (entry starts) to `stream`, in order; a
 * frame's INPUT_DELTA records become INPUT_FACTS again (`state`: the input as of the entries
 * handed over before). Allocates only for a frame with a delta or a rare event.
 */
export function streamEntries(log: LogArena, from: number, to: number, stream: RecordingStream, state: Int32Array): void {
  let at = from;
  while (at < to) {
    const i = log.i32;
    const kind = i[at]!;
    const start = (at + ENTRY_HEADER_WORDS) * 4;
    if (kind === ENTRY_FRAME) {
      const expanded = expandFrame(log, at, state);
      if (expanded === null) stream.frame(i[at + 2]!, i[at + 3]!, i[at + 4]!, i[at + 5]! >>> 0, log.u8, start, start + i[at + 6]!);
      else stream.frame(i[at + 2]!, i[at + 3]!, i[at + 4]!, i[at + 5]! >>> 0, expanded, 0, expanded.byteLength);
    } else if (kind === ENTRY_BULK || kind === ENTRY_DEBUG) {
      stream.bytes(kind === ENTRY_BULK ? 'bulk' : 'debug', i[at + 2]!, i[at + 3]!, log.u8, start, start + i[at + 6]!);
    } else {
      stream.event(eventAt(log, at, state));
    }
    at += i[at + 1]!;
  }
}

/** The log as events (copies). Allocates; flight writes and tests. */
export function logEvents(log: RecorderLog, state: Int32Array): RecordingEvent[] {
  const out: RecordingEvent[] = [];
  log.forEachEntry(0, (at) => { out.push(eventAt(log, at, state)); });
  return out;
}

/**
 * The entry at word `at` of `log` as a RecordingEvent (copies its bytes; a frame's INPUT_DELTA
 * records become INPUT_FACTS again, `state` being the input as of the entries before, in order).
 * Allocates.
 */
export function eventAt(log: LogArena, at: number, state: Int32Array): RecordingEvent {
  const i = log.i32;
  const u8 = log.u8;
  const kind = i[at]!;
  const frame = i[at + 2]!;
  const incarnation = i[at + 3]!;
  const start = (at + ENTRY_HEADER_WORDS) * 4;
  const payloadEnd = start + i[at + 6]!;
  switch (kind) {
    case ENTRY_FRAME:
      return { kind: 'frame', frame, incarnation, position: i[at + 4]!, stateHash: i[at + 5]! >>> 0, records: expandFrame(log, at, state) ?? u8.slice(start, payloadEnd) };
    case ENTRY_KEYFRAME: {
      const eb = start + i[at + 5]!;
      const cb = eb + i[at + 7]!;
      const keyframe: KeyframeEvent = { kind: 'keyframe', frame, incarnation, position: i[at + 4]!, entities: u8.slice(start, eb), cameras: u8.slice(eb, cb) };
      if (payloadEnd > cb) keyframe.debug = u8.slice(cb, payloadEnd);
      return keyframe;
    }
    case ENTRY_INCARNATION:
      return { kind: 'incarnation', frame, incarnation, reason: INCARNATION_REASONS[i[at + 4]!] ?? 'start' };
    case ENTRY_DIAGNOSTIC: {
      const cb = i[at + 5]!;
      const sb = i[at + 7]!;
      return {
        kind: 'diagnostic', frame, tick: i[at + 4]!,
        code: decodeUtf8(u8, start, cb), severity: decodeUtf8(u8, start + cb, sb), message: decodeUtf8(u8, start + cb + sb, i[at + 6]! - cb - sb),
      };
    }
    case ENTRY_BULK:
      return { kind: 'bulk', frame, incarnation, positions: u8.slice(start, payloadEnd) };
    case ENTRY_BUNDLE: {
      const hb = i[at + 4]!;
      const nb = i[at + 5]!;
      return { kind: 'bundle', frame, incarnation, hash: decodeUtf8(u8, start, hb), name: decodeUtf8(u8, start + hb, nb), bytes: u8.slice(start + hb + nb, payloadEnd) };
    }
    case ENTRY_DEBUG:
      return { kind: 'debug', frame, incarnation, records: u8.slice(start, payloadEnd) };
    default:
      return { kind: 'diagnostic', frame, tick: -1, code: '', severity: 'error', message: `recorder log entry of unknown kind ${kind}` };
  }
}
