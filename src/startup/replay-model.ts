/**
 * The recording model replay reads (REPLAY.md's block; `src/protocol/recording.ts` is the real one
 * once it lands: this file then only re-exports it).
 */
export const RECORDING_FORMAT_VERSION = 1;
export interface RecordingHeader {
  formatVersion: number; twinframeVersion: string; bundleHash: string;
  host: 'twinframe' | 'protogame'; pacing: 'lockstep' | 'free'; logicHz: number;
  seed: number; epochMs: number; gameOptions: Record<string, string | number | boolean>;
  entityCapacity: number; cameraCapacity: number; gamePath: string; createdAt: string;
  kind: 'full' | 'flight';
}
export interface EngineFrameEvent { kind: 'frame'; frame: number; incarnation: number; position: number; stateHash: number; records: Uint8Array }
export interface KeyframeEvent { kind: 'keyframe'; frame: number; incarnation: number; position: number; entities: Uint8Array; cameras: Uint8Array }
export interface IncarnationEvent { kind: 'incarnation'; frame: number; incarnation: number; reason: 'start' | 'restart' | 'reload' }
export interface DiagnosticEvent { kind: 'diagnostic'; frame: number; tick: number; code: string; severity: string; message: string }
export type RecordingEvent = EngineFrameEvent | KeyframeEvent | IncarnationEvent | DiagnosticEvent;

/** Placeholder of recfile's stateHash (FNV-1a over the live records' words); replaced by the real one at merge. */
export function stateHash(entities: { i32: Int32Array; high: number; strideWords: number; recordOffset(slot: number): number }, cameras: { i32: Int32Array; high: number; strideWords: number; recordOffset(slot: number): number }): number {
  let h = 0x811c9dc5;
  for (const s of [entities, cameras]) {
    for (let slot = 0; slot < s.high; slot++) {
      const o = s.recordOffset(slot);
      if (s.i32[o] === 0) continue;
      for (let k = 0; k < s.strideWords; k++) {
        h ^= s.i32[o + k]!;
        h = Math.imul(h, 0x01000193);
      }
    }
  }
  return h >>> 0;
}
