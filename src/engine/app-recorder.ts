/**
 * The app's recorder (docs/replay.md): a full recording (the `record` option) or the flight
 * recorder (`flightRecorderSeconds` with a `flightRecorderSink`); either makes the worker write its
 * logic facts and run on seeded randomness and the recorded clock. Throws TF4100 when `record` is
 * asked for with a command ring too small for the facts.
 */
import { RECORDING_FORMAT_VERSION } from '../protocol/recording.ts';
import type { DiagnosticHub } from './diagnostic-hub.ts';
import type { ResolvedAppOptions } from './app-options.ts';
import { optionError } from './app-options.ts';
import { Recorder } from './recorder.ts';
import { openRecordingStream } from './recorder-stream.ts';
import { MIN_RECORDING_RING_BYTES } from '../protocol/command-writer.ts';
import { RUNTIME_CODES } from './error-codes.ts';

/** The recorder and what the logic host needs to know of it. */
export interface AppRecorder {
  readonly recorder: Recorder;
  /** The flight recorder runs (no full recording was asked for). */
  readonly flightOn: boolean;
  /** Anything records: the worker writes its logic facts. */
  readonly recording: boolean;
  /** The worker's seeded randomness and recorded clock, when anything records. */
  readonly deterministic: { readonly seed: number; readonly epochMs: number } | undefined;
  /** App.startRecording: validates (TF4100) and streams a recording to `sink` from now on. */
  readonly startRecording: (sink: (chunk: Uint8Array) => void | Promise<void>) => void;
}

/** Creates the recorder of an app with options `o`, reporting through `diagnostics`. */
export function createAppRecorder(o: ResolvedAppOptions, diagnostics: DiagnosticHub): AppRecorder {
  const now = (): number => o.clock.now();
  const ringFitsFacts = o.commandQueueBytes >= MIN_RECORDING_RING_BYTES;
  if (o.record !== undefined && !ringFitsFacts) throw optionError(`record needs commandQueueBytes >= ${MIN_RECORDING_RING_BYTES} (the logic's input facts are ${MIN_RECORDING_RING_BYTES / 4} bytes at most); got ${o.commandQueueBytes}. Leave commandQueueBytes out.`);
  const flightOn = o.record === undefined && o.flightRecorderSeconds > 0 && o.flightRecorderSink !== undefined && ringFitsFacts;
  const recording = o.record !== undefined || flightOn;
  // Set by the start-up wiring (the engine reads no wall clock); 0 for an app built without it.
  const epochMs = o.recordingInfo.epochMs ?? 0;
  const deterministic = recording ? { seed: o.seed, epochMs } : undefined;
  const sink = o.record;
  const flightSink = o.flightRecorderSink;
  const recorder = new Recorder({
    header: {
      formatVersion: RECORDING_FORMAT_VERSION, twinframeVersion: o.recordingInfo.twinframeVersion ?? '', bundleHash: o.recordingInfo.bundleHash ?? '',
      host: o.profile, pacing: o.pacing.mode, logicHz: o.pacing.mode === 'free' ? o.pacing.hz : 0, seed: o.seed, epochMs,
      gameOptions: { ...o.gameOptions }, entityCapacity: o.entityCapacity, cameraCapacity: o.cameraCapacity,
      gamePath: o.recordingInfo.gamePath ?? o.game,
    },
    now,
    createStream: sink === undefined ? undefined : (header) => openRecordingStream(header, sink),
    flightSeconds: flightOn ? o.flightRecorderSeconds : 0,
    flightMaxEntities: o.flightRecorderMaxEntities,
    writeFlight: flightSink === undefined ? undefined : async (bytes, header, why) => flightSink(bytes, `twinframe-flight-${header.createdAt.replace(/[:.]/g, '-')}-${why.code}-tick${why.tick}.tfrec`),
    yieldThen: (fn) => o.clock.yieldThen(fn),
    bundleOf: o.recordingInfo.bundleOf,
    report: (code, severity, message, tick) => diagnostics.report(code, severity, message, 'frame', tick),
    codes: { written: RUNTIME_CODES.FLIGHT_RECORDING_WRITTEN.code, failed: RUNTIME_CODES.RECORDING_FAILED.code, stopped: RUNTIME_CODES.FLIGHT_RECORDER_STOPPED.code },
  });
  if (recording) diagnostics.on((d) => recorder.onDiagnostic(d));
  const startRecording = (recordSink: (chunk: Uint8Array) => void | Promise<void>): void => {
    if (typeof recordSink !== 'function') throw optionError(`startRecording: sink must be a function receiving the recording's chunks; got ${typeof recordSink}.`);
    if (!flightOn) throw optionError(`startRecording: the flight recorder is off (flightRecorderSeconds ${o.flightRecorderSeconds}${o.record !== undefined ? ', or the record option records already' : ''}), so the logic writes no facts to record; got a recording asked for mid-run. Leave flightRecorderSeconds at its default, or pass record at creation.`);
    if (recorder.flightStoppedAt > 0) throw optionError(`startRecording: the flight recorder stopped at ${recorder.flightStoppedAt} live entities (flightRecorderMaxEntities ${o.flightRecorderMaxEntities}, TF4162), so the logic's facts are no longer kept; got a recording asked for after that. Raise flightRecorderMaxEntities, or pass record at creation.`);
    if (recorder.streaming) throw optionError('startRecording: a recording runs already; got a second one. Call stopRecording() first.');
    recorder.startStream((header) => openRecordingStream(header, recordSink));
  };
  return { recorder, flightOn, recording, deterministic, startRecording };
}
