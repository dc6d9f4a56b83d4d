/**
 * What replay reads of a recording: recfile's model (src/protocol/recording.ts) and its state hash,
 * in one place for the replay modules.
 */
export type { BundleEvent, DecodedRecording, DiagnosticEvent, EngineFrameEvent, IncarnationEvent, KeyframeEvent, RecordingEvent, RecordingHeader } from '../protocol/recording.ts';
export { stateHashOfRecords } from '../protocol/state-hash.ts';
