// Shared test data for the recording codec tests: a valid header and a small varied event list.
import type { RecordingEvent, RecordingHeader } from '../../src/protocol/recording.ts';
import { RECORDING_FORMAT_VERSION } from '../../src/protocol/recording.ts';

export function testHeader(over: Partial<RecordingHeader> = {}): RecordingHeader {
  return {
    formatVersion: RECORDING_FORMAT_VERSION, twinframeVersion: '0.1.0', bundleHash: 'ab'.repeat(32),
    host: 'twinframe', pacing: 'lockstep', logicHz: 60, seed: 1234, epochMs: 1_700_000_000_000,
    gameOptions: { level: 3, name: 'x', fast: true }, entityCapacity: 64, cameraCapacity: 4,
    gamePath: 'examples/spawner/game.ts', createdAt: '2026-12-03T12:00:00.000Z', kind: 'full', ...over,
  };
}

/** Deterministic bytes (a tiny LCG), so tests need no randomness of their own. */
export function bytesOf(n: number, seed: number): Uint8Array {
  const b = new Uint8Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    b[i] = s >>> 24;
  }
  return b;
}

/** `frames` engine frames with an incarnation start, a keyframe every 20 frames and a diagnostic every 7. */
export function smallEvents(frames: number): RecordingEvent[] {
  const out: RecordingEvent[] = [
    { kind: 'incarnation', frame: 0, incarnation: 1, reason: 'start' },
    { kind: 'bundle', frame: 0, incarnation: 1, hash: 'cd'.repeat(32), name: 'game-0123456789ab-0123456789abcdef0123.cjs', bytes: bytesOf(300, 99) },
  ];
  for (let f = 0; f < frames; f++) {
    if (f % 20 === 0) out.push({ kind: 'keyframe', frame: f, incarnation: 1, position: f * 3, entities: bytesOf(64 + 44 * 4, f), cameras: bytesOf(64 + 48, f + 1) });
    out.push({ kind: 'frame', frame: f, incarnation: 1, position: f * 3 + 3, stateHash: (f * 2654435761) >>> 0, records: bytesOf(f % 5 === 0 ? 0 : 16 + (f % 40), f + 7) });
    if (f % 7 === 3) out.push({ kind: 'diagnostic', frame: f, tick: f - 1, code: 'TF4001', severity: 'error', message: `entity ${f} not found — é ✓` });
  }
  return out;
}
