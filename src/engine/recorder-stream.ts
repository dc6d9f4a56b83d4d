/**
 * The recorder's two ways out, over the recording codec (protocol/recording-encoder.ts): a full
 * recording streamed to a chunk sink as it is encoded (the App option `record`, startRecording,
 * and each flight file: recorder-flight-writer.ts). The sink may be slow (a file, a network): its
 * writes are chained in order and `finish()` resolves once the last one did.
 */
import { RecordingEncoder } from '../protocol/recording-encoder.ts';
import type { RecordingEvent, RecordingHeader } from '../protocol/recording.ts';
import type { RecordingStream } from './recorder-config.ts';
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { RUNTIME_CODES } from './error-codes.ts';

/** A RecordingStream writing `header`'s recording to `sink`, chunk by chunk, in file order (the preamble first). */
export function openRecordingStream(header: RecordingHeader, sink: (chunk: Uint8Array) => void | Promise<void>): RecordingStream {
  let writes: Promise<void> = Promise.resolve();
  let failure: unknown = undefined;
  const write = (chunk: Uint8Array): void => {
    writes = writes.then(async () => {
      if (failure !== undefined) return;
      try {
        await sink(chunk);
      } catch (e) {
        failure = e;
      }
    });
  };
  const encoder = new RecordingEncoder(header, { onChunk: write });
  write(encoder.preamble);
  return {
    frame(frame, incarnation, position, stateHash, records, start, end): void {
      encoder.addFrame(frame, incarnation, position, stateHash, records, start, end);
    },
    bytes(kind, frame, incarnation, bytes, start, end): void {
      encoder.addBytes(kind, frame, incarnation, bytes, start, end);
    },
    event(e: RecordingEvent): void {
      encoder.add(e);
    },
    async finish(): Promise<void> {
      await encoder.finish();
      await writes;
      if (failure !== undefined) {
        throw new TwinframeError(RUNTIME_CODES.RECORDING_FAILED.code, `Recorder.finish: the recording sink failed; got ${failure instanceof Error ? failure.message : String(failure)}. Give a writable file or a sink that does not throw.`);
      }
    },
  };
}
